"""From validated JSON to frozen typed values: any schema-valid payload converts."""

from __future__ import annotations

import dataclasses
import types
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

import adapters.types as value_types
import contracts
from adapters.wire import build, camel, format_timestamp, freeze_json, parse_timestamp

SELF_CONTAINED = [
    ("cost-ops", "CostTelemetryEvent"),
    ("latency-lens", "LatencyProfile"),
    ("latency-lens", "ThroughputStats"),
    ("sentinel", "DriftSignal"),
    ("sentinel", "SentinelAlert"),
    ("router-l2", "LoadBalancerSignal"),
    ("config-manager", "ConfigChange"),
]


@pytest.mark.parametrize(
    ("field", "wire"),
    [("p50_ms", "p50Ms"), ("std_dev_ms", "stdDevMs"), ("stats24h", "stats24h"), ("from_", "from")],
)
def test_camel_spells_the_wire_name(field: str, wire: str) -> None:
    assert camel(field) == wire


@given(st.datetimes(timezones=st.just(UTC)))
def test_formatted_times_parse_back_to_the_same_instant(moment: datetime) -> None:
    assert parse_timestamp(format_timestamp(moment)) == moment


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-14t09:00:00z", datetime(2025, 3, 14, 9, tzinfo=UTC)),
        ("2025-03-14T09:00:00", datetime(2025, 3, 14, 9, tzinfo=UTC)),
        ("2016-12-31T23:59:60Z", datetime(2016, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)),
    ],
)
def test_rfc3339_forms_python_does_not_read_are_normalised(text: str, expected: datetime) -> None:
    assert parse_timestamp(text) == expected


def test_free_form_json_is_frozen_deeply() -> None:
    frozen = freeze_json({"a": [1, {"b": 2}]})
    assert isinstance(frozen, types.MappingProxyType)
    assert frozen["a"][1]["b"] == 2
    assert isinstance(frozen["a"], tuple)
    with pytest.raises(TypeError):
        frozen["a"][1]["b"] = 3  # type: ignore[index]


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_any_schema_valid_payload_converts_to_its_typed_value(data: st.DataObject) -> None:
    service, name = data.draw(st.sampled_from(SELF_CONTAINED))
    schema = dict(contracts.load_schema(service, name))
    payload: Any = data.draw(from_schema(schema))
    contracts.validator(service, schema=name).validate(payload)
    value = build(getattr(value_types, name), payload)
    assert dataclasses.is_dataclass(value)
    for f in dataclasses.fields(value):
        field_value = getattr(value, f.name)
        if isinstance(field_value, datetime):
            assert field_value.tzinfo is not None
