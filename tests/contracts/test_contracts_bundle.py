"""Bundled documents and inlined schemas say what the shipped files say (contracts/bundle.py)."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from referencing import Registry
from referencing.jsonschema import DRAFT202012

import contracts
from contracts.bundle import referenced_name
from contracts.check import iter_refs

ALL_EXAMPLES = [e for s in contracts.SERVICES for e in contracts.examples(s)]


def _bundled_validator(service: str, name: str) -> jsonschema.Draft202012Validator:
    uri = f"urn:bundled:{service}"
    doc = contracts.bundled_openapi(service)
    registry: Registry[Any] = Registry().with_resource(uri, DRAFT202012.create_resource(doc))
    return jsonschema.Draft202012Validator(
        {"$ref": f"{uri}#/components/schemas/{name}"},
        registry=registry,
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


@pytest.mark.parametrize("service", contracts.SERVICES)
def test_bundled_document_has_only_local_refs_that_resolve(service: str) -> None:
    doc = contracts.bundled_openapi(service)
    assert set(doc["components"]["schemas"]) == set(contracts.schema_names(service))
    for ref in iter_refs(doc):
        assert ref.startswith("#/components/"), ref
        node = doc
        for part in ref[2:].split("/"):
            node = node[part]
    assert "$id" not in json.dumps(doc["components"]["schemas"])


def test_bundled_document_is_a_copy_the_caller_may_change() -> None:
    first = contracts.bundled_openapi("shield")
    first["paths"].clear()
    assert contracts.bundled_openapi("shield")["paths"]


@pytest.mark.parametrize("example", ALL_EXAMPLES, ids=lambda e: e.label)
def test_bundled_and_inlined_schemas_judge_examples_like_the_shipped_ones(
    example: contracts.Example,
) -> None:
    bundled = _bundled_validator(example.service, example.type_name)
    inlined = contracts.inlined_schema(example.service, schema=example.type_name)
    assert "$ref" not in json.dumps(inlined)
    plain = jsonschema.Draft202012Validator(
        inlined, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert bundled.is_valid(example.instance) is example.valid
    assert plain.is_valid(example.instance) is example.valid


def test_inlined_operation_schema_wraps_the_item_in_its_envelope() -> None:
    inlined = contracts.inlined_schema("router-l2", operation="fetchRoutingDecisions")
    items = inlined["properties"]["decisions"]["items"]
    assert items["title"] == "RoutingDecision"
    assert "$ref" not in json.dumps(inlined)


def test_inlined_schema_needs_exactly_one_target() -> None:
    with pytest.raises(contracts.ContractError):
        contracts.inlined_schema("router-l2")


@pytest.mark.parametrize(
    ("ref", "name"),
    [
        ("schemas/Error.json", "Error"),
        ("PIIDetection.json", "PIIDetection"),
        ("#/components/responses/NotFound", None),
        ("https://x.invalid/A.json", None),
    ],
)
def test_referenced_name_reads_relative_schema_refs_only(ref: str, name: str | None) -> None:
    assert referenced_name(ref) == name
