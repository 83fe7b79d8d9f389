"""Observatory: the trace cursor is the filtered start time (D15), spans by (trace, span) id,
route-name ids refused (D16), tags sent as ``tag.<key>``."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest
import respx

from adapters import InvalidArgument, ObservatoryAdapter
from adapters.types import TelemetryTrace

BASE = "http://observatory.test/api/v1"


def span(examples: Any, span_id: str, start: str, end: str) -> dict[str, Any]:
    item = copy.deepcopy(examples("observatory", "TelemetryTrace"))
    item.update(spanId=span_id, startTime=start, endTime=end)
    return item


def test_the_trace_cursor_is_the_latest_start_time_and_spans_are_told_apart(
    router: respx.MockRouter, make_adapter: Any, examples: Any
) -> None:
    long_span = span(examples, "s-long", "2025-03-14T08:00:10Z", "2025-03-14T08:00:40Z")
    short_span = span(examples, "s-short", "2025-03-14T08:00:20Z", "2025-03-14T08:00:21Z")
    traces = router.get(BASE + "/traces", name="searchTraces")
    traces.mock(
        side_effect=[
            httpx.Response(200, json={"traces": [long_span, short_span]}),
            httpx.Response(200, json={"traces": []}),
        ]
    )
    router.get(BASE + "/events", name="fetchEvents").mock(
        return_value=httpx.Response(200, json={"events": []})
    )
    adapter = make_adapter(ObservatoryAdapter)
    got: list[TelemetryTrace] = []
    adapter.on_trace(got.append)
    adapter.poll_once()
    adapter.poll_once()
    assert [s.span_id for s in got] == ["s-long", "s-short"]
    params = traces.calls.last.request.url.params
    # The cursor is the latest start (08:00:20) less the settle window (at least a minute, more
    # after longer traces), because a trace is published when it ends.
    assert params["start_time"] == "2025-03-14T07:59:20.000Z"
    assert "since" not in params


def test_a_trace_published_after_a_later_started_one_is_still_delivered_once(
    router: respx.MockRouter, make_adapter: Any, examples: Any
) -> None:
    early_short = span(examples, "s-a", "2025-03-14T08:00:00Z", "2025-03-14T08:00:05Z")
    long_running = span(examples, "s-b", "2025-03-14T08:00:01Z", "2025-03-14T08:00:40Z")
    later_short = span(examples, "s-c", "2025-03-14T08:00:10Z", "2025-03-14T08:00:12Z")

    def serve(request: httpx.Request) -> httpx.Response:
        # Round 1 (at 08:00:15): s-b is still running, so only s-a and s-c exist yet.
        # Round 2 (at 08:00:45): s-b has ended and is published, though it started first.
        visible = (
            [early_short, later_short]
            if serve.calls == 0
            else [early_short, long_running, later_short]
        )
        serve.calls += 1
        since = request.url.params.get("start_time", "")
        page = [t for t in visible if t["startTime"] > since.replace(".000Z", "Z")]
        return httpx.Response(200, json={"traces": page})

    serve.calls = 0  # type: ignore[attr-defined]
    router.get(BASE + "/traces", name="searchTraces").mock(side_effect=serve)
    router.get(BASE + "/events", name="fetchEvents").mock(
        return_value=httpx.Response(200, json={"events": []})
    )
    adapter = make_adapter(ObservatoryAdapter)
    got: list[TelemetryTrace] = []
    adapter.on_trace(got.append)
    adapter.poll_once()
    adapter.poll_once()
    assert [s.span_id for s in got] == ["s-a", "s-c", "s-b"]


@pytest.mark.parametrize("trace_id", ["summary", "slow", "errors"])
def test_trace_ids_that_name_other_routes_are_refused(make_adapter: Any, trace_id: str) -> None:
    with pytest.raises(InvalidArgument):
        make_adapter(ObservatoryAdapter).get_trace(trace_id)


def test_tags_are_sent_one_parameter_each(router: respx.MockRouter, make_adapter: Any) -> None:
    route = router.get(BASE + "/traces", name="searchTraces")
    route.mock(return_value=httpx.Response(200, json={"traces": []}))
    make_adapter(ObservatoryAdapter).search_traces(tags={"team": "core", "env": "prod"}, limit=5)
    params = dict(route.calls.last.request.url.params)
    assert params == {"limit": "5", "tag.team": "core", "tag.env": "prod"}


def test_a_settle_window_longer_than_the_page_budget_still_reaches_new_traces(
    router: respx.MockRouter, make_adapter: Any, examples: Any
) -> None:
    def at(second: int, span_id: str, length: int = 1) -> dict[str, Any]:
        start = f"2025-03-14T08:{second // 60:02d}:{second % 60:02d}Z"
        end_s = second + length
        end = f"2025-03-14T08:{end_s // 60:02d}:{end_s % 60:02d}Z"
        return span(examples, span_id, start, end)

    # Round 1 sees 4 traces a second for two minutes. By round 2 a trace that started at
    # 08:01:58 has ended, and 40 new traces came after the cursor. The minute of settle window
    # alone holds 240 traces: five pages, more than the budget of three.
    first = [at(s, f"old-{s}-{k}") for s in range(120) for k in range(4)]
    late = at(118, "late", length=20)
    new = [at(s, f"new-{s}") for s in range(120, 160)]

    def serve(request: httpx.Request) -> httpx.Response:
        visible = first if not serve.later else [*first, late, *new]
        since = request.url.params["start_time"].replace(".000Z", "Z")
        page = sorted((t for t in visible if t["startTime"] > since), key=lambda t: t["startTime"])
        return httpx.Response(200, json={"traces": page[:50]})

    serve.later = False  # type: ignore[attr-defined]
    router.get(BASE + "/traces", name="searchTraces").mock(side_effect=serve)
    router.get(BASE + "/events", name="fetchEvents").mock(
        return_value=httpx.Response(200, json={"events": []})
    )
    adapter = make_adapter(ObservatoryAdapter, max_pages=3, lookback=3600.0)
    got: list[str] = []
    adapter.on_trace(lambda t: got.append(t.span_id))
    for _ in range(4):  # catch up with the first two minutes, three pages a round
        adapter.poll_once()
    serve.later = True
    adapter.poll_once()
    assert "late" in got
    assert [g for g in got if g.startswith("new-")] == [f"new-{s}" for s in range(120, 160)]
    assert len(got) == len(set(got)) == 480 + 1 + 40
