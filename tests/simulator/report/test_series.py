"""Minute series: the outcome meter keeps model counts, cost and threshold per minute."""

from __future__ import annotations

import copy

import pytest
from report_samples import minutes_of_traffic, outcome

from simulator.harness.outcomes import OutcomeMeter
from simulator.report.series import rolling_mean, series_of
from simulator.world.control import DEFAULT_THRESHOLDS


def test_each_minute_keeps_requests_per_model_its_cost_and_the_threshold() -> None:
    meter = minutes_of_traffic(8)
    late = meter.history[6]
    assert late.by_model == (("a", 1), ("b", 3))
    assert late.cost_usd == pytest.approx(0.001 + 1.001 + 2.001 + 3.001)
    assert late.p99_max_ms == DEFAULT_THRESHOLDS["latency"]["p99MaxMs"]
    assert meter.history[0].by_model == (("a", 4),)


def test_the_meter_keeps_no_more_minutes_than_asked() -> None:
    meter = OutcomeMeter(copy.deepcopy(DEFAULT_THRESHOLDS), keep_minutes=3)
    for minute in range(6):
        meter.observe(outcome(minute * 60, "a"))
    meter.finish()
    assert [v.minute for v in meter.history] == [0, 1, 2]
    assert meter.minutes_judged == 6


def test_series_shares_sum_to_one_and_follow_the_traffic() -> None:
    series = series_of(minutes_of_traffic(8).history)
    assert len(series) == 8
    assert series.hours[6] == pytest.approx(0.1)
    assert series.share["b"][0] == 0.0
    assert series.share["b"][6] == pytest.approx(0.75)
    for minute in range(8):
        assert sum(s[minute] for s in series.share.values()) == pytest.approx(1.0)
    assert series.cost_per_request[0] == pytest.approx(0.001)
    assert series.violated[6]
    assert not series.violated[0]


def test_an_empty_history_gives_an_empty_series() -> None:
    series = series_of([])
    assert len(series) == 0
    assert series.share == {}


def test_rolling_mean_averages_the_trailing_window() -> None:
    assert rolling_mean([1.0, 2.0, 3.0, 4.0], 2) == (1.0, 1.5, 2.5, 3.5)
    assert rolling_mean([5.0], 10) == (5.0,)
    with pytest.raises(ValueError, match="window=0"):
        rolling_mean([1.0], 0)
