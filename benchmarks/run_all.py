"""Run every benchmark script one after another and print one JSON line with every ratio.

The scripts run in sequence (never in parallel: the machine has 2 cores), each in its own
process, their output passed through as it comes. The last line is a JSON object with one key
per figure; a figure that could not be taken (a failed script, ``nan``) is ``null``. Exit code 1
when a script failed.
"""

from __future__ import annotations

import json
import math
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# script -> the name of the ratio it prints (the JSON key)
SCRIPTS = {
    "bench_sim_speed.py": "sim_speed",
    "bench_facade.py": "facade_vs_respx",
    "bench_world.py": "world_per_request_events",
    "bench_memory.py": "memory_7d_vs_1d",
    "bench_loopback.py": "loopback_vs_bare",
    "bench_scaling.py": "scaling_4x",
}
OUTER_TIMEOUT_S = 3 * 3600  # each script has its own, shorter watchdog


def machine() -> str:
    """One line about the machine the figures come from."""
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"machine: {os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, load average {load}"
    )


def run(script: str) -> tuple[float | None, bool]:
    """Run one script, echo its output; its ratio (None for nan) and whether it succeeded."""
    proc = subprocess.Popen(
        [sys.executable, str(HERE / script)], stdout=subprocess.PIPE, text=True, bufsize=1
    )
    lines: list[str] = []
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            lines.append(line.rstrip("\n"))
        proc.wait(timeout=OUTER_TIMEOUT_S)
    finally:
        if proc.poll() is None:  # ours, by pid
            proc.kill()
            proc.wait()
    ratios = [line for line in lines if line.startswith("RATIO ")]
    if proc.returncode != 0 or not ratios:
        return None, False
    _, name, value, *_ = ratios[-1].split(" ")
    if name != SCRIPTS[script]:
        print(f"{script} printed the ratio {name!r}, expected {SCRIPTS[script]!r}.")
        return None, False
    number = float(value)
    return (None if math.isnan(number) else number), True


def main() -> int:
    """Run the scripts and print the JSON line last."""
    print(machine(), flush=True)
    ratios: dict[str, float | None] = {}
    failed = False
    for script, key in SCRIPTS.items():
        print(f"== {script}", flush=True)
        start = time.perf_counter()
        value, ok = run(script)
        print(f"-- {script}: {time.perf_counter() - start:.0f} s wall", flush=True)
        ratios[key] = value
        failed = failed or not ok
    print(json.dumps(ratios))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
