"""Model selection by Pareto front and composite score (optimizer/strategies/selection.py)."""

from __future__ import annotations

import pytest
from optimizer_toys import FakeClock, MakeOptimizer, RecordingActuator, feed

from optimizer import Thresholds

GOOD = {"latency": 800.0, "quality": 0.95, "cost": 0.006}
CHEAP = {"latency": 700.0, "quality": 0.80, "cost": 0.0015}
POOR = {"latency": 500.0, "quality": 0.60, "cost": 0.0003}


def test_without_data_the_default_model_gets_the_traffic(
    make_optimizer: MakeOptimizer, actuator: RecordingActuator
) -> None:
    opt = make_optimizer(exploration=False)
    (decision,) = opt.cycle()
    assert (decision.kind, decision.target, dict(decision.weights)) == (
        "model_selection",
        "A",
        {"A": 1.0},
    )
    reason = decision.reasons[0]
    assert (reason.source, reason.kind, reason.metric) == (
        "config_manager",
        "routing",
        "default_model",
    )
    assert actuator.weights == {"A": 1.0}


def test_the_best_scored_model_leads_and_the_poor_one_is_left_out(
    make_optimizer: MakeOptimizer, clock: FakeClock
) -> None:
    opt = make_optimizer(exploration=False)
    for model, profile in (("A", GOOD), ("B", CHEAP), ("C", POOR)):
        feed(opt, model, clock.t, 30, **profile)
    (decision,) = opt.cycle()
    assert decision.kind == "model_selection"
    assert decision.target == "A"
    assert decision.weights["A"] > 0.5 > decision.weights.get("B", 0.0) > 0.0
    assert "C" not in decision.weights
    assert decision.reasons[0].metric == "score"
    assert decision.reasons[0].model_id == "A"


def test_raising_the_quality_floor_changes_the_decision(
    make_optimizer: MakeOptimizer, clock: FakeClock
) -> None:
    def weights(floor: float) -> dict[str, float]:
        opt = make_optimizer(
            exploration=False,
            thresholds=Thresholds(min_quality=floor, hourly_budget=1e6, daily_budget=1e7),
        )
        for model, profile in (("A", GOOD), ("B", CHEAP)):
            feed(opt, model, clock.t, 30, **profile)
        return dict(opt.cycle()[0].weights)

    assert weights(0.7).get("B", 0.0) > 0.1
    assert weights(0.85) == {"A": 1.0}


def test_an_unavailable_default_falls_back_along_the_chain(make_optimizer: MakeOptimizer) -> None:
    opt = make_optimizer(exploration=False)
    opt.on_availability({"modelId": "A", "available": False, "status": "offline"})
    (decision,) = opt.cycle()
    assert dict(decision.weights) == {"B": 1.0}
    assert decision.reasons[0].metric == "fallback_chain"


def test_reselection_waits_for_its_interval(
    make_optimizer: MakeOptimizer, clock: FakeClock
) -> None:
    opt = make_optimizer(exploration=False, canary_rollout=False, selection_interval_s=300.0)
    feed(opt, "A", clock.t, 30, **GOOD)
    assert [d.kind for d in opt.cycle()] == ["model_selection"]
    clock.t += 60
    feed(opt, "B", clock.t, 30, **{**GOOD, "cost": 0.001})
    assert opt.cycle() == []
    clock.t += 240
    assert [d.kind for d in opt.cycle()] == ["model_selection"]


@pytest.mark.parametrize(("canary", "kind"), [(True, "canary_start"), (False, "model_selection")])
def test_a_new_top_model_is_rolled_out_by_canary_when_enabled(
    make_optimizer: MakeOptimizer, clock: FakeClock, canary: bool, kind: str
) -> None:
    opt = make_optimizer(exploration=False)
    opt.on_flags({"canary_rollout": canary})
    feed(opt, "A", clock.t, 30, **CHEAP)
    opt.cycle()
    clock.t += 300
    feed(opt, "B", clock.t, 30, **GOOD)
    (decision,) = opt.cycle()
    assert (decision.kind, decision.target) == (kind, "B")
    if canary:
        assert 0.0 < decision.weights["B"] <= 0.05  # a small share first
    else:
        assert decision.weights["B"] > 0.5
