"""Sentinel's items: anomalies (with a lifecycle), drift signals and alerts, and their JSON."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["METRICS", "Alert", "Anomaly", "Drift", "Metric"]

Iso = Callable[[int], str]


@dataclass(frozen=True, slots=True)
class Metric:
    """A per-model, per-minute metric Sentinel watches, and how it is judged."""

    name: str
    anomaly_type: str
    drift_type: str
    direction: int  # +1: bad when it rises, -1: bad when it falls, 0: both
    rel_floor: float  # floor of the baseline std, relative to the baseline mean
    abs_floor: float  # absolute floor of the baseline std
    min_effect: float  # smallest relative change reported as drift


METRICS = (
    Metric("latency_ms", "latency_spike", "performance_drift", 1, 0.05, 1.0, 0.15),
    Metric("error_rate", "error_rate_increase", "performance_drift", 1, 0.0, 0.005, 0.5),
    Metric("quality", "quality_degradation", "quality_drift", -1, 0.01, 0.005, 0.03),
    Metric("cost_per_request", "cost_anomaly", "cost_drift", 0, 0.05, 1e-7, 0.1),
    Metric("output_tokens", "token_usage_spike", "behavior_drift", 1, 0.05, 1.0, 0.1),
)


@dataclass(slots=True)
class Anomaly:
    """An anomaly of one model's metric; active until the metric recovers."""

    anomaly_id: str
    ms: int
    type: str
    severity: str
    model_id: str
    provider: str
    metric: str
    observed: float
    expected: float
    threshold: float
    context: dict[str, Any]
    first_minute: int
    active: bool = True
    resolved_ms: int | None = None
    last_minute: int | None = None

    @property
    def deviation_percent(self) -> float:
        """(observed - expected) / expected in percent (100 when expected is 0)."""
        if self.expected == 0:
            return 100.0 if self.observed else 0.0
        return (self.observed - self.expected) / abs(self.expected) * 100.0

    def wire(self, iso: Iso) -> dict[str, Any]:
        """The AnomalyEvent JSON object."""
        body: dict[str, Any] = {
            "anomalyId": self.anomaly_id,
            "detectedAt": iso(self.ms),
            "type": self.type,
            "severity": self.severity,
            "modelId": self.model_id,
            "provider": self.provider,
            "description": (
                f"{self.metric} of {self.model_id} at {self.observed:.4g} against an expected "
                f"{self.expected:.4g} ({self.deviation_percent:+.1f} %)"
            ),
            "metric": self.metric,
            "observedValue": round(self.observed, 6),
            "expectedValue": round(self.expected, 6),
            "threshold": round(self.threshold, 6),
            "deviationPercent": round(self.deviation_percent, 2),
            "isActive": self.active,
            "context": self.context,
        }
        if self.resolved_ms is not None:
            body["resolvedAt"] = iso(self.resolved_ms)
        return body


@dataclass(slots=True)
class Drift:
    """A drift of one model's metric between a baseline and an observation window."""

    drift_id: str
    ms: int
    type: str
    model_id: str
    provider: str
    metric: str
    magnitude: float
    p_value: float
    baseline: tuple[int, int]  # ms
    observation: tuple[int, int]  # ms
    baseline_stats: dict[str, float]
    current_stats: dict[str, float]
    tests: list[tuple[str, float, bool]]
    recommendation: str

    def wire(self, iso: Iso) -> dict[str, Any]:
        """The DriftSignal JSON object."""
        return {
            "driftId": self.drift_id,
            "detectedAt": iso(self.ms),
            "type": self.type,
            "modelId": self.model_id,
            "provider": self.provider,
            "magnitude": round(self.magnitude, 6),
            "pValue": self.p_value,
            "confidence": round(1.0 - self.p_value, 9),
            "baselinePeriod": {"start": iso(self.baseline[0]), "end": iso(self.baseline[1])},
            "observationPeriod": {
                "start": iso(self.observation[0]),
                "end": iso(self.observation[1]),
            },
            "affectedMetrics": [self.metric],
            "recommendation": self.recommendation,
        }

    def details(self, iso: Iso) -> dict[str, Any]:
        """The DriftDetails JSON object."""
        return {
            **self.wire(iso),
            "baselineStats": self.baseline_stats,
            "currentStats": self.current_stats,
            "statisticalTests": [
                {"test": name, "result": result, "significant": significant}
                for name, result, significant in self.tests
            ],
        }


@dataclass(slots=True)
class Alert:
    """An alert raised from anomalies, drifts or thresholds; acknowledged when its cause ends."""

    alert_id: str
    ms: int
    type: str
    severity: str
    title: str
    description: str
    resources: list[str]
    related: list[str]
    acknowledged_ms: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def wire(self, iso: Iso) -> dict[str, Any]:
        """The SentinelAlert JSON object."""
        body: dict[str, Any] = {
            "alertId": self.alert_id,
            "createdAt": iso(self.ms),
            "type": self.type,
            "severity": self.severity,
            "title": self.title,
            "description": self.description,
            "affectedResources": self.resources,
            "acknowledged": self.acknowledged_ms is not None,
            "relatedIds": self.related,
        }
        if self.acknowledged_ms is not None:
            body["acknowledgedAt"] = iso(self.acknowledged_ms)
        return body
