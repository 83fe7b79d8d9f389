"""The import directions of DESIGN.md section 1, enforced by parsing every module's imports."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("contracts", "adapters", "optimizer", "simulator")

# Who may import which project package (besides itself). The CLI and the harness are the only
# places where the simulator meets the system under test (adapters, optimizer).
_SUT_USERS = ("simulator.harness", "simulator.cli", "simulator.pytest_plugin")


def allowed(importer: str, imported: str) -> bool:
    """True when DESIGN.md section 1 allows ``importer`` to import ``imported``."""
    src, dst = importer.split(".")[0], imported.split(".")[0]
    if dst not in PACKAGES or (src == dst and dst != "simulator"):
        return True
    if src == "contracts":
        return False
    if src == "adapters":
        return dst == "contracts"
    if src == "optimizer":
        # Signal types and the Clock seam only: never the adapters' HTTP machinery.
        return imported.startswith(("adapters.types", "adapters.clock"))
    # src == "simulator"
    if dst in ("contracts", "simulator"):
        return True
    return importer.startswith(_SUT_USERS)


def module_name(path: Path) -> str:
    """The dotted module name of a source file of the project."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> Iterator[str]:
    """Every module a file imports, relative imports resolved."""
    source = path.read_text(encoding="utf-8")
    yield from imports_in(source, module_name(path), is_package=path.name == "__init__.py")


def imports_in(source: str, module: str, *, is_package: bool) -> Iterator[str]:
    """Every module a piece of source imports, relative imports resolved against ``module``."""
    tree = ast.parse(source)
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                yield ".".join([*base, node.module] if node.module else base)
            elif node.module:
                yield node.module


def project_files() -> list[Path]:
    """Every Python source file of the four packages."""
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def test_every_import_follows_the_allowed_directions() -> None:
    violations = [
        f"{module_name(path)} imports {imported}"
        for path in project_files()
        for imported in imports_of(path)
        if not allowed(module_name(path), imported)
    ]
    assert violations == []


@pytest.mark.parametrize(
    ("importer", "imported", "expected"),
    [
        ("adapters.costops", "contracts.loader", True),
        ("adapters.costops", "simulator.clock", False),
        ("adapters.costops", "optimizer", False),
        ("optimizer.intake", "adapters.types.cost_ops", True),
        ("optimizer.engine", "adapters.http", False),
        ("optimizer.engine", "simulator.world", False),
        ("contracts.loader", "adapters", False),
        ("simulator.services.cost_ops", "contracts", True),
        ("simulator.services.cost_ops", "adapters", False),
        ("simulator.world.gateway", "optimizer", False),
        ("simulator.harness.loop", "adapters", True),
        ("simulator.harness.loop", "optimizer", True),
        ("simulator.cli.cmd_run", "optimizer", True),
    ],
)
def test_rules_reject_what_design_forbids(importer: str, imported: str, expected: bool) -> None:
    assert allowed(importer, imported) is expected


def test_relative_imports_are_resolved() -> None:
    source = "from .records import WorldBus\nfrom .. import clock\nimport optimizer.engine\n"
    found = set(imports_in(source, "simulator.world.gateway", is_package=False))
    assert found == {"simulator.world.records", "simulator", "optimizer.engine"}
