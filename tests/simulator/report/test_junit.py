"""junit.xml: one test case per feed, per service's contract checks, per checklist row."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from report_samples import summary

from simulator.report.junit import junit_xml


def suites(xml: str) -> dict[str, ET.Element]:
    root = ET.fromstring(xml)
    assert root.tag == "testsuites"
    return {s.get("name", ""): s for s in root.findall("testsuite")}


def test_a_clean_run_has_a_passing_case_per_feed_and_per_service() -> None:
    found = suites(junit_xml(summary()))
    assert sorted(found) == ["infrasim.contracts", "infrasim.feeds.exactly_once"]
    feeds = found["infrasim.feeds.exactly_once"]
    assert [c.get("name") for c in feeds] == [
        "cost-ops/fetchCostEvents",
        "shield/fetchPIIDetections",
    ]
    assert feeds.get("failures") == "0"
    assert [c.get("name") for c in found["infrasim.contracts"]] == ["cost-ops", "shield"]
    assert not ET.fromstring(junit_xml(summary())).findall(".//failure")


def test_losses_violations_and_failed_rows_are_failures_naming_the_numbers() -> None:
    s = summary()
    s["feeds"]["cost-ops/fetchCostEvents"]["lost"] = 2
    s["services"]["shield"]["contract_violations"] = 1
    compliance = {
        "checklist": [
            {"id": "C-1", "verdict": "pass"},
            {"id": "C-2", "verdict": "fail", "reason": "no retry"},
        ]
    }
    root = ET.fromstring(junit_xml(s, compliance))
    assert root.get("failures") == "3"
    messages = [f.get("message", "") for f in root.iter("failure")]
    assert any("lost=2" in m for m in messages)
    assert any("1 violations" in m for m in messages)
    assert any(m.startswith("Checklist row C-2: fail. no retry") for m in messages)
    checklist = suites(junit_xml(s, compliance))["infrasim.checklist"]
    assert (checklist.get("tests"), checklist.get("failures")) == ("2", "1")


def test_a_service_without_checked_payloads_is_skipped_not_passed() -> None:
    s = summary()
    s["services"]["shield"] |= {"contract_checks": 0, "contract_violations": 0}
    contracts = suites(junit_xml(s))["infrasim.contracts"]
    assert contracts.get("skipped") == "1"
    assert contracts.find("testcase[@name='shield']/skipped") is not None
