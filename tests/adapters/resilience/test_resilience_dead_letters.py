"""The dead-letter queue: retries on a capped exponential schedule, parks, delivers, exports."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from adapters import ConfigError
from adapters.resilience import DeadLetterQueue, DlqSettings, to_plain
from adapters.types import TimeWindow


class Flaky:
    """A handler that fails until fixed, remembering what it received."""

    def __init__(self) -> None:
        self.fixed = False
        self.got: list[Any] = []

    def __call__(self, item: Any) -> None:
        if not self.fixed:
            raise RuntimeError("store down")
        self.got.append(item)


def dlq(clock: Any, **settings: Any) -> DeadLetterQueue:
    return DeadLetterQueue(clock=clock, settings=DlqSettings(**settings))


def test_reference_schedule_doubles_from_300_s_and_caps_at_an_hour() -> None:
    s = DlqSettings()
    assert [s.backoff(n) for n in range(6)] == [300, 600, 1200, 2400, 3600, 3600]
    assert (s.max_retries, s.retention) == (3, 7 * 86_400)


def test_an_entry_is_due_after_base_seconds(clock: Any) -> None:
    q = dlq(clock, base=10.0)
    handler = Flaky()
    entry = q.put("alerts", "a1", RuntimeError("boom"), deliver=handler)
    assert entry.next_retry_at == clock.now + 10.0
    assert q.retry_due(clock.now + 9.999) == ()
    assert q.retry_due(clock.now + 10.0) == (entry,)
    assert q.redeliver().due == 0  # nothing due yet: the handler was not called


def test_retries_follow_the_capped_schedule_then_park(clock: Any) -> None:
    q = dlq(clock, base=10.0, cap=25.0, max_retries=4)
    handler = Flaky()
    start = clock.now
    q.put("alerts", "a1", "boom", deliver=handler)
    retry_times = []
    while q.entries("pending"):
        (entry,) = q.entries()
        assert entry.next_retry_at is not None
        clock.now = entry.next_retry_at
        retry_times.append(clock.now - start)
        q.redeliver()
    assert retry_times == [10.0, 30.0, 55.0, 80.0]  # waits 10, 20, 25 (capped), 25
    (parked,) = q.entries("parked")
    assert (parked.retries, parked.next_retry_at) == (4, None)
    assert parked.last_error == "RuntimeError('store down')"
    assert q.counts.parked == 1


def test_a_fixed_handler_gets_every_item_exactly_once(clock: Any) -> None:
    q = dlq(clock, base=5.0)
    handler = Flaky()
    guarded = q.guard("alerts", handler)
    for n in range(10):
        guarded(n)  # never raises
    assert len(q) == 10
    clock.now += 5.0
    assert q.redeliver().failed == 10
    handler.fixed = True
    clock.now += 10.0
    report = q.redeliver()
    assert (report.due, report.delivered) == (10, 10)
    assert handler.got == list(range(10))
    assert len(q) == 0
    counts = q.counts
    assert (counts.put, counts.delivered, counts.failed_retries) == (10, 10, 10)
    clock.now += 1000.0
    assert q.redeliver().due == 0


def test_a_parked_entry_is_delivered_after_a_requeue(clock: Any) -> None:
    q = dlq(clock, base=1.0, max_retries=1)
    handler = Flaky()
    q.put("alerts", "a1", "boom", deliver=handler)
    clock.now += 1.0
    assert q.redeliver().parked == 1
    clock.now += 10_000.0
    assert q.redeliver().due == 0  # parked entries wait for a requeue
    handler.fixed = True
    assert q.requeue() == 1
    assert q.redeliver().delivered == 1
    assert handler.got == ["a1"]


def test_a_full_queue_drops_the_oldest_parked_entry_first(clock: Any) -> None:
    q = dlq(clock, capacity=2, base=1.0, max_retries=1)
    handler = Flaky()
    q.put("alerts", "old", "boom", deliver=handler)
    clock.now += 1.0
    q.redeliver()  # parks "old"
    q.put("traces", "pending", "boom", deliver=handler)
    q.put("traces", "new", "boom", deliver=handler)
    assert [e.item for e in q.entries()] == ["pending", "new"]
    assert q.dropped["alerts"] == 1
    assert q.events[-2].kind == "dropped"
    q.put("traces", "newest", "boom", deliver=handler)
    assert [e.item for e in q.entries()] == ["new", "newest"]
    assert q.counts.dropped == 2


def test_entries_older_than_the_retention_expire_counted(clock: Any) -> None:
    q = dlq(clock, retention=100.0, base=1000.0)
    q.put("alerts", "a1", "boom", deliver=Flaky())
    clock.now += 100.5
    assert q.retry_due() == ()
    assert len(q) == 0
    assert q.counts.expired == 1
    assert q.events[-1].kind == "expired"


def test_the_export_is_one_json_object_per_entry(clock: Any) -> None:
    q = dlq(clock)
    when = datetime(2025, 3, 14, 8, tzinfo=UTC)
    item = TimeWindow(start=when, end=when)
    q.put("drifts", item, ValueError("bad"), deliver=Flaky())
    q.put("alerts", {"k": (1, 2)}, "boom", deliver=Flaky())
    out = io.StringIO()
    assert q.export_jsonl(out) == 2
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert first["item"] == {
        "start": "2025-03-14T08:00:00+00:00",
        "end": "2025-03-14T08:00:00+00:00",
    }
    assert (first["item_type"], first["reason"], first["state"]) == (
        "TimeWindow",
        "ValueError('bad')",
        "pending",
    )
    assert first["handler"] == "Flaky"
    assert second["item"] == {"k": [1, 2]}
    assert set(first) == {
        "id",
        "feed",
        "handler",
        "state",
        "retries",
        "failed_at",
        "next_retry_at",
        "reason",
        "last_error",
        "item_type",
        "item",
    }


def test_to_plain_falls_back_to_repr() -> None:
    assert to_plain(object) == repr(object)
    assert to_plain(frozenset({1})) == [1]


def test_every_change_is_an_event_with_its_time(clock: Any) -> None:
    q = dlq(clock, base=1.0)
    handler = Flaky()
    q.put("alerts", "a1", "boom", deliver=handler)
    clock.now += 1.0
    q.redeliver()
    handler.fixed = True
    clock.now += 2.0
    q.redeliver()
    assert [e.kind for e in q.events] == ["dead_lettered", "retry_failed", "redelivered"]
    assert q.events[-1].at == clock.now


@pytest.mark.parametrize(("field", "value"), [("capacity", 0), ("base", -1.0), ("max_retries", -1)])
def test_bad_dlq_settings_name_the_field(field: str, value: Any) -> None:
    with pytest.raises(ConfigError, match=field):
        DlqSettings(**{field: value})
