"""Wall time of a run at 4x the request rate / the same run at 1x.

The optimizer ``Rig`` (in-process, validation on, no event log file) runs ``quiet`` shortened to
``duration``; the 4x run is the same scenario with the world workload's ``base_rate`` times 4
(same seed, same poll intervals: only the items per poll grow). Wall of ``run()`` + ``finish()``
(assembly not counted), the two alternating ``repeats`` times; medians. Linear would be 4 (less,
as the fixed cost of polling is shared). Goal: <= 4.4.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from common import Lap, Ratio, alternate, emit, load, watchdog

if TYPE_CHECKING:
    from simulator.scenarios import Scenario

NAME = "scaling_4x"
GOAL = "<= 4.4"


def measure(
    *, scenario: str = "quiet", duration: str = "1h", factor: float = 4.0, repeats: int = 3
) -> Ratio:
    """Median wall of the ``factor`` x run / of the 1x run, interleaved ``repeats`` times."""
    from simulator.harness.rig import Rig

    base = load(scenario, duration=duration)
    scaled = load(scenario, duration=duration, rate_factor=factor)
    served: dict[str, int] = {}

    def run(label: str, loaded: Scenario) -> Lap:
        rig = Rig(loaded, policy="optimizer")

        def work() -> None:
            rig.run()
            rig.finish()

        lap = Lap.of(work)
        served[label] = rig.world.requests
        return lap

    laps_1, laps_n = alternate(
        lambda: run("1x", base), lambda: run("nx", scaled), repeats=repeats, warmup=0
    )
    lap_1, lap_n = Lap.median(laps_1), Lap.median(laps_n)
    n1, nn = served["1x"], served["nx"]
    details = (
        f"{scenario} for {duration}: {n1} requests at 1x, {nn} at {factor:g}x "
        f"(x{nn / max(n1, 1):.2f}); {repeats} interleaved repetitions",
        f"1x wall per repetition: {', '.join(f'{x.wall:.2f}' for x in laps_1)} s",
        f"{factor:g}x wall per repetition: {', '.join(f'{x.wall:.2f}' for x in laps_n)} s",
        f"CPU time ratio: {lap_n.cpu / lap_1.cpu:.3g}",
    )
    return Ratio(
        NAME,
        lap_n.wall / lap_1.wall,
        f"{factor:g}x {lap_n.wall:.2f} wall s",
        f"1x {lap_1.wall:.2f} wall s",
        GOAL,
        details,
    )


def main(argv: list[str] | None = None) -> int:
    """Measure and print; bounded by a watchdog."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", default="quiet")
    parser.add_argument("--duration", default="1h")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--timeout", type=int, default=900, help="watchdog, wall seconds")
    args = parser.parse_args(argv)
    watchdog(args.timeout, "bench_scaling")
    emit(measure(scenario=args.scenario, duration=args.duration, repeats=args.repeats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
