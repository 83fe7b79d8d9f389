"""The generic event feed: cursor, dedupe, ordering, catch-up, handler failures (D8-D11, D34)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from adapters.errors import ServiceUnavailable
from adapters.feed import EventFeed, FeedSettings
from adapters.report import DeadLetterBox

T0 = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Item:
    id: str
    ts: datetime


def at(seconds: float, name: str | None = None) -> Item:
    return Item(name or f"i{seconds}", T0 + timedelta(seconds=seconds))


class Server:
    """Serves items after ``since`` (inclusive or exclusive), oldest ``limit``, in any order."""

    def __init__(self, *, inclusive: bool = False, reverse: bool = False, limit: int = 3) -> None:
        self.items: list[Item] = []
        self.inclusive = inclusive
        self.reverse = reverse
        self.limit = limit
        self.ignore_since = False
        self.fail = 0
        self.sinces: list[datetime | None] = []

    def __call__(self, since: datetime | None) -> Sequence[Item]:
        self.sinces.append(since)
        if self.fail:
            self.fail -= 1
            raise ServiceUnavailable("down", status_code=503)
        ok = [
            i
            for i in self.items
            if since is None
            or self.ignore_since
            or (i.ts >= since if self.inclusive else i.ts > since)
        ]
        page = sorted(ok, key=lambda i: i.ts)[: self.limit]
        return page[::-1] if self.reverse else page


def make(
    server: Server,
    *,
    origin: datetime | None = None,
    attempts: int = 3,
    max_backlog: int = 1000,
    max_pages: int = 10,
    sends_cursor: bool = True,
) -> tuple[EventFeed[Item], DeadLetterBox]:
    box = DeadLetterBox(10)
    feed: EventFeed[Item] = EventFeed(
        name="items",
        fetch=server,
        item_id=lambda i: i.id,
        key=lambda i: i.ts,
        limit=server.limit,
        origin=origin,
        settings=FeedSettings(
            handler_attempts=attempts, max_backlog=max_backlog, max_pages=max_pages
        ),
        dead_letters=box,
        sends_cursor=sends_cursor,
    )
    return feed, box


def collect(feed: EventFeed[Item]) -> list[str]:
    got: list[str] = []
    feed.handlers.add(lambda i: got.append(i.id))
    return got


def test_newest_first_page_is_delivered_oldest_first_and_not_repeated() -> None:
    server = Server(reverse=True)
    server.items = [at(1), at(2), at(3)]
    feed, _ = make(server)
    got = collect(feed)
    feed.poll()
    feed.poll()
    assert got == ["i1", "i2", "i3"]
    assert feed.cursor == at(3).ts


def test_inclusive_since_does_not_redeliver_the_boundary_item() -> None:
    server = Server(inclusive=True)
    server.items = [at(1), at(2)]
    feed, _ = make(server)
    got = collect(feed)
    feed.poll()
    report = feed.poll()
    assert got == ["i1", "i2"]
    assert report.duplicates == 1
    assert report.delivered == 0


def test_exclusive_since_keeps_items_sharing_a_timestamp_cut_by_the_limit() -> None:
    server = Server(inclusive=False, limit=3)
    server.items = [at(1), at(1.5), at(2, "a"), at(2, "b"), at(3)]
    feed, _ = make(server, max_pages=1)
    got = collect(feed)
    feed.poll()
    feed.poll()
    assert got == ["i1", "i1.5", "a", "b", "i3"]


@pytest.mark.parametrize("inclusive", [False, True])
def test_more_items_at_one_instant_than_a_page_holds_do_not_stall_the_feed(
    inclusive: bool,
) -> None:
    server = Server(inclusive=inclusive, limit=3)
    server.items = [at(2, name) for name in "abcd"] + [at(3)]
    feed, _ = make(server, max_pages=1)
    got = collect(feed)
    reports = [feed.poll() for _ in range(5)]
    assert got[:3] == ["a", "b", "c"]
    assert got[-1] == "i3"
    assert max(r.stalls for r in reports) >= 1


def test_since_is_the_cursor_time_minus_the_overlap() -> None:
    server = Server()
    server.items = [at(5)]
    feed, _ = make(server, origin=T0)
    feed.poll()
    feed.poll()
    assert server.sinces[0] == T0 - timedelta(milliseconds=1)
    assert server.sinces[-1] == at(5).ts - timedelta(milliseconds=1)


def test_a_full_page_is_followed_by_more_pages_in_the_same_round() -> None:
    server = Server(limit=3)
    server.items = [at(s) for s in range(1, 9)]
    feed, _ = make(server)
    got = collect(feed)
    report = feed.poll()
    assert got == [f"i{s}" for s in range(1, 9)]
    assert report.pages == 4  # each later page starts again at the boundary item


def test_catch_up_is_bounded_by_max_pages() -> None:
    server = Server(limit=2)
    server.items = [at(s) for s in range(1, 20)]
    feed, _ = make(server, max_pages=2)
    got = collect(feed)
    report = feed.poll()
    assert report.pages == 2
    assert got == ["i1", "i2", "i3"]


def test_duplicates_inside_a_page_are_delivered_once() -> None:
    feed, _ = make(Server(limit=10))
    feed._fetch = lambda since: [at(1), at(1), at(2)]
    got = collect(feed)
    report = feed.poll()
    assert got == ["i1", "i2"]
    assert report.duplicates == 1


def test_a_service_ignoring_since_causes_no_repeats() -> None:
    server = Server(limit=100)
    server.items = [at(s) for s in range(1, 6)]
    server.ignore_since = True
    feed, _ = make(server)
    got = collect(feed)
    for _ in range(3):
        feed.poll()
    assert got == [f"i{s}" for s in range(1, 6)]
    assert feed.remembered <= 2


def test_items_before_the_origin_are_not_delivered() -> None:
    server = Server(limit=100)
    server.items = [at(-10), at(5)]
    server.ignore_since = True
    feed, _ = make(server, origin=T0)
    got = collect(feed)
    report = feed.poll()
    assert got == ["i5"]
    assert report.stale == 1


def test_a_failed_fetch_moves_nothing_and_the_next_round_recovers() -> None:
    server = Server()
    server.items = [at(1)]
    server.fail = 1
    feed, _ = make(server, origin=T0)
    got = collect(feed)
    report = feed.poll()
    assert not report.ok
    assert got == []
    assert feed.cursor == T0
    feed.poll()
    assert got == ["i1"]


def flaky(fails: set[str], got: list[str]) -> Callable[[Item], None]:
    """A handler that fails once on each id of ``fails`` (every time when the id ends in '!')."""

    def handle(item: Item) -> None:
        if item.id in fails:
            if not item.id.endswith("!"):
                fails.discard(item.id)
            raise RuntimeError(f"cannot handle {item.id}")
        got.append(item.id)

    return handle


def test_a_failing_handler_does_not_lose_items_nor_repeat_them_to_the_others() -> None:
    server = Server(limit=10)
    server.items = [at(1), at(2), at(3)]
    feed, _ = make(server)
    good: list[str] = []
    bad: list[str] = []
    feed.handlers.add(flaky({"i2"}, bad))
    feed.handlers.add(good.append)
    first = feed.poll()
    assert [i.id for i in good] == ["i1", "i2", "i3"]  # type: ignore[attr-defined]
    assert bad == ["i1"]
    assert first.handler_errors == 1
    assert first.backlog == 2
    second = feed.poll()
    assert bad == ["i1", "i2", "i3"]
    assert len(good) == 3
    assert second.backlog == 0
    assert feed.cursor == at(3).ts


def test_an_item_failing_every_attempt_goes_to_the_dead_letters() -> None:
    server = Server(limit=10)
    server.items = [at(1, "x!"), at(2)]
    feed, box = make(server, attempts=2)
    got: list[str] = []
    feed.handlers.add(flaky({"x!"}, got))
    feed.poll()
    feed.poll()
    assert got == ["i2"]
    letters = box.snapshot()
    assert [(d.item.id, d.attempts) for d in letters] == [("x!", 2)]


def test_a_full_backlog_sends_new_items_to_the_dead_letters() -> None:
    server = Server(limit=10)
    server.items = [at(1, "x!"), at(2), at(3)]
    feed, box = make(server, attempts=5, max_backlog=1)
    feed.handlers.add(flaky({"x!"}, []))
    report = feed.poll()
    assert report.dead_lettered == 2
    assert box.total == 2


def test_handler_registered_twice_is_called_once_and_one_unsubscribe_removes_it() -> None:
    server = Server()
    server.items = [at(1)]
    feed, _ = make(server)
    got: list[Item] = []
    feed.handlers.add(got.append)
    unsubscribe = feed.handlers.add(got.append)
    feed.poll()
    assert len(got) == 1
    unsubscribe()
    server.items.append(at(2))
    feed.poll()
    assert len(got) == 1


def test_a_handler_removed_during_dispatch_is_skipped_for_that_item() -> None:
    server = Server()
    server.items = [at(1)]
    feed, _ = make(server)
    second: list[Item] = []
    remove_second = feed.handlers.add(second.append)
    feed.handlers.remove(second.append)
    feed.handlers.add(lambda _i: remove_second())
    feed.handlers.add(second.append)
    feed.poll()
    assert second == []


def test_a_feed_without_cursor_delivers_each_id_once() -> None:
    server = Server(limit=100)
    server.items = [at(1, "w1"), at(2, "w2")]
    server.ignore_since = True
    feed, _ = make(server, sends_cursor=False)
    got = collect(feed)
    feed.poll()
    server.items.append(at(3, "w3"))
    feed.poll()
    assert got == ["w1", "w2", "w3"]
    assert server.sinces == [None, None]


def test_remembered_ids_stay_within_the_overlap_window() -> None:
    server = Server(limit=1000)
    server.items = [at(s) for s in range(500)]
    feed, _ = make(server)
    feed.poll()
    assert feed.remembered == 1


@pytest.mark.parametrize("reverse", [False, True])
def test_the_report_counts_fetched_and_delivered(reverse: bool) -> None:
    server = Server(reverse=reverse, limit=10)
    server.items = [at(1), at(2)]
    feed, _ = make(server)
    report = feed.poll()
    assert (report.fetched, report.delivered, report.pages) == (2, 2, 1)
