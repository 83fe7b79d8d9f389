"""The Sentinel adapter: anomalies, drift signals, alerts, health and their details.

Feeds: ``anomalies`` (cursor ``detectedAt``, limit 50), ``drift_signals`` (cursor
``detectedAt``, limit 20) and ``alerts`` (cursor ``createdAt``, unacknowledged only, limit 20).
Later lifecycle changes of an item already delivered (resolution, acknowledgement) are not
re-delivered (D17): the feeds deliver each id once.
"""

from __future__ import annotations

from adapters.base import BaseAdapter, Since
from adapters.config import SentinelConfig
from adapters.handlers import Handler, Unsubscribe
from adapters.types.sentinel import (
    AnomalyDetails,
    AnomalyEvent,
    AnomalyType,
    DriftDetails,
    DriftSignal,
    DriftType,
    HealthStatus,
    SentinelAlert,
    SentinelSeverity,
)

__all__ = ["SentinelAdapter"]

ANOMALIES_LIMIT = 50
DRIFTS_LIMIT = 20
ALERTS_LIMIT = 20


class SentinelAdapter(BaseAdapter[SentinelConfig]):
    """Consumes Sentinel: anomalies, drifts, alerts, health."""

    service = "sentinel"
    label = "Sentinel"
    config_type = SentinelConfig

    def _declare_feeds(self) -> None:
        self._anomalies = self._event_feed(
            "anomalies",
            lambda since: self.fetch_anomalies(since=since, limit=ANOMALIES_LIMIT),
            item_id=lambda a: a.anomaly_id,
            key=lambda a: a.detected_at,
            limit=ANOMALIES_LIMIT,
        )
        self._drifts = self._event_feed(
            "drift_signals",
            lambda since: self.fetch_drift_signals(since=since, limit=DRIFTS_LIMIT),
            item_id=lambda d: d.drift_id,
            key=lambda d: d.detected_at,
            limit=DRIFTS_LIMIT,
        )
        self._alerts = self._event_feed(
            "alerts",
            lambda since: self.fetch_alerts(
                since=since, unacknowledged_only=True, limit=ALERTS_LIMIT
            ),
            item_id=lambda a: a.alert_id,
            key=lambda a: a.created_at,
            limit=ALERTS_LIMIT,
        )

    def fetch_anomalies(
        self,
        *,
        type: AnomalyType | None = None,
        severity: SentinelSeverity | None = None,
        model_id: str | None = None,
        active_only: bool | None = None,
        since: Since | None = None,
        limit: int | None = None,
    ) -> tuple[AnomalyEvent, ...]:
        """Anomalies after ``since``, oldest first."""
        return self._list(
            "fetchAnomalies",
            AnomalyEvent,
            type=type,
            severity=severity,
            model_id=model_id,
            active_only=active_only,
            since=since,
            limit=limit,
        )

    def fetch_drift_signals(
        self,
        *,
        type: DriftType | None = None,
        model_id: str | None = None,
        min_magnitude: float | None = None,
        since: Since | None = None,
        limit: int | None = None,
    ) -> tuple[DriftSignal, ...]:
        """Drift signals after ``since``, oldest first."""
        return self._list(
            "fetchDriftSignals",
            DriftSignal,
            type=type,
            model_id=model_id,
            min_magnitude=min_magnitude,
            since=since,
            limit=limit,
        )

    def fetch_alerts(
        self,
        *,
        severity: SentinelSeverity | None = None,
        unacknowledged_only: bool | None = None,
        since: Since | None = None,
        limit: int | None = None,
    ) -> tuple[SentinelAlert, ...]:
        """Alerts created after ``since``, oldest first."""
        return self._list(
            "fetchAlerts",
            SentinelAlert,
            severity=severity,
            unacknowledged_only=unacknowledged_only,
            since=since,
            limit=limit,
        )

    def get_health_status(self) -> HealthStatus:
        """Overall and per-model health."""
        return self._one("getHealthStatus", HealthStatus)

    def get_anomaly_details(self, anomaly_id: str) -> AnomalyDetails:
        """One anomaly with its history and correlated anomalies."""
        return self._one("getAnomalyDetails", AnomalyDetails, anomaly_id)

    def get_drift_details(self, drift_id: str) -> DriftDetails:
        """One drift with its statistics and tests."""
        return self._one("getDriftDetails", DriftDetails, drift_id)

    def on_anomaly_event(self, handler: Handler[AnomalyEvent]) -> Unsubscribe:
        """Call ``handler`` once for every new anomaly."""
        return self._anomalies.handlers.add(handler)

    def on_drift_signal(self, handler: Handler[DriftSignal]) -> Unsubscribe:
        """Call ``handler`` once for every new drift signal."""
        return self._drifts.handlers.add(handler)

    def on_alert(self, handler: Handler[SentinelAlert]) -> Unsubscribe:
        """Call ``handler`` once for every new unacknowledged alert."""
        return self._alerts.handlers.add(handler)
