"""Cost: the fleet's spend rate and daily projection (CostOps) against the hourly and daily
budgets, and the fleet's mean cost per request against ``maxCostPerRequest``.

Cost pressure starts at ``cost.alertThreshold`` of a budget (a warning) and is critical at the
budget itself. Without a CostOps rate the optimizer estimates one from the cost events it saw
in the slow window, which can only under-count (a lossy feed never causes false alarms).
"""

from __future__ import annotations

from collections.abc import Mapping

from optimizer.findings import Finding, Snapshot, reason_of
from optimizer.signals import Metric, Signal

__all__ = ["analyse_cost", "fleet_cost_per_request", "predicted_rate", "spend_rate"]


def analyse_cost(snap: Snapshot) -> list[Finding]:
    """Fleet-level cost findings (``model_id`` None)."""
    limits = snap.config.thresholds
    findings: list[Finding] = []
    rate = spend_rate(snap)
    if rate is not None:
        finding = _budget(
            "cost_rate", rate, limits.hourly_budget, limits.alert_threshold, "cost.hourlyBudget"
        )
        findings.extend(finding)
    projection = _fresh(snap, Metric.PROJECTED_DAILY)
    if projection is not None:
        finding = _budget(
            "cost_projection",
            projection,
            limits.daily_budget,
            limits.alert_threshold,
            "cost.dailyBudget",
        )
        findings.extend(finding)
    per_request = fleet_cost_per_request(snap)
    if per_request is not None and per_request[0] > limits.max_cost_per_request:
        mean, evidence = per_request
        reason = reason_of(
            evidence,
            metric="cost_per_request",
            observed=mean,
            threshold=limits.max_cost_per_request,
            rule="fleet mean cost above cost.maxCostPerRequest",
            fleet=True,
        )
        findings.append(Finding("cost_per_request", "warning", None, reason))
    return findings


def _budget(code: str, signal: Signal, budget: float, alert: float, name: str) -> list[Finding]:
    if budget <= 0:
        return []
    if signal.value >= budget:
        reason = reason_of(
            signal,
            metric=signal.metric,
            observed=signal.value,
            threshold=budget,
            rule=f"at or above {name}",
            fleet=True,
        )
        return [Finding(code, "critical", None, reason)]
    if signal.value >= alert * budget:
        reason = reason_of(
            signal,
            metric=signal.metric,
            observed=signal.value,
            threshold=alert * budget,
            rule=f"at or above {name} x alertThreshold",
            fleet=True,
        )
        return [Finding(code, "warning", None, reason)]
    return []


def _fresh(snap: Snapshot, metric: str) -> Signal | None:
    last = snap.store.last(None, metric)
    if last is None or last.t < snap.now - snap.settings.slow_window_s:
        return None
    return last


def spend_rate(snap: Snapshot) -> Signal | None:
    """The fleet's spend rate in $ per hour: CostOps' when fresh, else estimated from events."""
    reported = _fresh(snap, Metric.RATE_PER_HOUR)
    if reported is not None:
        return reported
    total, newest = 0.0, None
    for model in snap.stats:
        summary = snap.store.summary(model, Metric.COST, "slow")
        if summary is not None:
            total += summary.total
            if newest is None or summary.last.t > newest.t:
                newest = summary.last
    if newest is None:
        return None
    per_hour = total * 3600.0 / snap.settings.slow_window_s
    return Signal(newest.source, newest.kind, newest.id, newest.t, Metric.RATE_PER_HOUR, per_hour)


def fleet_cost_per_request(snap: Snapshot) -> tuple[float, Signal] | None:
    """Mean cost per request over all models in the slow window, with the newest cost signal."""
    total, count, newest = 0.0, 0, None
    for model in snap.stats:
        summary = snap.store.summary(model, Metric.COST, "slow")
        if summary is not None:
            total, count = total + summary.total, count + summary.count
            if newest is None or summary.last.t > newest.t:
                newest = summary.last
    if newest is None or count < snap.settings.min_samples:
        return None
    return total / count, newest


def predicted_rate(snap: Snapshot, weights: Mapping[str, float]) -> float | None:
    """The spend rate ($ per hour) if traffic followed ``weights`` at today's request rate.

    The request rate is the spend rate divided by the fleet's mean cost per request; a model
    without a cost of its own is priced at that mean.
    """
    rate, per_request = spend_rate(snap), fleet_cost_per_request(snap)
    if rate is None or per_request is None or per_request[0] <= 0:
        return None
    mean = per_request[0]
    requests_per_hour = rate.value / mean
    costs = {m: s.cost.value if s.cost is not None else mean for m, s in snap.stats.items()}
    return requests_per_hour * sum(w * costs.get(m, mean) for m, w in weights.items())
