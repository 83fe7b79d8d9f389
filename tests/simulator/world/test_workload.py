"""The workload: a diurnal Poisson arrival process, log-normal tokens, clients and regions."""

from __future__ import annotations

import itertools
import math
import random
import statistics
from datetime import UTC, datetime

import pytest
import simpy

from simulator.scenarios.model import TokenDistribution, WorkloadConfig
from simulator.world.prompts import prompt_pool
from simulator.world.workload import ArrivalRate, Workload, arrivals

EPOCH = datetime(2025, 1, 6, tzinfo=UTC)


def arrival_times(rate: ArrivalRate, until: float, seed: int = 1) -> list[float]:
    env = simpy.Environment()
    times: list[float] = []
    env.process(arrivals(env, rate, random.Random(seed), until, times.append))
    env.run()
    return times


def test_daily_curve_peaks_at_the_peak_hour_and_bottoms_twelve_hours_later() -> None:
    rate = ArrivalRate(WorkloadConfig(diurnal_amplitude=0.5, peak_hour=15.0), epoch=EPOCH)
    assert rate.daily(15 * 3600) == 1.5
    assert math.isclose(rate.daily(3 * 3600), 0.5)
    assert rate.rate(15 * 3600) == 2.0 * 1.5


def test_the_epoch_time_of_day_shifts_the_curve() -> None:
    config = WorkloadConfig(diurnal_amplitude=0.5, peak_hour=15.0)
    rate = ArrivalRate(config, epoch=EPOCH.replace(hour=15))
    assert rate.daily(0.0) == 1.5


def test_more_requests_arrive_at_the_peak_than_at_the_trough() -> None:
    config = WorkloadConfig(base_rate=1.0, diurnal_amplitude=0.6, peak_hour=15.0)
    times = arrival_times(ArrivalRate(config, epoch=EPOCH), until=86400.0)
    peak = sum(1 for t in times if 14 * 3600 <= t < 16 * 3600)
    trough = sum(1 for t in times if 2 * 3600 <= t < 4 * 3600)
    assert peak > 3 * trough
    assert abs(len(times) - 86400) < 5 * math.sqrt(86400)  # the daily mean is the base rate


def test_arrivals_are_poisson_within_a_flat_hour() -> None:
    config = WorkloadConfig(base_rate=5.0, diurnal_amplitude=0.0)
    times = arrival_times(ArrivalRate(config, epoch=EPOCH), until=3600.0)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert abs(len(times) - 18_000) < 5 * math.sqrt(18_000)
    assert statistics.mean(gaps) == pytest.approx(0.2, rel=0.03)
    assert statistics.stdev(gaps) == pytest.approx(0.2, rel=0.03)  # exponential: std == mean
    assert times == sorted(times)
    assert times[-1] < 3600.0


def test_a_spike_multiplies_the_rate_during_its_window_only() -> None:
    config = WorkloadConfig(base_rate=2.0, diurnal_amplitude=0.0)
    rate = ArrivalRate(config, epoch=EPOCH, spikes=[(600.0, 1200.0, 4.0)])
    times = arrival_times(rate, until=1800.0)
    inside = sum(1 for t in times if 600 <= t < 1200)
    before = sum(1 for t in times if t < 600)
    assert inside > 3 * before
    assert rate.slot(590.0) == (600.0, 2.0)


def test_token_counts_are_log_normal_with_the_configured_median_and_sigma() -> None:
    config = WorkloadConfig(
        input_tokens=TokenDistribution(median=400.0, sigma=0.8),
        output_tokens=TokenDistribution(median=100.0, sigma=0.5, maximum=150),
    )
    workload = Workload(config, rng=random.Random(3), pool=prompt_pool(3))
    requests = [workload.draw(0.0) for _ in range(20_000)]
    logs = [math.log(r.input_tokens) for r in requests]
    assert statistics.median(r.input_tokens for r in requests) == pytest.approx(400, rel=0.05)
    assert statistics.stdev(logs) == pytest.approx(0.8, rel=0.05)
    assert max(r.output_tokens for r in requests) == 150  # clipped at the maximum
    assert min(r.output_tokens for r in requests) >= 1


def test_requests_have_unique_ids_and_skewed_clients() -> None:
    workload = Workload(WorkloadConfig(clients=5), rng=random.Random(3), pool=prompt_pool(3))
    requests = [workload.draw(float(i)) for i in range(5000)]
    assert len({r.request_id for r in requests}) == 5000
    counts = [sum(r.client_id == f"client-{k}" for r in requests) for k in range(5)]
    assert counts[0] > counts[4] > 0
    assert {r.region for r in requests} == {"us-east", "us-west", "eu-west", "ap-south"}


def test_pii_factor_scales_the_share_of_prompts_with_pii() -> None:
    config = WorkloadConfig(pii_rate=0.05)
    plain = Workload(config, rng=random.Random(1), pool=prompt_pool(1))
    surge = Workload(config, rng=random.Random(1), pool=prompt_pool(1), pii_factor=lambda: 6.0)
    share = [sum(bool(w.draw(0.0).pii) for _ in range(10_000)) / 10_000 for w in (plain, surge)]
    assert share[0] == pytest.approx(0.05, rel=0.2)
    assert share[1] == pytest.approx(0.30, rel=0.1)
