"""The optimizer's decisions, read back from the run's event log (the complete record)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["DECISION_FIELDS", "read_decisions", "write_decisions"]

DECISION_FIELDS = ("id", "t", "kind", "target", "weights", "parameters", "reasons")


def read_decisions(events: Path) -> Iterator[dict[str, Any]]:
    """Every ``decision`` event of ``events.jsonl`` in the decisions.jsonl shape, in log order."""
    with events.open(encoding="utf-8") as lines:
        for line in lines:
            if '"kind":"decision"' not in line:  # cheap pre-filter: most lines are signals
                continue
            event = json.loads(line)
            if event.get("kind") != "decision":
                continue
            record = {
                "id": event.get("id"),
                "t": event.get("t"),
                "kind": event.get("decision"),
                "target": event.get("target"),
                "weights": event.get("weights"),
                "parameters": event.get("parameters") or {},
                "reasons": event.get("reasons") or [],
            }
            yield record


def write_decisions(events: Path, out: Path) -> list[dict[str, Any]]:
    """Write ``decisions.jsonl`` (one decision per line) and return the decisions."""
    decisions = list(read_decisions(events))
    with out.open("w", encoding="utf-8", newline="\n") as file:
        for record in decisions:
            file.write(json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n")
    return decisions
