"""How Sentinel turns detector output into items: severity, anomaly and drift records, alerts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simulator.services.sentinel_records import Alert, Anomaly, Drift, Metric
from simulator.services.sentinel_watch import Alarm, DriftTest, MetricWatch
from simulator.services.stats import mean_std, percentile

__all__ = ["alert_for_drift", "anomaly_of", "drift_of", "severity_of"]

AVAILABILITY_SHARE = 0.5  # an error share at least this high is an availability issue


def severity_of(metric: Metric, alarm: Alarm, thresholds: Mapping[str, Any]) -> str:
    """warning / error / critical from the size of the deviation (thresholds for error rates)."""
    if metric.name == "error_rate":
        limits = thresholds["errorRate"]
        if alarm.value > limits["criticalThreshold"]:
            return "critical"
        return "error" if alarm.value > limits["warningThreshold"] else "warning"
    if metric.name == "quality":
        drop = alarm.mean - alarm.value
        return "critical" if drop >= 0.2 else "error" if drop >= 0.1 else "warning"
    change = abs(alarm.value - alarm.mean) / max(abs(alarm.mean), 1e-12)
    return "critical" if change >= 1.0 else "error" if change >= 0.4 else "warning"


def anomaly_of(
    model_id: str,
    provider: str,
    metric: Metric,
    minute: int,
    alarm: Alarm,
    watch: MetricWatch,
    severity: str,
) -> Anomaly:
    """The anomaly a CUSUM alarm opens, with the detector's parameters and statistic in context."""
    kind = metric.anomaly_type
    if metric.name == "error_rate" and alarm.value >= AVAILABILITY_SHARE:
        kind = "availability_issue"
    sign = -1.0 if metric.direction < 0 or (metric.direction == 0 and alarm.z < 0) else 1.0
    context = {
        "detector": "cusum",
        "k": watch.cusum.k,
        "h": watch.cusum.h,
        "statistic": round(alarm.statistic, 4),
        "z": round(alarm.z, 4),
        "baselineMean": alarm.mean,
        "baselineStd": alarm.std,
        "baselineMinutes": len(watch.baseline.values),
        "direction": "down" if sign < 0 else "up",
    }
    return Anomaly(
        anomaly_id=f"sa-{model_id}-{metric.name}-{minute}",
        ms=(minute + 1) * 60_000,
        type=kind,
        severity=severity,
        model_id=model_id,
        provider=provider,
        metric=metric.name,
        observed=alarm.value,
        expected=alarm.mean,
        threshold=alarm.mean + sign * 3.0 * alarm.std,
        context=context,
        first_minute=minute,
    )


def _stats(values: tuple[float, ...]) -> dict[str, float]:
    mean, std = mean_std(values)
    ordered = sorted(values)
    return {
        "mean": mean,
        "std": std,
        "median": percentile(ordered, 50.0),
        "min": ordered[0],
        "max": ordered[-1],
        "n": float(len(values)),
    }


def drift_of(
    model_id: str, provider: str, metric: Metric, minute: int, test: DriftTest, alpha: float
) -> Drift:
    """The drift signal of a significant test."""
    current = _stats(test.cur_values)
    current.update(
        {"tStatistic": test.welch.statistic, "df": test.welch.df, "ksStatistic": test.ks.statistic}
    )
    worse = test.change * (metric.direction or 1) > 0
    advice = f"{metric.name} of {model_id} moved {test.change:+.1%}: " + (
        "shift traffic away or re-baseline the thresholds" if worse else "re-baseline"
    )
    return Drift(
        drift_id=f"sd-{model_id}-{metric.name}-{minute}",
        ms=(minute + 1) * 60_000,
        type=metric.drift_type,
        model_id=model_id,
        provider=provider,
        metric=metric.name,
        magnitude=min(1.0, abs(test.change)),
        p_value=min(1.0, max(0.0, test.welch.p_value)),
        baseline=(test.reference[0] * 60_000, (test.reference[1] + 1) * 60_000),
        observation=(test.current[0] * 60_000, (test.current[1] + 1) * 60_000),
        baseline_stats=_stats(test.ref_values),
        current_stats=current,
        tests=[
            ("welch_t_test", test.welch.p_value, test.welch.p_value < alpha),
            ("ks_2samp", test.ks.p_value, test.ks.p_value < alpha),
        ],
        recommendation=advice,
    )


def alert_for_drift(drift: Drift, alert_id: str) -> Alert:
    """The alert of a drift: warning, or error when it moved by more than 30 %."""
    return Alert(
        alert_id,
        drift.ms,
        "drift",
        "error" if drift.magnitude > 0.3 else "warning",
        f"{drift.type} on {drift.model_id}",
        f"{drift.metric} drifted by {drift.magnitude:.1%} (Welch p = {drift.p_value:.2e}).",
        [drift.model_id, drift.provider],
        [drift.drift_id],
    )
