"""Outcome metrics of a run, measured on what really happened in the world (not on signals).

Per simulated minute the meter reads every request outcome and judges the minute against the
thresholds in force at its end (ConfigManager's, as the scenario changed them): the minute
violates the SLO when the p99 latency exceeds ``latency.p99MaxMs``, the error rate exceeds
``errorRate.criticalThreshold``, or the mean quality of successful requests falls below
``quality.minQualityScore``.

Each request also gets a loss, the quantity the oracle minimises and regret is measured in:

    loss = cost / maxCostPerRequest  +  SLO_PENALTY * (request failed, too slow, or too poor)

so one request that misses its SLO weighs as much as ``SLO_PENALTY`` requests at the cost cap.
Regret of a policy is its mean loss per request minus the oracle's, on the same seed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from simulator.world.records import RequestOutcome

__all__ = [
    "KEEP_MINUTES",
    "SLO_PENALTY",
    "MinuteVerdict",
    "OutcomeMeter",
    "Thresholds",
    "request_loss",
]

SLO_PENALTY = 4.0
KEEP_MINUTES = 14 * 24 * 60  # two weeks of minute records (a few hundred bytes each) per run


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The SLO thresholds that judge one minute, in the project's units."""

    p99_max_ms: float
    error_rate_max: float
    min_quality: float
    max_cost_per_request: float

    @classmethod
    def from_wire(cls, wire: Mapping[str, Any]) -> Thresholds:
        """Read ConfigManager's OptimizationThresholds (camelCase wire shape)."""
        return cls(
            p99_max_ms=float(wire["latency"]["p99MaxMs"]),
            error_rate_max=float(wire["errorRate"]["criticalThreshold"]),
            min_quality=float(wire["quality"]["minQualityScore"]),
            max_cost_per_request=float(wire["cost"]["maxCostPerRequest"]),
        )


def request_loss(outcome: RequestOutcome, limits: Thresholds) -> float:
    """The loss of one request: its cost against the cap plus a penalty when it misses the SLO."""
    missed = (
        outcome.status != "ok"
        or outcome.latency_ms > limits.p99_max_ms
        or outcome.quality < limits.min_quality
    )
    return outcome.cost_usd / limits.max_cost_per_request + (SLO_PENALTY if missed else 0.0)


@dataclass(frozen=True, slots=True)
class MinuteVerdict:
    """One simulated minute judged against the thresholds in force."""

    minute: int
    requests: int
    p99_ms: float
    error_rate: float
    quality: float
    violated: tuple[str, ...]
    cost_usd: float = 0.0
    p99_max_ms: float = 0.0  # the latency threshold in force when the minute was judged
    by_model: tuple[tuple[str, int], ...] = ()  # requests per model, sorted by model id


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.99 * len(ordered)) - 1)]


@dataclass(slots=True)
class _Minute:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    quality_sum: float = 0.0
    ok: int = 0
    cost: float = 0.0
    by_model: dict[str, int] = field(default_factory=dict)


class OutcomeMeter:
    """Accumulates cost, loss and per-minute SLO verdicts from the world's request outcomes."""

    def __init__(self, thresholds: Mapping[str, Any], *, keep_minutes: int = KEEP_MINUTES) -> None:
        self._wire = thresholds  # the live dict of the control plane: changes are seen
        self.requests = 0
        self.cost = 0.0
        self.loss = 0.0
        self.violation_minutes = 0
        self.minutes_judged = 0
        self.by_model: dict[str, int] = {}
        self.keep_minutes = keep_minutes
        self.history: list[MinuteVerdict] = []
        self._minute = -1
        self._current = _Minute()

    @property
    def limits(self) -> Thresholds:
        """The thresholds in force now."""
        return Thresholds.from_wire(self._wire)

    def observe(self, outcome: RequestOutcome) -> None:
        """Take one request outcome (subscribe this to the world bus)."""
        minute = int(outcome.t_end // 60)
        if minute != self._minute:
            self._close(minute)
        self.requests += 1
        self.cost += outcome.cost_usd
        self.loss += request_loss(outcome, self.limits)
        self.by_model[outcome.model_id] = self.by_model.get(outcome.model_id, 0) + 1
        current = self._current
        current.latencies.append(outcome.latency_ms)
        current.cost += outcome.cost_usd
        current.by_model[outcome.model_id] = current.by_model.get(outcome.model_id, 0) + 1
        if outcome.status == "ok":
            current.ok += 1
            current.quality_sum += outcome.quality
        else:
            current.errors += 1

    def _close(self, next_minute: int) -> None:
        if self._minute >= 0 and self._current.latencies:
            self._judge(self._minute, self._current)
        self._minute = next_minute
        self._current = _Minute()

    def _judge(self, minute: int, data: _Minute) -> None:
        limits = self.limits
        count = len(data.latencies)
        p99 = _p99(data.latencies)
        error_rate = data.errors / count
        quality = data.quality_sum / data.ok if data.ok else 0.0
        violated = tuple(
            name
            for name, bad in (
                ("latency", p99 > limits.p99_max_ms),
                ("error_rate", error_rate > limits.error_rate_max),
                ("quality", quality < limits.min_quality),
            )
            if bad
        )
        self.minutes_judged += 1
        if violated:
            self.violation_minutes += 1
        if len(self.history) < self.keep_minutes:
            self.history.append(
                MinuteVerdict(
                    minute,
                    count,
                    p99,
                    error_rate,
                    quality,
                    violated,
                    cost_usd=data.cost,
                    p99_max_ms=limits.p99_max_ms,
                    by_model=tuple(sorted(data.by_model.items())),
                )
            )

    def finish(self) -> None:
        """Judge the last, partial minute."""
        self._close(self._minute + 1)

    def summary(self) -> dict[str, float | int]:
        """Cost per request, mean loss, SLO-violation minutes, counts."""
        return {
            "requests": self.requests,
            "cost_per_request": self.cost / self.requests if self.requests else 0.0,
            "mean_loss": self.loss / self.requests if self.requests else 0.0,
            "slo_violation_minutes": self.violation_minutes,
            "minutes": self.minutes_judged,
        }
