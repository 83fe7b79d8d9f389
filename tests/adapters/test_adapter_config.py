"""Config types: reference defaults in seconds, every value checked (D6), the key never shown."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from adapters import (
    AdapterConfig,
    ConfigError,
    ConfigManagerConfig,
    CostOpsConfig,
    LatencyLensConfig,
    ObservatoryConfig,
    RouterL2Config,
    SentinelConfig,
    ShieldConfig,
)

ALL = [
    CostOpsConfig,
    LatencyLensConfig,
    SentinelConfig,
    ShieldConfig,
    ObservatoryConfig,
    ConfigManagerConfig,
    RouterL2Config,
]
BASE = {"api_base_url": "http://svc.test", "api_key": "sk-key"}


@pytest.mark.parametrize("cls", ALL)
def test_defaults_are_the_references_in_seconds(cls: type[AdapterConfig]) -> None:
    config = cls(**BASE)
    assert (config.timeout, config.enable_retry, config.max_retries) == (30.0, True, 3)


def test_config_manager_adds_the_cache_settings() -> None:
    config = ConfigManagerConfig(**BASE)
    assert (config.enable_cache, config.cache_ttl) == (True, 60.0)


@pytest.mark.parametrize(
    "override",
    [
        {"timeout": None},
        {"timeout": 0},
        {"timeout": -1.0},
        {"timeout": float("nan")},
        {"timeout": True},
        {"enable_retry": None},
        {"enable_retry": 1},
        {"max_retries": None},
        {"max_retries": -1},
        {"max_retries": 2.0},
        {"max_retries": True},
        {"api_base_url": "cost-ops.test"},
        {"api_base_url": "ftp://cost-ops.test"},
        {"api_base_url": "http://"},
        {"api_base_url": None},
        {"api_key": ""},
        {"api_key": "   "},
        {"api_key": None},
        {"api_key": "a\nb"},
        {"lookback": -5.0},
        {"cursor_overlap": float("inf")},
        {"max_pages": 0},
        {"handler_attempts": 0},
    ],
)
def test_bad_values_raise_a_config_error_naming_the_field(override: dict[str, Any]) -> None:
    name = next(iter(override))
    with pytest.raises(ConfigError, match=name):
        CostOpsConfig(**{**BASE, **override})


@pytest.mark.parametrize("override", [{"cache_ttl": -1.0}, {"enable_cache": "yes"}])
def test_bad_cache_values_raise(override: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        ConfigManagerConfig(**{**BASE, **override})


def test_a_config_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="timeout"):
        CostOpsConfig(**{**BASE, "timeout": 0})


def test_configs_are_frozen() -> None:
    config = CostOpsConfig(**BASE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.timeout = 1.0  # type: ignore[misc]


def test_lookback_none_means_whatever_the_service_returns() -> None:
    assert CostOpsConfig(**BASE, lookback=None).lookback is None


def test_the_key_is_not_in_the_repr_nor_in_errors() -> None:
    assert "sk-key" not in repr(CostOpsConfig(**BASE))
    with pytest.raises(ConfigError) as caught:
        CostOpsConfig(api_base_url="http://svc.test", api_key="sk-\nkey")
    assert "sk-" not in str(caught.value)
