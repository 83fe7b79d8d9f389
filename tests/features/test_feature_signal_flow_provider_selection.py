"""Seed section 8.4 as executable scenarios (steps in conftest.py)."""

from __future__ import annotations

from pytest_bdd import scenarios

scenarios("signal_flow_provider_selection.feature")
