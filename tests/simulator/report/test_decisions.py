"""decisions.jsonl is read back from the event log: every decision, in the documented shape."""

from __future__ import annotations

import json
from pathlib import Path

from simulator.harness.eventlog import EventLog
from simulator.report.decisions import DECISION_FIELDS, read_decisions, write_decisions


def event_log(path: Path) -> Path:
    with EventLog(path) as log:
        log.write(1.0, "signal", feed="sentinel/fetchAlerts", id="a-1")
        log.write(
            60.0,
            "decision",
            id="dec-000001",
            decision="failover",
            target="gpt-4o",
            weights={"gpt-4o": 0.0, "claude-3-haiku": 1.0},
            parameters={},
            reasons=["sentinel/alert/a-1 [gpt-4o]: error_rate=0.5 vs 0.1 (failover)"],
        )
        log.write(61.0, "signal", feed="x", id='"kind":"decision"')  # looks like one, is not
        log.write(
            120.0,
            "decision",
            id="dec-000002",
            decision="parameter_tuning",
            target="routing",
            weights=None,
            parameters={"max_tokens": 512},
            reasons=["r"],
        )
        log.write(130.0, "incident", incident="outage", id="down")
    return path


def test_every_decision_event_becomes_one_record_in_log_order(tmp_path: Path) -> None:
    decisions = list(read_decisions(event_log(tmp_path / "events.jsonl")))
    assert [d["id"] for d in decisions] == ["dec-000001", "dec-000002"]
    first = decisions[0]
    assert tuple(sorted(first)) == tuple(sorted(DECISION_FIELDS))
    assert (first["t"], first["kind"], first["target"]) == (60.0, "failover", "gpt-4o")
    assert first["weights"] == {"claude-3-haiku": 1.0, "gpt-4o": 0.0}
    assert decisions[1]["weights"] is None
    assert decisions[1]["parameters"] == {"max_tokens": 512}


def test_decisions_jsonl_has_one_json_object_per_line(tmp_path: Path) -> None:
    out = tmp_path / "decisions.jsonl"
    written = write_decisions(event_log(tmp_path / "events.jsonl"), out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == written
    assert len(lines) == 2
