"""Latency and health: p50/p99 and error rate per model against ConfigManager's thresholds,
LatencyLens anomalies, Sentinel health anomalies, RouterL2 load-balancer signals and
throughput against each model's rate limit.

``critical`` findings make the model leave the exploited traffic at once (failover);
``warning`` findings halve its share (latency shift). An error rate counted on requests is
critical only when its Wilson lower bound (at confidence 1 - ``error_p_value``) is above
``errorRate.criticalThreshold`` too: one failure in a dozen requests is noise, not an outage.
"""

from __future__ import annotations

import math
from statistics import NormalDist

from optimizer.findings import Finding, Severity, Snapshot, reason_of
from optimizer.settings import Settings
from optimizer.signals import Metric, Signal
from optimizer.view import ModelStats, Stat

__all__ = ["analyse_latency"]

_LATENCY_LENS_SEVERITY: dict[str, Severity] = {
    "critical": "critical",
    "high": "warning",
    "medium": "warning",
}
_SENTINEL_HEALTH_TYPES = {"latency_spike", "error_rate_increase", "availability_issue"}
_LB_SEVERITY: dict[str, Severity] = {
    "model_slow": "warning",
    "capacity_warning": "warning",
    "capacity_critical": "critical",
}
_LB_ACTION_SEVERITY: dict[str, Severity] = {"disable": "critical", "decrease_weight": "warning"}
_LB_CLEAR = {"model_recovered", "traffic_normalized"}


def analyse_latency(snap: Snapshot) -> list[Finding]:
    """Latency and health findings for every model of the cycle."""
    findings: list[Finding] = []
    for stats in snap.stats.values():
        findings.extend(_thresholds(snap, stats))
        findings.extend(_capacity(snap, stats))
    findings.extend(_latency_lens(snap))
    findings.extend(_sentinel(snap))
    findings.extend(_router(snap))
    return findings


def _thresholds(snap: Snapshot, stats: ModelStats) -> list[Finding]:
    limits = snap.config.thresholds
    model = stats.model_id
    out: list[Finding] = []
    p99 = stats.p99_ms
    if p99 is not None and p99.window != "estimate":
        if p99.value > limits.critical_threshold_ms:
            rule = "p99 above latency.criticalThresholdMs"
            reason = reason_of(
                p99,
                metric="p99_ms",
                observed=p99.value,
                threshold=limits.critical_threshold_ms,
                rule=rule,
                model_id=model,
            )
            out.append(Finding("latency_critical", "critical", model, reason))
        elif p99.value > limits.p99_max_ms:
            reason = reason_of(
                p99,
                metric="p99_ms",
                observed=p99.value,
                threshold=limits.p99_max_ms,
                rule="p99 above latency.p99MaxMs",
                model_id=model,
            )
            out.append(Finding("latency_p99", "warning", model, reason))
    p50 = stats.p50_ms
    if p50 is not None and p50.window != "estimate" and p50.value > limits.degradation_threshold_ms:
        reason = reason_of(
            p50,
            metric="p50_ms",
            observed=p50.value,
            threshold=limits.degradation_threshold_ms,
            rule="p50 above latency.degradationThresholdMs",
            model_id=model,
        )
        out.append(Finding("latency_p50", "warning", model, reason))
    errors = stats.error_rate
    if errors is not None and _failing(errors, limits.error_critical, snap.settings):
        rule = "error rate above errorRate.criticalThreshold"
        if errors.samples:
            rule += f" (its {1 - snap.settings.error_p_value:.0%} lower bound too)"
        reason = reason_of(
            errors,
            metric="error_rate",
            observed=errors.value,
            threshold=limits.error_critical,
            rule=rule,
            model_id=model,
        )
        out.append(Finding("error_rate", "critical", model, reason))
    return out


def _failing(errors: Stat, limit: float, settings: Settings) -> bool:
    """True when the error rate is above ``limit``; for a rate counted on requests, when even
    its Wilson lower bound is (one error in a dozen requests is not an outage)."""
    if errors.value <= limit:
        return False
    n = errors.samples
    if n <= 0:
        return True  # a service's own aggregate: taken as it is
    z = NormalDist().inv_cdf(1.0 - settings.error_p_value)
    p, z2 = errors.value, z * z
    centre = p + z2 / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return (centre - spread) / (1 + z2 / n) > limit


