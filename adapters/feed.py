"""One polled list endpoint, written once: time cursor, dedupe by id, ordered exactly-once dispatch.

The cursor is the largest cursor-field time seen (never an id: D1). Each request sends
``since = cursor - overlap``, so a service that reads ``since`` as inclusive or as exclusive
returns every item at the boundary (D8); items already seen are skipped by id, and only ids
within the overlap window are remembered (bounded memory). Unseen items older than the window
are dropped as ``stale``: a service that ignores ``since`` causes no repeats. A page is sorted by
the cursor field before dispatch (either server order works), and a page that came back full
is followed by another in the same round until a short page or a page with nothing new, at most
``max_pages`` (D9). A full page with nothing new means more items share the boundary
time than one page holds: the next request sends the cursor itself, then the cursor plus the
overlap (skipping the rest of that instant rather than stalling for ever). A failed fetch or a
contract violation moves nothing and delivers nothing of that page.

Handler failures (D11): each handler is called once per item, in time order. When one raises,
that item and every later item wait in that handler's own backlog, retried at the start of the
next rounds (only for that handler: the others are not called twice) until it succeeds or has
failed ``handler_attempts`` times, when it goes to the dead letters and the next one is tried.
A backlog longer than ``max_backlog`` sends its newest overflow straight to the dead letters.
The cursor moves on regardless: the waiting items are kept in memory, not re-fetched.
Handlers run synchronously inside the round (D12): a slow handler delays the round, which keeps
a simulated run deterministic; hand work to a queue in the handler when that matters.
"""

from __future__ import annotations

import logging
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from adapters.errors import AdapterError
from adapters.handlers import Handler, HandlerSet
from adapters.report import DeadLetter, DeadLetterBox, FeedReport

__all__ = ["EventFeed", "FeedSettings", "Tally", "call_handler", "handler_name"]

T = TypeVar("T")
_LRU_SIZE = 4096
_RESCAN_FACTOR = 10  # at most this many times max_pages in one round, rescans included
_log = logging.getLogger("adapters.feed")


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedSettings:
    """Tuning shared by an adapter's feeds (from its config)."""

    overlap: timedelta = timedelta(milliseconds=1)
    max_pages: int = 10
    handler_attempts: int = 3
    max_backlog: int = 1000


class Tally:
    """A feed round's counters while it runs; ``freeze()`` gives the report."""

    def __init__(self, feed: str) -> None:
        self.feed = feed
        self.fetched = self.delivered = self.duplicates = self.stale = self.pages = 0
        self.handler_errors = self.dead_lettered = self.backlog = self.stalls = 0
        self.errors: list[str] = []

    def fail(self, error: Exception) -> None:
        """Record a feed-level failure (logged; unexpected ones with their traceback)."""
        if isinstance(error, AdapterError):
            _log.warning("Feed %s failed: %s", self.feed, error)
        else:
            _log.error("Feed %s failed unexpectedly.", self.feed, exc_info=error)
        self.errors.append(f"{type(error).__name__}: {error}")

    def freeze(self) -> FeedReport:
        """The finished round as a report."""
        return FeedReport(
            feed=self.feed,
            fetched=self.fetched,
            delivered=self.delivered,
            duplicates=self.duplicates,
            stale=self.stale,
            pages=self.pages,
            handler_errors=self.handler_errors,
            dead_lettered=self.dead_lettered,
            backlog=self.backlog,
            stalls=self.stalls,
            errors=tuple(self.errors),
        )


def handler_name(handler: Callable[..., object]) -> str:
    """A readable name for a handler (its qualified name when it has one)."""
    return str(getattr(handler, "__qualname__", None) or repr(handler))


def call_handler(feed: str, handler: Callable[[Any], object], item: Any) -> Exception | None:
    """Call one handler; return its exception instead of raising it (logged)."""
    try:
        handler(item)
    except Exception as exc:
        _log.warning("Handler %s of feed %s failed: %r", handler_name(handler), feed, exc)
        return exc
    return None


class _Pending:
    __slots__ = ("attempts", "error", "item")

    def __init__(self, item: Any, error: Exception) -> None:
        self.item = item
        self.attempts = 1
        self.error = error


