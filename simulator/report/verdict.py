"""What fails a rehearsal: a broken contract, a lost or duplicated item, a failed checklist row.

The compliance part (checklist rows, compatibility matrix) is optional: it is rendered when the
rehearsal ran it. Its rows are read leniently, because they are plain dicts: a row fails when its
``passed`` is false or its ``verdict``/``status`` says it failed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "checklist_rows",
    "failures",
    "matrix_counts",
    "matrix_rows",
    "row_failed",
    "row_label",
    "row_verdict",
]

_FAILED = frozenset({"fail", "failed", "failing", "error", "broken", "breaks", "no", "false"})


def checklist_rows(compliance: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    """The checklist rows of a compliance result (none when it did not run)."""
    rows = (compliance or {}).get("checklist") or []
    if isinstance(rows, Mapping):
        rows = rows.get("rows") or [{"id": key, "verdict": value} for key, value in rows.items()]
    return [r for r in rows if isinstance(r, Mapping)]


def matrix_rows(compliance: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    """The compatibility matrix rows of a compliance result (none when it did not run)."""
    rows = (compliance or {}).get("matrix") or []
    if isinstance(rows, Mapping):
        rows = rows.get("rows") or []
    return [r for r in rows if isinstance(r, Mapping)]


def row_failed(row: Mapping[str, Any]) -> bool:
    """True when a checklist row says it failed."""
    if "passed" in row:
        return not row["passed"]
    if "ok" in row and isinstance(row["ok"], bool):
        return not row["ok"]
    verdict = row.get("verdict", row.get("status", ""))
    if isinstance(verdict, bool):
        return not verdict
    return str(verdict).strip().lower() in _FAILED


def row_label(row: Mapping[str, Any]) -> str:
    """A short name for a checklist row."""
    for key in ("id", "item", "name", "title", "requirement"):
        if row.get(key):
            return str(row[key])
    return "row"


def row_verdict(row: Mapping[str, Any]) -> str:
    """The verdict word of a checklist row."""
    verdict = row.get("verdict", row.get("status"))
    if verdict is None or isinstance(verdict, bool):
        return "fail" if row_failed(row) else "pass"
    return str(verdict)


def matrix_counts(rows: Sequence[Mapping[str, Any]]) -> dict[str, Counter[str]]:
    """Per profile, how many matrix cells have each verdict."""
    counts: dict[str, Counter[str]] = {}
    for row in rows:
        profile = str(row.get("profile", "-"))
        counts.setdefault(profile, Counter())[str(row.get("verdict", "?"))] += 1
    return counts


def failures(summary: Mapping[str, Any], compliance: Mapping[str, Any] | None = None) -> list[str]:
    """One sentence per reason to fail the rehearsal; empty when it passed."""
    found = []
    for name, service in summary.get("services", {}).items():
        if service.get("contract_violations"):
            found.append(
                f"{name} served {service['contract_violations']} payloads that broke the contract."
            )
    for feed, counts in summary.get("feeds", {}).items():
        for what in ("lost", "duplicated"):
            if counts.get(what):
                found.append(f"{feed} {what} {counts[what]} items.")
    for row in checklist_rows(compliance):
        if row_failed(row):
            found.append(f"Checklist row {row_label(row)} failed.")
    return found
