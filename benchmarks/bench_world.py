"""World cost per simulated LLM request, in bare SimPy timeout events of the same run.

Numerator: the ``World`` alone (no services, no adapters, no optimizer) of ``quiet`` shortened to
``duration``: wall seconds of ``world.run()`` (assembly not counted) / requests served.
Denominator: one process yielding ``env.timeout(1)`` ``events`` times on a fresh SimPy
environment: wall seconds / events. The two alternate ``repeats`` times; medians.
Goal: <= 25 (a simulated request costs at most 25 bare events).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Generator

import simpy
from common import Lap, Ratio, alternate, emit, load, watchdog

NAME = "world_per_request_events"
GOAL = "<= 25 bare SimPy events per simulated request"


def _ticks(env: simpy.Environment, count: int) -> Generator[simpy.Event, object, None]:
    for _ in range(count):
        yield env.timeout(1)


def measure(*, duration: str = "2h", events: int = 200_000, repeats: int = 5) -> Ratio:
    """Median µs per simulated request and per bare event, interleaved ``repeats`` times."""
    from simulator.world import World

    scenario = load("quiet", duration=duration)
    served: list[int] = []

    def world_run() -> Lap:
        world = World(scenario)
        lap = Lap.of(world.run)
        served.append(world.requests)
        return lap

    def bare_run() -> Lap:
        env = simpy.Environment()
        env.process(_ticks(env, events))
        return Lap.of(env.run)

    laps_w, laps_b = alternate(world_run, bare_run, repeats=repeats)
    requests = served[-1]
    if requests == 0 or any(n != requests for n in served):
        raise RuntimeError(f"Expected the same positive request count per run, got {served}.")
    lap_w, lap_b = Lap.median(laps_w), Lap.median(laps_b)
    per_request = lap_w.wall / requests * 1e6
    per_event = lap_b.wall / events * 1e6
    details = (
        f"quiet for {duration}: {requests} simulated requests per run; {events} bare timeouts "
        f"per run; {repeats} interleaved repetitions",
        f"world per repetition: {', '.join(f'{x.wall / requests * 1e6:.1f}' for x in laps_w)} "
        f"µs/request",
        f"bare per repetition: {', '.join(f'{x.wall / events * 1e6:.2f}' for x in laps_b)} "
        f"µs/event",
        f"CPU time ratio: {(lap_w.cpu / requests) / (lap_b.cpu / events):.3g}",
    )
    return Ratio(
        NAME,
        per_request / per_event,
        f"world {per_request:.1f} µs/request",
        f"bare SimPy {per_event:.2f} µs/event",
        GOAL,
        details,
    )


def main(argv: list[str] | None = None) -> int:
    """Measure and print; bounded by a watchdog."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", default="2h")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--timeout", type=int, default=300, help="watchdog, wall seconds")
    args = parser.parse_args(argv)
    watchdog(args.timeout, "bench_world")
    emit(measure(duration=args.duration, repeats=args.repeats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
