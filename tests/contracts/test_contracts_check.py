"""The whole-profile check finds every kind of problem it claims to (contracts/check.py)."""

from __future__ import annotations

import pytest

import contracts
from contracts import check
from contracts.check import iter_refs


def test_shipped_consumer_contract_has_no_problem() -> None:
    report = contracts.check_contracts()
    assert report.problems == ()
    assert (report.schemas, report.operations) == (50, 42)
    assert report.examples >= 100
    assert report.summary().endswith(": ok")


def test_example_that_contradicts_its_kind_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    real = contracts.examples

    def with_liar(service: str, profile: str = "consumer") -> tuple[contracts.Example, ...]:
        liar = contracts.Example(
            service="cost-ops",
            type_name="CurrentRate",
            valid=True,
            file_name="CurrentRate.valid.9.json",
            instance={"ratePerMinute": -1},
        )
        return real(service, profile) + ((liar,) if service == "cost-ops" else ())

    monkeypatch.setattr(check, "examples", with_liar)
    report = contracts.check_contracts()
    assert not report.ok
    assert report.problems == (
        "Example cost-ops/CurrentRate.valid.9.json should pass, but the compiled and reference "
        "validators say [False].",
    )
    assert report.summary().endswith("1 problem(s)")


def test_missing_examples_and_unknown_types_are_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    stray = contracts.Example(
        service="shield", type_name="Nope", valid=True, file_name="Nope.valid.json", instance={}
    )
    monkeypatch.setattr(
        check, "examples", lambda s, p="consumer": (stray,) if s == "shield" else ()
    )
    problems = contracts.check_contracts().problems
    assert "Example shield/Nope.valid.json names no known schema." in problems
    assert "Schema shield/PIIStats needs at least one valid and one invalid example." in problems


def test_unresolvable_refs_are_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    checker = check._Checker("consumer")
    checker.refs(
        "Doc",
        {"a": {"$ref": "Missing.json"}, "b": {"$ref": "#/nowhere"}},
        contracts.schema_uri("shield", "PIIStats"),
    )
    assert len(checker.problems) == 2
    assert "Missing.json" in checker.problems[0]
    assert "'#/nowhere' does not exist" in checker.problems[1]


def test_iter_refs_walks_objects_and_arrays() -> None:
    doc = {"$ref": "A.json", "x": [{"$ref": "B.json"}, {"y": {"$ref": "#/c"}}], "z": 1}
    assert list(iter_refs(doc)) == ["A.json", "B.json", "#/c"]
