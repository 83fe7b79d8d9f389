"""Per-minute time series of one run, read from the outcome meter's minute verdicts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from simulator.harness.outcomes import MinuteVerdict

__all__ = ["Series", "rolling_mean", "series_of"]


@dataclass(frozen=True, slots=True)
class Series:
    """One policy's minutes: time in hours since the start, and what each minute measured."""

    hours: tuple[float, ...]
    requests: tuple[int, ...]
    cost_per_request: tuple[float, ...]
    p99_ms: tuple[float, ...]
    p99_max_ms: tuple[float, ...]
    violated: tuple[bool, ...]
    share: dict[str, tuple[float, ...]]  # model id -> share of the minute's requests

    def __len__(self) -> int:
        return len(self.hours)


def series_of(history: Sequence[MinuteVerdict]) -> Series:
    """The series of a run's minute verdicts (minutes without requests are absent)."""
    models = sorted({model for v in history for model, _ in v.by_model})
    share: dict[str, list[float]] = {m: [] for m in models}
    for verdict in history:
        counts = dict(verdict.by_model)
        total = sum(counts.values()) or 1
        for model in models:
            share[model].append(counts.get(model, 0) / total)
    return Series(
        hours=tuple(v.minute / 60.0 for v in history),
        requests=tuple(v.requests for v in history),
        cost_per_request=tuple(v.cost_usd / v.requests if v.requests else 0.0 for v in history),
        p99_ms=tuple(v.p99_ms for v in history),
        p99_max_ms=tuple(v.p99_max_ms for v in history),
        violated=tuple(bool(v.violated) for v in history),
        share={m: tuple(values) for m, values in share.items()},
    )


def rolling_mean(values: Sequence[float], window: int) -> tuple[float, ...]:
    """The trailing mean over ``window`` points (fewer at the start)."""
    if window < 1:
        raise ValueError(f"Expected a window >= 1, got window={window!r}.")
    out: list[float] = []
    total = 0.0
    for i, value in enumerate(values):
        total += value
        if i >= window:
            total -= values[i - window]
        out.append(total / min(i + 1, window))
    return tuple(out)
