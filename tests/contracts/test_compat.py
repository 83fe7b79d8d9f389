"""contracts.compat: the static matrix pins upstream-providers.md (3 of 42 land, none works)."""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from contracts.compat import CompatRow, caught, compare_profiles, lands, matrix, matrix_rows
from contracts.contract_set import load_contract_set
from contracts.errors import ContractError

UPSTREAM = {(r.service, r.operation_id): r for r in matrix("upstream")}


def row(service: str, operation: str) -> CompatRow:
    return UPSTREAM[(service, operation)]


def test_every_consumer_endpoint_works_against_the_consumer_profile() -> None:
    rows = matrix("consumer")
    assert len(rows) == 42
    assert {r.verdict for r in rows} == {"works"}
    assert all(r.kinds == () for r in rows)


def test_no_consumer_endpoint_works_against_upstream() -> None:
    assert len(UPSTREAM) == 42
    assert Counter(r.verdict for r in UPSTREAM.values()) == {"breaks": 42}


def test_exactly_three_calls_land_on_a_real_upstream_path() -> None:
    landed = {
        key for key, r in UPSTREAM.items() if r.kinds[0] not in ("missing route", "missing service")
    }
    assert landed == {
        ("sentinel", "fetchAnomalies"),
        ("observatory", "searchTraces"),
        ("observatory", "getTrace"),
    }
    for key in landed:
        assert UPSTREAM[key].kinds[:2] == ("envelope differs", "field names differ")


def test_primary_reasons_split_32_missing_routes_and_7_missing_services() -> None:
    primary = Counter(r.kinds[0] for r in UPSTREAM.values())
    assert primary == {"missing route": 32, "missing service": 7, "envelope differs": 3}
    missing_service = {r.service for r in UPSTREAM.values() if r.kinds[0] == "missing service"}
    assert missing_service == {"router-l2"}


def test_six_calls_have_an_equivalent_at_a_different_path() -> None:
    equivalent = {
        key for key, r in UPSTREAM.items() if "equivalent at a different path" in r.reason
    }
    assert equivalent == {
        ("cost-ops", "fetchAggregations"),
        ("sentinel", "getHealthStatus"),
        ("config-manager", "getThresholds"),
        ("config-manager", "getRoutingConfig"),
        ("config-manager", "getConfigHistory"),
        ("config-manager", "getFeatureFlags"),
    }
    assert "GET /health" in row("sentinel", "getHealthStatus").reason


def test_sentinel_severity_enum_differs_low_to_critical_against_info_to_critical() -> None:
    found = row("sentinel", "fetchAnomalies")
    assert "enum values differ" in found.kinds
    assert "info/warning/error/critical" in found.reason
    assert "low/medium/high/critical" in found.reason
    assert "query parameters differ" in found.kinds
    assert "active_only" in found.reason


def test_latency_lens_profiles_need_a_post_and_come_in_nanoseconds() -> None:
    found = row("latency-lens", "fetchLatencyProfiles")
    assert found.kinds[:2] == ("missing route", "method differs (POST only)")
    assert "units differ" in found.kinds
    assert "p50Ms in ms, upstream ttft.p50 in ns" in found.reason


def test_observatory_summary_is_caught_by_the_trace_lookup() -> None:
    found = row("observatory", "getTraceSummary")
    assert found.kinds[0] == "missing route"
    assert "caught by GET /api/v1/traces/{trace_id}" in found.reason


def test_config_manager_version_is_an_integer_upstream() -> None:
    found = row("config-manager", "getThresholds")
    assert "field types differ" in found.kinds
    assert "version is string, upstream version is integer" in found.reason


def test_rows_are_plain_dicts_with_the_six_keys() -> None:
    rows = matrix_rows("upstream")
    assert len(rows) == 42
    assert set(rows[0]) == {"service", "method", "path", "profile", "verdict", "reason"}
    assert rows[0]["profile"] == "upstream"
    assert rows[0]["method"] == "GET"


def test_an_unknown_profile_is_refused() -> None:
    with pytest.raises(ContractError, match="profile='staging'"):
        matrix("staging")


@pytest.mark.parametrize(
    ("consumer", "provider", "landing", "catching"),
    [
        ("/api/v1/traces", "/api/v1/traces", True, False),
        ("/api/v1/traces/{traceId}", "/api/v1/traces/{trace_id}", True, False),
        ("/api/v1/traces/summary", "/api/v1/traces/{trace_id}", False, True),
        ("/api/v1/traces/{traceId}", "/api/v1/traces/search", False, False),
        ("/api/v1/config/thresholds", "/api/v1/configs/{namespace}/{key}", False, False),
    ],
)
def test_path_shapes(consumer: str, provider: str, landing: bool, catching: bool) -> None:
    assert lands(consumer, provider) is landing
    assert caught(consumer, provider) is catching


def _provider(tmp_path: Path, change: str) -> Path:
    """A copy of the consumer's sentinel service with one change, as a provider profile."""
    consumer = load_contract_set("consumer").services["sentinel"]
    doc: dict[str, Any] = copy.deepcopy(dict(consumer.openapi))
    schemas = {name: copy.deepcopy(dict(s)) for name, s in consumer.schemas.items()}
    if change == "post-only":
        doc["paths"]["/api/v1/alerts"] = {"post": doc["paths"]["/api/v1/alerts"]["get"]}
    elif change == "renamed-field":
        event = schemas["AnomalyEvent"]
        event["properties"]["anomaly_id"] = event["properties"].pop("anomalyId")
        event["required"] = ["anomaly_id" if r == "anomalyId" else r for r in event["required"]]
    folder = tmp_path / "provider" / "sentinel"
    (folder / "schemas").mkdir(parents=True)
    (folder / "openapi.json").write_text(json.dumps(doc), encoding="utf-8")
    for name, schema in schemas.items():
        (folder / "schemas" / f"{name}.json").write_text(json.dumps(schema), encoding="utf-8")
    return tmp_path / "provider"


def _sentinel_rows(tmp_path: Path, change: str) -> dict[str, CompatRow]:
    consumer = load_contract_set("consumer")
    rows = compare_profiles(consumer, load_contract_set(_provider(tmp_path, change)), "test")
    return {r.operation_id: r for r in rows if r.service == "sentinel"}


def test_an_unchanged_copy_works(tmp_path: Path) -> None:
    assert {r.verdict for r in _sentinel_rows(tmp_path, "none").values()} == {"works"}


def test_a_path_served_as_post_only_is_a_method_difference(tmp_path: Path) -> None:
    found = _sentinel_rows(tmp_path, "post-only")["fetchAlerts"]
    assert (found.verdict, found.kinds) == ("breaks", ("method differs (POST only)",))


def test_a_renamed_required_field_is_a_field_name_difference(tmp_path: Path) -> None:
    rows = _sentinel_rows(tmp_path, "renamed-field")
    assert rows["fetchAnomalies"].kinds == ("field names differ",)
    assert "anomalyId" in rows["fetchAnomalies"].reason
    assert rows["fetchAlerts"].verdict == "works"


def test_a_profile_without_the_service_breaks_it_as_missing(tmp_path: Path) -> None:
    rows = compare_profiles(
        load_contract_set("consumer"), load_contract_set(_provider(tmp_path, "none")), "test"
    )
    others = {r.kinds for r in rows if r.service != "sentinel"}
    assert others == {("missing service",)}
