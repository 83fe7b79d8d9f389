"""A run with its evidence kept: what the services emitted, the adapters delivered, the optimizer
decided and which HTTP calls crossed the transport, each at its simulated second.

``Recording(rig)`` attaches before the rig runs: it wraps every service feed's announcement to
the ground truth (emissions), subscribes one more handler to every adapter feed (deliveries, at
the moment the adapter hands an item out), hooks the adapters' httpx client (every request sent
and every response received) and collects the optimizer's decisions after each loop step.
``run(until)`` steps the rig and ``finish()`` closes it. Nothing of the system under test is
changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx

from optimizer import Decision
from simulator.harness.rig import Rig, SystemUnderTest
from simulator.harness.wiring import FEED_WIRING
from simulator.services.feed import Feed

__all__ = ["STATE_FEEDS", "Call", "Delivery", "Emission", "Recording", "Timed"]

T = TypeVar("T", "Emission", "Delivery")

# State feeds have no item ids of their own: the id is derived from the value.
STATE_FEEDS: dict[str, tuple[str, str, Callable[[Any], str]]] = {
    "config-manager/getThresholds": (
        "config_manager",
        "on_threshold_change",
        lambda v: str(v.version),
    ),
    "config-manager/getRoutingConfig": (
        "config_manager",
        "on_routing_change",
        lambda v: str(v.version),
    ),
    "config-manager/getModelAvailability": (
        "config_manager",
        "on_availability_change",
        lambda v: ",".join(f"{m.model_id}:{m.status}" for m in v),
    ),
    "cost-ops/fetchProjections": ("cost_ops", "on_projection", lambda v: str(v.projection_id)),
}


@dataclass(frozen=True, slots=True)
class Emission:
    """A service made an item of a feed visible at simulated second ``t``."""

    feed: str
    item_id: str
    t: float


@dataclass(frozen=True, slots=True)
class Delivery:
    """An adapter handed ``item`` of ``feed`` to its handlers at simulated second ``t``."""

    feed: str
    item_id: str
    t: float
    item: Any = field(repr=False)


@dataclass(frozen=True, slots=True)
class Call:
    """One HTTP exchange of the adapters: who, what, and the status (0: a request sent)."""

    t: float
    service: str
    method: str
    path: str
    operation: str | None
    status: int


@dataclass(frozen=True, slots=True)
class Timed:
    """A decision and the simulated second it was issued at."""

    t: float
    decision: Decision


class Recording:
    """The evidence of one optimizer run (see the module docstring)."""

    def __init__(self, rig: Rig) -> None:
        if rig.sut is None:
            raise ValueError(f"Expected an optimizer rig, got policy={rig.policy!r}.")
        self.rig = rig
        self.sut: SystemUnderTest = rig.sut
        self.emissions: list[Emission] = []
        self.deliveries: list[Delivery] = []
        self.calls: list[Call] = []
        self.requests: list[Call] = []
        self.decisions: list[Timed] = []
        self._last = ""
        self._emission_index: dict[tuple[str, str], Emission] = {}
        self._delivery_index: dict[tuple[str, str], Delivery] = {}
        self._delivery_count = 0
        self._emission_count = 0
        self._by_feed: dict[str, list[Delivery]] = {}
        self._by_feed_count = 0
        self._offset = rig.clock.time() - rig.clock.now()
        self._hosts = {httpx.URL(u).host: name for name, u in self.sut.inprocess.base_urls.items()}
        self._routes = _Operations(self.sut)
        self._wrap_feeds()
        self._subscribe()
        self.sut.client.event_hooks["request"].append(self._on_request)
        self.sut.client.event_hooks["response"].append(self._on_response)

    # -- attaching ------------------------------------------------------------------------

    def _wrap_feeds(self) -> None:
        truth = self.sut.services.truth
        inner_emitted = truth.emitted

        def emitted(feed: str, item_id: str, t: float) -> None:
            self.emissions.append(Emission(feed, item_id, t))
            inner_emitted(feed, item_id, t)

        truth.emitted = emitted  # type: ignore[method-assign]  # direct announcements
        for service in self.sut.services:
            for value in vars(service).values():
                if isinstance(value, Feed) and value.emit is not None:
                    value.emit = self._emitter(value.name, value.emit)

    def _emitter(
        self, feed: str, inner: Callable[[str, float], None]
    ) -> Callable[[str, float], None]:
        def emit(item_id: str, t: float) -> None:
            self.emissions.append(Emission(feed, item_id, t))
            inner(item_id, t)

        return emit

    def _subscribe(self) -> None:
        adapters = self.sut.adapters
        for feed, wire in FEED_WIRING.items():
            adapter = getattr(adapters, wire.adapter)
            if adapter is not None:
                getattr(adapter, wire.subscribe)(self._deliverer(feed, wire.id_field))
        for feed, (name, method, key) in STATE_FEEDS.items():
            adapter = getattr(adapters, name)
            if adapter is not None:
                getattr(adapter, method)(self._state(feed, key))

    def _deliverer(self, feed: str, id_field: str) -> Callable[[Any], None]:
        def handler(item: Any) -> None:
            self.deliveries.append(
                Delivery(feed, str(getattr(item, id_field)), self.rig.clock.now(), item)
            )

        return handler

    def _state(self, feed: str, key: Callable[[Any], str]) -> Callable[[Any], None]:
        def handler(value: Any) -> None:
            self.deliveries.append(Delivery(feed, key(value), self.rig.clock.now(), value))

        return handler

    def _call(self, request: httpx.Request, status: int) -> Call:
        service = self._hosts.get(request.url.host, request.url.host)
        path = request.url.raw_path.split(b"?", 1)[0].decode("ascii", "replace")
        operation = self._routes.get((service, request.method, path))
        return Call(self.rig.clock.now(), service, request.method, path, operation, status)

    def _on_request(self, request: httpx.Request) -> None:
        self.requests.append(self._call(request, 0))

    def _on_response(self, response: httpx.Response) -> None:
        self.calls.append(self._call(response.request, response.status_code))

    # -- running --------------------------------------------------------------------------

    def _step(self, _now: float) -> None:
        fresh: list[Decision] = []
        for decision in reversed(self.sut.optimizer.decisions):
            if decision.id == self._last:
                break
            fresh.append(decision)
        if fresh:
            self._last = fresh[0].id
            self.decisions.extend(Timed(d.t - self._offset, d) for d in reversed(fresh))

    def run(self, until: float | None = None) -> Recording:
        """Run the rig to simulated second ``until`` (default: the scenario's end)."""
        self.rig.run(until, on_step=self._step)
        self._step(self.rig.clock.now())
        return self

    def finish(self) -> Recording:
        """Close the rig's books (the services are brought up to now; the client closes)."""
        self.rig.finish()
        return self

    # -- reading --------------------------------------------------------------------------

    @property
    def now(self) -> float:
        """The simulated second the run has reached."""
        return self.rig.clock.now()

    def emitted(self, feed: str) -> list[Emission]:
        """Every emission of ``feed``, in time order."""
        return [e for e in self.emissions if e.feed == feed]

    def delivered(self, feed: str) -> list[Delivery]:
        """Every delivery of ``feed``, in time order."""
        if self._by_feed_count != len(self.deliveries):
            grouped: dict[str, list[Delivery]] = {}
            for delivery in self.deliveries:
                grouped.setdefault(delivery.feed, []).append(delivery)
            self._by_feed, self._by_feed_count = grouped, len(self.deliveries)
        return list(self._by_feed.get(feed, ()))

    def emission_of(self, feed: str, item_id: str) -> Emission | None:
        """The emission of one item, or None when the service never announced it."""
        if self._emission_count != len(self.emissions):
            self._emission_index = _first_by_key(self.emissions)
            self._emission_count = len(self.emissions)
        return self._emission_index.get((feed, item_id))

    def delivery_of(self, feed: str, item_id: str) -> Delivery | None:
        """The first delivery of one item, or None."""
        if self._delivery_count != len(self.deliveries):
            self._delivery_index = _first_by_key(self.deliveries)
            self._delivery_count = len(self.deliveries)
        return self._delivery_index.get((feed, item_id))

    def decisions_of(self, *kinds: str, after: float = 0.0) -> Iterator[Timed]:
        """Decisions of the given kinds (any when none given) at or after ``after``."""
        for timed in self.decisions:
            if timed.t >= after and (not kinds or timed.decision.kind in kinds):
                yield timed

    def methods(self) -> dict[str, int]:
        """HTTP calls per method."""
        counts: dict[str, int] = {}
        for call in self.calls:
            counts[call.method] = counts.get(call.method, 0) + 1
        return counts

    def operations_called(self, *, ok_only: bool = True) -> set[tuple[str, str]]:
        """(service, operationId) of every call (only 2xx answers when ``ok_only``)."""
        return {
            (c.service, c.operation)
            for c in self.calls
            if c.operation is not None and (not ok_only or 200 <= c.status < 300)
        }


def _first_by_key(items: list[T]) -> dict[tuple[str, str], T]:
    """(feed, item id) -> the first emission or delivery with that key."""
    index: dict[tuple[str, str], T] = {}
    for item in items:
        index.setdefault((item.feed, item.item_id), item)
    return index


class _Operations:
    """(service, method, path) -> operationId, parameter paths resolved by the service's app."""

    def __init__(self, sut: SystemUnderTest) -> None:
        self._apps = sut.apps
        self._known: dict[tuple[str, str, str], str | None] = {}

    def get(self, key: tuple[str, str, str]) -> str | None:
        if key not in self._known:
            service, method, path = key
            app = self._apps.get(service)
            resolved = None if app is None else app.resolve(method, path)
            self._known[key] = None if resolved is None else resolved[0].endpoint.operation_id
        return self._known[key]


def ids(items: Iterable[Emission | Delivery]) -> list[str]:
    """The item ids of emissions or deliveries, in order."""
    return [i.item_id for i in items]
