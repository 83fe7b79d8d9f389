"""The harness loop interleaves tasks and world steps in simulated time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import simpy

from simulator.clock import SimClock
from simulator.harness.loop import Loop


@pytest.fixture
def clock() -> SimClock:
    return SimClock(simpy.Environment(), datetime(2026, 1, 1, tzinfo=UTC))


def ticker(env: simpy.Environment, seen: list[float]):  # type: ignore[no-untyped-def]
    while True:
        seen.append(env.now)
        yield env.timeout(10)


def test_tasks_run_at_their_intervals_and_the_world_runs_between(clock: SimClock) -> None:
    world: list[float] = []
    clock.env.process(ticker(clock.env, world))
    runs: list[tuple[str, float]] = []
    loop = Loop(clock)
    loop.every("a", 30, lambda: runs.append(("a", clock.now())))
    loop.every("b", 45, lambda: runs.append(("b", clock.now())), start=5)
    loop.run(100)
    assert runs == [("a", 0), ("b", 5), ("a", 30), ("b", 50), ("a", 60), ("a", 90), ("b", 95)]
    assert world == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]
    assert clock.now() == 100


def test_a_task_that_sleeps_delays_its_next_run(clock: SimClock) -> None:
    runs: list[float] = []

    def slow() -> None:
        runs.append(clock.now())
        clock.sleep(7)

    loop = Loop(clock)
    loop.every("slow", 10, slow)
    loop.run(40)
    assert runs == [0, 17, 34]


def test_ties_run_in_registration_order(clock: SimClock) -> None:
    order: list[str] = []
    loop = Loop(clock)
    for name in ("z", "a", "m"):
        loop.every(name, 10, lambda name=name: order.append(name))
    loop.run(0)
    assert order == ["z", "a", "m"]


def test_bad_interval_and_duplicate_names_are_refused(clock: SimClock) -> None:
    loop = Loop(clock)
    with pytest.raises(ValueError, match=r"interval=0"):
        loop.every("x", 0, lambda: None)
    loop.every("x", 1, lambda: None)
    with pytest.raises(ValueError, match=r"name='x' twice"):
        loop.every("x", 1, lambda: None)
