"""Parameter tuning (flag ``parameter_tuning``): ``max_tokens`` and the prompt variant.

Every ``tuning_interval_s``, from the fleet's token usage (CostOps) and quality (Observatory):

- responses hit the cap (output p95 >= 95 % of ``max_tokens``) while quality is within
  ``degradationThreshold`` of the floor: raise ``max_tokens`` by half, up to
  ``tokens.maxOutputTokens``;
- responses use little of it (output p99 < 40 % of ``max_tokens``): lower it to 1.5 x p99, not
  below ``min_max_tokens`` (a guard against runaway generations that cannot truncate);
- ``max_tokens`` above ``tokens.maxOutputTokens``: clamp it;
- under cost pressure with quality comfortably above the floor, or prompts near
  ``tokens.maxInputTokens``: the concise prompt variant; back to the default variant when
  quality nears the floor.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from optimizer.decision import Reason
from optimizer.findings import reason_of
from optimizer.signals import Metric, Summary
from optimizer.strategies.base import Context, Proposal

__all__ = ["fleet_summary", "propose_tuning"]


def fleet_summary(ctx: Context, metric: str) -> tuple[float, float, float, Summary] | None:
    """Count-weighted mean, p95 and p99 of ``metric`` over all models (slow window)."""
    parts = [
        s for m in ctx.snap.stats if (s := ctx.snap.store.summary(m, metric, "slow")) is not None
    ]
    count = sum(s.count for s in parts)
    if count < ctx.snap.settings.min_samples:
        return None
    mean = sum(s.total for s in parts) / count
    p95 = sum(s.p95 * s.count for s in parts) / count
    p99 = sum(s.p99 * s.count for s in parts) / count
    return mean, p95, p99, max(parts, key=lambda s: s.last.t)


def _round_up(tokens: float, step: int = 64) -> int:
    return int(math.ceil(tokens / step) * step)


def propose_tuning(ctx: Context) -> Proposal | None:
    """New gateway parameters, or None when nothing should change."""
    snap, memory = ctx.snap, ctx.memory
    if not ctx.flag("parameter_tuning"):
        return None
    if not memory.due("parameter_tuning", snap.settings.tuning_interval_s, snap.now):
        return None
    memory.last["parameter_tuning"] = snap.now
    params = dict(memory.parameters)
    reasons: list[Reason] = []
    for rule in (_max_tokens, _prompt_variant):
        rule(ctx, params, reasons.append)
    if params == memory.parameters or not reasons:
        return None
    return Proposal("parameter_tuning", "routing", tuple(reasons), parameters=params)


def _max_tokens(ctx: Context, params: dict[str, Any], add: Callable[[Reason], None]) -> None:
    limits, settings = ctx.snap.config.thresholds, ctx.snap.settings
    current = int(params["max_tokens"])
    output = fleet_summary(ctx, Metric.OUTPUT_TOKENS)
    quality = fleet_summary(ctx, Metric.QUALITY)
    if output is not None:
        _, p95, p99, evidence = output
        strained = quality is None or quality[0] < limits.min_quality + limits.quality_degradation
        if p95 >= 0.95 * current and strained and current < limits.max_output_tokens:
            params["max_tokens"] = min(_round_up(current * 1.5), limits.max_output_tokens)
            add(
                reason_of(
                    evidence.last,
                    metric="output_tokens_p95",
                    observed=p95,
                    threshold=0.95 * current,
                    rule="responses hit max_tokens: raise",
                    fleet=True,
                )
            )
        elif p99 < 0.4 * current:
            lowered = max(_round_up(1.5 * p99), settings.min_max_tokens)
            if lowered < current:
                params["max_tokens"] = lowered
                add(
                    reason_of(
                        evidence.last,
                        metric="output_tokens_p99",
                        observed=p99,
                        threshold=0.4 * current,
                        rule="max_tokens far above use: lower",
                        fleet=True,
                    )
                )
    if int(params["max_tokens"]) > limits.max_output_tokens:
        params["max_tokens"] = limits.max_output_tokens
        add(
            Reason(
                "config_manager",
                "thresholds",
                limits.source_id,
                "max_tokens",
                current,
                limits.max_output_tokens,
                "max_tokens above tokens.maxOutputTokens",
            )
        )


def _prompt_variant(ctx: Context, params: dict[str, Any], add: Callable[[Reason], None]) -> None:
    snap = ctx.snap
    limits, settings = snap.config.thresholds, snap.settings
    quality = fleet_summary(ctx, Metric.QUALITY)
    if quality is None:
        return
    mean, _, _, evidence = quality
    comfortable = limits.min_quality + limits.quality_degradation
    variant = params["prompt_variant"]
    if variant == settings.default_variant:
        pressure = ctx.fleet("cost_rate", "cost_projection", "cost_per_request")
        inputs = fleet_summary(ctx, Metric.INPUT_TOKENS)
        long_prompts = inputs is not None and inputs[0] > 0.8 * limits.max_input_tokens
        if (pressure or long_prompts) and mean >= comfortable:
            params["prompt_variant"] = settings.concise_variant
            cause = (
                pressure[0].reason
                if pressure
                else reason_of(
                    inputs[3].last if inputs else evidence.last,
                    metric="input_tokens_mean",
                    observed=inputs[0] if inputs else 0.0,
                    threshold=0.8 * limits.max_input_tokens,
                    rule="prompts near tokens.maxInputTokens",
                    fleet=True,
                )
            )
            add(cause)
            add(
                reason_of(
                    evidence.last,
                    metric="quality",
                    observed=mean,
                    threshold=comfortable,
                    rule="quality has room: concise prompts",
                    fleet=True,
                )
            )
    elif mean < limits.min_quality + limits.quality_degradation / 2:
        params["prompt_variant"] = settings.default_variant
        add(
            reason_of(
                evidence.last,
                metric="quality",
                observed=mean,
                threshold=limits.min_quality + limits.quality_degradation / 2,
                rule="quality near the floor: default prompts",
                fleet=True,
            )
        )
