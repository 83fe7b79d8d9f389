"""The Observatory adapter: spans, structured events, summaries, slow/error traces, the map.

Feeds: ``traces`` (filtered on ``start_time``, so the cursor is the largest ``startTime`` seen,
not ``endTime``: D15; a span is identified by trace id and span id; limit 50) and ``events``
(cursor ``timestamp``, limit 100). ``get_trace`` refuses the ids ``summary``, ``slow`` and
``errors``, which name other routes (D16).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from adapters.base import BaseAdapter, Since
from adapters.config import ObservatoryConfig
from adapters.errors import InvalidArgument
from adapters.handlers import Handler, Unsubscribe
from adapters.params import QueryValue
from adapters.types.observatory import (
    EventCategory,
    EventSeverity,
    ServiceMap,
    StructuredEvent,
    StructuredEventType,
    TelemetryTrace,
    TraceDetails,
    TraceStatus,
    TraceSummary,
)

__all__ = ["RESERVED_TRACE_IDS", "ObservatoryAdapter"]

TRACES_LIMIT = 50
EVENTS_LIMIT = 100
RESERVED_TRACE_IDS = frozenset({"summary", "slow", "errors"})


def span_key(span: TelemetryTrace) -> str:
    """The identity of one span: its trace id and span id."""
    return f"{span.trace_id}/{span.span_id}"


MIN_TRACE_SETTLE = timedelta(seconds=60)
MAX_TRACE_SETTLE = timedelta(minutes=10)


def trace_settle(trace: TelemetryTrace) -> timedelta:
    """How late a trace like this one may appear behind the start-time cursor.

    A trace is published when it ends but filtered on when it started (D15), so a trace that
    started before the cursor can still arrive: as late as the longest trace seen, with margin,
    and never less than a minute, since the longest trace may be one not yet seen.
    """
    late = (trace.end_time - trace.start_time) * 1.5 + timedelta(seconds=1)
    return min(MAX_TRACE_SETTLE, max(MIN_TRACE_SETTLE, late))


class ObservatoryAdapter(BaseAdapter[ObservatoryConfig]):
    """Consumes Observatory: traces (spans), structured events, summaries, service map."""

    service = "observatory"
    label = "Observatory"
    config_type = ObservatoryConfig

    def _declare_feeds(self) -> None:
        self._traces = self._event_feed(
            "traces",
            lambda since: self.search_traces(start_time=since, limit=TRACES_LIMIT),
            item_id=span_key,
            key=lambda t: t.start_time,
            limit=TRACES_LIMIT,
            settle=trace_settle,
        )
        self._events = self._event_feed(
            "events",
            lambda since: self.fetch_events(since=since, limit=EVENTS_LIMIT),
            item_id=lambda e: e.event_id,
            key=lambda e: e.timestamp,
            limit=EVENTS_LIMIT,
        )

    def search_traces(
        self,
        *,
        service_name: str | None = None,
        operation_name: str | None = None,
        model_id: str | None = None,
        provider: str | None = None,
        status: TraceStatus | None = None,
        min_duration_ms: float | None = None,
        max_duration_ms: float | None = None,
        start_time: Since | None = None,
        end_time: Since | None = None,
        limit: int | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> tuple[TelemetryTrace, ...]:
        """Spans matching the filters; each tag is sent as ``tag.<key>=<value>``."""
        query: dict[str, QueryValue] = {
            "service_name": service_name,
            "operation_name": operation_name,
            "model_id": model_id,
            "provider": provider,
            "status": status,
            "min_duration_ms": min_duration_ms,
            "max_duration_ms": max_duration_ms,
            "start_time": start_time,
            "end_time": end_time,
            "limit": limit,
        }
        for tag, value in (tags or {}).items():
            if not tag:
                raise InvalidArgument(f"Expected non-empty tag names, got tags={dict(tags or {})}.")
            query[f"tag.{tag}"] = value
        return self._list("searchTraces", TelemetryTrace, **query)

    def get_trace(self, trace_id: str) -> TraceDetails:
        """One span with all spans of its trace."""
        if trace_id in RESERVED_TRACE_IDS:
            raise InvalidArgument(
                f"Expected a trace id that is not a route name, got trace_id={trace_id!r}."
            )
        return self._one("getTrace", TraceDetails, trace_id)

    def fetch_events(
        self,
        *,
        type: StructuredEventType | None = None,
        category: EventCategory | None = None,
        severity: EventSeverity | None = None,
        model_id: str | None = None,
        correlation_id: str | None = None,
        since: Since | None = None,
        limit: int | None = None,
    ) -> tuple[StructuredEvent, ...]:
        """Structured events after ``since``, oldest first."""
        return self._list(
            "fetchEvents",
            StructuredEvent,
            type=type,
            category=category,
            severity=severity,
            model_id=model_id,
            correlation_id=correlation_id,
            since=since,
            limit=limit,
        )

    def get_trace_summary(
        self,
        *,
        window_minutes: float | None = None,
        model_id: str | None = None,
        provider: str | None = None,
    ) -> TraceSummary:
        """Trace counts and durations over the last ``window_minutes``."""
        return self._one(
            "getTraceSummary",
            TraceSummary,
            window_minutes=window_minutes,
            model_id=model_id,
            provider=provider,
        )

    def get_slow_traces(
        self, *, threshold_ms: float | None = None, limit: int | None = None
    ) -> tuple[TelemetryTrace, ...]:
        """Spans slower than ``threshold_ms``."""
        return self._list("getSlowTraces", TelemetryTrace, threshold_ms=threshold_ms, limit=limit)

    def get_error_traces(
        self, *, since: Since | None = None, limit: int | None = None
    ) -> tuple[TelemetryTrace, ...]:
        """Spans that ended in error after ``since``."""
        return self._list("getErrorTraces", TelemetryTrace, since=since, limit=limit)

    def get_service_map(self) -> ServiceMap:
        """Services and the calls between them."""
        return self._one("getServiceMap", ServiceMap)

    def on_trace(self, handler: Handler[TelemetryTrace]) -> Unsubscribe:
        """Call ``handler`` once for every new span."""
        return self._traces.handlers.add(handler)

    def on_event(self, handler: Handler[StructuredEvent]) -> Unsubscribe:
        """Call ``handler`` once for every new structured event."""
        return self._events.handlers.add(handler)
