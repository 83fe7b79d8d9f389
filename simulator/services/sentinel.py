"""Sentinel: anomalies and drifts from real detectors on per-model minute metrics; alerts; health.

The detectors are in ``sentinel_watch`` (CUSUM per metric, Welch's t-test for drift); their
parameters and statistics go into each item's ``context`` / ``statisticalTests``. Anomalies become
inactive (``resolvedAt``) when the metric recovers. Alerts are raised for error and critical
anomalies (acknowledged when the anomaly resolves), for every drift (acknowledged after its
cooldown) and when a model's 5-minute error share crosses ConfigManager's critical threshold
(acknowledged when it falls below the warning threshold). Health counts active anomalies and
drifts of the last hour per model.
"""

from __future__ import annotations

from typing import Any

from simulator.services.base import Context, Params, Service
from simulator.services.errors import NotFound
from simulator.services.ledger import Bucket
from simulator.services.sentinel_records import METRICS, Alert, Anomaly, Drift, Metric
from simulator.services.sentinel_rules import alert_for_drift, anomaly_of, drift_of, severity_of
from simulator.services.sentinel_watch import Alarm, MetricWatch

__all__ = ["Sentinel", "metric_value"]

MIN_REQUESTS = 5
DRIFT_ACTIVE_MINUTES = 60
HISTORY_BEFORE = 30
THRESHOLD_MINUTES = 5
THRESHOLD_REQUESTS = 20


def metric_value(metric: Metric, b: Bucket) -> float | None:
    """The minute value of ``metric`` for one bucket, or None without enough data."""
    if b.n < MIN_REQUESTS:
        return None
    name = metric.name
    if name == "latency_ms":
        return b.lat_sum / b.n
    if name == "error_rate":
        return (b.n - b.ok) / b.n
    if name == "quality":
        return b.quality_sum / b.ok if b.ok >= 3 else None
    if name == "cost_per_request":
        return b.cost / b.n
    return b.out_tok / b.ok if b.ok else None


