"""Fixtures of the resilience tests: typed Infra values built from the contract's examples."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from adapters.types import HealthStatus, OptimizationThresholds, SentinelAlert
from adapters.wire import build


@pytest.fixture
def make_thresholds(examples: Callable[..., Any]) -> Callable[..., OptimizationThresholds]:
    """ConfigManager thresholds with the given error-rate levels (wire names)."""

    def make(version: str = "v1", **error_rate: float) -> OptimizationThresholds:
        data = copy.deepcopy(examples("config-manager", "OptimizationThresholds"))
        data["version"] = version
        data["errorRate"].update(error_rate)
        return build(OptimizationThresholds, data)

    return make


@pytest.fixture
def make_health(examples: Callable[..., Any]) -> Callable[..., HealthStatus]:
    """A Sentinel health report: overall status and (model_id, status) entries."""

    def make(overall: str = "healthy", *models: tuple[str, str]) -> HealthStatus:
        data = copy.deepcopy(examples("sentinel", "HealthStatus"))
        entry = data["models"][0]
        data["status"] = overall
        data["models"] = [{**entry, "modelId": m, "status": s} for m, s in models]
        return build(HealthStatus, data)

    return make


@pytest.fixture
def make_alert(examples: Callable[..., Any]) -> Callable[..., SentinelAlert]:
    """A Sentinel alert of a severity naming some resources."""

    def make(severity: str, *resources: str, acknowledged: bool = False) -> SentinelAlert:
        data = copy.deepcopy(examples("sentinel", "SentinelAlert"))
        data.update(severity=severity, affectedResources=list(resources))
        data["acknowledged"] = acknowledged
        return build(SentinelAlert, data)

    return make
