"""Timing helpers shared by the benchmark scripts: interleaved medians, one ratio per script.

Each script measures a numerator and a denominator in the same process, interleaved, as medians
of several repetitions (the machine is noisy: compare only figures taken side by side), and
prints its ratio as its last line: ``RATIO <name> <value> (<numerator> / <denominator>)``.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable

__all__ = ["interleaved", "report", "timed"]


def timed(fn: Callable[[], object]) -> float:
    """Wall seconds of one call, with the garbage collector settled first."""
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def interleaved(
    a: Callable[[], object], b: Callable[[], object], *, repeats: int = 5, warmup: int = 1
) -> tuple[float, float]:
    """Median wall seconds of ``a`` and of ``b``, run alternately ``repeats`` times each."""
    for _ in range(warmup):
        a()
        b()
    times_a, times_b = [], []
    for _ in range(repeats):
        times_a.append(timed(a))
        times_b.append(timed(b))
    return statistics.median(times_a), statistics.median(times_b)


def report(name: str, ratio: float, numerator: str, denominator: str, goal: str) -> None:
    """Print the ratio as the script's last line, with the two figures it came from."""
    print(f"goal: {goal}")
    print(f"RATIO {name} {ratio:.4g} ({numerator} / {denominator})")
