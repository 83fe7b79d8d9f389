"""One frozen, validated config type per adapter; durations in seconds; the key never shown.

Every field has a real default, so leaving a value out never overrides a default with nothing
(D6); every value is checked when the config is built, and a bad one raises ``ConfigError``
naming the field and the value. ``api_key`` is excluded from ``repr``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from urllib.parse import urlsplit

from adapters.errors import ConfigError

__all__ = [
    "AdapterConfig",
    "ConfigManagerConfig",
    "CostOpsConfig",
    "LatencyLensConfig",
    "ObservatoryConfig",
    "RouterL2Config",
    "SentinelConfig",
    "ShieldConfig",
]


def _fail(name: str, expected: str, value: object) -> ConfigError:
    shown = "<hidden>" if name == "api_key" else repr(value)
    return ConfigError(f"Expected {expected}, got {name}={shown}.")


def _check_bool(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise _fail(name, "a bool", value)


def _check_int(name: str, value: object, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _fail(name, f"an int >= {minimum}", value)


def _check_seconds(name: str, value: object, *, positive: bool, optional: bool = False) -> None:
    if value is None and optional:
        return
    kind = "a finite number of seconds " + ("> 0" if positive else ">= 0")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(name, kind, value)
    if not math.isfinite(value) or value < 0 or (positive and value == 0):
        raise _fail(name, kind, value)


def _check_url(value: object) -> None:
    if not isinstance(value, str):
        raise _fail("api_base_url", "an http(s) URL", value)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise _fail("api_base_url", "an http(s) URL with a host and no query", value)


@dataclass(frozen=True, slots=True, kw_only=True)
class AdapterConfig:
    """Settings shared by the seven adapters (the reference's five, in seconds, plus feed tuning).

    ``lookback`` sets the first round of every event feed: its cursor starts at the adapter's
    creation time minus ``lookback`` seconds (0: only what arrives after creation); ``None``
    sends no cursor on the first round and takes whatever the service returns (the reference).
    ``cursor_overlap`` is subtracted from the cursor sent as ``since`` so that an exclusive
    ``since`` cannot lose items sharing the last timestamp; ids seen within it are deduplicated.
    """

    api_base_url: str
    api_key: str = field(repr=False)
    timeout: float = 30.0
    enable_retry: bool = True
    max_retries: int = 3
    backoff_base: float = 1.0
    backoff_cap: float = 30.0
    max_retry_after: float = 60.0
    seed: int = 0
    lookback: float | None = 0.0
    cursor_overlap: float = 0.001
    max_pages: int = 10
    handler_attempts: int = 3
    max_backlog: int = 1000
    dead_letter_size: int = 100

    def __post_init__(self) -> None:
        _check_url(self.api_base_url)
        if not isinstance(self.api_key, str) or not self.api_key.strip():
            raise _fail("api_key", "a non-empty string", self.api_key)
        if any(c in self.api_key for c in "\r\n"):
            raise _fail("api_key", "a key without line breaks", self.api_key)
        _check_seconds("timeout", self.timeout, positive=True)
        _check_bool("enable_retry", self.enable_retry)
        _check_int("max_retries", self.max_retries, 0)
        _check_seconds("backoff_base", self.backoff_base, positive=False)
        _check_seconds("backoff_cap", self.backoff_cap, positive=False)
        _check_seconds("max_retry_after", self.max_retry_after, positive=False)
        _check_int("seed", self.seed, -(2**63))
        _check_seconds("lookback", self.lookback, positive=False, optional=True)
        _check_seconds("cursor_overlap", self.cursor_overlap, positive=False)
        for name in ("max_pages", "handler_attempts", "max_backlog", "dead_letter_size"):
            _check_int(name, getattr(self, name), 1)

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        """The names a caller may set."""
        return tuple(f.name for f in fields(cls))


@dataclass(frozen=True, slots=True, kw_only=True)
class CostOpsConfig(AdapterConfig):
    """Settings of the CostOps adapter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LatencyLensConfig(AdapterConfig):
    """Settings of the LatencyLens adapter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SentinelConfig(AdapterConfig):
    """Settings of the Sentinel adapter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ShieldConfig(AdapterConfig):
    """Settings of the Shield adapter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ObservatoryConfig(AdapterConfig):
    """Settings of the Observatory adapter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RouterL2Config(AdapterConfig):
    """Settings of the RouterL2 adapter."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ConfigManagerConfig(AdapterConfig):
    """Settings of the ConfigManager adapter, with its local cache (TTL in seconds)."""

    enable_cache: bool = True
    cache_ttl: float = 60.0

    def __post_init__(self) -> None:
        AdapterConfig.__post_init__(self)
        _check_bool("enable_cache", self.enable_cache)
        _check_seconds("cache_ttl", self.cache_ttl, positive=False)