def _capacity(snap: Snapshot, stats: ModelStats) -> list[Finding]:
    model = stats.model_id
    state = snap.config.availability.get(model)
    out: list[Finding] = []
    if state is not None and state.status == "degraded":
        reason = reason_of(
            _config_signal(snap, state.source_id, model),
            metric="status_degraded",
            observed=1.0,
            threshold=0.0,
            rule="ConfigManager reports the model degraded",
        )
        out.append(Finding("status_degraded", "warning", model, reason))
    rps = snap.store.last(model, Metric.RPS)
    if state is None or rps is None or state.requests_per_minute <= 0:
        return out
    if rps.t < snap.now - snap.settings.fast_window_s:
        return out
    utilisation = rps.value * 60.0 / state.requests_per_minute
    if utilisation >= snap.settings.capacity_warning:
        reason = reason_of(
            rps,
            metric="utilisation",
            observed=utilisation,
            threshold=snap.settings.capacity_warning,
            rule="throughput near the model's rate limit",
        )
        out.append(Finding("capacity", "warning", model, reason))
    return out


def _latency_lens(snap: Snapshot) -> list[Finding]:
    out: list[Finding] = []
    for signal in snap.recent("latency_anomaly"):
        severity = _LATENCY_LENS_SEVERITY.get(str(signal.attributes.get("severity")))
        if severity is None or signal.model_id is None:
            continue
        baseline = float(signal.attributes.get("baseline", 0.0))
        rule = f"LatencyLens {signal.attributes.get('type', 'anomaly')} anomaly"
        reason = reason_of(
            signal, metric=signal.metric, observed=signal.value, threshold=baseline, rule=rule
        )
        out.append(Finding("latency_anomaly", severity, signal.model_id, reason))
    return out


def _sentinel(snap: Snapshot) -> list[Finding]:
    out: list[Finding] = []
    for signal in snap.recent("anomaly"):
        kind = str(signal.attributes.get("type"))
        if kind not in _SENTINEL_HEALTH_TYPES or not signal.attributes.get("active", True):
            continue
        level = str(signal.attributes.get("severity"))
        severity: Severity = "critical" if level in ("critical", "error") else "warning"
        if level == "info" or signal.model_id is None:
            continue
        threshold = float(signal.attributes.get("threshold", 0.0))
        reason = reason_of(
            signal,
            metric=signal.metric,
            observed=signal.value,
            threshold=threshold,
            rule=f"Sentinel {kind} anomaly ({level})",
        )
        out.append(Finding("sentinel_anomaly", severity, signal.model_id, reason))
    return out


def _router(snap: Snapshot) -> list[Finding]:
    latest: dict[str, Finding | None] = {}
    for signal in sorted(snap.recent("lb_signal"), key=lambda s: s.t):
        kind = str(signal.attributes.get("type"))
        models = tuple(signal.attributes.get("affected_models", ()))
        if kind in _LB_CLEAR:
            latest.update(dict.fromkeys(models))
            continue
        severity = _LB_SEVERITY.get(kind)
        action = str(signal.attributes.get("action", ""))
        target = signal.attributes.get("target_model")
        if action in _LB_ACTION_SEVERITY and isinstance(target, str):
            models, severity = (target,), _LB_ACTION_SEVERITY[action]
        if severity is None:
            continue
        for model in models:
            reason = reason_of(
                signal,
                metric=kind,
                observed=signal.value,
                threshold=0.0,
                rule=f"RouterL2 {kind} signal {action}".strip(),
                model_id=model,
            )
            latest[model] = Finding("load_balancer", severity, model, reason)
    return [f for f in latest.values() if f is not None]


def _config_signal(snap: Snapshot, source_id: str, model: str) -> Signal:
    return Signal("config_manager", "availability", source_id, snap.now, "status", 0.0, model)
