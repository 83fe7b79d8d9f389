"""Every shipped schema is a valid 2020-12 schema of the agreed shape (contracts/consumer)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest

import contracts

ALL_SCHEMAS = [(s, n) for s in contracts.SERVICES for n in contracts.schema_names(s)]
TIMESTAMP_NAME = re.compile(
    r"(At|Time|timestamp|lastCheck(ed)?|^start|^end|windowStart|windowEnd)$"
)

EXPECTED_SCHEMAS = {
    "cost-ops": {"CostTelemetryEvent", "CostProjection", "CostAggregation", "CurrentRate"},
    "latency-lens": {
        "LatencyProfile",
        "ThroughputStats",
        "LatencyBreakdown",
        "LatencyAnomaly",
        "LatencySummary",
        "ModelComparison",
    },
    "sentinel": {
        "AnomalyEvent",
        "DriftSignal",
        "SentinelAlert",
        "HealthStatus",
        "AnomalyDetails",
        "DriftDetails",
    },
    "shield": {
        "PolicyBlockEvent",
        "PIIDetectionSignal",
        "PIIDetection",
        "PolicyStats",
        "PIIStats",
        "ActivePolicy",
        "ProtectionStatus",
    },
    "observatory": {
        "TelemetryTrace",
        "SpanEvent",
        "SpanLink",
        "StructuredEvent",
        "TraceSummary",
        "TraceDetails",
        "ServiceMap",
    },
    "config-manager": {
        "OptimizationThresholds",
        "RoutingConfig",
        "RoutingRule",
        "RuleCondition",
        "ModelAvailability",
        "ConfigChange",
        "FeatureFlags",
    },
    "router-l2": {
        "RoutingDecision",
        "LoadBalancerSignal",
        "TrafficStats",
        "RouterHealth",
        "ModelWeight",
        "RoutingSummary",
    },
}


def _properties(node: Any, path: str = "$") -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, property name, property schema) for every property anywhere in a schema."""
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield path, name, sub
            yield from _properties(sub, f"{path}.{name}")
        for key, sub in node.items():
            if key != "properties":
                yield from _properties(sub, path)
    elif isinstance(node, list):
        for sub in node:
            yield from _properties(sub, path)


def test_each_service_ships_the_payload_types_of_the_wire_contract_plus_error() -> None:
    for service, names in EXPECTED_SCHEMAS.items():
        assert set(contracts.schema_names(service)) == names | {"Error"}, service


@pytest.mark.parametrize(("service", "name"), ALL_SCHEMAS, ids=lambda v: str(v))
def test_schema_is_valid_draft_2020_12_with_its_own_id_and_title(service: str, name: str) -> None:
    schema = contracts.load_schema(service, name)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == contracts.schema_uri(service, name)
    assert schema["title"] == name
    assert schema["description"]


@pytest.mark.parametrize(("service", "name"), ALL_SCHEMAS, ids=lambda v: str(v))
def test_every_timestamp_field_has_format_date_time(service: str, name: str) -> None:
    schema = contracts.load_schema(service, name)
    for path, prop, sub in _properties(schema):
        if TIMESTAMP_NAME.search(prop) and "$ref" not in sub:
            assert sub.get("format") == "date-time", f"{service}/{name} {path}.{prop}"


@pytest.mark.parametrize(("service", "name"), ALL_SCHEMAS, ids=lambda v: str(v))
def test_objects_are_open_and_say_so(service: str, name: str) -> None:
    schema = contracts.load_schema(service, name)
    for _path, _prop, sub in _properties(schema):
        assert sub.get("additionalProperties") is not False
    if name != "FeatureFlags":
        assert "Open object" in schema["description"]


@pytest.mark.parametrize(
    ("service", "name", "field", "size"),
    [("shield", "PIIStats", "byType", 14), ("router-l2", "RoutingSummary", "byReason", 11)],
)
def test_union_keyed_maps_restrict_keys_to_the_enum_without_requiring_them(
    service: str, name: str, field: str, size: int
) -> None:
    sub = contracts.load_schema(service, name)["properties"][field]
    assert len(sub["propertyNames"]["enum"]) == size
    assert "required" not in sub


@pytest.mark.parametrize(
    ("service", "name", "field"),
    [
        ("latency-lens", "ThroughputStats", "errorRate"),
        ("sentinel", "DriftSignal", "magnitude"),
        ("sentinel", "DriftSignal", "confidence"),
        ("shield", "PIIDetectionSignal", "riskScore"),
        ("shield", "PIIDetection", "confidence"),
        ("shield", "PolicyStats", "blockRate"),
        ("shield", "PIIStats", "detectionRate"),
        ("config-manager", "ModelAvailability", "capacity"),
        ("router-l2", "RoutingDecision", "confidence"),
        ("router-l2", "ModelWeight", "weight"),
    ],
)
def test_fields_stated_as_zero_to_one_are_bounded(service: str, name: str, field: str) -> None:
    sub = contracts.load_schema(service, name)["properties"][field]
    assert (sub["minimum"], sub["maximum"]) == (0, 1)


def test_intersection_types_extend_their_base_with_all_of() -> None:
    for service, name, base in [
        ("sentinel", "AnomalyDetails", "AnomalyEvent.json"),
        ("sentinel", "DriftDetails", "DriftSignal.json"),
        ("observatory", "TraceDetails", "TelemetryTrace.json"),
    ]:
        assert contracts.load_schema(service, name)["allOf"][0] == {"$ref": base}
