"""Scenarios: YAML files validated by their JSON Schema into frozen values; built-ins ship here."""

from simulator.scenarios.durations import format_duration, parse_duration, parse_instant
from simulator.scenarios.errors import ScenarioError
from simulator.scenarios.loader import (
    builtin_scenarios,
    load_scenario,
    parse_scenario,
    scenario_schema,
    scenario_text,
)
from simulator.scenarios.model import (
    FAULT_KINDS,
    INCIDENT_KINDS,
    Fault,
    Incident,
    RoutingSetup,
    Scenario,
    TokenDistribution,
    WorkloadConfig,
    WorldConfig,
)

__all__ = [
    "FAULT_KINDS",
    "INCIDENT_KINDS",
    "Fault",
    "Incident",
    "RoutingSetup",
    "Scenario",
    "ScenarioError",
    "TokenDistribution",
    "WorkloadConfig",
    "WorldConfig",
    "builtin_scenarios",
    "format_duration",
    "load_scenario",
    "parse_duration",
    "parse_instant",
    "parse_scenario",
    "scenario_schema",
    "scenario_text",
]
