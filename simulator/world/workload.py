"""The workload: Poisson arrivals on a daily curve, log-normal token counts, prompts with PII.

The arrival rate is piecewise constant: it is evaluated once per minute (at the middle of the
slot) and at every edge of a traffic spike, and within a slot the gaps are exponential. A draw
that would cross the slot's end is discarded and drawn again from the boundary, which is exact
for a piecewise-constant rate because the exponential distribution has no memory.
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections.abc import Callable, Generator, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from itertools import accumulate
from typing import TYPE_CHECKING, Any

import simpy

from simulator.world.prompts import PromptPool
from simulator.world.records import PiiSpan

if TYPE_CHECKING:  # the scenarios package imports the world's catalogue at run time
    from simulator.scenarios.model import TokenDistribution, WorkloadConfig

__all__ = ["DEFAULT_REGIONS", "ArrivalRate", "Request", "Workload", "arrivals"]

DEFAULT_REGIONS: Mapping[str, float] = {
    "us-east": 0.45,
    "us-west": 0.2,
    "eu-west": 0.25,
    "ap-south": 0.1,
}
_SLOT = 60.0


@dataclass(slots=True)
class Request:
    """One request as the workload makes it, before routing."""

    request_id: str
    t: float
    input_tokens: int
    output_tokens: int  # the length the answer would have without a cap
    prompt: str
    pii: tuple[PiiSpan, ...]
    client_id: str
    region: str
    max_tokens: int | None = None  # the gateway's parameters when it routed the request
    prompt_variant: str = "default"


class ArrivalRate:
    """Requests per second at simulated second ``t``: base x daily curve x active spikes."""

    def __init__(
        self,
        config: WorkloadConfig,
        *,
        epoch: datetime,
        spikes: Iterable[tuple[float, float, float]] = (),
    ) -> None:
        self._base = config.base_rate
        self._amplitude = config.diurnal_amplitude
        self._peak = config.peak_hour
        midnight = epoch.replace(hour=0, minute=0, second=0, microsecond=0)
        self._hour0 = (epoch - midnight).total_seconds() / 3600.0
        self._spikes = tuple(spikes)
        self._edges = sorted({t for start, end, _ in self._spikes for t in (start, end)})

    def daily(self, t: float) -> float:
        """The daily curve at ``t``: 1 +/- amplitude, highest at the peak hour (UTC)."""
        hour = self._hour0 + t / 3600.0
        return 1.0 + self._amplitude * math.cos(2.0 * math.pi * (hour - self._peak) / 24.0)

    def rate(self, t: float) -> float:
        """The instantaneous rate at ``t``."""
        factor = 1.0
        for start, end, spike in self._spikes:
            if start <= t < end:
                factor *= spike
        return self._base * self.daily(t) * factor

    def slot(self, t: float) -> tuple[float, float]:
        """The end of the constant-rate slot holding ``t``, and the rate within it."""
        end = (math.floor(t / _SLOT) + 1.0) * _SLOT
        i = bisect(self._edges, t)
        if i < len(self._edges) and self._edges[i] < end:
            end = self._edges[i]
        return end, self.rate(0.5 * (t + end))


def _sampler(weights: Mapping[str, float]) -> tuple[tuple[str, ...], tuple[float, ...]]:
    names = tuple(k for k, w in weights.items() if w > 0)
    return names, tuple(accumulate(weights[k] for k in names))


class Workload:
    """Draws requests: tokens, prompt (with PII at the configured rate), client and region."""

    def __init__(
        self,
        config: WorkloadConfig,
        *,
        rng: random.Random,
        pool: PromptPool,
        pii_factor: Callable[[], float] = lambda: 1.0,
    ) -> None:
        self.config = config
        self._rng = rng
        self._mixer = pool.mixer(config.pii_types or None)
        self._pii_factor = pii_factor
        self._in = _lognormal(config.input_tokens)
        self._out = _lognormal(config.output_tokens)
        # Clients are Zipf-like: a few big tenants and a long tail.
        self._clients = tuple(f"client-{k}" for k in range(config.clients))
        self._client_cum = tuple(accumulate(1.0 / (k + 1) for k in range(config.clients)))
        self._regions, self._region_cum = _sampler(config.regions or DEFAULT_REGIONS)
        self.count = 0

    def draw(self, t: float) -> Request:
        """One request arriving at ``t``."""
        rng = self._rng
        self.count += 1
        if rng.random() < self.config.pii_rate * self._pii_factor():
            prompt, pii = self._mixer.with_pii(rng)
        else:
            prompt, pii = self._mixer.text(rng), ()
        clients, regions = self._client_cum, self._region_cum
        return Request(
            request_id=f"req-{self.count:08d}",
            t=t,
            input_tokens=self._in(rng),
            output_tokens=self._out(rng),
            prompt=prompt,
            pii=pii,
            client_id=self._clients[bisect(clients, rng.random() * clients[-1])],
            region=self._regions[bisect(regions, rng.random() * regions[-1])],
        )


def _lognormal(dist: TokenDistribution) -> Callable[[random.Random], int]:
    mu, sigma, lo, hi = math.log(dist.median), dist.sigma, dist.minimum, dist.maximum

    def draw(rng: random.Random) -> int:
        return min(hi, max(lo, round(math.exp(mu + sigma * rng.gauss()))))

    return draw


def arrivals(
    env: simpy.Environment,
    rate: ArrivalRate,
    rng: random.Random,
    until: float,
    arrive: Callable[[float], None],
) -> Generator[Any, Any, None]:
    """A SimPy process calling ``arrive(t)`` at each Poisson arrival before ``until``."""
    t = float(env.now)
    while t < until:
        end, lam = rate.slot(t)
        end = min(end, until)
        if lam > 0:
            while (gap := rng.expovariate(lam)) < end - t:
                yield env.timeout(gap)
                t = float(env.now)
                arrive(t)
        yield env.timeout(end - t)
        t = float(env.now)
