"""RouterL2: decisions, lookup by request id, weights, load-balancer signals, traffic."""

from __future__ import annotations

import random
from typing import Any

import pytest

from simulator.services.errors import NotFound
from simulator.services.fake import FakeWorld


def call(world: FakeWorld, op: str, **params: object) -> dict[str, Any]:
    return world.services.router_l2.call(op, params)


def test_a_decision_per_request_found_by_request_id(world: FakeWorld) -> None:
    o = world.request(
        "model-b", route_reason="fallback", route_confidence=0.4, alternatives=("model-a",)
    )
    (decision,) = call(world, "fetchRoutingDecisions")["decisions"]
    assert decision == call(world, "getDecision", requestId=o.request_id)
    assert (decision["reason"], decision["confidence"]) == ("fallback", 0.4)
    assert decision["alternatives"][0]["modelId"] == "model-a"
    assert call(world, "fetchRoutingDecisions", reason="lowest_cost")["decisions"] == []
    with pytest.raises(NotFound):
        call(world, "getDecision", requestId="nope")


def test_weights_come_from_the_view(world: FakeWorld) -> None:
    world.advance(30)
    world.weights.set({"model-a": 0.7, "model-b": 0.3}, reason="shift", t=30.0)
    world.control.set_availability("model-b", "offline")
    rows = {w["modelId"]: w for w in call(world, "getModelWeights")["weights"]}
    assert rows["model-a"]["weight"] == pytest.approx(0.7)
    assert rows["model-b"]["effectiveWeight"] == 0.0
    assert rows["model-c"]["adjustments"][0]["appliedAt"] == "2025-01-06T00:00:30.000Z"


def test_a_slow_model_raises_then_clears_a_signal(world: FakeWorld) -> None:
    rng = random.Random(2)
    world.traffic(15, per_minute=60, rng=rng)
    world.traffic(5, per_minute=60, rng=rng, latency={"model-a": 4000.0})
    world.traffic(5, per_minute=60, rng=rng)
    world.advance(1)
    signals = call(world, "fetchLoadBalancerSignals")["signals"]
    assert [(s["type"], s["affectedModels"]) for s in signals] == [
        ("model_slow", ["model-a"]),
        ("model_recovered", ["model-a"]),
    ]
    assert signals[0]["recommendation"]["action"] == "decrease_weight"
    assert sum(signals[0]["loadDistribution"].values()) == pytest.approx(1.0, abs=1e-3)


def test_traffic_summary_and_health(world: FakeWorld) -> None:
    world.traffic(6, per_minute=30, error_rate=0.5)
    world.advance(1)
    stats = call(world, "getTrafficStats", window_minutes=5)
    assert stats["totalRequests"] == 150
    assert sum(m["percentage"] for m in stats["byModel"].values()) == pytest.approx(100.0)
    summary = call(world, "getRoutingSummary", window_minutes=60)
    assert summary["totalDecisions"] == 180
    assert summary["byReason"]["load_balanced"] == 180
    assert call(world, "getRouterHealth")["status"] == "unhealthy"
