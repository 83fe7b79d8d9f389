"""Backpressure between the adapters' handlers and the optimizer: a bounded, leveled buffer.

``handler(feed)`` gives a callable to subscribe on an adapter: it only enqueues, so it never
fails and the adapter never dead-letters. ``drain()`` hands the buffered items to the sink in
arrival order; an item the sink raises on goes to the dead-letter queue when there is one
(otherwise it stays at the head and the drain stops, to be retried by the next drain).

Levels by fill, as the reference: ``normal`` < warning (80 %) <= ``warning`` < critical (95 %)
<= ``critical`` < capacity = ``full``. Every level change, up or down, is an event with its time
and counted per (from, to). Beyond capacity the buffer sheds the lowest-priority item, oldest
first among equals; a new item of strictly lower priority than everything buffered is shed
itself. Priorities are per feed (``DEFAULT_PRIORITIES``: rare decision signals above bulk
per-request telemetry); what is shed is counted per feed, and each shedding episode is recorded
when it starts and, with its counts, when the buffer leaves ``full``.
"""

from __future__ import annotations

import logging
import threading
import types
from collections import Counter, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

from adapters.clock import Clock
from adapters.errors import ConfigError
from adapters.resilience.checks import check_count, check_fraction
from adapters.resilience.dead_letters import DeadLetterQueue
from adapters.resilience.events import EventListener, EventRecorder, ResilienceEvent

__all__ = ["DEFAULT_PRIORITIES", "BackpressureBuffer", "BufferLevel", "BufferSettings", "Sink"]

BufferLevel: TypeAlias = Literal["normal", "warning", "critical", "full"]
Sink = Callable[[str, Any], object]
_log = logging.getLogger("adapters.resilience.backpressure")

