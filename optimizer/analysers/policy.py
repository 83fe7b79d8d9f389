"""Policy: which models must not receive traffic, and why.

A model is excluded when ConfigManager lists it unavailable (or offline, or in maintenance), an
enabled ConfigManager routing rule with action ``block`` targets it, Shield's standing policy
blocks it, Shield blocked a request to it for a model-level reason (``unauthorized_model``,
``geo_restriction``) within ``hold_s``, or Shield blocked output PII of high risk from it within
``hold_s``. These are hard constraints: every strategy's weights are restricted to the rest.
"""

from __future__ import annotations

from optimizer.decision import Reason
from optimizer.findings import Finding, Snapshot, reason_of
from optimizer.signals import Signal

__all__ = ["MODEL_BLOCK_REASONS", "analyse_policy", "blocked_models"]

MODEL_BLOCK_REASONS = frozenset({"unauthorized_model", "geo_restriction"})


def blocked_models(snap: Snapshot) -> dict[str, Reason]:
    """Every excluded model with the first reason found (config first, then Shield)."""
    blocked: dict[str, Reason] = {}
    config = snap.config
    for model, state in sorted(config.availability.items()):
        if not state.usable:
            blocked[model] = Reason(
                "config_manager",
                "availability",
                state.source_id,
                "available",
                0.0,
                1.0,
                f"ConfigManager lists the model {state.status}"
                + ("" if state.available else " and unavailable"),
                model,
            )
    for model, rule_id in sorted(config.routing.blocked.items()):
        blocked.setdefault(
            model,
            Reason(
                "config_manager",
                "routing_rule",
                rule_id,
                "blocked",
                1.0,
                0.0,
                "enabled routing rule with action block",
                model,
            ),
        )
    for model, policy_id in sorted(config.policy.blocked.items()):
        blocked.setdefault(
            model,
            Reason(
                "shield",
                "policy",
                policy_id,
                "blocked",
                1.0,
                0.0,
                "active Shield policy blocks the model",
                model,
            ),
        )
    for signal in _shield_blocks(snap):
        assert signal.model_id is not None
        blocked.setdefault(signal.model_id, _shield_reason(signal))
    return blocked


def analyse_policy(snap: Snapshot) -> list[Finding]:
    """One critical finding per excluded model."""
    return [
        Finding("unavailable" if r.kind == "availability" else "blocked", "critical", m, r)
        for m, r in blocked_models(snap).items()
    ]


def _shield_blocks(snap: Snapshot) -> list[Signal]:
    hold = snap.settings.hold_s
    found = [
        s
        for s in snap.recent("policy_block", hold)
        if s.model_id is not None
        and s.attributes.get("action") == "block"
        and s.attributes.get("reason") in MODEL_BLOCK_REASONS
    ]
    found += [
        s
        for s in snap.recent("pii", hold)
        if s.model_id is not None
        and s.attributes.get("direction") == "output"
        and s.attributes.get("action") == "block"
        and s.value >= snap.settings.pii_block_risk
    ]
    return sorted(found, key=lambda s: (s.t, s.id))


def _shield_reason(signal: Signal) -> Reason:
    if signal.kind == "pii":
        return reason_of(
            signal,
            metric="risk_score",
            observed=signal.value,
            threshold=0.0,
            rule="Shield blocked high-risk PII in the model's output",
        )
    cause = str(signal.attributes.get("reason"))
    return reason_of(
        signal,
        metric="policy_block",
        observed=1.0,
        threshold=0.0,
        rule=f"Shield blocked a request to the model ({cause})",
    )
