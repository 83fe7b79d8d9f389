"""ConfigManager and Shield state to the optimizer's config values.

Each function takes the optimizer's own value (returned as is), the adapter's typed value, or
the contract's camelCase wire mapping (as ConfigManager serves it), so the harness and tests can
feed whichever they hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from adapters.types.config_manager import ModelAvailability, OptimizationThresholds, RoutingConfig
from adapters.types.shield import ActivePolicy
from optimizer.config import ModelState, PolicyState, RoutingPolicy, Thresholds
from optimizer.errors import IntakeError

__all__ = [
    "MODEL_KEYS",
    "availability_from",
    "policy_from",
    "routing_from",
    "thresholds_from",
]

# Keys of a Shield policy's conditions that name models.
MODEL_KEYS = ("modelId", "modelIds", "models", "model_id", "model_ids", "blockedModels")


def thresholds_from(value: Thresholds | OptimizationThresholds | Mapping[str, Any]) -> Thresholds:
    """ConfigManager thresholds in the optimizer's shape."""
    if isinstance(value, Thresholds):
        return value
    if isinstance(value, OptimizationThresholds):
        lat, cost, err, q, tok = (
            value.latency,
            value.cost,
            value.error_rate,
            value.quality,
            value.tokens,
        )
        return Thresholds(
            lat.p50_target_ms,
            lat.p99_max_ms,
            lat.degradation_threshold_ms,
            lat.critical_threshold_ms,
            cost.max_cost_per_request,
            cost.hourly_budget,
            cost.daily_budget,
            cost.alert_threshold,
            err.warning_threshold,
            err.critical_threshold,
            err.circuit_breaker_threshold,
            q.min_quality_score,
            q.degradation_threshold,
            tok.max_input_tokens,
            tok.max_output_tokens,
            tok.max_total_tokens,
            f"thresholds@v{value.version}",
        )
    if isinstance(value, Mapping):
        return _thresholds_wire(value)
    raise IntakeError(f"Expected thresholds, got type={type(value).__name__!r}.")


def _thresholds_wire(w: Mapping[str, Any]) -> Thresholds:
    try:
        lat, cost, err, q, tok = (
            w["latency"],
            w["cost"],
            w["errorRate"],
            w["quality"],
            w["tokens"],
        )
        return Thresholds(
            float(lat["p50TargetMs"]),
            float(lat["p99MaxMs"]),
            float(lat["degradationThresholdMs"]),
            float(lat["criticalThresholdMs"]),
            float(cost["maxCostPerRequest"]),
            float(cost["hourlyBudget"]),
            float(cost["dailyBudget"]),
            float(cost["alertThreshold"]),
            float(err["warningThreshold"]),
            float(err["criticalThreshold"]),
            float(err["circuitBreakerThreshold"]),
            float(q["minQualityScore"]),
            float(q["degradationThreshold"]),
            int(tok["maxInputTokens"]),
            int(tok["maxOutputTokens"]),
            int(tok["maxTotalTokens"]),
            f"thresholds@v{w.get('version', '?')}",
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise IntakeError(f"Expected wire OptimizationThresholds, got error={exc!r}.") from exc


def routing_from(value: RoutingPolicy | RoutingConfig | Mapping[str, Any]) -> RoutingPolicy:
    """ConfigManager routing config: default, fallback chain, block rules, configured weights."""
    if isinstance(value, RoutingPolicy):
        return value
    if isinstance(value, RoutingConfig):
        blocked = [
            (model, rule.rule_id)
            for rule in sorted(value.rules, key=lambda r: r.priority)
            if rule.enabled and rule.action == "block"
            for model in rule.target_models
        ]
        weights = value.load_balancing.weights or {}
        return _routing(value.default_model, value.fallback_chain, blocked, weights, value.version)
    if isinstance(value, Mapping):
        rules = sorted(value.get("rules", ()), key=lambda r: r.get("priority", 0))
        blocked = [
            (str(model), str(rule.get("ruleId")))
            for rule in rules
            if rule.get("enabled") and rule.get("action") == "block"
            for model in rule.get("targetModels", ())
        ]
        weights = (value.get("loadBalancing") or {}).get("weights") or {}
        return _routing(
            value.get("defaultModel"),
            value.get("fallbackChain", ()),
            blocked,
            weights,
            value.get("version", "?"),
        )
    raise IntakeError(f"Expected a routing config, got type={type(value).__name__!r}.")


def _routing(
    default: Any,
    chain: Iterable[str],
    blocked: Iterable[tuple[str, str]],
    weights: Mapping[str, Any],
    version: Any,
) -> RoutingPolicy:
    # The first (highest-priority) rule that blocks a model is the one to cite.
    first: dict[str, str] = {}
    for model, rule in blocked:
        first.setdefault(model, rule)
    return RoutingPolicy(
        default_model=str(default) if default is not None else None,
        fallback_chain=tuple(str(m) for m in chain),
        blocked=MappingProxyType(first),
        weights=MappingProxyType({str(m): float(w) for m, w in weights.items()}),
        source_id=f"routing@v{version}",
    )


def availability_from(value: object) -> dict[str, ModelState]:
    """ConfigManager availability of one model or many (typed, wire, or ``ModelState``)."""
    items = value if isinstance(value, Iterable) and not isinstance(value, Mapping) else [value]
    states: dict[str, ModelState] = {}
    for item in items:
        state = _model_state(item)
        states[state.model_id] = state
    return states


def _model_state(item: object) -> ModelState:
    if isinstance(item, ModelState):
        return item
    if isinstance(item, ModelAvailability):
        return ModelState(
            item.model_id,
            item.available,
            item.status,
            item.capacity,
            item.rate_limit.requests_per_minute,
            f"availability:{item.model_id}@{item.last_checked.isoformat()}",
        )
    if isinstance(item, Mapping) and "modelId" in item:
        rate = item.get("rateLimit") or {}
        return ModelState(
            str(item["modelId"]),
            bool(item.get("available", True)),
            str(item.get("status", "online")),
            float(item.get("capacity", 1.0)),
            float(rate.get("requestsPerMinute", 0.0)),
            f"availability:{item['modelId']}@{item.get('lastChecked', '?')}",
        )
    raise IntakeError(f"Expected a model availability, got type={type(item).__name__!r}.")


def policy_from(value: PolicyState | Iterable[ActivePolicy | Mapping[str, Any]]) -> PolicyState:
    """Shield's active policies: enabled policies whose actions block and whose conditions name
    models (under one of ``MODEL_KEYS``) block those models."""
    if isinstance(value, PolicyState):
        return value
    blocked: dict[str, str] = {}
    for policy in value:
        pid, enabled, actions, conditions = _policy_fields(policy)
        if not enabled or not any("block" in a for a in actions):
            continue
        for key in MODEL_KEYS:
            named = conditions.get(key)
            models = [named] if isinstance(named, str) else list(named or ())
            for model in models:
                blocked.setdefault(str(model), pid)
    ids = ",".join(sorted(set(blocked.values()))) or "none"
    return PolicyState(blocked=MappingProxyType(blocked), source_id=f"policies:{ids}")


def _policy_fields(policy: object) -> tuple[str, bool, tuple[str, ...], Mapping[str, Any]]:
    if isinstance(policy, ActivePolicy):
        return policy.policy_id, policy.enabled, policy.actions, policy.conditions
    if isinstance(policy, Mapping):
        return (
            str(policy.get("policyId")),
            bool(policy.get("enabled")),
            tuple(policy.get("actions", ())),
            policy.get("conditions") or {},
        )
    raise IntakeError(f"Expected an active Shield policy, got type={type(policy).__name__!r}.")
