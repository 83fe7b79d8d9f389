"""Each ConfigManager feature flag switches its strategy on and off (optimizer/engine.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from optimizer_toys import FakeClock, MakeOptimizer, feed

from optimizer import FLAG_NAMES, Metric, Optimizer, Signal, Thresholds

GOOD = {"latency": 800.0, "quality": 0.95, "cost": 0.002}
CHEAP = {"latency": 700.0, "quality": 0.80, "cost": 0.0015}

Scenario = Callable[[Optimizer, FakeClock], list[str]]


def settle(opt: Optimizer, clock: FakeClock) -> None:
    feed(opt, "A", clock.t, 30, **GOOD)
    feed(opt, "B", clock.t, 30, **CHEAP)
    opt.cycle()
    clock.t += 60


def kinds(opt: Optimizer) -> list[str]:
    return [d.kind for d in opt.cycle()]


def selection(opt: Optimizer, clock: FakeClock) -> list[str]:
    feed(opt, "A", clock.t, 30, **GOOD)
    return kinds(opt)


def exploration(opt: Optimizer, clock: FakeClock) -> list[str]:
    feed(opt, "A", clock.t, 30, **GOOD)
    return kinds(opt)


def drift(opt: Optimizer, clock: FakeClock) -> list[str]:
    settle(opt, clock)
    attrs = {"type": "quality_drift", "p_value": 0.001, "confidence": 0.9}
    opt.ingest(Signal("sentinel", "drift", "dr-1", clock.t - 1, "quality_drift", 0.5, "A", attrs))
    return kinds(opt)


def latency(opt: Optimizer, clock: FakeClock) -> list[str]:
    settle(opt, clock)
    feed(opt, "A", clock.t, 40, **{**GOOD, "latency": 7000.0})
    return kinds(opt)


def cost(opt: Optimizer, clock: FakeClock) -> list[str]:
    settle(opt, clock)
    opt.ingest(Signal("cost_ops", "rate", "rate-1", clock.t - 1, Metric.RATE_PER_HOUR, 500.0))
    return kinds(opt)


def tuning(opt: Optimizer, clock: FakeClock) -> list[str]:
    feed(opt, "A", clock.t, 40, **GOOD, output_tokens=100)
    return kinds(opt)


def canary(opt: Optimizer, clock: FakeClock) -> list[str]:
    feed(opt, "A", clock.t, 30, **CHEAP)
    opt.cycle()
    clock.t += 300
    feed(opt, "B", clock.t, 30, **GOOD)
    return kinds(opt)


SCENARIOS: dict[str, tuple[Scenario, str]] = {
    "model_selection": (selection, "model_selection"),
    "exploration": (exploration, "exploration"),
    "drift_compensation": (drift, "drift_compensation"),
    "latency_shifts": (latency, "latency_shift"),
    "cost_optimization": (cost, "cost_optimization"),
    "parameter_tuning": (tuning, "parameter_tuning"),
    "canary_rollout": (canary, "canary_start"),
}


def test_there_is_a_scenario_for_every_flag() -> None:
    assert set(SCENARIOS) == set(FLAG_NAMES)


@pytest.mark.parametrize("flag", sorted(SCENARIOS))
@pytest.mark.parametrize("on", [True, False])
def test_the_flag_switches_its_strategy(
    make_optimizer: MakeOptimizer, clock: FakeClock, flag: str, on: bool
) -> None:
    scenario, kind = SCENARIOS[flag]
    opt = make_optimizer(thresholds=Thresholds(hourly_budget=40.0, daily_budget=1e7))
    opt.on_flags({flag: on, "not_a_flag": True})
    assert (kind in scenario(opt, clock)) is on
