"""The analysers: each reads one cycle's ``Snapshot`` and returns ``Finding`` values."""

from __future__ import annotations

from optimizer.analysers.cost import analyse_cost
from optimizer.analysers.drift import DriftMonitor, analyse_drift
from optimizer.analysers.latency import analyse_latency
from optimizer.analysers.policy import analyse_policy, blocked_models
from optimizer.analysers.quality import analyse_quality

__all__ = [
    "DriftMonitor",
    "analyse_cost",
    "analyse_drift",
    "analyse_latency",
    "analyse_policy",
    "analyse_quality",
    "blocked_models",
]
