"""Exploration (flag ``exploration``): how the exploration share is spread over the models.

Every ``exploration_interval_s`` the exploration vector is redrawn: half spread evenly over the
models that may receive traffic (so that every one of them, a failed one included, keeps a
probe and its recovery shows), half by Thompson sampling on each model's windowed
"request met the SLOs" Beta posterior (so that the better ones are probed more).
"""

from __future__ import annotations

from dataclasses import replace

from optimizer.bandit import Arm, thompson_shares
from optimizer.decision import Reason
from optimizer.findings import reason_of
from optimizer.signals import Metric
from optimizer.strategies.base import Context, Proposal
from optimizer.weights import normalise

__all__ = ["propose_exploration"]


def propose_exploration(ctx: Context) -> Proposal | None:
    """Redraw the exploration vector."""
    snap, memory = ctx.snap, ctx.memory
    if not ctx.flag("exploration"):
        return None
    if not memory.due("exploration", snap.settings.exploration_interval_s, snap.now):
        return None
    memory.last["exploration"] = snap.now
    pool = sorted(ctx.eligible)
    if len(pool) < 2:
        return None
    arms = {m: snap.stats[m].arm if m in snap.stats else Arm(0.0, 0.0) for m in pool}
    matched = thompson_shares(arms, snap.settings.rng, snap.settings.thompson_draws)
    even = 0.5 / len(pool)
    explore = normalise({m: even + 0.5 * matched[m] for m in pool})
    ranked = sorted(pool, key=lambda m: (-explore[m], m))[:3]
    reasons = tuple(_reason(ctx, m, arms[m], matched[m]) for m in ranked)
    return Proposal("exploration", "routing", reasons, replace(ctx.routing, explore=explore))


def _reason(ctx: Context, model: str, arm: Arm, matched: float) -> Reason:
    share = ctx.share()
    rule = f"Thompson sampling share {matched:.2f} of the {share:.0%} exploration traffic"
    evidence = ctx.snap.store.last(model, Metric.ERROR)
    if evidence is not None:
        return reason_of(
            evidence,
            metric="slo_success_mean",
            observed=arm.mean,
            threshold=share,
            rule=rule,
            model_id=model,
        )
    state = ctx.snap.config.availability.get(model)
    source_id = state.source_id if state is not None else "availability@default"
    return Reason(
        "config_manager",
        "availability",
        source_id,
        "slo_success_mean",
        arm.mean,
        share,
        rule + " (no requests seen yet)",
        model,
    )
