"""Model selection by Pareto front and composite score (optimizer/strategies/selection.py)."""

from __future__ import annotations

import pytest
from optimizer_toys import FakeClock, MakeOptimizer, RecordingActuator, feed

from optimizer import QUALITY_FOCUSED, Optimizer, Signal, Thresholds

GOOD = {"latency": 800.0, "quality": 0.95, "cost": 0.002}
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


CLEAN = {"latency": 800.0, "quality": 0.85, "cost": 0.003}
TAIL = {"latency": 600.0, "cost": 0.0003}  # cheap and fast; quality given per request


def feed_tail(opt: Optimizer, t: float, low: float = 0.66) -> None:
    """B: 70 % of its answers at 0.80 and 30 % at ``low``: a mean of 0.76, above a 0.7 floor."""
    feed(opt, "B", t, 28, quality=0.80, **TAIL)
    feed(opt, "B", t - 28, 12, quality=low, **TAIL)


def test_a_model_whose_answers_often_miss_the_floor_is_left_out_despite_its_mean(
    make_optimizer: MakeOptimizer, clock: FakeClock
) -> None:
    opt = make_optimizer(exploration=False)
    feed(opt, "A", clock.t, 40, **CLEAN)
    feed_tail(opt, clock.t)
    (decision,) = opt.cycle()
    assert dict(decision.weights) == {"A": 1.0}


def test_the_quality_floor_of_configmanager_drives_the_per_request_view(
    make_optimizer: MakeOptimizer, clock: FakeClock
) -> None:
    opt = make_optimizer(
        exploration=False,
        thresholds=Thresholds(min_quality=0.6, hourly_budget=1e6, daily_budget=1e7),
    )
    feed(opt, "A", clock.t, 40, **CLEAN)
    feed_tail(opt, clock.t)  # every answer of B meets a 0.6 floor: B is cheaper and faster
    (decision,) = opt.cycle()
    assert decision.target == "B"


def test_leaving_out_an_exploited_model_for_its_misses_names_them(
    make_optimizer: MakeOptimizer, clock: FakeClock
) -> None:
    opt = make_optimizer(exploration=False, canary_rollout=False)
    feed_tail(opt, clock.t)
    assert dict(opt.cycle()[0].weights) == {"B": 1.0}  # nothing better known yet
    clock.t += 300
    feed(opt, "A", clock.t, 40, **CLEAN)
    feed_tail(opt, clock.t)
    (decision,) = opt.cycle()
    assert dict(decision.weights) == {"A": 1.0}
    (why,) = [r for r in decision.reasons if r.model_id == "B"]
    assert (why.metric, why.threshold) == ("slo_miss", 0.05)
    assert why.observed == pytest.approx(0.3, abs=0.02)


def test_no_model_is_planned_beyond_its_share_of_the_rate_limits(
    make_optimizer: MakeOptimizer, clock: FakeClock
) -> None:
    opt = make_optimizer(exploration=False, capacity_target=0.5)
    opt.on_availability(
        [
            {"modelId": "A", "available": True, "rateLimit": {"requestsPerMinute": 60}},
            {"modelId": "B", "available": True, "rateLimit": {"requestsPerMinute": 600}},
        ]
    )
    feed(opt, "A", clock.t, 30, **GOOD)
    feed(opt, "B", clock.t, 30, **CHEAP)
    tp = "requests_per_second"
    opt.ingest(Signal("latency_lens", "throughput", "tp-1", clock.t - 5, tp, 4.0, "B"))
    (decision,) = opt.cycle()
    assert decision.weights["A"] == pytest.approx(0.5 * 1.0 / 4.0)  # half of 1 rps of 4 rps
    capped = [r for r in decision.reasons if r.metric == "share"]
    assert [r.model_id for r in capped] == ["A"]


def test_the_default_objective_does_not_pay_many_times_the_cost_for_a_little_quality(
    make_optimizer: MakeOptimizer, clock: FakeClock
) -> None:
    pricey = {**GOOD, "cost": 0.006}  # 0.15 more mean quality at 4 times the cost

    def top(**options: object) -> str:
        opt = make_optimizer(exploration=False, **options)
        feed(opt, "A", clock.t, 30, **pricey)
        feed(opt, "B", clock.t, 30, **CHEAP)
        return opt.cycle()[0].target

    assert top() == "B"
    assert top(objective=QUALITY_FOCUSED) == "A"
