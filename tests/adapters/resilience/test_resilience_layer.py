"""The layer on a real adapter's client: outcomes per call, refusals, AIMD on 429, thresholds."""

from __future__ import annotations

import contextlib
from typing import Any

import httpx
import pytest
import respx

from adapters import AdapterError, ConfigManagerAdapter, CostOpsAdapter, CostOpsConfig
from adapters.config import ConfigManagerConfig
from adapters.resilience import (
    BreakerSettings,
    Budget,
    CircuitOpen,
    LimiterSettings,
    Resilience,
)

COST = "http://cost-ops.test"
CM = "http://config-manager.test"
RATE = COST + "/api/v1/rate/current"


@pytest.fixture
def mock() -> respx.Router:
    return respx.Router(assert_all_mocked=True)


@pytest.fixture
def layer(clock: Any) -> Resilience:
    return Resilience(
        clock=clock,
        breaker=BreakerSettings(failure_threshold=3, open_seconds=30.0),
        limiter=LimiterSettings(per_service=Budget(rate=8.0, burst=8.0), decrease_gap=0.0),
    )


@pytest.fixture
def cost_ops(layer: Resilience, mock: respx.Router, clock: Any, secret: str) -> CostOpsAdapter:
    client = httpx.Client(transport=layer.transport(httpx.MockTransport(mock.handler)))
    config = CostOpsConfig(api_base_url=COST, api_key=secret, enable_retry=False)
    adapter = CostOpsAdapter(config, client=client, clock=clock)
    layer.guard(adapter)
    return adapter


def ok(examples: Any) -> httpx.Response:
    return httpx.Response(200, json=examples("cost-ops", "CurrentRate"))


def test_5xx_answers_open_the_breaker_and_later_calls_are_refused_unsent(
    layer: Resilience, cost_ops: CostOpsAdapter, mock: respx.Router
) -> None:
    route = mock.get(RATE, name="getCurrentRate").mock(return_value=httpx.Response(503))
    for _ in range(3):
        with pytest.raises(AdapterError):
            cost_ops.get_current_rate()
    assert layer.breaker("cost-ops").state == "open"
    with pytest.raises(CircuitOpen, match="cost-ops") as refused:
        cost_ops.get_current_rate()
    assert route.call_count == 3
    assert refused.value.retry_at == layer.breaker("cost-ops").retry_at


def test_a_refusal_is_an_adapter_error_the_retry_policy_does_not_retry(
    layer: Resilience, mock: respx.Router, clock: Any, secret: str
) -> None:
    client = httpx.Client(transport=layer.transport(httpx.MockTransport(mock.handler)))
    config = CostOpsConfig(api_base_url=COST, api_key=secret, max_retries=3)
    adapter = CostOpsAdapter(config, client=client, clock=clock)
    layer.register("cost-ops", COST).force_open("test")
    with pytest.raises(CircuitOpen):
        adapter.get_current_rate()
    assert clock.sleeps == []  # no backoff wasted on a refused call


def test_no_response_counts_as_a_failure_and_a_404_as_an_answer(
    layer: Resilience, cost_ops: CostOpsAdapter, mock: respx.Router
) -> None:
    mock.get(RATE, name="getCurrentRate").mock(
        side_effect=[httpx.ReadTimeout("slow"), httpx.ConnectError("refused"), httpx.Response(404)]
    )
    for _ in range(3):
        with pytest.raises(AdapterError):
            cost_ops.get_current_rate()
    stats = layer.breaker("cost-ops").stats
    assert (stats.failures, stats.successes) == (2, 1)


def test_a_429_lowers_the_services_rate_until_it_recovers(
    layer: Resilience, cost_ops: CostOpsAdapter, mock: respx.Router, examples: Any, clock: Any
) -> None:
    route = mock.get(RATE, name="getCurrentRate")
    route.mock(return_value=httpx.Response(429, headers={"Retry-After": "3"}))
    with pytest.raises(AdapterError):
        cost_ops.get_current_rate()
    assert layer.limiter.rate("cost-ops") == 4.0
    assert layer.breaker("cost-ops").stats.failures == 0  # throttled, not failing
    route.mock(return_value=ok(examples))
    cost_ops.get_current_rate()
    assert clock.sleeps == [3.0]  # the Retry-After held the next call
    rates = []
    for _ in range(3):
        clock.now += 10.0
        cost_ops.get_current_rate()
        rates.append(layer.limiter.rate("cost-ops"))
    assert rates == [pytest.approx(4.8), pytest.approx(5.6), pytest.approx(6.4)]


def test_calls_beyond_the_budget_are_paced_through_the_clock(
    cost_ops: CostOpsAdapter, mock: respx.Router, examples: Any, clock: Any
) -> None:
    mock.get(RATE, name="getCurrentRate").mock(return_value=ok(examples))
    for _ in range(10):
        cost_ops.get_current_rate()
    assert clock.sleeps == [pytest.approx(0.125), pytest.approx(0.125)]


