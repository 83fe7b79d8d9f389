"""What the rehearsal report says: its blocks, in order, from the run's summary and series."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from simulator.report import plots
from simulator.report.document import Block, Figure, Heading, Paragraph, Table
from simulator.report.series import Series
from simulator.report.verdict import (
    checklist_rows,
    failures,
    matrix_counts,
    matrix_rows,
    row_label,
    row_verdict,
)
from simulator.scenarios import format_duration

__all__ = ["ReportInputs", "build_document", "clock", "fmt"]


@dataclass(frozen=True, slots=True)
class ReportInputs:
    """Everything a report is made of; ``compliance`` is None when it did not run."""

    summary: Mapping[str, Any]
    series: Mapping[str, Series]
    decisions: Sequence[Mapping[str, Any]]
    compliance: Mapping[str, Any] | None = None
    notes: tuple[str, ...] = field(default=())


def fmt(value: Any) -> str:
    """A cell: ``-`` for None, four significant digits for floats."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def clock(seconds: Any) -> str:
    """Simulated seconds since the start as ``hh:mm`` (``-`` for None)."""
    if seconds is None:
        return "-"
    minutes = int(float(seconds)) // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _header(inputs: ReportInputs) -> list[Block]:
    s = inputs.summary
    blocks: list[Block] = [
        Heading(f"infrasim rehearsal: {s['scenario']}", level=1),
        Paragraph(
            f"Scenario {s['scenario']}, seed {s['seed']}, "
            f"{format_duration(float(s['duration_s']))} of simulated time from {s['epoch']}."
        ),
    ]
    blocks += [Paragraph(note) for note in inputs.notes]
    problems = failures(s, inputs.compliance)
    if problems:
        blocks.append(Paragraph("Verdict: FAIL. " + " ".join(problems), tone="bad"))
    else:
        blocks.append(Paragraph("Verdict: PASS.", tone="ok"))
    return blocks


def _outcomes(inputs: ReportInputs) -> list[Block]:
    columns = ("requests", "cost_per_request", "slo_violation_minutes", "mean_loss", "regret")
    outcomes = inputs.summary["outcomes"]
    rows = tuple((p, *(fmt(data.get(c)) for c in columns)) for p, data in outcomes.items())
    return [
        Heading("Outcomes: optimizer vs baseline vs oracle"),
        Table("outcomes", ("policy", *columns), rows),
        Figure("outcomes.png", plots.outcomes_png(outcomes), "Outcomes per policy"),
    ]


def _incidents(inputs: ReportInputs) -> list[Block]:
    incidents = inputs.summary["outcomes"]["optimizer"].get("incidents", [])
    header = (
        "incident",
        "kind",
        "target",
        "at",
        "detected after s",
        "detected by",
        "mitigated after s",
        "mitigated by",
    )
    keys = (
        "id",
        "kind",
        "target",
        "start",
        "detected_after_s",
        "detected_by",
        "mitigated_after_s",
        "mitigated_by",
    )
    rows = tuple(
        tuple(clock(i[k]) if k == "start" else fmt(i.get(k)) for k in keys) for i in incidents
    )
    return [Heading("Incidents: detection and mitigation"), Table("incidents", header, rows)]


def _figures(inputs: ReportInputs) -> list[Block]:
    s = inputs.summary
    duration = float(s["duration_s"])
    bands = plots.bands_of(s["outcomes"]["optimizer"].get("incidents", []), duration)
    optimizer = inputs.series.get("optimizer")
    blocks: list[Block] = [Heading("Over time")]
    if optimizer is not None:
        png = plots.traffic_share_png(optimizer, bands)
        blocks.append(Figure("traffic_share.png", png, "Traffic share per model"))
    means = {p: float(o["cost_per_request"]) for p, o in s["outcomes"].items()}
    blocks += [
        Figure("cost_per_request.png", plots.cost_png(inputs.series, means), "Cost per request"),
        Figure("p99_latency.png", plots.latency_png(inputs.series, bands), "p99 latency"),
        Figure(
            "decisions.png",
            plots.decisions_png(inputs.decisions, bands, duration / 3600),
            "Decisions on a timeline",
        ),
    ]
    return blocks


def _decisions(inputs: ReportInputs) -> list[Block]:
    # Counted from the decision log: the optimizer keeps only its latest decisions in memory.
    counts = Counter(str(d["kind"]) for d in inputs.decisions)
    rows = tuple((kind, str(n)) for kind, n in sorted(counts.items()))
    return [Heading("Decisions by kind"), Table("decisions", ("kind", "count"), rows)]


def _feeds(inputs: ReportInputs) -> list[Block]:
    columns = ("emitted", "delivered", "pending", "lost", "duplicated")
    rows = tuple(
        (feed, *(fmt(c.get(k, 0)) for k in columns)) for feed, c in inputs.summary["feeds"].items()
    )
    return [
        Heading("Feeds: exactly once (ground truth vs what the handlers received)"),
        Table("feeds", ("feed", *columns), rows),
    ]


def _services(inputs: ReportInputs) -> list[Block]:
    columns = ("calls", "ok", "contract_checks", "contract_violations")
    rows = tuple(
        (name, *(fmt(data.get(k, 0)) for k in columns))
        for name, data in inputs.summary["services"].items()
    )
    letters = len(inputs.summary.get("dead_letters", []))
    return [
        Heading("Services: calls and contract checks"),
        Table("services", ("service", *columns), rows),
        Paragraph(f"Dead letters (items an adapter gave up on): {letters}."),
    ]


def _compliance(inputs: ReportInputs) -> list[Block]:
    blocks: list[Block] = [Heading("Compliance checklist and compatibility matrix")]
    if inputs.compliance is None:
        return [*blocks, Paragraph("The compliance checks did not run in this rehearsal.")]
    checklist = checklist_rows(inputs.compliance)
    rows = tuple(
        (row_label(r), row_verdict(r), str(r.get("reason", r.get("detail", "")))) for r in checklist
    )
    blocks.append(Table("checklist", ("row", "verdict", "why"), rows, caption="Checklist"))
    counts = matrix_counts(matrix_rows(inputs.compliance))
    verdicts = sorted({v for c in counts.values() for v in c})
    matrix = tuple((p, *(str(c[v]) for v in verdicts)) for p, c in sorted(counts.items()))
    blocks.append(Table("matrix", ("profile", *verdicts), matrix, caption="Endpoints per verdict"))
    return blocks


def build_document(inputs: ReportInputs) -> list[Block]:
    """The report's blocks, in reading order."""
    sections = (
        _header,
        _outcomes,
        _incidents,
        _figures,
        _decisions,
        _feeds,
        _services,
        _compliance,
    )
    return [block for section in sections for block in section(inputs)]
