"""Parameter tuning: max_tokens and prompt variant (optimizer/strategies/tuning.py)."""

from __future__ import annotations

from optimizer_toys import FakeClock, MakeOptimizer, RecordingActuator, feed

from optimizer import Decision, Metric, Signal, Thresholds


def tuning(decisions: list[Decision]) -> Decision:
    (found,) = [d for d in decisions if d.kind == "parameter_tuning"]
    return found


def test_responses_hitting_the_cap_with_strained_quality_raise_max_tokens(
    make_optimizer: MakeOptimizer, clock: FakeClock
) -> None:
    opt = make_optimizer(("A",), exploration=False)
    feed(opt, "A", clock.t, 40, output_tokens=1024, quality=0.75)
    decision = tuning(opt.cycle())
    assert decision.target == "routing"
    assert decision.weights is None
    assert dict(decision.parameters) == {"max_tokens": 1536, "prompt_variant": "default"}
    assert decision.reasons[0].metric == "output_tokens_p95"


def test_the_raise_stops_at_the_configured_output_limit(
    make_optimizer: MakeOptimizer, clock: FakeClock
) -> None:
    opt = make_optimizer(("A",), exploration=False, thresholds=Thresholds(max_output_tokens=1200))
    feed(opt, "A", clock.t, 40, output_tokens=1024, quality=0.75)
    assert tuning(opt.cycle()).parameters["max_tokens"] == 1200


def test_little_use_of_max_tokens_lowers_it(
    make_optimizer: MakeOptimizer, clock: FakeClock, actuator: RecordingActuator
) -> None:
    opt = make_optimizer(("A",), exploration=False)
    feed(opt, "A", clock.t, 40, output_tokens=200)
    assert tuning(opt.cycle()).parameters["max_tokens"] == 320
    assert actuator.parameters["max_tokens"] == 320
    assert opt.parameters["max_tokens"] == 320


def test_cost_pressure_with_quality_to_spare_selects_concise_prompts_and_back(
    make_optimizer: MakeOptimizer, clock: FakeClock
) -> None:
    opt = make_optimizer(
        ("A",),
        exploration=False,
        tuning_interval_s=600.0,
        thresholds=Thresholds(hourly_budget=40.0),
    )
    feed(opt, "A", clock.t, 40, quality=0.9, output_tokens=600)
    opt.ingest(Signal("cost_ops", "rate", "rate-1", clock.t - 5, Metric.RATE_PER_HOUR, 50.0))
    decision = tuning(opt.cycle())
    assert decision.parameters["prompt_variant"] == "concise"
    assert [r.source for r in decision.reasons] == ["cost_ops", "observatory"]
    clock.t += 600
    feed(opt, "A", clock.t, 40, quality=0.72, output_tokens=600)
    assert tuning(opt.cycle()).parameters["prompt_variant"] == "default"


def test_nothing_to_tune_gives_no_decision(make_optimizer: MakeOptimizer, clock: FakeClock) -> None:
    opt = make_optimizer(("A",), exploration=False)
    feed(opt, "A", clock.t, 40, output_tokens=600)
    assert all(d.kind != "parameter_tuning" for d in opt.cycle())
