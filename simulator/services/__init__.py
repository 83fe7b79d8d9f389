"""The seven simulated Infra services, each a model over the world that serves its contract."""

from simulator.services.base import Context, Operation, Params, Service, WeightsView
from simulator.services.build import Services, SimTime, build_services
from simulator.services.config_manager import ConfigManager
from simulator.services.cost_ops import CostOps
from simulator.services.errors import BadRequest, NotFound, ServiceError
from simulator.services.hub import Hub, Retention
from simulator.services.latency_lens import LatencyLens
from simulator.services.observatory import Observatory
from simulator.services.router_l2 import RouterL2
from simulator.services.sentinel import Sentinel
from simulator.services.shield import Shield
from simulator.services.truth import FEEDS, GroundTruth

__all__ = [
    "FEEDS",
    "BadRequest",
    "ConfigManager",
    "Context",
    "CostOps",
    "GroundTruth",
    "Hub",
    "LatencyLens",
    "NotFound",
    "Observatory",
    "Operation",
    "Params",
    "Retention",
    "RouterL2",
    "Sentinel",
    "Service",
    "ServiceError",
    "Services",
    "Shield",
    "SimTime",
    "WeightsView",
    "build_services",
]
