"""Failover and latency shifts (optimizer/strategies/guard.py)."""

from __future__ import annotations

import pytest
from optimizer_toys import FakeClock, MakeOptimizer, RecordingActuator, feed

from optimizer import Optimizer, Signal

FINE = {"latency": 800.0, "quality": 0.9, "cost": 0.004}


def settled(make_optimizer: MakeOptimizer, clock: FakeClock, **options: object) -> Optimizer:
    """A, B and C observed and fine; A, the default, leads; one cycle run."""
    opt = make_optimizer(**options)
    feed(opt, "A", clock.t, 30, **{**FINE, "quality": 0.95})
    feed(opt, "B", clock.t, 30, **FINE)
    feed(opt, "C", clock.t, 30, **FINE)
    opt.cycle()
    clock.t += 60
    return opt


def test_an_error_burst_moves_the_traffic_away_at_once_but_keeps_a_probe(
    make_optimizer: MakeOptimizer, clock: FakeClock, actuator: RecordingActuator
) -> None:
    opt = settled(make_optimizer, clock)
    before = actuator.weights["A"]
    feed(opt, "A", clock.t, 20, error=True)
    decisions = opt.cycle()
    assert decisions[0].kind == "failover"
    assert decisions[0].target == "A"
    reason = decisions[0].reasons[0]
    assert (reason.metric, reason.threshold) == ("error_rate", 0.05)
    assert before > 0.3
    assert 0.0 < actuator.weights["A"] <= opt.settings.exploration_share


def test_an_unavailable_model_loses_every_share_even_its_probe(
    make_optimizer: MakeOptimizer, clock: FakeClock, actuator: RecordingActuator
) -> None:
    opt = settled(make_optimizer, clock)
    assert actuator.weights.get("C", 0.0) > 0.0
    opt.on_availability({"modelId": "C", "available": False, "status": "offline"})
    decisions = opt.cycle()
    assert decisions[0].kind == "failover"
    assert decisions[0].reasons[0].kind == "availability"
    assert "C" not in actuator.weights


def test_capacity_critical_from_routerl2_triggers_failover(
    make_optimizer: MakeOptimizer, clock: FakeClock, actuator: RecordingActuator
) -> None:
    opt = settled(make_optimizer, clock)
    attrs = {"type": "capacity_critical", "severity": "critical", "affected_models": ("A",)}
    opt.ingest(
        Signal("router_l2", "lb_signal", "lb-9", clock.t - 5, "capacity_critical", 2.0, "A", attrs)
    )
    decisions = opt.cycle()
    assert decisions[0].kind == "failover"
    assert decisions[0].reasons[0].source == "router_l2"
    assert actuator.weights["A"] <= opt.settings.exploration_share


def test_a_slow_model_keeps_half_its_share_once_per_gap(
    make_optimizer: MakeOptimizer, clock: FakeClock, actuator: RecordingActuator
) -> None:
    opt = settled(make_optimizer, clock, exploration=False, latency_shift_gap_s=120.0)
    before = actuator.weights["A"]
    feed(opt, "A", clock.t, 40, latency=7000.0, quality=0.95)
    (shift,) = [d for d in opt.cycle() if d.kind == "latency_shift"]
    assert shift.target == "A"
    assert actuator.weights["A"] == pytest.approx(before / 2)
    assert {r.metric for r in shift.reasons} >= {"p99_ms"}
    clock.t += 60
    feed(opt, "A", clock.t, 10, latency=7000.0, quality=0.95)
    assert all(d.kind != "latency_shift" for d in opt.cycle())  # within the gap
    clock.t += 60
    feed(opt, "A", clock.t, 10, latency=7000.0, quality=0.95)
    assert [d.kind for d in opt.cycle()][:1] == ["latency_shift"]
    assert actuator.weights["A"] == pytest.approx(before / 4)


def test_when_every_model_fails_there_is_no_pointless_failover(
    make_optimizer: MakeOptimizer, clock: FakeClock
) -> None:
    opt = settled(make_optimizer, clock)
    for model in "ABC":
        feed(opt, model, clock.t, 30, error=True)
    assert all(d.kind != "failover" for d in opt.cycle())
