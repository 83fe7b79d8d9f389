"""Observatory values: spans (one ``TelemetryTrace`` is one span), events, summaries, the map."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, TypeAlias

from adapters.types.common import AttributeValue, TimeWindow

__all__ = [
    "EventCategory",
    "EventSeverity",
    "ServiceEdge",
    "ServiceMap",
    "ServiceNode",
    "SpanEvent",
    "SpanLink",
    "StructuredEvent",
    "StructuredEventType",
    "TelemetryTrace",
    "TraceDetails",
    "TraceResource",
    "TraceStatus",
    "TraceSummary",
]

TraceStatus: TypeAlias = Literal["ok", "error", "timeout"]
StructuredEventType: TypeAlias = Literal[
    "request.start",
    "request.complete",
    "request.error",
    "model.switch",
    "model.fallback",
    "cache.hit",
    "cache.miss",
    "rate_limit.warning",
    "rate_limit.exceeded",
    "token.usage",
    "cost.recorded",
    "latency.threshold",
    "error.retry",
    "error.final",
    "optimization.triggered",
    "config.changed",
    "custom",
]
EventCategory: TypeAlias = Literal["llm", "system", "user", "security", "performance"]
EventSeverity: TypeAlias = Literal["debug", "info", "warn", "error", "fatal"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SpanEvent:
    """A timestamped event inside a span."""

    name: str
    timestamp: datetime
    attributes: Mapping[str, AttributeValue]


@dataclass(frozen=True, slots=True, kw_only=True)
class SpanLink:
    """A link from a span to another span."""

    trace_id: str
    span_id: str
    attributes: Mapping[str, AttributeValue]


@dataclass(frozen=True, slots=True, kw_only=True)
class TraceResource:
    """Resource attributes of a span (all optional)."""

    model_id: str | None = None
    provider: str | None = None
    version: str | None = None
    environment: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TelemetryTrace:
    """One span of a trace; ``(trace_id, span_id)`` identifies it."""

    trace_id: str
    span_id: str
    operation_name: str
    service_name: str
    start_time: datetime
    end_time: datetime
    duration_ms: float
    status: TraceStatus
    attributes: Mapping[str, AttributeValue]
    resource: TraceResource
    events: tuple[SpanEvent, ...]
    links: tuple[SpanLink, ...]
    parent_span_id: str | None = None
    error_message: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TraceDetails(TelemetryTrace):
    """A span with every span of its trace."""

    spans: tuple[TelemetryTrace, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class StructuredEvent:
    """A structured operational event (model switch, retry, config change ...)."""

    event_id: str
    timestamp: datetime
    type: StructuredEventType
    category: EventCategory
    severity: EventSeverity
    message: str
    source: str
    data: Mapping[str, Any]
    tags: tuple[str, ...]
    correlation_id: str | None = None
    trace_id: str | None = None
    model_id: str | None = None
    provider: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TraceSummary:
    """Trace counts, durations and error rate over a window."""

    window: TimeWindow
    total_traces: int
    by_status: Mapping[str, int]
    avg_duration_ms: float
    p50_duration_ms: float
    p99_duration_ms: float
    error_rate: float
    by_model: Mapping[str, int]
    by_provider: Mapping[str, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceNode:
    """A service of the map."""

    name: str
    type: str
    request_count: int
    error_rate: float
    avg_latency_ms: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceEdge:
    """Calls from one service to another."""

    from_: str = field(metadata={"wire": "from"})
    to: str
    request_count: int
    avg_latency_ms: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceMap:
    """Services and the calls between them."""

    services: tuple[ServiceNode, ...]
    edges: tuple[ServiceEdge, ...]
