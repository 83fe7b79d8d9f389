"""One scenario and seed, in-process and over loopback HTTP: the adapters see the same signals."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from simulator.harness.eventlog import EventLog
from simulator.harness.rig import Rig, Transport
from simulator.scenarios import Scenario, load_scenario
from simulator.scenarios.model import Fault, FaultKind

pytestmark = pytest.mark.loopback

# Every fault kind but ``timeout`` (over a socket the client waits its own wall-time timeout).
FAULTS: list[tuple[str, FaultKind, dict[str, object]]] = [
    ("cost-ops", "http_error", {"status": 503}),
    ("latency-lens", "rate_limit", {"retry_after": 2}),
    ("observatory", "latency", {"ms": 1500}),
    ("config-manager", "reset_peer", {}),
    ("sentinel", "malformed_json", {}),
    ("cost-ops", "schema_violation", {"field": "costUsd"}),
    ("router-l2", "duplicate_items", {"count": 2}),
    ("observatory", "reversed_pages", {}),
    ("cost-ops", "exclusive_since", {}),
    ("latency-lens", "clock_skew", {"seconds": 45}),
    ("shield", "profile_switch", {"profile": "upstream"}),
]


def scenario() -> Scenario:
    """Smoke, ten minutes, with API faults from minute 2 to minute 7."""
    smoke = load_scenario("smoke", duration="10m")
    faults = tuple(
        Fault(service, "*", kind, 120.0, 420.0, 0.3, params, id=f"{service}-{kind}")
        for service, kind, params in FAULTS
    )
    return dataclasses.replace(smoke, faults=faults)


def trace(tmp_path: Path, transport: Transport) -> list[dict[str, object]]:
    """The run's events (signals, decisions, faults ...) in the order they happened."""
    path = tmp_path / f"events-{transport}.jsonl"
    rig = Rig(scenario(), log=EventLog(path), transport=transport)
    try:
        rig.run()
    finally:
        rig.finish()
        rig.log.close()
    assert rig.sut is not None
    assert (rig.sut.server is None) == (transport == "inprocess")
    assert rig.sut.server is None or not rig.sut.server.running  # finish() stopped it
    return [json.loads(line) for line in path.read_text().splitlines()]


def signals(events: list[dict[str, object]]) -> dict[object, list[object]]:
    by_feed: dict[object, list[object]] = {}
    for event in events:
        if event["kind"] == "signal":
            by_feed.setdefault(event["feed"], []).append(event["id"])
    return by_feed


def test_the_signal_trace_is_the_same_over_both_transports(tmp_path: Path) -> None:
    inprocess = trace(tmp_path, "inprocess")
    loopback = trace(tmp_path, "loopback")
    assert sum(len(ids) for ids in signals(inprocess).values()) > 500
    met = {e["fault_kind"] for e in inprocess if e["kind"] == "fault"}
    assert met == {kind for _, kind, _ in FAULTS}
    assert signals(loopback) == signals(inprocess)
    assert loopback == inprocess  # the times, the decisions and the faults met too


def test_an_unknown_transport_is_refused() -> None:
    with pytest.raises(ValueError, match="carrier-pigeon"):
        Rig(load_scenario("smoke"), transport="carrier-pigeon")  # type: ignore[arg-type]
