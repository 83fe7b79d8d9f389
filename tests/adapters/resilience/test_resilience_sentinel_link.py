"""Sentinel steering the breakers: unhealthy opens at once, degraded is cautious, alerts open."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.resilience import BreakerSettings, Resilience, names_service


@pytest.fixture
def layer(clock: Any) -> Resilience:
    layer = Resilience(clock=clock, breaker=BreakerSettings(open_seconds=30.0))
    for service in ("cost-ops", "sentinel", "shield"):
        layer.register(service, f"http://{service}.test")
    return layer


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("cost-ops", True),
        ("CostOps", True),
        ("service:cost_ops", True),
        ("infra/cost-ops/api", True),
        ("model:gpt-4o", False),
        ("cost-ops-v2", False),
    ],
)
def test_what_names_a_service(text: str, named: bool) -> None:
    assert names_service(text, "cost-ops") is named


def test_a_service_reported_unhealthy_opens_its_breaker_at_once(
    layer: Resilience, make_health: Any
) -> None:
    layer.on_health(make_health("healthy", ("cost-ops", "unhealthy"), ("gpt-4o", "unhealthy")))
    assert layer.breaker("cost-ops").state == "open"
    assert layer.breaker("cost-ops").stats.failures == 0
    assert layer.breaker("shield").state == "closed"
    opened = next(e for e in layer.breaker("cost-ops").events if e.kind == "open")
    assert opened.detail == "closed -> open: forced: Sentinel reports cost-ops unhealthy"


def test_staying_unhealthy_does_not_reopen_a_probing_breaker(
    layer: Resilience, make_health: Any, clock: Any
) -> None:
    unhealthy = make_health("healthy", ("cost-ops", "unhealthy"))
    layer.on_health(unhealthy)
    clock.now += 30.0
    layer.on_health(unhealthy)
    assert layer.breaker("cost-ops").state == "half_open"
    layer.on_health(make_health("healthy", ("cost-ops", "healthy")))
    layer.on_health(unhealthy)
    assert layer.breaker("cost-ops").state == "open"


def test_degraded_makes_the_breaker_cautious_until_healthy(
    layer: Resilience, make_health: Any
) -> None:
    breaker = layer.breaker("shield")
    layer.on_health(make_health("degraded", ("Shield", "degraded")))
    assert breaker.cautious
    assert breaker.failure_threshold == 3
    assert breaker.state == "closed"
    layer.on_health(make_health("healthy"))
    assert not breaker.cautious
    kinds = [e.kind for e in layer.sentinel.events]
    assert kinds == ["health_degraded", "health_healthy"]


def test_the_overall_status_is_ignored_unless_in_scope(clock: Any, make_health: Any) -> None:
    plain = Resilience(clock=clock)
    plain.register("cost-ops", "http://cost-ops.test")
    plain.on_health(make_health("unhealthy", ("gpt-4o", "unhealthy")))
    assert plain.breaker("cost-ops").state == "closed"
    scoped = Resilience(clock=clock, overall_scope=["cost-ops"])
    scoped.register("cost-ops", "http://cost-ops.test")
    scoped.register("sentinel", "http://sentinel.test")
    scoped.on_health(make_health("unhealthy", ("gpt-4o", "unhealthy")))
    assert scoped.breaker("cost-ops").state == "open"
    assert scoped.breaker("sentinel").state == "closed"


def test_an_error_alert_naming_a_service_opens_it(layer: Resilience, make_alert: Any) -> None:
    layer.on_alert(make_alert("critical", "model:gpt-4o", "service:cost-ops"))
    assert layer.breaker("cost-ops").state == "open"
    assert layer.breaker("shield").state == "closed"
    assert layer.sentinel.events[-1].kind == "alert_opened"


def test_a_warning_alert_is_noted_only(layer: Resilience, make_alert: Any) -> None:
    layer.on_alert(make_alert("warning", "cost-ops"))
    assert layer.breaker("cost-ops").state == "closed"
    assert layer.sentinel.events[-1].kind == "alert_noted"


def test_an_acknowledged_alert_changes_nothing(layer: Resilience, make_alert: Any) -> None:
    layer.on_alert(make_alert("critical", "cost-ops", acknowledged=True))
    assert layer.breaker("cost-ops").state == "closed"
    assert layer.sentinel.events == ()
