"""The resilience package's surface: ``__all__`` lists exactly its public names, sorted."""

from __future__ import annotations

import inspect

import adapters.resilience as resilience
from adapters import AdapterError
from adapters.resilience import errors


def isort_style(name: str) -> tuple[int, str]:
    """Constants first, then classes, then functions (ruff's RUF022 order)."""
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def test_all_lists_every_public_name_in_order() -> None:
    public = {
        name
        for name, value in vars(resilience).items()
        if not name.startswith("_") and not inspect.ismodule(value) and name != "annotations"
    }
    assert set(resilience.__all__) == public
    assert list(resilience.__all__) == sorted(resilience.__all__, key=isort_style)


def test_every_resilience_error_is_an_adapter_error() -> None:
    classes = [
        c for _, c in inspect.getmembers(errors, inspect.isclass) if c.__module__ == errors.__name__
    ]
    assert classes
    assert all(issubclass(c, resilience.ResilienceError) for c in classes)
    assert issubclass(resilience.ResilienceError, AdapterError)
