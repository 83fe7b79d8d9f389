"""Resilience under API faults as executable scenarios (skipped while no fault engine exists)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from pytest_bdd import given, parsers, scenario, scenarios, then

from simulator.harness.compliance.flows import clock_text
from simulator.harness.compliance.recording import Recording
from simulator.scenarios import Fault, Scenario

if TYPE_CHECKING:
    from conftest import Runs

FEATURE = "resilience.feature"


@pytest.mark.xfail(
    strict=True,
    reason=(
        "LatencyLens throughput stats of minute 7 (tp-*-7-1) are never delivered: the harness "
        "Loop runs poll rounds one at a time, and Observatory's timeouts (7m-9m, 30 s per "
        "attempt plus retries) sleep the simulated clock, so LatencyLens is polled at 7:18 and "
        "next at 9:24; its throughput feed reads only the latest window (no since cursor), so a "
        "round more than a minute late loses a window. Live, each adapter polls on its own "
        "thread; in the rehearsal one slow service delays every other adapter."
    ),
)
@scenario(FEATURE, "No item of any feed is lost or duplicated across all the faults")
def test_no_item_of_any_feed_is_lost_or_duplicated_across_all_the_faults() -> None:
    """Bound by hand to carry its xfail mark; the others come from ``scenarios``."""


scenarios(FEATURE)

_NO_ENGINE = (
    "The fault engine is absent: the scenario's faults are parsed and validated "
    "(simulator.scenarios) but nothing injects them yet, so a run shows no fault."
)


def _window(run: Recording, fault: Fault, kind: str) -> list[tuple[float, int]]:
    calls = run.requests if kind == "sent" else run.calls
    return [
        (c.t, c.status)
        for c in calls
        if c.service == fault.service
        and fault.endpoint in ("*", c.operation)
        and fault.start <= c.t <= fault.end + 1.0
    ]


def injected(run: Recording, fault: Fault) -> bool:
    """True when the recorded traffic shows ``fault``'s effect in its window."""
    answered = _window(run, fault, "answered")
    statuses = {status for _, status in answered}
    if fault.kind == "http_error":
        return int(fault.params.get("status", 503)) in statuses
    if fault.kind == "rate_limit":
        return 429 in statuses
    if fault.kind in ("timeout", "reset_peer"):
        return len(_window(run, fault, "sent")) > len(answered)
    return bool(statuses - {200})


@given("the fault engine injects the scenario's faults")
def given_fault_engine(runs: Runs, scenario: Scenario) -> None:
    first = min(scenario.faults, key=lambda f: f.start)
    probe = runs.get(scenario, int(first.end // 60) + 1, ())
    if not injected(probe, first):
        pytest.skip(_NO_ENGINE)


def _fault(run: Recording, fault_id: str) -> Fault:
    return next(f for f in run.rig.scenario.faults if f.id == fault_id)


@then(parsers.parse('the fault "{fault_id}" was injected'))
def then_injected(run: Recording, fault_id: str) -> None:
    assert injected(run, _fault(run, fault_id)), fault_id


@then(parsers.parse('every item of "{feed}" was delivered exactly once'))
def then_exactly_once(run: Recording, feed: str) -> None:
    counts = run.sut.services.truth.summary(run.now)[feed]
    assert counts["emitted"] > 0, counts
    assert (counts["lost"], counts["duplicated"]) == (0, 0), counts


@then("no item of any feed was lost or duplicated")
def then_nothing_lost(run: Recording) -> None:
    totals = run.sut.services.truth.totals(run.now)
    assert totals["emitted"] > 0, totals
    assert (totals["lost"], totals["duplicated"]) == (0, 0), totals


@then(
    parsers.parse(
        'the "{service}" adapter\'s calls succeed again within {minutes:d} simulated minutes '
        'after "{fault_id}" ends'
    )
)
def then_recovers(run: Recording, service: str, minutes: int, fault_id: str) -> None:
    end = _fault(run, fault_id).end
    ok = [c for c in run.calls if c.service == service and c.status == 200 and end < c.t]
    assert ok, f"Expected a 200 from {service} after {clock_text(end)}."
    assert ok[0].t <= end + minutes * 60.0, (
        f"Expected a 200 from {service} by {clock_text(end + minutes * 60.0)}, got "
        f"{clock_text(ok[0].t) if ok else 'none'}."
    )


@then(parsers.parse('every adapter\'s calls succeed after "{fault_id}" ends'))
def then_all_recover(run: Recording, fault_id: str) -> None:
    end = _fault(run, fault_id).end
    answered = {c.service for c in run.calls if c.status == 200 and c.t > end}
    assert answered == set(run.sut.inprocess.base_urls), answered
