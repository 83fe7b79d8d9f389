"""Adapter values that are discrete happenings to event ``Signal``: anomalies, drifts, alerts,
Shield blocks and PII detections, RouterL2 load-balancer signals, ConfigManager change records.

Each becomes one signal of an event kind (``latency_anomaly``, ``anomaly``, ``drift``, ``alert``,
``policy_block``, ``pii``, ``lb_signal``, ``event``) whose attributes keep what the analysers read.
"""

from __future__ import annotations

from typing import Any

from adapters.types.config_manager import ConfigChange
from adapters.types.latency_lens import LatencyAnomaly
from adapters.types.router_l2 import LoadBalancerSignal
from adapters.types.sentinel import AnomalyEvent, DriftSignal, SentinelAlert
from adapters.types.shield import PIIDetectionSignal, PolicyBlockEvent
from optimizer.intake.metrics import unix_time
from optimizer.signals import Metric, Signal

__all__ = [
    "from_anomaly_event",
    "from_config_change",
    "from_drift_signal",
    "from_latency_anomaly",
    "from_load_balancer_signal",
    "from_pii_detection",
    "from_policy_block",
    "from_sentinel_alert",
]

_LB_SEVERITY = {"info": 0.0, "warning": 1.0, "critical": 2.0}


def from_latency_anomaly(a: LatencyAnomaly) -> list[Signal]:
    """LatencyLens anomaly (an event)."""
    attrs = {
        "type": a.type,
        "severity": a.severity,
        "baseline": a.baseline_value,
        "deviation_percent": a.deviation_percent,
    }
    return [
        Signal(
            "latency_lens",
            "latency_anomaly",
            a.anomaly_id,
            unix_time(a.detected_at),
            Metric.LATENCY_MS,
            a.observed_value,
            a.model_id,
            attrs,
        )
    ]


def from_anomaly_event(a: AnomalyEvent) -> list[Signal]:
    """Sentinel anomaly (an event)."""
    attrs = {
        "type": a.type,
        "severity": a.severity,
        "threshold": a.threshold,
        "expected": a.expected_value,
        "active": a.is_active,
    }
    return [
        Signal(
            "sentinel",
            "anomaly",
            a.anomaly_id,
            unix_time(a.detected_at),
            a.metric,
            a.observed_value,
            a.model_id,
            attrs,
        )
    ]


def from_drift_signal(d: DriftSignal) -> list[Signal]:
    """Sentinel drift (an event); the value is its magnitude in [0, 1]."""
    attrs = {
        "type": d.type,
        "p_value": d.p_value,
        "confidence": d.confidence,
        "affected_metrics": d.affected_metrics,
    }
    return [
        Signal(
            "sentinel",
            "drift",
            d.drift_id,
            unix_time(d.detected_at),
            d.type,
            d.magnitude,
            d.model_id,
            attrs,
        )
    ]


def from_sentinel_alert(a: SentinelAlert) -> list[Signal]:
    """Sentinel alert (an event about its affected resources)."""
    attrs = {
        "type": a.type,
        "severity": a.severity,
        "affected_resources": a.affected_resources,
        "related_ids": a.related_ids,
    }
    return [
        Signal("sentinel", "alert", a.alert_id, unix_time(a.created_at), "alert", 1.0, None, attrs)
    ]


def from_policy_block(e: PolicyBlockEvent) -> list[Signal]:
    """Shield policy block (an event)."""
    attrs = {
        "reason": e.reason,
        "action": e.action,
        "severity": e.severity,
        "policy_id": e.policy_id,
        "request_id": e.request_id,
    }
    return [
        Signal(
            "shield",
            "policy_block",
            e.event_id,
            unix_time(e.timestamp),
            "policy_block",
            1.0,
            e.model_id,
            attrs,
        )
    ]


def from_pii_detection(s: PIIDetectionSignal) -> list[Signal]:
    """Shield PII detection (an event); the value is its risk score."""
    attrs = {
        "direction": s.direction,
        "action": s.action,
        "pii_types": s.pii_types,
        "request_id": s.request_id,
    }
    return [
        Signal(
            "shield",
            "pii",
            s.signal_id,
            unix_time(s.timestamp),
            "risk_score",
            s.risk_score,
            s.model_id,
            attrs,
        )
    ]


def from_load_balancer_signal(s: LoadBalancerSignal) -> list[Signal]:
    """RouterL2 load-balancer signal (an event); the value is its severity (0, 1, 2)."""
    attrs: dict[str, Any] = {
        "type": s.type,
        "severity": s.severity,
        "affected_models": s.affected_models,
        "load_distribution": dict(s.load_distribution),
    }
    if s.recommendation is not None:
        attrs["action"] = s.recommendation.action
        attrs["target_model"] = s.recommendation.target_model
    model = s.affected_models[0] if len(s.affected_models) == 1 else None
    return [
        Signal(
            "router_l2",
            "lb_signal",
            s.signal_id,
            unix_time(s.timestamp),
            s.type,
            _LB_SEVERITY.get(s.severity, 0.0),
            model,
            attrs,
        )
    ]


def from_config_change(c: ConfigChange) -> list[Signal]:
    """ConfigManager change record (an event, for the record: state comes via ``on_*``)."""
    return [
        Signal(
            "config_manager",
            "event",
            c.change_id,
            unix_time(c.timestamp),
            f"config.{c.type}",
            1.0,
            None,
            {"key_path": c.key_path},
        )
    ]
