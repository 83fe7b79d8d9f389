"""Checks without a run: manifests, the import graph, write call sites, the type check."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

from simulator.harness.compliance import static
from simulator.harness.compliance.static import (
    import_problems,
    manifest_findings,
    seed_manifests,
    typecheck,
    write_call_sites,
)


def test_the_seed_manifests_give_the_seed_report_s_eight_findings(tmp_path: Path) -> None:
    found = manifest_findings(seed_manifests(tmp_path))
    assert sorted(p.name for p in found) == ["Cargo.toml", "package.json"]
    assert [len(f) for f in found.values()] == [4, 4]


def test_the_system_under_test_imports_nothing_that_serves_or_simulates() -> None:
    assert import_problems() == []


@pytest.mark.parametrize(
    ("package", "imported", "problem"),
    [
        ("adapters", "simulator.world", "adapters.x imports simulator.world"),
        ("optimizer", "adapters.http", "optimizer.x imports adapters.http"),
        ("optimizer", "starlette.routing", "the server framework starlette.routing"),
        ("adapters", "contracts.loader", None),
        ("optimizer", "adapters.types.sentinel", None),
        ("adapters", "httpx", None),
    ],
)
def test_an_import_against_the_direction_is_a_problem(
    package: str, imported: str, problem: str | None
) -> None:
    found = static._problem(package, f"{package}.x", imported)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_only_literal_get_calls_on_clients_pass() -> None:
    source = (
        "client.request('GET', url)\n"
        "self._client.post(url)\n"
        "httpx.request(method, url)\n"
        "cache.put(key, value)\n"
    )
    found = list(static._sites(ast.parse(source), "m"))
    assert found == ["m:2 calls .post()", "m:3 calls .request() with method None"]
    assert write_call_sites() == []


def test_without_mypy_the_type_check_fails_with_how_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    result = typecheck("adapters")
    assert not result.passed
    assert "pip install" in result.summary


def test_a_type_error_fails_the_type_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "broken_pkg"
    package.mkdir()
    (package / "__init__.py").write_text('def f() -> int:\n    return "not an int"\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    result = typecheck("broken_pkg")
    assert not result.passed
    assert "error" in result.summary
