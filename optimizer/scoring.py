"""Multi-objective model scoring: Pareto dominance and a composite score, normalised by thresholds.

The reference (``pareto.rs``) normalises cost by 1 $ per request, which makes the cost term
near 1 for every real model; here each term is measured against ConfigManager's own limits
(``maxCostPerRequest``, ``p99MaxMs``, ``degradationThresholdMs``), so a threshold change moves
the scores.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from optimizer.config import Thresholds
from optimizer.settings import Objective
from optimizer.weights import normalise

__all__ = ["Candidate", "allocation", "composite_score", "dominates", "pareto_front"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A model's point in objective space: quality up, cost, latency and error rate down."""

    model_id: str
    quality: float
    cost: float
    p50_ms: float
    p99_ms: float
    error_rate: float


def dominates(a: Candidate, b: Candidate) -> bool:
    """True when ``a`` is no worse than ``b`` on every objective and better on one."""
    no_worse = (
        a.quality >= b.quality
        and a.cost <= b.cost
        and a.p99_ms <= b.p99_ms
        and a.error_rate <= b.error_rate
    )
    better = (
        a.quality > b.quality
        or a.cost < b.cost
        or a.p99_ms < b.p99_ms
        or a.error_rate < b.error_rate
    )
    return no_worse and better


def pareto_front(candidates: Iterable[Candidate]) -> list[Candidate]:
    """The candidates no other candidate dominates, in model-id order (O(n^2), n is small)."""
    pool = sorted(candidates, key=lambda c: c.model_id)
    return [c for c in pool if not any(dominates(o, c) for o in pool if o is not c)]


def _ratio(value: float, limit: float) -> float:
    return min(max(value, 0.0) / limit, 1.0) if limit > 0 else 0.0


def composite_score(c: Candidate, objective: Objective, limits: Thresholds) -> float:
    """w_q * quality + w_c * cost term + w_l * latency term, times (1 - error rate), in [0, 1]."""
    w_q, w_c, w_l = objective.normalised()
    cost_term = 1.0 - _ratio(c.cost, limits.max_cost_per_request)
    latency_term = 1.0 - 0.5 * _ratio(c.p99_ms, limits.p99_max_ms)
    latency_term -= 0.5 * _ratio(c.p50_ms, limits.degradation_threshold_ms)
    quality = min(max(c.quality, 0.0), 1.0)
    raw = w_q * quality + w_c * cost_term + w_l * latency_term
    return raw * (1.0 - min(max(c.error_rate, 0.0), 1.0))


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
