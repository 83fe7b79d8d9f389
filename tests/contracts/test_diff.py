"""contracts.diff: each rule of the table, on small contracts written to a temporary folder."""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from contracts.contract_set import ContractSetError
from contracts.diff import Change, diff_paths, has_breaking
from contracts.diff_render import render, render_json, render_junit, render_text

Doc = dict[str, Any]

EVENT: Doc = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://example.invalid/v1/feed/schemas/Event.json",
    "type": "object",
    "required": ["eventId", "severity"],
    "properties": {
        "eventId": {"type": "string"},
        "severity": {"type": "string", "enum": ["low", "high"]},
        "latencyMs": {"type": "number", "minimum": 0},
    },
}


def _operation() -> Doc:
    body = {
        "type": "object",
        "required": ["events"],
        "properties": {"events": {"type": "array", "items": {"$ref": "schemas/Event.json"}}},
    }
    return {
        "operationId": "fetchEvents",
        "parameters": [
            {"name": "since", "in": "query", "required": False, "schema": {"type": "string"}},
            {
                "name": "kind",
                "in": "query",
                "required": False,
                "schema": {"type": "string", "enum": ["a", "b"]},
            },
        ],
        "responses": {"200": {"content": {"application/json": {"schema": body}}}},
        "x-envelope": "events",
        "x-response-type": "Event",
    }


def _detail() -> Doc:
    return {
        "operationId": "getEvent",
        "parameters": [{"name": "eventId", "in": "path", "required": True}],
        "responses": {
            "200": {"content": {"application/json": {"schema": {"$ref": "schemas/Event.json"}}}}
        },
        "x-response-type": "Event",
    }


def base() -> tuple[Doc, dict[str, Doc]]:
    """One service: GET /events (envelope 'events'), GET /events/{eventId}, type Event."""
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "feed", "version": "1"},
        "paths": {"/events": {"get": _operation()}, "/events/{eventId}": {"get": _detail()}},
    }
    return doc, {"Event": copy.deepcopy(EVENT)}


def write_service(folder: Path, doc: Doc, schemas: dict[str, Doc]) -> Path:
    (folder / "schemas").mkdir(parents=True)
    (folder / "openapi.json").write_text(json.dumps(doc), encoding="utf-8")
    for name, schema in schemas.items():
        (folder / "schemas" / f"{name}.json").write_text(json.dumps(schema), encoding="utf-8")
    return folder


def changes_after(
    tmp_path: Path, mutate: Callable[[Doc, dict[str, Doc]], None]
) -> tuple[Change, ...]:
    doc, schemas = base()
    old = write_service(tmp_path / "old" / "feed", doc, schemas)
    doc, schemas = base()
    mutate(doc, schemas)
    new = write_service(tmp_path / "new" / "feed", doc, schemas)
    return diff_paths(old, new)


def kinds(changes: tuple[Change, ...]) -> dict[str, bool]:
    return {c.kind: c.breaking for c in changes}


def op(doc: Doc) -> Doc:
    return doc["paths"]["/events"]["get"]


def test_identical_contracts_have_no_change(tmp_path: Path) -> None:
    assert changes_after(tmp_path, lambda d, s: None) == ()


def test_removed_operation_is_breaking(tmp_path: Path) -> None:
    found = changes_after(tmp_path, lambda d, s: d["paths"].pop("/events/{eventId}"))
    assert kinds(found) == {"operation-removed": True}
    assert found[0].location == "feed GET /events/{eventId}"


def test_operation_served_only_as_post_is_a_method_change(tmp_path: Path) -> None:
    def to_post(d: Doc, s: dict[str, Doc]) -> None:
        d["paths"]["/events"] = {"post": d["paths"]["/events"]["get"]}

    found = kinds(changes_after(tmp_path, to_post))
    assert found["method-changed"] is True
    assert found["operation-added"] is False


