"""The seed's compliance checklist (section 10) as executable scenarios."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytest_bdd import given, parsers, scenarios, then, when

from contracts import ManifestFinding, check_manifest, endpoints
from simulator.harness.compliance.calls import CALLS
from simulator.harness.compliance.checklist import INCONSISTENCY
from simulator.harness.compliance.dynamic import (
    feedback_loop,
    flags_followed,
    resilience_followed,
    thresholds_followed,
)
from simulator.harness.compliance.recording import Recording
from simulator.harness.compliance.report import render_markdown
from simulator.harness.compliance.run import matrices
from simulator.harness.compliance.static import TypeCheck, import_problems, seed_manifests

scenarios("compliance.feature")

CONTRACT_DATA = Path(__file__).resolve().parents[1] / "contracts" / "data"


@given(parsers.parse('the seed\'s "{name}"'), target_fixture="manifest")
def given_seed_manifest(name: str, tmp_path: Path) -> Path:
    return next(p for p in seed_manifests(tmp_path) if p.name == name)


@given(parsers.parse('the manifest "{relative}" of the contract tests'), target_fixture="manifest")
def given_test_manifest(relative: str) -> Path:
    return CONTRACT_DATA / relative


@when("it is checked against the upstream manifests", target_fixture="findings")
def when_checked(manifest: Path) -> tuple[ManifestFinding, ...]:
    return check_manifest(manifest)


@then("the findings are")
def then_findings(findings: tuple[ManifestFinding, ...], datatable: list[list[str]]) -> None:
    expected = sorted((row[0], row[1]) for row in datatable[1:])
    assert sorted((f.key, f.problem) for f in findings) == expected


@then("there is no finding")
def then_no_finding(findings: tuple[ManifestFinding, ...]) -> None:
    assert findings == ()


def _row(assessment: dict[str, Any], item: str) -> dict[str, Any]:
    return next(r for r in assessment["checklist"] if r["item"] == item)


@then(parsers.parse('the checklist row "{item}" {verdict}'))
def then_row(assessment: dict[str, Any], item: str, verdict: str) -> None:
    row = _row(assessment, item)
    assert row["verdict"] == {"passes": "pass", "fails": "fail"}[verdict], row
    assert row["evidence"].strip()


@then("every contract endpoint has an adapter method")
def then_methods(run: Recording) -> None:
    contract = {(e.service, e.operation_id) for e in endpoints("consumer")}
    assert set(CALLS) == contract
    assert len(contract) == 42
    by_service = {a.service: a for a in run.sut.adapters}
    for (service, _), (method, _) in CALLS.items():
        assert callable(getattr(by_service[service], method, None)), (service, method)


@then("every adapter method answered the simulated services, in the run or in the call round")
def then_answered(run: Recording) -> None:
    consumer, _ = matrices(run)
    broken = [r.reason for r in consumer if r.verdict != "works"]
    assert broken == []
    assert len(run.operations_called()) >= 15  # the poll rounds and cycles alone reach many


@when("the adapters are type-checked with mypy --strict", target_fixture="typed")
def when_typechecked(types: TypeCheck) -> TypeCheck:
    return types


@then("the type check passes")
def then_typecheck(typed: TypeCheck) -> None:
    assert typed.passed, typed.summary


@then("the adapters and the optimizer import nothing that would serve Infra")
def then_imports() -> None:
    assert import_problems() == []


@then(
    parsers.parse(
        'decisions cite "{key}" at {value:g} while "{incident}" is in force, and not after'
    )
)
def then_threshold_followed(run: Recording, key: str, value: float, incident: str) -> None:
    change = next(i for i in run.rig.scenario.timeline if i.id == incident)
    assert (change.params["key_path"], float(change.params["value"])) == (key, value)
    check = thresholds_followed(run)
    assert check.passed, check.text


@then(
    parsers.parse(
        "the circuit breakers run on ConfigManager's circuit-breaker threshold of {value:g}"
    )
)
def then_breakers(run: Recording, value: float) -> None:
    assert run.sut.resilience.layer.breaker_settings.failure_rate == value
    check = resilience_followed(run)
    assert check.passed, check.text


@then(parsers.parse('no "{kind}" decision is issued while "{incident}" holds its flag off'))
def then_flag_off(run: Recording, kind: str, incident: str) -> None:
    change = next(i for i in run.rig.scenario.timeline if i.id == incident)
    assert change.params["flag"] == kind
    assert change.end is not None
    check = flags_followed(run)
    assert check.passed, check.text


@then(parsers.parse('"{kind}" decisions are issued before and after it'))
def then_flag_on(run: Recording, kind: str) -> None:
    change = next(i for i in run.rig.scenario.timeline if i.kind == "flag_change")
    assert change.end is not None
    times = [t.t for t in run.decisions_of(kind)]
    assert any(t < change.start for t in times), times
    assert any(t > change.end for t in times), times


@then(
    parsers.parse(
        "after the largest weight shift RouterL2's routing follows the new weights within "
        "{points:d} points"
    )
)
def then_loop(run: Recording, points: int) -> None:
    check = feedback_loop(run)
    assert points == 10, "the checklist uses 10 points"
    assert check.passed, check.text


@when("the compliance report is rendered from the run", target_fixture="report")
def when_rendered(assessment: dict[str, Any]) -> str:
    return render_markdown(assessment)


@then("it has a section for each claim of the seed report")
def then_sections(report: str) -> None:
    for number in ("1", "2", "3", "4", "5", "6", "8", "10", "11"):
        assert f"\n## {number}. " in report, number


@then("every checklist row in it carries evidence")
def then_evidence(report: str, assessment: dict[str, Any]) -> None:
    for row in assessment["checklist"]:
        assert row["evidence"].strip(), row["item"]
        assert row["evidence"][:60] in report, row["item"]


@then("it states how the seed's inconsistency between sections 3.2 and 4.1 is resolved")
def then_inconsistency(report: str) -> None:
    assert INCONSISTENCY in report
