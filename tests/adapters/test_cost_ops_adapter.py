"""CostOps: the event cursor is a time (D1), projections are polled (D2), the first round."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import respx

from adapters import CostOpsAdapter
from adapters.types import CostProjection, CostTelemetryEvent
from adapters.wire import parse_timestamp

BASE = "http://cost-ops.test/api/v1"


def event(examples: Any, ident: str, when: str) -> dict[str, Any]:
    item = copy.deepcopy(examples("cost-ops", "CostTelemetryEvent"))
    item.update(eventId=ident, timestamp=when)
    return item


@pytest.fixture
def routes(router: respx.MockRouter, examples: Any) -> dict[str, respx.Route]:
    events = router.get(BASE + "/telemetry/events", name="fetchCostEvents")
    projections = router.get(BASE + "/projections", name="fetchProjections")
    projections.mock(
        return_value=httpx.Response(
            200, json={"projections": [examples("cost-ops", "CostProjection")]}
        )
    )
    return {"events": events, "projections": projections}


def test_the_poll_sends_the_last_event_time_as_since_never_its_id(
    routes: dict[str, respx.Route], make_adapter: Any, examples: Any, clock: Any
) -> None:
    routes["events"].mock(
        side_effect=[
            httpx.Response(200, json={"events": [event(examples, "e1", "2025-03-14T08:00:05Z")]}),
            httpx.Response(200, json={"events": []}),
        ]
    )
    adapter = make_adapter(CostOpsAdapter)
    got: list[CostTelemetryEvent] = []
    adapter.on_cost_event(got.append)
    adapter.poll_once()
    adapter.poll_once()
    first, second = (call.request.url.params["since"] for call in routes["events"].calls)
    start = datetime.fromtimestamp(clock.now, UTC)
    assert parse_timestamp(first) == start - timedelta(milliseconds=1)
    assert parse_timestamp(second) == datetime(2025, 3, 14, 8, 0, 4, 999000, tzinfo=UTC)
    assert routes["events"].calls.last.request.url.params["limit"] == "100"
    assert [e.event_id for e in got] == ["e1"]


def test_projection_handlers_are_called_once_per_projection(
    routes: dict[str, respx.Route], make_adapter: Any
) -> None:
    routes["events"].mock(return_value=httpx.Response(200, json={"events": []}))
    adapter = make_adapter(CostOpsAdapter)
    got: list[CostProjection] = []
    adapter.on_projection(got.append)
    adapter.poll_once()
    adapter.poll_once()
    assert len(got) == 1
    assert adapter.feed_names == ("cost_events", "projections")


def test_without_lookback_the_first_round_takes_what_the_service_returns(
    routes: dict[str, respx.Route], make_adapter: Any, examples: Any
) -> None:
    old = event(examples, "old", "2020-01-01T00:00:00Z")
    routes["events"].mock(return_value=httpx.Response(200, json={"events": [old]}))
    adapter = make_adapter(CostOpsAdapter, lookback=None)
    got: list[CostTelemetryEvent] = []
    adapter.on_cost_event(got.append)
    adapter.poll_once()
    assert "since" not in routes["events"].calls.last.request.url.params
    assert [e.event_id for e in got] == ["old"]


def test_with_the_default_lookback_history_is_not_replayed(
    routes: dict[str, respx.Route], make_adapter: Any, examples: Any
) -> None:
    old = event(examples, "old", "2020-01-01T00:00:00Z")
    routes["events"].mock(return_value=httpx.Response(200, json={"events": [old]}))
    adapter = make_adapter(CostOpsAdapter)
    got: list[CostTelemetryEvent] = []
    adapter.on_cost_event(got.append)
    report = adapter.poll_once().feed("cost_events")
    assert got == []
    assert report.stale == 1


def test_a_contract_violation_fails_only_its_feed_and_delivers_nothing(
    routes: dict[str, respx.Route], make_adapter: Any, examples: Any
) -> None:
    good = event(examples, "e1", "2025-03-14T08:00:05Z")
    bad = event(examples, "e2", "2025-03-14T08:00:06Z")
    del bad["costUsd"]
    routes["events"].mock(return_value=httpx.Response(200, json={"events": [good, bad]}))
    adapter = make_adapter(CostOpsAdapter)
    got: list[Any] = []
    adapter.on_cost_event(got.append)
    adapter.on_projection(got.append)
    report = adapter.poll_once()
    assert not report.feed("cost_events").ok
    assert "ContractViolation" in report.feed("cost_events").errors[0]
    assert report.feed("projections").ok
    assert [type(g).__name__ for g in got] == ["CostProjection"]
