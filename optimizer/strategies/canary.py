"""Canary rollout of a new routing: a small share first, then promote phase by phase, and roll
back automatically when the canary degrades against the control.

The canary arm is the models that gain share, the control arm the models that lose it; both are
compared on the fast window. Roll back when the canary's error rate exceeds the control's by
``errorRate.warningThreshold``, its p99 exceeds both 1.2 x the control's and ``p99MaxMs``, its
quality falls ``quality.degradationThreshold`` below the control's (or below the floor the
control meets), Sentinel raises a critical alert on a canary model, the ``canary_rollout`` flag
goes off, or the rollout outlives ``canary_timeout_s``. Promote after ``canary_phase_s`` in a
phase with ``canary_min_samples`` canary requests and no degradation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from optimizer.decision import Reason
from optimizer.findings import reason_of
from optimizer.signals import Metric, Signal
from optimizer.strategies.base import Canary, Context, Proposal, Routing

__all__ = ["ArmStats", "arm_stats", "propose_canary", "start_canary"]


@dataclass(frozen=True, slots=True)
class ArmStats:
    """Fast-window statistics of one arm (several models pooled)."""

    samples: int
    error_rate: float
    p99_ms: float | None
    quality: float | None
    evidence: Signal | None


def arm_stats(ctx: Context, models: list[str]) -> ArmStats:
    """Pooled error rate, worst p99 and mean quality of ``models`` over the fast window."""
    store = ctx.snap.store
    samples, errors, q_total, q_count = 0, 0.0, 0.0, 0
    p99: float | None = None
    evidence: Signal | None = None
    for model in models:
        err = store.summary(model, Metric.ERROR, "fast")
        if err is not None:
            samples, errors = samples + err.count, errors + err.total
            evidence = err.last if evidence is None or err.last.t > evidence.t else evidence
        lat = store.summary(model, Metric.LATENCY_MS, "fast")
        if lat is not None:
            p99 = lat.p99 if p99 is None else max(p99, lat.p99)
        qual = store.summary(model, Metric.QUALITY, "fast")
        if qual is not None:
            q_total, q_count = q_total + qual.total, q_count + qual.count
    return ArmStats(
        samples=samples,
        error_rate=errors / samples if samples else 0.0,
        p99_ms=p99,
        quality=q_total / q_count if q_count else None,
        evidence=evidence,
    )


def start_canary(
    ctx: Context,
    control: Mapping[str, float],
    target: Mapping[str, float],
    reasons: tuple[Reason, ...],
) -> Proposal:
    """Start rolling ``target`` out against ``control`` at the first phase's share."""
    now, share = ctx.snap.now, ctx.snap.settings.canary_phases[0]
    gainers = sorted(m for m in target if target[m] > control.get(m, 0.0))
    base = arm_stats(ctx, gainers)
    canary = Canary(
        dict(control),
        dict(target),
        0,
        now,
        now,
        f"canary@{now:.0f}",
        share,
        baseline_error=base.error_rate if base.samples else None,
        baseline_p99=base.p99_ms,
        baseline_quality=base.quality,
    )
    routing = replace(ctx.routing, canary=canary)
    top = min(target, key=lambda m: (-target[m], m))
    return Proposal("canary_start", top, reasons, routing, force=True)


def propose_canary(ctx: Context) -> Proposal | None:
    """Supervise the running canary: roll back, promote, or nothing."""
    canary = ctx.routing.canary
    if canary is None:
        return None
    gainers = sorted(m for m in canary.target if canary.target[m] > canary.control.get(m, 0.0))
    losers = sorted(m for m in canary.control if canary.control[m] > canary.target.get(m, 0.0))
    target = gainers[0] if len(gainers) == 1 else "routing"
    rollback = _rollback_reasons(ctx, canary, gainers, losers)
    if rollback:
        routing = Routing(exploit=canary.control, explore=ctx.routing.explore)
        return Proposal("canary_rollback", target, rollback, routing, force=True)
    return _promotion(ctx, canary, gainers, target)


