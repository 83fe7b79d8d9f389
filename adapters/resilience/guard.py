"""A poll round that runs only when its service's breaker allows it; skipped rounds reported.

``GuardedAdapter(adapter, breaker)`` has the adapter's ``poll_once()``: while the breaker is
open the round is not run at all and a ``SkippedRound`` (a ``PollReport`` without feeds, with
the reason and the time the breaker half-opens) is returned and recorded as an event. Nothing
is lost: an adapter not polled moves no cursor, so the next round that runs catches up. Its own
listener (for live use) polls through the guard, never around it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from adapters.base import BaseAdapter
from adapters.listener import Listener
from adapters.report import PollReport
from adapters.resilience.breaker import CircuitBreaker
from adapters.resilience.events import EventListener, EventRecorder, ResilienceEvent

__all__ = ["GuardedAdapter", "SkippedRound"]

A = TypeVar("A", bound=BaseAdapter[Any])


@dataclass(frozen=True, slots=True, kw_only=True)
class SkippedRound(PollReport):
    """A round not run because the breaker was open: no feed polled, nothing fetched."""

    reason: str
    retry_at: float | None = None


class GuardedAdapter(Generic[A]):
    """An adapter whose poll rounds pass its service's circuit breaker first."""

    def __init__(
        self, adapter: A, breaker: CircuitBreaker, *, on_event: EventListener | None = None
    ) -> None:
        self.adapter = adapter
        self.breaker = breaker
        self._recorder = EventRecorder("guard", on_event)
        self._listener = Listener(
            name=f"{adapter.label}-guarded", poll=self.poll_once, clock=adapter.clock
        )
        self.rounds = 0
        self.skipped = 0

    def __repr__(self) -> str:
        return f"GuardedAdapter({self.adapter!r}, breaker={self.breaker.state!r})"

    @property
    def service(self) -> str:
        """The guarded adapter's service name."""
        return self.adapter.service

    @property
    def events(self) -> tuple[ResilienceEvent, ...]:
        """The skipped rounds, oldest first (bounded)."""
        return self._recorder.snapshot()

    def poll_once(self) -> PollReport:
        """One round of the adapter, or a ``SkippedRound`` while the breaker is open."""
        self.rounds += 1
        if self.breaker.allow():
            return self.adapter.poll_once()
        self.skipped += 1
        retry_at = self.breaker.retry_at
        reason = f"circuit breaker of {self.service} is open"
        self._recorder.record(
            self.adapter.clock.time(), self.service, "round_skipped", f"{reason}; until {retry_at}"
        )
        return SkippedRound(adapter=self.adapter.label, feeds=(), reason=reason, retry_at=retry_at)

    # -- live use --------------------------------------------------------------------------

    def start_listening(self, interval: float | None = None) -> None:
        """Poll through the guard in a background thread every ``interval`` seconds."""
        self._listener.start(self.adapter.default_interval if interval is None else interval)

    def stop_listening(self) -> None:
        """Stop the background polling."""
        self._listener.stop()

    def join_listener(self, timeout: float | None = None) -> None:
        """Wait for the stopped background thread to exit."""
        self._listener.join(timeout)

    @property
    def is_listening(self) -> bool:
        """True while the background listener is meant to run."""
        return self._listener.is_listening
