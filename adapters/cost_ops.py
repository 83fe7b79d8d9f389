"""The CostOps adapter: cost events, projections, aggregations and the current spend rate.

Feeds: ``cost_events`` (cursor: event ``timestamp`` sent as ``since``, never the event id: D1;
limit 100) and ``projections`` (no cursor, deduplicated by ``projectionId``), which the
reference never polled, leaving ``onProjection`` dead (D2).
"""

from __future__ import annotations

from collections.abc import Sequence

from adapters.base import BaseAdapter, Since
from adapters.config import CostOpsConfig
from adapters.handlers import Handler, Unsubscribe
from adapters.types.cost_ops import (
    AggregationPeriod,
    CostAggregation,
    CostProjection,
    CostTelemetryEvent,
    CurrentRate,
)

__all__ = ["CostOpsAdapter"]

EVENTS_LIMIT = 100


class CostOpsAdapter(BaseAdapter[CostOpsConfig]):
    """Consumes CostOps: cost telemetry, projections, aggregations, current rate."""

    service = "cost-ops"
    label = "CostOps"
    config_type = CostOpsConfig

    def _declare_feeds(self) -> None:
        self._events = self._event_feed(
            "cost_events",
            lambda since: self.fetch_cost_events(since=since, limit=EVENTS_LIMIT),
            item_id=lambda e: e.event_id,
            key=lambda e: e.timestamp,
            limit=EVENTS_LIMIT,
        )
        self._projections = self._event_feed(
            "projections",
            lambda _since: self.fetch_projections(),
            item_id=lambda p: p.projection_id,
            key=lambda p: p.window_start,
            limit=None,
            sends_cursor=False,
        )

    def fetch_cost_events(
        self,
        *,
        since: Since | None = None,
        limit: int | None = None,
        model_id: str | None = None,
        provider: str | None = None,
    ) -> tuple[CostTelemetryEvent, ...]:
        """Cost events after ``since`` (a time), oldest first."""
        return self._list(
            "fetchCostEvents",
            CostTelemetryEvent,
            since=since,
            limit=limit,
            model_id=model_id,
            provider=provider,
        )

    def fetch_projections(
        self, *, window_days: float | None = None, model_ids: Sequence[str] | None = None
    ) -> tuple[CostProjection, ...]:
        """Cost projections with their confidence intervals."""
        return self._list(
            "fetchProjections", CostProjection, window_days=window_days, model_ids=model_ids
        )

    def fetch_aggregations(
        self,
        *,
        period: AggregationPeriod,
        start_time: Since | None = None,
        end_time: Since | None = None,
    ) -> tuple[CostAggregation, ...]:
        """Cost aggregated per ``period`` between two times."""
        return self._list(
            "fetchAggregations",
            CostAggregation,
            period=period,
            start_time=start_time,
            end_time=end_time,
        )

    def get_current_rate(self) -> CurrentRate:
        """The current spend rate per minute and per hour."""
        return self._one("getCurrentRate", CurrentRate)

    def on_cost_event(self, handler: Handler[CostTelemetryEvent]) -> Unsubscribe:
        """Call ``handler`` once for every new cost event; returns the unsubscribe callable."""
        return self._events.handlers.add(handler)

    def on_projection(self, handler: Handler[CostProjection]) -> Unsubscribe:
        """Call ``handler`` once for every new projection; returns the unsubscribe callable."""
        return self._projections.handlers.add(handler)
