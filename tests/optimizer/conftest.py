"""Fixtures of the optimizer tests: a fake clock, a recording actuator, an optimizer factory."""

from __future__ import annotations

from typing import Any

import pytest
from optimizer_toys import EPOCH, FakeClock, MakeOptimizer, RecordingActuator

from optimizer import FLAG_NAMES, Optimizer, Settings, Thresholds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(EPOCH)


@pytest.fixture
def actuator() -> RecordingActuator:
    return RecordingActuator()


@pytest.fixture
def make_optimizer(clock: FakeClock, actuator: RecordingActuator) -> MakeOptimizer:
    """An optimizer over ``models`` (all available, the first the default), budgets out of the way
    unless ``thresholds`` says otherwise; keyword arguments named like a feature flag set it,
    the others go to ``Settings``."""

    def make(
        models: tuple[str, ...] = ("A", "B", "C"),
        *,
        thresholds: Thresholds | None = None,
        **options: Any,
    ) -> Optimizer:
        flags = {k: v for k, v in options.items() if k in FLAG_NAMES}
        settings = {k: v for k, v in options.items() if k not in FLAG_NAMES}
        opt = Optimizer(clock, actuator, settings=Settings(**settings))
        opt.on_flags(flags)
        opt.on_thresholds(thresholds or Thresholds(hourly_budget=1e6, daily_budget=1e7))
        opt.on_routing_config(
            {
                "version": "1",
                "defaultModel": models[0],
                "fallbackChain": list(models[1:]),
                "rules": [],
                "loadBalancing": {"strategy": "weighted"},
            }
        )
        opt.on_availability([{"modelId": m, "available": True, "status": "online"} for m in models])
        return opt

    return make
