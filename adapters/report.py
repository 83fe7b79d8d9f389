"""What one poll round did, per feed and per adapter; and the dead letters of failing handlers."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from typing import Any

__all__ = ["DeadLetter", "DeadLetterBox", "FeedReport", "PollReport"]


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedReport:
    """One feed's round: items fetched, delivered (new), skipped, failures and the backlog.

    ``duplicates`` counts items already seen (same id); ``stale`` counts unseen items older than
    the cursor window, dropped so that a service ignoring ``since`` cannot cause repeats;
    ``handler_errors`` counts failed handler calls; ``backlog`` the (item, handler) pairs
    waiting for a retry; ``stalls`` the full pages in a row that brought nothing new (the
    boundary instant holds more items than a page); ``errors`` the feed-level failures.
    """

    feed: str
    fetched: int = 0
    delivered: int = 0
    duplicates: int = 0
    stale: int = 0
    pages: int = 0
    handler_errors: int = 0
    dead_lettered: int = 0
    backlog: int = 0
    stalls: int = 0
    errors: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the feed's fetches all succeeded."""
        return not self.errors


@dataclass(frozen=True, slots=True, kw_only=True)
class PollReport:
    """One adapter's round over all its feeds."""

    adapter: str
    feeds: tuple[FeedReport, ...]

    @property
    def ok(self) -> bool:
        """True when every feed's fetches succeeded."""
        return all(f.ok for f in self.feeds)

    @property
    def delivered(self) -> int:
        """New items handed to handlers in this round, over all feeds."""
        return sum(f.delivered for f in self.feeds)

    def feed(self, name: str) -> FeedReport:
        """The report of the feed called ``name``."""
        for report in self.feeds:
            if report.feed == name:
                return report
        raise KeyError(f"Adapter {self.adapter} has no feed named {name!r}.")


@dataclass(frozen=True, slots=True, kw_only=True)
class DeadLetter:
    """An item a handler failed on ``attempts`` times; it is not retried any more."""

    feed: str
    handler: str
    item: Any
    error: str
    attempts: int


class DeadLetterBox:
    """The most recent dead letters of an adapter (bounded) and how many there were in all."""

    def __init__(self, size: int) -> None:
        self._letters: deque[DeadLetter] = deque(maxlen=size)
        self._lock = threading.Lock()
        self.total = 0

    def put(self, letter: DeadLetter) -> None:
        """Keep ``letter``, dropping the oldest kept one when full."""
        with self._lock:
            self._letters.append(letter)
            self.total += 1

    def snapshot(self) -> tuple[DeadLetter, ...]:
        """The kept dead letters, oldest first."""
        with self._lock:
            return tuple(self._letters)
