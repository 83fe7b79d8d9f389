"""Adapter values in, optimizer values out: signals from Infra items, config from state."""

from __future__ import annotations

from optimizer.intake.config import (
    MODEL_KEYS,
    availability_from,
    policy_from,
    routing_from,
    thresholds_from,
)
from optimizer.intake.dispatch import to_signals
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
    QUALITY_ATTRIBUTES,
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

__all__ = [
    "MODEL_KEYS",
    "QUALITY_ATTRIBUTES",
    "availability_from",
    "from_anomaly_event",
    "from_config_change",
    "from_cost_aggregation",
    "from_cost_event",
    "from_cost_projection",
    "from_current_rate",
    "from_drift_signal",
    "from_latency_anomaly",
    "from_latency_profile",
    "from_load_balancer_signal",
    "from_model_weight",
    "from_pii_detection",
    "from_policy_block",
    "from_routing_decision",
    "from_sentinel_alert",
    "from_structured_event",
    "from_throughput_stats",
    "from_trace",
    "from_traffic_stats",
    "policy_from",
    "routing_from",
    "thresholds_from",
    "to_signals",
]
