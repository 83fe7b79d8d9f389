"""Render contract changes as text, JSON or JUnit XML (one test case per change)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from contracts.diff_schema import Change

__all__ = ["FORMATS", "render", "render_json", "render_junit", "render_text"]

FORMATS = ("text", "json", "junit")


def _counts(changes: Sequence[Change]) -> tuple[int, int]:
    return len(changes), sum(1 for c in changes if c.breaking)


def render_text(changes: Sequence[Change]) -> str:
    """One line per change (BREAKING or ok), then a summary line."""
    lines = [
        f"{'BREAKING' if c.breaking else 'ok':<8}  {c.kind:<29}  {c.location}: {c.detail}"
        for c in changes
    ]
    total, breaking = _counts(changes)
    lines.append(f"{total} change(s), {breaking} breaking.")
    return "\n".join(lines) + "\n"


def render_json(changes: Sequence[Change]) -> str:
    """A JSON object: the counts and the list of changes."""
    total, breaking = _counts(changes)
    body = {"total": total, "breaking": breaking, "changes": [c.as_dict() for c in changes]}
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def render_junit(changes: Sequence[Change], suite: str = "contracts diff") -> str:
    """JUnit XML: one test case per change; a breaking change is a failure."""
    total, breaking = _counts(changes)
    counts = {"tests": str(total), "failures": str(breaking), "errors": "0", "skipped": "0"}
    root = ET.Element("testsuites", {"name": suite, **counts})
    node = ET.SubElement(root, "testsuite", {"name": suite, **counts})
    for change in changes:
        case = ET.SubElement(
            node,
            "testcase",
            {"classname": f"contracts.diff.{change.kind}", "name": change.location},
        )
        if change.breaking:
            failure = ET.SubElement(
                case, "failure", {"type": change.kind, "message": change.detail}
            )
            failure.text = f"{change.location}: {change.detail}"
        else:
            ET.SubElement(case, "system-out").text = change.detail
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def render(changes: Sequence[Change], fmt: str) -> str:
    """Render in one of FORMATS."""
    if fmt == "json":
        return render_json(changes)
    if fmt == "junit":
        return render_junit(changes)
    if fmt == "text":
        return render_text(changes)
    raise ValueError(f"Expected a format in {FORMATS}, got fmt={fmt!r}.")
