"""LatencyLens: minute profiles, throughput, breakdowns, its own anomalies, summary, compare."""

from __future__ import annotations

import random
from typing import Any

import pytest

from simulator.services.errors import BadRequest, NotFound
from simulator.services.fake import FakeWorld


def call(world: FakeWorld, op: str, **params: object) -> dict[str, Any]:
    return world.services.latency_lens.call(op, params)


def test_a_profile_per_active_model_per_minute(world: FakeWorld) -> None:
    world.traffic(3, per_minute=30, models=["model-a", "model-b"])
    world.advance(1)
    profiles = call(world, "fetchLatencyProfiles")["profiles"]
    assert [p["timestamp"][11:19] for p in profiles] == ["00:01:00"] * 2 + ["00:02:00"] * 2 + [
        "00:03:00"
    ] * 2
    p = profiles[0]
    assert p["p50Ms"] <= p["p90Ms"] <= p["p95Ms"] <= p["p99Ms"]
    later = call(world, "fetchLatencyProfiles", since=profiles[1]["timestamp"], model_ids="model-b")
    assert [(p["modelId"], p["timestamp"][11:19]) for p in later["profiles"]] == [
        ("model-b", "00:02:00"),
        ("model-b", "00:03:00"),
    ]


def test_throughput_of_the_last_whole_minute(world: FakeWorld) -> None:
    world.traffic(2, per_minute=60, error_rate=0.5, models=["model-c"])
    world.advance(1)
    (stats,) = call(world, "fetchThroughputStats", window_minutes=1)["stats"]
    assert stats["statsId"] == "tp-model-c-1-1"
    assert stats["totalRequests"] == 60
    assert stats["successfulRequests"] + stats["failedRequests"] == 60
    assert 0.2 < stats["errorRate"] < 0.8


def test_breakdown_of_a_known_request_adds_up(world: FakeWorld) -> None:
    o = world.request("model-a", latency_ms=2000.0, queue_ms=100.0)
    b = call(world, "fetchLatencyBreakdown", requestId=o.request_id)
    parts = b["networkMs"] + b["queueMs"] + b["inferenceMs"] + b["tokenGenMs"] + b["overheadMs"]
    assert parts == pytest.approx(b["totalMs"])
    with pytest.raises(NotFound):
        call(world, "fetchLatencyBreakdown", requestId="nope")


def test_own_detector_reports_a_latency_step(world: FakeWorld) -> None:
    rng = random.Random(3)
    world.traffic(20, per_minute=60, rng=rng, models=["model-a"])
    assert call(world, "fetchAnomalies")["anomalies"] == []
    world.traffic(4, per_minute=60, rng=rng, models=["model-a"], latency={"model-a": 3000.0})
    world.advance(1)
    found = call(world, "fetchAnomalies")["anomalies"]
    assert [a["type"] for a in found] == ["spike", "degradation"]
    assert found[0]["context"]["detector"] == "mad_zscore"
    assert found[0]["deviationPercent"] > 100
    assert call(world, "fetchAnomalies", type="degradation")["anomalies"] == found[1:]


def test_summary_status_follows_the_thresholds(world: FakeWorld) -> None:
    world.traffic(3, per_minute=30, models=["model-a"], latency={"model-a": 9000.0})
    world.advance(1)
    (row,) = call(world, "getCurrentSummary")["models"]
    assert row["status"] in ("degraded", "critical")
    world.control.set("thresholds", "latency.p99MaxMs", 100_000.0)
    world.control.set("thresholds", "latency.criticalThresholdMs", 200_000.0)
    world.control.set("thresholds", "latency.degradationThresholdMs", 100_000.0)
    assert call(world, "getCurrentSummary")["models"][0]["status"] == "healthy"


def test_compare_models(world: FakeWorld) -> None:
    world.traffic(5, per_minute=40, models=["model-a", "model-b"], latency={"model-b": 2000.0})
    world.advance(1)
    body = call(world, "compareModels", model_a="model-a", model_b="model-b")
    assert body["comparison"]["p50Diff"] < 0
    assert body["comparison"]["recommendation"].startswith("prefer model-a")
    with pytest.raises(NotFound):
        call(world, "compareModels", model_a="model-a", model_b="nope")
    with pytest.raises(BadRequest):
        call(world, "compareModels", model_a="model-a")
