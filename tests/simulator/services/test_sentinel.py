"""Sentinel: a planted level shift is detected (and noise is not), resolves, drifts, health."""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

import pytest

from simulator.services.errors import NotFound
from simulator.services.fake import FakeWorld


def call(world: FakeWorld, op: str, **params: object) -> dict[str, Any]:
    return world.services.sentinel.call(op, params)


def test_steady_noise_raises_no_anomaly(world: FakeWorld) -> None:
    world.traffic(180, per_minute=60, rng=random.Random(11), error_rate=0.01)
    world.advance(1)
    assert call(world, "fetchAnomalies")["anomalies"] == []
    assert call(world, "getHealthStatus")["status"] == "healthy"


def test_latency_shift_is_detected_then_resolves(world: FakeWorld) -> None:
    rng = random.Random(4)
    world.traffic(30, per_minute=60, rng=rng)
    world.traffic(10, per_minute=60, rng=rng, latency={"model-b": 2400.0})
    world.advance(1)
    (anomaly,) = call(world, "fetchAnomalies", active_only=True)["anomalies"]
    assert (anomaly["type"], anomaly["modelId"], anomaly["metric"]) == (
        "latency_spike",
        "model-b",
        "latency_ms",
    )
    assert "2025-01-06T00:31:00" <= anomaly["detectedAt"] <= "2025-01-06T00:34:00.000Z"
    assert anomaly["context"]["detector"] == "cusum"
    assert anomaly["observedValue"] > anomaly["threshold"] > anomaly["expectedValue"]
    health = call(world, "getHealthStatus")
    assert {m["modelId"]: m["status"] for m in health["models"]}["model-b"] != "healthy"
    world.traffic(10, per_minute=60, rng=rng)
    world.advance(1)
    (after,) = call(world, "fetchAnomalies")["anomalies"]
    assert after["isActive"] is False
    assert after["resolvedAt"] > after["detectedAt"]
    assert call(world, "fetchAnomalies", active_only=True)["anomalies"] == []
    details = call(world, "getAnomalyDetails", anomalyId=after["anomalyId"])
    assert len(details["history"]) > 20
    assert max(h["value"] for h in details["history"]) > 2000


def test_error_burst_gives_an_alert_acknowledged_on_recovery(world: FakeWorld) -> None:
    rng = random.Random(8)
    world.traffic(30, per_minute=60, rng=rng, error_rate=0.01)
    world.traffic(8, per_minute=60, rng=rng, error_rate=0.4)
    world.advance(1)
    alerts = call(world, "fetchAlerts", unacknowledged_only=True)["alerts"]
    assert {a["type"] for a in alerts} >= {"anomaly"}
    assert call(world, "getHealthStatus")["alertCounts"]["critical"] >= 1
    world.traffic(15, per_minute=60, rng=rng, error_rate=0.0)
    world.advance(1)
    anomaly_alerts = [a for a in call(world, "fetchAlerts")["alerts"] if a["type"] == "anomaly"]
    assert all(a["acknowledged"] for a in anomaly_alerts)


def test_quality_drift_has_a_real_p_value(world: FakeWorld) -> None:
    rng = random.Random(6)
    world.traffic(70, per_minute=30, rng=rng, models=["model-a"])
    world.catalogue["model-a"] = replace(world.catalogue["model-a"], quality=0.75)
    world.traffic(40, per_minute=30, rng=rng, models=["model-a"])
    world.advance(1)
    drifts = call(world, "fetchDriftSignals", type="quality_drift")["drifts"]
    assert drifts, "a 0.1 drop of quality is a drift"
    drift = drifts[0]
    assert drift["pValue"] < 1e-3
    assert drift["confidence"] == pytest.approx(1 - drift["pValue"])
    details = call(world, "getDriftDetails", driftId=drift["driftId"])
    tests = {t["test"]: t for t in details["statisticalTests"]}
    assert tests["welch_t_test"]["significant"] is True
    assert details["baselineStats"]["mean"] > details["currentStats"]["mean"]
    assert call(world, "fetchDriftSignals", min_magnitude=0.9)["drifts"] == []


def test_unknown_ids_are_not_found(world: FakeWorld) -> None:
    with pytest.raises(NotFound):
        call(world, "getAnomalyDetails", anomalyId="nope")
    with pytest.raises(NotFound):
        call(world, "getDriftDetails", driftId="nope")
