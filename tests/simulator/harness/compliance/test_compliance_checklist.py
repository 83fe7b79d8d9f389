"""The checklist rows of the compliance run: verdicts, evidence, and what makes them fail."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from simulator.harness.compliance.checklist import SEED_ROWS, evaluate
from simulator.harness.compliance.dynamic import (
    feedback_loop,
    flags_followed,
    read_only,
    thresholds_followed,
)
from simulator.harness.compliance.recording import Recording
from simulator.harness.compliance.run import assess, gather
from simulator.harness.compliance.static import TypeCheck

_PASSED = TypeCheck("adapters", True, "stand-in")
FIXED = Path(__file__).resolve().parents[3] / "contracts" / "data" / "fixed" / "Cargo.toml"


def test_every_seed_row_is_answered_in_order_with_evidence(
    compliance_result: dict[str, Any],
) -> None:
    rows = compliance_result["checklist"]
    assert [r["item"] for r in rows] == [item for _, item, _ in SEED_ROWS]
    assert all(set(r) == {"item", "verdict", "evidence"} and r["evidence"] for r in rows)


def test_the_seed_s_declarations_fail_and_the_run_backs_every_other_row(
    compliance_result: dict[str, Any],
) -> None:
    verdicts = [r["verdict"] for r in compliance_result["checklist"]]
    assert verdicts == ["fail", "fail"] + ["pass"] * 7


def test_manifests_with_upstream_names_pass_and_a_pyproject_gets_its_own_row(
    compliance_recording: Recording, tmp_path: Path
) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\ndependencies = ["llm-cost-ops>=0.2"]\n')
    result = assess(compliance_recording, manifests=[FIXED, pyproject], types=_PASSED)
    rows = {r["item"]: r["verdict"] for r in result["checklist"]}
    assert rows["Phase 2B Rust deps declared in workspace"] == "pass"
    assert rows["Python deps declared in pyproject.toml"] == "fail"
    assert "No package.json" in result["checklist"][1]["evidence"]


def test_a_write_in_the_rehearsal_fails_the_circular_dependency_row(
    compliance_recording: Recording,
) -> None:
    assert read_only(compliance_recording, {"http_methods": {"GET": 10}}).passed
    check = read_only(compliance_recording, {"http_methods": {"GET": 10, "POST": 1}})
    assert not check.passed
    assert "1 POST" in check.text


def test_the_dynamic_rows_fail_on_a_run_that_shows_nothing(smoke_recording: Recording) -> None:
    assert not thresholds_followed(smoke_recording).passed  # smoke changes no threshold
    assert not flags_followed(smoke_recording).passed  # nor a flag
    loop = feedback_loop(smoke_recording)
    assert loop.evidence


def test_failed_evidence_fails_its_row_only(compliance_recording: Recording) -> None:
    evidence = gather(compliance_recording, types=_PASSED)
    failing = dataclasses.replace(
        evidence,
        typecheck=TypeCheck("adapters", False, "error: 1 issue"),
        import_problems=["adapters.x imports simulator.world"],
    )
    rows = {r.id: r.verdict for r in evaluate(failing)}
    assert (rows["C-3"], rows["C-4"], rows["C-5"]) == ("pass", "fail", "fail")
