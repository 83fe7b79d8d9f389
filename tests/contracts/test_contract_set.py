"""contracts.contract_set: the forms a contract version can take, and $ref resolution."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from contracts.contract_set import Node, load_contract_set, operations, success_response

SHIPPED = Path(str(files("contracts")))


def test_a_shipped_profile_loads_by_name_with_its_services_in_order() -> None:
    consumer = load_contract_set("consumer")
    assert list(consumer.services)[:2] == ["cost-ops", "latency-lens"]
    assert len(consumer.services) == 7


def test_a_service_folder_and_an_openapi_file_load_as_one_service() -> None:
    folder = load_contract_set(SHIPPED / "consumer" / "sentinel")
    document = load_contract_set(SHIPPED / "consumer" / "sentinel" / "openapi.json")
    assert list(folder.services) == list(document.services) == ["sentinel"]
    assert set(folder.services["sentinel"].schemas) == set(document.services["sentinel"].schemas)


def test_refs_resolve_by_file_address_and_by_id() -> None:
    observatory = load_contract_set("consumer")
    details = observatory.services["observatory"].type_node("TraceDetails")
    assert details is not None
    branch = Node(details.schema["allOf"][0], details.base)
    assert observatory.ref_type(branch) == "TelemetryTrace"
    assert observatory.deref(branch).schema["title"] == "TelemetryTrace"
    by_id = Node({"$ref": details.schema["$id"]}, "file:///elsewhere/x.json")
    assert observatory.deref(by_id).schema["title"] == "TraceDetails"


def test_the_success_response_is_the_first_2xx_even_202() -> None:
    upstream = load_contract_set("upstream")
    ingest = next(
        o
        for o in operations(upstream.services["latency-lens"])
        if o.operation_id == "ingestMetrics"
    )
    found = success_response(ingest)
    assert found is not None
    assert found[0] == "202"


def test_the_missing_router_service_is_flagged() -> None:
    upstream = load_contract_set("upstream")
    assert upstream.services["router-l2"].missing
    assert list(operations(upstream.services["router-l2"])) == []
