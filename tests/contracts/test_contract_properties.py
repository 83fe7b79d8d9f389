"""Property: generated valid payloads pass, one mutation makes them fail at the right path.

Instances come from hypothesis-jsonschema over each schema with its refs inlined
(``contracts.inlined_schema``), then closed and size-capped for speed (``allOf`` parts merged,
``additionalProperties: false`` on records, at most 3 array items): a subset of the valid
instances, each then checked against the real, open schema. A mutation removes one required
field or gives one field a value of a type its schema does not allow; the ContractViolation must
name that place. An unknown extra property is always tolerated (open objects).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

import contracts

ALL_SCHEMAS = [(s, n) for s in contracts.SERVICES for n in contracts.schema_names(s)]
WRONG_VALUES: list[Any] = [None, "text", 7.5, True, ["a"], {"k": 1}]
JSON_TYPES = {
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}
FAST = settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _merged(node: dict[str, Any]) -> dict[str, Any]:
    """``allOf`` of record schemas as one record (so that closing it stays satisfiable)."""
    parts = node["allOf"]
    merged = {k: v for k, v in node.items() if k != "allOf"}
    merged["type"] = "object"
    merged["required"] = [key for part in parts for key in part.get("required", [])]
    merged["properties"] = {k: v for part in parts for k, v in part["properties"].items()}
    return merged


def _generation_form(node: Any) -> Any:
    """The closed, size-capped form of an inlined schema that strategies are drawn from."""
    if isinstance(node, list):
        return [_generation_form(item) for item in node]
    if not isinstance(node, dict):
        return node
    if "allOf" in node:
        node = _merged(node)
    out = {k: _generation_form(v) for k, v in node.items()}
    if "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    if out.get("type") == "array" or "items" in out:
        out.setdefault("maxItems", 3)
    return out


@cache
def _strategy(service: str, name: str) -> st.SearchStrategy[Any]:
    return from_schema(_generation_form(contracts.inlined_schema(service, schema=name)))


def _parts(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return [schema, *schema.get("allOf", [])]


def _fields(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Top-level properties that carry a type, from the schema and its allOf parts."""
    found: dict[str, dict[str, Any]] = {}
    for part in _parts(schema):
        for key, sub in part.get("properties", {}).items():
            if "type" in sub:
                found[key] = sub
    return found


def _required(schema: dict[str, Any]) -> list[str]:
    return [key for part in _parts(schema) for key in part.get("required", [])]


def _wrong_values(sub: dict[str, Any]) -> list[Any]:
    allowed = sub["type"] if isinstance(sub["type"], list) else [sub["type"]]
    return [v for v in WRONG_VALUES if not any(JSON_TYPES[t](v) for t in allowed)]


def _mutations(schema: dict[str, Any], instance: Any) -> st.SearchStrategy[tuple[str, Any, str]]:
    """(kind, mutated instance, expected json path) for one single-rule mutation."""
    options: list[st.SearchStrategy[tuple[str, Any, str]]] = []
    required = [key for key in _required(schema) if key in instance]
    if required:
        options.append(
            st.sampled_from(required).map(
                lambda key: ("remove", {k: v for k, v in instance.items() if k != key}, "$")
            )
        )
    typed = {k: _wrong_values(sub) for k, sub in _fields(schema).items() if k in instance}
    typed = {k: wrong for k, wrong in typed.items() if wrong}
    values = schema.get("additionalProperties")
    if not typed and isinstance(values, dict) and "type" in values:
        typed = {"someFlag": _wrong_values(values)}
    if typed:
        options.append(
            st.sampled_from(sorted(typed)).flatmap(
                lambda key: st.sampled_from(typed[key]).map(
                    lambda bad: ("retype", {**instance, key: bad}, f"$.{key}")
                )
            )
        )
    return st.one_of(options)


@pytest.mark.parametrize(("service", "name"), ALL_SCHEMAS, ids=lambda v: str(v))
@FAST
@given(data=st.data())
def test_generated_payloads_pass_and_single_mutations_fail_at_their_path(
    service: str, name: str, data: st.DataObject
) -> None:
    instance = data.draw(_strategy(service, name), label="instance")
    contracts.validate(instance, service=service, schema=name)
    if isinstance(instance, dict):
        contracts.validate({**instance, "xUnknown": True}, service=service, schema=name)
    schema = contracts.inlined_schema(service, schema=name)
    kind, mutated, path = data.draw(_mutations(schema, instance), label="mutation")
    with pytest.raises(contracts.ContractViolation) as caught:
        contracts.validate(mutated, service=service, schema=name)
    assert caught.value.json_path == path, kind
    assert (caught.value.service, caught.value.where) == (service, name)
