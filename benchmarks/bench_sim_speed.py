"""Simulated seconds per wall second of ``default-day``, in-process, with the optimizer on.

The ``Rig`` with policy ``optimizer`` (world, seven services, in-process transport with contract
validation, real adapters, optimizer) and no event log file runs the whole scenario; the wall
time counts ``run()`` and ``finish()``, not the assembly (printed apart). The speed of every
block of simulated hours is printed too: the workload follows a daily curve, so the busy
afternoon runs slower than the night. Goal: >= 2000 (a simulated day in 43 s).
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from dataclasses import dataclass

from common import Ratio, emit, load, watchdog

NAME = "sim_speed"
GOAL = ">= 2000 simulated s per wall s"


@dataclass(frozen=True, slots=True)
class Run:
    """The figures of one run."""

    sim_s: float
    wall_s: float
    build_s: float
    requests: int
    http_calls: int
    blocks: tuple[float, ...]  # simulated s per wall s, per block of simulated time


def _one_run(scenario: str, duration: float | str | None, block_s: float) -> Run:
    """Wall seconds of one run, its size, and its speed per block of simulated time."""
    from simulator.harness.rig import Rig

    loaded = load(scenario, duration=duration)
    start = time.perf_counter()
    rig = Rig(loaded, policy="optimizer")
    built = time.perf_counter()
    marks: list[tuple[float, float]] = [(0.0, built)]

    def on_step(now: float) -> None:
        if now >= marks[-1][0] + block_s:
            marks.append((now, time.perf_counter()))

    rig.run(on_step=on_step)
    rig.finish()
    end = time.perf_counter()
    marks.append((rig.world.duration, end))
    sut = rig.sut
    assert sut is not None
    blocks = tuple((t1 - t0) / (w1 - w0) for (t0, w0), (t1, w1) in itertools.pairwise(marks))
    return Run(
        sim_s=rig.world.duration,
        wall_s=end - built,
        build_s=built - start,
        requests=rig.world.requests,
        http_calls=sut.inprocess.calls,
        blocks=blocks,
    )


def measure(
    *,
    scenario: str = "default-day",
    duration: float | str | None = None,
    repeats: int = 1,
    block_s: float = 4 * 3600.0,
) -> Ratio:
    """Run the scenario ``repeats`` times; the ratio is simulated seconds per median wall second."""
    runs = [_one_run(scenario, duration, block_s) for _ in range(repeats)]
    walls = [r.wall_s for r in runs]
    wall = statistics.median(walls)
    first = runs[0]
    sim_s, requests, calls = first.sim_s, first.requests, first.http_calls
    details = (
        f"scenario {scenario} ({sim_s:.0f} simulated s), {repeats} run(s), optimizer rig, "
        f"validation on, no event log file",
        f"wall per run: {', '.join(f'{w:.2f}' for w in walls)} s "
        f"(assembly {first.build_s:.2f} s, not counted)",
        f"{requests} simulated requests, {calls} HTTP calls through the in-process transport: "
        f"{wall / max(requests, 1) * 1e6:.0f} µs wall per request, "
        f"{wall / max(calls, 1) * 1e6:.0f} µs wall per HTTP call (everything included)",
        f"speed per {block_s / 3600:g} simulated h block: "
        + ", ".join(f"{b:.0f}" for b in first.blocks),
    )
    return Ratio(
        NAME, sim_s / wall, f"{sim_s:.0f} simulated s", f"{wall:.2f} wall s", GOAL, details
    )


def main(argv: list[str] | None = None) -> int:
    """Measure and print; bounded by a watchdog."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", default="default-day")
    parser.add_argument("--duration", default=None, help="shorten the scenario, e.g. 4h")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--timeout", type=int, default=1800, help="watchdog, wall seconds")
    args = parser.parse_args(argv)
    watchdog(args.timeout, "bench_sim_speed")
    emit(measure(scenario=args.scenario, duration=args.duration, repeats=args.repeats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
