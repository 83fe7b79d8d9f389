"""Statistics without SciPy, against known values."""

from __future__ import annotations

import math
import random

import pytest

from simulator.services.stats import (
    betainc,
    ks_2samp,
    mean_std,
    percentile,
    student_t_sf2,
    welch_t_test,
)


def test_betainc_matches_closed_forms() -> None:
    assert betainc(1.0, 1.0, 0.3) == pytest.approx(0.3)
    assert betainc(2.0, 1.0, 0.5) == pytest.approx(0.25)
    assert betainc(0.5, 0.5, 0.5) == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("t", "df", "p"),
    [(2.0, 10.0, 0.07338803), (1.0, 1.0, 0.5), (2.228139, 10.0, 0.05), (3.0, 30.0, 0.00540)],
)
def test_student_t_two_sided_tail(t: float, df: float, p: float) -> None:
    assert student_t_sf2(t, df) == pytest.approx(p, rel=2e-3)


def test_welch_reference_case() -> None:
    a = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]
    b = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]
    result = welch_t_test(a, b)
    # Welch's worked example (Wikipedia, "Welch's t-test"): t = 2.46, df = 25.0, p = 0.021
    assert result.statistic == pytest.approx(2.4554, abs=1e-3)
    assert result.p_value == pytest.approx(0.0214, abs=5e-4)
    assert result.df == pytest.approx(24.99, abs=0.05)


def test_welch_of_the_same_distribution_is_not_significant_on_average() -> None:
    rng = random.Random(5)
    ps = [
        welch_t_test(
            [rng.gauss(0, 1) for _ in range(30)], [rng.gauss(0, 1) for _ in range(30)]
        ).p_value
        for _ in range(200)
    ]
    assert 0.4 < sum(ps) / len(ps) < 0.6
    assert sum(p < 0.05 for p in ps) < 25


def test_welch_of_constant_samples() -> None:
    assert welch_t_test([1.0, 1.0], [1.0, 1.0]).p_value == 1.0
    assert welch_t_test([1.0, 1.0], [2.0, 2.0]).p_value == 0.0
    assert welch_t_test([1.0], [2.0, 3.0]).p_value == 1.0


def test_ks_separates_shifted_samples() -> None:
    rng = random.Random(9)
    same = ks_2samp([rng.random() for _ in range(100)], [rng.random() for _ in range(100)])
    moved = ks_2samp([rng.random() for _ in range(100)], [rng.random() + 0.5 for _ in range(100)])
    assert same.p_value > 0.01
    assert moved.statistic > 0.3
    assert moved.p_value < 1e-6


def test_percentile_and_mean_std() -> None:
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile([], 50) == 0.0
    mean, std = mean_std([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0])
    assert mean == 5.0
    assert std == pytest.approx(math.sqrt(32 / 7))
