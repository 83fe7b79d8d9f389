"""The LatencyLens adapter: latency profiles, throughput, breakdowns, anomalies, comparisons.

Feeds: ``latency_profiles`` (cursor ``timestamp``, limit 50), ``throughput_stats`` (the last
minute's window, no cursor: deduplicated by ``statsId`` so a window is delivered once, D18) and
``latency_anomalies`` (cursor ``detectedAt``, limit 20).
"""

from __future__ import annotations

from collections.abc import Sequence

from adapters.base import BaseAdapter, Since
from adapters.config import LatencyLensConfig
from adapters.handlers import Handler, Unsubscribe
from adapters.types.latency_lens import (
    LatencyAnomaly,
    LatencyAnomalySeverity,
    LatencyAnomalyType,
    LatencyBreakdown,
    LatencyProfile,
    LatencySummary,
    ModelComparison,
    ThroughputStats,
)

__all__ = ["LatencyLensAdapter"]

PROFILES_LIMIT = 50
ANOMALIES_LIMIT = 20
THROUGHPUT_WINDOW_MINUTES = 1


class LatencyLensAdapter(BaseAdapter[LatencyLensConfig]):
    """Consumes LatencyLens: profiles, throughput, breakdowns, anomalies, summary, comparison."""

    service = "latency-lens"
    label = "LatencyLens"
    config_type = LatencyLensConfig

    def _declare_feeds(self) -> None:
        self._profiles = self._event_feed(
            "latency_profiles",
            lambda since: self.fetch_latency_profiles(since=since, limit=PROFILES_LIMIT),
            item_id=lambda p: p.profile_id,
            key=lambda p: p.timestamp,
            limit=PROFILES_LIMIT,
        )
        self._throughput = self._event_feed(
            "throughput_stats",
            lambda _since: self.fetch_throughput_stats(window_minutes=THROUGHPUT_WINDOW_MINUTES),
            item_id=lambda s: s.stats_id,
            key=lambda s: s.window_end,
            limit=None,
            sends_cursor=False,
        )
        self._anomalies = self._event_feed(
            "latency_anomalies",
            lambda since: self.fetch_anomalies(since=since, limit=ANOMALIES_LIMIT),
            item_id=lambda a: a.anomaly_id,
            key=lambda a: a.detected_at,
            limit=ANOMALIES_LIMIT,
        )

    def fetch_latency_profiles(
        self,
        *,
        model_ids: Sequence[str] | None = None,
        providers: Sequence[str] | None = None,
        since: Since | None = None,
        limit: int | None = None,
    ) -> tuple[LatencyProfile, ...]:
        """Latency profiles after ``since``, oldest first."""
        return self._list(
            "fetchLatencyProfiles",
            LatencyProfile,
            model_ids=model_ids,
            providers=providers,
            since=since,
            limit=limit,
        )

    def fetch_throughput_stats(
        self, *, model_ids: Sequence[str] | None = None, window_minutes: float | None = None
    ) -> tuple[ThroughputStats, ...]:
        """Throughput of each model over the last ``window_minutes``."""
        return self._list(
            "fetchThroughputStats",
            ThroughputStats,
            model_ids=model_ids,
            window_minutes=window_minutes,
        )

    def fetch_latency_breakdown(self, request_id: str) -> LatencyBreakdown:
        """Where the time of one request went."""
        return self._one("fetchLatencyBreakdown", LatencyBreakdown, request_id)

    def fetch_anomalies(
        self,
        *,
        severity: LatencyAnomalySeverity | None = None,
        type: LatencyAnomalyType | None = None,
        since: Since | None = None,
        limit: int | None = None,
    ) -> tuple[LatencyAnomaly, ...]:
        """Latency anomalies after ``since``, oldest first."""
        return self._list(
            "fetchAnomalies", LatencyAnomaly, severity=severity, type=type, since=since, limit=limit
        )

    def get_current_summary(self) -> LatencySummary:
        """Current p50/p99 and health of every model."""
        return self._one("getCurrentSummary", LatencySummary)

    def compare_models(self, model_a: str, model_b: str) -> ModelComparison:
        """Two models' latency profiles and their differences."""
        return self._one("compareModels", ModelComparison, model_a=model_a, model_b=model_b)

    def on_latency_profile(self, handler: Handler[LatencyProfile]) -> Unsubscribe:
        """Call ``handler`` once for every new latency profile."""
        return self._profiles.handlers.add(handler)

    def on_throughput_stats(self, handler: Handler[ThroughputStats]) -> Unsubscribe:
        """Call ``handler`` once for every new throughput window (by ``statsId``)."""
        return self._throughput.handlers.add(handler)

    def on_latency_anomaly(self, handler: Handler[LatencyAnomaly]) -> Unsubscribe:
        """Call ``handler`` once for every new latency anomaly."""
        return self._anomalies.handlers.add(handler)
