"""Peak memory of a 7-day ``quiet`` run / a 1-day ``quiet`` run (bounded retention).

Each run is a child process of its own (``--child SECONDS``): the optimizer ``Rig`` (world,
services, in-process transport with validation, adapters, optimizer; no event log file) runs
``quiet`` stretched or cut to that duration, then prints one JSON line. Peak memory is the
child's peak resident set size, ``VmHWM`` of ``/proc/self/status`` (the high-water mark of its
own address space, interpreter and imported modules included). Not ``getrusage``'s
``ru_maxrss``: after fork and exec that keeps the parent's peak, so a child of a big process
(pytest, say) would report its parent. The child also samples its RSS once per simulated day,
so that growth shows. A 7-day run takes long: by default each duration runs
once (``--repeats`` interleaves more). Goal: <= 1.2.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import Ratio, emit, load, rss_mb, watchdog

NAME = "memory_7d_vs_1d"
GOAL = "<= 1.2"
DAY = 86_400.0


def peak_mb() -> float:
    """This process's peak resident set size so far, in MiB (``VmHWM``)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("Expected VmHWM in /proc/self/status (Linux).")


def child(duration: float, scenario: str = "quiet") -> dict[str, object]:
    """Run the optimizer rig for ``duration`` simulated seconds; its memory figures."""
    from simulator.harness.rig import Rig

    rig = Rig(load(scenario, duration=duration), policy="optimizer")
    built_mb = rss_mb()
    step = min(DAY, duration)
    samples: list[tuple[float, float]] = []

    def on_step(now: float) -> None:
        if now >= (len(samples) + 1) * step:
            samples.append((now, rss_mb()))

    start = time.perf_counter()
    rig.run(on_step=on_step)
    rig.finish()
    wall = time.perf_counter() - start
    return {
        "duration_s": duration,
        "requests": rig.world.requests,
        "wall_s": wall,
        "built_mb": built_mb,
        "peak_mb": peak_mb(),
        "end_mb": rss_mb(),
        "rss_mb_by_step": [[t, mb] for t, mb in samples],
    }


def _spawn(duration: float, timeout: float) -> dict[str, object]:
    """One child run; its JSON line."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", repr(duration)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    finally:
        if proc.poll() is None:  # ours, by pid; only on the way out of a timeout or a watchdog
            proc.kill()
            proc.wait()
    if proc.returncode != 0:
        raise RuntimeError(f"Expected the child run to succeed, got exit code {proc.returncode}.")
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return result


def _peak(run: dict[str, object]) -> float:
    value = run["peak_mb"]
    assert isinstance(value, float)
    return value


def label(seconds: float) -> str:
    """``7 d``, ``1 d`` or ``1.5 h``: a run's simulated duration, for the report."""
    return f"{seconds / DAY:.3g} d" if seconds >= DAY else f"{seconds / 3600:.3g} h"


def _describe(name: str, run: dict[str, object]) -> str:
    steps = run["rss_mb_by_step"]
    assert isinstance(steps, list)
    trend = ", ".join(f"{mb:.0f}" for _, mb in steps)
    return (
        f"{name}: {run['requests']} requests in {float(str(run['wall_s'])):.0f} wall s; "
        f"RSS after assembly {float(str(run['built_mb'])):.0f} MiB, peak {_peak(run):.0f} MiB, "
        f"at the end {float(str(run['end_mb'])):.0f} MiB; "
        f"RSS at each step: {trend} MiB"
    )


def measure(
    *, short: float = DAY, long: float = 7 * DAY, repeats: int = 1, timeout: float = 7200.0
) -> Ratio:
    """Median peak RSS of ``long`` runs / of ``short`` runs, each in its own child, alternating."""
    shorts: list[dict[str, object]] = []
    longs: list[dict[str, object]] = []
    for _ in range(repeats):
        shorts.append(_spawn(short, timeout))
        longs.append(_spawn(long, timeout))
    peak_s = statistics.median(_peak(r) for r in shorts)
    peak_l = statistics.median(_peak(r) for r in longs)
    details = (
        f"quiet, optimizer rig, each run in its own process, {repeats} run(s) of each "
        "(peak RSS = VmHWM of the child, interpreter included)",
        _describe(label(long), longs[-1]),
        _describe(label(short), shorts[-1]),
    )
    return Ratio(
        NAME,
        peak_l / peak_s,
        f"{label(long)} peak {peak_l:.0f} MiB",
        f"{label(short)} peak {peak_s:.0f} MiB",
        GOAL,
        details,
    )


def main(argv: list[str] | None = None) -> int:
    """Measure and print (or, with ``--child``, run one duration); bounded by a watchdog."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", type=float, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--short", type=float, default=DAY, help="simulated seconds")
    parser.add_argument("--long", type=float, default=7 * DAY, help="simulated seconds")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--timeout", type=int, default=7200, help="watchdog, wall seconds")
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(child(args.child)))
        return 0
    watchdog(args.timeout, "bench_memory")
    emit(measure(short=args.short, long=args.long, repeats=args.repeats, timeout=args.timeout))
    return 0


if __name__ == "__main__":
    sys.exit(main())
