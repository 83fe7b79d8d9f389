"""Change detectors used by the services: two-sided CUSUM, Page-Hinkley, robust (MAD) z-score.

Formulas follow spec/optimizer-reference.md sections 2.7 and 2.8, with two fixes a simulator
needs: CUSUM works on standardized values (so one ``k``/``h`` suits every metric) and is reset
after an alarm, and the MAD z-score has a floor on the MAD so a spike in a flat series is seen.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["Baseline", "Cusum", "PageHinkley", "robust_z"]

MAD_SCALE = 1.4826  # MAD of a normal sample times this is its standard deviation


@dataclass(slots=True)
class Cusum:
    """Two-sided CUSUM on standardized values z: S+ = max(0, S+ + z - k), S- likewise.

    The defaults (k = 1, h = 6) aim at shifts of two standard deviations or more and give an
    in-control run length near a million samples for normal data (Siegmund's approximation), so
    dozens of metric streams watched for a week raise almost no false alarm.
    """

    k: float = 1.0
    h: float = 6.0
    pos: float = 0.0
    neg: float = 0.0

    def update(self, z: float) -> int:
        """Feed one standardized value; +1 for an upward alarm, -1 downward, 0 otherwise."""
        self.pos = max(0.0, self.pos + z - self.k)
        self.neg = max(0.0, self.neg - z - self.k)
        if self.pos > self.h:
            return 1
        if self.neg > self.h:
            return -1
        return 0

    def reset(self) -> None:
        """Forget the accumulated sums (after an alarm or a new baseline)."""
        self.pos = self.neg = 0.0


@dataclass(slots=True)
class PageHinkley:
    """One-sided (upward) Page-Hinkley on a running mean: alarm when cum - min(cum) > lam."""

    delta: float = 0.005
    lam: float = 10.0
    n: int = 0
    mean: float = 0.0
    cum: float = 0.0
    low: float = 0.0

    def update(self, x: float) -> bool:
        """Feed one value; True when the statistic exceeds ``lam``."""
        self.n += 1
        self.mean += (x - self.mean) / self.n
        self.cum += x - self.mean - self.delta
        self.low = min(self.low, self.cum)
        return self.cum - self.low > self.lam

    @property
    def statistic(self) -> float:
        """The current Page-Hinkley statistic."""
        return self.cum - self.low

    def reset(self) -> None:
        """Start again from no data."""
        self.n, self.mean, self.cum, self.low = 0, 0.0, 0.0, 0.0


def robust_z(x: float, history: Sequence[float], *, floor: float) -> tuple[float, float, float]:
    """(z, median, MAD) of ``x``: z = (x - median) / (1.4826 * max(MAD, floor))."""
    ordered = sorted(history)
    n = len(ordered)
    if n == 0:
        return 0.0, x, 0.0
    median = _median(ordered)
    mad = _median(sorted(abs(v - median) for v in ordered))
    return (x - median) / (MAD_SCALE * max(mad, floor)), median, mad


def _median(ordered: Sequence[float]) -> float:
    n = len(ordered)
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2.0


@dataclass(slots=True)
class Baseline:
    """A rolling reference of per-minute values (fed only with values judged normal)."""

    size: int = 60
    min_count: int = 10
    values: deque[float] = field(default_factory=deque)

    def add(self, value: float) -> None:
        """Add one normal value, dropping the oldest beyond ``size``."""
        self.values.append(value)
        if len(self.values) > self.size:
            self.values.popleft()

    @property
    def ready(self) -> bool:
        """True once ``min_count`` values are known."""
        return len(self.values) >= self.min_count

    def mean_std(self, rel_floor: float, abs_floor: float) -> tuple[float, float]:
        """Mean and standard deviation, the latter floored at max(rel_floor * |mean|, abs_floor)."""
        n = len(self.values)
        if n == 0:
            return 0.0, abs_floor
        mean = math.fsum(self.values) / n
        var = math.fsum((v - mean) ** 2 for v in self.values) / max(n - 1, 1)
        return mean, max(math.sqrt(var), rel_floor * abs(mean), abs_floor)