def test_removed_required_field_is_breaking_and_removed_optional_is_not(tmp_path: Path) -> None:
    def drop(d: Doc, s: dict[str, Doc]) -> None:
        s["Event"]["properties"].pop("eventId")
        s["Event"]["required"].remove("eventId")
        s["Event"]["properties"].pop("latencyMs")

    found = changes_after(tmp_path, drop)
    by_field = {c.location.rsplit("/", 1)[-1]: c.breaking for c in found}
    assert by_field == {"eventId": True, "latencyMs": False}
    assert {c.kind for c in found} == {"field-removed"}


def test_field_made_optional_is_breaking_for_a_reader(tmp_path: Path) -> None:
    found = changes_after(tmp_path, lambda d, s: s["Event"]["required"].remove("severity"))
    assert kinds(found) == {"field-made-optional": True}


def test_type_change_is_breaking_and_narrowing_is_not(tmp_path: Path) -> None:
    def retype(d: Doc, s: dict[str, Doc]) -> None:
        s["Event"]["properties"]["eventId"]["type"] = "integer"
        s["Event"]["properties"]["latencyMs"]["type"] = "integer"

    found = {
        c.location.rsplit("/", 1)[-1]: (c.kind, c.breaking) for c in changes_after(tmp_path, retype)
    }
    assert found == {"eventId": ("type-changed", True), "latencyMs": ("type-narrowed", False)}


def test_enum_value_added_by_the_provider_breaks_and_removed_does_not(tmp_path: Path) -> None:
    found = changes_after(
        tmp_path,
        lambda d, s: s["Event"]["properties"]["severity"].update(enum=["high", "critical"]),
    )
    assert kinds(found) == {"enum-value-added": True, "enum-value-removed": False}
    added = next(c for c in found if c.kind == "enum-value-added")
    assert "critical" in added.detail


def test_dropping_an_enum_lets_any_value_through(tmp_path: Path) -> None:
    found = changes_after(tmp_path, lambda d, s: s["Event"]["properties"]["severity"].pop("enum"))
    assert kinds(found) == {"enum-removed": True}


def test_new_optional_field_is_not_breaking(tmp_path: Path) -> None:
    found = changes_after(
        tmp_path, lambda d, s: s["Event"]["properties"].update(region={"type": "string"})
    )
    assert kinds(found) == {"field-added": False}


def test_new_field_in_a_formerly_closed_object_is_breaking(tmp_path: Path) -> None:
    doc, schemas = base()
    schemas["Event"]["additionalProperties"] = False
    old = write_service(tmp_path / "old" / "feed", doc, schemas)
    schemas["Event"]["properties"]["region"] = {"type": "string"}
    new = write_service(tmp_path / "new" / "feed", doc, schemas)
    assert kinds(diff_paths(old, new)) == {"field-added": True}


def test_new_required_query_parameter_is_breaking_and_optional_is_not(tmp_path: Path) -> None:
    def add(d: Doc, s: dict[str, Doc]) -> None:
        op(d)["parameters"] += [
            {"name": "tenant", "in": "query", "required": True, "schema": {"type": "string"}},
            {"name": "page", "in": "query", "required": False, "schema": {"type": "integer"}},
        ]

    assert kinds(changes_after(tmp_path, add)) == {
        "parameter-added-required": True,
        "parameter-added": False,
    }


def test_removed_query_parameter_is_breaking_because_the_filter_stops(tmp_path: Path) -> None:
    found = changes_after(tmp_path, lambda d, s: op(d)["parameters"].pop(0))
    assert kinds(found) == {"parameter-removed": True}
    assert found[0].location.endswith("query parameter since")


def test_parameter_enum_narrowed_breaks_the_sender(tmp_path: Path) -> None:
    found = changes_after(
        tmp_path, lambda d, s: op(d)["parameters"][1]["schema"].update(enum=["a"])
    )
    assert kinds(found) == {"parameter-enum-narrowed": True}


def test_envelope_key_change_is_breaking(tmp_path: Path) -> None:
    def rewrap(d: Doc, s: dict[str, Doc]) -> None:
        body = op(d)["responses"]["200"]["content"]["application/json"]["schema"]
        body["required"] = ["data"]
        body["properties"] = {"data": body["properties"].pop("events")}
        op(d)["x-envelope"] = "data"

    found = kinds(changes_after(tmp_path, rewrap))
    assert found["envelope-changed"] is True
    assert found["field-removed"] is True


