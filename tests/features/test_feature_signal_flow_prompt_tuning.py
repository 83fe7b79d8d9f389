"""Seed section 8.1 as executable scenarios (steps in conftest.py)."""

from __future__ import annotations

from pytest_bdd import scenarios

scenarios("signal_flow_prompt_tuning.feature")
