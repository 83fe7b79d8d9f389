"""What the resilience parts record: timestamped events, kept bounded and passed to a listener.

Every state change of every part (a breaker opening, a limiter slowing down, a buffer level
rising, a dead letter parked) is one ``ResilienceEvent``: nothing changes silently. A part keeps
its most recent events (bounded) and hands each one to the ``on_event`` callable it was given,
so a harness can write them to the run's log as they happen.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["EventListener", "EventRecorder", "ResilienceEvent"]

_KEEP = 10_000


@dataclass(frozen=True, slots=True, kw_only=True)
class ResilienceEvent:
    """One change: when (clock seconds), which part, about what, what happened, and why."""

    at: float
    part: str
    subject: str
    kind: str
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The event as a flat JSON-ready mapping."""
        return {
            "at": self.at,
            "part": self.part,
            "subject": self.subject,
            "kind": self.kind,
            "detail": self.detail,
        }


EventListener = Callable[[ResilienceEvent], object]


class EventRecorder:
    """Keeps a part's most recent events and forwards each to an optional listener."""

    def __init__(
        self, part: str, on_event: EventListener | None = None, *, keep: int = _KEEP
    ) -> None:
        self.part = part
        self._events: deque[ResilienceEvent] = deque(maxlen=keep)
        self._on_event = on_event
        self._lock = threading.Lock()
        self.total = 0

    def record(self, at: float, subject: str, kind: str, detail: str = "") -> ResilienceEvent:
        """Record one event and hand it to the listener."""
        event = ResilienceEvent(at=at, part=self.part, subject=subject, kind=kind, detail=detail)
        with self._lock:
            self._events.append(event)
            self.total += 1
        if self._on_event is not None:
            self._on_event(event)
        return event

    def snapshot(self) -> tuple[ResilienceEvent, ...]:
        """The kept events, oldest first."""
        with self._lock:
            return tuple(self._events)
