"""Fixtures for the simulated services: a fresh hand-driven world, and one with some history."""

from __future__ import annotations

import pytest

from simulator.services.fake import FakeWorld


@pytest.fixture
def world() -> FakeWorld:
    """A world with no traffic yet, at simulated second 0."""
    return FakeWorld()
