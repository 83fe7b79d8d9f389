"""ConfigManager: control-plane state, availability with load, change history."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.services.errors import NotFound
from simulator.services.fake import FakeWorld


def call(world: FakeWorld, op: str, **params: object) -> dict[str, Any]:
    return world.services.config_manager.call(op, params)


def test_history_since_is_strictly_after_and_filtered(world: FakeWorld) -> None:
    world.control.set("thresholds", "latency.p99MaxMs", 5000.0)
    world.advance(1)
    world.control.set("feature_flag", "exploration", False)
    world.advance(1)
    world.control.set_availability("model-b", "offline", reason="outage")
    changes = call(world, "getConfigHistory")["changes"]
    assert [c["type"] for c in changes] == ["thresholds", "feature_flag", "availability"]
    later = call(world, "getConfigHistory", since=changes[0]["timestamp"])["changes"]
    assert later == changes[1:]
    assert call(world, "getConfigHistory", type="availability")["changes"] == changes[2:]
    assert call(world, "getFeatureFlags")["exploration"] is False
    assert call(world, "getThresholds")["latency"]["p99MaxMs"] == 5000.0


def test_availability_reflects_status_and_load(world: FakeWorld) -> None:
    world.control.set_availability("model-b", "offline")
    world.traffic(2, per_minute=60, models=["model-a"])
    models = call(world, "getModelAvailability")["models"]
    usage = {m["modelId"]: m["rateLimit"]["currentUsage"] for m in models}
    assert usage["model-a"] > 0
    assert usage["model-c"] == 0
    available = call(world, "getModelAvailability", available_only=True)["models"]
    assert "model-b" not in {m["modelId"] for m in available}
    status = call(world, "getModelStatus", modelId="model-a")
    assert status["lastChecked"] == "2025-01-06T00:02:00.000Z"
    with pytest.raises(NotFound):
        call(world, "getModelStatus", modelId="nope")
