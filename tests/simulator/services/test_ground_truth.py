"""Ground truth: emitted, delivered, lost, duplicated, pending, late, unknown; bounded memory."""

from __future__ import annotations

import pytest

from simulator.services.truth import FEEDS, GroundTruth

FEED = "cost-ops/fetchCostEvents"


def test_delivered_once_is_neither_lost_nor_duplicated() -> None:
    truth = GroundTruth(grace=60)
    truth.emitted(FEED, "a", 1.0)
    truth.delivered(FEED, "a", 2.0)
    row = truth.summary(1000.0)[FEED]
    assert (row["emitted"], row["delivered"], row["lost"], row["duplicated"]) == (1, 1, 0, 0)


def test_second_delivery_counts_as_duplicate() -> None:
    truth = GroundTruth(grace=60)
    truth.emitted(FEED, "a", 1.0)
    truth.delivered(FEED, "a", 2.0)
    truth.delivered(FEED, "a", 3.0)
    assert truth.summary()[FEED]["duplicated"] == 1


def test_undelivered_item_is_pending_within_grace_and_lost_after() -> None:
    truth = GroundTruth(grace=60)
    truth.emitted(FEED, "a", 10.0)
    assert truth.summary(50.0)[FEED]["pending"] == 1
    row = truth.summary(71.0)[FEED]
    assert (row["pending"], row["lost"]) == (0, 1)


def test_lost_item_delivered_late_moves_back_to_delivered() -> None:
    truth = GroundTruth(grace=60)
    truth.emitted(FEED, "a", 0.0)
    truth.summary(100.0)
    truth.delivered(FEED, "a", 120.0)
    row = truth.summary(130.0)[FEED]
    assert (row["lost"], row["late"], row["delivered"]) == (0, 1, 1)


def test_delivery_of_an_unknown_id_is_counted_apart() -> None:
    truth = GroundTruth()
    truth.delivered(FEED, "never-emitted", 1.0)
    row = truth.summary()[FEED]
    assert (row["unknown"], row["delivered"]) == (1, 0)


def test_a_repeated_announcement_is_one_item() -> None:
    truth = GroundTruth()
    truth.emitted(FEED, "a", 1.0)
    truth.emitted(FEED, "a", 1.0)
    assert truth.summary()[FEED]["emitted"] == 1


def test_memory_is_bounded_by_time_not_by_count() -> None:
    truth = GroundTruth(grace=10, memory=20)
    for i in range(10_000):
        t = float(i)
        truth.emitted(FEED, f"i{i}", t)
        if i % 2 == 0:
            truth.delivered(FEED, f"i{i}", t + 1.0)
    feed = truth.feed(FEED)
    assert len(feed.pending) + len(feed.seen) + len(feed.lost_ids) < 100
    row = truth.summary()[FEED]
    assert row["delivered"] == 5000
    assert row["lost"] + row["pending"] == 5000


def test_every_polled_feed_is_reported() -> None:
    assert set(GroundTruth().summary()) == set(FEEDS)
    assert len(FEEDS) == 14


def test_bad_grace_is_rejected() -> None:
    with pytest.raises(ValueError, match="grace"):
        GroundTruth(grace=0)


def test_totals_sum_the_feeds() -> None:
    truth = GroundTruth()
    truth.emitted(FEED, "a", 0.0)
    truth.emitted("shield/fetchPolicyBlocks", "b", 0.0)
    assert truth.totals()["emitted"] == 2
