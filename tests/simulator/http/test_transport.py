"""The in-process transport: named routes, base URL per service, bounded call history."""

from __future__ import annotations

import httpx
import pytest
from respx.models import AllMockedAssertionError

from simulator.http import DEFAULT_API_KEY, InProcess, base_url_for, build_apps, build_inprocess
from simulator.http.transport import POLLED, Handler
from simulator.services.fake import FakeWorld


def test_each_service_has_its_own_base_url(client: httpx.Client, inprocess: InProcess) -> None:
    assert (
        inprocess.base_urls["sentinel"]
        == base_url_for("sentinel")
        == "http://sentinel.infrasim.test"
    )
    latency = client.get(inprocess.base_urls["latency-lens"] + "/api/v1/anomalies").json()
    sentinel = client.get(inprocess.base_urls["sentinel"] + "/api/v1/anomalies").json()
    assert {a["severity"] for a in latency["anomalies"]} <= {"low", "medium", "high", "critical"}
    assert all("isActive" in a for a in sentinel["anomalies"])


def test_polled_routes_are_tried_first(inprocess: InProcess) -> None:
    names = [route.name for route in inprocess.router.routes]
    assert names[: len(POLLED)] == list(POLLED)


def test_an_unmocked_host_is_refused(client: httpx.Client) -> None:
    with pytest.raises(AllMockedAssertionError, match="not mocked"):
        client.get("http://elsewhere.test/api/v1/anomalies")


def test_call_history_is_reset_every_n_calls() -> None:
    world = FakeWorld()
    inproc = build_inprocess(build_apps(world.services), reset_every=10)
    with inproc.client("cost-ops", headers={"Authorization": f"Bearer {DEFAULT_API_KEY}"}) as c:
        for _ in range(25):
            assert c.get("/api/v1/rate/current").status_code == 200
    assert inproc.calls == 25
    assert 0 < len(inproc.router.calls) <= inproc.reset_every
    inproc.trim()
    assert len(inproc.router.calls) == 0


def test_the_plain_handler_serves_without_respx() -> None:
    world = FakeWorld()
    app = build_apps(world.services)["router-l2"]
    transport = httpx.MockTransport(app)
    with httpx.Client(transport=transport, base_url="http://127.0.0.1:9") as c:
        response = c.get("/api/v1/weights", headers={"Authorization": f"Bearer {DEFAULT_API_KEY}"})
    assert response.status_code == 200
    assert len(response.json()["weights"]) == 3


def test_intercept_sees_every_call_and_may_answer_itself() -> None:
    world = FakeWorld()
    inproc = build_inprocess(build_apps(world.services))
    seen: list[str] = []

    def intercept(name: str, request: httpx.Request, call_next: Handler) -> httpx.Response:
        seen.append(name)
        if name == "cost-ops.getCurrentRate":
            return httpx.Response(503, json={"error": "unavailable", "message": "fault"})
        return call_next(request)

    inproc.intercept = intercept
    with inproc.client("cost-ops", headers={"Authorization": f"Bearer {DEFAULT_API_KEY}"}) as c:
        assert c.get("/api/v1/rate/current").status_code == 503
        assert c.get("/api/v1/telemetry/events").status_code == 200
    assert seen == ["cost-ops.getCurrentRate", "cost-ops.fetchCostEvents"]
    assert set(inproc.effects) == {r.name for r in inproc.router.routes}
