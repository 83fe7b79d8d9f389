"""What the seven adapters share: HTTP core, feeds, one poll round, the listener, typed calls.

An adapter is a thin declaration over this base: its endpoint methods call ``_list`` or
``_one`` with the contract's operationId, and its constructor declares its feeds with
``_event_feed`` / ``_state_feed``. ``poll_once()`` runs one round of every feed (each feed's
failure is its own: D11) under a lock, so a background listener and a direct caller never
overlap.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar, Generic, TypeVar

import httpx

from adapters.clock import Clock
from adapters.config import AdapterConfig
from adapters.errors import ConfigError, ContractViolation
from adapters.feed import EventFeed, FeedSettings
from adapters.http import HttpCore
from adapters.listener import Listener
from adapters.params import QueryValue
from adapters.report import DeadLetter, DeadLetterBox, PollReport
from adapters.state import StateFeed
from adapters.wire import build, build_all

__all__ = ["BaseAdapter", "Since"]

C = TypeVar("C", bound=AdapterConfig)
T = TypeVar("T")
S = TypeVar("S")
Since = datetime | str


class BaseAdapter(Generic[C]):
    """Shared machinery of an adapter; subclasses name the service and declare endpoints."""

    service: ClassVar[str]
    label: ClassVar[str]
    config_type: ClassVar[type[AdapterConfig]]
    default_interval: ClassVar[float] = 5.0

    def __init__(
        self,
        config: C,
        *,
        client: httpx.Client,
        clock: Clock,
        rng: random.Random | None = None,
    ) -> None:
        if not isinstance(config, self.config_type):
            raise ConfigError(
                f"Expected a {self.config_type.__name__}, got config={type(config).__name__}."
            )
        if not isinstance(client, httpx.Client):
            raise ConfigError(f"Expected an httpx.Client, got client={type(client).__name__}.")
        self.config = config
        self.clock = clock
        self._http = HttpCore(
            service=self.service,
            label=self.label,
            config=config,
            client=client,
            clock=clock,
            rng=rng if rng is not None else random.Random(config.seed),
        )
        self._settings = FeedSettings(
            overlap=timedelta(seconds=config.cursor_overlap),
            max_pages=config.max_pages,
            handler_attempts=config.handler_attempts,
            max_backlog=config.max_backlog,
        )
        lookback = config.lookback
        self._origin = None if lookback is None else _utc(clock.time() - lookback)
        self._dead_letters = DeadLetterBox(config.dead_letter_size)
        self._feeds: list[EventFeed[Any] | StateFeed[Any]] = []
        self._poll_lock = threading.RLock()
        self._listener = Listener(name=self.label, poll=self.poll_once, clock=clock)
        self._declare_feeds()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(api_base_url={self.config.api_base_url!r}, "
            f"listening={self.is_listening})"
        )

    # -- polling ---------------------------------------------------------------------------

    @property
    def feed_names(self) -> tuple[str, ...]:
        """The feeds one round polls, in order."""
        return tuple(feed.name for feed in self._feeds)

    def poll_once(self) -> PollReport:
        """Run one round of every feed and report what each fetched and delivered."""
        with self._poll_lock:
            reports = tuple(feed.poll() for feed in self._feeds)
        return PollReport(adapter=self.label, feeds=reports)

    def start_listening(self, interval: float | None = None) -> None:
        """Poll in a background thread every ``interval`` seconds (default: the reference's)."""
        self._listener.start(self.default_interval if interval is None else interval)

    def stop_listening(self) -> None:
        """Stop the background polling (a sleeping loop exits without polling again)."""
        self._listener.stop()

    def join_listener(self, timeout: float | None = None) -> None:
        """Wait for the stopped background thread to exit."""
        self._listener.join(timeout)

    @property
    def is_listening(self) -> bool:
        """True while the background listener is meant to run."""
        return self._listener.is_listening

    @property
    def last_report(self) -> PollReport | None:
        """The background listener's most recent round (None before the first)."""
        return self._listener.last_report

    @property
    def dead_letters(self) -> tuple[DeadLetter, ...]:
        """Items some handler failed on too often, most recent last (bounded)."""
        return self._dead_letters.snapshot()

    # -- declarations for subclasses -------------------------------------------------------

    def _declare_feeds(self) -> None:
        """Declare the feeds one round polls, in the reference's order."""
        raise NotImplementedError

    def _event_feed(
        self,
        name: str,
        fetch: Callable[[datetime | None], Sequence[T]],
        *,
        item_id: Callable[[T], str],
        key: Callable[[T], datetime],
        limit: int | None,
        sends_cursor: bool = True,
        settle: Callable[[T], timedelta] | None = None,
    ) -> EventFeed[T]:
        feed: EventFeed[T] = EventFeed(
            name=name,
            fetch=fetch,
            item_id=item_id,
            key=key,
            limit=limit,
            origin=self._origin,
            settings=self._settings,
            dead_letters=self._dead_letters,
            sends_cursor=sends_cursor,
            settle=settle,
        )
        self._feeds.append(feed)
        return feed

    def _state_feed(
        self, name: str, fetch: Callable[[], S], change_key: Callable[[S], object]
    ) -> StateFeed[S]:
        feed: StateFeed[S] = StateFeed(name=name, fetch=fetch, change_key=change_key)
        self._feeds.append(feed)
        return feed

    def _list(self, operation: str, cls: type[T], **query: QueryValue) -> tuple[T, ...]:
        items = self._http.get(operation, query=query)
        try:
            return build_all(cls, items)
        except (ValueError, KeyError, TypeError) as exc:
            raise self._unusable(operation, items, exc) from exc

    def _one(self, operation: str, cls: type[T], *path_ids: str, **query: QueryValue) -> T:
        body = self._http.get(operation, path_ids=path_ids, query=query)
        try:
            return build(cls, body)
        except (ValueError, KeyError, TypeError) as exc:
            raise self._unusable(operation, body, exc) from exc

    def _unusable(self, operation: str, body: Any, exc: Exception) -> ContractViolation:
        """A payload the contract let through but the typed values cannot hold."""
        return ContractViolation(
            service=self.service,
            where=operation,
            json_path="$",
            value=body,
            reason=f"the payload cannot be converted to typed values: {exc}",
        )

    def _raw(self, operation: str, **query: QueryValue) -> Any:
        return self._http.get(operation, query=query)


def _utc(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
