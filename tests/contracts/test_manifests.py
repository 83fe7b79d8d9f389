"""contracts.manifests: Infra declarations checked against the upstream manifests (seed 1.1/1.2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from contracts.errors import ContractError
from contracts.manifests import (
    ManifestFinding,
    check_manifest,
    check_project,
    declarations,
    upstream_packages,
)

DATA = Path(__file__).parent / "data"


def summary(found: tuple[ManifestFinding, ...]) -> set[tuple[str, str, str]]:
    return {(f.key, f.declared, f.problem) for f in found}


def test_the_seed_cargo_declarations_have_two_wrong_names_and_two_bad_ranges() -> None:
    found = check_manifest(DATA / "seed" / "Cargo.toml")
    assert summary(found) == {
        ("workspace.dependencies.sentinel", "0.1", "no such upstream package"),
        ("workspace.dependencies.llm-shield-core", "0.2", "version range cannot be satisfied"),
        ("workspace.dependencies.llm-config-manager", "0.1", "no such upstream package"),
        ("workspace.dependencies.llm-config-manager", "0.1", "version range cannot be satisfied"),
    }
    sentinel = next(f for f in found if f.key == "workspace.dependencies.sentinel")
    assert sentinel.expected.startswith("one of llm-sentinel 0.1.0")
    assert sentinel.module == "sentinel"
    shield = next(f for f in found if f.key.endswith("llm-shield-core"))
    assert shield.expected == "0.1.1 (llm-shield-core upstream manifest)"


def test_the_seed_npm_declarations_cannot_resolve_or_are_not_published() -> None:
    found = check_manifest(DATA / "seed" / "package.json")
    assert summary(found) == {
        (
            "dependencies.@llm-dev-ops/llm-cost-ops-sdk",
            "^0.1.0",
            "version range cannot be satisfied",
        ),
        ("dependencies.@llm-devops/latency-lens", "^0.1.0", "not published"),
        ("dependencies.llm-shield-core", "^0.2.1", "not published"),
        (
            "dependencies.@llm-dev-ops/llm-config-core",
            "^0.1.0",
            "version range cannot be satisfied",
        ),
    }
    cost = next(f for f in found if "cost-ops" in f.key)
    assert cost.expected.startswith("1.0.1")
    assert all(f.file.endswith("package.json") for f in found)


def test_upstream_names_and_versions_declared_correctly_give_no_finding() -> None:
    assert check_manifest(DATA / "fixed" / "Cargo.toml") == ()
    names = {d.name for d in declarations(DATA / "fixed" / "Cargo.toml")}
    assert "llm-sentinel-core" in names  # a renamed dependency is checked by its package name


def test_pyproject_pep440_poetry_and_missing_ecosystems() -> None:
    found = check_manifest(DATA / "python" / "pyproject.toml")
    assert {(f.key, f.problem) for f in found} == {
        ("project.dependencies.llm-cost-ops", "version range cannot be satisfied"),
        ("project.optional-dependencies.router.llm-router-l2", "no such upstream package"),
        ("tool.poetry.dependencies.llm-latency-lens", "no such upstream package"),
    }
    router = next(f for f in found if "router" in f.key)
    assert router.expected == "none: router-l2 declares no PyPI package upstream"


def test_npm_registry_facts_and_unparsable_ranges() -> None:
    found = check_manifest(DATA / "npm" / "package.json")
    assert {(f.key, f.problem) for f in found} == {
        ("dependencies.@llm-dev-ops/sentinel-cli", "no published version satisfies"),
        ("dependencies.llm-shield-wasm", "version range not understood"),
        ("dependencies.some-router-l2-client", "no such upstream package"),
    }


def test_check_project_reads_every_manifest_of_a_folder() -> None:
    found = check_project(DATA / "seed")
    assert len(found) == 8
    assert len(check_project(DATA, recursive=True)) == 8 + 3 + 3


def test_the_data_file_records_every_module_except_router_l2() -> None:
    modules = {p.module for p in upstream_packages()}
    assert modules == {
        "cost-ops",
        "latency-lens",
        "sentinel",
        "shield",
        "observatory",
        "config-manager",
    }
    shield_npm = [
        p for p in upstream_packages() if p.name == "llm-shield-core" and p.ecosystem == "npm"
    ]
    assert shield_npm[0].registry == ()
    assert all(p.registry is None for p in upstream_packages() if p.ecosystem == "cargo")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("Cargo.toml", "[dependencies\n", "is not valid TOML"),
        ("package.json", "{", "is not valid JSON"),
        ("package.json", "[]", "is not a table/object"),
        ("setup.py", "", "Expected Cargo.toml, package.json or pyproject.toml"),
    ],
)
def test_bad_manifests_raise_one_sentence_naming_the_file(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ContractError, match=message) as caught:
        check_manifest(path)
    assert str(path) in str(caught.value)


def test_a_missing_project_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ContractError, match="does not exist"):
        check_project(tmp_path / "absent")
