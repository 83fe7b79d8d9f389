"""Self-contained forms of the contracts: a bundled OpenAPI document and ref-free schemas.

The shipped files refer to each other by relative ``$ref`` (``schemas/X.json`` from an OpenAPI
document, ``X.json`` between sibling schemas). Tools that read one document (Redoc, Prism,
Schemathesis, the ``/openapi.json`` route of the simulated services) want it bundled:
``bundled_openapi`` copies every schema of the service into ``components.schemas`` and rewrites
the refs to ``#/components/schemas/X``. Strategy generators (hypothesis-jsonschema) want no refs
at all: ``inlined_schema`` replaces every ref by the schema it names.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from contracts.errors import ContractError
from contracts.loader import load_openapi, load_schema, response_schema, schema_names

__all__ = ["bundled_openapi", "inlined_schema", "referenced_name"]

_SCHEMA_KEYS_DROPPED = ("$id", "$schema")
_ANNOTATIONS = frozenset({"title", "description", "examples", "deprecated"})
_MAX_DEPTH = 16


def referenced_name(ref: str) -> str | None:
    """The type a relative schema ref names (``schemas/X.json`` or ``X.json``), else None."""
    if ref.startswith("#") or "://" in ref or not ref.endswith(".json"):
        return None
    tail = ref.rsplit("/", 1)[-1]
    return tail[: -len(".json")]


def _rewrite(node: Any, on_ref: Callable[[str], Any]) -> Any:
    """A copy of ``node`` where every object holding ``$ref`` is replaced by ``on_ref(ref)``."""
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            replaced = on_ref(node["$ref"])
            siblings = {k: _rewrite(v, on_ref) for k, v in node.items() if k != "$ref"}
            if not siblings:
                return replaced
            if "$ref" in replaced or not siblings.keys() <= _ANNOTATIONS:
                # 2020-12 applies a $ref beside other keywords: keep both, side by side
                return {"allOf": [replaced], **siblings}
            return {**replaced, **siblings}
        return {k: _rewrite(v, on_ref) for k, v in node.items()}
    if isinstance(node, list):
        return [_rewrite(item, on_ref) for item in node]
    return node


def _component_ref(service: str, profile: str, where: str) -> Callable[[str], Any]:
    known = set(schema_names(service, profile))

    def on_ref(ref: str) -> Any:
        if ref.startswith("#"):
            return {"$ref": ref}
        name = referenced_name(ref)
        if name is None or name not in known:
            raise ContractError(
                f"{where} of {service} ({profile}) has an unresolvable $ref={ref!r}."
            )
        return {"$ref": f"#/components/schemas/{name}"}

    return on_ref


def _bare(schema: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in schema.items() if k not in _SCHEMA_KEYS_DROPPED}


@cache
def _bundled(service: str, profile: str) -> dict[str, Any]:
    doc = copy.deepcopy(dict(load_openapi(service, profile)))
    schemas = {
        name: _rewrite(
            _bare(load_schema(service, name, profile)), _component_ref(service, profile, name)
        )
        for name in schema_names(service, profile)
    }
    bundled: dict[str, Any] = _rewrite(doc, _component_ref(service, profile, "openapi.json"))
    components = dict(bundled.get("components", {}))
    components["schemas"] = {**components.get("schemas", {}), **schemas}
    bundled["components"] = components
    return bundled


def bundled_openapi(service: str, profile: str = "consumer") -> dict[str, Any]:
    """One self-contained OpenAPI 3.1 document: schemas in ``components.schemas``, refs local."""
    return copy.deepcopy(_bundled(service, profile))


def _inline(service: str, profile: str, node: Any, depth: int) -> Any:
    if depth > _MAX_DEPTH:
        raise ContractError(f"Schemas of {service} ({profile}) refer to each other too deeply.")

    def on_ref(ref: str) -> Any:
        name = referenced_name(ref)
        if name is None or name not in schema_names(service, profile):
            raise ContractError(
                f"A schema of {service} ({profile}) has an unresolvable $ref={ref!r}."
            )
        return _inline(service, profile, _bare(load_schema(service, name, profile)), depth + 1)

    return _rewrite(node, on_ref)


def inlined_schema(
    service: str,
    *,
    schema: str | None = None,
    operation: str | None = None,
    profile: str = "consumer",
) -> dict[str, Any]:
    """A type's schema (``schema=``) or an operation's 200 body (``operation=``), refs inlined."""
    if (schema is None) == (operation is None):
        raise ContractError("Name exactly one of schema= or operation=.")
    if schema is not None:
        body = dict(load_schema(service, schema, profile))
    else:
        assert operation is not None
        body = response_schema(service, operation, profile)
    inlined: dict[str, Any] = _inline(service, profile, _bare(body), 0)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **inlined}
