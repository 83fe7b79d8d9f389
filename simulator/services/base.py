"""The base of the seven simulated services: shared context, hooks, operations and query helpers.

A service is a model over the world: it watches the hub's hooks (arrivals, completions, notices,
closed minutes), keeps bounded history, and serves every operation of its contract as a plain
function from typed query parameters to the JSON body (envelope included). Query parameters come
typed from the HTTP layer (int, float, bool, str, datetime); a direct caller may pass ISO strings
for times. ``since_inclusive`` switches the feeds' ``since`` from strictly-after to at-or-after,
for fault injection.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Protocol

from simulator.services.errors import BadRequest
from simulator.services.feed import Feed
from simulator.services.hub import Hub
from simulator.services.timefmt import Stamps, to_ms
from simulator.services.truth import GroundTruth
from simulator.world.control import ControlPlane
from simulator.world.records import ModelSpec, RequestOutcome, WorldNotice

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "Context",
    "Operation",
    "Params",
    "Service",
    "WeightAdjustmentView",
    "WeightsView",
]

Params = Mapping[str, Any]
Operation = Callable[[Params], dict[str, Any]]
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class WeightAdjustmentView(Protocol):
    """One weight change, as ``simulator.world.gateway.WeightAdjustment`` records it."""

    @property
    def model_id(self) -> str:
        """The model whose weight changed."""

    @property
    def reason(self) -> str:
        """Why it changed."""

    @property
    def delta(self) -> float:
        """The change of weight."""

    @property
    def t(self) -> float:
        """When, in simulated seconds."""


class WeightsView(Protocol):
    """What RouterL2 reads from the gateway: current weights and the recent adjustments."""

    @property
    def weights(self) -> Mapping[str, float]:
        """Model id -> weight (summing to 1)."""

    @property
    def adjustments(self) -> Sequence[WeightAdjustmentView]:
        """The recent weight changes, oldest first."""


@dataclass(frozen=True, slots=True)
class Context:
    """What every service is built from."""

    hub: Hub
    stamps: Stamps
    control: ControlPlane
    catalogue: Mapping[str, ModelSpec]
    truth: GroundTruth | None
    weights: WeightsView | None = None


class Service:
    """Hooks with no-op defaults, the operation table, and helpers for feeds and queries."""

    name: ClassVar[str] = ""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.hub = ctx.hub
        self.stamps = ctx.stamps
        self.since_inclusive = False
        self.hub.register(self, Service)

    # -- hooks (override the ones the service needs) ------------------------------------------

    def on_arrival(self, outcome: RequestOutcome) -> None:
        """A request was routed."""

    def on_complete(self, outcome: RequestOutcome) -> None:
        """A request completed."""

    def on_notice(self, notice: WorldNotice) -> None:
        """The world changed state."""

    def on_minute(self, minute: int) -> None:
        """A minute is complete."""

    # -- operations ---------------------------------------------------------------------------

    def operations(self) -> dict[str, Operation]:
        """operationId -> handler, for every operation of the service's contract."""
        raise NotImplementedError

    def call(self, operation: str, params: Params | None = None) -> dict[str, Any]:
        """Run one operation by its operationId (the world is synced first)."""
        handler = self.operations().get(operation)
        if handler is None:
            raise KeyError(f"Service {self.name} has no operation {operation!r}.")
        return handler(params or {})

    # -- helpers ------------------------------------------------------------------------------

    def feed(self, operation: str, *, per_request: bool, announce: bool = True) -> Feed[Any]:
        """A bounded feed named ``<service>/<operation>``, announced to the ground truth."""
        r = self.hub.retention
        return Feed(
            f"{self.name}/{operation}",
            retention_ms=to_ms(r.requests_s if per_request else r.signals_s),
            maxlen=r.max_requests if per_request else r.max_signals,
            truth=self.ctx.truth if announce else None,
        )

    def now(self) -> float:
        """Sync the world and return simulated now."""
        now = self.hub.now()
        self.hub.sync(now)
        return now

    def time_ms(self, params: Params, name: str) -> int | None:
        """A date-time query parameter as milliseconds after the epoch, or None when absent."""
        value = params.get(name)
        if value is None:
            return None
        if isinstance(value, datetime):
            return self.stamps.ms_of(value)
        try:
            return self.stamps.parse_ms(str(value))
        except ValueError as exc:
            raise BadRequest(f"Expected an ISO-8601 time, got {name}={value!r}.") from exc

    @staticmethod
    def limit(params: Params, default: int = DEFAULT_LIMIT) -> int:
        """The ``limit`` parameter, clamped to [1, MAX_LIMIT]; ``default`` when absent."""
        value = params.get("limit")
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise BadRequest(f"Expected a positive integer, got limit={value!r}.")
        return min(value, MAX_LIMIT)

    @staticmethod
    def ids(params: Params, name: str) -> frozenset[str] | None:
        """A comma-joined list parameter as a set of non-empty items, or None when absent."""
        value = params.get(name)
        if value is None:
            return None
        return frozenset(item for item in str(value).split(",") if item)

    @staticmethod
    def number(params: Params, name: str, default: float) -> float:
        """A positive number parameter, ``default`` when absent."""
        value = params.get(name)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise BadRequest(f"Expected a positive number, got {name}={value!r}.")
        return float(value)

    def provider_of(self, model_id: str) -> str:
        """The provider of a catalogue model ("unknown" for a model outside the catalogue)."""
        spec = self.ctx.catalogue.get(model_id)
        return spec.provider if spec is not None else "unknown"
