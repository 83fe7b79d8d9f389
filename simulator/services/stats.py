"""Small statistics without SciPy: percentiles, Welch's t-test and the two-sample KS test.

The Student t tail comes from the regularized incomplete beta function (Lentz's continued
fraction, as in Numerical Recipes); the Kolmogorov tail from its alternating series with the
Stephens small-sample correction. Both are checked against known values in the tests.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "TestResult",
    "betainc",
    "ks_2samp",
    "mean_std",
    "percentile",
    "percentiles",
    "student_t_sf2",
    "welch_t_test",
]

_EPS = 3e-14
_TINY = 1e-300


@dataclass(frozen=True, slots=True)
class TestResult:
    """A test statistic, its p-value and the degrees of freedom (NaN when not applicable)."""

    statistic: float
    p_value: float
    df: float = math.nan


def percentile(ordered: Sequence[float], q: float) -> float:
    """Linear-interpolation percentile (``q`` in [0, 100]) of an ascending sequence; 0 if empty."""
    n = len(ordered)
    if n == 0:
        return 0.0
    pos = (n - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, n - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def percentiles(values: Sequence[float], qs: Sequence[float]) -> tuple[float, ...]:
    """Several percentiles of unordered values (one sort)."""
    ordered = sorted(values)
    return tuple(percentile(ordered, q) for q in qs)


def mean_std(values: Sequence[float]) -> tuple[float, float]:
    """Mean and sample standard deviation (0 for fewer than two values)."""
    n = len(values)
    if n == 0:
        return 0.0, 0.0
    mean = math.fsum(values) / n
    if n < 2:
        return mean, 0.0
    var = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
    return mean, math.sqrt(var)


def _betacf(a: float, b: float, x: float) -> float:
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, 301):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            break
    return h


def betainc(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def student_t_sf2(t: float, df: float) -> float:
    """Two-sided tail probability P(|T| >= |t|) of Student's t with ``df`` degrees of freedom."""
    if math.isnan(t) or df <= 0:
        return 1.0
    if math.isinf(t):
        return 0.0
    return min(1.0, max(0.0, betainc(df / 2.0, 0.5, df / (df + t * t))))


def welch_t_test(a: Sequence[float], b: Sequence[float]) -> TestResult:
    """Welch's unequal-variance t-test of mean(b) against mean(a): t, two-sided p, Welch df."""
    n1, n2 = len(a), len(b)
    if n1 < 2 or n2 < 2:
        return TestResult(0.0, 1.0)
    m1, s1 = mean_std(a)
    m2, s2 = mean_std(b)
    v1, v2 = s1 * s1 / n1, s2 * s2 / n2
    se2 = v1 + v2
    if se2 <= 0.0:
        return TestResult(0.0 if m1 == m2 else math.copysign(math.inf, m2 - m1), float(m1 == m2))
    t = (m2 - m1) / math.sqrt(se2)
    df = se2 * se2 / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
    return TestResult(t, student_t_sf2(t, df), df)


def _kolmogorov_sf(lam: float) -> float:
    if lam < 0.2:
        return 1.0
    total, sign = 0.0, 1.0
    for j in range(1, 101):
        term = sign * math.exp(-2.0 * j * j * lam * lam)
        total += term
        if abs(term) < 1e-12:
            break
        sign = -sign
    return min(1.0, max(0.0, 2.0 * total))


def ks_2samp(a: Sequence[float], b: Sequence[float]) -> TestResult:
    """Two-sample Kolmogorov-Smirnov test: D and its asymptotic p-value."""
    n1, n2 = len(a), len(b)
    if n1 == 0 or n2 == 0:
        return TestResult(0.0, 1.0)
    xs, ys = sorted(a), sorted(b)
    i = j = 0
    d = 0.0
    while i < n1 and j < n2:
        x = min(xs[i], ys[j])
        while i < n1 and xs[i] <= x:
            i += 1
        while j < n2 and ys[j] <= x:
            j += 1
        d = max(d, abs(i / n1 - j / n2))
    en = math.sqrt(n1 * n2 / (n1 + n2))
    return TestResult(d, _kolmogorov_sf((en + 0.12 + 0.11 / en) * d))
