"""Per-model statistics and their sources (optimizer/view.py)."""

from __future__ import annotations

import pytest
from optimizer_toys import EPOCH, requests, snapshot

from optimizer import Signal, Thresholds
from optimizer.view import candidate

NOW = EPOCH + 1000


def test_request_series_give_percentiles_means_and_the_newest_signal() -> None:
    snap = snapshot(requests("A", NOW, 20, latency=900.0, cost=0.004, quality=0.8), now=NOW)
    a = snap.stats["A"]
    assert (a.p50_ms.value, a.p99_ms.value) == (900.0, 900.0)
    assert a.cost.value == pytest.approx(0.004)
    assert a.quality.value == pytest.approx(0.8)
    assert a.error_rate.value == 0.0
    assert a.samples == 20
    assert a.p99_ms.window == "fast"
    assert a.p99_ms.signal.source == "observatory"


def test_too_few_requests_fall_back_to_the_latency_profile() -> None:
    profile = Signal("latency_lens", "profile", "prof-1", NOW - 5, "p99_ms", 4000.0, "A")
    snap = snapshot([*requests("A", NOW, 3), profile], now=NOW)
    p99 = snap.stats["A"].p99_ms
    assert (p99.value, p99.signal.id, p99.window) == (4000.0, "prof-1", "last")
    assert snap.stats["A"].observed


def test_an_old_profile_is_not_used() -> None:
    profile = Signal("latency_lens", "profile", "prof-1", NOW - 5000, "p99_ms", 4000.0, "A")
    snap = snapshot([profile], now=NOW, models=["A"])
    assert snap.stats["A"].p99_ms is None


def test_router_estimates_are_priors_but_not_observations() -> None:
    estimate = Signal("router_l2", "routing_decision", "rd-1", NOW - 1, "est_quality", 0.9, "A")
    snap = snapshot([estimate], now=NOW)
    stats = snap.stats["A"]
    assert stats.quality is not None
    assert stats.quality.window == "estimate"
    assert not stats.observed
    assert candidate(stats, Thresholds()) is None


def test_the_bandit_arm_counts_requests_that_met_the_slos() -> None:
    signals = requests("A", NOW, 10, latency=500.0) + requests("A", NOW, 10, error=True)
    signals += requests("A", NOW, 10, latency=9000.0)  # too slow for p99MaxMs 6000
    arm = snapshot(signals, now=NOW).stats["A"].arm
    assert arm.successes + arm.failures == pytest.approx(30)
    assert arm.successes == pytest.approx(30 * (20 / 30) * (20 / 30))


def test_candidate_fills_gaps_with_neutral_values() -> None:
    profile = Signal("latency_lens", "profile", "prof-1", NOW - 5, "p99_ms", 1000.0, "A")
    limits = Thresholds()
    c = candidate(snapshot([profile], now=NOW).stats["A"], limits)
    assert c is not None
    assert (c.quality, c.cost, c.error_rate) == (limits.min_quality, 0.01, 0.0)
