"""Signal flows: an item a service emitted, the adapter delivered, and a decision that cites it.

A decision's ``Reason`` names the signal behind it (``source``, ``kind``, ``signal_id``). For an
item feed the signal id is the item's id, so the chain is exact: the emission (ground truth), the
adapter's delivery and the decision are the same item. State feeds (thresholds, routing,
availability, projections) have no item ids: the value in force is the last one the adapter
delivered before the decision, and its emission is the ConfigManager change record (or the
response that served the projection) just before that delivery.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from optimizer import Decision, Reason
from simulator.harness.compliance.recording import Delivery, Recording, Timed

__all__ = [
    "FEED_SIGNALS",
    "Flow",
    "clock_text",
    "first_flow",
    "flows",
    "is_state",
    "state_emissions",
]

# Which source and signal kinds a decision's reason carries for a signal of each feed.
FEED_SIGNALS: dict[str, tuple[str, tuple[str, ...]]] = {
    "cost-ops/fetchCostEvents": ("cost_ops", ("request",)),
    "cost-ops/fetchProjections": ("cost_ops", ("projection",)),
    "latency-lens/fetchLatencyProfiles": ("latency_lens", ("profile",)),
    "latency-lens/fetchThroughputStats": ("latency_lens", ("throughput",)),
    "latency-lens/fetchAnomalies": ("latency_lens", ("latency_anomaly",)),
    "sentinel/fetchAnomalies": ("sentinel", ("anomaly",)),
    "sentinel/fetchDriftSignals": ("sentinel", ("drift",)),
    "sentinel/fetchAlerts": ("sentinel", ("alert",)),
    "shield/fetchPolicyBlocks": ("shield", ("policy_block", "policy")),
    "shield/fetchPIIDetections": ("shield", ("pii",)),
    "observatory/searchTraces": ("observatory", ("request",)),
    "observatory/fetchEvents": ("observatory", ("event",)),
    "config-manager/getConfigHistory": ("config_manager", ("event",)),
    "config-manager/getModelAvailability": ("config_manager", ("availability",)),
    "config-manager/getThresholds": ("config_manager", ("thresholds",)),
    "config-manager/getRoutingConfig": ("config_manager", ("routing", "routing_rule")),
    "router-l2/fetchRoutingDecisions": ("router_l2", ("routing_decision",)),
    "router-l2/fetchLoadBalancerSignals": ("router_l2", ("lb_signal",)),
}
_CHANGE_TYPES = {
    "config-manager/getModelAvailability": "availability",
    "config-manager/getThresholds": "thresholds",
    "config-manager/getRoutingConfig": "routing",
}


def clock_text(t: float | None) -> str:
    """Simulated seconds as ``mm:ss`` (``h:mm:ss`` past an hour); ``-`` for None."""
    if t is None:
        return "-"
    whole = round(t)
    hours, rest = divmod(whole, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"


@dataclass(frozen=True, slots=True)
class Flow:
    """One signal from emission to the decision that cites it (times in simulated seconds)."""

    feed: str
    item_id: str
    emitted_at: float | None
    delivered_at: float | None
    decided_at: float
    decision: Decision
    reason: Reason
    item: Any = None

    @property
    def delay(self) -> float | None:
        """Seconds from the emission to the decision (None when the emission is unknown)."""
        return None if self.emitted_at is None else self.decided_at - self.emitted_at

    def describe(self) -> str:
        """One sentence for a report."""
        return (
            f"{self.feed} item {self.item_id} emitted at {clock_text(self.emitted_at)}, "
            f"delivered at {clock_text(self.delivered_at)}, cited at "
            f"{clock_text(self.decided_at)} by {self.decision.id} ({self.decision.kind}): "
            f"{self.reason.text()}"
        )


def _state_chain(
    recording: Recording, feed: str, before: float
) -> tuple[Delivery | None, float | None]:
    delivered = [d for d in recording.delivered(feed) if d.t <= before]
    if not delivered:
        return None, None
    delivery = delivered[-1]
    if feed == "cost-ops/fetchProjections":
        served = [
            c.t
            for c in recording.calls
            if c.operation == "fetchProjections" and c.status == 200 and c.t <= delivery.t
        ]
        return delivery, served[-1] if served else None
    change_type = _CHANGE_TYPES.get(feed)
    changes = [
        d.t
        for d in recording.delivered("config-manager/getConfigHistory")
        if getattr(d.item, "type", None) == change_type and d.t <= delivery.t
    ]
    if not changes:
        return delivery, None  # the value of the first round, not a change
    emitted = [
        e.t
        for e in recording.emitted("config-manager/getConfigHistory")
        if e.t <= changes[-1] + 1e-9
    ]
    return delivery, emitted[-1] if emitted else None


def is_state(feed: str) -> bool:
    """True for feeds that carry a state (no item ids): thresholds, routing, availability,
    projections."""
    return feed in _CHANGE_TYPES or feed == "cost-ops/fetchProjections"


def state_emissions(recording: Recording, feed: str) -> list[float]:
    """When a state feed's service announced a change (config change records; served
    projections)."""
    if feed == "cost-ops/fetchProjections":
        return [
            c.t for c in recording.calls if c.operation == "fetchProjections" and c.status == 200
        ]
    history = "config-manager/getConfigHistory"
    change_type = _CHANGE_TYPES[feed]
    return [
        e.t
        for d in recording.delivered(history)
        if getattr(d.item, "type", None) == change_type
        and (e := recording.emission_of(history, d.item_id)) is not None
    ]


def _chain(recording: Recording, feed: str, timed: Timed, reason: Reason) -> Flow | None:
    if is_state(feed):
        delivery, emitted_at = _state_chain(recording, feed, timed.t)
        if delivery is None:
            return None
        item_id = delivery.item_id if feed in _CHANGE_TYPES else reason.signal_id
    else:
        delivery = recording.delivery_of(feed, reason.signal_id)
        if delivery is None:
            return None
        emission = recording.emission_of(feed, reason.signal_id)
        emitted_at = None if emission is None else emission.t
        item_id = reason.signal_id
    return Flow(
        feed, item_id, emitted_at, delivery.t, timed.t, timed.decision, reason, delivery.item
    )


def flows(
    recording: Recording,
    feed: str,
    *,
    kinds: tuple[str, ...] = (),
    where: Callable[[Any], bool] | None = None,
    reason: Callable[[Reason], bool] | None = None,
) -> Iterator[Flow]:
    """Every chain from ``feed`` to a decision (of ``kinds``) that cites a signal of it."""
    source, signal_kinds = FEED_SIGNALS[feed]
    for timed in recording.decisions_of(*kinds):
        for cited in timed.decision.reasons:
            if cited.source != source or cited.kind not in signal_kinds:
                continue
            if reason is not None and not reason(cited):
                continue
            flow = _chain(recording, feed, timed, cited)
            if flow is not None and (where is None or where(flow.item)):
                yield flow


def first_flow(
    recording: Recording,
    feed: str,
    *,
    within: float,
    kinds: tuple[str, ...] = (),
    where: Callable[[Any], bool] | None = None,
    reason: Callable[[Reason], bool] | None = None,
) -> Flow | None:
    """The first complete chain whose decision came ``within`` seconds of the emission."""
    for flow in flows(recording, feed, kinds=kinds, where=where, reason=reason):
        if flow.delay is not None and flow.delay <= within:
            return flow
    return None
