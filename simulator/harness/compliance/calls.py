"""One call of every adapter method of the consumer contract (42), and what became of it.

``CALLS`` maps each ``(service, operationId)`` to the adapter method that reads it, called with
the arguments of a plain use (ids of real items of the run for the by-id endpoints).
``call_round(adapters, ids)`` calls each once and keeps the outcome: the value, or the error the
adapter raised. Contract and manifest coverage are checked against ``contracts.endpoints()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from adapters import AdapterError, Adapters
from simulator.harness.compliance.recording import Recording

__all__ = ["CALLS", "CallIds", "CallOutcome", "call_round", "ids_from"]

Call = Callable[[Adapters, "CallIds"], object]


@dataclass(frozen=True, slots=True)
class CallIds:
    """Ids of real items to call the by-id endpoints with."""

    request_id: str
    trace_id: str
    anomaly_id: str
    drift_id: str
    model_a: str
    model_b: str


@dataclass(frozen=True, slots=True)
class CallOutcome:
    """The outcome of one adapter call: the value, or the adapter's error."""

    service: str
    operation_id: str
    method: str
    value: object = None
    error: AdapterError | None = None

    @property
    def ok(self) -> bool:
        """True when the adapter returned a value."""
        return self.error is None


def _a(adapters: Adapters, name: str) -> Any:
    adapter = getattr(adapters, name)
    if adapter is None:
        raise LookupError(f"Expected the {name} adapter to be enabled, got None.")
    return adapter


CALLS: dict[tuple[str, str], tuple[str, Call]] = {
    ("cost-ops", "fetchCostEvents"): (
        "fetch_cost_events",
        lambda a, i: _a(a, "cost_ops").fetch_cost_events(limit=5),
    ),
    ("cost-ops", "fetchProjections"): (
        "fetch_projections",
        lambda a, i: _a(a, "cost_ops").fetch_projections(),
    ),
    ("cost-ops", "fetchAggregations"): (
        "fetch_aggregations",
        lambda a, i: _a(a, "cost_ops").fetch_aggregations(period="hourly"),
    ),
    ("cost-ops", "getCurrentRate"): (
        "get_current_rate",
        lambda a, i: _a(a, "cost_ops").get_current_rate(),
    ),
    ("latency-lens", "fetchLatencyProfiles"): (
        "fetch_latency_profiles",
        lambda a, i: _a(a, "latency_lens").fetch_latency_profiles(limit=5),
    ),
    ("latency-lens", "fetchThroughputStats"): (
        "fetch_throughput_stats",
        lambda a, i: _a(a, "latency_lens").fetch_throughput_stats(),
    ),
    ("latency-lens", "fetchLatencyBreakdown"): (
        "fetch_latency_breakdown",
        lambda a, i: _a(a, "latency_lens").fetch_latency_breakdown(i.request_id),
    ),
    ("latency-lens", "fetchAnomalies"): (
        "fetch_anomalies",
        lambda a, i: _a(a, "latency_lens").fetch_anomalies(limit=5),
    ),
    ("latency-lens", "getCurrentSummary"): (
        "get_current_summary",
        lambda a, i: _a(a, "latency_lens").get_current_summary(),
    ),
    ("latency-lens", "compareModels"): (
        "compare_models",
        lambda a, i: _a(a, "latency_lens").compare_models(i.model_a, i.model_b),
    ),
    ("sentinel", "fetchAnomalies"): (
        "fetch_anomalies",
        lambda a, i: _a(a, "sentinel").fetch_anomalies(limit=5),
    ),
    ("sentinel", "fetchDriftSignals"): (
        "fetch_drift_signals",
        lambda a, i: _a(a, "sentinel").fetch_drift_signals(limit=5),
    ),
    ("sentinel", "fetchAlerts"): (
        "fetch_alerts",
        lambda a, i: _a(a, "sentinel").fetch_alerts(limit=5),
    ),
    ("sentinel", "getHealthStatus"): (
        "get_health_status",
        lambda a, i: _a(a, "sentinel").get_health_status(),
    ),
    ("sentinel", "getAnomalyDetails"): (
        "get_anomaly_details",
        lambda a, i: _a(a, "sentinel").get_anomaly_details(i.anomaly_id),
    ),
    ("sentinel", "getDriftDetails"): (
        "get_drift_details",
        lambda a, i: _a(a, "sentinel").get_drift_details(i.drift_id),
    ),
    ("shield", "fetchPolicyBlocks"): (
        "fetch_policy_blocks",
        lambda a, i: _a(a, "shield").fetch_policy_blocks(limit=5),
    ),
    ("shield", "fetchPIIDetections"): (
        "fetch_pii_detections",
        lambda a, i: _a(a, "shield").fetch_pii_detections(limit=5),
    ),
    ("shield", "getPolicyStats"): (
        "get_policy_stats",
        lambda a, i: _a(a, "shield").get_policy_stats(),
    ),
    ("shield", "getPIIStats"): ("get_pii_stats", lambda a, i: _a(a, "shield").get_pii_stats()),
    ("shield", "getActivePolicies"): (
        "get_active_policies",
        lambda a, i: _a(a, "shield").get_active_policies(),
    ),
    ("shield", "getProtectionStatus"): (
        "get_protection_status",
        lambda a, i: _a(a, "shield").get_protection_status(),
    ),
    ("observatory", "searchTraces"): (
        "search_traces",
        lambda a, i: _a(a, "observatory").search_traces(limit=5),
    ),
    ("observatory", "getTrace"): (
        "get_trace",
        lambda a, i: _a(a, "observatory").get_trace(i.trace_id),
    ),
    ("observatory", "fetchEvents"): (
        "fetch_events",
        lambda a, i: _a(a, "observatory").fetch_events(limit=5),
    ),
    ("observatory", "getTraceSummary"): (
        "get_trace_summary",
        lambda a, i: _a(a, "observatory").get_trace_summary(),
    ),
    ("observatory", "getSlowTraces"): (
        "get_slow_traces",
        lambda a, i: _a(a, "observatory").get_slow_traces(limit=5),
    ),
    ("observatory", "getErrorTraces"): (
        "get_error_traces",
        lambda a, i: _a(a, "observatory").get_error_traces(limit=5),
    ),
    ("observatory", "getServiceMap"): (
        "get_service_map",
        lambda a, i: _a(a, "observatory").get_service_map(),
    ),
    ("config-manager", "getThresholds"): (
        "get_thresholds",
        lambda a, i: _a(a, "config_manager").get_thresholds(bypass_cache=True),
    ),
    ("config-manager", "getRoutingConfig"): (
        "get_routing_config",
        lambda a, i: _a(a, "config_manager").get_routing_config(bypass_cache=True),
    ),
    ("config-manager", "getModelAvailability"): (
        "get_model_availability",
        lambda a, i: _a(a, "config_manager").get_model_availability(bypass_cache=True),
    ),
    ("config-manager", "getModelStatus"): (
        "get_model_status",
        lambda a, i: _a(a, "config_manager").get_model_status(i.model_a),
    ),
    ("config-manager", "getConfigHistory"): (
        "get_config_history",
        lambda a, i: _a(a, "config_manager").get_config_history(limit=5),
    ),
    ("config-manager", "getFeatureFlags"): (
        "get_feature_flags",
        lambda a, i: _a(a, "config_manager").get_feature_flags(bypass_cache=True),
    ),
    ("router-l2", "fetchRoutingDecisions"): (
        "fetch_routing_decisions",
        lambda a, i: _a(a, "router_l2").fetch_routing_decisions(limit=5),
    ),
    ("router-l2", "fetchLoadBalancerSignals"): (
        "fetch_load_balancer_signals",
        lambda a, i: _a(a, "router_l2").fetch_load_balancer_signals(limit=5),
    ),
    ("router-l2", "getTrafficStats"): (
        "get_traffic_stats",
        lambda a, i: _a(a, "router_l2").get_traffic_stats(),
    ),
    ("router-l2", "getRouterHealth"): (
        "get_router_health",
        lambda a, i: _a(a, "router_l2").get_router_health(),
    ),
    ("router-l2", "getModelWeights"): (
        "get_model_weights",
        lambda a, i: _a(a, "router_l2").get_model_weights(),
    ),
    ("router-l2", "getDecision"): (
        "get_decision",
        lambda a, i: _a(a, "router_l2").get_decision(i.request_id),
    ),
    ("router-l2", "getRoutingSummary"): (
        "get_routing_summary",
        lambda a, i: _a(a, "router_l2").get_routing_summary(),
    ),
}


