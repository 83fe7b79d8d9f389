"""Sentinel values: anomalies, drift signals, alerts, health, and their detailed forms."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, TypeAlias

from adapters.types.common import TimeWindow

__all__ = [
    "AlertType",
    "AnomalyDetails",
    "AnomalyEvent",
    "AnomalyType",
    "DriftDetails",
    "DriftSignal",
    "DriftType",
    "HealthState",
    "HealthStatus",
    "MetricPoint",
    "ModelHealth",
    "SentinelAlert",
    "SentinelSeverity",
    "StatisticalTest",
]

AnomalyType: TypeAlias = Literal[
    "latency_spike",
    "error_rate_increase",
    "throughput_drop",
    "cost_anomaly",
    "quality_degradation",
    "availability_issue",
    "rate_limit_approach",
    "token_usage_spike",
    "response_size_anomaly",
    "custom",
]
DriftType: TypeAlias = Literal[
    "performance_drift",
    "quality_drift",
    "cost_drift",
    "behavior_drift",
    "distribution_drift",
    "concept_drift",
]
SentinelSeverity: TypeAlias = Literal["info", "warning", "error", "critical"]
AlertType: TypeAlias = Literal["anomaly", "drift", "threshold", "pattern"]
HealthState: TypeAlias = Literal["healthy", "degraded", "unhealthy"]


@dataclass(frozen=True, slots=True, kw_only=True)
class AnomalyEvent:
    """An anomaly Sentinel detected on one model's metric."""

    anomaly_id: str
    detected_at: datetime
    type: AnomalyType
    severity: SentinelSeverity
    model_id: str
    provider: str
    description: str
    metric: str
    observed_value: float
    expected_value: float
    threshold: float
    deviation_percent: float
    is_active: bool
    resolved_at: datetime | None = None
    context: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MetricPoint:
    """One point of a metric's history."""

    timestamp: datetime
    value: float


@dataclass(frozen=True, slots=True, kw_only=True)
class AnomalyDetails(AnomalyEvent):
    """An anomaly with its metric history and correlated anomaly ids."""

    history: tuple[MetricPoint, ...]
    correlated_anomalies: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class DriftSignal:
    """A statistically significant drift between a baseline and an observation period."""

    drift_id: str
    detected_at: datetime
    type: DriftType
    model_id: str
    provider: str
    magnitude: float
    p_value: float
    confidence: float
    baseline_period: TimeWindow
    observation_period: TimeWindow
    affected_metrics: tuple[str, ...]
    recommendation: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StatisticalTest:
    """One statistical test behind a drift."""

    test: str
    result: float
    significant: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class DriftDetails(DriftSignal):
    """A drift with its baseline and current statistics and the tests run."""

    baseline_stats: Mapping[str, float]
    current_stats: Mapping[str, float]
    statistical_tests: tuple[StatisticalTest, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SentinelAlert:
    """An alert raised from anomalies, drifts, thresholds or patterns."""

    alert_id: str
    created_at: datetime
    type: AlertType
    severity: SentinelSeverity
    title: str
    description: str
    affected_resources: tuple[str, ...]
    acknowledged: bool
    related_ids: tuple[str, ...]
    acknowledged_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelHealth:
    """Health of one model as Sentinel sees it."""

    model_id: str
    provider: str
    status: HealthState
    active_anomalies: int
    active_drifts: int
    last_checked: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class HealthStatus:
    """Overall and per-model health, with active alert counts by severity."""

    status: HealthState
    models: tuple[ModelHealth, ...]
    alert_counts: Mapping[str, int]
