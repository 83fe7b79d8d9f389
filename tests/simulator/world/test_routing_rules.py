"""Routing rules: conditions and the fold of block / route rules by priority."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.world.rules import RuleSet, matches

MODELS = ("a", "b", "c")


def rule(action: str, targets: list[str], priority: int = 1, **extra: Any) -> dict[str, Any]:
    return {"ruleId": f"r{priority}", "name": "rule", "priority": priority, "enabled": True,
            "conditions": [], "targetModels": targets, "action": action, **extra}  # fmt: skip


@pytest.mark.parametrize(
    ("operator", "value", "attribute", "expected"),
    [
        ("eq", "eu-west", "eu-west", True),
        ("ne", "eu-west", "eu-west", False),
        ("gt", 100, 150, True),
        ("gte", 150, 150, True),
        ("lt", 100, 150, False),
        ("lte", 150, 150, True),
        ("gt", 100, "many", False),
        ("contains", "ssn", ["email", "ssn"], True),
        ("contains", "east", "us-east", True),
        ("regex", "^client-[0-3]$", "client-2", True),
        ("in", ["us-east", "us-west"], "eu-west", False),
        ("like", "x", "x", False),
    ],
)
def test_conditions_compare_request_attributes(
    operator: str, value: Any, attribute: Any, expected: bool
) -> None:
    condition = {"field": "f", "operator": operator, "value": value}
    assert matches([condition], {"f": attribute}) is expected


def test_unconditional_rules_fold_once() -> None:
    rules = RuleSet.of([rule("block", ["a"]), rule("route", ["b", "c"], 2)], MODELS)
    assert (rules.blocked, rules.forced, rules.conditional) == (frozenset({"a"}), ("b", "c"), False)


def test_a_block_without_targets_blocks_every_model() -> None:
    assert RuleSet.of([rule("block", [])], MODELS).blocked == frozenset(MODELS)


def test_disabled_rules_do_nothing() -> None:
    assert RuleSet.of([rule("block", ["a"], enabled=False)], MODELS).blocked == frozenset()


def test_the_route_rule_with_the_lowest_priority_number_wins() -> None:
    when = [{"field": "region", "operator": "eq", "value": "eu-west"}]
    rules = RuleSet.of(
        [rule("route", ["c"], priority=5), rule("route", ["b"], priority=2, conditions=when)],
        MODELS,
    )
    assert rules.for_request({"region": "eu-west"}) == (frozenset(), ("b",))
    assert rules.for_request({"region": "us-east"}) == (frozenset(), ("c",))
