"""Compare what a consumer operation reads with what a provider operation sends.

Fields are matched by name, then by a normalised name (snake_case, unit suffix such as ``Ms`` or
``_ns`` removed, ``type`` also matching one ``<x>_type``), at any depth up to three levels, so
``p50Ms`` (ms) meets ``ttft.p50`` (``x-unit: ns``) and ``type`` meets ``anomaly_type``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from contracts.contract_set import ContractSet, Node, Operation, success_response
from contracts.diff_schema import SchemaView, view_of

__all__ = [
    "ENVELOPE",
    "METHOD_DIFFERS",
    "MISSING_ROUTE",
    "MISSING_SERVICE",
    "Leaf",
    "compare_shapes",
    "leaves",
]

MISSING_SERVICE = "missing service"
MISSING_ROUTE = "missing route"
METHOD_DIFFERS = "method differs (POST only)"
ENVELOPE = "envelope differs"
FIELD_NAMES = "field names differ"
FIELD_TYPES = "field types differ"
ENUMS = "enum values differ"
UNITS = "units differ"
PARAMS = "query parameters differ"

_UNITS = {"ms": "ms", "ns": "ns", "us": "us", "usd": "usd", "seconds": "s", "secs": "s"}
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SHOWN = 4


@dataclass(frozen=True, slots=True)
class Leaf:
    """One field at some depth: its dotted path, normalised name, unit, types and enum."""

    path: str
    base: str
    unit: str | None
    types: frozenset[str] | None
    enum: tuple[Any, ...] | None


def _normalise(name: str) -> tuple[str, str | None]:
    snake = _CAMEL.sub("_", name).lower()
    head, _, tail = snake.rpartition("_")
    if head and tail in _UNITS:
        return head, _UNITS[tail]
    return snake, None


def _leaf(path: str, name: str, view: SchemaView, inherited: str | None) -> Leaf:
    base, unit = _normalise(name)
    unit = view.raw.get("x-unit", unit or inherited)
    values = view.enum if view.enum is not None else view.raw.get("x-known-values")
    return Leaf(path, base, unit, view.types, None if values is None else tuple(values))


def leaves(contracts: ContractSet, node: Node, prefix: str = "", depth: int = 0) -> list[Leaf]:
    """Every field of a schema down to three levels, shallowest first."""
    view = view_of(contracts, node)
    while view.items is not None and not view.properties:
        view = view_of(contracts, view.items)
    found: list[Leaf] = []
    nested: list[Leaf] = []
    for name, child in view.properties.items():
        child_view = view_of(contracts, child)
        path = f"{prefix}{name}"
        found.append(_leaf(path, name, child_view, view.raw.get("x-unit")))
        if depth < 2:
            nested += leaves(contracts, child, f"{path}.", depth + 1)
    return found + nested


def _match(leaf: Leaf, provider: list[Leaf]) -> Leaf | None:
    for candidate in provider:
        if candidate.path == leaf.path:
            return candidate
    for candidate in provider:
        if candidate.base == leaf.base:
            return candidate
    suffixed = [c for c in provider if c.base.endswith(f"_{leaf.base}")]
    return suffixed[0] if len(suffixed) == 1 else None


def _covered(kind: str, types: frozenset[str]) -> bool:
    return kind in types or (kind == "integer" and "number" in types)


def _some(names: list[str]) -> str:
    more = f" (+{len(names) - _SHOWN} more)" if len(names) > _SHOWN else ""
    return ", ".join(names[:_SHOWN]) + more


def _pair_findings(mine: Leaf, theirs: Leaf) -> list[tuple[str, str]]:
    found = []
    if mine.enum is not None and theirs.enum is not None and set(theirs.enum) - set(mine.enum):
        ours, other = "/".join(map(str, mine.enum)), "/".join(map(str, theirs.enum))
        found.append((ENUMS, f"{mine.path} is {ours}, upstream {theirs.path} is {other}"))
    if mine.unit and theirs.unit and mine.unit != theirs.unit:
        found.append(
            (UNITS, f"{mine.path} in {mine.unit}, upstream {theirs.path} in {theirs.unit}")
        )
    if mine.types and theirs.types and not any(_covered(t, mine.types) for t in theirs.types):
        ours, other = "/".join(sorted(mine.types)), "/".join(sorted(theirs.types))
        found.append((FIELD_TYPES, f"{mine.path} is {ours}, upstream {theirs.path} is {other}"))
    return found


def _fields(
    consumer: ContractSet, mine: Node, provider: ContractSet, theirs: Node
) -> list[tuple[str, str]]:
    ours, other = view_of(consumer, mine), view_of(provider, theirs)
    if not other.properties:
        return []  # the provider's fields are not recorded: nothing to compare
    findings: list[tuple[str, str]] = []
    missing = [n for n in ours.properties if n in ours.required and n not in other.properties]
    if missing:
        findings.append(
            (
                FIELD_NAMES,
                f"{_some(missing)} not sent upstream, which has {_some(list(other.properties))}",
            )
        )
    provider_leaves = leaves(provider, theirs)
    for leaf in leaves(consumer, mine):
        match = _match(leaf, provider_leaves)
        findings += [] if match is None else _pair_findings(leaf, match)
    return _first_per_kind(findings)


def _first_per_kind(findings: list[tuple[str, str]]) -> list[tuple[str, str]]:
    merged: dict[str, list[str]] = {}
    for kind, detail in findings:
        merged.setdefault(kind, []).append(detail)
    return [(kind, "; ".join(details[:3])) for kind, details in merged.items()]


def _shape_of(op: Operation) -> str:
    if op.envelope:
        return f"{{{op.envelope}: …}}"
    response = success_response(op)
    body = None if response is None or response[1] is None else response[1].schema
    if isinstance(body, Mapping) and body.get("type") == "array":
        return "a bare array"
    return "a bare object"


def _params(mine: Operation, theirs: Operation) -> list[tuple[str, str]]:
    def names(op: Operation) -> list[str]:
        return [str(p.get("name")) for p in op.parameters() if p.get("in") == "query"]

    unread = [n for n in names(mine) if n not in names(theirs)]
    return [(PARAMS, f"{_some(unread)} not read upstream")] if unread else []


def compare_shapes(
    consumer: ContractSet,
    mine: Operation,
    provider: ContractSet,
    theirs: Operation,
    provider_type: str | None = None,
) -> list[tuple[str, str]]:
    """Reason kinds and details why ``theirs`` does not serve what ``mine`` reads ([]: it does)."""
    findings: list[tuple[str, str]] = []
    if mine.method != theirs.method:
        findings.append((METHOD_DIFFERS, f"upstream serves {theirs.method} {theirs.path}"))
    if _shape_of(mine) != _shape_of(theirs):
        findings.append(
            (ENVELOPE, f"consumer reads {_shape_of(mine)}, upstream sends {_shape_of(theirs)}")
        )
    consumer_service = consumer.services[mine.service]
    provider_service = provider.services[theirs.service]
    mine_node = consumer_service.type_node(mine.response_type)
    theirs_node = provider_service.type_node(provider_type or theirs.response_type)
    if mine_node is not None and theirs_node is not None and not theirs.unrecorded:
        findings += _fields(consumer, mine_node, provider, theirs_node)
    return findings + _params(mine, theirs)
