"""Loading scenarios: built-ins, files, overrides, and errors that name file, path and value."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from simulator.scenarios import (
    FAULT_KINDS,
    INCIDENT_KINDS,
    ScenarioError,
    builtin_scenarios,
    load_scenario,
    parse_scenario,
    scenario_schema,
    scenario_text,
)
from simulator.world import World

BUILTINS = [
    "cost-spike",
    "default-day",
    "flaky-infra",
    "pii-surge",
    "provider-outage",
    "quality-drift",
    "quiet",
    "smoke",
]


def doc(**changes: Any) -> dict[str, Any]:
    return {"name": "t", "duration": "1h", "seed": 1, **changes}


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = scenario_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_builtin_is_listed() -> None:
    assert builtin_scenarios() == BUILTINS


@pytest.mark.parametrize("name", BUILTINS)
def test_every_builtin_loads_and_builds_a_world(name: str) -> None:
    scenario = load_scenario(name)
    assert scenario.name == name
    assert scenario.source == f"{name}.yaml"
    assert scenario.description
    world = World(scenario)
    world.run(60.0)
    assert world.requests > 0


def test_default_day_is_a_day_with_every_incident_kind() -> None:
    scenario = load_scenario("default-day")
    assert scenario.duration == 86400.0
    assert {i.kind for i in scenario.timeline} == set(INCIDENT_KINDS)
    assert 1.0 <= scenario.world.workload.base_rate <= 3.0


def test_flaky_infra_has_every_fault_kind_on_a_quiet_world() -> None:
    scenario = load_scenario("flaky-infra")
    assert {f.kind for f in scenario.faults} == set(FAULT_KINDS)
    assert len({f.service for f in scenario.faults}) == 7
    assert len(scenario.timeline) <= 1


def test_smoke_is_short_with_two_incidents() -> None:
    scenario = load_scenario("smoke")
    assert scenario.duration == 1200.0
    assert len(scenario.timeline) == 2


def test_the_quiet_day_has_no_incident_and_no_fault() -> None:
    scenario = load_scenario("quiet")
    assert (scenario.timeline, scenario.faults) == ((), ())


def test_defaults_fill_polling_optimizer_and_routing() -> None:
    scenario = parse_scenario(doc())
    assert scenario.polling["config-manager"] == 60.0
    assert {scenario.polling[s] for s in scenario.polling if s != "config-manager"} == {30.0}
    assert scenario.optimizer == {"cycle_interval": 60.0}
    assert scenario.epoch.isoformat() == "2025-01-06T00:00:00+00:00"
    assert scenario.routing.prompt_variant == "default"


def test_free_form_optimizer_settings_pass_through() -> None:
    scenario = parse_scenario(doc(optimizer={"cycle_interval": "2m", "strategy": {"a": 1}}))
    assert scenario.optimizer == {"cycle_interval": 120.0, "strategy": {"a": 1}}


def test_an_unquoted_yaml_timestamp_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "name: mine\nepoch: 2025-03-01T06:00:00Z\nduration: 2h\nseed: 3\n"
        "timeline:\n  - {kind: traffic_spike, factor: 2, start: 2025-03-01T07:00:00Z, end: 90m}\n",
        encoding="utf-8",
    )
    scenario = load_scenario(path)
    assert scenario.source == str(path)
    assert (scenario.timeline[0].start, scenario.timeline[0].end) == (3600.0, 5400.0)
    assert load_scenario(str(path)).name == "mine"


def test_seed_and_duration_overrides() -> None:
    scenario = load_scenario("default-day", seed=99, duration="10h")
    assert (scenario.seed, scenario.duration) == (99, 36000.0)
    assert all(i.start < 36000.0 for i in scenario.timeline)
    assert all(i.end is None or i.end <= 36000.0 for i in scenario.timeline)
    assert len(scenario.timeline) < len(load_scenario("default-day").timeline)


@pytest.mark.parametrize("duration", ["soon", 0, "-1h"])
def test_a_bad_duration_override_is_refused(duration: Any) -> None:
    with pytest.raises(ScenarioError, match=repr(duration).replace("-", r"\-")):
        load_scenario("smoke", duration=duration)


def test_scenario_text_is_the_yaml_file() -> None:
    assert scenario_text("smoke").startswith("# Twenty simulated minutes")


def test_an_unknown_name_lists_the_builtins() -> None:
    with pytest.raises(ScenarioError, match=r"built-in scenario \(cost-spike, .*got 'nope'"):
        load_scenario("nope")


def test_yaml_syntax_errors_name_the_file_and_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("name: x\nduration: [1h\nseed: 1\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"broken\.yaml at line \d+"):
        load_scenario(path)


def test_a_document_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(
        ScenarioError, match=r"x\.yaml at the top level: expected a mapping, got \[1, 2\]"
    ):
        parse_scenario([1, 2], source="x.yaml")


BAD = [
    (doc(duration="2x"), "duration", "'2x'"),
    (doc(duration=0), "duration", "0"),
    (doc(seed=-1), "seed", "-1"),
    (doc(epoch="2025-01-06"), "epoch", "'2025-01-06'"),
    (doc(extra=1), "the top level", "'extra'"),
    (doc(timeline=[{"kind": "warp", "start": "1m"}]), r"timeline\[0\]\.kind", "'warp'"),
    (
        doc(
            timeline=[
                {"kind": "traffic_spike", "factor": 2, "start": "1m", "end": "5m"},
                {"kind": "traffic_spike", "factor": 2, "start": "1x", "end": "5m"},
            ]
        ),
        r"timeline\[1\]\.start",
        "'1x'",
    ),
    (
        doc(timeline=[{"kind": "traffic_spike", "factor": 2, "start": "30m", "end": "20m"}]),
        r"timeline\[0\]\.end",
        "'20m'",
    ),
    (
        doc(timeline=[{"kind": "traffic_spike", "factor": 2, "start": "30m", "end": "2h"}]),
        r"timeline\[0\]\.end",
        "'2h'",
    ),
    (
        doc(timeline=[{"kind": "outage", "model": "gpt-5", "start": "1m", "end": "2m"}]),
        r"timeline\[0\]\.model",
        "'gpt-5'",
    ),
    (
        doc(timeline=[{"kind": "outage", "provider": "acme", "start": "1m", "end": "2m"}]),
        r"timeline\[0\]\.provider",
        "'acme'",
    ),
    (
        doc(
            timeline=[{"kind": "error_burst", "model": "gpt-4o", "rate": 1.5, "start": 0, "end": 9}]
        ),
        r"timeline\[0\]\.rate",
        "1.5",
    ),
    (
        doc(
            timeline=[
                {"kind": "traffic_spike", "model": "gpt-4o", "factor": 2, "start": 0, "end": 9}
            ]
        ),
        r"timeline\[0\]",
        "'model'",
    ),
    (
        doc(
            timeline=[
                {"kind": "threshold_change", "key_path": "latency.p99", "value": 1, "start": 0}
            ]
        ),
        r"timeline\[0\]\.key_path",
        "'latency.p99'",
    ),
    (
        doc(timeline=[{"kind": "flag_change", "flag": "warp_drive", "value": True, "start": 0}]),
        r"timeline\[0\]\.flag",
        "'warp_drive'",
    ),
    (
        doc(
            timeline=[
                {"kind": "routing_change", "key_path": "defaultModel", "value": "gpt-5", "start": 0}
            ]
        ),
        r"timeline\[0\]\.value",
        "'gpt-5'",
    ),
    (
        doc(timeline=[{"kind": "model_deprecation", "model": "gpt-4o", "start": 0, "end": 9}]),
        r"timeline\[0\]",
        "end",
    ),
    (doc(routing={"weights": {"gpt-4o": 0}}), r"routing\.weights", "'gpt-4o': 0"),
    (doc(routing={"weights": {"gpt-5": 1}}), r"routing\.weights\.gpt-5", "'gpt-5'"),
    (doc(routing={"prompt_variant": "shouty"}), r"routing\.prompt_variant", "'shouty'"),
    (
        doc(routing={"fallback_chain": ["gpt-4o", "gpt-5"]}),
        r"routing\.fallback_chain\[1\]",
        "'gpt-5'",
    ),
    (doc(world={"models": ["gpt-5"]}), r"world\.models\[0\]", "'gpt-5'"),
    (
        doc(world={"catalogue": {"gpt-4o": {"quality": 2}}}),
        r"world\.catalogue\.gpt-4o\.quality",
        "2",
    ),
    (
        doc(world={"catalogue": {"new": {"provider": "x"}}}),
        r"world\.catalogue\.new",
        "'input_per_1k'",
    ),
    (doc(world={"workload": {"base_rate": -1}}), r"world\.workload\.base_rate", "-1"),
    (
        doc(
            world={
                "workload": {"input_tokens": {"median": 10, "sigma": 1, "minimum": 9, "maximum": 5}}
            }
        ),
        r"world\.workload\.input_tokens\.minimum",
        "9",
    ),
    (doc(polling={"cost-ops": "0s"}), r"polling\.cost-ops", "'0s'"),
    (doc(polling={"billing": 5}), "polling", "'billing'"),
    (doc(faults=[{"service": "billing", "kind": "timeout"}]), r"faults\[0\]\.service", "'billing'"),
    (
        doc(faults=[{"service": "shield", "kind": "http_error", "status": 200}]),
        r"faults\[0\]\.status",
        "200",
    ),
    (
        doc(faults=[{"service": "shield", "kind": "latency"}]),
        r"faults\[0\]",
        "'ms' or 'distribution'",
    ),
    (
        doc(
            faults=[
                {
                    "service": "shield",
                    "kind": "latency",
                    "distribution": {"kind": "uniform", "min_ms": 9, "max_ms": 1},
                }
            ]
        ),
        r"faults\[0\]\.distribution\.min_ms",
        "9",
    ),
    (doc(faults=[{"service": "shield", "kind": "clock_skew"}]), r"faults\[0\]", "'seconds'"),
    (
        doc(faults=[{"service": "shield", "kind": "profile_switch", "profile": "v2"}]),
        r"faults\[0\]\.profile",
        "'v2'",
    ),
    (
        doc(faults=[{"service": "shield", "kind": "timeout", "probability": 2}]),
        r"faults\[0\]\.probability",
        "2",
    ),
]


@pytest.mark.parametrize(("document", "path", "value"), BAD)
def test_errors_name_the_file_the_path_and_the_value(
    document: dict[str, Any], path: str, value: str
) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(document, source="mine.yaml")
    message = str(caught.value)
    assert message.startswith("Invalid scenario mine.yaml at ")
    assert re.search(f"at {path}: ", message), message
    assert value in message, message
    assert message.endswith(".")
    assert "\n" not in message


def test_every_fault_kind_parses_with_its_parameters() -> None:
    faults = [
        {"service": "cost-ops", "kind": "http_error", "status": 502},
        {"service": "cost-ops", "kind": "rate_limit", "retry_after": 3},
        {"service": "cost-ops", "kind": "latency", "ms": 500},
        {
            "service": "cost-ops",
            "kind": "latency",
            "distribution": {"kind": "pareto", "scale_ms": 100, "alpha": 2},
        },
        {"service": "cost-ops", "kind": "timeout"},
        {"service": "cost-ops", "kind": "reset_peer"},
        {"service": "cost-ops", "kind": "malformed_json"},
        {"service": "cost-ops", "kind": "schema_violation"},
        {"service": "cost-ops", "kind": "duplicate_items", "count": 3},
        {"service": "cost-ops", "kind": "reversed_pages"},
        {"service": "*", "kind": "exclusive_since"},
        {"service": "cost-ops", "kind": "clock_skew", "seconds": -30},
        {"service": "cost-ops", "kind": "profile_switch", "profile": "upstream", "start": "30m"},
    ]
    scenario = parse_scenario(doc(faults=faults))
    assert [f.kind for f in scenario.faults] == [f["kind"] for f in faults]
    first, *_, last = scenario.faults
    assert (first.start, first.end, first.probability, first.endpoint) == (0.0, 3600.0, 1.0, "*")
    assert dict(first.params) == {"status": 502}
    assert (last.start, dict(last.params)) == (1800.0, {"profile": "upstream"})
    assert scenario.faults[3].params["distribution"]["alpha"] == 2


def test_incident_defaults_and_ids() -> None:
    timeline = [
        {"kind": "outage", "model": "gpt-4o", "start": "1m", "end": "2m"},
        {
            "kind": "price_change",
            "provider": "openai",
            "output_factor": 2,
            "start": "1m",
            "id": "p",
        },
        {"kind": "quality_drift", "model": "gpt-4o", "drop": 0.1, "start": 0, "end": "1m"},
    ]
    outage, price, drift = parse_scenario(doc(timeline=timeline)).timeline
    assert (outage.id, outage.params["config_delay"], outage.target) == (
        "outage#0",
        300.0,
        "gpt-4o",
    )
    assert (price.id, price.end, price.target) == ("p", None, "openai")
    assert dict(price.params) == {"input_factor": 1.0, "output_factor": 2}
    assert drift.params["recover"] is True


def test_scenario_values_are_frozen() -> None:
    scenario = parse_scenario(doc(routing={"weights": {"gpt-4o": 1}}))
    with pytest.raises(AttributeError):
        scenario.seed = 2  # type: ignore[misc]
    with pytest.raises(TypeError):
        scenario.routing.weights["gpt-4o"] = 2  # type: ignore[index]
