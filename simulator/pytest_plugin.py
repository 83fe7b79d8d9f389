"""The infrasim pytest plugin: fixtures that give a test a running simulated Infra."""

from __future__ import annotations

import pytest

__all__ = ["pytest_configure"]


def pytest_configure(config: pytest.Config) -> None:
    """Declare the ``infrasim`` marker so that ``--strict-markers`` accepts it."""
    config.addinivalue_line(
        "markers", "infrasim(scenario, seed): choose the scenario and seed of the infrasim fixtures"
    )
