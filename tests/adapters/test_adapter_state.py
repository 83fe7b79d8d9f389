"""State feeds: the initial value once, then changes of version or content (D10, D19)."""

from __future__ import annotations

from dataclasses import dataclass

from adapters.state import StateFeed


@dataclass(frozen=True)
class Conf:
    version: str
    value: int


class Source:
    def __init__(self) -> None:
        self.current = Conf("v1", 1)
        self.down = False

    def __call__(self) -> Conf:
        if self.down:
            raise RuntimeError("down")
        return self.current


def make() -> tuple[StateFeed[Conf], Source, list[Conf]]:
    source = Source()
    feed: StateFeed[Conf] = StateFeed(name="conf", fetch=source, change_key=lambda c: c)
    got: list[Conf] = []
    feed.handlers.add(got.append)
    return feed, source, got


def test_the_first_round_delivers_the_current_value_once() -> None:
    feed, _, got = make()
    first = feed.poll()
    second = feed.poll()
    assert got == [Conf("v1", 1)]
    assert (first.delivered, second.delivered, second.duplicates) == (1, 0, 1)


def test_a_content_change_without_a_version_bump_is_delivered() -> None:
    feed, source, got = make()
    feed.poll()
    source.current = Conf("v1", 2)
    feed.poll()
    assert got[-1] == Conf("v1", 2)


def test_a_rollback_is_a_change() -> None:
    feed, source, got = make()
    feed.poll()
    source.current = Conf("v2", 2)
    feed.poll()
    source.current = Conf("v1", 1)
    feed.poll()
    assert [c.version for c in got] == ["v1", "v2", "v1"]


def test_a_failed_handler_is_retried_alone_next_round() -> None:
    feed, _, got = make()
    calls: list[Conf] = []

    def fails_once(conf: Conf) -> None:
        calls.append(conf)
        if len(calls) == 1:
            raise RuntimeError("busy")

    feed.handlers.add(fails_once)
    first = feed.poll()
    feed.poll()
    feed.poll()
    assert first.handler_errors == 1
    assert len(calls) == 2
    assert len(got) == 1


def test_a_late_subscriber_gets_the_current_value() -> None:
    feed, _, got = make()
    feed.poll()
    late: list[Conf] = []
    feed.handlers.add(late.append)
    feed.poll()
    assert late == [Conf("v1", 1)]
    assert len(got) == 1


def test_a_failed_fetch_calls_no_handler() -> None:
    feed, source, got = make()
    source.down = True
    report = feed.poll()
    assert not report.ok
    assert got == []
