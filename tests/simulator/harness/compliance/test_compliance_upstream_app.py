"""UpstreamApp: the upstream routes served from the simulated consumer payloads."""

from __future__ import annotations

import json

import httpx
import pytest

from simulator.harness.compliance.recording import Recording
from simulator.harness.compliance.upstream import UpstreamApp, snake_keys, upstream_transport
from simulator.harness.rig import DEV_API_KEY

AUTH = {"Authorization": f"Bearer {DEV_API_KEY}"}


def get(app: UpstreamApp, path: str, method: str = "GET") -> httpx.Response:
    return app(httpx.Request(method, f"http://{app.name}.infrasim.test{path}", headers=AUTH))


def test_snake_keys_turns_every_key_at_every_depth() -> None:
    assert snake_keys({"anomalyId": 1, "nested": [{"deviationPercent": 2, "x": {"aB": 3}}]}) == {
        "anomaly_id": 1,
        "nested": [{"deviation_percent": 2, "x": {"a_b": 3}}],
    }


def test_a_landing_route_serves_the_consumer_payload_in_the_upstream_envelope(
    smoke_recording: Recording,
) -> None:
    app = UpstreamApp(smoke_recording.sut.apps["observatory"])
    response = get(app, "/api/v1/traces?limit=2")
    body = json.loads(response.content)
    assert response.status_code == 200
    assert set(body) == {"data", "status", "pagination", "meta"}
    assert body["status"] == "success"
    assert "trace_id" in body["data"][0]
    assert "traceId" not in body["data"][0]


def test_a_route_caught_by_a_parameter_is_served_by_that_operation(
    smoke_recording: Recording,
) -> None:
    app = UpstreamApp(smoke_recording.sut.apps["observatory"])
    response = get(app, "/api/v1/traces/summary")
    assert response.status_code == 404
    assert "traceId='summary'" in json.loads(response.content)["message"]


@pytest.mark.parametrize(
    ("path", "method", "status"),
    [
        ("/api/v1/drifts", "GET", 404),  # no such route upstream
        ("/api/v1/events", "GET", 405),  # Sentinel ingests events by POST only
        ("/health/live", "GET", 501),  # upstream route with nothing simulated behind it
    ],
)
def test_other_requests_get_the_status_that_says_why(
    smoke_recording: Recording, path: str, method: str, status: int
) -> None:
    app = UpstreamApp(smoke_recording.sut.apps["sentinel"])
    assert get(app, path, method).status_code == status


def test_a_missing_service_refuses_the_connection(smoke_recording: Recording) -> None:
    urls = smoke_recording.sut.inprocess.base_urls
    with httpx.Client(transport=upstream_transport(smoke_recording.sut.apps, urls)) as client:
        with pytest.raises(httpx.ConnectError, match="router-l2"):
            client.get(f"{urls['router-l2']}/api/v1/weights", headers=AUTH)
        assert client.get(f"{urls['sentinel']}/health", headers=AUTH).status_code == 200
