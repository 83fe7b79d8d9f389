"""The services behind one origin, a path prefix per service, with simulated time and contracts.

``LoopbackRouter`` is a plain handler (``httpx.Request`` -> ``httpx.Response``) for the loopback
server. Its paths:

- ``/<service>/<contract path>``: the service, exactly as in-process (auth, the contract's
  routes, the fault ``intercept`` called with ``<service>.<operationId>``);
- ``GET /openapi/<service>.json``: the service's bundled OpenAPI document, its ``servers`` set
  to the service's base URL (no key needed);
- ``GET /_sim/clock``: simulated seconds, ISO time, epoch and speed; ``POST
  /_sim/advance?seconds=N``: run the world forward by N simulated seconds; ``GET /_sim/faults``:
  the faults met so far (all three need the bearer key).

``Pacer`` ties simulated time to wall time: simulated now = where it started + wall seconds ×
``speed`` (caught up before every request and by a periodic tick); with ``speed`` 0 only
``advance`` (or whoever owns the clock, such as the harness) moves it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Collection, Mapping
from typing import Any, Protocol

import httpx

from contracts.bundle import bundled_openapi
from simulator.http.app import ServiceApp, json_response
from simulator.http.faults import FaultLog
from simulator.http.transport import Intercept

__all__ = ["LoopbackRouter", "Pacer", "SimTime"]


class SimTime(Protocol):
    """The clock the server moves and reads (``SimClock`` is one)."""

    def now(self) -> float:
        """Simulated seconds since the epoch."""
        ...

    def sleep(self, seconds: float) -> None:
        """Run the world forward by ``seconds``."""
        ...

    def iso(self, t: float | None = None) -> str:
        """ISO-8601 of simulated second ``t`` (default: now)."""
        ...


class Pacer:
    """Simulated time following wall time × ``speed``; ``speed`` 0: moved by hand only."""

    def __init__(
        self, clock: SimTime, *, speed: float, wall: Callable[[], float] = time.monotonic
    ) -> None:
        if not math.isfinite(speed) or speed < 0:
            raise ValueError(f"Expected a speed >= 0, got speed={speed!r}.")
        self.clock = clock
        self.speed = speed
        self._wall = wall
        self._wall0 = wall()
        self._sim0 = clock.now()

    def catch_up(self) -> None:
        """Run the world up to where wall time says it should be (nothing when ``speed`` is 0)."""
        if self.speed > 0:
            target = self._sim0 + (self._wall() - self._wall0) * self.speed
            behind = target - self.clock.now()
            if behind > 0:
                self.clock.sleep(behind)

    def advance(self, seconds: float) -> None:
        """Run the world forward by ``seconds`` now (and keep following wall time from there)."""
        self.clock.sleep(seconds)
        self._sim0 += seconds

    def state(self) -> dict[str, Any]:
        """What ``GET /_sim/clock`` answers."""
        now = self.clock.now()
        return {
            "seconds": now,
            "time": self.clock.iso(now),
            "epoch": self.clock.iso(0.0),
            "speed": self.speed,
        }


def _error(status: int, code: str, message: str, request: httpx.Request) -> httpx.Response:
    return json_response(status, {"error": code, "message": message}, request)


class LoopbackRouter:
    """One origin for all services: ``/<service>/...``, ``/openapi/...`` and ``/_sim/...``."""

    def __init__(
        self,
        apps: Mapping[str, ServiceApp],
        *,
        pacer: Pacer,
        api_keys: Collection[str],
        intercept: Intercept | None = None,
        faults: FaultLog | None = None,
    ) -> None:
        self.apps = dict(apps)
        self.pacer = pacer
        self.api_keys = frozenset(api_keys)
        self.intercept = intercept
        self.faults = faults

    def base_urls(self, origin: str) -> dict[str, str]:
        """Service name -> base URL under ``origin`` (``http://127.0.0.1:8770``)."""
        return {name: f"{origin.rstrip('/')}/{name}" for name in self.apps}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        """Answer one request."""
        raw = request.url.raw_path.split(b"?", 1)[0].decode("ascii", "replace")
        head, _, rest = raw.lstrip("/").partition("/")
        app = self.apps.get(head)
        if app is not None:
            return self._service(app, request, "/" + rest)
        if head == "_sim":
            return self._admin(rest, request)
        if head == "openapi":
            return self._openapi(rest, request)
        names = ", ".join(f"/{n}" for n in self.apps)
        return _error(404, "not_found", f"No service at {raw}; the services are {names}.", request)

    def _service(self, app: ServiceApp, request: httpx.Request, path: str) -> httpx.Response:
        self.pacer.catch_up()
        query = request.url.query
        inner = httpx.Request(
            request.method,
            request.url.copy_with(raw_path=path.encode() + (b"?" + query if query else b"")),
            headers=request.headers,
            content=request.content,
            extensions=request.extensions,
        )
        found = app.resolve(request.method, path)
        if found is None:
            return app(inner)
        route = found[0]
        if self.intercept is None:
            return app.dispatch(route, inner)
        return self.intercept(route.name, inner, lambda r: app.dispatch(route, r))

    def _openapi(self, rest: str, request: httpx.Request) -> httpx.Response:
        name = rest.removesuffix(".json")
        if request.method != "GET" or not rest.endswith(".json") or name not in self.apps:
            return _error(404, "not_found", f"No contract at /openapi/{rest}.", request)
        document = bundled_openapi(name, self.apps[name].profile)
        origin = f"{request.url.scheme}://{request.url.netloc.decode('ascii')}"
        document["servers"] = [{"url": self.base_urls(origin)[name]}]
        return json_response(200, document, request)

    def _admin(self, rest: str, request: httpx.Request) -> httpx.Response:
        denied = self._check_auth(request)
        if denied is not None:
            return denied
        allowed = {"clock": "GET", "advance": "POST", "faults": "GET"}
        if rest not in allowed:
            return _error(404, "not_found", f"No admin endpoint /_sim/{rest}.", request)
        if request.method != allowed[rest]:
            message = f"Expected {allowed[rest]} /_sim/{rest}, got {request.method}."
            return _error(405, "method_not_allowed", message, request)
        if rest == "faults":
            return json_response(200, self.faults.summary() if self.faults else {}, request)
        if rest == "advance":
            return self._advance(request)
        self.pacer.catch_up()
        return json_response(200, self.pacer.state(), request)

    def _advance(self, request: httpx.Request) -> httpx.Response:
        text = request.url.params.get("seconds")
        try:
            seconds = float(text) if text is not None else math.nan
        except ValueError:
            seconds = math.nan
        if not math.isfinite(seconds) or seconds < 0:
            message = f"Expected seconds= a number >= 0, got seconds={text!r}."
            return _error(400, "bad_request", message, request)
        self.pacer.catch_up()
        self.pacer.advance(seconds)
        return json_response(200, self.pacer.state(), request)

    def _check_auth(self, request: httpx.Request) -> httpx.Response | None:
        header = request.headers.get("authorization", "")
        key = header[7:].strip() if header.startswith("Bearer ") else ""
        if not key:
            return _error(401, "unauthorized", "Expected 'Authorization: Bearer <key>'.", request)
        if key not in self.api_keys:
            return _error(403, "forbidden", "The bearer key is not accepted.", request)
        return None
