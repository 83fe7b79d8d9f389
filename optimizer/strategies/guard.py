"""Failover and latency-aware weight shifts: the fast path, acting on the current routing.

Failover (always on: it is the safety net, not a strategy a flag may switch off) takes every
exploited share away from a model that is excluded (unavailable, rule- or policy-blocked) or has
a critical finding (error rate above ``errorRate.criticalThreshold``, p99 above
``criticalThresholdMs``, a critical LatencyLens or Sentinel anomaly, RouterL2
``capacity_critical`` or a ``disable`` recommendation) and gives it to the best healthy models.
The model keeps its exploration probe, so its recovery can be seen.

A latency shift (flag ``latency_shifts``) multiplies a slow model's share by
``latency_shift_factor``, at most once per ``latency_shift_gap_s`` per model, on a warning:
p99 above ``p99MaxMs``, p50 above ``degradationThresholdMs``, a LatencyLens or Sentinel anomaly,
RouterL2 ``model_slow``/``capacity_warning``/``decrease_weight``, throughput near the rate
limit, or ConfigManager status ``degraded``.
"""

from __future__ import annotations

from optimizer.decision import Reason
from optimizer.strategies.base import Context, Proposal, Routing
from optimizer.strategies.selection import target_allocation
from optimizer.weights import move_share, restrict, uniform

__all__ = ["propose_failover", "propose_latency_shift"]


def _receivers(ctx: Context, exploit: dict[str, float], avoid: set[str]) -> dict[str, float]:
    """Where freed traffic goes: the best healthy models, else the fallback chain, else any."""
    target = target_allocation(ctx, ctx.objective(), exclude=avoid).allocation
    if target:
        return target
    keep = {m: w for m, w in exploit.items() if m not in avoid}
    if keep:
        return keep
    healthy = [m for m in ctx.healthy() if m not in avoid]
    chain = [m for m in ctx.snap.config.routing.fallback_chain if m in healthy]
    return {chain[0]: 1.0} if chain else uniform(healthy)


def propose_failover(ctx: Context) -> Proposal | None:
    """Move all exploited traffic off excluded or critically failing models."""
    exploit = ctx.routing.current_exploit()
    routed = {m for m, w in exploit.items() if w > 0.0}
    routed |= {m for m, w in (ctx.applied or {}).items() if w > 0.0 and m in ctx.blocked}
    bad: dict[str, tuple[Reason, ...]] = {}
    for model in sorted(routed):
        if model in ctx.blocked:
            bad[model] = (ctx.blocked[model],)
        elif critical := ctx.about(model, "critical"):
            bad[model] = tuple(f.reason for f in critical)
    if not bad:
        return None
    receivers = _receivers(ctx, exploit, set(bad))
    moved = dict(exploit)
    for model in bad:
        shifted = move_share(moved, model, 0.0, receivers)
        moved = moved if shifted is None else shifted
    moved = restrict(moved, set(moved) - set(bad))
    if not moved and not set(bad) & set(ctx.blocked):
        return None  # every model is failing: nowhere better to send the traffic
    target = next(iter(bad)) if len(bad) == 1 else "routing"
    reasons = tuple(r for rs in bad.values() for r in rs)
    routing = Routing(exploit=moved, explore=ctx.routing.explore)
    return Proposal("failover", target, reasons, routing, force=True)


def propose_latency_shift(ctx: Context) -> Proposal | None:
    """Shift part of a slow model's share to faster healthy models (flag ``latency_shifts``)."""
    if not ctx.flag("latency_shifts"):
        return None
    snap, memory = ctx.snap, ctx.memory
    exploit = ctx.routing.current_exploit()
    slow: dict[str, tuple[Reason, ...]] = {}
    for model in sorted(m for m, w in exploit.items() if w > 0.0):
        warnings = ctx.slow(model)
        key = f"latency_shift:{model}"
        if warnings and memory.due(key, snap.settings.latency_shift_gap_s, snap.now):
            slow[model] = tuple(f.reason for f in warnings)
    if not slow:
        return None
    avoid = set(slow)
    others = {m: w for m, w in exploit.items() if m not in avoid and w > 0.0}
    receivers = others or _receivers(ctx, exploit, avoid)
    moved = dict(exploit)
    for model in slow:
        shifted = move_share(moved, model, snap.settings.latency_shift_factor, receivers)
        if shifted is None:
            return None
        moved = shifted
    for model in slow:
        memory.last[f"latency_shift:{model}"] = snap.now
    target = next(iter(slow)) if len(slow) == 1 else "routing"
    reasons = tuple(r for rs in slow.values() for r in rs)
    return Proposal(
        "latency_shift", target, reasons, Routing(moved, ctx.routing.explore), force=True
    )
