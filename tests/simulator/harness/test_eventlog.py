"""The event log is canonical JSON lines: same events, same bytes."""

from __future__ import annotations

import json
from pathlib import Path

from simulator.harness.eventlog import EventLog


def write_sample(path: Path) -> None:
    with EventLog(path) as log:
        log.write(1.23456, "signal", feed="cost-ops/fetchCostEvents", id="e1", share=1 / 3)
        log.write(2.0, "decision", weights={"b": 0.5, "a": 0.5}, reasons=("x",))


def test_same_events_give_identical_bytes(tmp_path: Path) -> None:
    write_sample(tmp_path / "a.jsonl")
    write_sample(tmp_path / "b.jsonl")
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_lines_are_sorted_compact_and_rounded(tmp_path: Path) -> None:
    write_sample(tmp_path / "a.jsonl")
    first, second = (tmp_path / "a.jsonl").read_text().splitlines()
    expected = '{"feed":"cost-ops/fetchCostEvents","id":"e1","kind":"signal",'
    assert first == expected + '"share":0.333333,"t":1.235}'
    assert json.loads(second)["weights"] == {"a": 0.5, "b": 0.5}


def test_without_a_path_it_only_counts() -> None:
    log = EventLog()
    log.write(0.0, "signal")
    log.write(0.0, "signal")
    assert log.counts["signal"] == 2
