"""The "upstream" provider profile: valid schemas and examples, and upstream-providers.md facts."""

from __future__ import annotations

import jsonschema
import pytest

import contracts

PROFILE = "upstream"
ALL_EXAMPLES = [e for s in contracts.SERVICES for e in contracts.examples(s, PROFILE)]


def _paths(service: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for e in contracts.endpoints(PROFILE, service):
        found.setdefault(e.path, set()).add(e.method)
    return found


def test_the_upstream_profile_passes_the_whole_contract_check() -> None:
    report = contracts.check_contracts(PROFILE)
    assert report.problems == ()
    assert report.schemas > 30
    assert report.examples >= 2 * report.schemas


@pytest.mark.parametrize(
    ("service", "name"),
    [(s, n) for s in contracts.SERVICES for n in contracts.schema_names(s, PROFILE)],
)
def test_every_upstream_schema_is_a_valid_2020_12_schema_with_its_id(
    service: str, name: str
) -> None:
    schema = contracts.load_schema(service, name, PROFILE)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"] == contracts.schema_uri(service, name, PROFILE)
    kinds = {e.valid for e in contracts.examples(service, PROFILE) if e.type_name == name}
    assert kinds == {True, False}


@pytest.mark.parametrize("example", ALL_EXAMPLES, ids=lambda e: f"upstream/{e.label}")
def test_upstream_example_passes_or_fails_for_exactly_one_reason(
    example: contracts.Example,
) -> None:
    reference = jsonschema.Draft202012Validator(
        contracts.load_schema(example.service, example.type_name, PROFILE),
        registry=contracts.registry(PROFILE),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )
    errors = list(reference.iter_errors(example.instance))
    target = {"service": example.service, "schema": example.type_name, "profile": PROFILE}
    if example.valid:
        contracts.validate(example.instance, **target)
        assert errors == []
    else:
        with pytest.raises(contracts.ContractViolation):
            contracts.validate(example.instance, **target)
        assert len(errors) == 1, [e.message for e in errors]


def test_router_l2_is_a_document_without_paths_marked_missing() -> None:
    doc = contracts.load_openapi("router-l2", PROFILE)
    assert doc["paths"] == {}
    assert doc["x-missing-service"] is True
    assert contracts.endpoints(PROFILE, "router-l2") == ()
    assert contracts.schema_names("router-l2", PROFILE) == ()


def test_the_three_real_paths_are_gets_with_a_data_envelope() -> None:
    sentinel = contracts.endpoint("sentinel", "listAnomalies", PROFILE)
    traces = contracts.endpoint("observatory", "listTraces", PROFILE)
    trace = contracts.endpoint("observatory", "getTrace", PROFILE)
    assert (sentinel.method, sentinel.path, sentinel.envelope) == (
        "GET",
        "/api/v1/anomalies",
        "data",
    )
    assert (traces.method, traces.path, traces.envelope) == ("GET", "/api/v1/traces", "data")
    assert (trace.path, trace.envelope) == ("/api/v1/traces/{trace_id}", "data")


def test_sentinel_anomalies_are_snake_case_with_severity_low_to_critical() -> None:
    schema = contracts.load_schema("sentinel", "AnomalyEvent", PROFILE)
    assert schema["properties"]["severity"]["enum"] == ["low", "medium", "high", "critical"]
    assert "alert_id" in schema["required"]
    assert "anomalyId" not in schema["properties"]
    names = {p.name for p in contracts.endpoint("sentinel", "listAnomalies", PROFILE).parameters}
    assert {"model", "anomaly_type", "hours"} <= names
    assert not {"model_id", "active_only", "since"} & names


def test_latency_lens_computes_on_post_only_and_reports_nanoseconds() -> None:
    paths = _paths("latency-lens")
    assert paths["/analyze"] == {"POST"}
    assert "/api/v1/profiles" not in paths
    dist = contracts.load_schema("latency-lens", "LatencyDistribution", PROFILE)
    assert dist["properties"]["p99"]["x-unit"] == "ns"
    accepted = contracts.endpoint("latency-lens", "ingestMetrics", PROFILE)
    assert (accepted.method, accepted.response_type) == ("POST", "IngestAccepted")


def test_config_manager_serves_generic_entries_with_an_integer_version() -> None:
    paths = _paths("config-manager")
    assert "/api/v1/configs/{namespace}/{key}" in paths
    assert not any(p.startswith("/api/v1/config/") for p in paths)
    version = contracts.load_schema("config-manager", "ConfigResponse", PROFILE)["properties"]
    assert version["version"]["type"] == "integer"


@pytest.mark.parametrize(
    ("service", "path"),
    [
        ("cost-ops", "/api/v1/telemetry/events"),
        ("cost-ops", "/api/v1/rate/current"),
        ("sentinel", "/api/v1/drifts"),
        ("sentinel", "/api/v1/alerts"),
        ("shield", "/api/v1/policy/blocks"),
        ("shield", "/api/v1/pii/detections"),
        ("observatory", "/api/v1/events"),
        ("observatory", "/api/v1/services/map"),
        ("config-manager", "/api/v1/models/availability"),
    ],
)
def test_routes_that_do_not_exist_upstream_are_absent(service: str, path: str) -> None:
    assert path not in _paths(service)


def test_every_consumer_counterpart_names_a_consumer_operation_and_an_upstream_type() -> None:
    for service in contracts.SERVICES:
        consumer_ops = {e.operation_id for e in contracts.endpoints("consumer", service)}
        doc = contracts.load_openapi(service, PROFILE)
        for item in doc["paths"].values():
            for op in item.values():
                for entry in op.get("x-consumer-counterparts", ()):
                    assert entry["operation"] in consumer_ops, entry
                    assert entry["kind"] in ("equivalent", "nearest")
                    if "type" in entry:
                        assert entry["type"] in contracts.schema_names(service, PROFILE)


def test_unrecorded_bodies_are_flagged_and_typed_as_unrecorded_objects() -> None:
    flagged = [
        e
        for s in contracts.SERVICES
        for e in contracts.endpoints(PROFILE, s)
        if e.response_type == "UnrecordedObject"
    ]
    assert flagged
    for e in flagged:
        doc = contracts.load_openapi(e.service, PROFILE)
        assert doc["paths"][e.path][e.method.lower()]["x-body-unrecorded"] is True
