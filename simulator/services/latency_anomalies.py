"""LatencyLens's own anomaly detector: a robust (MAD) z-score of each model's minute median.

Per model, the history is the median latency (p50) of the last ``window`` normal minutes: with a
few requests per minute a p50 is the minute's maximum, far too noisy to judge. A minute whose p50
has z = (p50 - median) / (1.4826 * max(MAD, 2 % of median)) above ``threshold`` is anomalous and
stays out of the history: its first minute is reported as a ``spike``, the third in a row as a
``degradation``. A minute whose timeout share jumps is a ``timeout_increase``; one whose latency
spread (std) is ``variance_ratio`` times the usual while p50 is normal, a ``variance_change``.
After ``accept_after`` anomalous minutes in a row the new level becomes the baseline.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from simulator.services.detectors import robust_z
from simulator.services.ledger import Window

__all__ = ["LatencyAnomaly", "LatencyDetector"]


@dataclass(frozen=True, slots=True)
class LatencyAnomaly:
    """One LatencyLens anomaly."""

    anomaly_id: str
    model_id: str
    provider: str
    ms: int
    type: str
    severity: str
    observed: float
    baseline: float
    context: dict[str, Any]

    @property
    def deviation_percent(self) -> float:
        """(observed - baseline) / baseline, in percent."""
        return (self.observed - self.baseline) / self.baseline * 100.0 if self.baseline else 0.0

    def wire(self, iso: Callable[[int], str]) -> dict[str, Any]:
        """The LatencyAnomaly JSON object."""
        return {
            "anomalyId": self.anomaly_id,
            "modelId": self.model_id,
            "provider": self.provider,
            "detectedAt": iso(self.ms),
            "type": self.type,
            "severity": self.severity,
            "observedValue": round(self.observed, 4),
            "baselineValue": round(self.baseline, 4),
            "deviationPercent": round(self.deviation_percent, 2),
            "context": self.context,
        }


def severity_of(deviation_percent: float) -> str:
    """low below 50 %, medium below 100 %, high below 200 %, else critical."""
    d = abs(deviation_percent)
    return "low" if d < 50 else "medium" if d < 100 else "high" if d < 200 else "critical"


@dataclass(slots=True)
class _State:
    p50: deque[float] = field(default_factory=deque)
    std: deque[float] = field(default_factory=deque)
    timeouts: deque[float] = field(default_factory=deque)
    streak: int = 0
    recent: deque[float] = field(default_factory=deque)


@dataclass(slots=True)
class LatencyDetector:
    """Robust z-score detector over per-model minute windows."""

    window: int = 30
    min_history: int = 10
    threshold: float = 5.0
    min_samples: int = 10
    variance_ratio: float = 4.0
    accept_after: int = 30
    states: dict[str, _State] = field(default_factory=dict)

    def _params(self) -> dict[str, Any]:
        return {"detector": "mad_zscore", "threshold": self.threshold, "window": self.window}

    def observe(self, model_id: str, provider: str, minute: int, w: Window) -> list[LatencyAnomaly]:
        """Judge one model's minute; return the anomalies it starts."""
        if w.n < self.min_samples:
            return []
        state = self.states.setdefault(model_id, _State())
        p50 = w.percentiles()[0]
        std, timeout_share = w.std_ms, w.timeouts / w.n
        ms = (minute + 1) * 60_000
        found: list[LatencyAnomaly] = []

        def anomaly(kind: str, observed: float, baseline: float, extra: dict[str, Any]) -> None:
            deviation = (observed - baseline) / baseline * 100.0 if baseline else 100.0
            found.append(
                LatencyAnomaly(
                    f"la-{model_id}-{minute}-{kind}", model_id, provider, ms, kind,
                    severity_of(deviation), observed, baseline,
                    {**self._params(), **extra, "minute": minute, "samples": w.n},
                )
            )  # fmt: skip

        if len(state.p50) < self.min_history:
            self._keep(state, p50, std, timeout_share)
            return found
        z, median, mad = robust_z(p50, state.p50, floor=0.02 * (sum(state.p50) / len(state.p50)))
        stats = {
            "metric": "p50_ms",
            "z": round(z, 3),
            "median": round(median, 3),
            "mad": round(mad, 3),
        }
        if z > self.threshold:
            state.streak += 1
            state.recent.append(p50)
            if state.streak == 1:
                anomaly("spike", p50, median, stats)
            elif state.streak == 3:
                anomaly("degradation", p50, median, stats)
            if state.streak >= self.accept_after:  # a lasting new level becomes the baseline
                state.p50 = deque(state.recent)
                state.streak = 0
                state.recent.clear()
            return found
        state.streak = 0
        state.recent.clear()
        t_med = sorted(state.timeouts)[len(state.timeouts) // 2]
        if w.timeouts >= 3 and timeout_share > max(3.0 * t_med, 0.05):
            anomaly("timeout_increase", timeout_share, t_med, {"metric": "timeout_share"})
        s_med = sorted(state.std)[len(state.std) // 2]
        if s_med > 0 and std > self.variance_ratio * s_med:
            anomaly(
                "variance_change", std, s_med, {"metric": "std_ms", "ratio": round(std / s_med, 3)}
            )
        self._keep(state, p50, std, timeout_share)
        return found

    def _keep(self, state: _State, p50: float, std: float, timeouts: float) -> None:
        for values, value in ((state.p50, p50), (state.std, std), (state.timeouts, timeouts)):
            values.append(value)
            if len(values) > self.window:
                values.popleft()
