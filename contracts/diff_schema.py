"""Compare two JSON Schemas from the side of a consumer that READS what they describe.

A change is breaking when the new schema lets a provider send something the old one did not
(a new enum value, a wider type, a missing required field, a looser bound). The rules are tabled
in ``contracts.diff``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from contracts.contract_set import ContractSet, Node

__all__ = ["Change", "SchemaView", "compare_schemas", "view_of"]

_LOWER = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
_UPPER = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two contract versions, and whether it breaks a consumer."""

    kind: str
    location: str
    detail: str
    breaking: bool

    def as_dict(self) -> dict[str, Any]:
        """The change as a JSON-ready dict."""
        return {
            "kind": self.kind,
            "location": self.location,
            "detail": self.detail,
            "breaking": self.breaking,
        }


@dataclass
class SchemaView:
    """A schema with its $refs followed and its ``allOf`` branches merged."""

    raw: Mapping[str, Any]
    types: frozenset[str] | None = None
    enum: list[Any] | None = None
    properties: dict[str, Node] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    additional: Node | bool | None = None
    items: Node | None = None
    variants: list[Any] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        """True when properties not listed are forbidden."""
        return self.additional is False

    @property
    def is_object(self) -> bool:
        """True when the schema says something about object members."""
        return bool(self.properties or self.required or self.additional is not None)


def _types(raw: Mapping[str, Any]) -> frozenset[str] | None:
    value = raw.get("type")
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, list):
        return frozenset(str(v) for v in value)
    return None


def _enum(raw: Mapping[str, Any]) -> list[Any] | None:
    if "const" in raw:
        return [raw["const"]]
    value = raw.get("enum")
    return list(value) if isinstance(value, list) else None


def _merge(into: SchemaView, other: SchemaView) -> None:
    into.types = into.types if into.types is not None else other.types
    into.enum = into.enum if into.enum is not None else other.enum
    into.properties = {**other.properties, **into.properties}
    into.required |= other.required
    into.additional = into.additional if into.additional is not None else other.additional
    into.items = into.items or other.items
    into.variants = into.variants or other.variants


def view_of(contracts: ContractSet, node: Node, depth: int = 0) -> SchemaView:
    """The merged view of a schema node (refs followed, ``allOf`` folded in)."""
    node = contracts.deref(node)
    raw = node.schema if isinstance(node.schema, Mapping) else {}
    view = SchemaView(raw=raw, types=_types(raw), enum=_enum(raw))
    props = raw.get("properties", {})
    view.properties = {k: Node(v, node.base) for k, v in props.items()}
    view.required = set(raw.get("required", ()))
    extra = raw.get("additionalProperties")
    view.additional = Node(extra, node.base) if isinstance(extra, Mapping) else extra
    if isinstance(raw.get("items"), Mapping):
        view.items = Node(raw["items"], node.base)
    view.variants = [*raw.get("anyOf", ()), *raw.get("oneOf", ())]
    for branch in raw.get("allOf", ()) if depth < 8 else ():
        _merge(view, view_of(contracts, Node(branch, node.base), depth + 1))
    return view


def _covered(kind: str, types: frozenset[str]) -> bool:
    return kind in types or (kind == "integer" and "number" in types)


def _show(values: Any) -> str:
    if isinstance(values, frozenset | set):
        return "/".join(sorted(values))
    return "/".join(json.dumps(v) if not isinstance(v, str) else v for v in values)


