"""Backpressure: levels rise and fall with events, shedding by priority is counted, drains."""

from __future__ import annotations

from typing import Any

import pytest

from adapters import ConfigError
from adapters.resilience import (
    DEFAULT_PRIORITIES,
    BackpressureBuffer,
    BufferSettings,
    DeadLetterQueue,
)

PRIORITIES = {"alerts": 2, "profiles": 1, "traces": 0}


def buffer(clock: Any, sink: Any, capacity: int = 10, **kwargs: Any) -> BackpressureBuffer:
    settings = BufferSettings(capacity=capacity, priorities=PRIORITIES)
    return BackpressureBuffer(clock=clock, sink=sink, settings=settings, **kwargs)


def test_reference_levels_and_capacity() -> None:
    s = BufferSettings()
    assert (s.capacity, s.warning, s.critical) == (10_000, 0.8, 0.95)
    assert [s.level(n) for n in (7_999, 8_000, 9_499, 9_500, 9_999, 10_000)] == [
        "normal",
        "warning",
        "warning",
        "critical",
        "critical",
        "full",
    ]


def test_levels_rise_and_fall_as_events_with_times_and_counts(clock: Any) -> None:
    got: list[Any] = []
    buf = buffer(clock, lambda feed, item: got.append(item), capacity=20)
    start = clock.now
    for n in range(20):
        clock.now = start + n
        buf.offer("profiles", n)
    assert buf.level == "full"
    clock.now = start + 100
    assert buf.drain(limit=1) == 1
    assert buf.level == "critical"
    buf.drain()
    assert buf.level == "normal"
    assert [(e.kind, e.at) for e in buf.events] == [
        ("warning", start + 15),
        ("critical", start + 18),
        ("full", start + 19),
        ("critical", start + 100),
        ("warning", start + 100),
        ("normal", start + 100),
    ]
    assert buf.events[0].detail == "normal -> warning at 16/20"
    assert buf.transitions[("normal", "warning")] == 1
    assert buf.transitions[("full", "critical")] == 1
    assert got == list(range(20))


def test_a_full_buffer_sheds_the_lowest_priority_oldest_first(clock: Any) -> None:
    got: list[Any] = []
    buf = buffer(clock, lambda feed, item: got.append(item), capacity=4)
    for item in ("t1", "t2"):
        buf.offer("traces", item)
    for item in ("p1", "p2"):
        buf.offer("profiles", item)
    assert buf.offer("alerts", "a1")  # sheds t1
    assert buf.offer("profiles", "p3")  # sheds t2
    assert buf.offer("alerts", "a2")  # sheds p1 (the oldest profile)
    buf.drain()
    assert got == ["p2", "a1", "p3", "a2"]
    assert dict(buf.shed) == {"traces": 2, "profiles": 1}
    assert sum(buf.accepted.values()) == 7


def test_an_item_below_everything_buffered_is_shed_itself(clock: Any) -> None:
    buf = buffer(clock, lambda feed, item: None, capacity=2)
    buf.offer("alerts", "a1")
    buf.offer("alerts", "a2")
    assert not buf.offer("traces", "t1")
    assert buf.size == 2
    assert buf.shed["traces"] == 1


def test_a_shedding_episode_is_recorded_when_it_starts_and_ends(clock: Any) -> None:
    buf = buffer(clock, lambda feed, item: None, capacity=2)
    for n in range(5):
        buf.offer("traces", n)
    buf.drain()
    kinds = [e.kind for e in buf.events]
    assert kinds == ["full", "shedding", "normal"]
    leaving = next(e for e in buf.events if e.detail.startswith("full -> "))
    assert leaving.detail.endswith("shed while full: traces=3")


def test_the_drain_keeps_arrival_order_across_priorities(clock: Any) -> None:
    got: list[tuple[str, Any]] = []
    buf = buffer(clock, lambda feed, item: got.append((feed, item)))
    buf.offer("traces", 1)
    buf.offer("alerts", 2)
    buf.offer("traces", 3)
    assert buf.drain() == 3
    assert got == [("traces", 1), ("alerts", 2), ("traces", 3)]
    assert buf.delivered["traces"] == 2


def test_the_handler_only_enqueues(clock: Any) -> None:
    buf = buffer(clock, lambda feed, item: None)
    handle = buf.handler("alerts")
    handle("x")
    assert buf.size == 1
    assert "alerts" in handle.__qualname__


def test_a_failing_sink_sends_the_item_to_the_dead_letter_queue(clock: Any) -> None:
    got: list[Any] = []

    def sink(feed: str, item: Any) -> None:
        if item == "bad":
            raise ValueError("cannot store")
        got.append(item)

    dlq = DeadLetterQueue(clock=clock)
    buf = buffer(clock, sink, dead_letters=dlq)
    for item in ("a", "bad", "b"):
        buf.offer("alerts", item)
    assert buf.drain() == 2
    assert got == ["a", "b"]
    (entry,) = dlq.entries()
    assert (entry.feed, entry.item, entry.handler) == ("alerts", "bad", "BackpressureBuffer.sink")
    assert buf.failed["alerts"] == 1


def test_without_a_dead_letter_queue_a_failed_item_waits_at_the_head(clock: Any) -> None:
    broken = True
    got: list[Any] = []

    def sink(feed: str, item: Any) -> None:
        if broken:
            raise ValueError("store down")
        got.append(item)

    buf = buffer(clock, sink)
    buf.offer("traces", 1)
    buf.offer("traces", 2)
    assert buf.drain() == 0
    assert buf.size == 2
    assert buf.events[-1].kind == "drain_failed"
    broken = False
    assert buf.drain() == 2
    assert got == [1, 2]


def test_default_priorities_rank_decision_signals_above_bulk_telemetry() -> None:
    s = BufferSettings()
    assert s.priority("sentinel/fetchAlerts") > s.priority("observatory/searchTraces")
    assert s.priority("unknown/feed") == 0
    assert set(DEFAULT_PRIORITIES) >= {
        "config-manager/getConfigHistory",
        "cost-ops/fetchCostEvents",
    }


def test_warning_above_critical_is_refused() -> None:
    with pytest.raises(ConfigError, match="warning"):
        BufferSettings(warning=0.9, critical=0.8)
