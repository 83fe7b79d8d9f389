"""Drift compensation and cost optimisation (optimizer/strategies/adjust.py)."""

from __future__ import annotations

from optimizer_toys import FakeClock, MakeOptimizer, RecordingActuator, feed

from optimizer import Metric, Optimizer, Signal, Thresholds

GOOD = {"latency": 800.0, "quality": 0.95, "cost": 0.006}
CHEAP = {"latency": 700.0, "quality": 0.80, "cost": 0.0015}
POOR = {"latency": 500.0, "quality": 0.60, "cost": 0.0003}


def observed(opt: Optimizer, clock: FakeClock) -> Optimizer:
    for model, profile in (("A", GOOD), ("B", CHEAP), ("C", POOR)):
        feed(opt, model, clock.t, 30, **profile)
    return opt


def drift(kind: str, model: str, t: float) -> Signal:
    attrs = {"type": kind, "p_value": 0.001, "confidence": 0.95}
    return Signal("sentinel", "drift", f"drift-{kind}", t, kind, 0.5, model, attrs)


def test_a_performance_drift_triggers_an_immediate_reevaluation(
    make_optimizer: MakeOptimizer, clock: FakeClock, actuator: RecordingActuator
) -> None:
    opt = observed(make_optimizer(exploration=False), clock)
    opt.cycle()
    clock.t += 60
    feed(opt, "A", clock.t, 30, **{**GOOD, "latency": 5500.0})  # A became slow
    opt.ingest(drift("performance_drift", "A", clock.t - 1))
    kinds = [d.kind for d in opt.cycle()]
    assert "drift_compensation" in kinds
    decision = next(d for d in actuator.decisions if d.kind == "drift_compensation")
    assert decision.target == "A"
    assert decision.reasons[0].signal_id == "drift-performance_drift"
    assert decision.weights["B"] > decision.weights.get("A", 0.0)


def test_a_quality_drift_switches_to_the_quality_objective_and_default_prompts(
    make_optimizer: MakeOptimizer, clock: FakeClock, actuator: RecordingActuator
) -> None:
    opt = make_optimizer(exploration=False, thresholds=Thresholds(hourly_budget=40.0))
    feed(opt, "A", clock.t, 30, **GOOD)
    feed(opt, "B", clock.t, 30, **CHEAP)
    opt.ingest(Signal("cost_ops", "rate", "rate-1", clock.t - 5, Metric.RATE_PER_HOUR, 50.0))
    opt.cycle()
    assert actuator.parameters["prompt_variant"] == "concise"  # tuned under cost pressure
    clock.t += 60
    opt.ingest(drift("quality_drift", "B", clock.t - 1))
    (decision,) = opt.cycle()
    assert decision.kind == "drift_compensation"
    assert decision.parameters["prompt_variant"] == "default"
    assert any("quality_focused" in r.rule for r in decision.reasons)
    assert decision.weights["A"] > decision.weights.get("B", 0.0)


def test_cost_pressure_shifts_traffic_to_the_cheaper_model_within_the_quality_floor(
    make_optimizer: MakeOptimizer, clock: FakeClock, actuator: RecordingActuator
) -> None:
    opt = observed(
        make_optimizer(exploration=False, thresholds=Thresholds(hourly_budget=40.0)), clock
    )
    opt.cycle()
    before = dict(actuator.weights)
    clock.t += 60
    opt.ingest(Signal("cost_ops", "rate", "rate-1", clock.t - 5, Metric.RATE_PER_HOUR, 50.0))
    (decision,) = opt.cycle()
    assert decision.kind == "cost_optimization"
    assert (decision.reasons[0].source, decision.reasons[0].threshold) == ("cost_ops", 40.0)
    assert decision.weights["B"] > before.get("B", 0.0)
    assert decision.weights["B"] > decision.weights.get("A", 0.0)
    assert "C" not in decision.weights  # below the quality floor, however cheap


def test_cost_mode_lasts_while_the_pressure_does(
    make_optimizer: MakeOptimizer, clock: FakeClock, actuator: RecordingActuator
) -> None:
    opt = observed(
        make_optimizer(
            exploration=False, thresholds=Thresholds(hourly_budget=40.0), selection_interval_s=60.0
        ),
        clock,
    )
    opt.ingest(Signal("cost_ops", "rate", "rate-1", clock.t - 5, Metric.RATE_PER_HOUR, 50.0))
    opt.cycle()
    clock.t += 60
    observed(opt, clock)
    assert opt.cycle() == []  # re-selection keeps the cost objective: nothing to change
    assert actuator.weights["B"] > actuator.weights.get("A", 0.0)


def test_a_quality_drift_takes_precedence_over_cost_pressure(
    make_optimizer: MakeOptimizer, clock: FakeClock
) -> None:
    opt = observed(
        make_optimizer(exploration=False, thresholds=Thresholds(hourly_budget=40.0)), clock
    )
    opt.cycle()
    clock.t += 60
    opt.ingest(drift("quality_drift", "B", clock.t - 2))
    opt.ingest(Signal("cost_ops", "rate", "rate-1", clock.t - 1, Metric.RATE_PER_HOUR, 50.0))
    assert [d.kind for d in opt.cycle()] == ["drift_compensation"]
