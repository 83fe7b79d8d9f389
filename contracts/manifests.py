"""Check a project's dependency declarations on Infra modules against the upstream manifests.

The data file ``contracts/upstream/manifests.json`` records, per Infra module, the package names
and versions of the upstream manifests (Cargo, npm, PyPI) and what the npm registry answered. A
declaration belongs to a module when its name is one of the module's packages or contains one of
its ``match`` words (``sentinel``, ``config-manager`` …). Findings:

no such upstream package             the name is not a package of that ecosystem upstream
version range cannot be satisfied    the range excludes the upstream manifest's version
not published                        the registry answered 404 for that package
no published version satisfies       the manifest version fits, no version on the registry does
version range not understood         the range could not be parsed
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from contracts.errors import ContractError
from contracts.version_ranges import (
    RangeError,
    cargo_satisfies,
    npm_satisfies,
    pep440_satisfies,
)

__all__ = [
    "Declaration",
    "ManifestFinding",
    "UpstreamPackage",
    "check_declarations",
    "check_manifest",
    "check_project",
    "declarations",
    "upstream_packages",
]


def _pypi_satisfies(spec: str, version: str) -> bool:
    """PEP 440, plus Poetry's caret/tilde (Cargo rules) and bare exact versions."""
    text = spec.strip()
    if text.startswith("^") or (text.startswith("~") and not text.startswith("~=")):
        return cargo_satisfies(text, version)
    if text == "*":
        return True
    return pep440_satisfies(f"=={text}" if text[:1].isdigit() else text, version)


_SATISFIES = {"cargo": cargo_satisfies, "npm": npm_satisfies, "pypi": _pypi_satisfies}
_MANIFESTS = {"Cargo.toml": "cargo", "package.json": "npm", "pyproject.toml": "pypi"}
_SKIP_DIRS = {"node_modules", "target", ".git", ".venv", "venv", "dist", "build"}
_PEP508 = re.compile(
    r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:\(([^)]*)\)|([^;@]*))"
)


@dataclass(frozen=True, slots=True)
class UpstreamPackage:
    """One package an upstream manifest declares, and what its registry answered."""

    module: str
    ecosystem: str
    name: str
    version: str
    registry: tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class Declaration:
    """One dependency declaration read from a project manifest."""

    file: str
    key: str
    ecosystem: str
    name: str
    declared: str | None


@dataclass(frozen=True, slots=True)
class ManifestFinding:
    """A declaration that cannot resolve against the upstream manifests."""

    file: str
    key: str
    declared: str
    expected: str
    problem: str
    module: str = ""


def _normal(name: str, ecosystem: str) -> str:
    lowered = name.lower()
    return re.sub(r"[-_.]+", "-", lowered) if ecosystem == "pypi" else lowered


@cache
def _data() -> Mapping[str, Any]:
    text = (files("contracts") / "upstream" / "manifests.json").read_text(encoding="utf-8")
    data = json.loads(text)
    if not isinstance(data, dict) or not isinstance(data.get("modules"), dict):
        raise ContractError("Data file upstream/manifests.json has no 'modules' object.")
    return data


@cache
def upstream_packages() -> tuple[UpstreamPackage, ...]:
    """Every package of every module's upstream manifests."""
    found = []
    for module, entry in _data()["modules"].items():
        for raw in entry["packages"]:
            registry = raw.get("registry")
            found.append(
                UpstreamPackage(
                    module=module,
                    ecosystem=raw["ecosystem"],
                    name=raw["name"],
                    version=raw["version"],
                    registry=None if registry is None else tuple(registry),
                )
            )
    return tuple(found)


def _module_of(name: str, ecosystem: str) -> str | None:
    normal = _normal(name, ecosystem)
    for package in upstream_packages():
        if _normal(package.name, package.ecosystem) == normal:
            return package.module
    flat = normal.replace("_", "-")
    for module, entry in _data()["modules"].items():
        if any(word in flat for word in entry["match"]):
            return str(module)
    return None


def _cargo(data: Mapping[str, Any], file: str) -> Iterator[Declaration]:
    tables = [(k, data.get(k)) for k in ("dependencies", "dev-dependencies", "build-dependencies")]
    tables.append(("workspace.dependencies", data.get("workspace", {}).get("dependencies")))
    for target, spec in data.get("target", {}).items():
        for kind in ("dependencies", "dev-dependencies", "build-dependencies"):
            tables.append((f"target.{target}.{kind}", spec.get(kind)))
    for prefix, table in tables:
        for key, value in (table or {}).items():
            if isinstance(value, str):
                yield Declaration(file, f"{prefix}.{key}", "cargo", key, value)
            elif isinstance(value, Mapping) and not value.get("workspace"):
                name = str(value.get("package", key))
                version = value.get("version")
                declared = version if isinstance(version, str) else None
                yield Declaration(file, f"{prefix}.{key}", "cargo", name, declared)


def _npm(data: Mapping[str, Any], file: str) -> Iterator[Declaration]:
    for section in ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies"):
        for name, value in (data.get(section) or {}).items():
            if isinstance(value, str):
                declared = (
                    None
                    if value.startswith(("file:", "link:", "git", "http", "workspace:"))
                    else value
                )
                yield Declaration(file, f"{section}.{name}", "npm", name, declared)


def _pep508(text: str, file: str, prefix: str) -> Declaration | None:
    match = _PEP508.match(text)
    if match is None:
        return None
    spec = (match.group(2) or match.group(3) or "").strip()
    return Declaration(file, f"{prefix}.{match.group(1)}", "pypi", match.group(1), spec or None)


