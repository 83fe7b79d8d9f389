"""Run every benchmark script one after another and print one JSON line with every ratio."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = (
    "bench_sim_speed.py",
    "bench_facade.py",
    "bench_world.py",
    "bench_memory.py",
    "bench_loopback.py",
    "bench_scaling.py",
)


def main() -> int:
    """Run the scripts in sequence (never in parallel: 2 cores) and gather their ratios."""
    ratios: dict[str, float | None] = {}
    failed = False
    for script in SCRIPTS:
        print(f"== {script}", flush=True)
        proc = subprocess.run(
            [sys.executable, str(HERE / script)], capture_output=True, text=True, check=False
        )
        sys.stdout.write(proc.stdout)
        sys.stderr.write(proc.stderr)
        lines = [line for line in proc.stdout.splitlines() if line.startswith("RATIO ")]
        if proc.returncode != 0 or not lines:
            failed = True
            continue
        _, name, value, *_ = lines[-1].split(" ")
        ratios[name] = float(value)
    print(json.dumps(ratios, sort_keys=False))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
