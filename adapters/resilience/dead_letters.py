"""A dead-letter queue for signals whose processing failed: bounded, retried, inspectable.

An entry comes from ``put`` (a failing sink of the backpressure buffer) or from a handler
wrapped by ``guard`` (it never raises: the failing item is queued instead, so the adapter's own
backlog and dead letters stay empty). Each entry is retried by ``redeliver()`` when due: the
first retry ``base`` seconds after the failure, then ``base * 2**n`` (n retries so far, n capped
at ``max_exponent``), never more than ``cap`` seconds apart (reference: 300 s, 2^10, 3600 s).
After ``max_retries`` failed retries an entry is *parked*: kept, exported, no longer retried
until ``requeue``; the reference discarded it. Entries older than ``retention`` expire, and a
full queue drops its oldest parked entry (else its oldest): both counted and recorded as events.
``export_jsonl`` writes one JSON object per entry for the run's logs.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TextIO, TypeAlias

from adapters.clock import Clock
from adapters.resilience.checks import check_count, check_positive
from adapters.resilience.events import EventListener, EventRecorder, ResilienceEvent
from adapters.resilience.plain import to_plain

__all__ = [
    "DeadLetterQueue",
    "DlqCounts",
    "DlqEntry",
    "DlqSettings",
    "DlqState",
    "Redelivery",
]

DlqState: TypeAlias = Literal["pending", "parked"]
Deliver = Callable[[Any], object]
_log = logging.getLogger("adapters.resilience.dead_letters")


@dataclass(frozen=True, slots=True, kw_only=True)
class DlqSettings:
    """Size, retry schedule and retention (reference: retry 300 s doubling to 3600 s, 7 days)."""

    capacity: int = 1000
    max_retries: int = 3
    base: float = 300.0
    cap: float = 3600.0
    max_exponent: int = 10
    retention: float = 7 * 86_400.0

    def __post_init__(self) -> None:
        check_count("capacity", self.capacity)
        check_count("max_retries", self.max_retries, 0)
        check_positive("base", self.base)
        check_positive("cap", self.cap)
        check_count("max_exponent", self.max_exponent, 0)
        check_positive("retention", self.retention)

    def backoff(self, retries: int) -> float:
        """Seconds until the next retry of an entry already retried ``retries`` times."""
        return min(self.base * 2.0 ** min(retries, self.max_exponent), self.cap)


@dataclass(frozen=True, slots=True, kw_only=True)
class DlqEntry:
    """One dead letter as it stands: where from, why, how often tried, when next."""

    id: str
    feed: str
    handler: str
    item: Any
    reason: str
    last_error: str
    failed_at: float
    retries: int
    next_retry_at: float | None
    state: DlqState

    def as_dict(self) -> dict[str, Any]:
        """The entry as a JSON-ready mapping (the item as plain JSON values)."""
        return {
            "id": self.id,
            "feed": self.feed,
            "handler": self.handler,
            "state": self.state,
            "retries": self.retries,
            "failed_at": self.failed_at,
            "next_retry_at": self.next_retry_at,
            "reason": self.reason,
            "last_error": self.last_error,
            "item_type": type(self.item).__name__,
            "item": to_plain(self.item),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class DlqCounts:
    """Totals since the queue was made, and what it holds now."""

    put: int
    delivered: int
    failed_retries: int
    parked: int
    dropped: int
    expired: int
    pending_now: int
    parked_now: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Redelivery:
    """One ``redeliver()`` pass: entries due, delivered, failed again, parked, expired."""

    due: int = 0
    delivered: int = 0
    failed: int = 0
    parked: int = 0
    expired: int = 0


class _Record:
    __slots__ = ("deliver", "entry", "seq")

    def __init__(self, seq: int, entry: DlqEntry, deliver: Deliver) -> None:
        self.seq = seq
        self.entry = entry
        self.deliver = deliver


class DeadLetterQueue:
    """Failed signals with their redelivery target, retried on a capped exponential schedule."""

    def __init__(
        self,
        *,
        clock: Clock,
        settings: DlqSettings | None = None,
        on_event: EventListener | None = None,
    ) -> None:
        self._clock = clock
        self.settings = settings if settings is not None else DlqSettings()
        self._recorder = EventRecorder("dead_letters", on_event)
        self._lock = threading.RLock()
        self._pass = threading.Lock()  # one redelivery pass at a time: no double delivery
        self._records: dict[str, _Record] = {}
        self._seq = 0
        self._totals: Counter[str] = Counter()
        self.dropped: Counter[str] = Counter()

    # -- filling ---------------------------------------------------------------------------

    def put(
        self, feed: str, item: Any, error: BaseException | str, *, deliver: Deliver
    ) -> DlqEntry:
        """Queue ``item`` of ``feed`` that ``deliver`` failed on; first retry after ``base``."""
        text = error if isinstance(error, str) else repr(error)
        with self._lock:
            now = self._clock.time()
            if len(self._records) >= self.settings.capacity:
                self._drop_one(now)
            self._seq += 1
            entry = DlqEntry(
                id=f"dlq-{self._seq:06d}",
                feed=feed,
                handler=_name(deliver),
                item=item,
                reason=text,
                last_error=text,
                failed_at=now,
                retries=0,
                next_retry_at=now + self.settings.backoff(0),
                state="pending",
            )
            self._records[entry.id] = _Record(self._seq, entry, deliver)
            self._totals["put"] += 1
            self._recorder.record(now, feed, "dead_lettered", f"{entry.id}: {text}")
            return entry

    def guard(self, feed: str, handler: Deliver) -> Callable[[Any], None]:
        """``handler`` wrapped so that it never raises: a failing item is queued instead."""

        def guarded(item: Any) -> None:
            try:
                handler(item)
            except Exception as exc:
                _log.warning("Handler %s of feed %s failed: %r", _name(handler), feed, exc)
                self.put(feed, item, exc, deliver=handler)

        guarded.__qualname__ = f"DeadLetterQueue.guard({_name(handler)})"
        return guarded

    def _drop_one(self, now: float) -> None:
        records = sorted(self._records.values(), key=lambda r: r.seq)
        parked = [r for r in records if r.entry.state == "parked"]
        victim = (parked or records)[0]
        del self._records[victim.entry.id]
        self.dropped[victim.entry.feed] += 1
        self._recorder.record(now, victim.entry.feed, "dropped", f"{victim.entry.id}: queue full")

    # -- reading ---------------------------------------------------------------------------

    def entries(self, state: DlqState | None = None) -> tuple[DlqEntry, ...]:
        """The entries held (of one state, or all), oldest first."""
        with self._lock:
            records = sorted(self._records.values(), key=lambda r: r.seq)
            return tuple(r.entry for r in records if state is None or r.entry.state == state)

    def __len__(self) -> int:
        return len(self._records)

    @property
    def counts(self) -> DlqCounts:
        """Totals and what is held now."""
        with self._lock:
            held = Counter(r.entry.state for r in self._records.values())
            return DlqCounts(
                put=self._totals["put"],
                delivered=self._totals["delivered"],
                failed_retries=self._totals["failed"],
                parked=self._totals["parked"],
                dropped=sum(self.dropped.values()),
                expired=self._totals["expired"],
                pending_now=held["pending"],
                parked_now=held["parked"],
            )

    @property
    def events(self) -> tuple[ResilienceEvent, ...]:
        """Dead-letterings, retries, parkings, drops and expiries, oldest first (bounded)."""
        return self._recorder.snapshot()

    def retry_due(self, now: float | None = None) -> tuple[DlqEntry, ...]:
        """Pending entries whose retry time has come (expired ones are removed first)."""
        with self._lock:
            moment = self._clock.time() if now is None else now
            self._expire(moment)
            return tuple(r.entry for r in self._due(moment))

    def _due(self, now: float) -> list[_Record]:
        due = [
            r
            for r in self._records.values()
            if r.entry.next_retry_at is not None and r.entry.next_retry_at <= now
        ]
        return sorted(due, key=lambda r: (r.entry.next_retry_at or 0.0, r.seq))

    def _expire(self, now: float) -> int:
        old = [
            r for r in self._records.values() if now - r.entry.failed_at > self.settings.retention
        ]
        for record in old:
            del self._records[record.entry.id]
            self._totals["expired"] += 1
            self._recorder.record(now, record.entry.feed, "expired", record.entry.id)
        return len(old)

    # -- retrying --------------------------------------------------------------------------

    def redeliver(self, now: float | None = None) -> Redelivery:
        """Retry every due entry once: delivered ones leave, failed ones wait longer or park."""
        with self._pass:
            with self._lock:
                moment = self._clock.time() if now is None else now
                expired = self._expire(moment)
                due = self._due(moment)
            outcomes = Counter(self._retry(record, moment) for record in due)
        delivered = outcomes["delivered"]
        parked = outcomes["parked"]
        return Redelivery(
            due=len(due),
            delivered=delivered,
            failed=len(due) - delivered,
            parked=parked,
            expired=expired,
        )

    def _retry(self, record: _Record, now: float) -> str:
        entry = record.entry
        try:
            record.deliver(entry.item)
        except Exception as exc:
            return self._failed_again(record, exc, now)
        with self._lock:
            self._records.pop(entry.id, None)
            self._totals["delivered"] += 1
        self._recorder.record(now, entry.feed, "redelivered", f"{entry.id} after {entry.retries}")
        return "delivered"

    def _failed_again(self, record: _Record, exc: Exception, now: float) -> str:
        entry = record.entry
        retries = entry.retries + 1
        park = retries >= self.settings.max_retries
        record.entry = dataclasses.replace(
            entry,
            retries=retries,
            last_error=repr(exc),
            next_retry_at=None if park else now + self.settings.backoff(retries),
            state="parked" if park else "pending",
        )
        with self._lock:
            self._totals["failed"] += 1
            self._totals["parked"] += park
        kind = "parked" if park else "retry_failed"
        self._recorder.record(now, entry.feed, kind, f"{entry.id} retry {retries}: {exc!r}")
        return kind

    def requeue(self, entry_id: str | None = None) -> int:
        """Make parked entries (one, or all) pending and due now, their retries reset."""
        with self._lock:
            now = self._clock.time()
            chosen = [
                r
                for r in self._records.values()
                if r.entry.state == "parked" and entry_id in (None, r.entry.id)
            ]
            for record in chosen:
                record.entry = dataclasses.replace(
                    record.entry, state="pending", retries=0, next_retry_at=now
                )
                self._recorder.record(now, record.entry.feed, "requeued", record.entry.id)
            return len(chosen)

    # -- export ----------------------------------------------------------------------------

    def to_jsonl(self) -> str:
        """Every entry as one JSON object per line, oldest first."""
        return "".join(
            json.dumps(e.as_dict(), sort_keys=True, separators=(",", ":")) + "\n"
            for e in self.entries()
        )

    def export_jsonl(self, stream: TextIO) -> int:
        """Write every entry to ``stream`` as JSON lines; how many were written."""
        text = self.to_jsonl()
        stream.write(text)
        return text.count("\n")


def _name(handler: Callable[..., object]) -> str:
    """A stable name: the callable's qualified name, else its class's (never an address)."""
    return str(getattr(handler, "__qualname__", None) or type(handler).__qualname__)
