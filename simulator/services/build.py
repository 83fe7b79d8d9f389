"""Build the seven simulated services over one world: ``build_services(...)`` -> ``Services``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from simulator.services.base import Context, Service, WeightsView
from simulator.services.config_manager import ConfigManager
from simulator.services.cost_ops import CostOps
from simulator.services.hub import Hub, Retention
from simulator.services.latency_lens import LatencyLens
from simulator.services.observatory import Observatory
from simulator.services.router_l2 import RouterL2
from simulator.services.sentinel import Sentinel
from simulator.services.shield import Shield
from simulator.services.timefmt import Stamps
from simulator.services.truth import GroundTruth
from simulator.world.control import ControlPlane
from simulator.world.records import ModelSpec, WorldBus

__all__ = ["Services", "SimTime", "build_services"]


class SimTime(Protocol):
    """The part of ``SimClock`` the services use: now in simulated seconds, and the epoch."""

    @property
    def epoch(self) -> datetime:
        """The aware datetime of simulated second 0."""

    def now(self) -> float:
        """Simulated seconds since the epoch."""


@dataclass(frozen=True, slots=True)
class Services:
    """The seven services over one hub, and the ground truth they announce their items to."""

    hub: Hub
    truth: GroundTruth
    cost_ops: CostOps
    latency_lens: LatencyLens
    sentinel: Sentinel
    shield: Shield
    observatory: Observatory
    config_manager: ConfigManager
    router_l2: RouterL2

    def __iter__(self) -> Iterator[Service]:
        return iter(
            (
                self.cost_ops,
                self.latency_lens,
                self.sentinel,
                self.shield,
                self.observatory,
                self.config_manager,
                self.router_l2,
            )
        )

    def by_name(self) -> dict[str, Service]:
        """Contract service name (``cost-ops`` ...) -> service."""
        return {s.name: s for s in self}

    def sync(self) -> None:
        """Bring every service up to the clock's now (before reading the truth, for example)."""
        self.hub.sync()


def build_services(
    *,
    clock: SimTime,
    bus: WorldBus,
    control: ControlPlane,
    catalogue: Sequence[ModelSpec] | Mapping[str, ModelSpec],
    weights: WeightsView | None = None,
    truth: GroundTruth | None = None,
    retention: Retention | None = None,
) -> Services:
    """Subscribe the seven services to ``bus``; they serve what happens from now on."""
    specs = catalogue.values() if isinstance(catalogue, Mapping) else catalogue
    truth = truth if truth is not None else GroundTruth()
    hub = Hub(now=clock.now, bus=bus, retention=retention)
    ctx = Context(
        hub=hub,
        stamps=Stamps(clock.epoch),
        control=control,
        catalogue={s.model_id: s for s in specs},
        truth=truth,
        weights=weights,
    )
    return Services(
        hub=hub,
        truth=truth,
        cost_ops=CostOps(ctx),
        latency_lens=LatencyLens(ctx),
        sentinel=Sentinel(ctx),
        shield=Shield(ctx),
        observatory=Observatory(ctx),
        config_manager=ConfigManager(ctx),
        router_l2=RouterL2(ctx),
    )
