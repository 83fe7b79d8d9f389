"""Handler sets and dead-letter boxes: the small containers behind the feeds."""

from __future__ import annotations

import pytest

from adapters import InvalidArgument
from adapters.handlers import HandlerSet
from adapters.report import DeadLetter, DeadLetterBox, FeedReport, PollReport


def test_a_handler_set_refuses_what_it_cannot_call() -> None:
    with pytest.raises(InvalidArgument):
        HandlerSet[int]().add(42)  # type: ignore[arg-type]


def test_handlers_keep_registration_order_and_removing_twice_is_harmless() -> None:
    handlers: HandlerSet[int] = HandlerSet()
    first, second = print, repr
    handlers.add(first)
    off = handlers.add(second)
    assert handlers.snapshot() == (first, second)
    off()
    off()
    assert handlers.snapshot() == (first,)
    assert len(handlers) == 1


def test_the_dead_letter_box_keeps_the_latest_and_counts_all() -> None:
    box = DeadLetterBox(2)
    for n in range(3):
        box.put(DeadLetter(feed="f", handler="h", item=n, error="e", attempts=3))
    assert [d.item for d in box.snapshot()] == [1, 2]
    assert box.total == 3


def test_a_poll_report_finds_its_feeds_and_sums_deliveries() -> None:
    report = PollReport(
        adapter="A",
        feeds=(FeedReport(feed="a", delivered=2), FeedReport(feed="b", delivered=1, errors=("x",))),
    )
    assert report.delivered == 3
    assert not report.ok
    assert report.feed("a").ok
    with pytest.raises(KeyError):
        report.feed("zzz")
