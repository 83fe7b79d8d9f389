"""The scenario as values: frozen dataclasses built by the loader from a validated YAML file.

Times are simulated seconds since the scenario epoch. A ``Scenario`` says everything a run needs:
the world (catalogue overrides, workload), the gateway's initial routing, the poll intervals of
the adapters, free-form optimizer settings, a timeline of world incidents and a list of API
faults (parsed and validated here, injected by the HTTP layer).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, Literal, get_args

__all__ = [
    "CONFIG_KINDS",
    "FAULT_KINDS",
    "INCIDENT_KINDS",
    "MODEL_KINDS",
    "Fault",
    "FaultKind",
    "Incident",
    "IncidentKind",
    "RoutingSetup",
    "Scenario",
    "TokenDistribution",
    "WorkloadConfig",
    "WorldConfig",
]

IncidentKind = Literal[
    "latency_degradation",
    "error_burst",
    "outage",
    "price_change",
    "quality_drift",
    "pii_surge",
    "traffic_spike",
    "model_deprecation",
    "threshold_change",
    "routing_change",
    "flag_change",
    "availability_change",
]
INCIDENT_KINDS: tuple[IncidentKind, ...] = get_args(IncidentKind)
# Incidents that act on the models of one model or one provider.
MODEL_KINDS = frozenset(
    {"latency_degradation", "error_burst", "outage", "price_change", "quality_drift"}
)
# Incidents that change the control plane (what ConfigManager serves).
CONFIG_KINDS = frozenset(
    {"threshold_change", "routing_change", "flag_change", "availability_change"}
)

FaultKind = Literal[
    "http_error",
    "rate_limit",
    "latency",
    "timeout",
    "reset_peer",
    "malformed_json",
    "schema_violation",
    "duplicate_items",
    "reversed_pages",
    "exclusive_since",
    "clock_skew",
    "profile_switch",
]
FAULT_KINDS: tuple[FaultKind, ...] = get_args(FaultKind)


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class TokenDistribution:
    """A log-normal token count: ``median`` tokens, log-space ``sigma``, clipped to a range."""

    median: float
    sigma: float
    minimum: int = 1
    maximum: int = 32_000


@dataclass(frozen=True, slots=True)
class WorkloadConfig:
    """Arrivals (Poisson on a daily curve), token counts, PII planting, clients and regions."""

    base_rate: float = 2.0  # requests per second on the daily average
    diurnal_amplitude: float = 0.5  # rate(t) = base * (1 + amplitude * cos(...))
    peak_hour: float = 15.0  # UTC hour of the daily peak
    pii_rate: float = 0.04  # fraction of prompts that carry PII
    pii_types: Mapping[str, float] = field(
        default_factory=_empty
    )  # relative weights; empty = the default mix
    input_tokens: TokenDistribution = TokenDistribution(median=450.0, sigma=0.8, maximum=8000)
    output_tokens: TokenDistribution = TokenDistribution(median=120.0, sigma=0.5, maximum=2000)
    clients: int = 12
    regions: Mapping[str, float] = field(
        default_factory=_empty
    )  # relative weights; empty = the default mix


@dataclass(frozen=True, slots=True)
class WorldConfig:
    """The world of a scenario: which models, their overrides, the workload and the noise."""

    models: tuple[str, ...] | None = None  # a subset of the catalogue (None: all)
    catalogue: Mapping[str, Mapping[str, Any]] = field(
        default_factory=_empty
    )  # model id -> ModelSpec field overrides
    workload: WorkloadConfig = WorkloadConfig()
    network_ms: float = 40.0  # median network round trip
    latency_sigma: float = 0.25  # log-normal noise on a model's service time
    tail_probability: float = 0.005  # chance of a Pareto-distributed slowdown
    tail_alpha: float = 2.5  # Pareto shape of that slowdown
    quality_sigma: float = 0.05  # noise on the quality of one answer
    max_queue_ms: float = 15_000.0  # a longer wait is answered 429 (rate_limited)


@dataclass(frozen=True, slots=True)
class RoutingSetup:
    """The gateway's initial routing and parameters (the optimizer changes them later)."""

    weights: Mapping[str, float] = field(
        default_factory=_empty
    )  # empty = the catalogue's default mix
    default_model: str | None = None
    fallback_chain: tuple[str, ...] | None = None
    max_tokens: int | None = None
    prompt_variant: str = "default"
    timeout_ms: float = 30_000.0


@dataclass(frozen=True, slots=True)
class Incident:
    """One world incident of the timeline; ``params`` holds its kind-specific settings."""

    kind: IncidentKind
    start: float
    end: float | None = None
    model: str | None = None
    provider: str | None = None
    params: Mapping[str, Any] = field(default_factory=_empty)
    id: str = ""
    note: str = ""

    @property
    def target(self) -> str:
        """What the incident acts on: a model id, a provider, a config key or ``world``."""
        if self.model is not None:
            return self.model
        if self.provider is not None:
            return self.provider
        for key in ("key_path", "flag"):
            if key in self.params:
                return str(self.params[key])
        return "world"


@dataclass(frozen=True, slots=True)
class Fault:
    """One API fault: on ``service``/``endpoint`` between ``start`` and ``end``, with a chance."""

    service: str  # a contract service name or "*"
    endpoint: str  # an operationId or "*"
    kind: FaultKind
    start: float
    end: float
    probability: float = 1.0
    params: Mapping[str, Any] = field(default_factory=_empty)
    id: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Scenario:
    """A complete, validated scenario."""

    name: str
    description: str
    epoch: datetime
    duration: float
    seed: int
    world: WorldConfig = WorldConfig()
    routing: RoutingSetup = RoutingSetup()
    polling: Mapping[str, float] = field(
        default_factory=_empty
    )  # service name -> poll interval in seconds
    optimizer: Mapping[str, Any] = field(
        default_factory=_empty
    )  # free-form; cycle_interval always present
    timeline: tuple[Incident, ...] = ()
    faults: tuple[Fault, ...] = ()
    source: str = field(default="<memory>", compare=False)  # file or built-in name
