"""The RouterL2 adapter: routing decisions, load-balancer signals, traffic, health, weights.

Feeds: ``routing_decisions`` (cursor ``timestamp``, limit 50) and ``load_balancer_signals``
(cursor ``timestamp``, limit 20). ``get_decision`` looks a decision up by its *request* id, as
the contract's path does (D26).
"""

from __future__ import annotations

from typing import Literal

from adapters.base import BaseAdapter, Since
from adapters.config import RouterL2Config
from adapters.handlers import Handler, Unsubscribe
from adapters.types.router_l2 import (
    LoadBalancerSignal,
    LoadBalancerSignalType,
    ModelWeight,
    RouterHealth,
    RoutingDecision,
    RoutingReason,
    RoutingSummary,
    TrafficStats,
)

__all__ = ["RouterL2Adapter"]

DECISIONS_LIMIT = 50
SIGNALS_LIMIT = 20


class RouterL2Adapter(BaseAdapter[RouterL2Config]):
    """Consumes RouterL2: routing decisions, load-balancer signals, traffic, health, weights."""

    service = "router-l2"
    label = "Router L2"
    config_type = RouterL2Config

    def _declare_feeds(self) -> None:
        self._decisions = self._event_feed(
            "routing_decisions",
            lambda since: self.fetch_routing_decisions(since=since, limit=DECISIONS_LIMIT),
            item_id=lambda d: d.decision_id,
            key=lambda d: d.timestamp,
            limit=DECISIONS_LIMIT,
        )
        self._signals = self._event_feed(
            "load_balancer_signals",
            lambda since: self.fetch_load_balancer_signals(since=since, limit=SIGNALS_LIMIT),
            item_id=lambda s: s.signal_id,
            key=lambda s: s.timestamp,
            limit=SIGNALS_LIMIT,
        )

    def fetch_routing_decisions(
        self,
        *,
        model_id: str | None = None,
        reason: RoutingReason | None = None,
        since: Since | None = None,
        limit: int | None = None,
    ) -> tuple[RoutingDecision, ...]:
        """Routing decisions after ``since``, oldest first."""
        return self._list(
            "fetchRoutingDecisions",
            RoutingDecision,
            model_id=model_id,
            reason=reason,
            since=since,
            limit=limit,
        )

    def fetch_load_balancer_signals(
        self,
        *,
        type: LoadBalancerSignalType | None = None,
        severity: Literal["info", "warning", "critical"] | None = None,
        since: Since | None = None,
        limit: int | None = None,
    ) -> tuple[LoadBalancerSignal, ...]:
        """Load-balancer signals after ``since``, oldest first."""
        return self._list(
            "fetchLoadBalancerSignals",
            LoadBalancerSignal,
            type=type,
            severity=severity,
            since=since,
            limit=limit,
        )

    def get_traffic_stats(self, *, window_minutes: float | None = None) -> TrafficStats:
        """Traffic by model, provider and region over the last ``window_minutes``."""
        return self._one("getTrafficStats", TrafficStats, window_minutes=window_minutes)

    def get_router_health(self) -> RouterHealth:
        """Health of the router and its components."""
        return self._one("getRouterHealth", RouterHealth)

    def get_model_weights(self) -> tuple[ModelWeight, ...]:
        """Current routing weight of every model."""
        return self._list("getModelWeights", ModelWeight)

    def get_decision(self, request_id: str) -> RoutingDecision:
        """The routing decision made for the request ``request_id``."""
        return self._one("getDecision", RoutingDecision, request_id)

    def get_routing_summary(self, *, window_minutes: float | None = None) -> RoutingSummary:
        """Decisions by reason and model over the last ``window_minutes``."""
        return self._one("getRoutingSummary", RoutingSummary, window_minutes=window_minutes)

    def on_routing_decision(self, handler: Handler[RoutingDecision]) -> Unsubscribe:
        """Call ``handler`` once for every new routing decision."""
        return self._decisions.handlers.add(handler)

    def on_load_balancer_signal(self, handler: Handler[LoadBalancerSignal]) -> Unsubscribe:
        """Call ``handler`` once for every new load-balancer signal."""
        return self._signals.handlers.add(handler)
