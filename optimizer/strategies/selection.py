"""Model selection: the exploit allocation by Pareto front and composite score, and the periodic
re-selection that issues it (through a canary when the top model changes).

Candidates are the eligible models without a critical finding that have been observed; how
they are scored, which are preferred (the quality floor met on average and per request) and how
rate limits bound their shares is ``strategies.pool``. Without any observed candidate the
allocation falls back to ConfigManager's default model, then its fallback chain, then its
load-balancing weights, then equal shares.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from optimizer.analysers.cost import predicted_rate, spend_rate
from optimizer.decision import Reason
from optimizer.findings import reason_of
from optimizer.settings import Objective
from optimizer.strategies.base import Context, Proposal, Routing
from optimizer.strategies.canary import start_canary
from optimizer.strategies.pool import Scored, score_pool
from optimizer.weights import distance, restrict, uniform

__all__ = ["Target", "propose_selection", "target_allocation", "top_model"]


@dataclass(frozen=True, slots=True)
class Target:
    """An exploit allocation with the scores behind it and the reasons for it."""

    allocation: dict[str, float]
    scores: dict[str, float]
    reasons: tuple[Reason, ...]


def top_model(weights: dict[str, float]) -> str | None:
    """The model with the largest share (ties to the smallest id)."""
    return min(weights, key=lambda m: (-weights[m], m)) if weights else None


def target_allocation(ctx: Context, objective: Objective, *, exclude: Iterable[str] = ()) -> Target:
    """The exploit allocation under ``objective``, never using a model in ``exclude``."""
    excluded = frozenset(exclude)
    healthy = [m for m in ctx.healthy() if m not in excluded]
    key = ("target", objective, excluded)
    if key not in ctx.cache:
        ctx.cache[key] = score_pool(ctx, objective, healthy)
    scored: Scored = ctx.cache[key]
    if scored.shares:
        return Target(scored.shares, scored.scores, _score_reasons(ctx, scored, objective))
    return _fallback(ctx, healthy)


def _score_reasons(ctx: Context, scored: Scored, objective: Objective) -> tuple[Reason, ...]:
    scores = scored.scores
    ranked = sorted(scores, key=lambda m: (-scores[m], m))
    best = ranked[0]
    runner_up = scores[ranked[1]] if len(ranked) > 1 else 0.0
    stats = ctx.snap.stats[best]
    evidence = stats.quality or stats.p99_ms or stats.cost or stats.error_rate
    assert evidence is not None  # an observed candidate has at least one statistic
    rule = f"highest {objective.name} score on a Pareto front of {scored.front}"
    top = reason_of(
        evidence,
        metric="score",
        observed=scores[best],
        threshold=runner_up,
        rule=rule,
        model_id=best,
    )
    return (top, *scored.reasons)


def _fallback(ctx: Context, healthy: list[str]) -> Target:
    routing = ctx.snap.config.routing
    pool = set(healthy)

    def reason(metric: str, rule: str) -> tuple[Reason, ...]:
        return (Reason("config_manager", "routing", routing.source_id, metric, 1.0, 0.0, rule),)

    if routing.default_model in pool:
        assert routing.default_model is not None
        return Target(
            {routing.default_model: 1.0},
            {},
            reason("default_model", "no model observed yet: ConfigManager default"),
        )
    for model in routing.fallback_chain:
        if model in pool:
            return Target(
                {model: 1.0},
                {},
                reason("fallback_chain", "default unusable: first usable fallback"),
            )
    configured = restrict(routing.weights, pool)
    if configured:
        return Target(configured, {}, reason("load_balancing", "configured weights"))
    if pool:
        rule = "no model observed and no usable default: equal shares"
        return Target(uniform(pool), {}, _availability_reasons(ctx, sorted(pool), rule))
    return Target({}, {}, ())


def _availability_reasons(ctx: Context, models: list[str], rule: str) -> tuple[Reason, ...]:
    out = []
    for model in models:
        state = ctx.snap.config.availability.get(model)
        source_id = state.source_id if state is not None else "availability@default"
        out.append(
            Reason("config_manager", "availability", source_id, "available", 1.0, 1.0, rule, model)
        )
    return tuple(out)


def propose_selection(ctx: Context) -> Proposal | None:
    """The periodic re-selection (flag ``model_selection``), every ``selection_interval_s``."""
    snap, memory = ctx.snap, ctx.memory
    if not ctx.flag("model_selection") or ctx.routing.canary is not None:
        return None
    if not memory.due("model_selection", snap.settings.selection_interval_s, snap.now):
        return None
    memory.last["model_selection"] = snap.now
    target = _within_budget(ctx, target_allocation(ctx, ctx.objective()))
    if not target.allocation:
        return None
    current = restrict(ctx.routing.current_exploit(), ctx.eligible)
    new_top, old_top = top_model(target.allocation), top_model(current)
    big = distance(current, target.allocation) >= snap.settings.canary_min_change
    if ctx.flag("canary_rollout") and ctx.applied is not None and new_top != old_top and big:
        return start_canary(ctx, current, target.allocation, target.reasons)
    routing = replace(ctx.routing, exploit=target.allocation)
    return Proposal("model_selection", new_top or "routing", target.reasons, routing)


def _within_budget(ctx: Context, target: Target) -> Target:
    """``target``, or the cost-focused one when ``target`` would bring the spend back to the
    alert level of the hourly budget (so that leaving cost mode does not re-breach it)."""
    snap = ctx.snap
    cost_objective = snap.settings.cost_objective
    objective = ctx.objective()
    if not ctx.flag("cost_optimization") or objective != snap.settings.objective:
        return target  # already cost-focused, or quality-focused after a quality drift
    limits = snap.config.thresholds
    predicted = predicted_rate(snap, target.allocation)
    alert = limits.alert_threshold * limits.hourly_budget
    if predicted is None or predicted < alert:
        return target
    ctx.memory.cost_until = snap.now + snap.settings.hold_s
    cheaper = target_allocation(ctx, cost_objective)
    rate = spend_rate(snap)
    assert rate is not None  # a prediction needs a rate
    why = reason_of(
        rate,
        metric="predicted_cost_rate_per_hour",
        observed=predicted,
        threshold=alert,
        rule="the allocation would breach cost.hourlyBudget x "
        "alertThreshold: keep the cost objective",
        fleet=True,
    )
    return Target(cheaper.allocation, cheaper.scores, (why, *cheaper.reasons))


def as_routing(ctx: Context, allocation: dict[str, float]) -> Routing:
    """The current routing with ``allocation`` as its exploit vector and no canary."""
    return Routing(exploit=allocation, explore=ctx.routing.explore, canary=None)
