"""Recording: emissions, deliveries, calls and decisions of a run, each at its simulated time."""

from __future__ import annotations

import pytest

from simulator.harness.compliance.recording import Recording
from simulator.harness.compliance.run import record
from simulator.scenarios import load_scenario


def test_every_delivered_item_was_emitted_before_it_was_delivered(
    smoke_recording: Recording,
) -> None:
    deliveries = smoke_recording.delivered("cost-ops/fetchCostEvents")
    assert len(deliveries) > 50
    for delivery in deliveries:
        emission = smoke_recording.emission_of(delivery.feed, delivery.item_id)
        assert emission is not None
        assert emission.t <= delivery.t


def test_the_recorded_deliveries_match_the_ground_truth(smoke_recording: Recording) -> None:
    truth = smoke_recording.sut.services.truth.summary(smoke_recording.now)
    feed = "router-l2/fetchRoutingDecisions"
    assert len(smoke_recording.delivered(feed)) == truth[feed]["delivered"] > 0
    assert len(smoke_recording.emitted(feed)) == truth[feed]["emitted"]


def test_calls_name_their_operation_and_status(smoke_recording: Recording) -> None:
    operations = {c.operation for c in smoke_recording.calls}
    assert {"fetchCostEvents", "getFeatureFlags", "searchTraces"} <= operations
    assert smoke_recording.methods() == {"GET": len(smoke_recording.calls)}
    assert len(smoke_recording.requests) == len(smoke_recording.calls)


def test_decisions_are_collected_once_in_time_order(smoke_recording: Recording) -> None:
    ids = [t.decision.id for t in smoke_recording.decisions]
    assert ids
    assert len(ids) == len(set(ids))
    times = [t.t for t in smoke_recording.decisions]
    assert times == sorted(times)
    assert 0 < times[0] <= smoke_recording.now


def test_an_unpolled_service_is_never_called() -> None:
    recording = record(load_scenario("smoke", seed=3), until=90.0, unpolled=("observatory",))
    assert "observatory" not in {c.service for c in recording.calls}
    assert recording.delivered("observatory/searchTraces") == []


def test_an_unknown_unpolled_service_is_refused() -> None:
    with pytest.raises(ValueError, match="unpolled='nope'"):
        record(load_scenario("smoke", seed=3), until=60.0, unpolled=("nope",))


def test_only_an_optimizer_rig_can_be_recorded() -> None:
    from simulator.harness.rig import Rig

    with pytest.raises(ValueError, match="policy='baseline'"):
        Recording(Rig(load_scenario("smoke", seed=3), policy="baseline"))
