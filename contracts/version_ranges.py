"""Does a version satisfy a declared range? Cargo and npm semver ranges, PEP 440 specifiers.

Cargo: comma-separated comparators; a bare version means ``^``. npm: ``||`` alternatives of
space-separated comparators, hyphen ranges, ``x``/``*`` wildcards; a bare version is exact (or an
x-range when partial). Both: ``^`` (up to the next left-most non-zero part), ``~`` (next minor, or
next major when only the major is given), ``=``, ``>=``, ``>``, ``<=``, ``<``, ``*``. PEP 440 goes
through ``packaging`` when it is installed, else a small subset (``==``, ``!=``, ``>=``, ``>``,
``<=``, ``<``, ``~=``, with ``.*`` on ``==``). Pre-release tags are ignored.
"""

from __future__ import annotations

import re

from contracts.errors import ContractError

__all__ = ["RangeError", "cargo_satisfies", "npm_satisfies", "pep440_satisfies", "version_tuple"]

Version = tuple[int, int, int]
_PARTIAL = re.compile(r"^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:[-+].*)?$")
_COMPARATOR = re.compile(r"^(\^|~>?|>=|<=|>|<|=)?\s*(.*)$")
_TOP = (1 << 31, 0, 0)


class RangeError(ContractError):
    """A version or range string is not understood (names it)."""


def version_tuple(text: str) -> Version:
    """``1.2.3`` (a leading ``v`` and a pre-release or build tag are tolerated) as a tuple."""
    parts = _partial(text)
    if None in parts:
        raise RangeError(f"Expected a full version like 1.2.3, got version={text!r}.")
    return (parts[0] or 0, parts[1] or 0, parts[2] or 0)


def _partial(text: str) -> tuple[int | None, int | None, int | None]:
    match = _PARTIAL.match(text.strip())
    if match is None:
        raise RangeError(f"Expected a version like 1.2.3, got {text!r}.")
    values = [None if g is None or g in "xX*" else int(g) for g in match.groups()]
    for i, value in enumerate(values):  # a wildcard part makes every later part a wildcard
        if value is None:
            values[i:] = [None] * (3 - i)
            break
    return values[0], values[1], values[2]


def _bump(parts: tuple[int | None, int | None, int | None]) -> Version:
    """The first version above an x-range (``1.2`` -> 1.3.0, ``1`` -> 2.0.0)."""
    major, minor, patch = parts
    if major is None:
        return _TOP
    if minor is None:
        return (major + 1, 0, 0)
    if patch is None:
        return (major, minor + 1, 0)
    return (major, minor, patch + 1)


def _floor(parts: tuple[int | None, int | None, int | None]) -> Version:
    return (parts[0] or 0, parts[1] or 0, parts[2] or 0)


def _caret(parts: tuple[int | None, int | None, int | None]) -> tuple[Version, Version]:
    major, minor, patch = parts
    low = _floor(parts)
    if major is None:
        return low, _TOP
    if major > 0 or minor is None:
        return low, (major + 1, 0, 0)
    if minor > 0 or patch is None:
        return low, (0, minor + 1, 0)
    return low, (0, 0, patch + 1)


def _tilde(parts: tuple[int | None, int | None, int | None]) -> tuple[Version, Version]:
    major, minor, _ = parts
    if major is None:
        return _floor(parts), _TOP
    if minor is None:
        return _floor(parts), (major + 1, 0, 0)
    return _floor(parts), (major, minor + 1, 0)


def _within(version: Version, op: str, text: str, bare: str) -> bool:
    parts = _partial(text)
    op = op or bare
    if op == "^":
        low, high = _caret(parts)
        return low <= version < high
    if op in ("~", "~>"):
        low, high = _tilde(parts)
        return low <= version < high
    if op == "=":
        return _floor(parts) <= version < _bump(parts)
    if op == ">=":
        return version >= _floor(parts)
    if op == ">":
        return version >= _bump(parts)
    if op == "<":
        return version < _floor(parts)
    return version < _bump(parts)  # "<="


def _comparator(version: Version, text: str, bare: str) -> bool:
    match = _COMPARATOR.match(text.strip())
    assert match is not None  # the pattern accepts every string
    return _within(version, match.group(1) or "", match.group(2), bare)


def cargo_satisfies(requirement: str, version: str) -> bool:
    """True when ``version`` satisfies a Cargo requirement such as ``0.1`` or ``>=0.2, <0.4``."""
    target = version_tuple(version)
    parts = [p for p in requirement.split(",") if p.strip()]
    if not parts:
        raise RangeError(f"Expected a Cargo version requirement, got {requirement!r}.")
    return all(_comparator(target, p, "^") for p in parts)


def _npm_set(target: Version, text: str) -> bool:
    hyphen = re.match(r"^\s*(\S+)\s+-\s+(\S+)\s*$", text)
    if hyphen:
        return _within(target, ">=", hyphen.group(1), "") and _within(
            target, "<=", hyphen.group(2), ""
        )
    tokens = re.sub(r"(\^|~>?|>=|<=|>|<|=)\s+", r"\1", text).split()
    return all(_comparator(target, t, "=") for t in tokens or ["*"])


def npm_satisfies(spec: str, version: str) -> bool:
    """True when ``version`` satisfies an npm range such as ``^0.1.0`` or ``>=1 <2 || 3.x``."""
    target = version_tuple(version)
    if spec.strip() in ("", "*", "latest"):
        return True
    return any(_npm_set(target, alternative) for alternative in spec.split("||"))


def _pep440_subset(spec: str, version: str) -> bool:
    target = version_tuple(version)
    for clause in (c.strip() for c in spec.split(",") if c.strip()):
        match = re.match(r"^(===|==|!=|~=|>=|<=|>|<)\s*(.+)$", clause)
        if match is None:
            raise RangeError(f"Expected a PEP 440 specifier, got {clause!r}.")
        op, text = match.groups()
        wildcard = text.endswith(".*")
        parts = _partial(text[:-2] if wildcard else text)
        if op == "~=":
            kept = [p for p in parts if p is not None]
            upper = list(kept[:-1]) + [None] * (3 - len(kept) + 1)
            ok = _floor(parts) <= target < _bump((upper[0], upper[1], upper[2]))
        elif op in ("==", "==="):
            ok = (_floor(parts) <= target < _bump(parts)) if wildcard else target == _floor(parts)
        elif op == "!=":
            ok = target != _floor(parts)
        else:
            ok = _within(target, op, text, "")
        if not ok:
            return False
    return True


def pep440_satisfies(spec: str, version: str) -> bool:
    """True when ``version`` satisfies a PEP 440 specifier set such as ``>=0.1,<0.2``."""
    try:
        from packaging.specifiers import InvalidSpecifier, SpecifierSet
    except ImportError:  # pragma: no cover - packaging is normally installed alongside pip
        return _pep440_subset(spec, version)
    try:
        return SpecifierSet(spec).contains(version, prereleases=True)
    except InvalidSpecifier as exc:
        raise RangeError(f"Expected a PEP 440 specifier, got {spec!r}.") from exc
