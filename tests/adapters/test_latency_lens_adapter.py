"""LatencyLens: throughput windows delivered once by statsId (D18); the three feeds' requests."""

from __future__ import annotations

from typing import Any

import httpx
import respx

from adapters import LatencyLensAdapter
from adapters.types import ThroughputStats

BASE = "http://latency-lens.test/api/v1"


def test_each_throughput_window_is_delivered_once(
    router: respx.MockRouter, make_adapter: Any, examples: Any
) -> None:
    stats = examples("latency-lens", "ThroughputStats")
    router.get(BASE + "/profiles", name="fetchLatencyProfiles").mock(
        return_value=httpx.Response(200, json={"profiles": []})
    )
    router.get(BASE + "/anomalies", name="fetchAnomalies").mock(
        return_value=httpx.Response(200, json={"anomalies": []})
    )
    throughput = router.get(BASE + "/throughput", name="fetchThroughputStats")
    throughput.mock(return_value=httpx.Response(200, json={"stats": [stats]}))
    adapter = make_adapter(LatencyLensAdapter)
    got: list[ThroughputStats] = []
    adapter.on_throughput_stats(got.append)
    reports = [adapter.poll_once().feed("throughput_stats") for _ in range(3)]
    assert len(got) == 1
    assert [r.duplicates for r in reports] == [0, 1, 1]
    assert dict(throughput.calls.last.request.url.params) == {"window_minutes": "1"}
    profiles = router.routes["fetchLatencyProfiles"].calls.last.request.url.params
    assert profiles["limit"] == "50"
    anomalies = router.routes["fetchAnomalies"].calls.last.request.url.params
    assert anomalies["limit"] == "20"


def test_compare_models_sends_both_models(
    router: respx.MockRouter, make_adapter: Any, examples: Any
) -> None:
    route = router.get(BASE + "/compare", name="compareModels")
    route.mock(return_value=httpx.Response(200, json=examples("latency-lens", "ModelComparison")))
    result = make_adapter(LatencyLensAdapter).compare_models("gpt 4o", "claude")
    assert result.model_a.model_id == "gpt-4o"
    assert dict(route.calls.last.request.url.params) == {"model_a": "gpt 4o", "model_b": "claude"}
