"""Signal flows: emission, delivery and the decision that cites the signal."""

from __future__ import annotations

import pytest

from simulator.harness.compliance.flows import (
    FEED_SIGNALS,
    clock_text,
    first_flow,
    flows,
    is_state,
    state_emissions,
)
from simulator.harness.compliance.recording import Recording
from simulator.harness.wiring import FEED_WIRING


@pytest.mark.parametrize(
    ("seconds", "text"), [(None, "-"), (0.0, "00:00"), (61.4, "01:01"), (3723.0, "1:02:03")]
)
def test_clock_text(seconds: float | None, text: str) -> None:
    assert clock_text(seconds) == text


def test_every_polled_feed_has_the_source_and_kind_its_signals_carry() -> None:
    assert set(FEED_WIRING) <= set(FEED_SIGNALS)


def test_a_trace_cited_by_a_decision_is_one_chain_in_time_order(
    smoke_recording: Recording,
) -> None:
    found = first_flow(smoke_recording, "observatory/searchTraces", within=300.0)
    assert found is not None
    assert found.emitted_at is not None
    assert found.delivered_at is not None
    assert found.emitted_at <= found.delivered_at <= found.decided_at
    assert found.reason.signal_id == found.item_id
    assert found.delay is not None
    assert 0 <= found.delay <= 300.0
    assert found.item_id in found.describe()
    assert found.decision.id in found.describe()


def test_a_delay_bound_below_every_chain_finds_nothing(smoke_recording: Recording) -> None:
    chains = list(flows(smoke_recording, "observatory/searchTraces"))
    shortest = min(f.delay for f in chains if f.delay is not None)
    assert first_flow(smoke_recording, "observatory/searchTraces", within=shortest - 1) is None


def test_the_kind_filter_keeps_only_decisions_of_that_kind(smoke_recording: Recording) -> None:
    chains = list(flows(smoke_recording, "observatory/searchTraces", kinds=("exploration",)))
    assert {f.decision.kind for f in chains} <= {"exploration"}


def test_state_feeds_take_their_emissions_from_the_change_records(
    compliance_recording: Recording,
) -> None:
    assert is_state("config-manager/getThresholds")
    assert not is_state("sentinel/fetchDriftSignals")
    changes = state_emissions(compliance_recording, "config-manager/getThresholds")
    assert len(changes) == 3  # tight budget on and off, breaker threshold
    served = state_emissions(compliance_recording, "cost-ops/fetchProjections")
    assert len(served) >= 10
