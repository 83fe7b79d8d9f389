"""Every endpoint of the consumer contract, driven from the contract itself: path, query, types."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib.resources import files
from typing import Any

import httpx
import pytest
import respx

import adapters.types as value_types
import contracts
from adapters import (
    AdapterError,
    ConfigManagerAdapter,
    ContractViolation,
    CostOpsAdapter,
    LatencyLensAdapter,
    ObservatoryAdapter,
    RouterL2Adapter,
    SentinelAdapter,
    ShieldAdapter,
)

ADAPTERS = {
    cls.service: cls
    for cls in (
        CostOpsAdapter,
        LatencyLensAdapter,
        SentinelAdapter,
        ShieldAdapter,
        ObservatoryAdapter,
        ConfigManagerAdapter,
        RouterL2Adapter,
    )
}
ENDPOINTS = contracts.endpoints("consumer")
IDS = [f"{e.service}.{e.operation_id}" for e in ENDPOINTS]
WHEN = datetime(2025, 3, 14, 9, 0, 0, tzinfo=UTC)


def snake(name: str) -> str:
    """The Python method name of a reference method name."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def call_args(endpoint: contracts.Endpoint, *, every: bool) -> tuple[list[str], dict[str, Any]]:
    """Positional path ids and keyword query values (required ones, or every one)."""
    path_ids = ["id-1" for p in endpoint.parameters if p.location == "path"]
    query: dict[str, Any] = {}
    for p in endpoint.parameters:
        if p.location == "query" and (every or p.required):
            query[p.name] = sample(p)
    return path_ids, query


def sample(p: contracts.Parameter) -> Any:
    """A value for a query parameter that tests an edge: 0, False, a list, a time."""
    if p.name in ("since", "start_time", "end_time"):
        return WHEN
    if p.name in ("model_ids", "providers"):
        return ["a", "b"]
    if p.name == "period":
        return "hourly"
    return {"integer": 0, "number": 0, "boolean": False}.get(p.type, "x")


def wire(value: Any) -> str:
    """What a sample value must look like on the wire."""
    if value is WHEN:
        return "2025-03-14T09:00:00.000Z"
    if isinstance(value, list):
        return ",".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def body_for(endpoint: contracts.Endpoint, examples: Any) -> Any:
    """A valid 200 body built from the contract's example of the response type."""
    item = examples(endpoint.service, endpoint.response_type)
    return item if endpoint.envelope is None else {endpoint.envelope: [item]}


def concrete(endpoint: contracts.Endpoint) -> str:
    return re.sub(r"\{\w+\}", "id-1", endpoint.path)


def positional(endpoint: contracts.Endpoint, path_ids: list[str], query: dict[str, Any]) -> Any:
    """compareModels takes its two required models positionally, like the reference."""
    if endpoint.operation_id == "compareModels":
        return [query.pop("model_a"), query.pop("model_b")]
    return path_ids


def adapter_for(make_adapter: Any, endpoint: contracts.Endpoint) -> Any:
    """A fresh adapter of the endpoint's service (ConfigManager without cache: every call sends)."""
    if endpoint.service == "config-manager":
        return make_adapter(ConfigManagerAdapter, enable_cache=False)
    return make_adapter(ADAPTERS[endpoint.service])


