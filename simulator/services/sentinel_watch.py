"""Sentinel's detectors for one model's metric: CUSUM for anomalies, Welch's t-test for drift.

Each complete minute gives one value (mean latency, error share, mean quality, cost and output
tokens per request). Against a rolling baseline of the last 60 minutes it is standardized, z
clipped to [-4, 4] so that one wild minute cannot alarm alone, and fed to a two-sided CUSUM
(k = 1, h = 6): an alarm in the metric's bad direction opens an anomaly and freezes the baseline
(values beyond 3 standard deviations never enter it); an alarm in the good direction restarts the
baseline from the last five values.
The anomaly resolves after 3 minutes back within 1.5 standard deviations, or, when the new level
lasts ``accept_after`` minutes, by accepting it as the new baseline. Every 10 minutes the last 30
minute-values are tested against the 60 before them (Welch's t-test, and KS for the record):
drift when p < ``alpha`` and the relative change reaches the metric's ``min_effect``.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

from simulator.services.detectors import Baseline, Cusum
from simulator.services.sentinel_records import Metric
from simulator.services.stats import TestResult, ks_2samp, mean_std, welch_t_test

__all__ = ["Alarm", "DriftTest", "MetricWatch"]

Z_CLIP = 4.0
BASELINE_Z = 3.0
RECENT = 5
RECOVERY_Z = 1.5
RECOVERY_MINUTES = 3
REFERENCE_MINUTES = 60
CURRENT_MINUTES = 30
DRIFT_EVERY = 10


@dataclass(frozen=True, slots=True)
class Alarm:
    """A CUSUM alarm: the value, the baseline and the statistic that crossed ``h``."""

    value: float
    mean: float
    std: float
    z: float
    statistic: float


@dataclass(frozen=True, slots=True)
class DriftTest:
    """A significant drift: the two windows (minutes) and the tests."""

    reference: tuple[int, int]
    current: tuple[int, int]
    ref_values: tuple[float, ...]
    cur_values: tuple[float, ...]
    welch: TestResult
    ks: TestResult
    change: float  # relative change of the mean


@dataclass(slots=True)
class MetricWatch:
    """The detectors of one (model, metric)."""

    metric: Metric
    alpha: float = 0.001
    accept_after: int = 120
    baseline: Baseline = field(default_factory=lambda: Baseline(size=60, min_count=15))
    cusum: Cusum = field(default_factory=Cusum)
    values: deque[tuple[int, float]] = field(default_factory=lambda: deque(maxlen=120))
    active: bool = False
    active_minutes: int = 0
    calm: int = 0
    quiet_until: int = 0

    def stats(self, n: int) -> tuple[float, float]:
        """Baseline mean and floored standard deviation (binomial floor for error shares)."""
        m = self.metric
        mean, std = self.baseline.mean_std(m.rel_floor, m.abs_floor)
        if m.name == "error_rate" and n > 0:
            p = max(mean, 0.005)
            std = max(std, math.sqrt(p * (1.0 - p) / n))
        return mean, std

    def observe(self, minute: int, value: float, n: int) -> Alarm | str | None:
        """One minute: an Alarm when an anomaly starts, "resolved" or "accepted" when it ends."""
        self.values.append((minute, value))
        if self.active:
            return self._follow(value, n)
        if not self.baseline.ready:
            self.baseline.add(value)
            return None
        mean, std = self.stats(n)
        z = max(-Z_CLIP, min(Z_CLIP, (value - mean) / std))
        alarm = self.cusum.update(z)
        if alarm and (self.metric.direction == 0 or alarm == self.metric.direction):
            statistic = self.cusum.pos if alarm > 0 else self.cusum.neg
            self.cusum.reset()
            self.active, self.active_minutes, self.calm = True, 0, 0
            return Alarm(value, mean, std, z, statistic)
        if alarm:  # a change for the better: start a new baseline from the recent values
            self.cusum.reset()
            self.baseline.values = deque(v for _, v in list(self.values)[-RECENT:])
        elif abs(z) < BASELINE_Z:  # keep outliers (and the start of a shift) out of the baseline
            self.baseline.add(value)
        return None

    def _follow(self, value: float, n: int) -> str | None:
        mean, std = self.stats(n)
        z = (value - mean) / std
        bad = abs(z) if self.metric.direction == 0 else z * self.metric.direction
        self.calm = self.calm + 1 if bad < RECOVERY_Z else 0
        self.active_minutes += 1
        if self.calm >= RECOVERY_MINUTES:
            self.active = False
            return "resolved"
        if self.active_minutes >= self.accept_after:
            self.active = False
            self.baseline.values = deque(v for _, v in list(self.values)[-CURRENT_MINUTES:])
            return "accepted"
        return None

    def drift(self, minute: int) -> DriftTest | None:
        """Test the last 30 minutes against the 60 before (every 10 minutes, with a cooldown)."""
        if minute % DRIFT_EVERY or minute < self.quiet_until:
            return None
        cur_lo = minute - CURRENT_MINUTES + 1
        ref_lo = cur_lo - REFERENCE_MINUTES
        ref = tuple(v for m, v in self.values if ref_lo <= m < cur_lo)
        cur = tuple(v for m, v in self.values if cur_lo <= m <= minute)
        if len(ref) < REFERENCE_MINUTES // 3 or len(cur) < CURRENT_MINUTES // 2:
            return None
        welch = welch_t_test(ref, cur)
        ref_mean, _ = mean_std(ref)
        cur_mean, _ = mean_std(cur)
        change = (cur_mean - ref_mean) / max(abs(ref_mean), self.metric.abs_floor)
        if welch.p_value >= self.alpha or abs(change) < self.metric.min_effect:
            return None
        self.quiet_until = minute + REFERENCE_MINUTES + CURRENT_MINUTES
        return DriftTest(
            (ref_lo, cur_lo - 1), (cur_lo, minute), ref, cur, welch, ks_2samp(ref, cur), change
        )
