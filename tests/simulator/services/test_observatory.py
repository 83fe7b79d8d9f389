"""Observatory: traces by start time, trace details, events from outcomes and notices."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.services.errors import NotFound
from simulator.services.fake import FakeWorld


def call(world: FakeWorld, op: str, **params: object) -> dict[str, Any]:
    return world.services.observatory.call(op, params)


def test_traces_are_root_spans_ordered_by_start(world: FakeWorld) -> None:
    world.advance(10)
    long = world.request("model-a", latency_ms=9000.0)
    world.advance(1)
    short = world.request("model-b", latency_ms=500.0)
    traces = call(world, "searchTraces")["traces"]
    assert [t["traceId"] for t in traces] == [f"tr-{long.request_id}", f"tr-{short.request_id}"]
    assert all("parentSpanId" not in t and t["serviceName"] == "llm-gateway" for t in traces)
    after = call(world, "searchTraces", start_time=traces[0]["startTime"])["traces"]
    assert [t["traceId"] for t in after] == [f"tr-{short.request_id}"]
    assert call(world, "searchTraces", min_duration_ms=1000)["traces"] == traces[:1]
    assert call(world, "searchTraces", service_name="anthropic")["traces"] == traces[1:]


def test_trace_details_hold_the_provider_span(world: FakeWorld) -> None:
    o = world.request("model-b", latency_ms=1500.0)
    trace = call(world, "getTrace", traceId=f"tr-{o.request_id}")
    root, child = trace["spans"]
    assert root["spanId"] == trace["spanId"]
    assert child["parentSpanId"] == root["spanId"]
    assert child["serviceName"] == "anthropic"
    assert root["startTime"] <= child["startTime"] <= child["endTime"] <= root["endTime"]
    with pytest.raises(NotFound):
        call(world, "getTrace", traceId="tr-nope")


def test_failed_requests_give_error_traces_and_events(world: FakeWorld) -> None:
    o = world.request("model-a", status="timeout", error="timeout")
    world.request("model-a")
    (trace,) = call(world, "getErrorTraces")["traces"]
    assert (trace["status"], trace["errorMessage"]) == ("timeout", "timeout")
    (event,) = call(world, "fetchEvents", type="request.error")["events"]
    assert (event["correlationId"], event["traceId"]) == (o.request_id, trace["traceId"])


def test_notices_become_events(world: FakeWorld) -> None:
    world.control.set("thresholds", "latency.p99MaxMs", 5000.0, reason="tighten")
    world.notice("routing.changed", weights={"model-a": 0.8, "model-b": 0.2}, reason="opt-1")
    world.advance(1)
    world.notice("routing.changed", weights={"model-a": 0.1, "model-b": 0.9}, reason="opt-2")
    types = [e["type"] for e in call(world, "fetchEvents")["events"]]
    assert types == [
        "config.changed",
        "optimization.triggered",
        "optimization.triggered",
        "model.switch",
    ]
    (switch,) = call(world, "fetchEvents", type="model.switch")["events"]
    assert switch["data"] == {"from": "model-a", "to": "model-b", "reason": "opt-2"}


def test_summary_slow_traces_and_map(world: FakeWorld) -> None:
    world.traffic(3, per_minute=20, latency={"model-c": 5000.0})
    summary = call(world, "getTraceSummary", window_minutes=10)
    assert summary["totalTraces"] == 60
    assert sum(summary["byProvider"].values()) == 60
    slow = call(world, "getSlowTraces", threshold_ms=3000)["traces"]
    assert slow
    assert {t["resource"]["modelId"] for t in slow} == {"model-c"}
    services = {s["name"] for s in call(world, "getServiceMap")["services"]}
    assert services == {"llm-gateway", "openai", "anthropic", "google"}
