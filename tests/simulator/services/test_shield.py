"""Shield: detection signals, policy blocks, stats and status from the scanned prompts."""

from __future__ import annotations

from typing import Any

from simulator.services.fake import FakeWorld


def call(world: FakeWorld, op: str, **params: object) -> dict[str, Any]:
    return world.services.shield.call(op, params)


def test_a_prompt_with_an_ssn_is_blocked_and_signalled(world: FakeWorld) -> None:
    world.advance(3)
    text = "Update my record. My SSN is 123-45-6789. Reply to jane@example.org"
    o = world.with_pii(text, model_id="model-b")
    (signal,) = call(world, "fetchPIIDetections")["signals"]
    assert signal["requestId"] == o.request_id
    assert signal["piiTypes"] == ["email", "ssn"]
    assert signal["action"] == "block"
    assert [(d["offsetStart"], d["offsetEnd"]) for d in signal["detections"]] == [
        (28, 39),
        (50, 66),
    ]
    assert 0.9 < signal["riskScore"] <= 1.0
    blocks = call(world, "fetchPolicyBlocks")["events"]
    assert {(b["policyId"], b["action"]) for b in blocks} == {
        ("pol-pii-block", "block"),
        ("pol-pii-redact", "redact"),
    }
    assert call(world, "fetchPolicyBlocks", severity="critical")["events"][0]["contentSnippet"] == (
        "***-**-6789"
    )


def test_token_limit_and_gateway_blocks_are_recorded(world: FakeWorld) -> None:
    world.request("model-a", input_tokens=50_000)
    world.request("model-a", status="blocked", error="policy_blocked")
    reasons = [b["reason"] for b in call(world, "fetchPolicyBlocks")["events"]]
    assert reasons == ["token_limit_exceeded", "custom_rule"]


def test_filters_and_since(world: FakeWorld) -> None:
    world.with_pii("Call me at 415-555-0134", model_id="model-a")
    world.advance(1)
    world.with_pii("Client IP: 10.0.0.1", model_id="model-c")
    signals = call(world, "fetchPIIDetections")["signals"]
    assert [s["piiTypes"] for s in signals] == [["phone_number"], ["ip_address"]]
    later = call(world, "fetchPIIDetections", since=signals[0]["timestamp"])["signals"]
    assert [s["signalId"] for s in later] == [signals[1]["signalId"]]
    assert call(world, "fetchPIIDetections", pii_type="ip_address", model_id="model-a") == {
        "signals": []
    }
    assert call(world, "fetchPIIDetections", min_risk_score=0.3)["signals"] == signals[:1]


def test_stats_and_status_count_scans_and_detections(world: FakeWorld) -> None:
    world.traffic(2, per_minute=30)
    world.with_pii("My SSN is 123-45-6789")
    stats = call(world, "getPIIStats", window_hours=1)
    assert (stats["totalScans"], stats["detections"], stats["byType"]["ssn"]) == (61, 1, 1)
    assert len(stats["byType"]) == 14
    (block_stats,) = call(world, "getPolicyStats", policy_id="pol-pii-block")["stats"]
    assert (block_stats["blocks"], block_stats["totalEvaluations"]) == (1, 61)
    status = call(world, "getProtectionStatus")
    assert status["stats24h"] == {"totalRequests": 61, "blockedRequests": 1, "piiDetections": 1}
    assert len(call(world, "getActivePolicies")["policies"]) == status["activePolicies"]