# Feeds keyed "service/operationId"; higher is kept longer. Rare signals that trigger decisions
# (config changes, alerts, anomalies, drifts, policy) outrank the voluminous per-request
# telemetry that the optimizer only aggregates.
DEFAULT_PRIORITIES: Mapping[str, int] = types.MappingProxyType(
    {
        "config-manager/getConfigHistory": 5,
        "sentinel/fetchAlerts": 4,
        "sentinel/fetchAnomalies": 4,
        "sentinel/fetchDriftSignals": 4,
        "latency-lens/fetchAnomalies": 4,
        "shield/fetchPolicyBlocks": 3,
        "shield/fetchPIIDetections": 3,
        "router-l2/fetchLoadBalancerSignals": 3,
        "latency-lens/fetchLatencyProfiles": 2,
        "latency-lens/fetchThroughputStats": 2,
        "cost-ops/fetchCostEvents": 1,
        "router-l2/fetchRoutingDecisions": 1,
        "observatory/fetchEvents": 1,
        "observatory/searchTraces": 0,
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class BufferSettings:
    """Capacity, level fractions and per-feed priorities (reference: 10 000, 80 %, 95 %)."""

    capacity: int = 10_000
    warning: float = 0.8
    critical: float = 0.95
    priorities: Mapping[str, int] = field(default_factory=lambda: DEFAULT_PRIORITIES)
    default_priority: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "priorities", types.MappingProxyType(dict(self.priorities)))
        check_count("capacity", self.capacity)
        check_fraction("warning", self.warning)
        check_fraction("critical", self.critical)
        if not self.warning <= self.critical:
            raise ConfigError(
                f"Expected warning <= critical={self.critical}, got warning={self.warning}."
            )

    def priority(self, feed: str) -> int:
        """The priority of a feed's items."""
        return self.priorities.get(feed, self.default_priority)

    def level(self, size: int) -> BufferLevel:
        """The level of a buffer holding ``size`` items."""
        if size >= self.capacity:
            return "full"
        if size >= self.critical * self.capacity:
            return "critical"
        if size >= self.warning * self.capacity:
            return "warning"
        return "normal"


@dataclass(frozen=True, slots=True)
class _Entry:
    seq: int
    feed: str
    item: Any


class BackpressureBuffer:
    """A bounded buffer of (feed, item) with levels, priority shedding and a drain to a sink."""

    def __init__(
        self,
        *,
        clock: Clock,
        sink: Sink,
        settings: BufferSettings | None = None,
        dead_letters: DeadLetterQueue | None = None,
        on_event: EventListener | None = None,
    ) -> None:
        self._clock = clock
        self._sink = sink
        self.settings = settings if settings is not None else BufferSettings()
        self._dead_letters = dead_letters
        self._recorder = EventRecorder("backpressure", on_event)
        self._lock = threading.RLock()
        self._queues: dict[int, deque[_Entry]] = {}
        self._size = 0
        self._seq = 0
        self._level: BufferLevel = "normal"
        self.accepted: Counter[str] = Counter()
        self.shed: Counter[str] = Counter()
        self.delivered: Counter[str] = Counter()
        self.failed: Counter[str] = Counter()
        self.transitions: Counter[tuple[BufferLevel, BufferLevel]] = Counter()
        self._episode: Counter[str] = Counter()

    # -- reading ---------------------------------------------------------------------------

    @property
    def size(self) -> int:
        """Items buffered now."""
        return self._size

    @property
    def level(self) -> BufferLevel:
        """The level now."""
        return self._level

    @property
    def events(self) -> tuple[ResilienceEvent, ...]:
        """Level changes and shedding episodes, oldest first (bounded)."""
        return self._recorder.snapshot()

    # -- filling ---------------------------------------------------------------------------

    def handler(self, feed: str) -> Callable[[Any], None]:
        """A handler for an adapter subscription: enqueue each item under ``feed``."""

        def enqueue(item: Any) -> None:
            self.offer(feed, item)

        enqueue.__qualname__ = f"BackpressureBuffer.handler({feed!r})"
        return enqueue

    def offer(self, feed: str, item: Any) -> bool:
        """Buffer one item; False when this very item was shed (the buffer kept better ones)."""
        priority = self.settings.priority(feed)
        with self._lock:
            now = self._clock.time()
            self.accepted[feed] += 1
            if self._size >= self.settings.capacity and not self._make_room(priority, feed, now):
                return False
            self._seq += 1
            self._queues.setdefault(priority, deque()).append(_Entry(self._seq, feed, item))
            self._size += 1
            self._relevel(now)
            return True

    def _make_room(self, priority: int, feed: str, now: float) -> bool:
        lowest = min(p for p, q in self._queues.items() if q)
        if priority < lowest:
            self._count_shed(feed, now)
            return False
        victim = self._queues[lowest].popleft()
        self._size -= 1
        self._count_shed(victim.feed, now)
        return True

    def _count_shed(self, feed: str, now: float) -> None:
        if not self._episode:
            self._recorder.record(now, feed, "shedding", "buffer full: shedding lowest priority")
        self.shed[feed] += 1
        self._episode[feed] += 1

    # -- draining --------------------------------------------------------------------------

    def drain(self, limit: int | None = None) -> int:
        """Hand up to ``limit`` items (default all) to the sink, oldest first; how many went."""
        done = 0
        while limit is None or done < limit:
            entry = self._pop()
            if entry is None:
                break
            try:
                self._sink(entry.feed, entry.item)
            except Exception as exc:
                if not self._failed(entry, exc):
                    break
                continue
            self.delivered[entry.feed] += 1
            done += 1
        return done

    def _pop(self) -> _Entry | None:
        with self._lock:
            heads = [(q[0].seq, p) for p, q in self._queues.items() if q]
            if not heads:
                return None
            _, priority = min(heads)
            entry = self._queues[priority].popleft()
            self._size -= 1
            self._relevel(self._clock.time())
            return entry

    def _failed(self, entry: _Entry, exc: Exception) -> bool:
        """Dead-letter a failed item (True), or put it back at the head (False)."""
        self.failed[entry.feed] += 1
        _log.warning("The sink failed on an item of feed %s: %r", entry.feed, exc)
        if self._dead_letters is not None:
            sink = self._sink
            feed = entry.feed

            def redeliver(item: Any) -> None:
                sink(feed, item)

            redeliver.__qualname__ = "BackpressureBuffer.sink"
            self._dead_letters.put(feed, entry.item, exc, deliver=redeliver)
            return True
        with self._lock:
            priority = self.settings.priority(entry.feed)
            self._queues.setdefault(priority, deque()).appendleft(entry)
            self._size += 1
            now = self._clock.time()
            self._relevel(now)
            self._recorder.record(now, entry.feed, "drain_failed", repr(exc))
        return False

    # -- levels ----------------------------------------------------------------------------

    def _relevel(self, now: float) -> None:
        level = self.settings.level(self._size)
        if level == self._level:
            return
        before, self._level = self._level, level
        self.transitions[(before, level)] += 1
        detail = f"{before} -> {level} at {self._size}/{self.settings.capacity}"
        if before == "full" and self._episode:
            counts = ", ".join(f"{f}={n}" for f, n in sorted(self._episode.items()))
            detail += f"; shed while full: {counts}"
            self._episode.clear()
        self._recorder.record(now, "buffer", level, detail)
