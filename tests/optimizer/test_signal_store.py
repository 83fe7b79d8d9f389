"""SignalStore: windows, expiry, percentiles, bounds, event cursors (optimizer/signals.py)."""

from __future__ import annotations

import pytest

from optimizer import Metric, Signal, SignalStore


def value(t: float, v: float, model: str | None = "A", metric: str = Metric.LATENCY_MS) -> Signal:
    return Signal("observatory", "request", f"r{t}", t, metric, v, model)


def test_summary_gives_count_mean_and_nearest_rank_percentiles() -> None:
    store = SignalStore({"fast": 100.0, "slow": 1000.0})
    for i in range(1, 101):
        store.add(value(float(i), float(i)))
    s = store.summary("A", Metric.LATENCY_MS, "slow")
    assert s is not None
    assert (s.count, s.mean, s.p50, s.p95, s.p99, s.low, s.high) == (100, 50.5, 50, 95, 99, 1, 100)
    assert s.last.id == "r100.0"


def test_values_leave_a_window_when_they_grow_older_than_its_span() -> None:
    store = SignalStore({"fast": 10.0, "slow": 100.0})
    for t in range(0, 50):
        store.add(value(float(t), 1.0))
    store.expire(50.0)
    assert store.count("A", Metric.LATENCY_MS, "fast") == 10
    assert store.count("A", Metric.LATENCY_MS, "slow") == 50
    store.expire(200.0)
    assert store.summary("A", Metric.LATENCY_MS, "slow") is None
    assert store.last("A", Metric.LATENCY_MS) is not None  # the newest is kept for provenance


def test_a_window_keeps_at_most_max_samples() -> None:
    store = SignalStore({"fast": 1e9}, max_samples=5)
    for t in range(20):
        store.add(value(float(t), float(t)))
    s = store.summary("A", Metric.LATENCY_MS)
    assert s is not None
    assert (s.count, s.low, s.high) == (5, 15.0, 19.0)


def test_mean_and_fraction_at_most_read_the_window() -> None:
    store = SignalStore({"fast": 1e9})
    for v in (1.0, 2.0, 3.0, 4.0):
        store.add(value(0.0, v))
    assert store.mean("A", Metric.LATENCY_MS) == pytest.approx(2.5)
    assert store.fraction_at_most("A", Metric.LATENCY_MS, 2.0) == 0.5
    assert store.fraction_at_most("B", Metric.LATENCY_MS, 2.0) is None


def test_summaries_follow_new_values() -> None:
    store = SignalStore({"fast": 1e9})
    store.add(value(0.0, 1.0))
    assert store.summary("A", Metric.LATENCY_MS) is not None
    store.add(value(1.0, 3.0))
    s = store.summary("A", Metric.LATENCY_MS)
    assert s is not None
    assert s.mean == 2.0


def test_events_are_kept_by_kind_and_read_after_a_cursor() -> None:
    store = SignalStore({"fast": 10.0, "slow": 100.0})
    first = Signal("sentinel", "drift", "d1", 5.0, "quality_drift", 0.5, "A")
    store.add(first)
    cursor = store.seq
    second = Signal("sentinel", "drift", "d2", 6.0, "quality_drift", 0.5, "B")
    store.add(second)
    assert [s.id for s in store.events("drift")] == ["d1", "d2"]
    assert [s.id for s in store.events("drift", after=cursor)] == ["d2"]
    assert [s.id for s in store.events("drift", since=5.5)] == ["d2"]
    assert store.summary("A", "quality_drift") is None  # events are not series
    store.expire(200.0)
    assert list(store.events("drift")) == []
    assert store.models() == {"A", "B"}


def test_len_counts_values_and_events() -> None:
    store = SignalStore({"fast": 1e9})
    store.add(value(0.0, 1.0))
    store.add(value(0.0, 2.0, metric=Metric.COST))
    store.add(Signal("shield", "policy_block", "p", 0.0, "policy_block", 1.0, "A"))
    assert len(store) == 3
