"""API faults of a scenario, injected between the transport and the services: ``FaultInjector``.

The injector is an ``Intercept`` (``injector(route_name, request, call_next)``): the in-process
transport and the loopback server both call it for every routed request. A fault applies to a
request when its service and endpoint match (``*`` matches all), simulated now lies in
``[start, end)`` and a draw from the fault's own ``random.Random`` (derived from the scenario seed
and the fault's place and id, so adding one fault does not change another's draws) falls under
its probability. Then, in this order: latencies pass (``wait``: the simulated clock's ``sleep``
in a rehearsal, so the world runs forward meanwhile); the first fault that answers instead of the
service does (``reset_peer``, ``timeout``, ``http_error``, ``rate_limit``); the request is
changed (``clock_skew``, ``exclusive_since``) and routed (``profile_switch``); the service
answers; a 200 payload is changed (``clock_skew``, ``reversed_pages``, ``duplicate_items``,
``schema_violation``) and last its body cut (``malformed_json``). What each kind does on the
wire: ``FAULTS.md`` beside this module.

A fault counts as met only when it changed something; ``FaultLog`` counts them per kind, per
fault and per endpoint, and hands each one to ``on_hit`` (the run's event log). A payload broken
on purpose is not a simulator defect: the service validated its own payload first.
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import httpx

from contracts.errors import ContractError
from contracts.loader import endpoint, validator
from simulator.http import fault_effects as effects
from simulator.http.app import json_response
from simulator.http.transport import Handler
from simulator.scenarios.model import Fault
from simulator.services.base import Service

__all__ = ["DEFAULT_TIMEOUT_S", "FaultHit", "FaultInjector", "FaultLog", "Wait"]

Wait = Callable[[float], None]
DEFAULT_TIMEOUT_S = 30.0  # a timeout fault on a request that states none (the adapters' default)
_ANSWERS = ("reset_peer", "timeout", "http_error", "rate_limit")
_SINCE_PARAMS = ("since", "start_time")


@dataclass(frozen=True, slots=True)
class FaultHit:
    """One fault met by one request, at simulated second ``t``."""

    t: float
    fault: str
    kind: str
    service: str
    endpoint: str
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The hit as event-log fields (without ``t``)."""
        data = {"fault": self.fault, "fault_kind": self.kind}
        data |= {"service": self.service, "endpoint": self.endpoint}
        return data | ({"detail": self.detail} if self.detail else {})


class FaultLog:
    """How often each fault was met: per kind, per fault id and per ``service/endpoint``."""

    def __init__(
        self, faults: Sequence[Fault] = (), on_hit: Callable[[FaultHit], object] | None = None
    ) -> None:
        self.faults = tuple(faults)
        self.on_hit = on_hit
        self.by_kind: Counter[str] = Counter()
        self.by_fault: Counter[str] = Counter()
        self.by_endpoint: Counter[tuple[str, str]] = Counter()

    @property
    def met(self) -> int:
        """Faults met in all."""
        return sum(self.by_kind.values())

    def record(self, hit: FaultHit) -> None:
        """Count one hit and pass it on."""
        self.by_kind[hit.kind] += 1
        self.by_fault[hit.fault] += 1
        self.by_endpoint[(f"{hit.service}/{hit.endpoint}", hit.kind)] += 1
        if self.on_hit is not None:
            self.on_hit(hit)

    def summary(self) -> dict[str, Any]:
        """Counts: ``met``, ``by_kind``, ``by_endpoint``, and ``by_fault`` for every fault."""
        by_endpoint: dict[str, dict[str, int]] = {}
        for (where, kind), n in sorted(self.by_endpoint.items()):
            by_endpoint.setdefault(where, {})[kind] = n
        return {
            "met": self.met,
            "by_kind": dict(sorted(self.by_kind.items())),
            "by_endpoint": by_endpoint,
            "by_fault": {
                f.id: {
                    "kind": f.kind,
                    "service": f.service,
                    "endpoint": f.endpoint,
                    "met": self.by_fault[f.id],
                }
                for f in self.faults
            },
        }


def fault_rng(seed: int, index: int, fault: Fault) -> random.Random:
    """The fault's own generator: a function of the scenario seed, its place and its id."""
    return random.Random(f"infrasim-fault:{seed}:{index}:{fault.id}")


