"""Which adapter handler carries which feed, and how the harness subscribes to all of them.

Every polled feed with ground truth (``simulator.services.truth.FEEDS``) ends in one sink: the
ground truth learns the delivery (exactly-once is measured, not assumed) and the optimizer
receives the item. Between the adapters' handlers and the sink sits the backpressure buffer.
State feeds of ConfigManager (thresholds, routing, availability) go to the optimizer's config
inputs; projections go to the optimizer only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from adapters import Adapters
from optimizer import Optimizer

__all__ = ["FEED_WIRING", "FeedWire", "feed_sink", "subscribe_feeds"]


class FeedWire(NamedTuple):
    """A feed: the adapter attribute, its subscription method, the item's id attribute."""

    adapter: str
    subscribe: str
    id_field: str


FEED_WIRING: dict[str, FeedWire] = {
    "cost-ops/fetchCostEvents": FeedWire("cost_ops", "on_cost_event", "event_id"),
    "latency-lens/fetchLatencyProfiles": FeedWire(
        "latency_lens", "on_latency_profile", "profile_id"
    ),
    "latency-lens/fetchThroughputStats": FeedWire(
        "latency_lens", "on_throughput_stats", "stats_id"
    ),
    "latency-lens/fetchAnomalies": FeedWire("latency_lens", "on_latency_anomaly", "anomaly_id"),
    "sentinel/fetchAnomalies": FeedWire("sentinel", "on_anomaly_event", "anomaly_id"),
    "sentinel/fetchDriftSignals": FeedWire("sentinel", "on_drift_signal", "drift_id"),
    "sentinel/fetchAlerts": FeedWire("sentinel", "on_alert", "alert_id"),
    "shield/fetchPolicyBlocks": FeedWire("shield", "on_policy_block", "event_id"),
    "shield/fetchPIIDetections": FeedWire("shield", "on_pii_detection", "signal_id"),
    "observatory/searchTraces": FeedWire("observatory", "on_trace", "trace_id"),
    "observatory/fetchEvents": FeedWire("observatory", "on_event", "event_id"),
    "config-manager/getConfigHistory": FeedWire("config_manager", "on_config_change", "change_id"),
    "router-l2/fetchRoutingDecisions": FeedWire("router_l2", "on_routing_decision", "decision_id"),
    "router-l2/fetchLoadBalancerSignals": FeedWire(
        "router_l2", "on_load_balancer_signal", "signal_id"
    ),
}

Delivered = Callable[[str, str, Any], None]
Entry = Callable[[str], Callable[[Any], None]]


def feed_sink(delivered: Delivered, optimizer: Optimizer) -> Callable[[str, Any], None]:
    """Where a feed's item ends: the ground truth learns the delivery, the optimizer the item."""
    observe = optimizer.observe

    def sink(feed: str, item: Any) -> None:
        delivered(feed, getattr(item, FEED_WIRING[feed].id_field), item)
        observe(item)

    return sink


def subscribe_feeds(adapters: Adapters, entry: Entry, optimizer: Optimizer) -> None:
    """Subscribe ``entry(feed)`` to every feed, and the optimizer to the state feeds."""
    for feed, wire in FEED_WIRING.items():
        adapter = getattr(adapters, wire.adapter)
        if adapter is not None:
            getattr(adapter, wire.subscribe)(entry(feed))
    if adapters.cost_ops is not None:
        adapters.cost_ops.on_projection(optimizer.observe)
    cm = adapters.config_manager
    if cm is not None:
        cm.on_threshold_change(optimizer.on_thresholds)
        cm.on_routing_change(optimizer.on_routing_config)
        cm.on_availability_change(optimizer.on_availability)
