"""The loader over the consumer contract: endpoints, validators, errors (contracts/loader.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

import contracts

EXPECTED_COUNTS = {
    "cost-ops": 4,
    "latency-lens": 6,
    "sentinel": 6,
    "shield": 6,
    "observatory": 7,
    "config-manager": 6,
    "router-l2": 7,
}
ENVELOPES = {
    "fetchCostEvents": "events",
    "fetchProjections": "projections",
    "fetchAggregations": "aggregations",
    "fetchLatencyProfiles": "profiles",
    "fetchThroughputStats": "stats",
    "fetchPolicyBlocks": "events",
    "fetchPIIDetections": "signals",
    "getPolicyStats": "stats",
    "getActivePolicies": "policies",
    "searchTraces": "traces",
    "fetchEvents": "events",
    "getSlowTraces": "traces",
    "getErrorTraces": "traces",
    "getModelAvailability": "models",
    "getConfigHistory": "changes",
    "fetchRoutingDecisions": "decisions",
    "fetchLoadBalancerSignals": "signals",
    "getModelWeights": "weights",
    "fetchDriftSignals": "drifts",
    "fetchAlerts": "alerts",
}


def test_consumer_contract_has_42_unique_get_endpoints() -> None:
    found = contracts.endpoints()
    assert len(found) == 42
    assert len({(e.service, e.operation_id) for e in found}) == 42
    assert Counter(e.service for e in found) == EXPECTED_COUNTS
    assert {e.method for e in found} == {"GET"}


def test_envelope_keys_match_the_wire_contract() -> None:
    envelopes = {(e.service, e.operation_id): e.envelope for e in contracts.endpoints()}
    assert envelopes[("latency-lens", "fetchAnomalies")] == "anomalies"
    assert envelopes[("sentinel", "fetchAnomalies")] == "anomalies"
    listed = {op: env for (_s, op), env in envelopes.items() if env and op != "fetchAnomalies"}
    assert listed == ENVELOPES
    assert sum(env is None for env in envelopes.values()) == 20


@pytest.mark.parametrize(
    "found", contracts.endpoints(), ids=lambda e: f"{e.service}.{e.operation_id}"
)
def test_operation_response_matches_its_envelope_and_type(found: contracts.Endpoint) -> None:
    assert found.response_type in contracts.schema_names(found.service)
    body = contracts.response_schema(found.service, found.operation_id)
    item = {"$ref": f"schemas/{found.response_type}.json"}
    if found.envelope is None:
        assert body["$ref"] == item["$ref"]
    else:
        assert body["required"] == [found.envelope]
        assert body["properties"][found.envelope] == {"type": "array", "items": item}


@pytest.mark.parametrize(
    "found", contracts.endpoints(), ids=lambda e: f"{e.service}.{e.operation_id}"
)
def test_operation_declares_auth_rate_limit_and_error_responses(found: contracts.Endpoint) -> None:
    op = contracts.load_openapi(found.service)["paths"][found.path]["get"]
    codes = set(op["responses"])
    assert {"200", "401", "403", "429", "500", "502", "503", "504"} <= codes
    assert ("404" in codes) == ("{" in found.path)
    path_params = [p for p in found.parameters if p.location == "path"]
    assert [p.name for p in path_params] == [
        n.strip("{}") for n in found.path.split("/") if "{" in n
    ]
    assert all(p.required for p in path_params)


def test_documents_declare_bearer_auth_and_a_429_with_retry_after() -> None:
    for service in contracts.SERVICES:
        doc = contracts.load_openapi(service)
        assert doc["openapi"] == "3.1.0"
        assert doc["security"] == [{"bearerAuth": []}]
        assert doc["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
        assert "Retry-After" in doc["components"]["responses"]["TooManyRequests"]["headers"]
        assert doc["servers"]


def test_static_trace_routes_come_before_the_trace_id_route() -> None:
    paths = [e.path for e in contracts.endpoints(service="observatory")]
    by_id = paths.index("/api/v1/traces/{traceId}")
    for static in ("summary", "slow", "errors"):
        assert paths.index(f"/api/v1/traces/{static}") < by_id


def test_query_parameters_keep_wire_names_and_json_types() -> None:
    params = {p.name: p for p in contracts.endpoint("sentinel", "fetchAnomalies").parameters}
    assert list(params) == ["type", "severity", "model_id", "active_only", "since", "limit"]
    assert (params["active_only"].type, params["limit"].type) == ("boolean", "integer")
    lists = contracts.endpoint("config-manager", "getModelAvailability").parameters
    assert [(p.name, p.type) for p in lists][:2] == [
        ("model_ids", "string"),
        ("providers", "string"),
    ]
    assert contracts.endpoint("cost-ops", "fetchAggregations").parameters[0].required


def test_path_pattern_matches_one_segment_per_parameter() -> None:
    found = contracts.endpoint("config-manager", "getModelStatus")
    match = found.path_pattern.match("/api/v1/models/gpt-4o/status")
    assert match is not None
    assert match["modelId"] == "gpt-4o"
    assert found.path_pattern.match("/api/v1/models/a/b/status") is None


def test_operation_validator_checks_the_envelope() -> None:
    check = contracts.validator("router-l2", operation="getModelWeights")
    assert check.is_valid({"weights": []})
    with pytest.raises(contracts.ContractViolation) as caught:
        check.validate([])
    assert caught.value.json_path == "$"


def test_violation_message_names_service_endpoint_path_and_value() -> None:
    payload = {
        "events": [
            {
                "eventId": "e1",
                "timestamp": "2025-03-14T09:00:00Z",
                "modelId": "gpt-4o",
                "provider": "openai",
                "inputTokens": "many",
                "outputTokens": 1,
                "costUsd": 0.1,
            }
        ]
    }
    with pytest.raises(contracts.ContractViolation) as caught:
        contracts.validate(payload, service="cost-ops", operation="fetchCostEvents")
    error = caught.value
    assert (error.service, error.where, error.json_path, error.value) == (
        "cost-ops",
        "fetchCostEvents",
        "$.events[0].inputTokens",
        "many",
    )
    assert str(error).startswith("cost-ops fetchCostEvents: at $.events[0].inputTokens got 'many'")


def test_long_offending_values_are_shortened_in_the_message() -> None:
    with pytest.raises(contracts.ContractViolation) as caught:
        contracts.validate("x" * 500, service="cost-ops", schema="CurrentRate")
    assert "..." in str(caught.value)
    assert len(str(caught.value)) < 200


@pytest.mark.parametrize(
    "call",
    [
        lambda: contracts.load_schema("billing", "Invoice"),
        lambda: contracts.load_schema("cost-ops", "Invoice"),
        lambda: contracts.load_openapi("cost-ops", profile="staging"),
        lambda: contracts.endpoint("cost-ops", "fetchInvoices"),
        lambda: contracts.validator("cost-ops", schema="Invoice"),
        lambda: contracts.validator("cost-ops", operation="fetchInvoices"),
        lambda: contracts.validator("cost-ops"),
        lambda: contracts.validator("cost-ops", schema="CurrentRate", operation="getCurrentRate"),
        lambda: contracts.endpoints(service="billing"),
    ],
)
def test_unknown_names_raise_contract_error(call: Callable[[], object]) -> None:
    with pytest.raises(contracts.ContractError):
        call()


def test_malformed_contract_file_raises_contract_error_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(contracts.ContractError, match=r"broken\.json is not valid JSON"):
        contracts.loader.read_json(bad)
    with pytest.raises(contracts.ContractError, match="does not exist"):
        contracts.loader.read_json(tmp_path / "missing.json")


def test_package_exports_exactly_its_public_names() -> None:
    import types

    public = {
        name
        for name, value in vars(contracts).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert set(contracts.__all__) == public
    assert len(contracts.__all__) == len(set(contracts.__all__))
