"""Fixtures for the HTTP façade: a world with history in every feed, and its transport."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest

from simulator.http import DEFAULT_API_KEY, InProcess, build_apps, build_inprocess
from simulator.services.fake import FakeWorld

AUTH = {"Authorization": f"Bearer {DEFAULT_API_KEY}"}


def _populated() -> FakeWorld:
    world = FakeWorld()
    rng = random.Random(12)
    world.traffic(100, per_minute=30, rng=rng, error_rate=0.02)
    world.control.set("thresholds", "latency.p99MaxMs", 5000.0, reason="tighten")
    world.weights.set(
        {"model-a": 0.6, "model-b": 0.2, "model-c": 0.2}, reason="opt", t=world.clock.now()
    )
    world.notice("routing.changed", weights=world.weights.weights, reason="opt")
    world.catalogue["model-a"] = replace(world.catalogue["model-a"], quality=0.6)
    world.traffic(40, per_minute=30, rng=rng, latency={"model-b": 4000.0}, error_rate=0.02)
    world.with_pii("My SSN is 123-45-6789 and my email is jane@example.org", model_id="model-c")
    world.request("model-a", input_tokens=50_000)
    world.request("model-b", status="timeout", error="timeout", latency_ms=30_000.0)
    world.advance(61)
    return world


@pytest.fixture(scope="package")
def busy_world() -> FakeWorld:
    """A world after two hours of traffic, a latency step, a quality drop, PII and changes."""
    return _populated()


@pytest.fixture(scope="package")
def inprocess(busy_world: FakeWorld) -> InProcess:
    """The in-process transport over the busy world's services (validation on, strict)."""
    return build_inprocess(build_apps(busy_world.services, strict=True))


@pytest.fixture
def client(inprocess: InProcess) -> Iterator[httpx.Client]:
    """A client whose base URL is given per request (absolute URLs)."""
    with httpx.Client(transport=inprocess.transport(), headers=AUTH) as c:
        yield c
