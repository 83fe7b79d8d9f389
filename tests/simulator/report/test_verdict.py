"""The verdict: a broken contract, a lost or duplicated item or a failed checklist row fails."""

from __future__ import annotations

from typing import Any

import pytest
from report_samples import summary

from simulator.report.verdict import (
    checklist_rows,
    failures,
    matrix_counts,
    matrix_rows,
    row_failed,
    row_label,
)


def test_a_clean_run_has_no_failures() -> None:
    assert failures(summary()) == []


def test_each_kind_of_failure_is_one_sentence_naming_it() -> None:
    s = summary()
    s["services"]["shield"]["contract_violations"] = 2
    s["feeds"]["cost-ops/fetchCostEvents"]["lost"] = 3
    s["feeds"]["shield/fetchPIIDetections"]["duplicated"] = 1
    compliance = {"checklist": [{"id": "C-7", "passed": False}, {"id": "C-8", "passed": True}]}
    assert failures(s, compliance) == [
        "shield served 2 payloads that broke the contract.",
        "cost-ops/fetchCostEvents lost 3 items.",
        "shield/fetchPIIDetections duplicated 1 items.",
        "Checklist row C-7 failed.",
    ]


@pytest.mark.parametrize(
    ("row", "failed"),
    [
        ({"passed": False}, True),
        ({"passed": True, "verdict": "fail"}, False),  # an explicit flag wins
        ({"verdict": "FAIL"}, True),
        ({"status": "failed"}, True),
        ({"verdict": "pass"}, False),
        ({"ok": False}, True),
        ({"verdict": False}, True),
        ({"verdict": "partial"}, False),
    ],
)
def test_a_checklist_row_fails_on_its_flag_or_verdict(row: dict[str, Any], failed: bool) -> None:
    assert row_failed(row) is failed


def test_rows_are_read_from_lists_or_mappings_and_named_by_their_first_label() -> None:
    compliance = {"checklist": {"C-1": "pass", "C-2": "fail"}, "matrix": {"rows": [{"x": 1}]}}
    rows = checklist_rows(compliance)
    assert [row_label(r) for r in rows] == ["C-1", "C-2"]
    assert [row_failed(r) for r in rows] == [False, True]
    assert matrix_rows(compliance) == [{"x": 1}]
    assert checklist_rows(None) == [] == matrix_rows({})
    assert row_label({"title": "Retries back off"}) == "Retries back off"


def test_matrix_counts_verdicts_per_profile() -> None:
    rows = [
        {"profile": "consumer", "verdict": "works"},
        {"profile": "upstream", "verdict": "breaks"},
        {"profile": "upstream", "verdict": "breaks"},
        {"profile": "upstream", "verdict": "works"},
    ]
    counts = matrix_counts(rows)
    assert counts["consumer"] == {"works": 1}
    assert counts["upstream"] == {"breaks": 2, "works": 1}
