"""Change detectors on one series: Page-Hinkley and two-sided CUSUM, both in baseline units.

Unlike the reference (``spec/optimizer-reference.md`` section 2.7, whose CUSUM hard-codes
mu0 = 0.5 whatever the unit and never resets), both detectors learn a baseline mean and standard
deviation from their first ``warmup`` values, measure in standard deviations of that baseline,
and re-learn after each detection, so one change gives one alarm.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

__all__ = ["Change", "Cusum", "Direction", "PageHinkley"]

Direction = Literal["up", "down"]


@dataclass(frozen=True, slots=True)
class Change:
    """A detected change: its direction, the statistic that crossed the limit, the baseline."""

    direction: Direction
    statistic: float
    limit: float
    baseline: float


class _Baseline:
    """Welford mean and variance of the first ``warmup`` values; a floor keeps sigma positive."""

    __slots__ = ("count", "m2", "mean", "warmup")

    def __init__(self, warmup: int) -> None:
        self.warmup = max(2, warmup)
        self.count = 0
        self.mean = 0.0
        self.m2 = 0.0

    def add(self, value: float) -> None:
        self.count += 1
        delta = value - self.mean
        self.mean += delta / self.count
        self.m2 += delta * (value - self.mean)

    @property
    def ready(self) -> bool:
        return self.count >= self.warmup

    @property
    def sigma(self) -> float:
        std = math.sqrt(self.m2 / (self.count - 1)) if self.count > 1 else 0.0
        return max(std, 0.01 * abs(self.mean), 1e-6)


class PageHinkley:
    """Page-Hinkley test for a shift of the mean in one ``direction``, against a running mean."""

    def __init__(
        self, *, direction: Direction, delta: float = 0.5, limit: float = 8.0, warmup: int = 30
    ) -> None:
        self.direction: Direction = direction
        self.delta = delta
        self.limit = limit
        self._warmup = warmup
        self._reset()

    def _reset(self) -> None:
        self._base = _Baseline(self._warmup)
        self._sigma = 1.0
        self._mean = 0.0
        self._n = 0
        self._g = 0.0
        self._g_min = 0.0

    def update(self, value: float) -> Change | None:
        """Feed one value; a ``Change`` when the statistic crosses the limit (then re-learn)."""
        self._n += 1
        self._mean += (value - self._mean) / self._n
        if not self._base.ready:
            self._base.add(value)
            self._sigma = self._base.sigma
            return None
        sign = 1.0 if self.direction == "up" else -1.0
        self._g += sign * (value - self._mean) / self._sigma - self.delta
        self._g_min = min(self._g_min, self._g)
        statistic = self._g - self._g_min
        if statistic <= self.limit:
            return None
        change = Change(self.direction, statistic, self.limit, self._base.mean)
        self._reset()
        return change


class Cusum:
    """Two-sided tabular CUSUM against the baseline mean, in baseline standard deviations."""

    def __init__(self, *, k: float = 0.5, limit: float = 6.0, warmup: int = 30) -> None:
        self.k = k
        self.limit = limit
        self._warmup = warmup
        self._reset()

    def _reset(self) -> None:
        self._base = _Baseline(self._warmup)
        self._up = 0.0
        self._down = 0.0

    def update(self, value: float) -> Change | None:
        """Feed one value; a ``Change`` when either sum crosses the limit (then re-learn)."""
        base = self._base
        if not base.ready:
            base.add(value)
            return None
        z = (value - base.mean) / base.sigma
        self._up = max(0.0, self._up + z - self.k)
        self._down = max(0.0, self._down - z - self.k)
        if self._up > self.limit:
            change = Change("up", self._up, self.limit, base.mean)
        elif self._down > self.limit:
            change = Change("down", self._down, self.limit, base.mean)
        else:
            return None
        self._reset()
        return change
