"""A real adapter behind the layer over respx: outage, open breaker, skipped rounds, recovery.

The service fails -> the breaker opens -> poll rounds are skipped without a call -> the service
recovers -> the breaker half-opens and closes -> every item is delivered exactly once.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import respx

from adapters import CostOpsAdapter, CostOpsConfig, PollReport
from adapters.resilience import BreakerSettings, Resilience, SkippedRound
from adapters.types import CostTelemetryEvent
from adapters.wire import parse_timestamp

BASE = "http://cost-ops.test/api/v1"


class FakeCostOps:
    """Cost events in time order, served from ``since`` (inclusive); 503 while failing."""

    def __init__(self, example: dict[str, Any]) -> None:
        self.example = example
        self.events: list[dict[str, Any]] = []
        self.failing = False

    def add(self, ident: str, at: float) -> None:
        when = datetime.fromtimestamp(at, UTC).isoformat(timespec="milliseconds")
        item = copy.deepcopy(self.example)
        item.update(eventId=ident, timestamp=when.replace("+00:00", "Z"))
        self.events.append(item)

    def fetch_events(self, request: httpx.Request) -> httpx.Response:
        if self.failing:
            return httpx.Response(503, json={"error": "down"})
        since = request.url.params.get("since")
        limit = int(request.url.params.get("limit", "100"))
        items = [
            e
            for e in self.events
            if since is None or parse_timestamp(e["timestamp"]) >= parse_timestamp(since)
        ]
        return httpx.Response(200, json={"events": items[:limit]})

    def fetch_projections(self, request: httpx.Request) -> httpx.Response:
        if self.failing:
            return httpx.Response(503, json={"error": "down"})
        return httpx.Response(200, json={"projections": []})


@pytest.fixture
def service(examples: Callable[..., Any]) -> FakeCostOps:
    return FakeCostOps(examples("cost-ops", "CostTelemetryEvent"))


@pytest.fixture
def mock(service: FakeCostOps) -> respx.Router:
    router = respx.Router(assert_all_mocked=True)
    router.get(BASE + "/telemetry/events", name="fetchCostEvents").mock(
        side_effect=service.fetch_events
    )
    router.get(BASE + "/projections", name="fetchProjections").mock(
        side_effect=service.fetch_projections
    )
    return router


def build(clock: Any, mock: respx.Router, secret: str) -> tuple[Resilience, Any]:
    layer = Resilience(clock=clock, breaker=BreakerSettings(open_seconds=30.0))
    client = httpx.Client(transport=layer.transport(httpx.MockTransport(mock.handler)))
    config = CostOpsConfig(api_base_url="http://cost-ops.test", api_key=secret, seed=7)
    guarded = layer.guard(CostOpsAdapter(config, client=client, clock=clock))
    return layer, guarded


def test_an_outage_skips_rounds_and_recovery_delivers_everything_exactly_once(
    service: FakeCostOps, mock: respx.Router, clock: Any, secret: str
) -> None:
    layer, guarded = build(clock, mock, secret)
    got: list[CostTelemetryEvent] = []
    guarded.adapter.on_cost_event(got.append)
    breaker = layer.breaker("cost-ops")

    def tick(seconds: float = 5.0) -> PollReport:
        clock.now += seconds
        return guarded.poll_once()

    service.add("e1", clock.now + 1)
    service.add("e2", clock.now + 2)
    assert tick().delivered == 2

    service.failing = True
    service.add("e3", clock.now + 1)
    service.add("e4", clock.now + 2)
    failed = tick()
    assert not failed.ok
    assert breaker.state == "open"  # 4 attempts of one feed, then the other's first
    assert "CircuitOpen" in failed.feed("projections").errors[0]
    calls = mock.calls.call_count

    skipped = [tick() for _ in range(4)]
    assert all(isinstance(r, SkippedRound) and r.feeds == () for r in skipped)
    assert mock.calls.call_count == calls  # nothing was sent while open
    assert guarded.skipped == 4
    assert skipped[0].retry_at == breaker.retry_at

    service.failing = False
    service.add("e5", clock.now + 1)
    clock.now = max(clock.now, breaker.retry_at or 0.0)
    recovered = tick()
    assert recovered.ok
    assert breaker.state == "half_open"  # 2 successes of the 3 needed
    assert tick().ok
    assert breaker.state == "closed"

    service.add("e6", clock.now + 1)
    tick()
    tick()
    assert [e.event_id for e in got] == ["e1", "e2", "e3", "e4", "e5", "e6"]
    assert [e.kind for e in breaker.events] == ["open", "half_open", "closed"]
    assert [e.kind for e in guarded.events] == ["round_skipped"] * 4
    mock.assert_all_called()


def test_a_sentinel_opened_breaker_skips_the_round_without_a_call(
    mock: respx.Router, clock: Any, secret: str, make_health: Any
) -> None:
    layer, guarded = build(clock, mock, secret)
    layer.on_health(make_health("healthy", ("cost-ops", "unhealthy")))
    report = guarded.poll_once()
    assert isinstance(report, SkippedRound)
    assert report.adapter == "CostOps"
    assert report.reason == "circuit breaker of cost-ops is open"
    assert mock.calls.call_count == 0


class GateClock:
    """A clock whose sleep signals the test, then blocks until released."""

    def __init__(self, now: float) -> None:
        self.now = now
        self.slept = threading.Event()
        self.release = threading.Event()

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.set()
        self.release.wait(10.0)


def test_the_guarded_listener_polls_through_the_guard(
    mock: respx.Router, clock: Any, secret: str
) -> None:
    gate = GateClock(clock.now)
    layer, guarded = build(gate, mock, secret)
    layer.breaker("cost-ops").force_open("test")
    guarded.start_listening(1.0)
    assert guarded.is_listening
    assert gate.slept.wait(10.0)
    guarded.stop_listening()
    gate.release.set()
    guarded.join_listener(10.0)
    assert not guarded.is_listening
    assert guarded.skipped >= 1
    assert mock.calls.call_count == 0
