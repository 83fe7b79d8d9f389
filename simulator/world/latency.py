"""Latency draws (log-normal noise with a rare Pareto slowdown) and their quantiles for the oracle.

The service time of a request is ``(TTFT + tokens / tokens_per_second) * factor * noise``, where
``noise`` is log-normal and, with a small probability, multiplied by a Pareto draw. Quantiles are
computed on a fixed grid of the token and noise distributions: no random draw, so the oracle does
not disturb the world's generator.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import cache, lru_cache
from statistics import NormalDist

__all__ = ["LatencyModel", "TokenGrid"]

_GRID = 32
_TAIL_GRID = 16
_NETWORK_SIGMA = 0.25


@cache
def _normal_points(n: int) -> tuple[float, ...]:
    unit = NormalDist()
    return tuple(unit.inv_cdf((i + 0.5) / n) for i in range(n))


@dataclass(frozen=True, slots=True)
class TokenGrid:
    """Equally likely output token counts of a log-normal distribution (after a cap)."""

    points: tuple[float, ...]
    desired: tuple[float, ...]

    @classmethod
    def of(cls, median: float, sigma: float, cap: float | None, lo: int, hi: int) -> TokenGrid:
        """The grid of ``median * exp(sigma * z)`` clipped to ``[lo, hi]`` and capped."""
        desired = tuple(
            min(hi, max(lo, median * math.exp(sigma * z))) for z in _normal_points(_GRID)
        )
        capped = tuple(min(d, cap) if cap else d for d in desired)
        return cls(points=capped, desired=desired)

    def mean(self) -> float:
        """Mean token count."""
        return sum(self.points) / len(self.points)

    def truncation(self) -> float:
        """Mean fraction of the desired answer cut off by the cap."""
        return sum(1.0 - p / d for p, d in zip(self.points, self.desired, strict=True)) / len(
            self.points
        )


@dataclass(frozen=True, slots=True)
class LatencyModel:
    """Network time and the noise on a model's service time."""

    network_ms: float = 40.0
    sigma: float = 0.25
    tail_probability: float = 0.005
    tail_alpha: float = 2.5

    def network(self, rng: random.Random) -> float:
        """One network round trip in ms."""
        return self.network_ms * math.exp(_NETWORK_SIGMA * rng.gauss())

    def noise(self, rng: random.Random) -> float:
        """One multiplier of a service time: log-normal, rarely times a Pareto slowdown."""
        value = math.exp(self.sigma * rng.gauss())
        if rng.random() < self.tail_probability:
            value *= rng.paretovariate(self.tail_alpha)
        return value

    def quantiles(
        self, ttft_ms: float, ms_per_token: float, tokens: TokenGrid, qs: tuple[float, ...]
    ) -> tuple[float, ...]:
        """Quantiles ``qs`` of one request's latency (network + service time, no queue)."""
        return _quantiles(self, ttft_ms, ms_per_token, tokens.points, qs)


def _noise_points(model: LatencyModel) -> list[tuple[float, float]]:
    body = [math.exp(model.sigma * z) for z in _normal_points(_GRID)]
    weight = (1.0 - model.tail_probability) / len(body)
    points = [(value, weight) for value in body]
    tail_weight = model.tail_probability / _TAIL_GRID
    for i in range(_TAIL_GRID):
        slowdown = (1.0 - (i + 0.5) / _TAIL_GRID) ** (-1.0 / model.tail_alpha)
        points.append((slowdown, tail_weight))
    return points


@lru_cache(maxsize=512)
def _quantiles(
    model: LatencyModel,
    ttft_ms: float,
    ms_per_token: float,
    tokens: tuple[float, ...],
    qs: tuple[float, ...],
) -> tuple[float, ...]:
    token_weight = 1.0 / len(tokens)
    values = sorted(
        (model.network_ms + (ttft_ms + n * ms_per_token) * noise, w * token_weight)
        for n in tokens
        for noise, w in _noise_points(model)
    )
    result, cumulative, i = [], 0.0, 0
    for q in sorted(qs):
        while i < len(values) - 1 and cumulative + values[i][1] < q:
            cumulative += values[i][1]
            i += 1
        result.append(values[i][0])
    order = sorted(range(len(qs)), key=lambda k: qs[k])
    out = [0.0] * len(qs)
    for rank, k in enumerate(order):
        out[k] = result[rank]
    return tuple(out)
