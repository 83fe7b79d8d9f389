"""The outcome meter judges minutes against the thresholds in force and prices each request."""

from __future__ import annotations

import copy

import pytest

from simulator.harness.outcomes import SLO_PENALTY, OutcomeMeter, Thresholds, request_loss
from simulator.world.control import DEFAULT_THRESHOLDS
from simulator.world.records import RequestOutcome


def outcome(
    t: float,
    *,
    latency: float = 500.0,
    status: str = "ok",
    quality: float = 0.9,
    cost: float = 0.01,
    model: str = "m1",
) -> RequestOutcome:
    return RequestOutcome(
        request_id=f"r{t}",
        t_start=t,
        t_end=t,
        model_id=model,
        provider="p",
        input_tokens=100,
        output_tokens=100,
        cost_usd=cost,
        latency_ms=latency,
        ttft_ms=100.0,
        queue_ms=0.0,
        network_ms=20.0,
        status=status,
        quality=quality if status == "ok" else 0.0,  # type: ignore[arg-type]
        prompt="hello",
    )


@pytest.fixture
def thresholds() -> dict:  # type: ignore[type-arg]
    return copy.deepcopy(DEFAULT_THRESHOLDS)


def test_a_good_minute_is_not_a_violation_and_costs_add_up(thresholds: dict) -> None:  # type: ignore[type-arg]
    meter = OutcomeMeter(thresholds)
    for i in range(10):
        meter.observe(outcome(i))
    meter.finish()
    summary = meter.summary()
    assert summary["requests"] == 10
    assert summary["cost_per_request"] == pytest.approx(0.01)
    assert summary["slo_violation_minutes"] == 0
    assert summary["minutes"] == 1


def test_each_slo_breaks_its_minute(thresholds: dict) -> None:  # type: ignore[type-arg]
    meter = OutcomeMeter(thresholds, keep_minutes=10)
    meter.observe(outcome(10, latency=50_000))  # minute 0: too slow
    meter.observe(outcome(70, status="error"))  # minute 1: every request failed
    meter.observe(outcome(130, quality=0.2))  # minute 2: poor quality
    meter.observe(outcome(190))  # minute 3: fine
    meter.finish()
    assert [v.violated for v in meter.history] == [
        ("latency",),
        ("error_rate", "quality"),
        ("quality",),
        (),
    ]
    assert meter.violation_minutes == 3


def test_a_threshold_change_applies_from_the_minute_it_is_in_force(thresholds: dict) -> None:  # type: ignore[type-arg]
    meter = OutcomeMeter(thresholds)
    meter.observe(outcome(10, latency=5000))
    meter.observe(outcome(70, latency=5000))  # closes minute 0 under the default 6000 ms
    thresholds["latency"]["p99MaxMs"] = 1000.0
    meter.finish()  # minute 1 is judged under the new threshold
    assert meter.violation_minutes == 1


def test_request_loss_adds_the_penalty_only_on_a_missed_slo(thresholds: dict) -> None:  # type: ignore[type-arg]
    limits = Thresholds.from_wire(thresholds)
    good = request_loss(outcome(0, cost=0.01), limits)
    bad = request_loss(outcome(0, cost=0.01, status="error"), limits)
    assert good == pytest.approx(0.01 / limits.max_cost_per_request)
    assert bad - good == pytest.approx(SLO_PENALTY)
