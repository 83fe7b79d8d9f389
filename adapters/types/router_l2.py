"""RouterL2 values: routing decisions, load-balancer signals, traffic, health, weights."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, TypeAlias

from adapters.types.common import TimeWindow

__all__ = [
    "ComponentState",
    "LoadBalancerRecommendation",
    "LoadBalancerSignal",
    "LoadBalancerSignalType",
    "ModelTraffic",
    "ModelWeight",
    "ProviderTraffic",
    "RouterComponents",
    "RouterHealth",
    "RoutingAlternative",
    "RoutingDecision",
    "RoutingMetadata",
    "RoutingReason",
    "RoutingSummary",
    "TrafficStats",
    "WeightAdjustment",
]

RoutingReason: TypeAlias = Literal[
    "lowest_latency",
    "lowest_cost",
    "highest_quality",
    "load_balanced",
    "geo_optimized",
    "fallback",
    "user_preference",
    "policy_enforced",
    "capacity_based",
    "experiment",
    "default",
]
LoadBalancerSignalType: TypeAlias = Literal[
    "capacity_warning",
    "capacity_critical",
    "rebalance_suggested",
    "model_slow",
    "model_recovered",
    "traffic_spike",
    "traffic_normalized",
]
ComponentState: TypeAlias = Literal["up", "down", "degraded"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RoutingAlternative:
    """A model considered but not chosen (``reason`` is free text)."""

    model_id: str
    provider: str
    score: float
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RoutingMetadata:
    """The estimates behind a routing decision."""

    latency_estimate_ms: float
    cost_estimate: float
    quality_score: float
    availability_score: float


@dataclass(frozen=True, slots=True, kw_only=True)
class RoutingDecision:
    """The router's choice of model for one request."""

    decision_id: str
    timestamp: datetime
    request_id: str
    selected_model: str
    selected_provider: str
    reason: RoutingReason
    confidence: float
    alternatives: tuple[RoutingAlternative, ...]
    metadata: RoutingMetadata


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadBalancerRecommendation:
    """What the load balancer suggests doing."""

    action: Literal["increase_weight", "decrease_weight", "disable", "enable", "redirect"]
    target_model: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadBalancerSignal:
    """A capacity or traffic signal from the load balancer."""

    signal_id: str
    timestamp: datetime
    type: LoadBalancerSignalType
    affected_models: tuple[str, ...]
    severity: Literal["info", "warning", "critical"]
    load_distribution: Mapping[str, float]
    recommendation: LoadBalancerRecommendation | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelTraffic:
    """Traffic share and quality of one model."""

    requests: int
    percentage: float
    avg_latency_ms: float
    error_rate: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ProviderTraffic:
    """Traffic share of one provider."""

    requests: int
    percentage: float


@dataclass(frozen=True, slots=True, kw_only=True)
class TrafficStats:
    """Traffic over a window by model, provider and region."""

    stats_id: str
    window: TimeWindow
    total_requests: int
    requests_per_second: float
    by_model: Mapping[str, ModelTraffic]
    by_provider: Mapping[str, ProviderTraffic]
    by_region: Mapping[str, float] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RouterComponents:
    """State of each router component."""

    load_balancer: ComponentState
    decision_engine: ComponentState
    model_registry: ComponentState
    metrics_collector: ComponentState


@dataclass(frozen=True, slots=True, kw_only=True)
class RouterHealth:
    """Health of the router."""

    status: Literal["healthy", "degraded", "unhealthy"]
    last_check: datetime
    components: RouterComponents
    active_connections: int
    queue_depth: int
    error_rate: float


@dataclass(frozen=True, slots=True, kw_only=True)
class WeightAdjustment:
    """One adjustment applied to a model weight."""

    reason: str
    delta: float
    applied_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelWeight:
    """The routing weight of one model and how it was adjusted."""

    model_id: str
    provider: str
    weight: float
    effective_weight: float
    adjustments: tuple[WeightAdjustment, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class RoutingSummary:
    """Decisions over a window by reason and model; ``by_reason`` may be sparse (D27)."""

    total_decisions: int
    by_reason: Mapping[str, int]
    by_model: Mapping[str, int]
    avg_confidence: float
    fallback_rate: float
