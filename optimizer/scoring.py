"""Multi-objective model scoring: Pareto dominance and a composite score, normalised by thresholds.

The reference (``pareto.rs``) normalises cost by 1 $ per request, which makes the cost term
near 1 for every real model; here each term is measured against ConfigManager's own limits
(``maxCostPerRequest``, ``p99MaxMs``, ``degradationThresholdMs``), so a threshold change moves
the scores.

The reference scores a model by its *mean* quality, which hides the tail: a model whose mean
sits just above ``minQualityScore`` still answers a large share of requests below it. Here a
request that fails, is slower than ``p99MaxMs`` or scores below ``minQualityScore`` missed its
SLO and is worth nothing: the composite is scaled by the share of requests that met the SLOs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from optimizer.config import Thresholds
from optimizer.settings import Objective
from optimizer.weights import normalise

__all__ = [
    "Candidate",
    "allocation",
    "composite_score",
    "dominates",
    "pareto_front",
    "within_capacity",
]


def _unit(value: float) -> float:
    return min(max(value, 0.0), 1.0)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A model's point in objective space: quality up; cost, latency and SLO misses down.

    ``poor_share`` is the share of successful requests below the quality floor, ``slow_share``
    the share of requests slower than ``p99MaxMs`` (both 0 when not measured), ``requests`` how
    many requests they were measured on.
    """

    model_id: str
    quality: float
    cost: float
    p50_ms: float
    p99_ms: float
    error_rate: float
    poor_share: float = 0.0
    slow_share: float = 0.0
    requests: int = 0

    @property
    def missed(self) -> float:
        """The measured share of requests that missed an SLO: failed, too slow, or too poor."""
        met = (1.0 - _unit(self.error_rate)) * (1.0 - _unit(self.slow_share))
        return 1.0 - met * (1.0 - _unit(self.poor_share))

    @property
    def slo_miss(self) -> float:
        """The expected share of requests that miss an SLO: ``missed`` and, when measured on
        ``requests`` > 0 requests, its posterior mean under a Beta(1, 1) prior,
        ``(misses + 1) / (requests + 2)``, so a model seen on a handful of requests is not
        trusted to be clean.
        """
        n = self.requests
        return self.missed if n <= 0 else (self.missed * n + 1.0) / (n + 2.0)


def dominates(a: Candidate, b: Candidate) -> bool:
    """True when ``a`` is no worse than ``b`` on every objective and better on one."""
    no_worse = (
        a.quality >= b.quality
        and a.cost <= b.cost
        and a.p99_ms <= b.p99_ms
        and a.missed <= b.missed
    )
    better = a.quality > b.quality or a.cost < b.cost or a.p99_ms < b.p99_ms or a.missed < b.missed
    return no_worse and better


def pareto_front(candidates: Iterable[Candidate]) -> list[Candidate]:
    """The candidates no other candidate dominates, in model-id order (O(n^2), n is small)."""
    pool = sorted(candidates, key=lambda c: c.model_id)
    return [c for c in pool if not any(dominates(o, c) for o in pool if o is not c)]


def _ratio(value: float, limit: float) -> float:
    return min(max(value, 0.0) / limit, 1.0) if limit > 0 else 0.0


def composite_score(c: Candidate, objective: Objective, limits: Thresholds) -> float:
    """w_q * quality + w_c * cost term + w_l * latency term, times the share of requests that
    met the SLOs (``1 - slo_miss``), in [0, 1]."""
    w_q, w_c, w_l = objective.normalised()
    cost_term = 1.0 - _ratio(c.cost, limits.max_cost_per_request)
    latency_term = 1.0 - 0.5 * _ratio(c.p99_ms, limits.p99_max_ms)
    latency_term -= 0.5 * _ratio(c.p50_ms, limits.degradation_threshold_ms)
    raw = w_q * _unit(c.quality) + w_c * cost_term + w_l * latency_term
    return raw * (1.0 - c.slo_miss)


def allocation(
    scores: Mapping[str, float], *, temperature: float, min_share: float
) -> dict[str, float]:
    """Softmax shares of ``scores``; shares below ``min_share`` dropped, the rest renormalised."""
    if not scores:
        return {}
    top = max(scores.values())
    raw = {m: math.exp((s - top) / temperature) for m, s in scores.items()}
    shares = normalise(raw)
    kept = {m: w for m, w in shares.items() if w >= min_share}
    return normalise(kept) or shares


def within_capacity(
    shares: Mapping[str, float], caps: Mapping[str, float], spill: Iterable[str] = ()
) -> dict[str, float]:
    """``shares`` with no model above its cap (models without a cap are unbounded).

    Capped models are fixed at their cap and the excess is spread over the others in proportion
    to their shares; what no model of ``shares`` can take goes to the ``spill`` models in order,
    each up to its cap; what is left even then (demand beyond every cap) is spread in proportion
    to the caps of the models used.
    """
    out: dict[str, float] = {}
    pending = {m: w for m, w in shares.items() if w > 0.0}
    left = 1.0
    while pending and left > 1e-12:
        total = math.fsum(pending.values())
        over = [m for m, w in pending.items() if left * w / total > caps.get(m, math.inf)]
        if not over:
            out.update({m: left * w / total for m, w in pending.items()})
            left = 0.0
            break
        for m in over:
            out[m] = caps[m]
            left -= caps[m]
            del pending[m]
    for m in spill:
        if left <= 1e-12:
            break
        if m not in out:
            out[m] = min(left, caps.get(m, math.inf))
            left -= out[m]
    if left > 1e-12:
        room = {m: caps.get(m, 1.0) for m in out}
        total = math.fsum(room.values())
        out = {m: w + left * room[m] / total for m, w in out.items()} if total > 0 else out
    return normalise(out)