def test_an_unregistered_base_url_gets_only_the_total_budget(
    layer: Resilience, mock: respx.Router, clock: Any
) -> None:
    mock.get("http://elsewhere.test/x", name="x").mock(return_value=httpx.Response(503))
    client = httpx.Client(transport=layer.transport(httpx.MockTransport(mock.handler)))
    client.get("http://elsewhere.test/x")
    assert layer.breakers == {}
    assert layer.service_of(httpx.Request("GET", "http://cost-ops.test.evil/x")) is None


def config_manager_routes(mock: respx.Router, examples: Any, thresholds: list[Any]) -> None:
    """The four polled ConfigManager endpoints; thresholds answered from a list."""
    mock.get(CM + "/api/v1/config/thresholds", name="getThresholds").mock(
        side_effect=[httpx.Response(200, json=t) for t in thresholds]
    )
    mock.get(CM + "/api/v1/config/routing", name="getRoutingConfig").mock(
        return_value=httpx.Response(200, json=examples("config-manager", "RoutingConfig"))
    )
    mock.get(CM + "/api/v1/models/availability", name="getModelAvailability").mock(
        return_value=httpx.Response(200, json={"models": []})
    )
    mock.get(CM + "/api/v1/config/history", name="getConfigHistory").mock(
        return_value=httpx.Response(200, json={"changes": []})
    )


def thresholds_payload(examples: Any, version: str, **error_rate: float) -> dict[str, Any]:
    data = examples("config-manager", "OptimizationThresholds")
    data["version"] = version
    data["errorRate"].update(error_rate)
    return dict(data)


def test_a_configmanager_threshold_change_changes_when_the_breaker_opens(
    mock: respx.Router, examples: Any, clock: Any, secret: str
) -> None:
    layer = Resilience(
        clock=clock, breaker=BreakerSettings(failure_threshold=50, window_size=10, min_calls=4)
    )
    client = httpx.Client(transport=layer.transport(httpx.MockTransport(mock.handler)))
    cm = ConfigManagerAdapter(
        ConfigManagerConfig(api_base_url=CM, api_key=secret), client=client, clock=clock
    )
    cost = CostOpsAdapter(
        CostOpsConfig(api_base_url=COST, api_key=secret, enable_retry=False),
        client=client,
        clock=clock,
    )
    layer.guard(cm)
    layer.guard(cost)
    cm.on_threshold_change(layer.on_thresholds)
    config_manager_routes(
        mock,
        examples,
        [
            thresholds_payload(examples, "v1", circuitBreakerThreshold=1.0, warningThreshold=1.0),
            thresholds_payload(examples, "v2", circuitBreakerThreshold=0.3, warningThreshold=0.2),
        ],
    )
    answers = [httpx.Response(503), ok(examples)] * 20
    mock.get(RATE, name="getCurrentRate").mock(side_effect=answers)

    def half_failing_calls(n: int) -> None:
        for _ in range(n):
            with contextlib.suppress(AdapterError):
                cost.get_current_rate()

    cm.poll_once()
    half_failing_calls(10)
    assert layer.breaker("cost-ops").state == "closed"  # 50 % never exceeds 100 %
    assert layer.limiter.rate("cost-ops") == 100.0
    cm.poll_once()
    assert layer.breaker_settings.failure_rate == 0.3
    half_failing_calls(4)
    assert layer.breaker("cost-ops").state == "open"  # 50 % > 30 %
    assert layer.limiter.stats("cost-ops").decreases == 1  # 50 % > the 20 % warning
    kinds = [(e.part, e.kind) for e in layer.events() if e.subject == "cost-ops"]
    assert ("breaker", "settings") in kinds
    assert ("limiter", "decrease") in kinds


def test_a_rate_above_one_is_not_applied_but_recorded(
    layer: Resilience, make_thresholds: Any
) -> None:
    layer.on_thresholds(make_thresholds("v1", circuitBreakerThreshold=0.4, warningThreshold=0.1))
    layer.on_thresholds(make_thresholds("v2", circuitBreakerThreshold=5.0, warningThreshold=0.2))
    assert layer.breaker_settings.failure_rate == 0.4
    assert layer.limiter.settings.error_rate_trigger == 0.2
    (ignored,) = [e for e in layer.events() if e.kind == "threshold_ignored"]
    assert "error_rate.circuit_breaker_threshold=5.0" in ignored.detail


def test_every_event_reaches_the_listener_as_a_flat_mapping(clock: Any, make_health: Any) -> None:
    heard: list[dict[str, Any]] = []
    layer = Resilience(clock=clock, on_event=lambda e: heard.append(e.as_dict()))
    layer.register("cost-ops", COST)
    layer.on_health(make_health("healthy", ("cost-ops", "unhealthy")))
    layer.limiter.throttled("cost-ops")
    assert [(h["part"], h["kind"]) for h in heard] == [
        ("breaker", "open"),
        ("sentinel", "health_unhealthy"),
        ("breaker", "caution_on"),
        ("limiter", "decrease"),
    ]
    assert {h["at"] for h in heard} == {clock.now}
    assert len(layer.events()) == len(heard)


def test_closing_the_guarded_transport_closes_the_inner_one(layer: Resilience) -> None:
    closed: list[bool] = []

    class Inner(httpx.BaseTransport):
        def close(self) -> None:
            closed.append(True)

    with httpx.Client(transport=layer.transport(Inner())):
        pass
    assert closed == [True]
