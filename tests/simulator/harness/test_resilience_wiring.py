"""The resilience layer inside a rehearsal follows Infra signals and loses nothing silently."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from simulator.harness.rig import Rig
from simulator.scenarios import Scenario, load_scenario


def smoke(duration: str = "20m", **optimizer: Any) -> Scenario:
    scenario = load_scenario("smoke", seed=5, duration=duration)
    return dataclasses.replace(scenario, optimizer={**scenario.optimizer, **optimizer})


def finished(scenario: Scenario) -> Rig:
    rig = Rig(scenario)
    rig.run()
    rig.finish()
    return rig


def test_a_slow_ingest_raises_backpressure_levels_and_counts_what_it_sheds() -> None:
    rig = finished(smoke("10m", ingest_rate=4.0, buffer_capacity=400))
    assert rig.sut is not None
    summary = rig.sut.resilience.summary()["backpressure"]
    assert summary["transitions"].get("normal->warning", 0) >= 1
    shed = sum(summary["shed"].values())
    assert shed > 0
    # Shedding is a stated policy, never silent: every shed item is one the truth saw lost
    # or still pending, and the lowest-priority feed (traces) sheds first.
    truth = rig.sut.services.truth.summary(rig.clock.now())
    missing = sum(c["lost"] + c["pending"] for c in truth.values())
    assert missing >= shed
    assert max(summary["shed"], key=summary["shed"].get) == "observatory/searchTraces"


def test_levels_fall_back_when_the_ingest_keeps_up_again() -> None:
    rig = Rig(smoke("10m", ingest_rate=4.0, buffer_capacity=400))
    assert rig.sut is not None
    rig.run(until=300)
    parts = rig.sut.resilience
    assert parts.buffer.level != "normal"
    parts.ingest_rate = 10_000.0
    rig.run()
    assert parts.buffer.level == "normal"


def test_a_circuit_breaker_threshold_from_configmanager_reaches_the_breakers() -> None:
    rig = Rig(smoke("3m"))
    assert rig.sut is not None
    rig.world.control.set("thresholds", "errorRate.circuitBreakerThreshold", 0.25)
    rig.run()
    assert rig.sut.resilience.layer.breaker_settings.failure_rate == pytest.approx(0.25)


def test_a_handler_bug_parks_items_in_the_dead_letter_queue_until_it_is_fixed() -> None:
    rig = Rig(smoke("20m"))
    assert rig.sut is not None
    optimizer = rig.sut.optimizer
    real_observe = optimizer.observe
    broken = {"until": 120.0}

    def flaky_observe(item: Any) -> None:
        if rig.clock.now() < broken["until"]:
            raise RuntimeError("optimizer bug")
        real_observe(item)

    rig.sut.resilience.buffer._sink = _sink_through(rig, flaky_observe)
    rig.run()
    rig.finish()
    counts = rig.sut.resilience.dlq.counts
    assert counts.put > 0
    assert counts.delivered == counts.put
    truth = rig.sut.services.truth.summary(rig.clock.now())
    assert all(c["lost"] == 0 and c["duplicated"] == 0 for c in truth.values())


def _sink_through(rig: Rig, observe: Any) -> Any:
    from simulator.harness.wiring import FEED_WIRING

    def sink(feed: str, item: Any) -> None:
        observe(item)
        rig._delivered(feed, getattr(item, FEED_WIRING[feed].id_field), item)

    return sink
