"""The terminal summary of a rehearsal: rich tables for services, feeds, incidents, outcomes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from simulator.report.content import clock, fmt
from simulator.report.verdict import (
    checklist_rows,
    failures,
    matrix_counts,
    matrix_rows,
    row_failed,
    row_label,
)

__all__ = ["print_report"]


def _table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
    table = Table(title=title, title_justify="left")
    for i, column in enumerate(header):
        table.add_column(column, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*row)
    return table


def _rows(items: Mapping[str, Mapping[str, Any]], keys: Sequence[str]) -> list[list[str]]:
    return [[name, *(fmt(data.get(k, 0)) for k in keys)] for name, data in items.items()]


def _incident_row(incident: Mapping[str, Any]) -> list[str]:
    return [
        incident["id"],
        incident["kind"],
        clock(incident["start"]),
        fmt(incident["detected_after_s"]),
        fmt(incident["mitigated_after_s"]),
        fmt(incident["detected_by"]),
    ]


def _tables(summary: Mapping[str, Any]) -> list[Table]:
    service_keys = ("calls", "ok", "contract_checks", "contract_violations")
    feed_keys = ("emitted", "delivered", "lost", "duplicated")
    incidents = summary["outcomes"]["optimizer"].get("incidents", [])
    outcome_keys = ("requests", "cost_per_request", "slo_violation_minutes", "mean_loss", "regret")
    return [
        _table(
            "Services (calls and contract checks)",
            ("service", "calls", "ok", "checks", "violations"),
            _rows(summary["services"], service_keys),
        ),
        _table(
            "Feeds (ground truth vs handlers)",
            ("feed", *feed_keys),
            _rows(summary["feeds"], feed_keys),
        ),
        _table(
            "Incidents (delays in seconds after the start)",
            ("incident", "kind", "at", "detected", "mitigated", "detected by"),
            [_incident_row(i) for i in incidents],
        ),
        _table(
            "Outcomes (same seed)",
            ("policy", *outcome_keys),
            _rows(summary["outcomes"], outcome_keys),
        ),
    ]


def _compliance(console: Console, compliance: Mapping[str, Any]) -> None:
    rows = checklist_rows(compliance)
    failed = [row_label(r) for r in rows if row_failed(r)]
    console.print(
        f"Checklist: {len(rows) - len(failed)} of {len(rows)} rows pass"
        + (f"; failed: {', '.join(failed)}." if failed else ".")
    )
    counts = matrix_counts(matrix_rows(compliance))
    verdicts = sorted({v for c in counts.values() for v in c})
    console.print(
        _table(
            "Compatibility matrix (endpoints per verdict)",
            ("profile", *verdicts),
            [(p, *(str(c[v]) for v in verdicts)) for p, c in sorted(counts.items())],
        )
    )


def print_report(
    console: Console,
    summary: Mapping[str, Any],
    *,
    compliance: Mapping[str, Any] | None = None,
    notes: Sequence[str] = (),
) -> list[str]:
    """Print the summary tables and the verdict; return the reasons to fail (empty: passed)."""
    for table in _tables(summary):
        console.print(table)
    if compliance is not None:
        _compliance(console, compliance)
    for note in notes:
        console.print(f"Note: {note}")
    problems = failures(summary, compliance)
    if problems:
        console.print("[bold red]FAIL[/]: " + " ".join(problems), highlight=False)
    else:
        checked = " and every checklist row passed" if compliance is not None else ""
        console.print(
            f"[bold green]PASS[/]: no contract violated, no item lost or duplicated{checked}."
        )
    return problems
