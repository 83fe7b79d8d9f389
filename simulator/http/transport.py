"""The in-process transport: one respx router, one named route per contract endpoint.

``build_inprocess`` mounts each service's ``ServiceApp`` under its own base URL
(``http://<service>.infrasim.test`` by default: two services share paths such as
``/api/v1/anomalies``). Route names are ``<service>.<operationId>``. Literal paths are registered
before parameter paths, so ``/api/v1/traces/summary`` is never a trace id, and the polled feeds
come first of all (respx tries routes in order).
The side effect of a route hands the request to the service with its operation already known.
respx keeps every call (about 3 KB each) until reset, so ``InProcess`` resets the call history
every ``reset_every`` calls; ``trim()`` does it on demand.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import httpx
import respx

from simulator.http.app import Route, ServiceApp

__all__ = [
    "DEFAULT_DOMAIN",
    "POLLED",
    "Handler",
    "InProcess",
    "Intercept",
    "base_url_for",
    "build_inprocess",
]

DEFAULT_DOMAIN = "infrasim.test"


def base_url_for(service: str, domain: str = DEFAULT_DOMAIN) -> str:
    """The default base URL of a service: ``http://<service>.<domain>``."""
    return f"http://{service}.{domain}"


def _path_lookup(path: str) -> dict[str, Any]:
    if "{" not in path:
        return {"path": path}
    # respx matches the decoded path: a parameter may hold '/' (an encoded %2F), so match '.+';
    # the service re-reads the parameter from the raw path.
    pattern = re.sub(r"\\\{(\w+)\\\}", ".+", re.escape(path))
    return {"path__regex": f"^{pattern}$"}


Handler = Callable[[httpx.Request], httpx.Response]
Intercept = Callable[[str, httpx.Request, Handler], httpx.Response]


class InProcess:
    """A respx router over the services, their base URLs, and bounded call history.

    ``intercept``, when set, is called as ``intercept(route_name, request, call_next)`` instead of
    the service (fault injection: answer a 503, sleep the clock, raise ``httpx.ReadTimeout``,
    corrupt ``call_next(request)``...). ``effects`` keeps each route's own side effect, so a test
    that replaces ``router[name].side_effect`` can put it back.
    """

    def __init__(
        self, router: respx.Router, base_urls: Mapping[str, str], reset_every: int
    ) -> None:
        self.router = router
        self.base_urls = dict(base_urls)
        self.reset_every = reset_every
        self.calls = 0
        self.intercept: Intercept | None = None
        self.effects: dict[str, Callable[..., httpx.Response]] = {}

    def handler(self, request: httpx.Request) -> httpx.Response:
        """Resolve one request through the router (the MockTransport handler)."""
        return self.router.handler(request)

    def transport(self) -> httpx.MockTransport:
        """An httpx transport that sends every request through the router, no socket opened."""
        return httpx.MockTransport(self.router.handler)

    def client(self, service: str, **kwargs: Any) -> httpx.Client:
        """An ``httpx.Client`` on ``service``'s base URL through the router."""
        return httpx.Client(base_url=self.base_urls[service], transport=self.transport(), **kwargs)

    def trim(self) -> None:
        """Forget respx's recorded calls (routes stay)."""
        self.router.reset()

    def _count(self) -> None:
        self.calls += 1
        if self.reset_every and self.calls % self.reset_every == 0:
            self.trim()

    def effect(self, app: ServiceApp, route: Route) -> Callable[..., httpx.Response]:
        """The side effect of one route: count the call, hand the request to the service."""
        name = route.name

        def call_next(request: httpx.Request) -> httpx.Response:
            return app.dispatch(route, request)

        def side_effect(request: httpx.Request, **_: Any) -> httpx.Response:
            self._count()
            if self.intercept is not None:
                return self.intercept(name, request, call_next)
            return app.dispatch(route, request)

        self.effects[name] = side_effect
        return side_effect


# The endpoints the adapters poll, tried first: respx matches routes one by one (a few µs each).
POLLED = (
    "cost-ops.fetchCostEvents",
    "latency-lens.fetchLatencyProfiles",
    "latency-lens.fetchThroughputStats",
    "latency-lens.fetchAnomalies",
    "sentinel.fetchAnomalies",
    "sentinel.fetchDriftSignals",
    "sentinel.fetchAlerts",
    "shield.fetchPolicyBlocks",
    "shield.fetchPIIDetections",
    "observatory.searchTraces",
    "observatory.fetchEvents",
    "config-manager.getThresholds",
    "config-manager.getRoutingConfig",
    "config-manager.getModelAvailability",
    "config-manager.getConfigHistory",
    "router-l2.fetchRoutingDecisions",
    "router-l2.fetchLoadBalancerSignals",
)


def _ordered(apps: Iterable[ServiceApp]) -> list[tuple[ServiceApp, Route]]:
    """Polled literal routes first, other literal routes next, parameter routes last."""
    pairs = [(app, route) for app in apps for route in app.routes.values()]
    rank = {name: i for i, name in enumerate(POLLED)}

    def order(pair: tuple[ServiceApp, Route]) -> tuple[int, int]:
        route = pair[1]
        if route.pattern is not None:
            return (2, 0)
        return (0, rank[route.name]) if route.name in rank else (1, 0)

    return sorted(pairs, key=order)  # stable: contract order within a group


def build_inprocess(
    apps: Mapping[str, ServiceApp] | Iterable[ServiceApp],
    *,
    base_urls: Mapping[str, str] | None = None,
    reset_every: int = 1000,
    assert_all_called: bool = False,
) -> InProcess:
    """A respx router with a named route per endpoint of each app, and the base URL per service."""
    by_name = dict(apps) if isinstance(apps, Mapping) else {a.name: a for a in apps}
    urls = {name: (base_urls or {}).get(name, base_url_for(name)) for name in by_name}
    router = respx.Router(assert_all_called=assert_all_called, assert_all_mocked=True)
    inproc = InProcess(router, urls, reset_every)
    hosts = {name: httpx.URL(url).host for name, url in urls.items()}
    for app, route in _ordered(by_name.values()):
        ep = route.endpoint
        # host first: a request for another service fails on the first, cheapest pattern
        lookups = {"host": hosts[app.name], "method": ep.method, **_path_lookup(ep.path)}
        router.route(name=route.name, **lookups).mock(side_effect=inproc.effect(app, route))
    return inproc
