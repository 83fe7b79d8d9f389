"""RouterL2: decisions looked up by request id (D26), both feeds and their limits."""

from __future__ import annotations

from typing import Any

import httpx
import respx

from adapters import RouterL2Adapter

BASE = "http://router-l2.test/api/v1"


def test_get_decision_looks_up_by_request_id(
    router: respx.MockRouter, make_adapter: Any, examples: Any
) -> None:
    route = router.get(url__startswith=BASE + "/routing/decisions/", name="getDecision")
    route.mock(return_value=httpx.Response(200, json=examples("router-l2", "RoutingDecision")))
    decision = make_adapter(RouterL2Adapter).get_decision("req/42")
    assert decision.decision_id == "dec-5521"
    assert route.calls.last.request.url.raw_path == b"/api/v1/routing/decisions/req%2F42"


def test_both_feeds_are_polled_with_their_limits(
    router: respx.MockRouter, make_adapter: Any
) -> None:
    decisions = router.get(BASE + "/routing/decisions", name="fetchRoutingDecisions")
    decisions.mock(return_value=httpx.Response(200, json={"decisions": []}))
    signals = router.get(BASE + "/loadbalancer/signals", name="fetchLoadBalancerSignals")
    signals.mock(return_value=httpx.Response(200, json={"signals": []}))
    report = make_adapter(RouterL2Adapter).poll_once()
    assert report.ok
    assert decisions.calls.last.request.url.params["limit"] == "50"
    assert signals.calls.last.request.url.params["limit"] == "20"
