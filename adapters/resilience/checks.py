"""Checks shared by the resilience settings: a bad value raises ``ConfigError`` naming it."""

from __future__ import annotations

import math
from typing import TypeGuard

from adapters.errors import ConfigError

__all__ = ["check_count", "check_fraction", "check_positive", "check_seconds"]


def _number(value: object) -> TypeGuard[float]:
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


def check_count(name: str, value: object, minimum: int = 1) -> None:
    """An int of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ConfigError(f"Expected an int >= {minimum}, got {name}={value!r}.")


def check_seconds(name: str, value: object) -> None:
    """A finite number of seconds >= 0."""
    if not _number(value) or value < 0:
        raise ConfigError(f"Expected a finite number of seconds >= 0, got {name}={value!r}.")


def check_positive(name: str, value: object) -> None:
    """A finite number > 0."""
    if not _number(value) or value <= 0:
        raise ConfigError(f"Expected a finite number > 0, got {name}={value!r}.")


def check_fraction(name: str, value: object, *, optional: bool = False) -> None:
    """A number in [0, 1] (or None when optional)."""
    if value is None and optional:
        return
    if not _number(value) or not 0 <= value <= 1:
        raise ConfigError(f"Expected a number in [0, 1], got {name}={value!r}.")