def _poetry(table: Mapping[str, Any], file: str, prefix: str) -> Iterator[Declaration]:
    for name, value in table.items():
        if name.lower() == "python":
            continue
        version = value.get("version") if isinstance(value, Mapping) else value
        declared = version if isinstance(version, str) else None
        yield Declaration(file, f"{prefix}.{name}", "pypi", name, declared)


def _pyproject(data: Mapping[str, Any], file: str) -> Iterator[Declaration]:
    project = data.get("project", {})
    lists = [("project.dependencies", project.get("dependencies") or [])]
    for extra, items in (project.get("optional-dependencies") or {}).items():
        lists.append((f"project.optional-dependencies.{extra}", items))
    for group, items in (data.get("dependency-groups") or {}).items():
        lists.append((f"dependency-groups.{group}", [i for i in items if isinstance(i, str)]))
    for prefix, items in lists:
        for text in items:
            found = _pep508(text, file, prefix)
            if found is not None:
                yield found
    poetry = data.get("tool", {}).get("poetry", {})
    yield from _poetry(poetry.get("dependencies") or {}, file, "tool.poetry.dependencies")
    for group, spec in (poetry.get("group") or {}).items():
        yield from _poetry(
            spec.get("dependencies") or {}, file, f"tool.poetry.group.{group}.dependencies"
        )


def _load(path: Path) -> Mapping[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except OSError as exc:
        raise ContractError(f"Manifest {path} cannot be read: {exc.strerror or exc}.") from exc
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ContractError(
            f"Manifest {path} is not valid {path.suffix[1:].upper()}: {exc}."
        ) from exc
    if not isinstance(data, dict):
        raise ContractError(f"Manifest {path} is not a table/object at the top level.")
    return data


def declarations(path: Path) -> tuple[Declaration, ...]:
    """Every dependency declaration of a ``Cargo.toml``, ``package.json`` or ``pyproject.toml``."""
    if path.name not in _MANIFESTS:
        raise ContractError(
            f"Expected Cargo.toml, package.json or pyproject.toml, got file {path}."
        )
    reader = {"cargo": _cargo, "npm": _npm, "pypi": _pyproject}[_MANIFESTS[path.name]]
    return tuple(reader(_load(path), str(path)))


def check_manifest(path: Path) -> tuple[ManifestFinding, ...]:
    """The findings of one manifest file."""
    return check_declarations(declarations(path))


def check_project(root: Path, *, recursive: bool = False) -> tuple[ManifestFinding, ...]:
    """The findings of every manifest at ``root`` (or below it, skipping vendored folders)."""
    if not root.is_dir():
        raise ContractError(f"Project folder {root} does not exist.")
    pattern = "**/*" if recursive else "*"
    found: list[ManifestFinding] = []
    for path in sorted(root.glob(pattern)):
        if path.name in _MANIFESTS and path.is_file() and not _SKIP_DIRS & set(path.parts):
            found += check_manifest(path)
    return tuple(found)


def _closest(name: str, candidates: list[UpstreamPackage]) -> list[UpstreamPackage]:
    """Close names first (similarity >= 0.8), then the module's packages in manifest order."""

    def score(package: UpstreamPackage) -> float:
        ratio = difflib.SequenceMatcher(None, name.lower(), package.name.lower()).ratio()
        return -ratio if ratio >= 0.8 else 0.0

    return sorted(candidates, key=score)[:3]


def _finding(d: Declaration, module: str, expected: str, problem: str) -> ManifestFinding:
    return ManifestFinding(d.file, d.key, d.declared or "(no version)", expected, problem, module)


def _range(
    d: Declaration, module: str, package: UpstreamPackage, why: str
) -> list[ManifestFinding]:
    if d.declared is None:
        return []
    try:
        ok = _SATISFIES[d.ecosystem](d.declared, package.version)
        published = [v for v in package.registry or () if _SATISFIES[d.ecosystem](d.declared, v)]
    except RangeError:
        return [
            _finding(
                d, module, f"{package.version} ({package.name})", "version range not understood"
            )
        ]
    if not ok:
        expected = f"{package.version} ({package.name}{why})"
        return [_finding(d, module, expected, "version range cannot be satisfied")]
    if package.registry and not published:
        expected = f"one of {', '.join(package.registry)} (published {package.name})"
        return [_finding(d, module, expected, "no published version satisfies")]
    return []


def _named(d: Declaration, module: str, same: list[UpstreamPackage]) -> list[ManifestFinding]:
    if not same:
        label = {"cargo": "crate", "npm": "npm package", "pypi": "PyPI package"}[d.ecosystem]
        return [
            _finding(
                d,
                module,
                f"none: {module} declares no {label} upstream",
                "no such upstream package",
            )
        ]
    near = _closest(d.name, same)
    expected = "one of " + ", ".join(f"{p.name} {p.version}" for p in near)
    found = [_finding(d, module, expected, "no such upstream package")]
    return found + _range(d, module, near[0], ", the nearest name")


def _check_one(d: Declaration, module: str) -> list[ManifestFinding]:
    same = [p for p in upstream_packages() if p.module == module and p.ecosystem == d.ecosystem]
    normal = _normal(d.name, d.ecosystem)
    exact = [p for p in same if _normal(p.name, p.ecosystem) == normal]
    if not exact:
        return _named(d, module, same)
    package = exact[0]
    found = _range(d, module, package, " upstream manifest")
    if package.registry == ():
        expected = f"{package.name} {package.version} on the registry (it answered 404)"
        found.append(_finding(d, module, expected, "not published"))
    return found


def check_declarations(found: Iterable[Declaration]) -> tuple[ManifestFinding, ...]:
    """The findings for those declarations that belong to an Infra module."""
    results: list[ManifestFinding] = []
    for declaration in found:
        module = _module_of(declaration.name, declaration.ecosystem)
        if module is not None:
            results += _check_one(declaration, module)
    return tuple(results)
