"""Classify the changes between two contract versions as breaking or not, for a reading consumer.

OLD is the contract the consumer was built against, NEW is what the provider now publishes. Each
version is a profile folder, a service folder, an OpenAPI file with ``schemas/`` beside it, or the
name of a shipped profile (``consumer``, ``upstream``). Operations are matched by method and path
shape (``{param}`` names ignored); named types by service and name. A ``$ref`` to a type of the
same name on both sides is not followed: that type is compared once, under ``schemas/``.

=============================  ==========  ===================================================
kind                           breaking    why (the consumer reads responses, sends requests)
=============================  ==========  ===================================================
service-removed                yes         every call of the service fails
service-added                  no          nobody calls it yet
operation-removed              yes         the call gets 404
method-changed                 yes         same path, other method only (e.g. POST only): 405
operation-added                no          nobody calls it yet
path-param-renamed             no          same position, the URL is unchanged
parameter-added-required       yes         calls without it are rejected
parameter-added                no          optional, the consumer omits it
parameter-removed              yes         the provider ignores it: filters silently stop
parameter-made-required        yes         calls without it are rejected
parameter-made-optional        no          the consumer sends it anyway
parameter-type-changed         yes         unless the new type accepts every old value
parameter-enum-narrowed        yes         values the consumer sends are refused
parameter-enum-widened         no          every old value is still accepted
request-body-required          yes         the consumer sends no body
response-status-changed        no          still 2xx, the body is compared on its own
response-body-removed          yes         nothing documented left to read
envelope-changed               yes         the consumer looks under the old key
response-type-renamed          no          a name only; the structure is compared
schema-removed / -added        no          a type file; the operations using it are compared
field-removed (required)       yes         the reader needs it
field-removed (optional)       no          the reader already copes with its absence
field-made-optional            yes         the reader may now miss it
field-made-required            no          always there now
field-added                    no          unless the old schema forbade extra fields (yes)
type-changed                   yes         a value of another type arrives
type-widened                   yes         any type may arrive (type dropped)
type-narrowed                  no          fewer kinds of value (e.g. number to integer)
enum-value-added               yes         the reader meets a value it does not know
enum-value-removed             no          the reader never sees it again
enum-removed                   yes         any value may arrive
enum-added                     no          fewer values
format-changed / pattern-ch.   yes         the reader parses by the old format
format-added / pattern-added   no          stricter
constraint-loosened            yes         values outside the old bounds may arrive
constraint-tightened           no          stricter
map-values-widened             yes         map values no longer constrained
additional-properties-allowed  yes         extra fields in a formerly closed object
items-widened                  yes         array items no longer constrained
variant-added                  yes         a new anyOf/oneOf alternative may arrive
variant-removed                no          fewer alternatives
=============================  ==========  ===================================================
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from contracts.contract_set import (
    ContractSet,
    Operation,
    Service,
    load_contract_set,
    operations,
    success_response,
)
from contracts.diff_schema import Change, compare_schemas

__all__ = ["Change", "diff_contracts", "diff_paths", "has_breaking"]

_PARAM = re.compile(r"\{[^}]*\}")


def _shape(path: str) -> str:
    return _PARAM.sub("{}", path)


def _param_key(p: Mapping[str, Any]) -> tuple[str, str]:
    return str(p.get("in", "query")), str(p.get("name", ""))


def _where(op: Operation) -> str:
    return f"{op.service} {op.method} {op.path}"


def _pschema(p: Mapping[str, Any]) -> Mapping[str, Any]:
    schema = p.get("schema", {})
    return schema if isinstance(schema, Mapping) else {}


def _param_type(old: Mapping[str, Any], new: Mapping[str, Any], loc: str) -> list[Change]:
    ta, tb = _pschema(old).get("type"), _pschema(new).get("type")
    changes = []
    if ta != tb and not (tb is None or (ta == "integer" and tb == "number")):
        changes.append(Change("parameter-type-changed", loc, f"type {ta} became {tb}", True))
    ea, eb = _pschema(old).get("enum"), _pschema(new).get("enum")
    if isinstance(eb, list) and (not isinstance(ea, list) or any(v not in eb for v in ea)):
        dropped = [v for v in ea if v not in eb] if isinstance(ea, list) else ["any value"]
        changes.append(
            Change("parameter-enum-narrowed", loc, f"{dropped} no longer accepted", True)
        )
    elif isinstance(ea, list) and (not isinstance(eb, list) or any(v not in ea for v in eb)):
        changes.append(Change("parameter-enum-widened", loc, "more values accepted", False))
    return changes


def _parameters(a: Operation, b: Operation) -> list[Change]:
    old = {_param_key(p): p for p in a.parameters() if p.get("in") != "path"}
    new = {_param_key(p): p for p in b.parameters() if p.get("in") != "path"}
    changes = []
    for key, p in old.items():
        loc = f"{_where(b)} {key[0]} parameter {key[1]}"
        if key not in new:
            changes.append(Change("parameter-removed", loc, "no longer read by the provider", True))
            continue
        if not p.get("required") and new[key].get("required"):
            changes.append(Change("parameter-made-required", loc, "now required", True))
        elif p.get("required") and not new[key].get("required"):
            changes.append(Change("parameter-made-optional", loc, "now optional", False))
        changes += _param_type(p, new[key], loc)
    for key, p in new.items():
        if key not in old:
            loc = f"{_where(b)} {key[0]} parameter {key[1]}"
            required = bool(p.get("required"))
            kind = "parameter-added-required" if required else "parameter-added"
            changes.append(
                Change(
                    kind, loc, f"new {'required' if required else 'optional'} parameter", required
                )
            )
    return changes


def _path_params(a: Operation, b: Operation) -> list[Change]:
    names_a, names_b = _PARAM.findall(a.path), _PARAM.findall(b.path)
    if names_a == names_b:
        return []
    detail = f"{a.path} became {b.path}"
    return [Change("path-param-renamed", _where(b), detail, False)]


def _envelope(a: Operation, b: Operation) -> list[Change]:
    changes = []
    if a.envelope != b.envelope:
        shown = [f"{{{e}: …}}" if e else "a bare body" for e in (a.envelope, b.envelope)]
        detail = f"envelope {shown[0]} became {shown[1]}"
        changes.append(Change("envelope-changed", _where(b), detail, True))
    if a.response_type and b.response_type and a.response_type != b.response_type:
        detail = f"payload type {a.response_type} became {b.response_type}"
        changes.append(Change("response-type-renamed", _where(b), detail, False))
    return changes


def _responses(old: ContractSet, a: Operation, new: ContractSet, b: Operation) -> list[Change]:
    ra, rb = success_response(a), success_response(b)
    loc = f"{_where(b)} response"
    if ra is None or ra[1] is None:
        return []
    if rb is None or rb[1] is None:
        return [Change("response-body-removed", loc, "no success body is documented", True)]
    changes = []
    if ra[0] != rb[0]:
        changes.append(Change("response-status-changed", loc, f"{ra[0]} became {rb[0]}", False))
    return changes + compare_schemas(old, ra[1], new, rb[1], f"{loc} #")


def _operation(old: ContractSet, a: Operation, new: ContractSet, b: Operation) -> list[Change]:
    changes = _path_params(a, b) + _envelope(a, b) + _parameters(a, b)
    body = b.raw.get("requestBody")
    if isinstance(body, Mapping) and body.get("required") and "requestBody" not in a.raw:
        changes.append(
            Change("request-body-required", _where(b), "a request body is now required", True)
        )
    return changes + _responses(old, a, new, b)


def _service(old: ContractSet, sa: Service, new: ContractSet, sb: Service) -> list[Change]:
    ops_a = {(o.method, _shape(o.path)): o for o in operations(sa)}
    ops_b = {(o.method, _shape(o.path)): o for o in operations(sb)}
    changes: list[Change] = []
    for key, a in ops_a.items():
        if key in ops_b:
            changes += _operation(old, a, new, ops_b[key])
            continue
        others = sorted(m for m, s in ops_b if s == key[1])
        if others:
            detail = f"{a.method} {a.path} is served as {'/'.join(others)} only"
            changes.append(Change("method-changed", _where(a), detail, True))
        else:
            changes.append(
                Change("operation-removed", _where(a), f"{a.operation_id} is gone", True)
            )
    for key, b in ops_b.items():
        if key not in ops_a:
            changes.append(Change("operation-added", _where(b), f"new {b.operation_id}", False))
    return changes + _types(old, sa, new, sb)


def _types(old: ContractSet, sa: Service, new: ContractSet, sb: Service) -> list[Change]:
    changes = []
    for name in sa.schemas:
        loc = f"{sb.name}/schemas/{name}.json"
        a, b = sa.type_node(name), sb.type_node(name)
        if b is None:
            changes.append(Change("schema-removed", loc, f"type {name} is gone", False))
        elif a is not None:
            changes += compare_schemas(old, a, new, b, f"{loc}#")
    for name in sb.schemas:
        if name not in sa.schemas:
            loc = f"{sb.name}/schemas/{name}.json"
            changes.append(Change("schema-added", loc, f"new type {name}", False))
    return changes


def diff_contracts(old: ContractSet, new: ContractSet) -> tuple[Change, ...]:
    """Every change from ``old`` to ``new``, services in order, operations in document order."""
    sa, sb = dict(old.services), dict(new.services)
    if len(sa) == len(sb) == 1 and sa.keys() != sb.keys():
        # Two single documents: compare them whatever their folders are called.
        sa = {next(iter(sb)): next(iter(sa.values()))}
    changes: list[Change] = []
    for name, service in sa.items():
        if name not in sb:
            changes.append(Change("service-removed", name, f"service {name} is gone", True))
        else:
            changes += _service(old, service, new, sb[name])
    for name in sb:
        if name not in sa:
            changes.append(Change("service-added", name, f"new service {name}", False))
    return tuple(changes)


def diff_paths(old: str | Path, new: str | Path) -> tuple[Change, ...]:
    """Load two contract versions from disk (or shipped profile names) and diff them."""
    return diff_contracts(load_contract_set(old), load_contract_set(new))


def has_breaking(changes: tuple[Change, ...] | list[Change]) -> bool:
    """True when at least one change breaks the consumer."""
    return any(change.breaking for change in changes)
