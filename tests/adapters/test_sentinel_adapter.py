"""Sentinel: three feeds with their own cursors and limits; alerts asked unacknowledged only."""

from __future__ import annotations

from typing import Any

import httpx
import respx

from adapters import SentinelAdapter

BASE = "http://sentinel.test/api/v1"


def test_each_feed_sends_its_own_cursor_limit_and_filter(
    router: respx.MockRouter, make_adapter: Any, examples: Any
) -> None:
    anomaly = examples("sentinel", "AnomalyEvent")
    routes = {
        "anomalies": router.get(BASE + "/anomalies", name="fetchAnomalies").mock(
            return_value=httpx.Response(200, json={"anomalies": [anomaly]})
        ),
        "drifts": router.get(BASE + "/drifts", name="fetchDriftSignals").mock(
            return_value=httpx.Response(200, json={"drifts": []})
        ),
        "alerts": router.get(BASE + "/alerts", name="fetchAlerts").mock(
            return_value=httpx.Response(200, json={"alerts": []})
        ),
    }
    adapter = make_adapter(SentinelAdapter, lookback=None)
    got: list[Any] = []
    adapter.on_anomaly_event(got.append)
    adapter.on_drift_signal(got.append)
    adapter.on_alert(got.append)
    adapter.poll_once()
    adapter.poll_once()
    assert len(got) == 1
    anomalies = routes["anomalies"].calls.last.request.url.params
    assert anomalies["since"] == "2025-03-14T09:12:29.999Z"
    assert anomalies["limit"] == "50"
    assert routes["drifts"].calls.last.request.url.params["limit"] == "20"
    alerts = dict(routes["alerts"].calls.last.request.url.params)
    assert alerts == {"unacknowledged_only": "true", "limit": "20"}
    assert adapter.feed_names == ("anomalies", "drift_signals", "alerts")
