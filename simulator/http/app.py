"""ServiceApp: one simulated service as a function from ``httpx.Request`` to ``httpx.Response``.

Per request: auth (401 without ``Authorization: Bearer``, 403 with a key not accepted), routing
(literal paths before parameter paths, matched on the raw path so ``%2F`` stays inside its
segment, then URL-decoded), query parameters typed and checked against the contract (400), the
operation (404 for an unknown id), the payload validated against the operation's response schema
(when ``validate`` is on) and serialized once. Every error body is ``{"error", "message"}``.
A payload that breaks the contract is a simulator bug: it is recorded in ``violations`` and
answered with a 500 (or raised, with ``strict``).
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import httpx

from contracts.errors import ContractViolation
from contracts.loader import Endpoint, endpoints, validator
from simulator.http.params import ParamSpec, operation_params, parse_query
from simulator.services.base import Operation, Service
from simulator.services.errors import ServiceError

__all__ = ["Route", "ServiceApp", "json_response"]

_JSON = [(b"content-type", b"application/json")]
_VIOLATIONS_KEPT = 100


def json_response(
    status: int, payload: Any, request: httpx.Request | None = None
) -> httpx.Response:
    """A JSON response whose body is serialized once (compact, no NaN)."""
    body = json.dumps(payload, separators=(",", ":"), allow_nan=False)
    return httpx.Response(status, headers=_JSON, content=body.encode(), request=request)


def _error(status: int, code: str, message: str, request: httpx.Request) -> httpx.Response:
    return json_response(status, {"error": code, "message": message}, request)


@dataclass(frozen=True, slots=True)
class Route:
    """One operation of the service, ready to call."""

    endpoint: Endpoint
    handler: Operation
    params: tuple[ParamSpec, ...]
    pattern: re.Pattern[str] | None  # None for a literal path

    @property
    def name(self) -> str:
        """``<service>.<operationId>``."""
        return f"{self.endpoint.service}.{self.endpoint.operation_id}"


def _raw_pattern(path: str) -> re.Pattern[str] | None:
    if "{" not in path:
        return None
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(path))
    return re.compile(f"^{pattern}$")


class ServiceApp:
    """The HTTP face of one simulated service."""

    def __init__(
        self,
        service: Service,
        *,
        api_keys: Collection[str],
        validate: bool = True,
        strict: bool = False,
        profile: str = "consumer",
    ) -> None:
        if not api_keys:
            raise ValueError(f"Expected at least one API key for {service.name}, got none.")
        self.service = service
        self.name = service.name
        self.api_keys = frozenset(api_keys)
        self.validate = validate
        self.strict = strict
        self.profile = profile
        self.violations: deque[ContractViolation] = deque(maxlen=_VIOLATIONS_KEPT)
        handlers = service.operations()
        self.routes: dict[str, Route] = {}
        for ep in endpoints(profile, service.name):
            if ep.operation_id not in handlers:
                raise ValueError(f"Service {service.name} does not serve {ep.operation_id!r}.")
            self.routes[ep.operation_id] = Route(
                ep,
                handlers[ep.operation_id],
                operation_params(service.name, ep.operation_id, profile),
                _raw_pattern(ep.path),
            )
        self._literal = {
            (r.endpoint.method, r.endpoint.path): r for r in self.routes.values() if not r.pattern
        }
        self._templated = [r for r in self.routes.values() if r.pattern]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        """Answer one request (auth, routing, parameters, operation, validation)."""
        denied = self.check_auth(request)
        if denied is not None:
            return denied
        path = request.url.raw_path.split(b"?", 1)[0].decode("ascii", "replace")
        found = self.resolve(request.method, path)
        if found is None:
            return _error(404, "not_found", f"No route for {request.method} {path}.", request)
        route, path_params = found
        return self.run(route, request, path_params)

    def dispatch(self, route: Route, request: httpx.Request) -> httpx.Response:
        """Answer a request already routed to ``route`` (auth, path parameters, operation)."""
        denied = self.check_auth(request)
        if denied is not None:
            return denied
        if route.pattern is None:
            return self.run(route, request, {})
        path = request.url.raw_path.split(b"?", 1)[0].decode("ascii", "replace")
        match = route.pattern.match(path)
        if match is None:
            return self(request)
        return self.run(route, request, {k: unquote(v) for k, v in match.groupdict().items()})

    def resolve(self, method: str, raw_path: str) -> tuple[Route, dict[str, str]] | None:
        """The route of a raw (still percent-encoded) path and its decoded path parameters."""
        route = self._literal.get((method, raw_path))
        if route is not None:
            return route, {}
        for route in self._templated:
            assert route.pattern is not None
            match = route.pattern.match(raw_path)
            if match is not None and route.endpoint.method == method:
                return route, {k: unquote(v) for k, v in match.groupdict().items()}
        return None

    def check_auth(self, request: httpx.Request) -> httpx.Response | None:
        """None when the bearer key is accepted, else the 401 or 403 response."""
        header = request.headers.get("authorization")
        if header is None or not header.startswith("Bearer ") or not header[7:].strip():
            return _error(401, "unauthorized", "Expected 'Authorization: Bearer <key>'.", request)
        if header[7:].strip() not in self.api_keys:
            return _error(403, "forbidden", "The bearer key is not accepted.", request)
        return None

    def run(
        self, route: Route, request: httpx.Request, path_params: dict[str, str]
    ) -> httpx.Response:
        """Call one operation and turn its payload (or its error) into a response."""
        try:
            params = parse_query(route.params, request.url.params.multi_items())
            params.update(path_params)
            payload = route.handler(params)
        except ServiceError as exc:
            return _error(exc.status, exc.code, str(exc), request)
        if self.validate:
            try:
                validator(
                    self.name, operation=route.endpoint.operation_id, profile=self.profile
                ).validate(payload)
            except ContractViolation as exc:
                self.violations.append(exc)
                if self.strict:
                    raise
                return _error(500, "contract_violation", str(exc), request)
        return json_response(200, payload, request)