def _first(recording: Recording, feed: str, attribute: str, fallback: str) -> str:
    for delivery in recording.delivered(feed):
        return str(getattr(delivery.item, attribute))
    return fallback


def ids_from(recording: Recording) -> CallIds:
    """Ids of items the run really produced (a placeholder where a feed stayed empty)."""
    models = sorted(recording.rig.world.catalogue)
    decisions = recording.delivered("router-l2/fetchRoutingDecisions")
    request_id = str(decisions[-1].item.request_id) if decisions else "req-none"
    return CallIds(
        request_id=request_id,
        trace_id=_first(recording, "observatory/searchTraces", "trace_id", "trace-none"),
        anomaly_id=_first(recording, "sentinel/fetchAnomalies", "anomaly_id", "anomaly-none"),
        drift_id=_first(recording, "sentinel/fetchDriftSignals", "drift_id", "drift-none"),
        model_a=models[0],
        model_b=models[-1],
    )


def call_round(
    adapters: Adapters, ids: CallIds, keys: Iterable[tuple[str, str]] | None = None
) -> list[CallOutcome]:
    """Call every adapter method once (or those of ``keys``); errors are kept, not raised."""
    outcomes = []
    for key in CALLS if keys is None else keys:
        method, call = CALLS[key]
        try:
            value = call(adapters, ids)
        except AdapterError as exc:
            outcomes.append(CallOutcome(key[0], key[1], method, error=exc))
        else:
            outcomes.append(CallOutcome(key[0], key[1], method, value=value))
    return outcomes
