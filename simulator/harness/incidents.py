"""Detection and mitigation delay per incident, from what the system under test received and did.

An incident is *detected* when the first signal that could reveal it reaches a handler: an
abnormal-state signal (an anomaly, drift, alert, load-balancer signal or availability change)
naming one of its models, a Shield signal for a PII surge, a ConfigManager change for a config
incident. Routine items (cost events, traces, profiles) do not count: they carry the effect but
say nothing is wrong. An incident is *mitigated* by the first decision after its start that
lowers the affected models' share of traffic (model incidents), or by the first decision after
its detection (config incidents). Traffic spikes and PII surges have no mitigation to measure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from optimizer import Decision
from simulator.world.truth import IncidentWindow

__all__ = ["AVAILABILITY_FEED", "GRACE_S", "IncidentRecord", "IncidentTracker"]

AVAILABILITY_FEED = "config-manager/getModelAvailability"
GRACE_S = 900.0  # a signal this long after an incident ended still counts as its detection

_ABNORMAL_FEEDS = frozenset(
    {
        "latency-lens/fetchAnomalies",
        "sentinel/fetchAnomalies",
        "sentinel/fetchDriftSignals",
        "sentinel/fetchAlerts",
        "router-l2/fetchLoadBalancerSignals",
        "config-manager/getConfigHistory",
        AVAILABILITY_FEED,
    }
)
_CONFIG_KINDS = frozenset({"threshold_change", "routing_change", "flag_change"})
_UNMITIGATED_KINDS = frozenset({"traffic_spike", "pii_surge"})
_PII_FEEDS = frozenset({"shield/fetchPIIDetections", "shield/fetchPolicyBlocks"})


@dataclass(slots=True)
class IncidentRecord:
    """One incident and when the system under test detected and mitigated it."""

    window: IncidentWindow
    detected_at: float | None = None
    detected_by: str | None = None
    mitigated_at: float | None = None
    mitigated_by: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The summary shape: kind, start, delays in seconds (None when not seen)."""
        w = self.window
        return {
            "id": w.incident_id,
            "kind": w.kind,
            "target": w.target,
            "start": w.start,
            "end": w.end,
            "detected_after_s": None if self.detected_at is None else self.detected_at - w.start,
            "detected_by": self.detected_by,
            "mitigated_after_s": None if self.mitigated_at is None else self.mitigated_at - w.start,
            "mitigated_by": self.mitigated_by,
            "mitigation_expected": w.kind not in _UNMITIGATED_KINDS,
        }


def _models_named(item: Any) -> set[str]:
    named: set[str] = set()
    for attr in ("model_id", "target_model"):
        value = getattr(item, attr, None)
        if isinstance(value, str):
            named.add(value)
    for attr in ("affected_models", "affected_resources"):
        values = getattr(item, attr, None) or ()
        named.update(v for v in values if isinstance(v, str))
    key_path = getattr(item, "key_path", None)
    if isinstance(key_path, str):
        named.add(key_path.split(".")[0])
    return named


def _reveals(record: IncidentRecord, feed: str, item: Any) -> bool:
    kind = record.window.kind
    if kind == "pii_surge":
        return feed in _PII_FEEDS
    if kind in _CONFIG_KINDS:
        return feed == "config-manager/getConfigHistory"
    if feed not in _ABNORMAL_FEEDS:
        return False
    if kind == "traffic_spike":
        return feed in ("router-l2/fetchLoadBalancerSignals", "sentinel/fetchAnomalies")
    return bool(_models_named(item) & set(record.window.models))


def _share(weights: Mapping[str, float], models: Iterable[str]) -> float:
    return sum(weights.get(m, 0.0) for m in models)


class IncidentTracker:
    """Matches delivered signals and applied decisions to the scenario's incidents."""

    def __init__(self, windows: Iterable[IncidentWindow]) -> None:
        self.records = [IncidentRecord(w) for w in sorted(windows, key=lambda w: w.start)]
        self._weights: dict[str, float] | None = None

    def on_signal(self, feed: str, item: Any, t: float) -> None:
        """A delivered item: the first revealing one after an incident's start detects it."""
        for record in self.records:
            w = record.window
            due = record.detected_at is None and w.start <= t <= w.end + GRACE_S
            if due and _reveals(record, feed, item):
                record.detected_at = t
                record.detected_by = feed

    def on_decision(self, decision: Decision, t: float, weights_now: Mapping[str, float]) -> None:
        """An applied decision; ``weights_now`` are the gateway's weights after it."""
        before = self._weights
        self._weights = dict(weights_now)
        for record in self.records:
            w = record.window
            if record.mitigated_at is not None or w.kind in _UNMITIGATED_KINDS or t < w.start:
                continue
            if t > w.end + GRACE_S:
                continue
            if w.kind in _CONFIG_KINDS:
                done = record.detected_at is not None
            else:
                done = before is not None and _share(weights_now, w.models) < _share(
                    before, w.models
                )
            if done:
                record.mitigated_at = t
                record.mitigated_by = f"{decision.kind}:{decision.id}"

    def start(self, weights: Mapping[str, float]) -> None:
        """Remember the routing weights in force before the first decision."""
        self._weights = dict(weights)

    def summary(self) -> list[dict[str, Any]]:
        """Every incident with its delays."""
        return [r.as_dict() for r in self.records]
