"""Latency draws and the oracle's quantiles of the same distribution."""

from __future__ import annotations

import random
import statistics

import pytest

from simulator.world.latency import LatencyModel, TokenGrid


def test_noise_has_median_one_and_a_heavy_tail() -> None:
    model = LatencyModel(sigma=0.25, tail_probability=0.05, tail_alpha=1.5)
    rng = random.Random(1)
    draws = sorted(model.noise(rng) for _ in range(20_000))
    assert statistics.median(draws) == pytest.approx(1.0, abs=0.03)
    assert draws[-20] > 5.0  # the top 0.1 % comes from the Pareto tail


def test_network_time_scatters_around_its_median() -> None:
    model = LatencyModel(network_ms=40.0)
    rng = random.Random(2)
    assert statistics.median(model.network(rng) for _ in range(5000)) == pytest.approx(40, rel=0.05)


def test_quantiles_match_simulated_latencies() -> None:
    model = LatencyModel(network_ms=40.0, sigma=0.25, tail_probability=0.01, tail_alpha=2.5)
    grid = TokenGrid.of(120.0, 0.5, None, 1, 2000)
    p50, p99 = model.quantiles(400.0, 10.0, grid, (0.5, 0.99))
    rng = random.Random(3)
    draws = sorted(
        model.network_ms
        + (400.0 + 120.0 * 2.718281828 ** (0.5 * rng.gauss()) * 10.0) * model.noise(rng)
        for _ in range(40_000)
    )
    assert p50 == pytest.approx(draws[20_000], rel=0.03)
    assert p99 == pytest.approx(draws[39_600], rel=0.1)
    assert model.quantiles(400.0, 10.0, grid, (0.99, 0.5)) == (p99, p50)


def test_a_cap_shortens_the_grid_and_measures_the_truncation() -> None:
    free = TokenGrid.of(100.0, 0.5, None, 1, 2000)
    capped = TokenGrid.of(100.0, 0.5, 100, 1, 2000)
    assert max(capped.points) == 100
    assert capped.mean() < free.mean()
    assert free.truncation() == 0.0
    assert 0.0 < capped.truncation() < 0.5