class _Walk:
    """One comparison: the two sets, the pairs already seen, the changes found."""

    def __init__(self, old: ContractSet, new: ContractSet, stop_at_named: bool) -> None:
        self.old, self.new = old, new
        self.stop_at_named = stop_at_named
        self.seen: set[tuple[int, int]] = set()
        self.changes: list[Change] = []

    def add(self, kind: str, loc: str, detail: str, breaking: bool) -> None:
        self.changes.append(Change(kind, loc, detail, breaking))

    def compare(self, a: Node, b: Node, loc: str) -> None:
        name_a, name_b = self.old.ref_type(a), self.new.ref_type(b)
        if self.stop_at_named and name_a is not None and name_a == name_b:
            return  # the named type is compared once, on its own
        a, b = self.old.deref(a), self.new.deref(b)
        key = (id(a.schema), id(b.schema))
        if key in self.seen:
            return
        self.seen.add(key)
        va, vb = view_of(self.old, a), view_of(self.new, b)
        if not self.types(va, vb, loc):
            return
        self.enums(va, vb, loc)
        self.scalars(va.raw, vb.raw, loc)
        if va.is_object or vb.is_object:
            self.objects(va, vb, loc)
        self.arrays(va, vb, loc)
        self.variants(va, vb, loc)

    def types(self, va: SchemaView, vb: SchemaView, loc: str) -> bool:
        ta, tb = va.types, vb.types
        if ta is None:
            if tb is not None:
                self.add("type-narrowed", loc, f"now only {_show(tb)} (was any type)", False)
            return True
        if tb is None:
            self.add("type-widened", loc, f"now any type (was {_show(ta)})", True)
            return True
        extra = {t for t in tb if not _covered(t, ta)}
        if extra:
            self.add("type-changed", loc, f"type {_show(ta)} became {_show(tb)}", True)
            return any(_covered(t, ta) for t in tb)
        if tb != ta:
            self.add("type-narrowed", loc, f"type {_show(ta)} became {_show(tb)}", False)
        return True

    def enums(self, va: SchemaView, vb: SchemaView, loc: str) -> None:
        ea, eb = va.enum, vb.enum
        if ea is None and eb is not None:
            self.add("enum-added", loc, f"values limited to {_show(eb)}", False)
        elif ea is not None and eb is None:
            self.add("enum-removed", loc, f"any value allowed (was {_show(ea)})", True)
        elif ea is not None and eb is not None:
            added = [v for v in eb if v not in ea]
            removed = [v for v in ea if v not in eb]
            if added:
                self.add("enum-value-added", loc, f"new value(s) {_show(added)}", True)
            if removed:
                self.add(
                    "enum-value-removed", loc, f"value(s) {_show(removed)} no longer sent", False
                )

    def scalars(self, ra: Mapping[str, Any], rb: Mapping[str, Any], loc: str) -> None:
        for key in ("format", "pattern"):
            old, new = ra.get(key), rb.get(key)
            if old is not None and old != new:
                self.add(f"{key}-changed", loc, f"{key} {old!r} became {new!r}", True)
            elif old is None and new is not None:
                self.add(f"{key}-added", loc, f"{key} {new!r} added", False)
        for keys, looser in ((_LOWER, lambda o, n: n < o), (_UPPER, lambda o, n: n > o)):
            for key in keys:
                self.bound(key, ra.get(key), rb.get(key), looser, loc)

    def bound(self, key: str, old: Any, new: Any, looser: Any, loc: str) -> None:
        if not isinstance(old, int | float) and not isinstance(new, int | float):
            return
        if old is not None and (new is None or looser(old, new)):
            self.add("constraint-loosened", loc, f"{key} {old} became {new}", True)
        elif new is not None and (old is None or looser(new, old)):
            self.add("constraint-tightened", loc, f"{key} {old} became {new}", False)

    def objects(self, va: SchemaView, vb: SchemaView, loc: str) -> None:
        for name in [*va.properties, *sorted(va.required - set(va.properties))]:
            self.member(name, va, vb, f"{loc}/properties/{name}")
        for name in [*vb.properties, *sorted(vb.required - set(vb.properties))]:
            if name not in va.properties and name not in va.required:
                need = "required" if name in vb.required else "optional"
                if va.closed:
                    self.add(
                        "field-added",
                        f"{loc}/properties/{name}",
                        f"new {need} field, but the old contract forbids extra fields",
                        True,
                    )
                else:
                    self.add("field-added", f"{loc}/properties/{name}", f"new {need} field", False)
        self.additional(va, vb, loc)

    def member(self, name: str, va: SchemaView, vb: SchemaView, loc: str) -> None:
        was_required = name in va.required
        if name not in vb.properties and name not in vb.required:
            kind = "required" if was_required else "optional"
            self.add("field-removed", loc, f"{kind} field {name!r} is gone", was_required)
            return
        if was_required and name not in vb.required:
            self.add("field-made-optional", loc, f"field {name!r} may now be absent", True)
        elif not was_required and name in vb.required:
            self.add("field-made-required", loc, f"field {name!r} is now always sent", False)
        if name in va.properties and name in vb.properties:
            self.compare(va.properties[name], vb.properties[name], loc)

    def additional(self, va: SchemaView, vb: SchemaView, loc: str) -> None:
        where = f"{loc}/additionalProperties"
        if isinstance(va.additional, Node):
            if isinstance(vb.additional, Node):
                self.compare(va.additional, vb.additional, where)
            elif vb.additional is not False:
                self.add("map-values-widened", where, "map values are no longer constrained", True)
        elif va.closed and not vb.closed:
            self.add("additional-properties-allowed", where, "extra fields are now allowed", True)
        elif vb.closed and not va.closed:
            self.add(
                "additional-properties-forbidden", where, "extra fields are now forbidden", False
            )

    def arrays(self, va: SchemaView, vb: SchemaView, loc: str) -> None:
        if va.items is not None and vb.items is not None:
            self.compare(va.items, vb.items, f"{loc}/items")
        elif va.items is not None:
            self.add("items-widened", f"{loc}/items", "array items are no longer constrained", True)

    def variants(self, va: SchemaView, vb: SchemaView, loc: str) -> None:
        old = {json.dumps(v, sort_keys=True) for v in va.variants}
        new = {json.dumps(v, sort_keys=True) for v in vb.variants}
        if old and new:
            for text in sorted(new - old):
                self.add("variant-added", loc, f"new alternative {text}", True)
            for text in sorted(old - new):
                self.add("variant-removed", loc, f"alternative {text} dropped", False)


def compare_schemas(
    old: ContractSet,
    a: Node,
    new: ContractSet,
    b: Node,
    location: str,
    *,
    stop_at_named: bool = True,
) -> list[Change]:
    """Every change from schema ``a`` (old) to ``b`` (new), for a reader of the described value."""
    walk = _Walk(old, new, stop_at_named)
    walk.compare(a, b, location)
    return walk.changes
