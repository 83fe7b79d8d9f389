"""The package's public names load on first use, and the rig can import it first."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import simulator.harness.compliance as compliance


def _isort(name: str) -> tuple[int, str]:
    """Constants, then classes, then functions (ruff's RUF022 order)."""
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def test_all_is_sorted_and_every_name_resolves() -> None:
    assert compliance.__all__ == sorted(compliance.__all__, key=_isort)
    assert dir(compliance) == sorted(compliance.__all__)
    for name in compliance.__all__:
        assert getattr(compliance, name) is not None


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="nothing_here"):
        compliance.nothing_here  # noqa: B018


def test_the_rig_imports_the_upstream_app_before_the_rest_of_the_package() -> None:
    code = (
        "import simulator.harness.rig\n"
        "import simulator.harness.compliance as c\n"
        "assert callable(c.run_compliance)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert importlib.import_module("simulator.harness.compliance.run").run_compliance
