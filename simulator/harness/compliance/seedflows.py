"""The seed's signal-flow tables (sections 8.1-8.4 and 3.2) and what a recorded run shows of them.

Each row names the Infra module, the signal, the seed's intended use and the feed that carries the
signal here. ``observed(recording)`` counts, per row, the items the service emitted, the adapter
delivered and the decisions that cite them, with the first complete chain as evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.harness.compliance.dynamic import thresholds_followed
from simulator.harness.compliance.flows import first_flow, flows, is_state, state_emissions
from simulator.harness.compliance.recording import Recording

__all__ = ["SEED_FLOWS", "SeedFlow", "observed"]


@dataclass(frozen=True, slots=True)
class SeedFlow:
    """One row of the seed's tables: section, module, signal, use, and our feed (None: none)."""

    section: str
    module: str
    signal: str
    usage: str
    feed: str | None
    item_type: str | None = None


SEED_FLOWS: tuple[SeedFlow, ...] = (
    SeedFlow(
        "8.1",
        "Sentinel",
        "Drift signals",
        "Detect prompt effectiveness drift",
        "sentinel/fetchDriftSignals",
        "quality_drift",
    ),
    SeedFlow(
        "8.1",
        "Observatory",
        "Quality traces",
        "Track response quality metrics",
        "observatory/searchTraces",
    ),
    SeedFlow(
        "8.1",
        "CostOps",
        "Token usage",
        "Optimize prompt length for cost",
        "cost-ops/fetchCostEvents",
    ),
    SeedFlow(
        "8.2",
        "Sentinel",
        "Performance drift",
        "Trigger model re-evaluation",
        "sentinel/fetchDriftSignals",
        "performance_drift",
    ),
    SeedFlow(
        "8.2",
        "Sentinel",
        "Quality drift",
        "Trigger strategy adjustment",
        "sentinel/fetchDriftSignals",
        "quality_drift",
    ),
    SeedFlow(
        "8.2",
        "LatencyLens",
        "Latency anomalies",
        "Detect provider degradation",
        "latency-lens/fetchAnomalies",
    ),
    SeedFlow(
        "8.3",
        "LatencyLens",
        "P50/P99 profiles",
        "Model selection scoring",
        "latency-lens/fetchLatencyProfiles",
    ),
    SeedFlow(
        "8.3",
        "LatencyLens",
        "Throughput stats",
        "Load balancing decisions",
        "latency-lens/fetchThroughputStats",
    ),
    SeedFlow(
        "8.3",
        "RouterL2",
        "Routing decisions",
        "Traffic distribution",
        "router-l2/fetchRoutingDecisions",
    ),
    SeedFlow(
        "8.4",
        "ConfigManager",
        "Model availability",
        "Filter available models",
        "config-manager/getModelAvailability",
    ),
    SeedFlow(
        "8.4",
        "ConfigManager",
        "Routing config",
        "Apply routing rules",
        "config-manager/getRoutingConfig",
    ),
    SeedFlow(
        "8.4",
        "CostOps",
        "Cost projections",
        "Cost-optimized selection",
        "cost-ops/fetchProjections",
    ),
    SeedFlow(
        "8.4",
        "LatencyLens",
        "Provider latency",
        "Latency-optimized selection",
        "latency-lens/fetchLatencyProfiles",
    ),
    SeedFlow(
        "3.2",
        "ConfigManager",
        "Optimization thresholds",
        "Decision Engine consumes",
        "config-manager/getThresholds",
    ),
    SeedFlow(
        "3.2",
        "Sentinel",
        "Drift signals",
        "Decision Engine: adaptive tuning",
        "sentinel/fetchDriftSignals",
    ),
    SeedFlow(
        "3.2",
        "LatencyLens",
        "Latency profiles",
        "Decision Engine: model selection",
        "latency-lens/fetchLatencyProfiles",
    ),
    SeedFlow(
        "3.2",
        "CostOps",
        "Cost projections",
        "Decision Engine: cost-aware optimization",
        "cost-ops/fetchProjections",
    ),
    SeedFlow("3.2", "Shield", "Policy decisions", "Actuator consumes", "shield/fetchPolicyBlocks"),
    SeedFlow("3.2", "Observatory", "Telemetry traces", "Collector exports (a write)", None),
)


def observed(recording: Recording, within: float = 600.0) -> list[dict[str, Any]]:
    """Per seed row: emitted, delivered, citing decisions and the first chain (or why none)."""
    rows = []
    for row in SEED_FLOWS:
        entry: dict[str, Any] = {
            "section": row.section,
            "module": row.module,
            "signal": row.signal,
            "usage": row.usage,
            "feed": row.feed or "-",
        }
        if row.feed is None:
            writes = sum(1 for c in recording.calls if c.method != "GET")
            entry |= {
                "emitted": 0,
                "delivered": 0,
                "cited": 0,
                "evidence": f"not implemented by design: {writes} write requests to Infra",
            }
            rows.append(entry)
            continue
        entry |= _counts(recording, row, within)
        rows.append(entry)
    return rows


def _counts(recording: Recording, row: SeedFlow, within: float) -> dict[str, Any]:
    assert row.feed is not None
    feed, wanted = row.feed, row.item_type

    def where(item: Any) -> bool:
        return wanted is None or getattr(item, "type", None) == wanted

    emitted = (
        len(state_emissions(recording, feed)) if is_state(feed) else len(recording.emitted(feed))
    )
    counts: dict[str, Any] = {
        "emitted": emitted,
        "delivered": sum(1 for d in recording.delivered(feed) if is_state(feed) or where(d.item)),
    }
    if feed == "config-manager/getThresholds":
        check = thresholds_followed(recording)
        return counts | {"cited": "-", "evidence": check.text}
    flow = first_flow(recording, feed, within=within, where=None if is_state(feed) else where)
    cited = {f.decision.id for f in flows(recording, feed, where=None if is_state(feed) else where)}
    return counts | {
        "cited": len(cited),
        "evidence": flow.describe() if flow else "no decision of this run cites it",
    }
