"""LatencyLens values: latency profiles, throughput, breakdowns, anomalies, summary, comparison."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, TypeAlias

__all__ = [
    "LatencyAnomaly",
    "LatencyAnomalySeverity",
    "LatencyAnomalyType",
    "LatencyBreakdown",
    "LatencyComparison",
    "LatencyProfile",
    "LatencySummary",
    "ModelComparison",
    "ModelLatencySummary",
    "ThroughputStats",
]

LatencyAnomalyType: TypeAlias = Literal[
    "spike", "degradation", "timeout_increase", "variance_change"
]
LatencyAnomalySeverity: TypeAlias = Literal["low", "medium", "high", "critical"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LatencyProfile:
    """Latency percentiles of one model over one measurement window (milliseconds)."""

    profile_id: str
    model_id: str
    provider: str
    timestamp: datetime
    p50_ms: float
    p90_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    std_dev_ms: float
    sample_count: int
    ttft_ms: float | None = None
    tokens_per_second: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ThroughputStats:
    """Request and token rates of one model over one window."""

    stats_id: str
    model_id: str
    provider: str
    window_start: datetime
    window_end: datetime
    requests_per_second: float
    input_tokens_per_second: float
    output_tokens_per_second: float
    total_requests: int
    successful_requests: int
    failed_requests: int
    error_rate: float


@dataclass(frozen=True, slots=True, kw_only=True)
class LatencyBreakdown:
    """Where the time of one request went (milliseconds)."""

    breakdown_id: str
    model_id: str
    total_ms: float
    network_ms: float
    queue_ms: float
    inference_ms: float
    token_gen_ms: float
    overhead_ms: float


@dataclass(frozen=True, slots=True, kw_only=True)
class LatencyAnomaly:
    """A latency anomaly found by LatencyLens's own detector."""

    anomaly_id: str
    model_id: str
    provider: str
    detected_at: datetime
    type: LatencyAnomalyType
    severity: LatencyAnomalySeverity
    observed_value: float
    baseline_value: float
    deviation_percent: float
    context: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelLatencySummary:
    """Current p50/p99 and health of one model."""

    model_id: str
    provider: str
    current_p50_ms: float
    current_p99_ms: float
    status: Literal["healthy", "degraded", "critical"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LatencySummary:
    """The current latency summary of every model."""

    models: tuple[ModelLatencySummary, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class LatencyComparison:
    """Differences between two models' profiles."""

    p50_diff: float
    p99_diff: float
    throughput_diff: float
    recommendation: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelComparison:
    """Two models' latency profiles side by side."""

    model_a: LatencyProfile
    model_b: LatencyProfile
    comparison: LatencyComparison
