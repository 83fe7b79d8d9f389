"""The ASGI app under uvicorn on 127.0.0.1: faults on a real socket, and a bounded load check."""

from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence

import httpx
import pytest

from contracts import endpoint
from simulator.http import DEFAULT_API_KEY, POLLED, build_apps
from simulator.http.asgi import Deferred
from simulator.http.faults import FaultInjector
from simulator.http.loopback import BackgroundServer, asgi_app, bind, serving
from simulator.http.server import LoopbackRouter, Pacer
from simulator.scenarios.model import Fault, FaultKind
from simulator.services.fake import FakeWorld

pytestmark = pytest.mark.loopback

AUTH = {"Authorization": f"Bearer {DEFAULT_API_KEY}"}
# every polled endpoint of every service, under its prefix
PATHS = [f"/{name.split('.')[0]}{endpoint(*name.split('.')).path}" for name in POLLED]


def faulty(kind: FaultKind, service: str, probability: float = 1.0, **params: object) -> Fault:
    """A fault on every endpoint of ``service``, all the time."""
    return Fault(service, "*", kind, 0.0, 1e9, probability, params, id=f"{service}-{kind}")


def start(
    faults: Sequence[Fault], *, deferred: Deferred | None = None
) -> tuple[BackgroundServer, FakeWorld, FaultInjector]:
    world = FakeWorld()
    world.traffic(3, per_minute=20, rng=random.Random(4))
    wait = deferred if deferred is not None else world.clock.sleep
    injector = FaultInjector(faults, seed=3, now=world.clock.now, wait=wait)
    router = LoopbackRouter(
        build_apps(world.services),
        pacer=Pacer(world.clock, speed=0.0),
        api_keys={DEFAULT_API_KEY},
        intercept=injector,
        faults=injector.log,
    )
    app = asgi_app(router, deferred=deferred, hold=5.0)
    return BackgroundServer(app, bind("127.0.0.1", 0)).start(), world, injector


@pytest.fixture(scope="module")
def faulty_server() -> Iterator[BackgroundServer]:
    faults = [
        faulty("reset_peer", "shield"),
        faulty("timeout", "sentinel"),
        faulty("malformed_json", "router-l2"),
        faulty("rate_limit", "observatory", retry_after=3),
    ]
    server, _, _ = start(faults)
    yield server
    server.stop()
    assert not server.running


def get(server: BackgroundServer, path: str, timeout: float = 5.0) -> httpx.Response:
    return httpx.get(server.origin + path, headers=AUTH, timeout=timeout)


def test_a_reset_reaches_the_client_before_any_answer(faulty_server: BackgroundServer) -> None:
    with pytest.raises(httpx.ReadError, match="Connection reset by peer"):
        get(faulty_server, "/shield/api/v1/status")


def test_a_timeout_holds_until_the_client_gives_up(faulty_server: BackgroundServer) -> None:
    with pytest.raises(httpx.ReadTimeout):
        get(faulty_server, "/sentinel/api/v1/health", timeout=0.3)
    assert get(faulty_server, "/cost-ops/api/v1/rate/current").status_code == 200


def test_malformed_json_is_a_whole_message_with_a_cut_body(faulty_server: BackgroundServer) -> None:
    response = get(faulty_server, "/router-l2/api/v1/weights")
    assert response.status_code == 200
    assert int(response.headers["content-length"]) == len(response.content)
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_retry_after_crosses_the_wire(faulty_server: BackgroundServer) -> None:
    response = get(faulty_server, "/observatory/api/v1/events")
    assert (response.status_code, response.headers["retry-after"]) == (429, "3")


def test_auth_over_loopback(faulty_server: BackgroundServer) -> None:
    url = faulty_server.origin + "/cost-ops/api/v1/rate/current"
    assert httpx.get(url).status_code == 401
    assert httpx.get(url, headers={"Authorization": "Bearer wrong"}).status_code == 403


def test_a_deferred_latency_holds_the_answer_without_moving_time() -> None:
    server, world, _ = start([faulty("latency", "cost-ops", ms=200)], deferred=Deferred())
    try:
        before = world.clock.now()
        began = time.monotonic()
        assert get(server, "/cost-ops/api/v1/rate/current").status_code == 200
        assert time.monotonic() - began >= 0.2
        assert world.clock.now() == before
    finally:
        server.stop()


def test_serving_starts_on_a_free_port_and_stops_on_exit() -> None:
    world = FakeWorld()
    router = LoopbackRouter(
        build_apps(world.services), pacer=Pacer(world.clock, speed=0.0), api_keys={"k"}
    )
    with serving(asgi_app(router)) as server:
        assert server.running
        assert server.origin.startswith("http://127.0.0.1:")
        clock = httpx.get(server.origin + "/_sim/clock", headers={"Authorization": "Bearer k"})
        assert clock.json()["seconds"] == 0.0
    assert not server.running


def _poll(origin: str, until: float, tally: Counter[str], lock: threading.Lock) -> None:
    seen: Counter[str] = Counter()
    with httpx.Client(base_url=origin, headers=AUTH, timeout=5.0) as client:
        while time.monotonic() < until:
            for path in PATHS:
                try:
                    response = client.get(path)
                    response.json()
                    seen[str(response.status_code)] += 1
                except httpx.TransportError as exc:
                    seen[type(exc).__name__] += 1
    with lock:
        tally.update(seen)


def test_concurrent_clients_see_no_error_beyond_the_injected_faults() -> None:
    faults = [faulty("http_error", "cost-ops", 0.1), faulty("reset_peer", "shield", 0.05)]
    server, _, injector = start(faults)
    tally: Counter[str] = Counter()
    lock = threading.Lock()
    until = time.monotonic() + 2.0
    threads = [
        threading.Thread(target=_poll, args=(server.origin, until, tally, lock)) for _ in range(4)
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        server.stop()
    met = injector.log.by_kind
    assert set(tally) <= {"200", "503", "ReadError"}
    assert tally["503"] == met["http_error"] > 0
    assert tally["ReadError"] == met["reset_peer"]
    assert tally["200"] > 50
