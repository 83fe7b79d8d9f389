"""Write a rehearsal's report folder: report.md, report.html, PNG plots, junit.xml, summary.json.

The caller writes into a staging folder and moves it into place when everything is written
(``simulator.harness.run.write_atomically``), so a reader never sees half a report.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from simulator.report.content import ReportInputs, build_document
from simulator.report.document import Figure
from simulator.report.html import render_html
from simulator.report.junit import junit_xml
from simulator.report.markdown import render_markdown
from simulator.report.verdict import failures

__all__ = ["REPORT_FILES", "write_report", "write_summary"]

REPORT_FILES = ("report.md", "report.html", "junit.xml", "summary.json")


def write_summary(folder: Path, inputs: ReportInputs) -> dict[str, Any]:
    """Write ``summary.json``: the run's summary, its compliance result and verdict."""
    problems = failures(inputs.summary, inputs.compliance)
    summary: dict[str, Any] = dict(inputs.summary)
    summary["compliance"] = inputs.compliance
    summary["notes"] = list(inputs.notes)
    summary["verdict"] = {"passed": not problems, "failures": problems}
    text = json.dumps(summary, indent=2, sort_keys=True, default=str) + "\n"
    (folder / "summary.json").write_text(text, encoding="utf-8")
    return summary


def write_report(folder: Path, inputs: ReportInputs) -> list[Path]:
    """Write the report files into ``folder`` and return their paths."""
    blocks = build_document(inputs)
    written = []
    for block in blocks:
        if isinstance(block, Figure):
            path = folder / block.name
            path.write_bytes(block.png)
            written.append(path)
    title = f"infrasim rehearsal: {inputs.summary['scenario']}"
    texts: Mapping[str, str] = {
        "report.md": render_markdown(blocks),
        "report.html": render_html(blocks, title=title),
        "junit.xml": junit_xml(inputs.summary, inputs.compliance),
    }
    for name, text in texts.items():
        path = folder / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    write_summary(folder, inputs)
    written.append(folder / "summary.json")
    return written