def test_path_parameter_renamed_in_place_is_not_breaking(tmp_path: Path) -> None:
    def rename(d: Doc, s: dict[str, Doc]) -> None:
        item = d["paths"].pop("/events/{eventId}")
        item["get"]["parameters"][0]["name"] = "event_id"
        d["paths"]["/events/{event_id}"] = item

    assert kinds(changes_after(tmp_path, rename)) == {"path-param-renamed": False}


def test_loosened_bound_breaks_and_tightened_bound_does_not(tmp_path: Path) -> None:
    def loosen(d: Doc, s: dict[str, Doc]) -> None:
        s["Event"]["properties"]["latencyMs"]["minimum"] = -1
        s["Event"]["properties"]["eventId"]["maxLength"] = 64

    assert kinds(changes_after(tmp_path, loosen)) == {
        "constraint-loosened": True,
        "constraint-tightened": False,
    }


def test_a_named_type_is_compared_once_not_per_operation(tmp_path: Path) -> None:
    found = changes_after(tmp_path, lambda d, s: s["Event"]["required"].remove("severity"))
    assert [c.location for c in found] == ["feed/schemas/Event.json#/properties/severity"]


def test_two_single_openapi_files_are_compared_whatever_their_folders(tmp_path: Path) -> None:
    doc, schemas = base()
    old = write_service(tmp_path / "v1", doc, schemas) / "openapi.json"
    schemas["Event"]["required"].remove("eventId")
    new = write_service(tmp_path / "v2", doc, schemas) / "openapi.json"
    assert kinds(diff_paths(old, new)) == {"field-made-optional": True}


def test_the_shipped_profiles_diff_as_expected() -> None:
    assert diff_paths("consumer", "consumer") == ()
    found = diff_paths("consumer", "upstream")
    assert has_breaking(found)
    removed = {c.location for c in found if c.kind == "operation-removed"}
    assert "sentinel GET /api/v1/drifts" in removed
    assert "sentinel GET /api/v1/anomalies" not in removed
    assert any(
        c.kind == "envelope-changed" and c.location == "sentinel GET /api/v1/anomalies"
        for c in found
    )
    assert ("service-removed", "router-l2") not in {(c.kind, c.location) for c in found}


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("missing-folder", "does not exist"),
        ("empty-folder", "holds no openapi.json"),
        ("bad.json", "is not valid JSON"),
        ("nopaths.json", "is not an OpenAPI document"),
    ],
)
def test_bad_input_names_the_file(tmp_path: Path, source: str, message: str) -> None:
    (tmp_path / "empty-folder").mkdir()
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    (tmp_path / "nopaths.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ContractSetError, match=message) as caught:
        diff_paths(tmp_path / source, "consumer")
    assert source in str(caught.value)


SAMPLE = (
    Change("field-removed", "feed/schemas/Event.json#/properties/eventId", "gone", True),
    Change("field-added", "feed/schemas/Event.json#/properties/region", "new <optional>", False),
)


def test_text_rendering_marks_breaking_lines_and_counts() -> None:
    lines = render_text(SAMPLE).splitlines()
    assert lines[0].startswith("BREAKING")
    assert lines[1].startswith("ok")
    assert lines[-1] == "2 change(s), 1 breaking."


def test_json_rendering_round_trips() -> None:
    body = json.loads(render_json(SAMPLE))
    assert (body["total"], body["breaking"]) == (2, 1)
    assert body["changes"][0] == SAMPLE[0].as_dict()


def test_junit_has_one_case_per_change_and_fails_the_breaking_ones() -> None:
    root = ET.fromstring(render_junit(SAMPLE))
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert len(cases) == 2
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    assert cases[0].find("failure") is not None
    assert cases[1].find("failure") is None
    assert cases[0].get("classname") == "contracts.diff.field-removed"


def test_render_refuses_an_unknown_format() -> None:
    with pytest.raises(ValueError, match="fmt='yaml'"):
        render(SAMPLE, "yaml")
