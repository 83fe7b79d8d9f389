"""Drift compensation and cost optimisation: re-allocations triggered by a change of regime.

Drift compensation (flag ``drift_compensation``): a performance drift (Sentinel, or the own CUSUM
on latency) or an improvement triggers an immediate re-evaluation of the allocation; a quality
drift (Sentinel, or the own Page-Hinkley on quality) adjusts the strategy: the quality-focused
objective for ``hold_s`` and, if a concise prompt variant is in force, the default variant back.

Cost optimisation (flag ``cost_optimization``): while CostOps' rate or projection is past the
alert level of its budget, or the fleet's mean cost per request is above the cap, allocate by the
cost-focused objective among the models that meet the quality floor, for ``hold_s`` after the
last sign of pressure. A quality drift takes precedence (quality is an SLO, cost a budget).
"""

from __future__ import annotations

from optimizer.strategies.base import Context, Proposal
from optimizer.strategies.selection import as_routing, target_allocation, top_model

__all__ = ["propose_cost", "propose_drift"]

_DRIFTS = ("performance_drift", "quality_drift", "improvement")
_COST = ("cost_rate", "cost_projection", "cost_per_request")


def propose_drift(ctx: Context) -> Proposal | None:
    """Re-evaluate on a drift; switch to the quality objective on a quality drift."""
    if not ctx.flag("drift_compensation"):
        return None
    drifts = [f for f in ctx.findings if f.code in _DRIFTS]
    if not drifts:
        return None
    snap, memory = ctx.snap, ctx.memory
    parameters = {}
    if any(f.code == "quality_drift" for f in drifts):
        memory.quality_until = snap.now + snap.settings.hold_s
        variant = memory.parameters.get("prompt_variant")
        if variant is not None and variant != snap.settings.default_variant:
            parameters = {**memory.parameters, "prompt_variant": snap.settings.default_variant}
    target = target_allocation(ctx, ctx.objective())
    memory.last["model_selection"] = snap.now
    if not target.allocation and not parameters:
        return None
    models = sorted({f.model_id for f in drifts if f.model_id is not None})
    reasons = tuple(f.reason for f in drifts) + target.reasons
    routing = as_routing(ctx, target.allocation) if target.allocation else None
    return Proposal(
        "drift_compensation",
        models[0] if len(models) == 1 else "routing",
        reasons,
        routing,
        parameters=parameters,
    )


def propose_cost(ctx: Context) -> Proposal | None:
    """Shift traffic to cheaper models within the quality floor under cost pressure."""
    if not ctx.flag("cost_optimization"):
        return None
    pressure = ctx.fleet(*_COST)
    if not pressure:
        return None
    snap, memory = ctx.snap, ctx.memory
    memory.cost_until = snap.now + snap.settings.hold_s
    if snap.now < memory.quality_until:
        return None
    if not memory.due("cost_optimization", snap.settings.cost_gap_s, snap.now):
        return None
    memory.last["cost_optimization"] = snap.now
    target = target_allocation(ctx, snap.settings.cost_objective)
    if not target.allocation:
        return None
    memory.last["model_selection"] = snap.now
    reasons = tuple(f.reason for f in pressure) + target.reasons
    top = top_model(target.allocation) or "routing"
    return Proposal("cost_optimization", top, reasons, as_routing(ctx, target.allocation))
