"""The hub: completions at t_end, lazy minute closing, bounded request index."""

from __future__ import annotations

from dataclasses import replace

from simulator.services.fake import FakeWorld
from simulator.services.hub import Retention


def test_an_outcome_published_early_completes_at_its_end(world: FakeWorld) -> None:
    world.advance(10)
    early = replace(world.request("model-a"), request_id="early", t_start=10.0, t_end=20.0)
    world.bus.publish_outcome(early)
    assert world.services.cost_ops.call("fetchCostEvents")["events"][-1]["eventId"] != "ce-early"
    world.advance(15)
    ids = [e["eventId"] for e in world.services.cost_ops.call("fetchCostEvents")["events"]]
    assert ids[-1] == "ce-early"


def test_minutes_close_when_time_passes_them(world: FakeWorld) -> None:
    world.request("model-a")
    assert world.services.hub.closed_minute == -1
    world.advance(125)
    world.services.sync()
    assert world.services.hub.closed_minute == 1


def test_request_index_forgets_old_requests() -> None:
    world = FakeWorld(retention=Retention(requests_s=60.0))
    for _ in range(200):
        world.advance(1.0)
        world.request("model-a")
    assert len(world.services.hub.requests) <= 65
