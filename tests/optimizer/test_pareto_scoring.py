"""Dominance, Pareto front, composite score and softmax shares (optimizer/scoring.py)."""

from __future__ import annotations

import pytest

from optimizer import BALANCED, COST_FOCUSED, Thresholds
from optimizer.scoring import Candidate, allocation, composite_score, dominates, pareto_front


def cand(mid: str, q: float, c: float, p99: float, e: float = 0.0) -> Candidate:
    return Candidate(mid, q, c, p99 / 2, p99, e)


def test_dominance_needs_no_worse_everywhere_and_better_somewhere() -> None:
    a, b = cand("a", 0.9, 0.01, 1000), cand("b", 0.8, 0.01, 1000)
    assert dominates(a, b)
    assert not dominates(b, a)
    assert not dominates(a, a)
    assert not dominates(cand("c", 0.95, 0.02, 1000), cand("d", 0.9, 0.01, 1000))


def test_front_keeps_the_trade_offs_and_drops_the_dominated() -> None:
    pool = [
        cand("quality", 0.95, 0.02, 2000),
        cand("cheap", 0.80, 0.002, 2000),
        cand("dominated", 0.79, 0.003, 2500),
        cand("fast", 0.85, 0.01, 500),
    ]
    assert [c.model_id for c in pareto_front(pool)] == ["cheap", "fast", "quality"]


def test_cost_term_is_measured_against_the_threshold_not_one_dollar() -> None:
    limits = Thresholds(max_cost_per_request=0.02)
    cheap, dear = cand("a", 0.8, 0.002, 1000), cand("b", 0.8, 0.018, 1000)
    gap = composite_score(cheap, BALANCED, limits) - composite_score(dear, BALANCED, limits)
    assert gap == pytest.approx(0.3 * (0.018 - 0.002) / 0.02)


def test_changing_a_threshold_changes_the_scores() -> None:
    c = cand("a", 0.9, 0.01, 5000)
    tight = composite_score(c, BALANCED, Thresholds(p99_max_ms=5000))
    loose = composite_score(c, BALANCED, Thresholds(p99_max_ms=10000))
    assert loose > tight


def test_errors_scale_the_score_down() -> None:
    limits = Thresholds()
    clean = composite_score(cand("a", 0.9, 0.01, 1000), BALANCED, limits)
    failing = composite_score(cand("a", 0.9, 0.01, 1000, e=0.5), BALANCED, limits)
    assert failing == pytest.approx(clean / 2)


def test_the_cost_objective_prefers_the_cheap_model() -> None:
    limits = Thresholds()
    good, cheap = cand("good", 0.95, 0.006, 1000), cand("cheap", 0.8, 0.002, 1000)
    assert composite_score(good, BALANCED, limits) > composite_score(cheap, BALANCED, limits)
    assert composite_score(cheap, COST_FOCUSED, limits) > composite_score(
        good, COST_FOCUSED, limits
    )


def test_allocation_is_a_softmax_without_dust() -> None:
    shares = allocation({"a": 0.9, "b": 0.85, "c": 0.5}, temperature=0.05, min_share=0.02)
    assert set(shares) == {"a", "b"}
    assert sum(shares.values()) == pytest.approx(1.0)
    assert shares["a"] / shares["b"] == pytest.approx(2.718281828, rel=1e-6)
    assert allocation({}, temperature=0.05, min_share=0.02) == {}
