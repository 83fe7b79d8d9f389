"""Sweeps: seed lists, Student-t intervals, and per-seed records aggregated."""

from __future__ import annotations

import math

import pytest

from simulator.harness.sweep import (
    MAX_SEEDS,
    METRICS,
    Interval,
    SweepError,
    aggregate,
    mean_interval,
    parse_seeds,
    sweep,
    t_quantile,
)


@pytest.mark.parametrize(
    ("text", "seeds"),
    [("1-5", (1, 2, 3, 4, 5)), ("7", (7,)), ("3,1,2-3", (1, 2, 3)), (" 4 , 9 ", (4, 9))],
)
def test_seeds_are_ranges_or_lists_sorted_and_unique(text: str, seeds: tuple[int, ...]) -> None:
    assert parse_seeds(text) == seeds


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("5-1", "low <= high, got seeds='5-1'"),
        ("a-b", "got seeds='a-b'"),
        ("", "got seeds=''"),
        ("1-", "got seeds='1-'"),
        ("-3", "got seeds='-3'"),
        (f"1-{MAX_SEEDS + 1}", f"at most {MAX_SEEDS} seeds"),
        ("1-100000000000000", f"at most {MAX_SEEDS} seeds"),
    ],
)
def test_bad_seeds_are_refused_naming_the_value(text: str, message: str) -> None:
    with pytest.raises(SweepError, match=message.replace("(", r"\(")):
        parse_seeds(text)


@pytest.mark.parametrize(
    ("df", "critical"),
    [
        (1, 12.7062),
        (2, 4.3027),
        (3, 3.1824),
        (4, 2.7764),
        (9, 2.2622),
        (30, 2.0423),
        (49, 2.0096),
        (120, 1.9799),
    ],
)
def test_t_quantiles_match_the_tables(df: int, critical: float) -> None:
    assert t_quantile(0.95, df) == pytest.approx(critical, abs=1e-4)


def test_t_quantiles_approach_the_normal_and_grow_with_the_level() -> None:
    assert t_quantile(0.95, 100_000) == pytest.approx(1.959964, abs=1e-4)
    assert t_quantile(0.99, 5) == pytest.approx(4.0321, abs=1e-4)
    with pytest.raises(ValueError, match="df=0"):
        t_quantile(0.95, 0)


def test_mean_interval_uses_the_t_distribution() -> None:
    interval = mean_interval([1.0, 2.0, 3.0, 4.0, 5.0])
    half = 2.7764 * math.sqrt(2.5) / math.sqrt(5)
    assert interval.mean == 3.0
    assert interval.sd == pytest.approx(math.sqrt(2.5))
    assert interval.low == pytest.approx(3.0 - half, abs=1e-4)
    assert interval.high == pytest.approx(3.0 + half, abs=1e-4)


def test_one_value_has_no_interval_and_none_is_an_error() -> None:
    assert mean_interval([2.0]) == Interval(1, 2.0, None, None, None)
    with pytest.raises(ValueError, match="at least one value"):
        mean_interval([])


def test_aggregate_covers_the_metrics_every_record_has() -> None:
    records = [{m: float(i) for m in METRICS} for i in (1, 3)]
    result = aggregate(records)
    assert set(result) == set(METRICS)
    assert result["lost"]["mean"] == 2.0
    assert aggregate([]) == {}


def test_a_sweep_in_process_rehearses_each_seed_and_aggregates() -> None:
    seen: list[float] = []
    result = sweep(
        "smoke", (3, 4), duration="2m", workers=1, on_done=lambda r: seen.append(r["seed"])
    )
    assert seen == [3.0, 4.0]
    assert [r["seed"] for r in result["runs"]] == [3.0, 4.0]
    assert result["aggregate"]["oracle.regret"]["mean"] == 0.0
    assert result["aggregate"]["optimizer.cost_per_request"]["n"] == 2
    assert result["failed_seeds"] == []


def test_a_sweep_needs_a_worker() -> None:
    with pytest.raises(SweepError, match="workers=0"):
        sweep("smoke", (1,), workers=0)
