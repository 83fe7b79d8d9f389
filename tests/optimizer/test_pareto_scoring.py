"""Dominance, Pareto front, composite score, softmax and capacity shares (optimizer/scoring.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from optimizer import BALANCED, COST_FOCUSED, Thresholds
from optimizer.scoring import (
    Candidate,
    allocation,
    composite_score,
    dominates,
    pareto_front,
    within_capacity,
)


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


def test_requests_below_the_quality_floor_scale_the_score_down() -> None:
    limits = Thresholds()
    clean = cand("a", 0.76, 0.001, 1000)
    tail = replace(clean, poor_share=0.25)  # same mean, a quarter of the answers below 0.7
    assert composite_score(tail, BALANCED, limits) == pytest.approx(
        0.75 * composite_score(clean, BALANCED, limits)
    )


def test_a_cheap_model_that_often_misses_the_floor_loses_to_a_dearer_clean_one() -> None:
    limits = Thresholds()
    clean = cand("clean", 0.82, 0.0008, 2000)
    tail = replace(cand("tail", 0.76, 0.0001, 1000), poor_share=0.12)
    assert composite_score(clean, BALANCED, limits) > composite_score(tail, BALANCED, limits)
    # Without the per-request view the cheaper one would have won on its mean.
    assert composite_score(replace(tail, poor_share=0.0), BALANCED, limits) > composite_score(
        clean, BALANCED, limits
    )


def test_slo_misses_combine_failures_slow_and_poor_answers() -> None:
    c = replace(cand("a", 0.8, 0.001, 1000, e=0.1), slow_share=0.1, poor_share=0.5)
    assert c.missed == pytest.approx(1 - 0.9 * 0.9 * 0.5)
    assert c.slo_miss == c.missed  # not counted on requests: no prior


def test_a_model_seen_on_few_requests_is_not_trusted_to_be_clean() -> None:
    few, many = (
        replace(cand("a", 0.8, 0.001, 1000), requests=10),
        replace(cand("a", 0.8, 0.001, 1000), requests=998),
    )
    assert few.slo_miss == pytest.approx(1 / 12)
    assert many.slo_miss == pytest.approx(1 / 1000)
    limits = Thresholds()
    assert composite_score(many, BALANCED, limits) > composite_score(few, BALANCED, limits)


def test_fewer_slo_misses_count_for_dominance() -> None:
    a = cand("a", 0.8, 0.001, 1000)
    assert dominates(a, replace(a, model_id="b", poor_share=0.1))
    assert not dominates(replace(a, poor_share=0.1), replace(a, model_id="b"))


shares_st = st.floats(0.0, 1.0)


@given(
    q=st.floats(0.0, 1.0),
    cost=st.floats(0.0, 0.05),
    p99=st.floats(10.0, 20000.0),
    base=st.tuples(shares_st, shares_st, shares_st),
    more=st.tuples(shares_st, shares_st, shares_st),
)
def test_more_misses_never_raise_the_score(
    q: float,
    cost: float,
    p99: float,
    base: tuple[float, float, float],
    more: tuple[float, float, float],
) -> None:
    limits = Thresholds()
    e, slow, poor = base
    better = replace(cand("a", q, cost, p99, e=e), slow_share=slow, poor_share=poor)
    worse = replace(
        better,
        error_rate=min(1.0, e + more[0]),
        slow_share=min(1.0, slow + more[1]),
        poor_share=min(1.0, poor + more[2]),
    )
    for objective in (BALANCED, COST_FOCUSED):
        assert composite_score(worse, objective, limits) <= composite_score(
            better, objective, limits
        )


def test_capacity_caps_a_share_and_the_rest_spills_in_order() -> None:
    shares = within_capacity({"a": 0.8, "b": 0.2}, {"a": 0.5, "b": 0.3, "c": 0.4}, ["b", "c"])
    assert shares == pytest.approx({"a": 0.5, "b": 0.3, "c": 0.2})
    assert within_capacity({"a": 0.6, "b": 0.4}, {}) == pytest.approx({"a": 0.6, "b": 0.4})


def test_capacity_spreads_the_excess_over_the_uncapped_models_first() -> None:
    shares = within_capacity({"a": 0.6, "b": 0.2, "c": 0.2}, {"a": 0.4}, ["d"])
    assert shares == pytest.approx({"a": 0.4, "b": 0.3, "c": 0.3})


def test_demand_beyond_every_cap_is_spread_by_capacity() -> None:
    shares = within_capacity({"a": 1.0}, {"a": 0.2, "b": 0.2}, ["b"])
    assert shares == pytest.approx({"a": 0.5, "b": 0.5})
    assert sum(shares.values()) == pytest.approx(1.0)
