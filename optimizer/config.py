"""The state the optimizer takes from ConfigManager and Shield, in the project's units.

Thresholds, feature flags, routing policy, model availability and Shield policy, each a frozen
value carrying ``source_id`` (the ConfigManager version or Shield policy id it came from) so that
a decision driven by it can name it. ``OptimizerConfig`` bundles them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType

__all__ = [
    "FLAG_NAMES",
    "Flags",
    "ModelState",
    "OptimizerConfig",
    "PolicyState",
    "RoutingPolicy",
    "Thresholds",
]

FLAG_NAMES = (
    "model_selection",
    "exploration",
    "drift_compensation",
    "latency_shifts",
    "cost_optimization",
    "parameter_tuning",
    "canary_rollout",
)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """ConfigManager's OptimizationThresholds: latency in ms, cost in $, rates in [0, 1]."""

    p50_target_ms: float = 1200.0
    p99_max_ms: float = 6000.0
    degradation_threshold_ms: float = 3000.0
    critical_threshold_ms: float = 10000.0
    max_cost_per_request: float = 0.02
    hourly_budget: float = 40.0
    daily_budget: float = 800.0
    alert_threshold: float = 0.8  # fraction of a budget at which cost pressure starts
    error_warning: float = 0.02
    error_critical: float = 0.05
    circuit_breaker: float = 0.5
    min_quality: float = 0.7
    quality_degradation: float = 0.1
    max_input_tokens: int = 8000
    max_output_tokens: int = 2000
    max_total_tokens: int = 10000
    source_id: str = "thresholds@default"


@dataclass(frozen=True, slots=True)
class Flags:
    """ConfigManager's feature flags: one per strategy (all on by default)."""

    model_selection: bool = True
    exploration: bool = True
    drift_compensation: bool = True
    latency_shifts: bool = True
    cost_optimization: bool = True
    parameter_tuning: bool = True
    canary_rollout: bool = True
    source_id: str = "flags@default"

    def merged(self, flags: Mapping[str, bool], source_id: str = "flags") -> Flags:
        """These flags with the known names in ``flags`` replaced (unknown names are ignored)."""
        known = {f.name for f in fields(self)} - {"source_id"}
        changes = {name: bool(value) for name, value in flags.items() if name in known}
        return replace(self, source_id=source_id, **changes)


@dataclass(frozen=True, slots=True)
class RoutingPolicy:
    """ConfigManager's routing config as the optimizer uses it.

    ``blocked`` maps a model to the id of an enabled routing rule with action ``block`` that
    targets it; ``weights`` are the configured load-balancing weights (possibly empty).
    """

    default_model: str | None = None
    fallback_chain: tuple[str, ...] = ()
    blocked: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    weights: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    source_id: str = "routing@default"


@dataclass(frozen=True, slots=True)
class ModelState:
    """ConfigManager's availability of one model."""

    model_id: str
    available: bool = True
    status: str = "online"  # online, degraded, offline, maintenance
    capacity: float = 1.0  # 0-1
    requests_per_minute: float = 0.0  # rate limit; 0 when unknown
    source_id: str = "availability@default"

    @property
    def usable(self) -> bool:
        """True when traffic may be routed to the model."""
        return self.available and self.status not in ("offline", "maintenance")


@dataclass(frozen=True, slots=True)
class PolicyState:
    """Shield's standing policy: models that must not receive traffic, with the policy id."""

    blocked: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    source_id: str = "policy@default"


@dataclass(frozen=True, slots=True)
class OptimizerConfig:
    """Everything the optimizer takes from ConfigManager and Shield."""

    thresholds: Thresholds = field(default_factory=Thresholds)
    flags: Flags = field(default_factory=Flags)
    routing: RoutingPolicy = field(default_factory=RoutingPolicy)
    availability: Mapping[str, ModelState] = field(default_factory=lambda: MappingProxyType({}))
    policy: PolicyState = field(default_factory=PolicyState)

    def with_availability(self, states: Mapping[str, ModelState]) -> OptimizerConfig:
        """This config with the given models' availability replaced (others kept)."""
        merged = {**self.availability, **states}
        return replace(self, availability=MappingProxyType(merged))
