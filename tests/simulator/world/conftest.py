"""Fixtures for world tests: small worlds built from scenario documents, run to their end."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from simulator.scenarios import parse_scenario
from simulator.world import RequestOutcome, World, WorldNotice


@dataclass
class Run:
    """A world with everything it published."""

    world: World
    outcomes: list[RequestOutcome] = field(default_factory=list)
    notices: list[WorldNotice] = field(default_factory=list)

    def between(self, start: float, end: float, model: str | None = None) -> list[RequestOutcome]:
        """Outcomes of requests that arrived in ``[start, end)`` (on one model)."""
        return [
            o
            for o in self.outcomes
            if start <= o.t_start < end and (model is None or o.model_id == model)
        ]


def document(**changes: Any) -> dict[str, Any]:
    """A scenario document: 30 minutes at 4 requests/s with a flat daily curve."""
    doc: dict[str, Any] = {
        "name": "test",
        "epoch": "2025-01-06T12:00:00Z",
        "duration": "30m",
        "seed": 5,
        "world": {"workload": {"base_rate": 4.0, "diurnal_amplitude": 0.0}},
    }
    doc.update(changes)
    return doc


@pytest.fixture
def make_world() -> Callable[..., World]:
    """Build a world from document changes (``timeline=[...]``, ``routing={...}``, ...)."""

    def make(**changes: Any) -> World:
        return World(parse_scenario(document(**changes)))

    return make


@pytest.fixture
def run_world(make_world: Callable[..., World]) -> Callable[..., Run]:
    """Build a world, subscribe to its bus, run it to the end (plus a minute to drain)."""

    def run(until: float | None = None, **changes: Any) -> Run:
        world = make_world(**changes)
        result = Run(world)
        world.bus.on_outcome(result.outcomes.append)
        world.bus.on_notice(result.notices.append)
        world.run(until if until is not None else world.duration + 60.0)
        return result

    return run