def test_every_contract_endpoint_has_an_adapter_method() -> None:
    assert len(ENDPOINTS) == 42
    for endpoint in ENDPOINTS:
        assert callable(getattr(ADAPTERS[endpoint.service], snake(endpoint.operation_id)))


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_endpoint_returns_typed_values_from_the_valid_example(
    endpoint: contracts.Endpoint,
    router: respx.MockRouter,
    make_adapter: Any,
    url_of: Any,
    examples: Any,
) -> None:
    adapter = make_adapter(ADAPTERS[endpoint.service])
    route = router.get(url_of(endpoint.service) + concrete(endpoint), name=endpoint.operation_id)
    route.mock(return_value=httpx.Response(200, json=body_for(endpoint, examples)))
    path_ids, query = call_args(endpoint, every=False)
    result = getattr(adapter, snake(endpoint.operation_id))(
        *positional(endpoint, path_ids, query), **query
    )
    expected = getattr(value_types, endpoint.response_type, None)
    if endpoint.envelope is not None:
        assert isinstance(result, tuple)
        assert len(result) == 1
        assert isinstance(result[0], expected)  # type: ignore[arg-type]
    elif expected is None:  # FeatureFlags: a bare map
        assert isinstance(result, Mapping)
    else:
        assert isinstance(result, expected)
    request = route.calls.last.request
    assert request.headers["Authorization"].startswith("Bearer ")
    assert request.headers["X-Client"] == "llm-auto-optimizer"
    assert request.headers["Accept"] == "application/json"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_endpoint_sends_every_query_parameter_by_its_wire_name(
    endpoint: contracts.Endpoint,
    router: respx.MockRouter,
    make_adapter: Any,
    url_of: Any,
    examples: Any,
) -> None:
    adapter = adapter_for(make_adapter, endpoint)
    route = router.get(url_of(endpoint.service) + concrete(endpoint), name=endpoint.operation_id)
    route.mock(return_value=httpx.Response(200, json=body_for(endpoint, examples)))
    path_ids, query = call_args(endpoint, every=True)
    sent = {name: wire(value) for name, value in query.items()}
    getattr(adapter, snake(endpoint.operation_id))(*positional(endpoint, path_ids, query), **query)
    assert dict(route.calls.last.request.url.params) == sent


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_endpoint_raises_contract_violation_on_a_body_missing_its_content(
    endpoint: contracts.Endpoint,
    router: respx.MockRouter,
    make_adapter: Any,
    url_of: Any,
) -> None:
    adapter = make_adapter(ADAPTERS[endpoint.service])
    bad: Any = {"unexpected": True} if endpoint.envelope else [1, 2]
    router.get(url_of(endpoint.service) + concrete(endpoint), name=endpoint.operation_id).mock(
        return_value=httpx.Response(200, json=bad)
    )
    path_ids, query = call_args(endpoint, every=False)
    with pytest.raises(ContractViolation) as caught:
        getattr(adapter, snake(endpoint.operation_id))(
            *positional(endpoint, path_ids, query), **query
        )
    assert isinstance(caught.value, AdapterError)
    assert isinstance(caught.value, contracts.ContractViolation)
    assert caught.value.service == endpoint.service
    assert caught.value.where == endpoint.operation_id
    assert caught.value.response is not None


def invalid_cases() -> list[tuple[contracts.Endpoint, str]]:
    """(endpoint, invalid example file) for every invalid example of a response type."""
    cases = []
    for endpoint in ENDPOINTS:
        folder = files("contracts") / "consumer" / endpoint.service / "examples"
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.startswith(f"{endpoint.response_type}.invalid"):
                cases.append((endpoint, entry.name))
    return cases


INVALID = invalid_cases()


@pytest.mark.parametrize(
    ("endpoint", "example"), INVALID, ids=[f"{e.operation_id}-{n}" for e, n in INVALID]
)
def test_endpoint_raises_contract_violation_on_every_invalid_example(
    endpoint: contracts.Endpoint,
    example: str,
    router: respx.MockRouter,
    make_adapter: Any,
    url_of: Any,
) -> None:
    folder = files("contracts") / "consumer" / endpoint.service / "examples"
    item = json.loads((folder / example).read_text(encoding="utf-8"))
    body = item if endpoint.envelope is None else {endpoint.envelope: [item]}
    router.get(url_of(endpoint.service) + concrete(endpoint), name=endpoint.operation_id).mock(
        return_value=httpx.Response(200, json=body)
    )
    path_ids, query = call_args(endpoint, every=False)
    with pytest.raises(ContractViolation):
        getattr(adapter_for(make_adapter, endpoint), snake(endpoint.operation_id))(
            *positional(endpoint, path_ids, query), **query
        )
