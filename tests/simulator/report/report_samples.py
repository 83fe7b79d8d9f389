"""A small hand-made rehearsal for the report tests: a summary, minute series and decisions."""

from __future__ import annotations

import copy
from typing import Any

from simulator.harness.outcomes import OutcomeMeter
from simulator.report import ReportInputs, series_of
from simulator.world.control import DEFAULT_THRESHOLDS
from simulator.world.records import RequestOutcome


def outcome(t: float, model: str, *, latency: float = 800.0, cost: float = 0.002) -> RequestOutcome:
    return RequestOutcome(
        request_id=f"r{t}-{model}",
        t_start=t,
        t_end=t,
        model_id=model,
        provider="p",
        input_tokens=100,
        output_tokens=50,
        cost_usd=cost,
        latency_ms=latency,
        ttft_ms=100.0,
        queue_ms=0.0,
        network_ms=10.0,
        status="ok",
        quality=0.9,
        prompt="hello",
    )


def minutes_of_traffic(minutes: int) -> OutcomeMeter:
    """Two models; from minute 5 on, model b takes over and is slow and dear."""
    meter = OutcomeMeter(copy.deepcopy(DEFAULT_THRESHOLDS))
    for minute in range(minutes):
        late = minute >= 5
        for i in range(4):
            model = "b" if late and i else "a"
            latency = 9000.0 if model == "b" else 800.0
            meter.observe(outcome(minute * 60 + i, model, latency=latency, cost=0.001 + late * i))
    meter.finish()
    return meter


def summary() -> dict[str, Any]:
    policy = {
        "requests": 40,
        "cost_per_request": 0.002,
        "slo_violation_minutes": 5,
        "mean_loss": 0.5,
        "regret": 0.3,
        "minutes": 10,
    }
    incident = {
        "id": "slow-b",
        "kind": "latency_degradation",
        "target": "b",
        "start": 300.0,
        "end": None,
        "detected_after_s": 60.0,
        "detected_by": "latency-lens/fetchAnomalies",
        "mitigated_after_s": 120.0,
        "mitigated_by": "failover:dec-000002",
    }
    feed = {"emitted": 40, "delivered": 40, "pending": 0, "lost": 0, "duplicated": 0}
    return {
        "scenario": "hand-made",
        "seed": 3,
        "epoch": "2025-01-06T00:00:00.000Z",
        "duration_s": 600.0,
        "feeds": {"cost-ops/fetchCostEvents": dict(feed), "shield/fetchPIIDetections": dict(feed)},
        "services": {
            "cost-ops": {"calls": 10, "ok": 10, "contract_checks": 10, "contract_violations": 0},
            "shield": {"calls": 10, "ok": 10, "contract_checks": 10, "contract_violations": 0},
        },
        "decisions": {"failover": 1, "model_selection": 1},
        "dead_letters": [],
        "outcomes": {
            "optimizer": {**policy, "incidents": [incident]},
            "baseline": {**policy, "regret": 0.6, "cost_per_request": 0.003},
            "oracle": {**policy, "regret": 0.0, "cost_per_request": 0.001},
        },
    }


DECISIONS = [
    {
        "id": "dec-000001",
        "t": 60.0,
        "kind": "model_selection",
        "target": "a",
        "weights": {"a": 0.7, "b": 0.3},
        "parameters": {},
        "reasons": ["r1"],
    },
    {
        "id": "dec-000002",
        "t": 420.0,
        "kind": "failover",
        "target": "b",
        "weights": {"a": 1.0, "b": 0.0},
        "parameters": {},
        "reasons": ["r2"],
    },
]


def sample_inputs() -> ReportInputs:
    """A ten-minute rehearsal that passed, with one incident and two decisions."""
    meter = minutes_of_traffic(10)
    return ReportInputs(summary(), {"optimizer": series_of(meter.history)}, DECISIONS)
