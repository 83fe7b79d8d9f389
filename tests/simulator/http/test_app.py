"""ServiceApp: auth, routing (literal before parameter, %2F), 400/404 JSON bodies, validation."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from contracts.errors import ContractViolation
from simulator.http import DEFAULT_API_KEY, ServiceApp, build_apps
from simulator.services.fake import FAKE_CATALOGUE, FakeWorld
from simulator.world.records import ModelSpec

BASE = "http://svc.test"


def get(app: ServiceApp, path: str, headers: dict[str, str] | None = None) -> httpx.Response:
    auth = {"Authorization": f"Bearer {DEFAULT_API_KEY}"} if headers is None else headers
    return app(httpx.Request("GET", BASE + path, headers=auth))


@pytest.fixture(scope="module")
def apps() -> dict[str, ServiceApp]:
    slashed = ModelSpec("org/model-x", "together", 0.001, 0.001, 200.0, 100.0, 0.0, 0.8, 4)
    world = FakeWorld((*FAKE_CATALOGUE, slashed))
    world.traffic(3, per_minute=20)
    world.advance(61)
    return build_apps(world.services, strict=True)


def test_missing_or_malformed_bearer_is_401(apps: dict[str, ServiceApp]) -> None:
    for headers in ({}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer "}):
        response = get(apps["cost-ops"], "/api/v1/rate/current", headers)
        assert response.status_code == 401
        assert response.json()["error"] == "unauthorized"


def test_wrong_key_is_403(apps: dict[str, ServiceApp]) -> None:
    response = get(apps["cost-ops"], "/api/v1/rate/current", {"Authorization": "Bearer nope"})
    assert (response.status_code, response.json()["error"]) == (403, "forbidden")


def test_unknown_path_is_a_json_404(apps: dict[str, ServiceApp]) -> None:
    response = get(apps["sentinel"], "/api/v1/nothing")
    assert response.status_code == 404
    assert set(response.json()) == {"error", "message"}


def test_unknown_id_is_a_json_404(apps: dict[str, ServiceApp]) -> None:
    response = get(apps["sentinel"], "/api/v1/anomalies/nope")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_literal_paths_win_over_parameter_paths(apps: dict[str, ServiceApp]) -> None:
    summary = get(apps["observatory"], "/api/v1/traces/summary")
    assert summary.status_code == 200
    assert "totalTraces" in summary.json()
    slow = get(apps["observatory"], "/api/v1/traces/slow?threshold_ms=1")
    assert "traces" in slow.json()
    assert get(apps["observatory"], "/api/v1/traces/tr-none").status_code == 404


def test_encoded_slash_stays_inside_its_path_parameter(apps: dict[str, ServiceApp]) -> None:
    response = get(apps["config-manager"], "/api/v1/models/org%2Fmodel-x/status")
    assert response.status_code == 200
    assert response.json()["modelId"] == "org/model-x"
    assert get(apps["config-manager"], "/api/v1/models/org/model-x/status").status_code == 404


@pytest.mark.parametrize(
    "query",
    ["limit=abc", "limit=0", "severity=bogus", "since=yesterday", "active_only=yes"],
)
def test_bad_query_values_are_a_json_400(apps: dict[str, ServiceApp], query: str) -> None:
    response = get(apps["sentinel"], f"/api/v1/anomalies?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "bad_request"
    assert query.split("=")[0] in body["message"]


def test_unknown_query_parameters_are_ignored(apps: dict[str, ServiceApp]) -> None:
    assert get(apps["cost-ops"], "/api/v1/rate/current?foo=bar").status_code == 200


def test_a_payload_breaking_the_contract_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    world = FakeWorld()
    world.services.cost_ops.get_current_rate = lambda params: {"ratePerMinute": -1}  # type: ignore[method-assign]
    loose = build_apps([world.services.cost_ops])["cost-ops"]
    response = get(loose, "/api/v1/rate/current")
    assert (response.status_code, response.json()["error"]) == (500, "contract_violation")
    assert len(loose.violations) == 1
    strict = build_apps([world.services.cost_ops], strict=True)["cost-ops"]
    with pytest.raises(ContractViolation):
        get(strict, "/api/v1/rate/current")
    unchecked = build_apps([world.services.cost_ops], validate=False)["cost-ops"]
    assert get(unchecked, "/api/v1/rate/current").json() == {"ratePerMinute": -1}


def test_an_app_needs_a_key_and_every_operation() -> None:
    world = FakeWorld()
    with pytest.raises(ValueError, match="API key"):
        ServiceApp(world.services.shield, api_keys=())

    class Partial(type(world.services.shield)):  # type: ignore[misc]
        def operations(self) -> dict[str, Any]:
            return {}

    partial = Partial(world.services.shield.ctx)
    with pytest.raises(ValueError, match="does not serve"):
        ServiceApp(partial, api_keys=("k",))
