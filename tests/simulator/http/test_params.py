"""Query parameters typed and checked from the OpenAPI parameter schemas."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from simulator.http.params import operation_params, parse_query
from simulator.services.errors import BadRequest


def parse(service: str, op: str, **query: str) -> dict[str, Any]:
    return parse_query(operation_params(service, op), list(query.items()))


def test_values_are_typed() -> None:
    values = parse(
        "sentinel",
        "fetchDriftSignals",
        limit="5",
        min_magnitude="0.5",
        since="2025-01-06T00:00:00Z",
    )
    assert values == {
        "limit": 5,
        "min_magnitude": 0.5,
        "since": datetime(2025, 1, 6, tzinfo=UTC),
    }
    assert parse("sentinel", "fetchAnomalies", active_only="true") == {"active_only": True}


@pytest.mark.parametrize(
    ("op", "name", "value"),
    [
        ("fetchDriftSignals", "min_magnitude", "0"),
        ("fetchDriftSignals", "min_magnitude", "1.5"),
        ("fetchDriftSignals", "min_magnitude", "nan"),
        ("fetchDriftSignals", "limit", "2.5"),
        ("fetchDriftSignals", "type", "weird_drift"),
        ("fetchAlerts", "unacknowledged_only", "1"),
    ],
)
def test_values_outside_the_schema_are_rejected(op: str, name: str, value: str) -> None:
    with pytest.raises(BadRequest, match=name):
        parse("sentinel", op, **{name: value})


def test_a_naive_time_is_read_as_utc() -> None:
    values = parse("router-l2", "fetchRoutingDecisions", since="2025-01-06T00:00:00")
    assert values["since"] == datetime(2025, 1, 6, tzinfo=UTC)


def test_unknown_operation_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        operation_params("sentinel", "nope")
