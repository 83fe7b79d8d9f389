"""Fixtures of the report tests."""

from __future__ import annotations

import pytest
from report_samples import sample_inputs

from simulator.report import ReportInputs, build_document
from simulator.report.document import Block


@pytest.fixture
def inputs() -> ReportInputs:
    """A ten-minute rehearsal that passed, with one incident and two decisions."""
    return sample_inputs()


@pytest.fixture(scope="session")
def document() -> list[Block]:
    """The blocks of the sample report, drawn once (plots take a moment)."""
    return build_document(sample_inputs())
