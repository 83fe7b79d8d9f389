"""Retention: hours of traffic keep a bounded number of stored items."""

from __future__ import annotations

from simulator.services.fake import FakeWorld
from simulator.services.hub import Retention
from simulator.services.truth import GroundTruth


def stored(world: FakeWorld) -> int:
    s = world.services
    feeds = [
        s.cost_ops.events,
        s.observatory.traces,
        s.router_l2.decisions,
        s.latency_lens.profiles,
        s.shield.signals,
    ]
    return sum(len(f) for f in feeds) + len(s.hub.requests) + len(s.hub.ledger.rows)


def test_stored_items_stop_growing_after_the_retention_window() -> None:
    retention = Retention(requests_s=600.0, signals_s=1200.0, minutes=30, raw_minutes=10)
    world = FakeWorld(retention=retention, truth=GroundTruth(grace=300.0, memory=900.0))
    world.traffic(40, per_minute=30)
    after_40 = stored(world)
    world.traffic(80, per_minute=30)
    after_120 = stored(world)
    assert after_120 <= after_40 * 1.05
    assert len(world.services.cost_ops.events) <= 30 * 10 * 1.02
    truth = world.services.truth.feed("cost-ops/fetchCostEvents")
    assert (
        len(truth.pending) + len(truth.lost_ids) + len(truth.seen) < 1000
    )  # about 20 minutes of ids at 0.5 per second


def test_old_minutes_keep_percentiles_not_raw_latencies() -> None:
    world = FakeWorld(retention=Retention(minutes=30, raw_minutes=5))
    world.traffic(12, per_minute=30)
    world.services.sync()
    rows = list(world.services.hub.ledger.rows)
    assert all(b.lats is None for r in rows[:5] for b in r.buckets.values())
    assert all(b.lats is not None for r in rows[-3:] for b in r.buckets.values())
