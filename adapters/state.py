"""One polled "current state" endpoint (thresholds, routing, availability): change detection.

Each round fetches the current value and computes its change key (for thresholds and routing
the whole value, so a content change without a version bump counts: D19; for availability
only what availability means: D20). Every handler remembers the key it last received
successfully: it is called when the current key differs, so its first round delivers the
current value once as the initial state (D10), a failed call is retried next round for that
handler only, and a rollback to an earlier value is a change like any other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from adapters.feed import Tally, call_handler
from adapters.handlers import Handler, HandlerSet
from adapters.report import FeedReport

__all__ = ["StateFeed"]

S = TypeVar("S")
_NOTHING: Any = object()


class StateFeed(Generic[S]):
    """A bare-object endpoint whose handlers hear each distinct value once."""

    def __init__(
        self, *, name: str, fetch: Callable[[], S], change_key: Callable[[S], object]
    ) -> None:
        self.name = name
        self.handlers: HandlerSet[S] = HandlerSet()
        self._fetch = fetch
        self._change_key = change_key
        self._last: Any = _NOTHING
        self._acked: dict[Handler[S], Any] = {}

    def poll(self) -> FeedReport:
        """One round: fetch, then call each handler whose last received value differs."""
        tally = Tally(self.name)
        try:
            value = self._fetch()
        except Exception as exc:
            tally.fail(exc)
            return tally.freeze()
        tally.pages = tally.fetched = 1
        key = self._change_key(value)
        if key == self._last:
            tally.duplicates = 1
        else:
            tally.delivered = 1
            self._last = key
        self._notify(value, key, tally)
        return tally.freeze()

    def _notify(self, value: S, key: Any, tally: Tally) -> None:
        handlers = self.handlers.snapshot()
        for handler in handlers:
            if handler not in self.handlers or self._acked.get(handler, _NOTHING) == key:
                continue
            if call_handler(self.name, handler, value) is None:
                self._acked[handler] = key
            else:
                tally.handler_errors += 1
                tally.backlog += 1
        for gone in [h for h in self._acked if h not in self.handlers]:
            del self._acked[gone]
