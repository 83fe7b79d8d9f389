"""The optimizer core: a windowed signal store, analysers, strategies and an Actuator seam."""

from __future__ import annotations

from optimizer.config import (
    FLAG_NAMES,
    Flags,
    ModelState,
    OptimizerConfig,
    PolicyState,
    RoutingPolicy,
    Thresholds,
)
from optimizer.decision import DECISION_KINDS, Actuator, Decision, DecisionKind, Reason
from optimizer.engine import Optimizer
from optimizer.errors import DecisionError, IntakeError, OptimizerError, SettingsError
from optimizer.settings import BALANCED, COST_FOCUSED, QUALITY_FOCUSED, Objective, Settings
from optimizer.signals import Metric, Signal, SignalStore, Summary

__all__ = [
    "BALANCED",
    "COST_FOCUSED",
    "DECISION_KINDS",
    "FLAG_NAMES",
    "QUALITY_FOCUSED",
    "Actuator",
    "Decision",
    "DecisionError",
    "DecisionKind",
    "Flags",
    "IntakeError",
    "Metric",
    "ModelState",
    "Objective",
    "Optimizer",
    "OptimizerConfig",
    "OptimizerError",
    "PolicyState",
    "Reason",
    "RoutingPolicy",
    "Settings",
    "SettingsError",
    "Signal",
    "SignalStore",
    "Summary",
    "Thresholds",
]