def _rollback_reasons(
    ctx: Context, canary: Canary, gainers: list[str], losers: list[str]
) -> tuple[Reason, ...]:
    snap = ctx.snap
    if not ctx.flag("canary_rollout"):
        flags = snap.config.flags
        return (
            Reason(
                "config_manager",
                "feature_flags",
                flags.source_id,
                "canary_rollout",
                0.0,
                1.0,
                "canary_rollout flag switched off: back to control",
            ),
        )
    age = snap.now - canary.started
    if age >= snap.settings.canary_timeout_s:
        return (
            Reason(
                "optimizer",
                "canary",
                canary.start_id,
                "canary_age_s",
                age,
                snap.settings.canary_timeout_s,
                "canary outlived its timeout",
            ),
        )
    alerts = [
        s
        for s in snap.recent("alert")
        if s.attributes.get("severity") == "critical"
        and set(s.attributes.get("affected_resources", ())) & set(gainers)
    ]
    if alerts:
        return (
            reason_of(
                alerts[-1],
                metric="alert",
                observed=1.0,
                threshold=0.0,
                rule="critical Sentinel alert on a canary model",
            ),
        )
    return _degradation(ctx, canary, arm_stats(ctx, gainers), arm_stats(ctx, losers))


def _degradation(
    ctx: Context, canary: Canary, arm: ArmStats, control: ArmStats
) -> tuple[Reason, ...]:
    limits, settings = ctx.snap.config.thresholds, ctx.snap.settings
    if arm.evidence is None or arm.samples < max(3, settings.canary_min_samples // 2):
        return ()
    found: list[Reason] = []

    def add(metric: str, observed: float, threshold: float, rule: str) -> None:
        assert arm.evidence is not None
        found.append(
            reason_of(
                arm.evidence, metric=metric, observed=observed, threshold=threshold, rule=rule
            )
        )

    # Errors and latency: no worse than the control (nor than the canary's own start).
    base_error = max(control.error_rate if control.samples else 0.0, canary.baseline_error or 0.0)
    if arm.error_rate > base_error + limits.error_warning:
        add(
            "error_rate",
            arm.error_rate,
            base_error + limits.error_warning,
            "canary error rate above control + errorRate.warningThreshold",
        )
    if arm.p99_ms is not None:
        reference = max(control.p99_ms or 0.0, canary.baseline_p99 or 0.0)
        limit = max(1.2 * reference, limits.p99_max_ms)
        if arm.p99_ms > limit:
            add("p99_ms", arm.p99_ms, limit, "canary p99 above 1.2 x control and p99MaxMs")
    # Quality: the selection may trade quality for cost, so the canary is held to the floor and
    # to its own quality at the start, not to the control's.
    if arm.quality is not None:
        floor = limits.min_quality
        if canary.baseline_quality is not None:
            floor = max(floor, canary.baseline_quality - limits.quality_degradation)
        if arm.quality < floor:
            add(
                "quality",
                arm.quality,
                floor,
                "canary quality below quality.minQualityScore or its own start minus "
                "quality.degradationThreshold",
            )
    return tuple(found)


def _promotion(ctx: Context, canary: Canary, gainers: list[str], target: str) -> Proposal | None:
    settings, now = ctx.snap.settings, ctx.snap.now
    in_phase = now - canary.phase_started
    arm = arm_stats(ctx, gainers)
    if in_phase < settings.canary_phase_s or arm.samples < settings.canary_min_samples:
        return None
    assert arm.evidence is not None
    phase = canary.phase + 1
    share = settings.canary_phases[min(phase, len(settings.canary_phases) - 1)]
    reason = reason_of(
        arm.evidence,
        metric="canary_samples",
        observed=float(arm.samples),
        threshold=float(settings.canary_min_samples),
        rule=f"phase {canary.phase} healthy for {in_phase:.0f} s: promote to {share:.0%}",
        model_id=None if target == "routing" else target,
    )
    if share >= 1.0:
        routing = Routing(exploit=canary.target, explore=ctx.routing.explore)
    else:
        routing = replace(
            ctx.routing, canary=replace(canary, phase=phase, phase_started=now, share=share)
        )
    return Proposal("canary_promote", target, (reason,), routing, force=True)
