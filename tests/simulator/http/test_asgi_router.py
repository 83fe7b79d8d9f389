"""The loopback router and its pacer, without a socket: prefixes, admin, contracts, time."""

from __future__ import annotations

import random
from collections.abc import Iterator

import httpx
import pytest

from simulator.http import DEFAULT_API_KEY, build_apps
from simulator.http.asgi import Deferred, to_request
from simulator.http.faults import FaultInjector
from simulator.http.server import LoopbackRouter, Pacer
from simulator.scenarios.model import Fault
from simulator.services.fake import FakeWorld

AUTH = {"Authorization": f"Bearer {DEFAULT_API_KEY}"}
ORIGIN = "http://127.0.0.1:8770"


class FakeWall:
    """A wall clock moved by hand."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def world() -> FakeWorld:
    w = FakeWorld()
    w.traffic(3, per_minute=12, rng=random.Random(2))
    return w


@pytest.fixture
def client(world: FakeWorld) -> Iterator[httpx.Client]:
    fault = Fault("shield", "getProtectionStatus", "http_error", 0.0, 1e9, id="shield-down")
    injector = FaultInjector([fault], seed=1, now=world.clock.now, wait=world.clock.sleep)
    router = LoopbackRouter(
        build_apps(world.services),
        pacer=Pacer(world.clock, speed=0.0),
        api_keys={DEFAULT_API_KEY},
        intercept=injector,
        faults=injector.log,
    )
    with httpx.Client(transport=httpx.MockTransport(router), base_url=ORIGIN) as c:
        yield c


def test_each_service_answers_under_its_prefix(client: httpx.Client) -> None:
    events = client.get("/cost-ops/api/v1/telemetry/events", params={"limit": 2}, headers=AUTH)
    assert events.status_code == 200
    assert len(events.json()["events"]) == 2
    assert client.get("/router-l2/api/v1/weights", headers=AUTH).status_code == 200


def test_a_percent_encoded_slash_stays_in_its_path_segment(client: httpx.Client) -> None:
    response = client.get("/latency-lens/api/v1/breakdown/a%2Fb", headers=AUTH)
    assert response.status_code == 404
    assert "a/b" in response.json()["message"]


def test_unknown_prefix_and_route_are_404(client: httpx.Client) -> None:
    assert client.get("/billing/api/v1/x", headers=AUTH).json()["error"] == "not_found"
    assert client.get("/cost-ops/api/v2/nothing", headers=AUTH).status_code == 404


def test_services_require_the_bearer_key(client: httpx.Client) -> None:
    assert client.get("/cost-ops/api/v1/rate/current").status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert client.get("/cost-ops/api/v1/rate/current", headers=wrong).status_code == 403


def test_faults_apply_by_route_name(client: httpx.Client) -> None:
    assert client.get("/shield/api/v1/status", headers=AUTH).status_code == 503
    met = client.get("/_sim/faults", headers=AUTH).json()
    assert met["by_fault"]["shield-down"]["met"] == 1


def test_advance_runs_the_world_forward(client: httpx.Client, world: FakeWorld) -> None:
    before = client.get("/_sim/clock", headers=AUTH).json()
    after = client.post("/_sim/advance", params={"seconds": 90}, headers=AUTH).json()
    assert after["seconds"] == before["seconds"] + 90 == world.clock.now()
    assert after["time"] == world.clock.iso(after["seconds"])
    assert after["speed"] == 0


@pytest.mark.parametrize("seconds", ["-1", "soon", "nan", "inf"])
def test_advance_refuses_a_bad_number(client: httpx.Client, seconds: str) -> None:
    response = client.post("/_sim/advance", params={"seconds": seconds}, headers=AUTH)
    assert response.status_code == 400
    assert repr(seconds) in response.json()["message"]


def test_admin_endpoints_check_key_method_and_name(client: httpx.Client) -> None:
    assert client.get("/_sim/clock").status_code == 401
    assert client.get("/_sim/clock", headers={"Authorization": "Bearer x"}).status_code == 403
    assert client.get("/_sim/advance", headers=AUTH).status_code == 405
    assert client.get("/_sim/reboot", headers=AUTH).status_code == 404


def test_openapi_serves_each_contract_with_its_server(client: httpx.Client) -> None:
    doc = client.get("/openapi/sentinel.json").json()
    assert doc["openapi"].startswith("3.1")
    assert doc["servers"] == [{"url": f"{ORIGIN}/sentinel"}]
    assert "/api/v1/anomalies" in doc["paths"]
    assert client.get("/openapi/billing.json").status_code == 404


def test_the_pacer_follows_wall_time_times_speed(world: FakeWorld) -> None:
    wall = FakeWall()
    pacer = Pacer(world.clock, speed=60.0, wall=wall)
    start = world.clock.now()
    wall.t += 2.0
    pacer.catch_up()
    assert world.clock.now() == pytest.approx(start + 120.0)
    pacer.advance(30.0)
    wall.t += 1.0
    pacer.catch_up()
    assert world.clock.now() == pytest.approx(start + 210.0)


def test_a_still_pacer_moves_only_by_hand(world: FakeWorld) -> None:
    wall = FakeWall()
    pacer = Pacer(world.clock, speed=0.0, wall=wall)
    start = world.clock.now()
    wall.t += 100.0
    pacer.catch_up()
    assert world.clock.now() == start
    with pytest.raises(ValueError, match="speed"):
        Pacer(world.clock, speed=-1.0)


def test_deferred_waits_add_up_scaled() -> None:
    wait = Deferred(scale=0.5)
    wait(2.0)
    wait(1.0)
    assert wait.take() == 1.5
    assert wait.take() == 0.0


def test_an_asgi_scope_becomes_the_same_request() -> None:
    query = b"since=2025-01-06T00%3A00%3A00.000Z&limit=5"
    scope = {
        "type": "http",
        "method": "GET",
        "scheme": "http",
        "path": "/sentinel/api/v1/anomalies/a/b",
        "raw_path": b"/sentinel/api/v1/anomalies/a%2Fb",
        "query_string": query,
        "headers": [(b"host", b"127.0.0.1:9"), (b"authorization", b"Bearer k")],
    }
    request = to_request(scope, b"")
    assert request.url.raw_path == b"/sentinel/api/v1/anomalies/a%2Fb?" + query
    assert request.url.params["since"] == "2025-01-06T00:00:00.000Z"
    assert request.headers["authorization"] == "Bearer k"
    assert request.url.host == "127.0.0.1"