class _Armed:
    """One fault with its generator."""

    __slots__ = ("fault", "rng")

    def __init__(self, fault: Fault, rng: random.Random) -> None:
        self.fault = fault
        self.rng = rng

    def applies(self, service: str, operation: str, now: float) -> bool:
        f = self.fault
        if f.service not in ("*", service) or f.endpoint not in ("*", operation):
            return False
        if not f.start <= now < f.end:
            return False
        return f.probability >= 1.0 or self.rng.random() < f.probability


class FaultInjector:
    """The scenario's API faults as an ``Intercept`` of the in-process transport or the server."""

    def __init__(
        self,
        faults: Sequence[Fault],
        *,
        seed: int,
        now: Callable[[], float],
        wait: Wait,
        services: Mapping[str, Service] | None = None,
        profiles: Mapping[str, Mapping[str, Handler]] | None = None,
        log: FaultLog | None = None,
    ) -> None:
        self.armed = [_Armed(f, fault_rng(seed, i, f)) for i, f in enumerate(faults)]
        self.now = now
        self.wait = wait
        self.services = dict(services or {})
        self.profiles = {k: dict(v) for k, v in (profiles or {}).items()}
        self.log = log if log is not None else FaultLog(faults)

    def __call__(self, name: str, request: httpx.Request, call_next: Handler) -> httpx.Response:
        """Answer one request routed to ``<service>.<operationId>``, faults applied."""
        service, _, operation = name.partition(".")
        now = self.now()
        active = [a for a in self.armed if a.applies(service, operation, now)]
        if not active:
            return call_next(request)
        hit = _Hits(self.log, self.now, service, operation)
        for armed in active:
            if armed.fault.kind == "latency":
                seconds = _latency_s(armed.fault.params, armed.rng)
                hit(armed.fault, f"{seconds * 1000.0:.0f}ms")
                self.wait(seconds)
        for armed in active:
            if armed.fault.kind in _ANSWERS:
                return self._answer(armed.fault, request, hit)
        return self._serve(active, request, call_next, hit)

    # -- faults that answer instead of the service ----------------------------------------------

    def _answer(self, fault: Fault, request: httpx.Request, hit: _Hits) -> httpx.Response:
        kind, params = fault.kind, fault.params
        if kind == "reset_peer":
            hit(fault)
            raise httpx.ReadError("[Errno 104] Connection reset by peer", request=request)
        if kind == "timeout":
            seconds = _timeout_of(request)
            hit(fault, f"{seconds:g}s")
            self.wait(seconds)
            raise httpx.ReadTimeout("timed out", request=request)
        if kind == "rate_limit":
            after = max(0, math.ceil(float(params.get("retry_after", 1))))
            hit(fault, f"Retry-After: {after}")
            response = _error(429, f"Rate limited: retry after {after} s.", request)
            response.headers["Retry-After"] = str(after)
            return response
        status = int(params.get("status", 503))
        hit(fault, str(status))
        return _error(status, f"Injected {status} (fault {fault.id}).", request)

    # -- faults around the service's own answer ---------------------------------------------------

    def _serve(
        self, active: list[_Armed], request: httpx.Request, call_next: Handler, hit: _Hits
    ) -> httpx.Response:
        kinds: dict[str, _Armed] = {}
        for armed in active:
            kinds.setdefault(armed.fault.kind, armed)  # the first of a kind, in scenario order
        skew = kinds.get("clock_skew")
        seconds = float(skew.fault.params["seconds"]) if skew is not None else 0.0
        if skew is not None:
            shifted = effects.shift_query(request, -seconds)
            if shifted is not None:
                request = shifted
                hit(skew.fault, f"since {-seconds:+g}s")
        handler = self._route(kinds.get("profile_switch"), hit.service, call_next, hit)
        flip = kinds.get("exclusive_since")
        target = self.services.get(hit.service)
        if flip is None or target is None or not _has_since(request):
            return self._change(kinds, handler(request), seconds, hit)
        hit(flip.fault, "inclusive" if not target.since_inclusive else "exclusive")
        target.since_inclusive = not target.since_inclusive
        try:
            response = handler(request)
        finally:
            target.since_inclusive = not target.since_inclusive
        return self._change(kinds, response, seconds, hit)

    def _route(
        self, switch: _Armed | None, service: str, call_next: Handler, hit: _Hits
    ) -> Handler:
        if switch is None:
            return call_next
        profile = str(switch.fault.params.get("profile", "upstream"))
        if profile == "consumer":
            return call_next
        hit(switch.fault, profile)
        found = self.profiles.get(profile, {}).get(service)
        return found if found is not None else _not_in_profile(profile)

    def _change(
        self, kinds: Mapping[str, _Armed], response: httpx.Response, skew: float, hit: _Hits
    ) -> httpx.Response:
        changing = ("clock_skew", "reversed_pages", "duplicate_items", "schema_violation")
        if response.status_code != 200 or not any(
            k in kinds for k in (*changing, "malformed_json")
        ):
            return response
        body = response.content
        if any(k in kinds for k in changing):
            body = self._change_payload(kinds, response, skew, hit)
        cut = kinds.get("malformed_json")
        if cut is not None:
            body = effects.truncate(body)
            hit(cut.fault, f"{len(body)} bytes")
        return httpx.Response(200, headers=_JSON, content=body, request=response.request)

    def _change_payload(
        self, kinds: Mapping[str, _Armed], response: httpx.Response, skew: float, hit: _Hits
    ) -> bytes:
        payload = json.loads(response.content)
        envelope = _envelope(hit.service, hit.operation)
        if "clock_skew" in kinds and skew:
            payload, moved = effects.shift_stamps(payload, skew)
            if moved:
                hit(kinds["clock_skew"].fault, f"{moved} stamps {skew:+g}s")
        items = effects.page_of(payload, envelope)
        if "reversed_pages" in kinds and items is not None and effects.reverse_page(items):
            hit(kinds["reversed_pages"].fault)
        dupes = kinds.get("duplicate_items")
        if dupes is not None and items is not None:
            count = int(dupes.fault.params.get("count", 1))
            if effects.duplicate_items(items, count, dupes.rng):
                hit(dupes.fault, str(min(count, len(items))))
        broken = kinds.get("schema_violation")
        if broken is not None:
            field = broken.fault.params.get("field")
            check = validator(hit.service, operation=hit.operation).is_valid
            if effects.break_contract(payload, envelope, field, broken.rng, check):
                hit(broken.fault, str(field or "first field"))
        return json.dumps(payload, separators=(",", ":"), allow_nan=False).encode()


