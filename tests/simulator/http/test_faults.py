"""Each API fault kind does on the wire what the catalogue says (in-process transport)."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from contracts import validator
from simulator.http import DEFAULT_API_KEY, InProcess, ServiceApp, build_apps, build_inprocess
from simulator.http.faults import FaultHit, FaultInjector, FaultLog
from simulator.scenarios.model import Fault, FaultKind
from simulator.services.fake import FakeWorld

AUTH = {"Authorization": f"Bearer {DEFAULT_API_KEY}"}
EVENTS = "/api/v1/telemetry/events"


@dataclass
class Setup:
    """A busy fake world behind the in-process transport, with faults injected."""

    world: FakeWorld
    apps: dict[str, ServiceApp]
    inproc: InProcess
    injector: FaultInjector
    hits: list[FaultHit]
    client: httpx.Client

    def get(self, path: str = EVENTS, **params: Any) -> httpx.Response:
        return self.client.get(self.inproc.base_urls["cost-ops"] + path, params=params)


def fault(kind: FaultKind, service: str = "cost-ops", endpoint: str = "*", **extra: Any) -> Fault:
    """A fault active from the start of time on, with certainty, unless told otherwise."""
    window: dict[str, Any] = {"start": 0.0, "end": 1e9}
    window |= {k: extra.pop(k) for k in ("start", "end", "probability") if k in extra}
    return Fault(service, endpoint, kind, params=extra, id=f"{kind}-1", **window)


@pytest.fixture
def make() -> Iterator[Any]:
    clients: list[httpx.Client] = []

    def build(*faults: Fault, seed: int = 1, profiles: Mapping[str, Any] | None = None) -> Setup:
        world = FakeWorld()
        world.traffic(5, per_minute=12, rng=random.Random(3))
        apps = build_apps(world.services, strict=True)
        inproc = build_inprocess(apps)
        hits: list[FaultHit] = []
        injector = FaultInjector(
            faults,
            seed=seed,
            now=world.clock.now,
            wait=world.clock.sleep,
            services=world.services.by_name(),
            profiles=profiles,
            log=FaultLog(faults, on_hit=hits.append),
        )
        inproc.intercept = injector
        client = httpx.Client(transport=inproc.transport(), headers=AUTH)
        clients.append(client)
        return Setup(world, apps, inproc, injector, hits, client)

    yield build
    for client in clients:
        client.close()


def test_http_error_answers_the_chosen_status_with_a_json_error(make: Any) -> None:
    s = make(fault("http_error", status=502))
    response = s.get()
    assert response.status_code == 502
    assert set(response.json()) == {"error", "message"}
    assert response.json()["error"] == "bad_gateway"


def test_rate_limit_answers_429_with_retry_after(make: Any) -> None:
    s = make(fault("rate_limit", retry_after=4.2))
    response = s.get()
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "5"
    assert response.json()["error"] == "too_many_requests"


def test_latency_runs_the_clock_forward_before_answering(make: Any) -> None:
    s = make(fault("latency", ms=2500))
    before = s.world.clock.now()
    assert s.get().status_code == 200
    assert s.world.clock.now() == pytest.approx(before + 2.5)
    assert s.hits[0].detail == "2500ms"


def test_a_latency_distribution_draws_from_the_seeded_generator(make: Any) -> None:
    dist = {"kind": "lognormal", "median_ms": 300, "sigma": 1.0}

    def delays(seed: int) -> list[float]:
        s = make(fault("latency", distribution=dist), seed=seed)
        out = []
        for _ in range(5):
            before = s.world.clock.now()
            s.get("/api/v1/rate/current")
            out.append(s.world.clock.now() - before)
        return out

    first = delays(1)
    assert first == delays(1)
    assert first != delays(2)
    assert len(set(first)) == 5
    assert all(d > 0 for d in first)


def test_timeout_waits_the_requests_own_timeout_then_raises(make: Any) -> None:
    s = make(fault("timeout"))
    before = s.world.clock.now()
    with pytest.raises(httpx.ReadTimeout):
        s.client.get(s.inproc.base_urls["cost-ops"] + EVENTS, timeout=7.0)
    assert s.world.clock.now() == pytest.approx(before + 7.0)


def test_reset_peer_drops_the_connection(make: Any) -> None:
    s = make(fault("reset_peer"))
    with pytest.raises(httpx.ReadError, match="Connection reset by peer"):
        s.get()


def test_malformed_json_is_a_complete_200_with_a_cut_body(make: Any) -> None:
    s = make(fault("malformed_json"))
    response = s.get()
    assert response.status_code == 200
    assert int(response.headers["content-length"]) == len(response.content) > 0
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_schema_violation_breaks_the_contract_without_a_simulator_violation(make: Any) -> None:
    s = make(fault("schema_violation", endpoint="fetchCostEvents", field="costUsd"))
    payload = s.get().json()
    events = payload["events"]
    assert sum("costUsd" not in e for e in events) == 1
    assert not validator("cost-ops", operation="fetchCostEvents").is_valid(payload)
    assert all(len(app.violations) == 0 for app in s.apps.values())
    assert [h.kind for h in s.hits] == ["schema_violation"]


def test_schema_violation_without_a_field_breaks_the_first_one(make: Any) -> None:
    s = make(fault("schema_violation", endpoint="getCurrentRate"))
    payload = s.get("/api/v1/rate/current").json()
    assert not validator("cost-ops", operation="getCurrentRate").is_valid(payload)


def test_duplicate_items_repeats_items_in_the_page(make: Any) -> None:
    s = make(fault("duplicate_items", count=2))
    clean = [e["eventId"] for e in make().get(limit=20).json()["events"]]
    ids = [e["eventId"] for e in s.get(limit=20).json()["events"]]
    assert len(ids) == len(clean) + 2
    assert sorted(set(ids)) == sorted(clean)
    assert len([i for i in set(ids) if ids.count(i) == 2]) == 2


def test_reversed_pages_serve_newest_first(make: Any) -> None:
    s = make(fault("reversed_pages"))
    stamps = [e["timestamp"] for e in s.get(limit=10).json()["events"]]
    assert stamps == sorted(stamps, reverse=True)
    assert stamps != sorted(stamps)


def test_exclusive_since_flips_the_boundary_for_the_call_only(make: Any) -> None:
    s = make(fault("exclusive_since", endpoint="fetchCostEvents"))
    first = make().get(limit=3).json()["events"]
    page = s.get(since=first[0]["timestamp"], limit=2).json()["events"]
    assert page[0]["eventId"] == first[0]["eventId"]  # the item at `since` comes back
    assert s.world.services.cost_ops.since_inclusive is False
    assert s.hits[0].detail == "inclusive"


def test_clock_skew_shifts_served_times_and_the_reading_of_since(make: Any) -> None:
    s = make(fault("clock_skew", seconds=90))
    clean = make().get(limit=3).json()["events"]
    skewed = s.get(limit=3).json()["events"]
    assert [e["eventId"] for e in skewed] == [e["eventId"] for e in clean]
    assert skewed[0]["timestamp"] > clean[0]["timestamp"]
    delta = s.world.clock.seconds_at(skewed[0]["timestamp"])
    delta -= s.world.clock.seconds_at(clean[0]["timestamp"])
    assert delta == pytest.approx(90.0)
    # since read in the skewed frame: the skewed stamp of item 0 means "after item 0"
    after = s.get(since=skewed[0]["timestamp"], limit=1).json()["events"]
    assert after[0]["eventId"] == clean[1]["eventId"]


def test_profile_switch_without_an_upstream_server_answers_404(make: Any) -> None:
    s = make(fault("profile_switch", profile="upstream"))
    response = s.get()
    assert response.status_code == 404
    assert "upstream profile" in response.json()["message"]


def test_profile_switch_hands_the_request_to_the_profiles_server(make: Any) -> None:
    def upstream(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"data": []}, request=request)

    s = make(
        fault("profile_switch", profile="upstream"), profiles={"upstream": {"cost-ops": upstream}}
    )
    assert s.get().json() == {"data": []}


def test_faults_respect_their_window(make: Any) -> None:
    s = make(fault("http_error", start=400.0, end=500.0))
    assert s.get().status_code == 200
    s.world.advance(400.0 - s.world.clock.now())
    assert s.get().status_code == 503
    s.world.advance(100.0)
    assert s.get().status_code == 200


def test_faults_match_service_and_endpoint(make: Any) -> None:
    s = make(fault("http_error", endpoint="getCurrentRate"), fault("rate_limit", service="shield"))
    assert s.get().status_code == 200
    assert s.get("/api/v1/rate/current").status_code == 503
    shield = s.client.get(s.inproc.base_urls["shield"] + "/api/v1/status")
    assert shield.status_code == 429


def test_probability_is_seeded_and_per_fault(make: Any) -> None:
    def pattern(seed: int, *extra: Fault) -> list[int]:
        s = make(fault("http_error", probability=0.3), *extra, seed=seed)
        return [s.get("/api/v1/rate/current").status_code for _ in range(60)]

    first = pattern(5)
    assert first == pattern(5)
    assert first != pattern(6)
    assert 8 <= first.count(503) <= 30
    # another fault of its own does not change this one's draws
    other = fault("latency", service="shield", ms=10, probability=0.5)
    assert pattern(5, other) == first


def test_latency_then_an_answer_fault(make: Any) -> None:
    s = make(fault("latency", ms=1000), fault("http_error", status=500))
    before = s.world.clock.now()
    assert s.get().status_code == 500
    assert s.world.clock.now() == pytest.approx(before + 1.0)
    assert [h.kind for h in s.hits] == ["latency", "http_error"]


def test_the_log_counts_what_was_met(make: Any) -> None:
    never = Fault("shield", "*", "timeout", start=0.0, end=1e9, id="never")
    s = make(fault("http_error", endpoint="getCurrentRate"), fault("reversed_pages"), never)
    for _ in range(3):
        s.get("/api/v1/rate/current")
    s.get(limit=5)
    s.get(limit=1)  # a page of one item cannot be reversed: not met
    summary = s.injector.log.summary()
    assert summary["met"] == 4
    assert summary["by_kind"] == {"http_error": 3, "reversed_pages": 1}
    assert summary["by_endpoint"] == {
        "cost-ops/getCurrentRate": {"http_error": 3},
        "cost-ops/fetchCostEvents": {"reversed_pages": 1},
    }
    assert summary["by_fault"]["never"] == {
        "kind": "timeout",
        "service": "shield",
        "endpoint": "*",
        "met": 0,
    }
    assert len(s.hits) == 4
    assert s.hits[0].as_dict()["fault_kind"] == "http_error"
