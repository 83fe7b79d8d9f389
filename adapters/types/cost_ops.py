"""CostOps values: cost events, projections, aggregations and the current spend rate."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, TypeAlias

__all__ = [
    "AggregationPeriod",
    "CostAggregation",
    "CostProjection",
    "CostTelemetryEvent",
    "CurrentRate",
]

AggregationPeriod: TypeAlias = Literal["hourly", "daily", "weekly", "monthly"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CostTelemetryEvent:
    """One cost event per LLM request."""

    event_id: str
    timestamp: datetime
    model_id: str
    provider: str
    input_tokens: int
    output_tokens: int
    cost_usd: float
    latency_ms: float | None = None
    metadata: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CostProjection:
    """A projected cost over a window, with its confidence interval and breakdowns."""

    projection_id: str
    window_start: datetime
    window_end: datetime
    projected_cost_usd: float
    confidence_lower: float
    confidence_upper: float
    by_model: Mapping[str, float]
    by_provider: Mapping[str, float]


@dataclass(frozen=True, slots=True, kw_only=True)
class CostAggregation:
    """Total cost and requests over one aggregation window."""

    period: AggregationPeriod
    start_time: datetime
    end_time: datetime
    total_cost_usd: float
    total_requests: int
    avg_cost_per_request: float
    cost_by_model: Mapping[str, float]
    cost_by_provider: Mapping[str, float]


@dataclass(frozen=True, slots=True, kw_only=True)
class CurrentRate:
    """The current spend rate in USD."""

    rate_per_minute: float
    rate_per_hour: float
