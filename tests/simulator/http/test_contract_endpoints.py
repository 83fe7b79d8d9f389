"""Every endpoint of the consumer contract, served through the in-process transport, validates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import jsonschema
import pytest
from referencing import Registry

from contracts.loader import Endpoint, endpoints, registry, response_schema, validator
from simulator.http import InProcess

ENDPOINTS = endpoints("consumer")
_LISTS = {
    "latency-lens.fetchAnomalies",
    "sentinel.fetchAnomalies",
    "sentinel.fetchDriftSignals",
    "sentinel.fetchAlerts",
}


def _first(client: httpx.Client, base: str, path: str, key: str, field: str) -> str:
    items = client.get(base + path, params={"limit": 1}).json()[key]
    assert items, f"{path} served no item to take a {field} from"
    return str(items[0][field])


def _path(ep: Endpoint, client: httpx.Client, inprocess: InProcess) -> str:
    base = inprocess.base_urls[ep.service]
    lookups: dict[str, Callable[[], str]] = {
        "requestId": lambda: _first(
            client,
            inprocess.base_urls["router-l2"],
            "/api/v1/routing/decisions",
            "decisions",
            "requestId",
        ),
        "anomalyId": lambda: _first(client, base, "/api/v1/anomalies", "anomalies", "anomalyId"),
        "driftId": lambda: _first(client, base, "/api/v1/drifts", "drifts", "driftId"),
        "traceId": lambda: _first(client, base, "/api/v1/traces", "traces", "traceId"),
        "modelId": lambda: "model-a",
    }
    path = ep.path
    for name, find in lookups.items():
        if "{" + name + "}" in path:
            path = path.replace("{" + name + "}", find())
    return base + path


_PARAMS: dict[str, dict[str, Any]] = {
    "cost-ops.fetchAggregations": {"period": "hourly"},
    "latency-lens.compareModels": {"model_a": "model-a", "model_b": "model-b"},
}


@pytest.mark.parametrize("ep", ENDPOINTS, ids=lambda e: f"{e.service}.{e.operation_id}")
def test_endpoint_serves_a_payload_valid_against_both_validators(
    ep: Endpoint, client: httpx.Client, inprocess: InProcess
) -> None:
    name = f"{ep.service}.{ep.operation_id}"
    response = client.get(_path(ep, client, inprocess), params=_PARAMS.get(name, {}))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    payload = response.json()
    validator(ep.service, operation=ep.operation_id).validate(payload)
    reference = jsonschema.Draft202012Validator(
        response_schema(ep.service, ep.operation_id),
        registry=registry(),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )
    assert list(reference.iter_errors(payload)) == []
    if ep.envelope is not None:
        assert set(payload) == {ep.envelope}
        if name in _LISTS or ep.operation_id.startswith("fetch"):
            assert payload[ep.envelope], f"{name} served an empty list"
    assert inprocess.router.routes[name].called


def test_there_are_42_endpoints_with_a_named_route_each(inprocess: InProcess) -> None:
    names = [str(r.name) for r in inprocess.router.routes]
    assert len(ENDPOINTS) == 42
    assert sorted(names) == sorted(f"{e.service}.{e.operation_id}" for e in ENDPOINTS)


def test_reference_validator_sees_date_times() -> None:
    assert isinstance(registry(), Registry)
    bad = {"events": [{"eventId": "e", "timestamp": "not a time", "modelId": "m", "provider": "p",
                       "inputTokens": 1, "outputTokens": 1, "costUsd": 0.0}]}  # fmt: skip
    assert not validator("cost-ops", operation="fetchCostEvents").is_valid(bad)
