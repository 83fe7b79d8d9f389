"""The scored pool behind every exploit allocation: candidates, their SLO misses, the Pareto
front, softmax shares, and the rate limits that bound them.

A mean quality above ``minQualityScore`` is not enough: a model whose mean sits just above the
floor answers many requests below it, and such a request is as lost as a failed one. So each
candidate carries its per-request misses over the slow window: the share of successful requests
below the floor and of requests slower than ``p99MaxMs``, which with its failures make the share
of requests that missed an SLO. Preferred candidates meet the floor on average and missed on at
most ``errorRate.criticalThreshold`` of their requests; the composite score is scaled by the
share expected to meet the SLOs (a Beta(1, 1) posterior mean, ``scoring.Candidate.slo_miss``), so
a model seen on a handful of requests gets a modest share until it has proven itself.

Under load, no model is planned above its share of the rate limits (``analysers.load``): the
excess goes to the next models by score, the preferred ones first.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from optimizer.analysers.load import request_rate, share_caps
from optimizer.decision import Reason
from optimizer.findings import reason_of
from optimizer.scoring import (
    Candidate,
    allocation,
    composite_score,
    pareto_front,
    within_capacity,
)
from optimizer.settings import Objective
from optimizer.signals import Metric
from optimizer.strategies.base import Context
from optimizer.view import candidate
from optimizer.weights import normalise

__all__ = ["Scored", "measured", "miss_share", "score_pool"]


@dataclass(frozen=True, slots=True)
class Scored:
    """Shares, the scores of the Pareto front, its size, and reasons beyond the scores."""

    shares: dict[str, float]
    scores: dict[str, float]
    front: int
    reasons: tuple[Reason, ...] = ()


def miss_share(ctx: Context, model: str, metric: str, limit: float, *, below: bool) -> float:
    """The share of ``metric`` values below (or above) ``limit`` in the slow window (0 if none)."""
    at_most = ctx.snap.store.fraction_at_most(model, metric, limit, "slow")
    if at_most is None:
        return 0.0
    return at_most if below else 1.0 - at_most


def measured(ctx: Context, model: str) -> Candidate | None:
    """The model's candidate point with its per-request SLO misses (None if unobserved)."""
    limits = ctx.snap.config.thresholds
    point = candidate(ctx.snap.stats[model], limits)
    if point is None:
        return None
    floor = limits.min_quality - 1e-12  # a request exactly at the floor meets it
    return replace(
        point,
        poor_share=miss_share(ctx, model, Metric.QUALITY, floor, below=True),
        slow_share=miss_share(ctx, model, Metric.LATENCY_MS, limits.p99_max_ms, below=False),
        requests=ctx.snap.store.count(model, Metric.ERROR, "slow"),
    )


def score_pool(ctx: Context, objective: Objective, healthy: list[str]) -> Scored:
    """The scored allocation over ``healthy`` under ``objective`` (empty when none observed)."""
    snap = ctx.snap
    limits, settings = snap.config.thresholds, snap.settings
    candidates = [c for m in healthy if (c := measured(ctx, m)) is not None]
    preferred = [
        c
        for c in candidates
        if c.quality >= limits.min_quality and c.missed <= limits.error_critical
    ]
    pool = preferred or candidates
    front = pareto_front(pool)
    scores = {c.model_id: composite_score(c, objective, limits) for c in candidates}
    front_scores = {c.model_id: scores[c.model_id] for c in front}
    shares = allocation(
        front_scores, temperature=settings.temperature, min_share=settings.min_share
    )
    if ctx.flag("latency_shifts") and len(shares) > 1:
        # Agree with the latency shift: a slow model keeps only its shifted share.
        factor = settings.latency_shift_factor
        shares = normalise({m: w * factor if ctx.slow(m) else w for m, w in shares.items()})
    reasons = _left_out(ctx, candidates, {c.model_id for c in pool})
    rate = request_rate(snap)
    caps = share_caps(snap, rate)
    if caps and any(w > caps.get(m, w) for m, w in shares.items()):
        first = {c.model_id for c in pool}
        spill = sorted(scores, key=lambda m: (m not in first, -scores[m], m))
        capped = within_capacity(shares, caps, spill)
        assert rate is not None  # caps need a rate
        reasons += tuple(
            reason_of(
                rate,
                metric="share",
                observed=w,
                threshold=caps[m],
                rule="share above capacity_target x rateLimit.requestsPerMinute at this "
                "request rate: capped, the rest to the next models",
                model_id=m,
            )
            for m, w in sorted(shares.items())
            if w > caps.get(m, w)
        )
        shares = capped
    return Scored(shares, front_scores, len(front), reasons)


def _left_out(ctx: Context, candidates: list[Candidate], pool: set[str]) -> tuple[Reason, ...]:
    """Why a model of the current exploit vector is not in the preferred pool any more."""
    limits = ctx.snap.config.thresholds
    exploited = ctx.routing.current_exploit()
    out: list[Reason] = []
    for c in candidates:
        stats = ctx.snap.stats[c.model_id]
        evidence = stats.quality or stats.error_rate or stats.p99_ms
        if c.model_id in pool or c.model_id not in exploited or evidence is None:
            continue
        if c.quality < limits.min_quality:
            metric, observed, threshold = "quality", c.quality, limits.min_quality
            rule = "below quality.minQualityScore: left out"
        else:
            metric, observed, threshold = "slo_miss", c.missed, limits.error_critical
            rule = (
                "share of requests failed, above p99MaxMs or below minQualityScore over "
                "errorRate.criticalThreshold: left out"
            )
        out.append(
            reason_of(
                evidence,
                metric=metric,
                observed=observed,
                threshold=threshold,
                rule=rule,
                model_id=c.model_id,
            )
        )
    return tuple(out)
