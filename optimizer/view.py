"""Per-model statistics for one cycle, read from the signal store once and shared by everyone.

Each statistic comes from the freshest trustworthy source: the per-request series of the fast
window when it holds ``min_samples`` values, else those of the slow window, else the service's
own aggregate (a LatencyLens profile, a throughput error rate, RouterL2's estimates). The signal
it came from is kept, so a decision can name it.
"""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.bandit import Arm
from optimizer.config import Thresholds
from optimizer.scoring import Candidate
from optimizer.signals import Metric, Signal, SignalStore

__all__ = ["ModelStats", "Stat", "build_stats", "candidate"]


@dataclass(frozen=True, slots=True)
class Stat:
    """One statistic and the newest signal behind it (``samples`` 0 for a service aggregate)."""

    value: float
    signal: Signal
    samples: int
    window: str


@dataclass(frozen=True, slots=True)
class ModelStats:
    """What the optimizer knows about one model this cycle."""

    model_id: str
    p50_ms: Stat | None
    p99_ms: Stat | None
    error_rate: Stat | None
    quality: Stat | None
    cost: Stat | None
    arm: Arm

    @property
    def samples(self) -> int:
        """The largest per-request sample count behind any statistic."""
        stats = (self.p99_ms, self.error_rate, self.quality, self.cost)
        return max((s.samples for s in stats if s is not None), default=0)

    @property
    def observed(self) -> bool:
        """True when some statistic rests on measurements (requests or a latency profile)."""
        return self.samples > 0 or (self.p99_ms is not None and self.p99_ms.window == "last")


class _Reader:
    """Reads statistics from the store for one cycle."""

    def __init__(self, store: SignalStore, now: float, min_samples: int, slow_s: float) -> None:
        self.store = store
        self.now = now
        self.min_samples = min_samples
        self.slow_s = slow_s

    def pick(self, model: str, metric: str) -> tuple[str, int] | None:
        for window in ("fast", "slow"):
            count = self.store.count(model, metric, window)
            if count >= self.min_samples:
                return window, count
        return None

    def mean(self, model: str, metric: str) -> Stat | None:
        picked = self.pick(model, metric)
        if picked is None:
            return None
        mean, last = self.store.mean(model, metric, picked[0]), self.store.last(model, metric)
        if mean is None or last is None:
            return None
        return Stat(mean, last, picked[1], picked[0])

    def latency(self, model: str) -> tuple[Stat | None, Stat | None]:
        picked = self.pick(model, Metric.LATENCY_MS)
        if picked is not None:
            s = self.store.summary(model, Metric.LATENCY_MS, picked[0])
            if s is not None:
                return (
                    Stat(s.p50, s.last, s.count, picked[0]),
                    Stat(s.p99, s.last, s.count, picked[0]),
                )
        return self.fresh(model, Metric.P50_MS), self.fresh(model, Metric.P99_MS)

    def fresh(self, model: str, metric: str) -> Stat | None:
        last = self.store.last(model, metric)
        if last is None or last.t < self.now - self.slow_s:
            return None
        return Stat(last.value, last, 0, "last")

    def estimate(self, model: str, metric: str) -> Stat | None:
        s = self.store.summary(model, metric, "slow")
        return None if s is None else Stat(s.mean, s.last, 0, "estimate")

    def arm(self, model: str, limits: Thresholds) -> Arm:
        store = self.store
        trials = store.count(model, Metric.ERROR, "slow")
        if trials == 0:
            return Arm(0.0, 0.0)
        errors = store.mean(model, Metric.ERROR, "slow")
        ok = 1.0 - (errors if errors is not None else 0.0)
        fast_enough = store.fraction_at_most(model, Metric.LATENCY_MS, limits.p99_max_ms, "slow")
        below_floor = store.fraction_at_most(
            model, Metric.QUALITY, limits.min_quality - 1e-12, "slow"
        )
        good = 1.0 - below_floor if below_floor is not None else 1.0
        successes = trials * ok * (fast_enough if fast_enough is not None else 1.0) * good
        return Arm(successes, trials - successes)


def build_stats(
    store: SignalStore,
    models: set[str],
    *,
    now: float,
    limits: Thresholds,
    min_samples: int,
    slow_window_s: float,
) -> dict[str, ModelStats]:
    """Statistics of every model in ``models`` (the store must be expired to ``now``)."""
    reader = _Reader(store, now, min_samples, slow_window_s)
    stats: dict[str, ModelStats] = {}
    for model in sorted(models):
        p50, p99 = reader.latency(model)
        stats[model] = ModelStats(
            model_id=model,
            p50_ms=p50 or reader.estimate(model, Metric.EST_LATENCY_MS),
            p99_ms=p99 or reader.estimate(model, Metric.EST_LATENCY_MS),
            error_rate=reader.mean(model, Metric.ERROR) or reader.fresh(model, Metric.ERROR_RATE),
            quality=reader.mean(model, Metric.QUALITY)
            or reader.estimate(model, Metric.EST_QUALITY),
            cost=reader.mean(model, Metric.COST) or reader.estimate(model, Metric.EST_COST),
            arm=reader.arm(model, limits),
        )
    return stats


def candidate(stats: ModelStats, limits: Thresholds) -> Candidate | None:
    """The model's point in objective space, gaps filled with neutral values; None if unobserved."""
    if not stats.observed:
        return None

    def value(stat: Stat | None, default: float) -> float:
        return default if stat is None else stat.value

    return Candidate(
        model_id=stats.model_id,
        quality=value(stats.quality, limits.min_quality),
        cost=value(stats.cost, limits.max_cost_per_request / 2),
        p50_ms=value(stats.p50_ms, limits.p50_target_ms),
        p99_ms=value(stats.p99_ms, limits.p99_max_ms / 2),
        error_rate=value(stats.error_rate, 0.0),
    )
