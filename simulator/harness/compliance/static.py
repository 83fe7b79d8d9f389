"""Checks that need no run: manifests against upstream, the import graph, the type check.

- ``manifest_findings(paths)``: ``contracts.check_manifest`` on each file (seed sections 1.1, 1.2);
  without files, the seed's own declarations (shipped in ``data/seed``) are checked.
- ``import_problems()``: the system under test never imports the simulator, the adapters import
  only the contracts, the optimizer only the adapters' signal types and clock, and neither imports
  a server framework: nothing is exposed back to Infra.
- ``write_call_sites()``: every HTTP call in the adapters and the optimizer is a literal GET.
- ``typecheck(package)``: ``mypy --strict`` on a package's folder in a subprocess, bounded.
"""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from contracts import ManifestFinding, check_manifest

__all__ = [
    "SEED_MANIFESTS",
    "SERVER_MODULES",
    "TypeCheck",
    "import_problems",
    "imports_of_package",
    "manifest_findings",
    "seed_manifests",
    "typecheck",
    "write_call_sites",
]

SEED_MANIFESTS = ("Cargo.toml", "package.json")
SERVER_MODULES = frozenset(
    {"starlette", "uvicorn", "fastapi", "flask", "aiohttp", "http.server", "socketserver"}
)
_ALLOWED = {
    "adapters": ("contracts",),
    "optimizer": ("adapters.types", "adapters.clock"),
}
_PROJECT = ("contracts", "adapters", "optimizer", "simulator")


def seed_manifests(folder: Path) -> list[Path]:
    """Copies of the seed's ``Cargo.toml`` and ``package.json`` written into ``folder``."""
    written = []
    for name in SEED_MANIFESTS:
        target = folder / name
        target.write_bytes((files(__package__) / "data" / "seed" / name).read_bytes())
        written.append(target)
    return written


def manifest_findings(paths: Sequence[Path]) -> dict[Path, tuple[ManifestFinding, ...]]:
    """The findings of every manifest (``ContractError`` for an unreadable one)."""
    return {path: check_manifest(path) for path in paths}


def _package_root(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise LookupError(f"Expected an importable package, got package={package!r}.")
    return Path(next(iter(spec.submodule_search_locations)))


def _imports(source: str, module: str, is_package: bool) -> Iterator[str]:
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                yield ".".join([*base, node.module] if node.module else base)
            elif node.module:
                yield node.module


def imports_of_package(package: str) -> Iterator[tuple[str, str]]:
    """(module, imported module) for every import in every source file of ``package``."""
    root = _package_root(package)
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        is_package = parts[-1] == "__init__"
        module = ".".join(parts[:-1] if is_package else parts)
        for imported in _imports(path.read_text(encoding="utf-8"), module, is_package):
            yield module, imported


def _problem(package: str, module: str, imported: str) -> str | None:
    top = imported.split(".")[0]
    if imported in SERVER_MODULES or top in SERVER_MODULES:
        return f"{module} imports the server framework {imported}"
    if top not in _PROJECT or top == package:
        return None
    if not imported.startswith(_ALLOWED[package]):
        return f"{module} imports {imported}"
    return None


def import_problems(packages: Sequence[str] = ("adapters", "optimizer")) -> list[str]:
    """Every import of the system under test that breaks the one-way dependency on Infra."""
    found = []
    for package in packages:
        for module, imported in imports_of_package(package):
            problem = _problem(package, module, imported)
            if problem is not None:
                found.append(problem)
    return found


_WRITES = frozenset({"post", "put", "patch", "delete"})
_REQUESTS = frozenset({"request", "stream"})


def _sites(tree: ast.AST, module: str) -> Iterator[str]:
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name = node.func.attr
        receiver = ast.unparse(node.func.value).lower()
        if "client" not in receiver and "httpx" not in receiver:
            continue  # a cache's or a queue's put(), not HTTP
        if name in _WRITES:
            yield f"{module}:{node.lineno} calls .{name}()"
        elif name in _REQUESTS:
            first = node.args[0] if node.args else None
            method = first.value if isinstance(first, ast.Constant) else None
            if method != "GET":
                yield f"{module}:{node.lineno} calls .{name}() with method {method!r}"


def write_call_sites(packages: Sequence[str] = ("adapters", "optimizer")) -> list[str]:
    """Every HTTP call in the system under test that is not a literal GET."""
    found: list[str] = []
    for package in packages:
        root = _package_root(package)
        for path in sorted(root.rglob("*.py")):
            module = ".".join([package, *path.relative_to(root).with_suffix("").parts])
            found += _sites(ast.parse(path.read_text(encoding="utf-8")), module)
    return found


@dataclass(frozen=True, slots=True)
class TypeCheck:
    """The outcome of ``mypy --strict`` on one package."""

    package: str
    passed: bool
    summary: str


def typecheck(package: str = "adapters", *, timeout: float = 120.0) -> TypeCheck:
    """Run ``mypy --strict`` on a package's source folder in a subprocess (own cache).

    The folder is checked by path, not with ``-p``: the project ships no ``py.typed``, so mypy
    would not find an installed package from another working directory. Imported modules are
    followed silently: their types are used, only the package's own errors are reported.
    """
    if importlib.util.find_spec("mypy") is None:
        return TypeCheck(package, False, "mypy is not installed (pip install 'infrasim[test]').")
    root = _package_root(package)
    with tempfile.TemporaryDirectory(prefix="infrasim-mypy-") as cache:
        command = [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--follow-imports=silent",
            "--cache-dir",
            cache,
            str(root),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            return TypeCheck(package, False, f"mypy did not finish within {timeout:g} s.")
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    last = lines[-1] if lines else "no output"
    return TypeCheck(package, done.returncode == 0, f"mypy --strict {package}/: {last}")
