"""The ledger: minute buckets, windows, hour roll-ups, compaction."""

from __future__ import annotations

from dataclasses import replace

import pytest

from simulator.services.ledger import Ledger
from simulator.world.records import RequestOutcome

BASE = RequestOutcome("r", 0.0, 0.0, "m", "p", 100, 50, 0.01, 100.0, 50.0, 0.0, 10.0, "ok", 0.9, "")


def test_windows_aggregate_buckets() -> None:
    ledger = Ledger(keep_minutes=10, raw_minutes=5)
    for i in range(100):
        ledger.add(replace(BASE, t_end=i * 1.2, latency_ms=float(i + 1)))
    w = ledger.window(0, 1)
    assert (w.n, w.ok) == (100, 100)
    assert w.cost == pytest.approx(1.0)
    assert w.percentiles()[0] == pytest.approx(50.5)
    assert w.mean_ms == pytest.approx(50.5)


def test_closed_minutes_roll_into_hours_and_compact() -> None:
    ledger = Ledger(keep_minutes=10, raw_minutes=2)
    for minute in range(5):
        ledger.add(replace(BASE, t_end=minute * 60.0 + 1.0, latency_ms=100.0 * (minute + 1)))
        ledger.close(minute)
    assert ledger.hours[-1].requests == {"m": 5}
    assert ledger.rows[0].buckets["m"].lats is None
    approx = ledger.window(0, 4).percentiles()
    assert 100.0 <= approx[0] <= 500.0


def test_rows_are_bounded() -> None:
    ledger = Ledger(keep_minutes=3, raw_minutes=1)
    for minute in range(50):
        ledger.add(replace(BASE, t_end=minute * 60.0))
    assert len(ledger.rows) == 3
    assert ledger.rows[0].minute == 47