_JSON = [(b"content-type", b"application/json")]


class _Hits:
    """Records the faults met by one request."""

    __slots__ = ("log", "now", "operation", "service")

    def __init__(
        self, log: FaultLog, now: Callable[[], float], service: str, operation: str
    ) -> None:
        self.log, self.now = log, now
        self.service, self.operation = service, operation

    def __call__(self, fault: Fault, detail: str = "") -> None:
        self.log.record(
            FaultHit(self.now(), fault.id, fault.kind, self.service, self.operation, detail)
        )


def _latency_s(params: Mapping[str, Any], rng: random.Random) -> float:
    """A latency in seconds: ``ms``, or one draw of the ``distribution``."""
    if "ms" in params:
        return float(params["ms"]) / 1000.0
    dist = params["distribution"]
    kind = dist["kind"]
    if kind == "lognormal":
        ms = rng.lognormvariate(math.log(float(dist["median_ms"])), float(dist["sigma"]))
    elif kind == "uniform":
        ms = rng.uniform(float(dist["min_ms"]), float(dist["max_ms"]))
    else:
        ms = float(dist["scale_ms"]) * rng.paretovariate(float(dist["alpha"]))
    return ms / 1000.0


def _timeout_of(request: httpx.Request) -> float:
    """The request's own read timeout (httpx puts it in the extensions), else the default."""
    timeout = request.extensions.get("timeout")
    read = timeout.get("read") if isinstance(timeout, dict) else None
    return float(read) if isinstance(read, int | float) and read > 0 else DEFAULT_TIMEOUT_S


def _has_since(request: httpx.Request) -> bool:
    return any(name in request.url.params for name in _SINCE_PARAMS)


def _error(status: int, message: str, request: httpx.Request) -> httpx.Response:
    try:
        code = HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        code = "error"
    return json_response(status, {"error": code, "message": message}, request)


def _not_in_profile(profile: str) -> Handler:
    def answer(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        message = f"No route for {request.method} {path} in the {profile} profile."
        return json_response(404, {"error": "not_found", "message": message}, request)

    return answer


_ENVELOPES: dict[tuple[str, str], str | None] = {}


def _envelope(service: str, operation: str) -> str | None:
    key = (service, operation)
    if key not in _ENVELOPES:
        try:
            _ENVELOPES[key] = endpoint(service, operation).envelope
        except ContractError:
            _ENVELOPES[key] = None
    return _ENVELOPES[key]
