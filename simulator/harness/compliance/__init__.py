"""The compliance checklist and the compatibility matrix, verified on a recorded run.

Names are loaded on first use: ``simulator.harness.rig`` imports ``upstream`` from here (for the
``profile_switch`` fault), and ``run`` imports the rig, so nothing is imported eagerly.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "CALLS",
    "FORMATS",
    "INCONSISTENCY",
    "SEED_FLOWS",
    "SEED_ROWS",
    "Flow",
    "MatrixRow",
    "Recording",
    "Row",
    "UpstreamApp",
    "assess",
    "call_round",
    "classify",
    "compliance_scenario",
    "disagreements",
    "evaluate",
    "first_flow",
    "flows",
    "matrices",
    "probe",
    "record",
    "render",
    "run_compliance",
    "upstream_transport",
]

_HOMES = {
    "CALLS": "calls",
    "call_round": "calls",
    "FORMATS": "report",
    "render": "report",
    "INCONSISTENCY": "checklist",
    "SEED_ROWS": "checklist",
    "Row": "checklist",
    "evaluate": "checklist",
    "SEED_FLOWS": "seedflows",
    "Flow": "flows",
    "first_flow": "flows",
    "flows": "flows",
    "MatrixRow": "matrix",
    "classify": "matrix",
    "disagreements": "matrix",
    "probe": "matrix",
    "Recording": "recording",
    "UpstreamApp": "upstream",
    "upstream_transport": "upstream",
    "assess": "run",
    "compliance_scenario": "run",
    "matrices": "run",
    "record": "run",
    "run_compliance": "run",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
