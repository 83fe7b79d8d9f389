"""The packages' public names: ``__all__`` lists exactly what they export, sorted."""

from __future__ import annotations

import types

import pytest

import simulator.scenarios
import simulator.world


def isort_style(name: str) -> tuple[int, str]:
    """Constants first, then classes, then functions (ruff's RUF022 order)."""
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


@pytest.mark.parametrize("package", [simulator.world, simulator.scenarios])
def test_all_lists_the_public_names(package: types.ModuleType) -> None:
    public = {
        name
        for name, value in vars(package).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert set(package.__all__) == public - {"annotations"}
    assert list(package.__all__) == sorted(package.__all__, key=isort_style)
