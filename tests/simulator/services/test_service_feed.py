"""Feed: ascending pages strictly after ``since``, filters, retention by age and count."""

from __future__ import annotations

from simulator.services.feed import Feed
from simulator.services.truth import GroundTruth


def make(retention_ms: int = 10_000, maxlen: int = 1000) -> Feed[str]:
    return Feed("cost-ops/fetchCostEvents", retention_ms=retention_ms, maxlen=maxlen)


def test_since_is_strictly_after_and_ascending() -> None:
    feed = make()
    for key, item in ((1, "a"), (2, "b"), (2, "c"), (3, "d")):
        feed.add(key, item)
    assert feed.since(2, 10) == ["d"]
    assert feed.since(1, 10) == ["b", "c", "d"]
    assert feed.since(None, 2) == ["a", "b"]


def test_inclusive_since_repeats_the_boundary() -> None:
    feed = make()
    for key, item in ((1, "a"), (2, "b"), (3, "c")):
        feed.add(key, item)
    assert feed.since(2, 10, inclusive=True) == ["b", "c"]


def test_late_item_is_inserted_in_key_order() -> None:
    feed = make()
    feed.add(5, "late-start")
    feed.add(10, "b")
    feed.add(7, "a")
    assert list(feed) == ["late-start", "a", "b"]


def test_filter_applies_before_the_limit() -> None:
    feed = make()
    for i in range(10):
        feed.add(i, f"x{i}")
    assert feed.since(None, 2, lambda s: s in ("x3", "x8", "x9")) == ["x3", "x8"]


def test_old_items_fall_off_by_age() -> None:
    feed = make(retention_ms=100)
    for i in range(5000):
        feed.add(i, str(i))
    assert len(feed) <= 105
    assert feed.since(None, 1) == [str(4999 - len(feed) + 1)]


def test_count_is_capped() -> None:
    feed = make(retention_ms=10**9, maxlen=50)
    for i in range(3000):
        feed.add(i, str(i))
    assert len(feed) == 50
    assert list(feed)[-1] == "2999"


def test_items_are_announced_to_the_truth_once() -> None:
    truth = GroundTruth()
    feed: Feed[str] = Feed("shield/fetchPolicyBlocks", retention_ms=1000, maxlen=10, truth=truth)
    feed.add(1500, "a", "id-a")
    row = truth.summary()["shield/fetchPolicyBlocks"]
    assert (row["emitted"], row["pending"]) == (1, 1)


def test_latest_and_between() -> None:
    feed = make()
    for i in range(10):
        feed.add(i * 10, str(i))
    assert feed.latest(2) == ["8", "9"]
    assert feed.between(20, 50) == ["2", "3", "4"]
    assert feed.last_key() == 90