class Sentinel(Service):
    """Anomalies, drifts, alerts and health, from the ledger's minute buckets."""

    name = "sentinel"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.anomalies = self.feed("fetchAnomalies", per_request=False)
        self.drifts = self.feed("fetchDriftSignals", per_request=False)
        self.alerts = self.feed("fetchAlerts", per_request=False)
        self.watches: dict[tuple[str, str], MetricWatch] = {}
        self.open: dict[tuple[str, str], Anomaly] = {}
        self._by_id: dict[str, Anomaly | Drift] = {}
        self._alerts_of: dict[str, list[Alert]] = {}
        self._pending_acks: list[tuple[int, Alert]] = []
        self._threshold_alerts: dict[str, Alert] = {}
        self._seq = 0

    # -- detection ----------------------------------------------------------------------------

    def on_minute(self, minute: int) -> None:
        """Run every watch on the minute's buckets; raise, resolve and acknowledge items."""
        end_ms = (minute + 1) * 60_000
        row = self.hub.ledger.row(minute)
        for model_id, b in sorted(row.buckets.items()):
            for metric in METRICS:
                value = metric_value(metric, b)
                if value is not None:
                    self._watch(model_id, metric, minute, value, b.n, end_ms)
            self._threshold(model_id, minute, end_ms)
        self._acknowledge_due(minute, end_ms)
        if minute % 60 == 0:
            self._prune()

    def _watch(
        self, model_id: str, metric: Metric, minute: int, value: float, n: int, end_ms: int
    ) -> None:
        key = (model_id, metric.name)
        watch = self.watches.get(key)
        if watch is None:
            watch = self.watches[key] = MetricWatch(metric)
        result = watch.observe(minute, value, n)
        if isinstance(result, Alarm):
            self._raise(model_id, metric, minute, result, watch, end_ms)
        elif result is not None and key in self.open:
            self._resolve(self.open.pop(key), result, end_ms, minute)
        test = watch.drift(minute)
        if test is not None:
            drift = drift_of(
                model_id, self.provider_of(model_id), metric, minute, test, watch.alpha
            )
            self.drifts.add(end_ms, drift, drift.drift_id)
            self._by_id[drift.drift_id] = drift
            alert = self._alert(alert_for_drift(drift, self._next_id()), end_ms)
            self._pending_acks.append((test.current[1] + 90, alert))

    def _raise(
        self,
        model_id: str,
        metric: Metric,
        minute: int,
        alarm: Alarm,
        watch: MetricWatch,
        end_ms: int,
    ) -> None:
        severity = severity_of(metric, alarm, self.ctx.control.thresholds)
        anomaly = anomaly_of(
            model_id, self.provider_of(model_id), metric, minute, alarm, watch, severity
        )
        self.open[(model_id, metric.name)] = anomaly
        self.anomalies.add(end_ms, anomaly, anomaly.anomaly_id)
        self._by_id[anomaly.anomaly_id] = anomaly
        if severity in ("error", "critical"):
            self._alert(
                Alert(
                    self._next_id(), end_ms, "anomaly", severity,
                    f"{anomaly.type} on {model_id}",
                    f"{metric.name} of {model_id} deviates {anomaly.deviation_percent:+.1f} % "
                    f"from its baseline (CUSUM statistic {alarm.statistic:.2f}).",
                    [model_id, anomaly.provider], [anomaly.anomaly_id],
                ),
                end_ms,
            )  # fmt: skip

    def _resolve(self, anomaly: Anomaly, how: str, end_ms: int, minute: int) -> None:
        anomaly.active = False
        anomaly.resolved_ms = end_ms
        anomaly.last_minute = minute
        anomaly.context["resolution"] = how
        for alert in self._alerts_of.pop(anomaly.anomaly_id, []):
            if alert.acknowledged_ms is None:
                alert.acknowledged_ms = end_ms

    def _threshold(self, model_id: str, minute: int, end_ms: int) -> None:
        w = self.hub.ledger.window(minute - THRESHOLD_MINUTES + 1, minute, (model_id,))
        if w.n < THRESHOLD_REQUESTS:
            return
        limits = self.ctx.control.thresholds["errorRate"]
        share = w.error_rate
        open_alert = self._threshold_alerts.get(model_id)
        if open_alert is None and share > limits["criticalThreshold"]:
            self._threshold_alerts[model_id] = self._alert(
                Alert(
                    self._next_id(), end_ms, "threshold", "critical",
                    f"error rate above threshold on {model_id}",
                    f"{share:.1%} of the last {THRESHOLD_MINUTES} minutes' requests failed "
                    f"(critical threshold {limits['criticalThreshold']:.1%}).",
                    [model_id, self.provider_of(model_id)], [],
                ),
                end_ms,
            )  # fmt: skip
        elif open_alert is not None and share <= limits["warningThreshold"]:
            open_alert.acknowledged_ms = end_ms
            del self._threshold_alerts[model_id]

    def _alert(self, alert: Alert, end_ms: int) -> Alert:
        self.alerts.add(end_ms, alert, alert.alert_id)
        for related in alert.related:
            self._alerts_of.setdefault(related, []).append(alert)
        return alert

    def _acknowledge_due(self, minute: int, end_ms: int) -> None:
        due = [a for m, a in self._pending_acks if m <= minute]
        if due:
            self._pending_acks = [(m, a) for m, a in self._pending_acks if m > minute]
            for alert in due:
                if alert.acknowledged_ms is None:
                    alert.acknowledged_ms = end_ms

    def _prune(self) -> None:
        live = {a.anomaly_id for a in self.anomalies} | {d.drift_id for d in self.drifts}
        self._by_id = {k: v for k, v in self._by_id.items() if k in live}
        self._alerts_of = {k: v for k, v in self._alerts_of.items() if k in live}

    def _next_id(self) -> str:
        self._seq += 1
        return f"alert-{self._seq:07d}"

    # -- operations ---------------------------------------------------------------------------

    def operations(self) -> dict[str, Any]:
        """operationId -> handler."""
        return {
            "fetchAnomalies": self.fetch_anomalies,
            "fetchDriftSignals": self.fetch_drift_signals,
            "fetchAlerts": self.fetch_alerts,
            "getHealthStatus": self.get_health_status,
            "getAnomalyDetails": self.get_anomaly_details,
            "getDriftDetails": self.get_drift_details,
        }

    def fetch_anomalies(self, params: Params) -> dict[str, Any]:
        """``{anomalies: [...]}``: anomalies detected after ``since``, oldest first."""
        self.now()
        kind, severity, model = params.get("type"), params.get("severity"), params.get("model_id")
        active_only = bool(params.get("active_only"))

        def where(a: Anomaly) -> bool:
            return (
                (kind is None or a.type == kind)
                and (severity is None or a.severity == severity)
                and (model is None or a.model_id == model)
                and (not active_only or a.active)
            )

        page = self.anomalies.since(
            self.time_ms(params, "since"),
            self.limit(params, 50),
            where,
            inclusive=self.since_inclusive,
        )
        return {"anomalies": [a.wire(self.stamps.iso_ms) for a in page]}

    def fetch_drift_signals(self, params: Params) -> dict[str, Any]:
        """``{drifts: [...]}``: drift signals detected after ``since``, oldest first."""
        self.now()
        kind, model = params.get("type"), params.get("model_id")
        least = float(params.get("min_magnitude") or 0.0)

        def where(d: Drift) -> bool:
            return (
                (kind is None or d.type == kind)
                and (model is None or d.model_id == model)
                and (d.magnitude >= least)
            )

        page = self.drifts.since(
            self.time_ms(params, "since"),
            self.limit(params, 20),
            where,
            inclusive=self.since_inclusive,
        )
        return {"drifts": [d.wire(self.stamps.iso_ms) for d in page]}

    def fetch_alerts(self, params: Params) -> dict[str, Any]:
        """``{alerts: [...]}``: alerts created after ``since``, oldest first."""
        self.now()
        severity = params.get("severity")
        unacknowledged = bool(params.get("unacknowledged_only"))

        def where(a: Alert) -> bool:
            return (severity is None or a.severity == severity) and (
                not unacknowledged or a.acknowledged_ms is None
            )

        page = self.alerts.since(
            self.time_ms(params, "since"),
            self.limit(params, 20),
            where,
            inclusive=self.since_inclusive,
        )
        return {"alerts": [a.wire(self.stamps.iso_ms) for a in page]}

    def get_health_status(self, params: Params) -> dict[str, Any]:
        """Health per model from its active anomalies and recent drifts; alert counts."""
        self.now()
        checked_ms = (self.hub.ledger.closed + 1) * 60_000
        recent = checked_ms - DRIFT_ACTIVE_MINUTES * 60_000
        active: dict[str, list[Anomaly]] = {}
        for anomaly in self.open.values():
            active.setdefault(anomaly.model_id, []).append(anomaly)
        drifts: dict[str, int] = {}
        for drift in self.drifts.between(recent, checked_ms + 1):
            drifts[drift.model_id] = drifts.get(drift.model_id, 0) + 1
        models = []
        for model_id in sorted(set(self.ctx.catalogue) | set(active) | set(drifts)):
            mine = active.get(model_id, [])
            if any(a.severity == "critical" for a in mine) or len(mine) >= 2:
                status = "unhealthy"
            elif mine or drifts.get(model_id):
                status = "degraded"
            else:
                status = "healthy"
            models.append(
                {
                    "modelId": model_id,
                    "provider": self.provider_of(model_id),
                    "status": status,
                    "activeAnomalies": len(mine),
                    "activeDrifts": drifts.get(model_id, 0),
                    "lastChecked": self.stamps.iso_ms(checked_ms),
                }
            )
        counts = dict.fromkeys(("info", "warning", "error", "critical"), 0)
        for alert in self.alerts:
            if alert.acknowledged_ms is None:
                counts[alert.severity] += 1
        statuses = {m["status"] for m in models}
        overall = next((s for s in ("unhealthy", "degraded") if s in statuses), "healthy")
        return {"status": overall, "models": models, "alertCounts": counts}

    def get_anomaly_details(self, params: Params) -> dict[str, Any]:
        """One anomaly with its metric's minute history and correlated anomalies; 404 if unknown."""
        self.now()
        anomaly_id = str(params.get("anomalyId", ""))
        anomaly = self._by_id.get(anomaly_id)
        if not isinstance(anomaly, Anomaly):
            raise NotFound(f"No anomaly with anomalyId={anomaly_id!r}.")
        metric = next(m for m in METRICS if m.name == anomaly.metric)
        last = anomaly.last_minute if anomaly.last_minute is not None else self.hub.ledger.closed
        history = []
        for row in self.hub.ledger.span(anomaly.first_minute - HISTORY_BEFORE, last):
            b = row.buckets.get(anomaly.model_id)
            value = metric_value(metric, b) if b is not None else None
            if value is not None:
                history.append(
                    {
                        "timestamp": self.stamps.iso_ms((row.minute + 1) * 60_000),
                        "value": round(value, 6),
                    }
                )
        return {
            **anomaly.wire(self.stamps.iso_ms),
            "history": history,
            "correlatedAnomalies": self._correlated(anomaly),
        }

    def _correlated(self, anomaly: Anomaly) -> list[str]:
        now_minute = self.hub.ledger.closed
        lo, hi = (
            anomaly.first_minute,
            anomaly.last_minute if anomaly.last_minute is not None else now_minute,
        )
        found = []
        for other in self.anomalies:
            if other is anomaly:
                continue
            other_hi = other.last_minute if other.last_minute is not None else now_minute
            related = other.model_id == anomaly.model_id or other.provider == anomaly.provider
            if related and other.first_minute <= hi and lo <= other_hi:
                found.append(other.anomaly_id)
        return found

    def get_drift_details(self, params: Params) -> dict[str, Any]:
        """One drift with baseline and current statistics and the tests; 404 if unknown."""
        self.now()
        drift_id = str(params.get("driftId", ""))
        drift = self._by_id.get(drift_id)
        if not isinstance(drift, Drift):
            raise NotFound(f"No drift signal with driftId={drift_id!r}.")
        return drift.details(self.stamps.iso_ms)
