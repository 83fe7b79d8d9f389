"""Timing helpers shared by the benchmark scripts: interleaved medians, one ratio per script.

Each script measures a numerator and a denominator in the same process, interleaved, as medians
of several repetitions (the machine is noisy: compare only figures taken side by side), and
prints its ratio as its last line: ``RATIO <name> <value> (<numerator> / <denominator>)``.
Every script bounds its own time with ``watchdog`` and ends only the processes it started.
"""

from __future__ import annotations

import dataclasses
import gc
import math
import os
import signal
import socket
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from simulator.scenarios import Scenario

__all__ = [
    "Lap",
    "Ratio",
    "alternate",
    "emit",
    "free_port",
    "interleaved",
    "load",
    "report",
    "rss_mb",
    "timed",
    "watchdog",
]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Ratio:
    """One figure: its name, value, the two absolute figures it came from, and its goal."""

    name: str
    value: float
    numerator: str
    denominator: str
    goal: str
    details: tuple[str, ...] = ()

    def line(self) -> str:
        """The ``RATIO`` line (``nan`` when the figure could not be taken)."""
        value = "nan" if math.isnan(self.value) else f"{self.value:.4g}"
        return f"RATIO {self.name} {value} ({self.numerator} / {self.denominator})"


@dataclass(frozen=True, slots=True)
class Lap:
    """Wall and CPU seconds (this process) of one measured piece of work."""

    wall: float
    cpu: float

    @staticmethod
    def of(fn: Callable[[], object]) -> Lap:
        """Time one call of ``fn``."""
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        return Lap(time.perf_counter() - wall, time.process_time() - cpu)

    @staticmethod
    def median(laps: list[Lap]) -> Lap:
        """The median wall and the median CPU seconds of several laps."""
        return Lap(statistics.median(x.wall for x in laps), statistics.median(x.cpu for x in laps))


def timed(fn: Callable[[], object]) -> float:
    """Wall seconds of one call, with the garbage collector settled first."""
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def alternate(
    a: Callable[[], T], b: Callable[[], T], *, repeats: int = 5, warmup: int = 1
) -> tuple[list[T], list[T]]:
    """Run ``a`` and ``b`` alternately (after ``warmup`` unrecorded rounds), the garbage
    collector settled before each; each returns what it measured itself (seconds, a ``Lap``)."""
    for _ in range(warmup):
        a()
        b()
    results_a: list[T] = []
    results_b: list[T] = []
    for _ in range(repeats):
        gc.collect()
        results_a.append(a())
        gc.collect()
        results_b.append(b())
    return results_a, results_b


def interleaved(
    a: Callable[[], object], b: Callable[[], object], *, repeats: int = 5, warmup: int = 1
) -> tuple[float, float]:
    """Median wall seconds of ``a`` and of ``b``, run alternately ``repeats`` times each."""
    times_a, times_b = alternate(lambda: timed(a), lambda: timed(b), repeats=repeats, warmup=warmup)
    return statistics.median(times_a), statistics.median(times_b)


def report(name: str, ratio: float, numerator: str, denominator: str, goal: str) -> None:
    """Print the ratio as the script's last line, with the two figures it came from."""
    emit(Ratio(name, ratio, numerator, denominator, goal))


def emit(ratio: Ratio) -> None:
    """Print a figure's details, its goal, then its ``RATIO`` line last."""
    for line in ratio.details:
        print(line)
    print(f"goal: {ratio.goal}")
    print(ratio.line(), flush=True)


def watchdog(seconds: int, what: str) -> None:
    """Stop this script (exit 3, running ``finally`` blocks) after ``seconds`` of wall time."""

    def expired(signum: int, frame: FrameType | None) -> None:
        print(f"watchdog: {what} took more than {seconds} s; stopping.", file=sys.stderr)
        raise SystemExit(3)

    signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mb() -> float:
    """This process's resident set size now, in MiB (Linux ``/proc/self/statm``)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def load(name: str, *, duration: float | str | None = None, rate_factor: float = 1.0) -> Scenario:
    """A built-in scenario, optionally shortened and with its workload's base rate scaled."""
    from simulator.scenarios import load_scenario

    scenario = load_scenario(name, duration=duration)
    if rate_factor == 1.0:
        return scenario
    work = scenario.world.workload
    work = dataclasses.replace(work, base_rate=work.base_rate * rate_factor)
    world = dataclasses.replace(scenario.world, workload=work)
    return dataclasses.replace(scenario, world=world)
