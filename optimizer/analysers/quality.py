"""Quality: per-model mean quality (Observatory outcomes) against ``minQualityScore``, a drop of
the fast-window mean below the slow-window mean by ``degradationThreshold``, and Sentinel's
``quality_degradation`` anomalies.
"""

from __future__ import annotations

from optimizer.findings import Finding, Snapshot, reason_of
from optimizer.signals import Metric

__all__ = ["analyse_quality"]


def analyse_quality(snap: Snapshot) -> list[Finding]:
    """Quality findings per model (all warnings: quality steers scoring, it is not an outage)."""
    limits = snap.config.thresholds
    findings: list[Finding] = []
    for model, stats in snap.stats.items():
        quality = stats.quality
        if (
            quality is not None
            and quality.window != "estimate"
            and quality.value < limits.min_quality
        ):
            reason = reason_of(
                quality,
                metric="quality",
                observed=quality.value,
                threshold=limits.min_quality,
                rule="mean quality below quality.minQualityScore",
                model_id=model,
            )
            findings.append(Finding("quality_floor", "warning", model, reason))
        findings.extend(_drop(snap, model))
    for signal in snap.recent("anomaly"):
        if signal.attributes.get("type") != "quality_degradation" or signal.model_id is None:
            continue
        if not signal.attributes.get("active", True):
            continue
        reason = reason_of(
            signal,
            metric=signal.metric,
            observed=signal.value,
            threshold=float(signal.attributes.get("threshold", 0.0)),
            rule="Sentinel quality_degradation anomaly",
        )
        findings.append(Finding("quality_anomaly", "warning", signal.model_id, reason))
    return findings


def _drop(snap: Snapshot, model: str) -> list[Finding]:
    store, limits = snap.store, snap.config.thresholds
    minimum = snap.settings.min_samples
    if store.count(model, Metric.QUALITY, "fast") < minimum:
        return []
    if store.count(model, Metric.QUALITY, "slow") < 2 * minimum:
        return []
    fast = store.mean(model, Metric.QUALITY, "fast")
    slow = store.mean(model, Metric.QUALITY, "slow")
    last = store.last(model, Metric.QUALITY)
    if fast is None or slow is None or last is None:
        return []
    floor = slow - limits.quality_degradation
    if fast >= floor:
        return []
    reason = reason_of(
        last,
        metric="quality",
        observed=fast,
        threshold=floor,
        rule="fast-window quality below slow-window mean minus quality.degradationThreshold",
        model_id=model,
    )
    return [Finding("quality_drop", "warning", model, reason)]
