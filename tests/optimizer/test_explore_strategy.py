"""Exploration by Thompson sampling (optimizer/strategies/explore.py)."""

from __future__ import annotations

import random

import pytest
from optimizer_toys import FakeClock, MakeOptimizer, RecordingActuator, feed


def test_every_eligible_model_gets_a_probe_and_the_better_ones_more(
    make_optimizer: MakeOptimizer, clock: FakeClock, actuator: RecordingActuator
) -> None:
    opt = make_optimizer(("A", "B", "C", "D"), exploration_share=0.1)
    feed(opt, "A", clock.t, 40)
    feed(opt, "B", clock.t, 40)
    feed(opt, "C", clock.t, 8)
    feed(opt, "C", clock.t - 0.1, 32, error=True)  # C mostly fails, D was never seen
    decisions = opt.cycle()
    assert [d.kind for d in decisions] == ["model_selection", "exploration"]
    weights = actuator.weights
    assert set(weights) == {"A", "B", "C", "D"}
    assert sum(weights.values()) == pytest.approx(1.0, abs=1e-9)
    probe = 0.1 * 0.5 / 4
    assert weights["C"] == pytest.approx(probe, rel=0.01)  # the even half only
    assert weights["D"] >= probe


def test_exploration_reasons_name_the_posterior_and_the_share(
    make_optimizer: MakeOptimizer, clock: FakeClock, actuator: RecordingActuator
) -> None:
    opt = make_optimizer(("A", "B"))
    feed(opt, "A", clock.t, 40)
    opt.cycle()
    exploration = next(d for d in actuator.decisions if d.kind == "exploration")
    reasons = {r.model_id: r for r in exploration.reasons}
    assert reasons["A"].metric == "slo_success_mean"
    assert reasons["A"].source == "observatory"
    assert reasons["B"].source == "config_manager"  # never seen: cites its availability
    assert reasons["B"].observed == 0.5  # the uniform prior


def test_the_draws_come_from_the_seeded_generator(
    make_optimizer: MakeOptimizer, clock: FakeClock
) -> None:
    def explore(seed: int) -> dict[str, float]:
        opt = make_optimizer(("A", "B", "C"), rng=random.Random(seed))
        feed(opt, "A", clock.t, 20)
        feed(opt, "B", clock.t, 20)
        return dict(opt.cycle()[-1].weights)

    assert explore(3) == explore(3)


def test_a_recovered_model_returns_once_its_failures_leave_the_window(
    make_optimizer: MakeOptimizer, clock: FakeClock, actuator: RecordingActuator
) -> None:
    opt = make_optimizer(("A", "B"), exploration_interval_s=60.0, canary_rollout=False)
    feed(opt, "B", clock.t, 40)
    feed(opt, "A", clock.t, 40, error=True)
    opt.cycle()
    assert actuator.weights["A"] < 0.05
    for _ in range(12):  # A recovered: its probes succeed, the old failures age out
        clock.t += 60
        feed(opt, "A", clock.t, 10, quality=0.97)
        feed(opt, "B", clock.t, 30)
        opt.cycle()
    assert actuator.weights["A"] > 0.5
