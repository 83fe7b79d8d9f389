"""A golden trace pins a short canonical run: any change to what the world, the services, the
adapters or the optimizer do shows up here first (SimPy's examples keep ``.out`` files so).

The golden file holds, per kind and feed, the count of events of the canonical run and the
SHA-256 of its whole ``events.jsonl``. After an intended change of behaviour, regenerate it
with ``INFRASIM_REGEN_GOLDEN=1 pytest tests/simulator/harness/test_golden_trace.py`` and
review the diff of the golden file like any other change.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path

from simulator.harness.run import rehearse
from simulator.scenarios import load_scenario

GOLDEN = Path(__file__).parent / "golden" / "smoke-seed3-10m.json"


def canonical(tmp_path: Path) -> dict[str, object]:
    out = tmp_path / "run"
    rehearse(load_scenario("smoke", seed=3, duration="10m"), out=out)
    raw = (out / "events.jsonl").read_bytes()
    counts: Counter[str] = Counter()
    for line in raw.splitlines():
        event = json.loads(line)
        counts[f"{event['kind']} {event.get('feed', event.get('decision', ''))}".strip()] += 1
    return {"sha256": hashlib.sha256(raw).hexdigest(), "counts": dict(sorted(counts.items()))}


def test_the_canonical_run_matches_its_golden_trace(tmp_path: Path) -> None:
    got = canonical(tmp_path)
    if os.environ.get("INFRASIM_REGEN_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(got, indent=2) + "\n", encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert got["counts"] == expected["counts"]
    assert got["sha256"] == expected["sha256"]
