"""The optimizer in a closed loop with a toy world, judged by what the world then serves.

Three models: A is the best (fast enough, high quality, moderately priced), B is cheaper and
good enough, C is the cheapest but below the quality floor. Every simulated minute the world
serves 600 requests by the weights in force and feeds their signals back; then one cycle runs.
"""

from __future__ import annotations

from statistics import mean

from optimizer_toys import FakeClock, MakeOptimizer, RecordingActuator, ToyModel, ToyWorld

from optimizer import Optimizer, Thresholds

CYCLE_S = 60.0


def world() -> ToyWorld:
    return ToyWorld(
        [
            ToyModel("A", latency_ms=800.0, cost=0.002, quality=0.95),
            ToyModel("B", latency_ms=900.0, cost=0.001, quality=0.82),
            ToyModel("C", latency_ms=600.0, cost=0.0003, quality=0.6),
        ],
        per_cycle=600,
    )


def run(
    opt: Optimizer, toy: ToyWorld, clock: FakeClock, actuator: RecordingActuator, cycles: int
) -> list[dict[str, float]]:
    """Run ``cycles`` minutes; per minute the share each model served and the spend per hour."""
    served = []
    for _ in range(cycles):
        toy.run(opt, clock, actuator.weights or {"A": 1.0}, CYCLE_S)
        served.append({m: n / toy.per_cycle for m, n in toy.served.items()})
        served[-1]["spend_per_hour"] = toy.spent * 3600.0 / CYCLE_S
        opt.cycle()
    return served


def test_an_outage_of_the_best_model_moves_traffic_away_and_recovery_brings_it_back(
    make_optimizer: MakeOptimizer, clock: FakeClock, actuator: RecordingActuator
) -> None:
    toy, opt = world(), make_optimizer()
    run(opt, toy, clock, actuator, 15)
    assert actuator.weights["A"] > 0.6

    toy.models["A"].up = False
    outage = run(opt, toy, clock, actuator, 10)
    first_clean = next(i for i, s in enumerate(outage) if s["A"] <= 0.1)
    assert first_clean <= 2  # the traffic left within two cycles
    assert all(s["A"] <= 0.1 for s in outage[first_clean:])
    assert actuator.weights["A"] > 0.0  # a probe stays, to see the recovery
    assert actuator.weights["B"] > actuator.weights.get("C", 0.0)  # C is below the floor

    toy.models["A"].up = True
    recovery = run(opt, toy, clock, actuator, 25)
    assert recovery[-1]["A"] > 0.5
    assert actuator.weights["A"] > 0.6


def test_a_budget_breach_gives_cheaper_models_share_within_the_quality_floor(
    make_optimizer: MakeOptimizer, clock: FakeClock, actuator: RecordingActuator
) -> None:
    toy = world()
    opt = make_optimizer(thresholds=Thresholds(hourly_budget=100.0, daily_budget=1e6))
    run(opt, toy, clock, actuator, 10)
    before = dict(actuator.weights)
    assert before["A"] > 0.6
    assert actuator.kinds().count("cost_optimization") == 0

    toy.models["A"].cost = 0.006  # a price rise: A alone would cost 216 $ per hour
    after = run(opt, toy, clock, actuator, 5)
    assert "cost_optimization" in actuator.kinds()
    assert actuator.weights["B"] > before["B"]
    assert actuator.weights["B"] > actuator.weights["A"]
    assert actuator.weights.get("C", 0.0) <= opt.settings.exploration_share  # floor holds
    assert after[-1]["spend_per_hour"] < 100.0  # back under the budget
    assert mean(toy.quality) >= opt.config.thresholds.min_quality
    assert after[-1]["B"] > 0.5
    # Once the pressure is gone, re-selection must not walk back into the breach.
    later = run(opt, toy, clock, actuator, 30)
    assert max(s["spend_per_hour"] for s in later) < 0.8 * 100.0
