"""write_report fills a folder: both reports, the plots, junit.xml, summary.json with a verdict."""

from __future__ import annotations

import json
from pathlib import Path

from simulator.report import REPORT_FILES, ReportInputs, write_report


def test_the_folder_holds_the_reports_plots_and_a_summary_with_the_verdict(
    inputs: ReportInputs, tmp_path: Path
) -> None:
    written = write_report(tmp_path, inputs)
    names = {p.name for p in written}
    assert set(REPORT_FILES) <= names
    assert {"traffic_share.png", "cost_per_request.png", "p99_latency.png"} <= names
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["verdict"] == {"passed": True, "failures": []}
    assert summary["compliance"] is None
    assert summary["outcomes"] == json.loads(json.dumps(inputs.summary["outcomes"]))


def test_a_failed_checklist_row_is_in_every_output(inputs: ReportInputs, tmp_path: Path) -> None:
    compliance = {
        "checklist": [{"id": "C-3", "verdict": "fail", "reason": "no backoff"}],
        "matrix": [{"profile": "upstream", "verdict": "breaks"}],
    }
    failing = ReportInputs(inputs.summary, inputs.series, inputs.decisions, compliance, ("n",))
    write_report(tmp_path, failing)
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["verdict"] == {"passed": False, "failures": ["Checklist row C-3 failed."]}
    assert summary["notes"] == ["n"]
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "| C-3 | fail | no backoff |" in markdown
    assert "| upstream | 1 |" in markdown
    assert "Verdict: FAIL. Checklist row C-3 failed." in markdown
    assert 'name="C-3"' in (tmp_path / "junit.xml").read_text(encoding="utf-8")
