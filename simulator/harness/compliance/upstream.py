"""Provider profile "upstream" served on request: the real routes, from the simulated payloads.

``UpstreamApp`` answers the routes of one service's upstream document
(``contracts/upstream/<service>/openapi.json``) and nothing else (404; 405 when the path exists
under another method). Each upstream route is served from a consumer operation of the simulated
service: the one whose path lands on it with the same method, else the first of the document's
``x-consumer-counterparts`` (equivalent before nearest). The consumer payload is transformed the
way the upstream conventions differ, generically: its envelope is unwrapped, keys go from
camelCase to snake_case at every depth, and the result is wrapped in the upstream envelope
(``data``, with the other required top-level members such as ``metadata`` or ``status``).
An upstream route without a consumer counterpart answers 501: nothing simulated can stand in.

``upstream_transport(apps)`` routes by host like the in-process transport: a service that has
no upstream document, or one marked ``x-missing-service``, refuses the connection.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from contracts import endpoints, load_openapi
from contracts.loader import Endpoint
from simulator.http.app import ServiceApp, json_response

__all__ = ["UpstreamApp", "UpstreamRoute", "snake_keys", "upstream_transport"]

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_PARAM = re.compile(r"\{(\w+)\}")
_FILLERS: Mapping[str, Any] = {"status": "success"}


def snake_keys(value: Any) -> Any:
    """``value`` with every object key turned from camelCase into snake_case, at any depth."""
    if isinstance(value, dict):
        return {_CAMEL.sub("_", k).lower(): snake_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [snake_keys(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class UpstreamRoute:
    """One upstream operation and the consumer operation that serves it (None: none does)."""

    method: str
    path: str
    pattern: re.Pattern[str]
    operation_id: str
    envelope: str | None
    siblings: tuple[str, ...]
    source: Endpoint | None


def _pattern(path: str) -> re.Pattern[str]:
    parts, position = [], 0
    for match in _PARAM.finditer(path):
        parts += [re.escape(path[position : match.start()]), f"(?P<{match.group(1)}>[^/]+)"]
        position = match.end()
    parts.append(re.escape(path[position:]))
    return re.compile("^" + "".join(parts) + "$")


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def _lands(a: str, b: str) -> bool:
    x, y = _segments(a), _segments(b)
    return len(x) == len(y) and all(
        p == q or (p.startswith("{") and q.startswith("{")) for p, q in zip(x, y, strict=True)
    )


def _siblings(operation: Mapping[str, Any], envelope: str | None) -> tuple[str, ...]:
    content = operation.get("responses", {}).get("200", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    required = schema.get("required", []) if isinstance(schema, Mapping) else []
    return tuple(str(name) for name in required if name != envelope)


def _source(
    method: str, path: str, operation: Mapping[str, Any], consumer: tuple[Endpoint, ...]
) -> Endpoint | None:
    for ep in consumer:
        if ep.method == method and _lands(ep.path, path):
            return ep
    entries = [e for e in operation.get("x-consumer-counterparts", ()) if isinstance(e, Mapping)]
    entries.sort(key=lambda e: e.get("kind") != "equivalent")
    by_id = {ep.operation_id: ep for ep in consumer}
    for entry in entries:
        found = by_id.get(str(entry.get("operation")))
        if found is not None and len(_PARAM.findall(found.path)) <= len(_PARAM.findall(path)):
            return found
    return None


def _routes(service: str) -> tuple[UpstreamRoute, ...]:
    document = load_openapi(service, profile="upstream")
    consumer = endpoints("consumer", service)
    routes = []
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if not isinstance(operation, Mapping) or "operationId" not in operation:
                continue
            verb = method.upper()
            envelope = operation.get("x-envelope")
            routes.append(
                UpstreamRoute(
                    verb,
                    path,
                    _pattern(path),
                    str(operation["operationId"]),
                    envelope,
                    _siblings(operation, envelope),
                    _source(verb, path, operation, consumer),
                )
            )
    # literal paths before parameter paths, as a router matches them
    return tuple(sorted(routes, key=lambda r: "{" in r.path))


def _error(status: int, code: str, message: str, request: httpx.Request) -> httpx.Response:
    return json_response(status, {"error": code, "message": message}, request)


class UpstreamApp:
    """One service as it was really published, served from the simulated consumer service."""

    def __init__(self, consumer: ServiceApp) -> None:
        self.consumer = consumer
        self.name = consumer.name
        self.routes = _routes(consumer.name)

    def resolve(self, method: str, path: str) -> tuple[UpstreamRoute, dict[str, str]] | int:
        """The route and its path parameters, or 404 / 405 when none matches."""
        status = 404
        for route in self.routes:
            match = route.pattern.match(path)
            if match is None:
                continue
            if route.method == method:
                return route, match.groupdict()
            status = 405
        return status

    def __call__(self, request: httpx.Request) -> httpx.Response:
        """Answer one request on the upstream routes."""
        path = request.url.raw_path.split(b"?", 1)[0].decode("ascii", "replace")
        found = self.resolve(request.method, path)
        if isinstance(found, int):
            what = "No route" if found == 404 else "Method not allowed"
            return _error(
                found,
                "not_found" if found == 404 else "method_not_allowed",
                f"{what} for {request.method} {path} upstream.",
                request,
            )
        route, params = found
        if route.source is None:
            return _error(
                501,
                "not_simulated",
                f"Nothing simulated serves upstream {route.operation_id}.",
                request,
            )
        source = self.consumer.routes[route.source.operation_id]
        inner = self.consumer.dispatch(
            source, self._consumer_request(request, route.source, params)
        )
        if inner.status_code != 200:
            return httpx.Response(
                inner.status_code, headers=inner.headers, content=inner.content, request=request
            )
        return json_response(200, self._reshape(json.loads(inner.content), route), request)

    @staticmethod
    def _consumer_request(
        request: httpx.Request, source: Endpoint, params: Mapping[str, str]
    ) -> httpx.Request:
        values = iter(params.values())
        path = _PARAM.sub(lambda _: next(values, ""), source.path)
        url = request.url.copy_with(
            raw_path=path.encode() + (b"?" + request.url.query if request.url.query else b"")
        )
        return httpx.Request("GET", url, headers=request.headers)

    @staticmethod
    def _reshape(payload: Any, route: UpstreamRoute) -> Any:
        source = route.source
        assert source is not None
        inner = (
            payload.get(source.envelope)
            if source.envelope and isinstance(payload, dict)
            else payload
        )
        body = snake_keys(inner)
        if route.envelope is None:
            return body
        shaped: dict[str, Any] = {route.envelope: body}
        for name in route.siblings:
            shaped[name] = _FILLERS.get(name, {})
        return shaped


def upstream_transport(
    apps: Mapping[str, ServiceApp], base_urls: Mapping[str, str]
) -> httpx.MockTransport:
    """An httpx transport serving the upstream profile by host; missing services refuse."""
    hosts: dict[str, UpstreamApp | None] = {}
    for name, url in base_urls.items():
        document = load_openapi(name, profile="upstream")
        missing = bool(document.get("x-missing-service")) or not document.get("paths")
        hosts[httpx.URL(url).host] = None if missing else UpstreamApp(apps[name])

    def handler(request: httpx.Request) -> httpx.Response:
        app = hosts.get(request.url.host)
        if app is None:
            raise httpx.ConnectError(
                f"Connection refused: no {request.url.host} service upstream.", request=request
            )
        return app(request)

    return httpx.MockTransport(handler)
