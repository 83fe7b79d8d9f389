"""The compliance report: Markdown in the seed report's shape, JSON and JUnit XML."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from simulator.harness.compliance.checklist import INCONSISTENCY
from simulator.harness.compliance.report import failed_rows, render


def test_markdown_follows_the_seed_report_and_states_every_verdict(
    compliance_result: dict[str, Any],
) -> None:
    text = render(compliance_result, "md")
    assert text.startswith("# LLM Auto-Optimizer: Phase 2B Infra Integration Report (verified)")
    assert "**Status:** NOT COMPLIANT (2 of 9 rows fail)" in text
    for heading in ("## 1. ", "## 2. ", "## 4. ", "## 8. ", "## 10. ", "## 11. "):
        assert heading in text
    assert INCONSISTENCY in text
    assert "| Phase 2B Rust deps declared in workspace | COMPLETE | FAIL |" in text
    assert "42 works" in text
    assert "32 breaks missing route" in text


def test_json_has_exactly_the_checklist_and_the_matrix(compliance_result: dict[str, Any]) -> None:
    data = json.loads(render(compliance_result, "json"))
    assert set(data) == {"checklist", "matrix"}
    assert {r["verdict"] for r in data["checklist"]} == {"pass", "fail"}
    assert len(data["matrix"]) == 84
    assert set(data["matrix"][0]) == {"service", "method", "path", "profile", "verdict", "reason"}
    assert {r["verdict"] for r in data["matrix"]} == {"works", "breaks"}


def test_junit_fails_the_failed_rows_and_records_upstream_breaks_as_findings(
    compliance_result: dict[str, Any],
) -> None:
    root = ET.fromstring(render(compliance_result, "junit"))
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    checklist = suites["infrasim.compliance.checklist"]
    assert (checklist.get("tests"), checklist.get("failures")) == ("9", "2")
    assert suites["infrasim.compliance.matrix.upstream"].get("failures") == "0"
    assert suites["infrasim.compliance.matrix.consumer"].get("tests") == "42"
    assert root.get("failures") == "2"


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="format='xml'"):
        render({}, "xml")


def test_failed_rows_are_those_not_passing() -> None:
    result = {"checklist": [{"item": "a", "verdict": "pass"}, {"item": "b", "verdict": "fail"}]}
    assert failed_rows(result) == [{"item": "b", "verdict": "fail"}]
