"""ConfigManager values: thresholds, routing config, availability, config changes, flags."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, TypeAlias

__all__ = [
    "AvailabilityStatus",
    "ConfigChange",
    "ConfigChangeType",
    "CostThresholds",
    "ErrorRateThresholds",
    "GeoRouting",
    "LatencyThresholds",
    "LoadBalancing",
    "ModelAvailability",
    "ModelCapabilities",
    "OptimizationThresholds",
    "QualityThresholds",
    "RateLimitInfo",
    "RoutingConfig",
    "RoutingRule",
    "RuleCondition",
    "TokenLimits",
]

ConfigChangeType: TypeAlias = Literal["thresholds", "routing", "availability", "feature_flag"]
AvailabilityStatus: TypeAlias = Literal["online", "degraded", "offline", "maintenance"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LatencyThresholds:
    """Latency targets and limits (milliseconds)."""

    p50_target_ms: float
    p99_max_ms: float
    degradation_threshold_ms: float
    critical_threshold_ms: float


@dataclass(frozen=True, slots=True, kw_only=True)
class CostThresholds:
    """Cost limits (USD) and the alert threshold (scale unstated: D28)."""

    max_cost_per_request: float
    hourly_budget: float
    daily_budget: float
    alert_threshold: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ErrorRateThresholds:
    """Error-rate levels (0-1)."""

    warning_threshold: float
    critical_threshold: float
    circuit_breaker_threshold: float


@dataclass(frozen=True, slots=True, kw_only=True)
class QualityThresholds:
    """Quality floors."""

    min_quality_score: float
    degradation_threshold: float


@dataclass(frozen=True, slots=True, kw_only=True)
class TokenLimits:
    """Token limits per request."""

    max_input_tokens: int
    max_output_tokens: int
    max_total_tokens: int


@dataclass(frozen=True, slots=True, kw_only=True)
class OptimizationThresholds:
    """The versioned thresholds the optimizer works within."""

    version: str
    updated_at: datetime
    latency: LatencyThresholds
    cost: CostThresholds
    error_rate: ErrorRateThresholds
    quality: QualityThresholds
    tokens: TokenLimits


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleCondition:
    """One condition of a routing rule; ``value`` is a string, a number or a tuple of strings."""

    field: str
    operator: Literal["eq", "ne", "gt", "gte", "lt", "lte", "contains", "regex", "in"]
    value: str | float | tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class RoutingRule:
    """A routing rule (lower ``priority`` wins)."""

    rule_id: str
    name: str
    priority: float
    enabled: bool
    conditions: tuple[RuleCondition, ...]
    target_models: tuple[str, ...]
    action: Literal["route", "block", "redirect", "fallback"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadBalancing:
    """The load-balancing strategy and, for ``weighted``, the weights."""

    strategy: Literal["round_robin", "weighted", "least_latency", "least_cost", "adaptive"]
    weights: Mapping[str, float] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GeoRouting:
    """Geographic routing: region -> model ids."""

    enabled: bool
    regions: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True, kw_only=True)
class RoutingConfig:
    """The versioned routing configuration."""

    version: str
    updated_at: datetime
    default_model: str
    fallback_chain: tuple[str, ...]
    rules: tuple[RoutingRule, ...]
    load_balancing: LoadBalancing
    geo_routing: GeoRouting | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RateLimitInfo:
    """A model's rate limits and current usage."""

    requests_per_minute: float
    tokens_per_minute: float
    current_usage: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelCapabilities:
    """What a model supports."""

    streaming: bool
    function_calling: bool
    vision: bool
    max_context_length: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelAvailability:
    """Availability, capacity and limits of one model (``health_check_interval`` in seconds)."""

    model_id: str
    provider: str
    available: bool
    status: AvailabilityStatus
    last_checked: datetime
    health_check_interval: float
    capacity: float
    rate_limit: RateLimitInfo
    features: tuple[str, ...]
    capabilities: ModelCapabilities
    status_reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ConfigChange:
    """One entry of the configuration history; values are frozen JSON."""

    change_id: str
    timestamp: datetime
    type: ConfigChangeType
    key_path: str
    previous_value: Any
    new_value: Any
    source: Literal["api", "ui", "automation", "sync"]
    author: str | None = None
    reason: str | None = None
