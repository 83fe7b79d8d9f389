"""Drift: Sentinel's drift signals and the optimizer's own detectors on per-model series.

``DriftMonitor`` watches each model's successful-request quality with Page-Hinkley (a fall) and
its log latency with two-sided CUSUM, and turns each detection into a ``drift`` signal of source
``optimizer``. The detectors see block means of ``detector_block`` requests rather than single
requests: per-request values are heavy-tailed and arrive by the thousand, so single-value
detectors raise false alarms every few minutes; block means are near-normal and rarer.

``analyse_drift`` reports the drifts that arrived since the previous cycle:
``performance_drift`` (Sentinel performance or cost drift, own latency rise) asks for a
re-evaluation; ``quality_drift`` (Sentinel quality, concept, behaviour or distribution drift,
own quality fall) asks for a strategy adjustment; ``improvement`` (latency fall, quality rise)
asks for a re-evaluation so that a recovered model is considered again.
"""

from __future__ import annotations

import math

from optimizer.detectors import Change, Cusum, PageHinkley
from optimizer.findings import Finding, Severity, Snapshot, reason_of
from optimizer.settings import Settings
from optimizer.signals import Metric, Signal

__all__ = ["DriftMonitor", "analyse_drift"]

_PERFORMANCE = {"performance_drift", "cost_drift"}
_QUALITY = {"quality_drift", "concept_drift", "behavior_drift", "distribution_drift"}


class DriftMonitor:
    """Own change detectors, one pair per model, fed with request signals as they arrive."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._quality: dict[str, PageHinkley] = {}
        self._latency: dict[str, Cusum] = {}
        self._blocks: dict[tuple[str, str], list[float]] = {}
        self._count = 0

    def observe(self, signal: Signal) -> Signal | None:
        """Feed one signal; a drift signal when a detector fires on it."""
        model = signal.model_id
        if model is None or signal.kind != "request":
            return None
        if signal.metric == Metric.QUALITY:
            block = self._block(model, signal.metric, signal.value)
            if block is None:
                return None
            change = self._quality_detector(model).update(block)
            return None if change is None else self._drift(signal, change, "page_hinkley")
        if signal.metric == Metric.LATENCY_MS and signal.value > 0:
            block = self._block(model, signal.metric, math.log(signal.value))
            if block is None:
                return None
            change = self._latency_detector(model).update(block)
            return None if change is None else self._drift(signal, change, "cusum")
        return None

    def _block(self, model: str, metric: str, value: float) -> float | None:
        """Accumulate ``value``; the block's mean when the block is full."""
        acc = self._blocks.setdefault((model, metric), [0.0, 0.0])
        acc[0] += value
        acc[1] += 1.0
        if acc[1] < self._settings.detector_block:
            return None
        mean = acc[0] / acc[1]
        acc[0] = acc[1] = 0.0
        return mean

    def _quality_detector(self, model: str) -> PageHinkley:
        detector = self._quality.get(model)
        if detector is None:
            s = self._settings
            detector = self._quality[model] = PageHinkley(
                direction="down",
                delta=s.page_hinkley_delta,
                limit=s.page_hinkley_lambda,
                warmup=s.detector_warmup,
            )
        return detector

    def _latency_detector(self, model: str) -> Cusum:
        detector = self._latency.get(model)
        if detector is None:
            s = self._settings
            detector = self._latency[model] = Cusum(
                k=s.cusum_k, limit=s.cusum_h, warmup=s.detector_warmup
            )
        return detector

    def _drift(self, signal: Signal, change: Change, detector: str) -> Signal:
        self._count += 1
        worse = (signal.metric == Metric.QUALITY) == (change.direction == "down")
        if signal.metric == Metric.QUALITY:
            drift_type = "quality_drift" if worse else "improvement"
            baseline = change.baseline
        else:
            drift_type = "performance_drift" if worse else "improvement"
            baseline = math.exp(change.baseline)
        return Signal(
            source="optimizer",
            kind="drift",
            id=f"{detector}-{self._count:06d}",
            t=signal.t,
            metric=signal.metric,
            value=change.statistic,
            model_id=signal.model_id,
            attributes={
                "type": drift_type,
                "direction": change.direction,
                "detector": detector,
                "limit": change.limit,
                "baseline": baseline,
                "trigger": signal.id,
            },
        )


def analyse_drift(snap: Snapshot) -> list[Finding]:
    """Findings for the drift signals (Sentinel's and own) that arrived since the last cycle."""
    settings = snap.settings
    findings: list[Finding] = []
    for signal in snap.new("drift"):
        if signal.model_id is None:
            continue
        kind = str(signal.attributes.get("type"))
        if signal.source == "optimizer":
            code = kind
            limit = float(signal.attributes.get("limit", 0.0))
            rule = f"own {signal.attributes.get('detector')} detector: {kind}"
        else:
            p_value = float(signal.attributes.get("p_value", 1.0))
            weak = signal.value < settings.drift_min_magnitude
            if weak or p_value > settings.drift_max_p_value or kind not in _PERFORMANCE | _QUALITY:
                continue
            code = "performance_drift" if kind in _PERFORMANCE else "quality_drift"
            limit = settings.drift_min_magnitude
            rule = f"Sentinel {kind} with p={p_value:.3g}"
        reason = reason_of(
            signal, metric=signal.metric, observed=signal.value, threshold=limit, rule=rule
        )
        severity: Severity = "info" if code == "improvement" else "warning"
        findings.append(Finding(code, severity, signal.model_id, reason))
    return findings
