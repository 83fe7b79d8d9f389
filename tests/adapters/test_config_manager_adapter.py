"""ConfigManager: change feeds (D10, D19, D20), the cache (D21) and feature flags (D22)."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import httpx
import pytest
import respx

from adapters import ConfigManagerAdapter, InvalidArgument
from adapters.types import ModelAvailability, OptimizationThresholds

BASE = "http://config-manager.test/api/v1"


@pytest.fixture
def thresholds(examples: Any) -> dict[str, Any]:
    return examples("config-manager", "OptimizationThresholds")


@pytest.fixture
def models(examples: Any) -> list[dict[str, Any]]:
    return [examples("config-manager", "ModelAvailability", i) for i in (1, 2)]


def serve_all(
    router: respx.MockRouter, examples: Any, thresholds: Any, models: Any
) -> dict[str, respx.Route]:
    bodies = {
        "getThresholds": ("/config/thresholds", thresholds),
        "getRoutingConfig": ("/config/routing", examples("config-manager", "RoutingConfig")),
        "getModelAvailability": ("/models/availability", {"models": models}),
        "getConfigHistory": ("/config/history", {"changes": []}),
    }
    routes = {}
    for name, (path, body) in bodies.items():
        routes[name] = router.get(BASE + path, name=name)
        routes[name].mock(side_effect=lambda _req, body=body: httpx.Response(200, json=body))
    return routes


def test_the_first_round_delivers_thresholds_routing_and_availability_once(
    router: respx.MockRouter, make_adapter: Any, examples: Any, thresholds: Any, models: Any
) -> None:
    serve_all(router, examples, thresholds, models)
    adapter = make_adapter(ConfigManagerAdapter)
    seen: list[str] = []
    adapter.on_threshold_change(lambda t: seen.append(f"thresholds {t.version}"))
    adapter.on_routing_change(lambda r: seen.append(f"routing {r.version}"))
    adapter.on_availability_change(lambda m: seen.append(f"availability {len(m)}"))
    adapter.poll_once()
    adapter.poll_once()
    assert seen == ["thresholds v12", "routing r7", "availability 2"]


def test_a_threshold_content_change_without_a_new_version_is_delivered(
    router: respx.MockRouter, make_adapter: Any, examples: Any, thresholds: Any, models: Any
) -> None:
    serve_all(router, examples, thresholds, models)
    adapter = make_adapter(ConfigManagerAdapter)
    seen: list[OptimizationThresholds] = []
    adapter.on_threshold_change(seen.append)
    adapter.poll_once()
    thresholds["latency"]["p99MaxMs"] = 1.0
    adapter.poll_once()
    assert [t.latency.p99_max_ms for t in seen][-1] == 1.0
    assert len(seen) == 2


def test_availability_handlers_hear_changes_only(
    router: respx.MockRouter, make_adapter: Any, examples: Any, thresholds: Any, models: Any
) -> None:
    serve_all(router, examples, thresholds, models)
    adapter = make_adapter(ConfigManagerAdapter)
    seen: list[tuple[ModelAvailability, ...]] = []
    adapter.on_availability_change(seen.append)
    adapter.poll_once()
    models[0]["lastChecked"] = "2025-03-14T10:00:00Z"
    models[0]["capacity"] = 0.01
    adapter.poll_once()
    assert len(seen) == 1
    models[0]["available"] = not models[0]["available"]
    adapter.poll_once()
    assert len(seen) == 2


def test_cached_values_are_served_within_the_ttl_and_refetched_after(
    router: respx.MockRouter, make_adapter: Any, clock: Any, thresholds: Any
) -> None:
    route = router.get(BASE + "/config/thresholds", name="getThresholds")
    route.mock(return_value=httpx.Response(200, json=thresholds))
    adapter = make_adapter(ConfigManagerAdapter, cache_ttl=60.0)
    first = adapter.get_thresholds()
    assert adapter.get_thresholds() is first
    clock.sleep(61.0)
    adapter.get_thresholds()
    adapter.get_thresholds(bypass_cache=True)
    assert route.call_count == 3


def test_cached_values_cannot_be_changed_by_a_caller(
    router: respx.MockRouter, make_adapter: Any, thresholds: Any
) -> None:
    router.get(BASE + "/config/thresholds", name="getThresholds").mock(
        return_value=httpx.Response(200, json=thresholds)
    )
    adapter = make_adapter(ConfigManagerAdapter)
    value = adapter.get_thresholds()
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.latency.p99_max_ms = 0.0
    assert adapter.get_thresholds() == value


def test_a_filtered_availability_call_does_not_poison_the_cache(
    router: respx.MockRouter, make_adapter: Any, models: Any
) -> None:
    available = [m for m in models if m["available"]]

    def serve(request: httpx.Request) -> httpx.Response:
        only = request.url.params.get("available_only") == "true"
        return httpx.Response(200, json={"models": available if only else models})

    route = router.get(BASE + "/models/availability", name="getModelAvailability")
    route.mock(side_effect=serve)
    adapter = make_adapter(ConfigManagerAdapter)
    assert len(adapter.get_model_availability(available_only=True)) == 1
    assert len(adapter.get_model_availability()) == 2
    assert len(adapter.get_model_availability(available_only=True)) == 1
    assert route.call_count == 2


def test_feature_flags_are_cached_and_only_true_is_enabled(
    router: respx.MockRouter, make_adapter: Any
) -> None:
    flags = {"a": True, "b": False}
    route = router.get(BASE + "/config/features", name="getFeatureFlags")
    route.mock(return_value=httpx.Response(200, json=flags))
    adapter = make_adapter(ConfigManagerAdapter)
    assert adapter.is_feature_enabled("a") is True
    assert adapter.is_feature_enabled("b") is False
    assert adapter.is_feature_enabled("missing") is False
    assert route.call_count == 1
    adapter.invalidate_cache("features")
    adapter.is_feature_enabled("a")
    assert route.call_count == 2


def test_a_string_flag_breaks_the_contract_instead_of_being_truthy(
    router: respx.MockRouter, make_adapter: Any
) -> None:
    from adapters import ContractViolation

    router.get(BASE + "/config/features", name="getFeatureFlags").mock(
        return_value=httpx.Response(200, json={"a": "false"})
    )
    with pytest.raises(ContractViolation):
        make_adapter(ConfigManagerAdapter).is_feature_enabled("a")


def test_the_cache_can_be_switched_off(
    router: respx.MockRouter, make_adapter: Any, thresholds: Any
) -> None:
    route = router.get(BASE + "/config/thresholds", name="getThresholds")
    route.mock(return_value=httpx.Response(200, json=copy.deepcopy(thresholds)))
    adapter = make_adapter(ConfigManagerAdapter, enable_cache=False)
    adapter.get_thresholds()
    adapter.get_thresholds()
    assert route.call_count == 2


def test_invalidate_cache_refuses_an_unknown_kind(make_adapter: Any) -> None:
    with pytest.raises(InvalidArgument):
        make_adapter(ConfigManagerAdapter).invalidate_cache("everything")


def test_config_manager_listens_every_ten_seconds_by_default() -> None:
    assert ConfigManagerAdapter.default_interval == 10.0
