"""The public surface: sorted ``__all__`` equal to the public names, and the error tree."""

from __future__ import annotations

import inspect
from types import ModuleType

import pytest

import adapters
import adapters.types
import contracts
from adapters import errors


def public_names(module: ModuleType) -> set[str]:
    return {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and not inspect.ismodule(value) and name != "annotations"
    }


@pytest.mark.parametrize("module", [adapters, adapters.types], ids=["adapters", "types"])
def test_all_is_sorted_and_lists_every_public_name(module: ModuleType) -> None:
    assert module.__all__ == sorted(module.__all__)
    assert set(module.__all__) == public_names(module)


def test_every_error_descends_from_adapter_error() -> None:
    classes = [
        c for _, c in inspect.getmembers(errors, inspect.isclass) if c.__module__ == errors.__name__
    ]
    assert all(issubclass(c, adapters.AdapterError) for c in classes)


def test_contract_violation_is_both_an_adapter_error_and_the_contracts_one() -> None:
    assert issubclass(adapters.ContractViolation, adapters.AdapterError)
    assert issubclass(adapters.ContractViolation, contracts.ContractViolation)


def test_every_value_type_is_a_frozen_dataclass() -> None:
    for name in adapters.types.__all__:
        value = getattr(adapters.types, name)
        if inspect.isclass(value):
            assert value.__dataclass_params__.frozen, name  # type: ignore[attr-defined]
