"""JUnit XML of a rehearsal: one test case per feed, per service's contract, per checklist row."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from simulator.report.verdict import checklist_rows, row_failed, row_label, row_verdict

__all__ = ["Case", "cases_of", "junit_xml"]


@dataclass(frozen=True, slots=True)
class Case:
    """One test case: its suite, name, and the failure message (None when it passed)."""

    suite: str
    name: str
    failure: str | None = None
    skipped: str | None = None


def _feed_cases(summary: Mapping[str, Any]) -> list[Case]:
    cases = []
    for feed, c in summary.get("feeds", {}).items():
        problem = None
        if c.get("lost") or c.get("duplicated"):
            problem = (
                f"Expected every item exactly once, got lost={c.get('lost')} "
                f"duplicated={c.get('duplicated')} of emitted={c.get('emitted')}."
            )
        cases.append(Case("feeds.exactly_once", feed, problem))
    return cases


def _contract_cases(summary: Mapping[str, Any]) -> list[Case]:
    cases = []
    for name, s in summary.get("services", {}).items():
        if not s.get("contract_checks") and not s.get("contract_violations"):
            cases.append(Case("contracts", name, skipped="No payload was checked."))
            continue
        problem = None
        if s.get("contract_violations"):
            problem = (
                f"Expected every served payload to meet the contract, got "
                f"{s['contract_violations']} violations in {s.get('calls')} calls."
            )
        cases.append(Case("contracts", name, problem))
    return cases


def _checklist_cases(compliance: Mapping[str, Any] | None) -> list[Case]:
    cases = []
    for row in checklist_rows(compliance):
        problem = None
        if row_failed(row):
            why = row.get("reason", row.get("detail", ""))
            problem = f"Checklist row {row_label(row)}: {row_verdict(row)}. {why}".strip()
        cases.append(Case("checklist", row_label(row), problem))
    return cases


def cases_of(summary: Mapping[str, Any], compliance: Mapping[str, Any] | None = None) -> list[Case]:
    """Every test case of a rehearsal, suites in a fixed order."""
    return _feed_cases(summary) + _contract_cases(summary) + _checklist_cases(compliance)


def _suite(root: ET.Element, name: str, cases: Sequence[Case]) -> None:
    failures = sum(c.failure is not None for c in cases)
    skipped = sum(c.skipped is not None for c in cases)
    suite = ET.SubElement(
        root,
        "testsuite",
        name=f"infrasim.{name}",
        tests=str(len(cases)),
        failures=str(failures),
        errors="0",
        skipped=str(skipped),
    )
    for case in cases:
        element = ET.SubElement(suite, "testcase", classname=f"infrasim.{name}", name=case.name)
        if case.failure is not None:
            ET.SubElement(element, "failure", message=case.failure).text = case.failure
        elif case.skipped is not None:
            ET.SubElement(element, "skipped", message=case.skipped)


def junit_xml(summary: Mapping[str, Any], compliance: Mapping[str, Any] | None = None) -> str:
    """The JUnit XML document of a rehearsal."""
    cases = cases_of(summary, compliance)
    root = ET.Element(
        "testsuites",
        name=f"infrasim rehearse {summary.get('scenario')} seed {summary.get('seed')}",
        tests=str(len(cases)),
        failures=str(sum(c.failure is not None for c in cases)),
    )
    for suite in dict.fromkeys(c.suite for c in cases):
        _suite(root, suite, [c for c in cases if c.suite == suite])
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
