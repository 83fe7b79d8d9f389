"""Which models are excluded, and why (optimizer/analysers/policy.py)."""

from __future__ import annotations

from types import MappingProxyType

from optimizer_toys import EPOCH, snapshot

from optimizer import ModelState, OptimizerConfig, PolicyState, RoutingPolicy, Settings, Signal
from optimizer.analysers import analyse_policy, blocked_models

NOW = EPOCH + 1000


def block(reason: str, t: float = NOW - 30, action: str = "block", model: str = "A") -> Signal:
    attrs = {"reason": reason, "action": action, "severity": "high", "policy_id": "pol-1"}
    return Signal("shield", "policy_block", f"pb-{reason}", t, "policy_block", 1.0, model, attrs)


def test_config_routing_rules_and_shield_policy_exclude_models() -> None:
    config = OptimizerConfig(
        routing=RoutingPolicy(blocked=MappingProxyType({"B": "rule-7"})),
        policy=PolicyState(blocked=MappingProxyType({"C": "pol-3"})),
    ).with_availability(
        {"A": ModelState("A", status="maintenance", source_id="av-A"), "D": ModelState("D")}
    )
    blocked = blocked_models(snapshot([], now=NOW, config=config))
    assert sorted(blocked) == ["A", "B", "C"]
    assert (blocked["A"].source, blocked["A"].kind, blocked["A"].signal_id) == (
        "config_manager",
        "availability",
        "av-A",
    )
    assert (blocked["B"].kind, blocked["B"].signal_id) == ("routing_rule", "rule-7")
    assert (blocked["C"].source, blocked["C"].signal_id) == ("shield", "pol-3")
    findings = analyse_policy(snapshot([], now=NOW, config=config))
    assert {(f.code, f.model_id) for f in findings} == {
        ("unavailable", "A"),
        ("blocked", "B"),
        ("blocked", "C"),
    }


def test_shield_model_level_blocks_hold_for_a_while() -> None:
    assert list(blocked_models(snapshot([block("unauthorized_model")], now=NOW))) == ["A"]
    assert blocked_models(snapshot([block("unauthorized_model", NOW - 700)], now=NOW)) == {}


def test_request_level_blocks_do_not_exclude_the_model() -> None:
    assert blocked_models(snapshot([block("pii_detected")], now=NOW)) == {}
    assert blocked_models(snapshot([block("geo_restriction", action="warn")], now=NOW)) == {}


def test_high_risk_output_pii_blocks_the_model() -> None:
    attrs = {"direction": "output", "action": "block"}
    risky = Signal("shield", "pii", "pii-1", NOW - 5, "risk_score", 0.95, "B", attrs)
    mild = Signal("shield", "pii", "pii-2", NOW - 5, "risk_score", 0.5, "C", attrs)
    inbound = Signal(
        "shield",
        "pii",
        "pii-3",
        NOW - 5,
        "risk_score",
        0.99,
        "D",
        {"direction": "input", "action": "block"},
    )
    blocked = blocked_models(snapshot([risky, mild, inbound], now=NOW, settings=Settings()))
    assert list(blocked) == ["B"]
    assert blocked["B"].metric == "risk_score"