class EventFeed(Generic[T]):
    """A list endpoint polled with a time cursor (or, without one, deduplicated by id only)."""

    def __init__(
        self,
        *,
        name: str,
        fetch: Callable[[datetime | None], Sequence[T]],
        item_id: Callable[[T], str],
        key: Callable[[T], datetime],
        limit: int | None,
        origin: datetime | None,
        settings: FeedSettings,
        dead_letters: DeadLetterBox,
        sends_cursor: bool = True,
        settle: Callable[[T], timedelta] | None = None,
    ) -> None:
        self.name = name
        self._settle_of = settle
        self._settle = timedelta(0)
        self.handlers: HandlerSet[T] = HandlerSet()
        self._fetch = fetch
        self._id = item_id
        self._key = key
        self._limit = limit
        self._settings = settings
        self._dead_letters = dead_letters
        self._sends_cursor = sends_cursor
        self._cursor = origin if sends_cursor else None
        self._seen: OrderedDict[str, datetime] = OrderedDict()
        self._stalls = 0
        self._backlog: dict[Handler[T], deque[_Pending]] = {}

    @property
    def cursor(self) -> datetime | None:
        """The largest cursor-field time seen so far (None before any, or without a cursor)."""
        return self._cursor

    @property
    def remembered(self) -> int:
        """How many ids are kept for dedupe (bounded by the overlap window or the LRU size)."""
        return len(self._seen)

    @property
    def backlog(self) -> int:
        """(item, handler) pairs waiting for a retry."""
        return sum(len(q) for q in self._backlog.values())

    def since(self) -> datetime | None:
        """The ``since`` the next request sends (moved past the cursor only when stalled)."""
        if self._cursor is None:
            return None
        if self._stalls == 0:
            return self._cursor - self.window
        if self._stalls == 1:
            return self._cursor
        return self._cursor + self._settings.overlap

    @property
    def window(self) -> timedelta:
        """How far behind the cursor a new item may still appear (the overlap, or the settle)."""
        return max(self._settings.overlap, self._settle)

    def _floor(self) -> datetime | None:
        return None if self._cursor is None else self._cursor - self.window

    def _rescan_only(self, items: Sequence[T], start_cursor: datetime | None) -> bool:
        """True for a full page lying wholly behind the cursor the round started from."""
        if start_cursor is None or not items or self._limit is None or len(items) < self._limit:
            return False
        return max(self._key(i) for i in items) <= start_cursor

    def _next_since(self, items: Sequence[T], since: datetime | None) -> datetime | None:
        """Where the next page of this round starts: just before the page's last key."""
        if not self._sends_cursor or not items:
            return None
        after = max(self._key(i) for i in items) - self._settings.overlap
        return after if since is None or after > since else None

    def poll(self) -> FeedReport:
        """One round: retry the handlers' backlogs, then fetch and dispatch new items."""
        tally = Tally(self.name)
        self._drain(tally)
        since = self.since()
        start_cursor = self._cursor
        budget = self._settings.max_pages
        # Pages that only re-read the settle window (behind the round's starting cursor) do not
        # spend the budget: at high rates the window alone can be longer than the budget.
        for _ in range(budget * _RESCAN_FACTOR):
            if budget <= 0:
                break
            try:
                items = self._fetch(since)
            except Exception as exc:
                tally.fail(exc)
                break
            tally.pages += 1
            if not self._rescan_only(items, start_cursor):
                budget -= 1
            tally.fetched += len(items)
            fresh = self._accept(items, tally)
            self._dispatch(fresh, tally)
            if fresh:
                self._stalls = 0
            if self._limit is None or len(items) < self._limit:
                break
            # A full page: walk on from its last key (through the settle window, or a backlog);
            # a page that cannot move the window forward stalls until the next round.
            following = self._next_since(items, since)
            if following is None:
                if not fresh and self._sends_cursor:
                    self._stalls += 1
                break
            since = following
        tally.stalls = self._stalls
        tally.backlog = self.backlog
        return tally.freeze()

    def _accept(self, items: Sequence[T], tally: Tally) -> list[T]:
        floor = self._floor()
        fresh: dict[str, T] = {}
        for item in items:
            ident = self._id(item)
            if ident in self._seen or ident in fresh:
                tally.duplicates += 1
                if not self._sends_cursor and ident in self._seen:
                    self._seen.move_to_end(ident)
            elif floor is not None and self._key(item) < floor:
                tally.stale += 1
            else:
                fresh[ident] = item
        ordered = sorted(fresh.values(), key=self._key)
        settle_of = self._settle_of
        for item in ordered:
            self._seen[self._id(item)] = self._key(item)
            if settle_of is not None:
                self._settle = max(self._settle, settle_of(item))
        if ordered:
            self._advance(self._key(ordered[-1]))
        return ordered

    def _advance(self, newest: datetime) -> None:
        if not self._sends_cursor:
            while len(self._seen) > _LRU_SIZE:
                self._seen.popitem(last=False)
            return
        if self._cursor is None or newest > self._cursor:
            self._cursor = newest
        floor = self._cursor - self.window
        for ident in [i for i, t in self._seen.items() if t < floor]:
            del self._seen[ident]

    def _dispatch(self, items: list[T], tally: Tally) -> None:
        for item in items:
            tally.delivered += 1
            for handler in self.handlers.snapshot():
                if handler not in self.handlers:
                    continue  # removed while this item was being dispatched (D34)
                queue = self._backlog.get(handler)
                if queue is not None:
                    self._enqueue(handler, queue, item, tally)
                    continue
                error = call_handler(self.name, handler, item)
                if error is not None:
                    tally.handler_errors += 1
                    self._first_failure(handler, _Pending(item, error), tally)

    def _first_failure(self, handler: Handler[T], pending: _Pending, tally: Tally) -> None:
        if pending.attempts >= self._settings.handler_attempts:
            self._bury(handler, pending, tally)
        else:
            self._backlog[handler] = deque([pending])

    def _enqueue(self, handler: Handler[T], queue: deque[_Pending], item: T, tally: Tally) -> None:
        if len(queue) >= self._settings.max_backlog:
            overflow = _Pending(item, RuntimeError("the handler's backlog is full"))
            overflow.attempts = 0
            self._bury(handler, overflow, tally)
            return
        pending = _Pending(item, RuntimeError("waiting behind an earlier failure"))
        pending.attempts = 0
        queue.append(pending)

    def _drain(self, tally: Tally) -> None:
        for handler, queue in list(self._backlog.items()):
            if handler not in self.handlers:
                del self._backlog[handler]
                continue
            while queue:
                pending = queue[0]
                error = call_handler(self.name, handler, pending.item)
                if error is None:
                    queue.popleft()
                    continue
                tally.handler_errors += 1
                pending.attempts += 1
                pending.error = error
                if pending.attempts < self._settings.handler_attempts:
                    break
                queue.popleft()
                self._bury(handler, pending, tally)
            if not queue:
                del self._backlog[handler]

    def _bury(self, handler: Handler[T], pending: _Pending, tally: Tally) -> None:
        tally.dead_lettered += 1
        self._dead_letters.put(
            DeadLetter(
                feed=self.name,
                handler=handler_name(handler),
                item=pending.item,
                error=repr(pending.error),
                attempts=pending.attempts,
            )
        )
