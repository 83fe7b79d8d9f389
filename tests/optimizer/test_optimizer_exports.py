"""Each optimizer package exports exactly its public names (STYLE.md, item 1; ruff sorts them)."""

from __future__ import annotations

import importlib
import inspect

import pytest

PACKAGES = ("optimizer", "optimizer.analysers", "optimizer.intake", "optimizer.strategies")


@pytest.mark.parametrize("name", PACKAGES)
def test_all_names_every_public_member_once(name: str) -> None:
    module = importlib.import_module(name)
    public = {
        attr
        for attr, value in vars(module).items()
        if not attr.startswith("_") and not inspect.ismodule(value) and attr != "annotations"
    }
    assert len(module.__all__) == len(set(module.__all__))
    assert set(module.__all__) == public
    assert module.__doc__
    assert len(module.__doc__.strip().splitlines()) == 1
