"""Detectors: CUSUM finds a planted level shift and stays quiet on noise; robust z; PH."""

from __future__ import annotations

import random

from simulator.services.detectors import Baseline, Cusum, PageHinkley, robust_z


def test_cusum_alarms_within_a_few_samples_of_a_shift() -> None:
    cusum = Cusum()
    rng = random.Random(1)
    for _ in range(200):
        assert cusum.update(rng.gauss(0, 1)) == 0 or False
    delays = []
    for i in range(20):
        if cusum.update(3.0 + rng.gauss(0, 1)):
            delays.append(i)
            break
    assert delays
    assert delays[0] <= 5


def test_cusum_stays_quiet_on_long_noise() -> None:
    cusum = Cusum()
    rng = random.Random(2)
    alarms = sum(1 for _ in range(20_000) if cusum.update(rng.gauss(0, 1)))
    assert alarms == 0


def test_cusum_alarms_downward() -> None:
    cusum = Cusum()
    assert [cusum.update(-4.0) for _ in range(3)][-1] == -1


def test_page_hinkley_detects_an_increase() -> None:
    ph = PageHinkley(delta=0.05, lam=5.0)
    assert not any(ph.update(1.0) for _ in range(50))
    assert any(ph.update(3.0) for _ in range(10))
    assert ph.statistic > 5.0


def test_robust_z_sees_a_spike_in_a_flat_series() -> None:
    z, median, _ = robust_z(150.0, [100.0] * 20, floor=2.0)
    assert median == 100.0
    assert z > 10


def test_baseline_floors_its_deviation() -> None:
    base = Baseline(size=5, min_count=3)
    for _ in range(10):
        base.add(10.0)
    assert base.ready
    assert base.mean_std(0.1, 0.0) == (10.0, 1.0)
    assert len(base.values) == 5
