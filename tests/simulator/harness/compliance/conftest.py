"""One recorded compliance run and one short smoke run, shared by the compliance tests."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.harness.compliance.recording import Recording
from simulator.harness.compliance.run import assess, compliance_scenario, record
from simulator.harness.compliance.static import TypeCheck
from simulator.scenarios import load_scenario

PASSED = TypeCheck("adapters", True, "mypy --strict -p adapters: Success (stand-in)")


@pytest.fixture(scope="session")
def compliance_recording() -> Recording:
    """The built-in compliance scenario, recorded to its end."""
    return record(compliance_scenario())


@pytest.fixture(scope="session")
def compliance_result(compliance_recording: Recording) -> dict[str, Any]:
    """Its checklist and matrix (the type check stood in for: the features run mypy)."""
    return assess(compliance_recording, types=PASSED)


@pytest.fixture(scope="session")
def smoke_recording() -> Recording:
    """Four minutes of the smoke scenario, recorded."""
    return record(load_scenario("smoke", seed=3), until=240.0)
