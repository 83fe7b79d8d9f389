"""CostOps: events with an id or time cursor, filters, aggregations, projections, rate."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.services.errors import BadRequest
from simulator.services.fake import FakeWorld


def events(world: FakeWorld, **params: object) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = world.services.cost_ops.call("fetchCostEvents", params)["events"]
    return found


def test_an_event_per_completed_request_stamped_at_completion(world: FakeWorld) -> None:
    world.advance(5)
    o = world.request("model-b", latency_ms=1200.0)
    (event,) = events(world)
    assert event["eventId"] == f"ce-{o.request_id}"
    assert event["timestamp"] == "2025-01-06T00:00:05.000Z"
    assert event["costUsd"] == pytest.approx(o.cost_usd)
    assert event["metadata"]["requestId"] == o.request_id


def test_since_an_event_id_returns_the_events_after_it(world: FakeWorld) -> None:
    for _ in range(5):
        world.advance(1)
        world.request()
    ids = [e["eventId"] for e in events(world)]
    assert [e["eventId"] for e in events(world, since=ids[1])] == ids[2:]
    assert [e["eventId"] for e in events(world, since=ids[1], limit=2)] == ids[2:4]


def test_events_sharing_a_timestamp_are_split_exactly_by_id(world: FakeWorld) -> None:
    world.advance(1)
    for _ in range(4):
        world.request()
    ids = [e["eventId"] for e in events(world)]
    assert [e["eventId"] for e in events(world, since=ids[0], limit=1)] == [ids[1]]
    assert [e["eventId"] for e in events(world, since=ids[1])] == ids[2:]


def test_since_a_time_is_strictly_after(world: FakeWorld) -> None:
    for _ in range(3):
        world.advance(1)
        world.request()
    first = events(world)[0]
    assert [e["timestamp"] for e in events(world, since=first["timestamp"])] == [
        "2025-01-06T00:00:02.000Z",
        "2025-01-06T00:00:03.000Z",
    ]


def test_inclusive_switch_repeats_the_cursor_item(world: FakeWorld) -> None:
    for _ in range(3):
        world.advance(1)
        world.request()
    ids = [e["eventId"] for e in events(world)]
    world.services.cost_ops.since_inclusive = True
    assert [e["eventId"] for e in events(world, since=ids[1])] == ids[1:]


def test_filters_by_model_and_provider(world: FakeWorld) -> None:
    world.request("model-a")
    world.request("model-b")
    assert {e["modelId"] for e in events(world, model_id="model-b")} == {"model-b"}
    assert {e["provider"] for e in events(world, provider="openai")} == {"openai"}


def test_a_bad_since_is_a_bad_request(world: FakeWorld) -> None:
    with pytest.raises(BadRequest, match="since"):
        events(world, since="yesterday")


def test_hourly_aggregations_sum_the_cost(world: FakeWorld) -> None:
    world.traffic(50, per_minute=10)
    total = sum(e["costUsd"] for e in events(world, limit=1000))
    world.advance(1800)
    body = world.services.cost_ops.call(
        "fetchAggregations",
        {
            "period": "hourly",
            "start_time": "2025-01-06T00:00:00Z",
            "end_time": "2025-01-06T02:00:00Z",
        },
    )
    hours = body["aggregations"]
    assert [h["startTime"] for h in hours] == [
        "2025-01-06T00:00:00.000Z",
        "2025-01-06T01:00:00.000Z",
    ]
    assert sum(h["totalCostUsd"] for h in hours) == pytest.approx(total)
    assert sum(h["totalRequests"] for h in hours) == 500
    assert set(hours[0]["costByProvider"]) == {"openai", "anthropic", "google"}


def test_projection_interval_contains_the_projection(world: FakeWorld) -> None:
    world.traffic(30, per_minute=20)
    (p,) = world.services.cost_ops.call("fetchProjections", {"window_days": 1})["projections"]
    rate = world.services.cost_ops.call("getCurrentRate")
    assert p["confidenceLower"] < p["projectedCostUsd"] < p["confidenceUpper"]
    assert p["projectedCostUsd"] == pytest.approx(rate["ratePerMinute"] * 1440, rel=0.3)
    assert sum(p["byModel"].values()) == pytest.approx(p["projectedCostUsd"], rel=1e-6)
