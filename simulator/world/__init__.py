"""The simulated world: catalogue, workload, gateway, incidents; it emits RequestOutcomes."""

from simulator.world.catalogue import (
    CATALOGUE,
    DEFAULT_FALLBACK,
    DEFAULT_MODEL,
    DEFAULT_WEIGHTS,
    PROVIDERS,
    build_catalogue,
)
from simulator.world.control import ControlPlane
from simulator.world.errors import RoutingError, WorldError
from simulator.world.gateway import Gateway, Route, WeightAdjustment
from simulator.world.records import (
    ModelSpec,
    PiiSpan,
    RequestOutcome,
    WorldBus,
    WorldNotice,
)
from simulator.world.truth import IncidentWindow, TrueModelState, WorldTruth
from simulator.world.variants import PROMPT_VARIANTS, PromptVariant
from simulator.world.world import World

__all__ = [
    "CATALOGUE",
    "DEFAULT_FALLBACK",
    "DEFAULT_MODEL",
    "DEFAULT_WEIGHTS",
    "PROMPT_VARIANTS",
    "PROVIDERS",
    "ControlPlane",
    "Gateway",
    "IncidentWindow",
    "ModelSpec",
    "PiiSpan",
    "PromptVariant",
    "RequestOutcome",
    "Route",
    "RoutingError",
    "TrueModelState",
    "WeightAdjustment",
    "World",
    "WorldBus",
    "WorldError",
    "WorldNotice",
    "WorldTruth",
    "build_catalogue",
]
