"""``to_signals``: any adapter value to its signals, chosen by the value's type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from adapters.types.config_manager import ConfigChange
from adapters.types.cost_ops import CostAggregation, CostProjection, CostTelemetryEvent, CurrentRate
from adapters.types.latency_lens import LatencyAnomaly, LatencyProfile, ThroughputStats
from adapters.types.observatory import StructuredEvent, TelemetryTrace
from adapters.types.router_l2 import LoadBalancerSignal, ModelWeight, RoutingDecision, TrafficStats
from adapters.types.sentinel import AnomalyEvent, DriftSignal, SentinelAlert
from adapters.types.shield import PIIDetectionSignal, PolicyBlockEvent
from optimizer.errors import IntakeError
from optimizer.intake.events import (
    from_anomaly_event,
    from_config_change,
    from_drift_signal,
    from_latency_anomaly,
    from_load_balancer_signal,
    from_pii_detection,
    from_policy_block,
    from_sentinel_alert,
)
from optimizer.intake.metrics import (
    from_cost_aggregation,
    from_cost_event,
    from_cost_projection,
    from_current_rate,
    from_latency_profile,
    from_model_weight,
    from_routing_decision,
    from_structured_event,
    from_throughput_stats,
    from_trace,
    from_traffic_stats,
)
from optimizer.signals import Signal

__all__ = ["to_signals"]

_TIMED: dict[type, Callable[[Any], list[Signal]]] = {
    CostTelemetryEvent: from_cost_event,
    CostProjection: from_cost_projection,
    CostAggregation: from_cost_aggregation,
    LatencyProfile: from_latency_profile,
    ThroughputStats: from_throughput_stats,
    LatencyAnomaly: from_latency_anomaly,
    AnomalyEvent: from_anomaly_event,
    DriftSignal: from_drift_signal,
    SentinelAlert: from_sentinel_alert,
    PolicyBlockEvent: from_policy_block,
    PIIDetectionSignal: from_pii_detection,
    TelemetryTrace: from_trace,
    StructuredEvent: from_structured_event,
    RoutingDecision: from_routing_decision,
    LoadBalancerSignal: from_load_balancer_signal,
    TrafficStats: from_traffic_stats,
    ConfigChange: from_config_change,
}
_UNTIMED: dict[type, Callable[..., list[Signal]]] = {
    CurrentRate: from_current_rate,
    ModelWeight: from_model_weight,
}


def to_signals(item: object, *, now: float) -> list[Signal]:
    """Signals of any adapter value above (``now`` dates the values that carry no time)."""
    for kind in type(item).__mro__:
        if kind in _TIMED:
            return _TIMED[kind](item)
        if kind in _UNTIMED:
            return _UNTIMED[kind](item, now=now)
    raise IntakeError(f"Expected an adapter signal type, got type={type(item).__name__!r}.")
