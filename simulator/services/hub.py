"""The hub: one subscription to the world bus, fanned out to the seven services in time order.

Per request outcome the hub indexes it by request id, hands it to the services that watch
arrivals, and, at its ``t_end`` (at once when the world publishes on completion, as it does, or
later from a heap when an outcome is published ahead of time), to the ledger and the services that
watch completions. Whole minutes are closed lazily, on the first outcome or query past their end:
the ledger rolls them up and every service's ``on_minute`` runs (profiles, detectors, watches).
A query calls ``sync`` first, so what it sees is exactly the world up to now.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from simulator.services.ledger import Ledger
from simulator.world.records import RequestOutcome, WorldBus, WorldNotice

__all__ = ["Hub", "Observer", "Retention"]


@dataclass(frozen=True, slots=True)
class Retention:
    """How long services keep what they serve (simulated seconds, counts)."""

    requests_s: float = 3600.0  # per-request items: cost events, traces, decisions, breakdowns
    signals_s: float = 43_200.0  # derived items: anomalies, drifts, alerts, blocks, events ...
    max_requests: int = 200_000  # count cap of one per-request feed
    max_signals: int = 20_000  # count cap of one signal feed
    minutes: int = 720  # per-minute metrics; 12 h, so a 1-day run already holds a steady state
    raw_minutes: int = 60  # raw latencies for exact percentiles
    hours: int = 24 * 35  # hourly cost roll-ups

    def __post_init__(self) -> None:
        if (
            min(self.requests_s, self.signals_s) <= 0
            or min(self.max_requests, self.max_signals) < 1
        ):
            raise ValueError(f"Expected positive retention values, got {self!r}.")


class Observer(Protocol):
    """What a service may watch; the hub calls only the hooks a service overrides."""

    def on_arrival(self, outcome: RequestOutcome) -> None:
        """A request was routed (called when the outcome is published)."""

    def on_complete(self, outcome: RequestOutcome) -> None:
        """A request completed (called at its ``t_end``)."""

    def on_notice(self, notice: WorldNotice) -> None:
        """The world changed state."""

    def on_minute(self, minute: int) -> None:
        """Minute ``minute`` (seconds ``60*minute`` to ``60*minute+60``) is complete."""


class Hub:
    """Bus subscription, request index, completion gate and minute clock for the services."""

    def __init__(
        self, *, now: Callable[[], float], bus: WorldBus, retention: Retention | None = None
    ) -> None:
        self.now = now
        self.retention = retention or Retention()
        self.ledger = Ledger(
            keep_minutes=self.retention.minutes,
            raw_minutes=min(self.retention.raw_minutes, self.retention.minutes),
            keep_hours=self.retention.hours,
        )
        # id -> (seen at, outcome), in arrival order: forgetting walks from the oldest end
        self.requests: dict[str, tuple[float, RequestOutcome]] = {}
        self._next_forget = 0.0
        self.current = now()  # simulated now of the outcome being dispatched
        self._pending: list[tuple[float, int, RequestOutcome]] = []
        self._seq = 0
        self._closed = int(now() // 60.0) - 1
        self._next_close = (self._closed + 2) * 60.0
        self._arrivals: list[Callable[[RequestOutcome], None]] = []
        self._completions: list[Callable[[RequestOutcome], None]] = []
        self._notices: list[Callable[[WorldNotice], None]] = []
        self._minutes: list[Callable[[int], None]] = []
        bus.on_outcome(self.on_outcome)
        bus.on_notice(self.on_notice)

    def register(self, service: object, base: type) -> None:
        """Subscribe the hooks that ``service`` overrides from ``base``."""
        kind = type(service)
        for hook, into in (
            ("on_arrival", self._arrivals),
            ("on_complete", self._completions),
            ("on_notice", self._notices),
            ("on_minute", self._minutes),
        ):
            if getattr(kind, hook) is not getattr(base, hook):
                into.append(getattr(service, hook))

    @property
    def closed_minute(self) -> int:
        """The last complete minute."""
        return self._closed

    def on_outcome(self, outcome: RequestOutcome) -> None:
        """Take one outcome from the bus (the services' only per-request entry point)."""
        now = self.now()
        self.current = now
        if now >= self._next_close:
            self.sync(now)
        elif self._pending and self._pending[0][0] <= now:
            self._drain(now, inclusive=True)
        self.requests[outcome.request_id] = (now, outcome)
        if now >= self._next_forget:
            self._forget(now)
        for arrival in self._arrivals:
            arrival(outcome)
        if outcome.t_end <= now:
            self._complete(outcome)
        else:
            self._seq += 1
            heapq.heappush(self._pending, (outcome.t_end, self._seq, outcome))

    def _forget(self, now: float) -> None:
        self._next_forget = now + 1.0
        index = self.requests
        horizon = now - self.retention.requests_s * 1.05  # outlive the feeds' batched trimming
        old = []
        for request_id, (seen, _) in index.items():
            if seen >= horizon:
                break
            old.append(request_id)
        for request_id in old:
            del index[request_id]

    def _complete(self, outcome: RequestOutcome) -> None:
        self.ledger.add(outcome)
        for completion in self._completions:
            completion(outcome)

    def on_notice(self, notice: WorldNotice) -> None:
        """Take one notice from the bus."""
        self.sync()
        for handler in self._notices:
            handler(notice)

    def _drain(self, before: float, *, inclusive: bool) -> None:
        pending = self._pending
        while pending and (pending[0][0] < before or (inclusive and pending[0][0] == before)):
            self._complete(heapq.heappop(pending)[2])

    def sync(self, now: float | None = None) -> None:
        """Bring every service up to ``now``: due completions, then every complete minute."""
        now = self.now() if now is None else now
        self.current = now
        while self._next_close <= now:
            self._drain(self._next_close, inclusive=False)
            minute = self._closed + 1
            self.ledger.close(minute)
            self._closed = minute
            self._next_close = (minute + 2) * 60.0
            for handler in self._minutes:
                handler(minute)
        self._drain(now, inclusive=True)
