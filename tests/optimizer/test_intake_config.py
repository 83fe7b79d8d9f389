"""ConfigManager and Shield state to config values (optimizer/intake/config.py)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest

from adapters.types import (
    CostThresholds,
    ErrorRateThresholds,
    LatencyThresholds,
    LoadBalancing,
    ModelAvailability,
    ModelCapabilities,
    OptimizationThresholds,
    QualityThresholds,
    RateLimitInfo,
    RoutingConfig,
    RoutingRule,
    TokenLimits,
)
from adapters.types.shield import ActivePolicy
from optimizer import IntakeError, PolicyState, Thresholds, intake

T0 = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)

WIRE_THRESHOLDS = {
    "version": "7",
    "updatedAt": "2025-03-14T09:00:00Z",
    "latency": {
        "p50TargetMs": 1000,
        "p99MaxMs": 5000,
        "degradationThresholdMs": 2500,
        "criticalThresholdMs": 9000,
    },
    "cost": {
        "maxCostPerRequest": 0.03,
        "hourlyBudget": 50,
        "dailyBudget": 900,
        "alertThreshold": 0.75,
    },
    "errorRate": {
        "warningThreshold": 0.01,
        "criticalThreshold": 0.04,
        "circuitBreakerThreshold": 0.4,
    },
    "quality": {"minQualityScore": 0.75, "degradationThreshold": 0.05},
    "tokens": {"maxInputTokens": 4000, "maxOutputTokens": 1000, "maxTotalTokens": 5000},
}
EXPECTED = Thresholds(
    1000,
    5000,
    2500,
    9000,
    0.03,
    50,
    900,
    0.75,
    0.01,
    0.04,
    0.4,
    0.75,
    0.05,
    4000,
    1000,
    5000,
    "thresholds@v7",
)


def test_thresholds_from_the_wire_and_from_the_typed_value_agree() -> None:
    typed = OptimizationThresholds(
        version="7",
        updated_at=T0,
        latency=LatencyThresholds(
            p50_target_ms=1000,
            p99_max_ms=5000,
            degradation_threshold_ms=2500,
            critical_threshold_ms=9000,
        ),
        cost=CostThresholds(
            max_cost_per_request=0.03, hourly_budget=50, daily_budget=900, alert_threshold=0.75
        ),
        error_rate=ErrorRateThresholds(
            warning_threshold=0.01, critical_threshold=0.04, circuit_breaker_threshold=0.4
        ),
        quality=QualityThresholds(min_quality_score=0.75, degradation_threshold=0.05),
        tokens=TokenLimits(max_input_tokens=4000, max_output_tokens=1000, max_total_tokens=5000),
    )
    assert intake.thresholds_from(WIRE_THRESHOLDS) == EXPECTED
    assert intake.thresholds_from(typed) == EXPECTED
    assert intake.thresholds_from(EXPECTED) is EXPECTED


def test_broken_wire_thresholds_are_refused_with_the_cause() -> None:
    broken = copy.deepcopy(WIRE_THRESHOLDS)
    del broken["latency"]["p99MaxMs"]
    with pytest.raises(IntakeError, match="p99MaxMs"):
        intake.thresholds_from(broken)


def test_routing_block_rules_default_chain_and_weights() -> None:
    rules = (
        RoutingRule(
            rule_id="r2",
            name="n",
            priority=2,
            enabled=True,
            conditions=(),
            target_models=("b",),
            action="block",
        ),
        RoutingRule(
            rule_id="r1",
            name="n",
            priority=1,
            enabled=True,
            conditions=(),
            target_models=("b", "c"),
            action="block",
        ),
        RoutingRule(
            rule_id="r3",
            name="n",
            priority=0,
            enabled=False,
            conditions=(),
            target_models=("d",),
            action="block",
        ),
        RoutingRule(
            rule_id="r4",
            name="n",
            priority=0,
            enabled=True,
            conditions=(),
            target_models=("e",),
            action="route",
        ),
    )
    typed = RoutingConfig(
        version="3",
        updated_at=T0,
        default_model="a",
        fallback_chain=("b",),
        rules=rules,
        load_balancing=LoadBalancing(strategy="weighted", weights={"a": 1.0}),
    )
    policy = intake.routing_from(typed)
    assert dict(policy.blocked) == {"b": "r1", "c": "r1"}  # the highest-priority rule is cited
    assert (policy.default_model, policy.fallback_chain, dict(policy.weights)) == (
        "a",
        ("b",),
        {"a": 1.0},
    )
    assert policy.source_id == "routing@v3"
    wire = {
        "version": "3",
        "defaultModel": "a",
        "fallbackChain": ["b"],
        "rules": [
            {
                "ruleId": "r1",
                "priority": 1,
                "enabled": True,
                "targetModels": ["c"],
                "action": "block",
                "conditions": [],
            }
        ],
        "loadBalancing": {"strategy": "weighted"},
    }
    assert dict(intake.routing_from(wire).blocked) == {"c": "r1"}


def test_availability_from_typed_and_wire_values() -> None:
    typed = ModelAvailability(
        model_id="a",
        provider="p",
        available=True,
        status="maintenance",
        last_checked=T0,
        health_check_interval=30,
        capacity=0.5,
        rate_limit=RateLimitInfo(requests_per_minute=600, tokens_per_minute=1, current_usage=0),
        features=(),
        capabilities=ModelCapabilities(
            streaming=True, function_calling=False, vision=False, max_context_length=1000
        ),
    )
    states = intake.availability_from(
        (typed, {"modelId": "b", "available": False, "status": "offline"})
    )
    assert not states["a"].usable
    assert states["a"].requests_per_minute == 600
    assert not states["b"].usable
    assert list(intake.availability_from(typed)) == ["a"]
    with pytest.raises(IntakeError, match="availability"):
        intake.availability_from([42])


def test_active_block_policies_that_name_models_block_them() -> None:
    policies = [
        ActivePolicy(
            policy_id="p1",
            name="n",
            description="d",
            enabled=True,
            priority=1,
            conditions={"modelIds": ["a", "b"]},
            actions=("block",),
        ),
        ActivePolicy(
            policy_id="p2",
            name="n",
            description="d",
            enabled=False,
            priority=1,
            conditions={"modelId": "c"},
            actions=("block",),
        ),
        {"policyId": "p3", "enabled": True, "conditions": {"model_id": "d"}, "actions": ["warn"]},
        {
            "policyId": "p4",
            "enabled": True,
            "conditions": {"models": "e"},
            "actions": ["block_model"],
        },
    ]
    state = intake.policy_from(policies)
    assert dict(state.blocked) == {"a": "p1", "b": "p1", "e": "p4"}
    assert state.source_id == "policies:p1,p4"
    assert intake.policy_from(PolicyState()) == PolicyState()
