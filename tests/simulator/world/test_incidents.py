"""Each incident kind changes the affected models only, and only during its window."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any

import pytest

from simulator.scenarios.model import MODEL_KINDS as SCENARIO_MODEL_KINDS
from simulator.world.incidents import MODEL_KINDS

START, END = 600.0, 1200.0
ROUTING = {"weights": {"gpt-4o": 0.4, "gpt-4o-mini": 0.3, "claude-3-haiku": 0.3}}
OTHERS = ("gpt-4o-mini", "claude-3-haiku")

Runner = Callable[..., Any]
Run = Any  # the conftest's Run: a world and everything it published


def fraction(outcomes: list[Any], test: Callable[[Any], bool]) -> float:
    return sum(1 for o in outcomes if test(o)) / len(outcomes)


def incident(kind: str, **fields: Any) -> dict[str, Any]:
    return {"kind": kind, "start": "10m", "end": "20m", **fields}


def run(run_world: Runner, *timeline: dict[str, Any], **changes: Any) -> Run:
    return run_world(timeline=list(timeline), routing=changes.pop("routing", ROUTING), **changes)


def phases(result: Run, model: str | None) -> tuple[list[Any], list[Any]]:
    """Outcomes inside the window, and outside it (before and after)."""
    inside = result.between(START, END, model)
    outside = result.between(0, START, model) + result.between(END, 1800, model)
    return inside, outside


def median_latency(outcomes: list[Any]) -> float:
    return statistics.median(o.latency_ms for o in outcomes if o.status == "ok")


def mean_quality(outcomes: list[Any]) -> float:
    return statistics.mean(o.quality for o in outcomes if o.status == "ok")


def test_the_world_and_the_scenarios_agree_on_the_model_incidents() -> None:
    assert MODEL_KINDS == SCENARIO_MODEL_KINDS


def test_latency_degradation_slows_the_model_in_its_window(run_world: Runner) -> None:
    result = run(run_world, incident("latency_degradation", model="gpt-4o", factor=4.0))
    inside, outside = phases(result, "gpt-4o")
    assert median_latency(inside) > 3 * median_latency(outside)
    for model in OTHERS:
        inside, outside = phases(result, model)
        assert median_latency(inside) == pytest.approx(median_latency(outside), rel=0.2)


def test_a_provider_incident_hits_every_model_of_the_provider(run_world: Runner) -> None:
    result = run(run_world, incident("latency_degradation", provider="openai", factor=4.0))
    for model in ("gpt-4o", "gpt-4o-mini"):
        inside, outside = phases(result, model)
        assert median_latency(inside) > 3 * median_latency(outside)
    inside, outside = phases(result, "claude-3-haiku")
    assert median_latency(inside) == pytest.approx(median_latency(outside), rel=0.2)


def test_an_error_burst_fails_requests_of_the_model_in_its_window(run_world: Runner) -> None:
    result = run(run_world, incident("error_burst", model="gpt-4o", rate=0.5))
    inside, outside = phases(result, "gpt-4o")
    assert fraction(inside, lambda o: o.status == "error") == pytest.approx(0.5, abs=0.08)
    assert fraction(outside, lambda o: o.status == "error") < 0.03
    for model in OTHERS:
        assert fraction(phases(result, model)[0], lambda o: o.status == "error") < 0.03


def test_an_outage_unseen_by_config_fails_every_request_to_the_model(run_world: Runner) -> None:
    result = run(run_world, incident("outage", model="gpt-4o", config_delay=None))
    inside, outside = phases(result, "gpt-4o")
    assert inside
    assert all(o.error == "model_unavailable" for o in inside)
    assert all(o.error != "model_unavailable" for o in outside)
    assert all(o.status == "ok" or o.error == "provider_error" for o in phases(result, None)[1])
    assert not any(n.data.get("type") == "availability" for n in result.notices)


def test_config_notices_an_outage_after_its_delay_and_traffic_falls_back(
    run_world: Runner,
) -> None:
    result = run(run_world, incident("outage", model="gpt-4o", config_delay="1m"))
    early = result.between(START, START + 60, "gpt-4o")
    assert early
    assert all(o.error == "model_unavailable" for o in early)
    assert result.between(START + 61, END + 60, "gpt-4o") == []
    fallback = result.between(START + 61, END, "claude-3-haiku")
    assert any(o.route_reason == "fallback" for o in fallback)
    assert result.between(END + 61, 1800, "gpt-4o")
    changes = [n.data for n in result.notices if n.data.get("type") == "availability"]
    assert [(c["newValue"], c["timestamp"]) for c in changes] == [
        ("offline", "2025-01-06T12:11:00.000Z"),
        ("online", "2025-01-06T12:21:00.000Z"),
    ]


def test_a_price_change_changes_the_cost_of_the_model_in_its_window(run_world: Runner) -> None:
    change = incident("price_change", model="gpt-4o", input_factor=3.0, output_factor=2.0)
    result = run(run_world, change)

    def markup(o: Any) -> float:  # what was charged over the list price of the tokens
        return o.cost_usd / (o.input_tokens / 1000 * 0.0025 + o.output_tokens / 1000 * 0.010)

    inside, outside = phases(result, "gpt-4o")
    assert all(2.0 <= markup(o) <= 3.0 for o in inside if o.status == "ok")
    assert all(markup(o) == pytest.approx(1.0) for o in outside if o.status == "ok")
    for model in OTHERS:
        spec = result.world.catalogue[model]
        for o in phases(result, model)[0]:
            listed = (
                o.input_tokens / 1000 * spec.input_per_1k
                + o.output_tokens / 1000 * spec.output_per_1k
            )
            assert o.cost_usd == pytest.approx(listed if o.status != "error" else 0.0)
    prices = [n for n in result.notices if n.kind == "price.changed"]
    assert [(n.t, n.model_id, n.data["inputPer1k"]) for n in prices] == [
        (START, "gpt-4o", pytest.approx(0.0075)),
        (END, "gpt-4o", pytest.approx(0.0025)),
    ]


def test_a_quality_drift_declines_gradually_and_recovers(run_world: Runner) -> None:
    result = run(run_world, incident("quality_drift", model="gpt-4o", drop=0.3))
    first = mean_quality(result.between(START, START + 120, "gpt-4o"))
    last = mean_quality(result.between(END - 120, END, "gpt-4o"))
    before = mean_quality(result.between(0, START, "gpt-4o"))
    after = mean_quality(result.between(END, 1800, "gpt-4o"))
    assert before == pytest.approx(0.90, abs=0.01)
    assert first > before - 0.06
    assert last == pytest.approx(before - 0.27, abs=0.03)
    assert after == pytest.approx(before, abs=0.01)
    for model in OTHERS:
        inside, outside = phases(result, model)
        assert mean_quality(inside) == pytest.approx(mean_quality(outside), abs=0.01)


def test_a_drift_without_recovery_stays(run_world: Runner) -> None:
    result = run(run_world, incident("quality_drift", model="gpt-4o", drop=0.3, recover=False))
    assert mean_quality(result.between(END, 1800, "gpt-4o")) == pytest.approx(0.6, abs=0.02)
    (window,) = result.world.incident_windows
    assert window.end == 1800.0


def test_a_pii_surge_multiplies_the_share_of_prompts_with_pii(run_world: Runner) -> None:
    result = run(run_world, incident("pii_surge", factor=8.0), world={
        "workload": {"base_rate": 4.0, "diurnal_amplitude": 0.0, "pii_rate": 0.05}
    })  # fmt: skip
    inside, outside = phases(result, None)
    assert fraction(inside, lambda o: bool(o.pii)) == pytest.approx(0.4, abs=0.05)
    assert fraction(outside, lambda o: bool(o.pii)) == pytest.approx(0.05, abs=0.015)


def test_a_traffic_spike_multiplies_arrivals_in_its_window(run_world: Runner) -> None:
    result = run(run_world, incident("traffic_spike", factor=3.0))
    inside, outside = phases(result, None)
    assert len(inside) == pytest.approx(3 * len(outside) / 2, rel=0.1)


def test_a_deprecated_model_leaves_config_and_traffic_for_good(run_world: Runner) -> None:
    result = run(run_world, {"kind": "model_deprecation", "model": "gpt-4o", "start": "10m",
                             "replacement": "gpt-4o-mini"})  # fmt: skip
    assert result.between(START, 1800, "gpt-4o") == []
    assert result.between(0, START, "gpt-4o")
    assert not result.world.control.is_available("gpt-4o")
    assert not result.world.truth.models["gpt-4o"].available
    (notice,) = [n for n in result.notices if n.kind == "model.deprecated"]
    assert (notice.t, notice.model_id, notice.data["replacement"]) == (
        START,
        "gpt-4o",
        "gpt-4o-mini",
    )


def test_a_threshold_change_applies_in_its_window_and_reverts(
    make_world: Callable[..., Any],
) -> None:
    world = make_world(
        timeline=[incident("threshold_change", key_path="latency.p99MaxMs", value=9000)]
    )
    world.run(START - 1)
    assert world.control.thresholds["latency"]["p99MaxMs"] == 6000.0
    world.run(START + 1)
    assert world.control.thresholds["latency"]["p99MaxMs"] == 9000
    assert world.control.thresholds["version"] == "2"
    world.run(END + 1)
    assert world.control.thresholds["latency"]["p99MaxMs"] == 6000.0
    assert [c["keyPath"] for c in world.control.history] == ["latency.p99MaxMs"] * 2


def test_a_routing_change_of_the_weights_moves_traffic_for_its_window(run_world: Runner) -> None:
    change = incident(
        "routing_change", key_path="loadBalancing.weights", value={"claude-3-haiku": 1.0}
    )
    result = run(run_world, change)
    inside = result.between(START + 1, END, None)
    assert {o.model_id for o in inside} == {"claude-3-haiku"}
    assert {o.model_id for o in result.between(END + 1, 1800, None)} == {
        "gpt-4o", "gpt-4o-mini", "claude-3-haiku"
    }  # fmt: skip
    assert [n.t for n in result.notices if n.kind == "routing.changed"] == [START, END]


def test_a_flag_change_flips_the_flag_for_its_window(make_world: Callable[..., Any]) -> None:
    world = make_world(timeline=[incident("flag_change", flag="exploration", value=False)])
    world.run(START + 1)
    assert world.control.flags["exploration"] is False
    world.run(END + 1)
    assert world.control.flags["exploration"] is True


def test_an_availability_change_stops_routing_but_not_the_model(run_world: Runner) -> None:
    result = run(run_world, incident("availability_change", model="gpt-4o", status="maintenance"))
    assert result.between(START + 1, END, "gpt-4o") == []
    assert result.between(END + 1, 1800, "gpt-4o")
    assert result.world.truth.models["gpt-4o"].available
    statuses = [n.data["newValue"] for n in result.notices if n.data.get("type") == "availability"]
    assert statuses == ["maintenance", "online"]


def test_incident_windows_are_the_ground_truth(run_world: Runner) -> None:
    result = run(
        run_world,
        incident("latency_degradation", provider="openai", factor=2.0, id="slow"),
        {"kind": "flag_change", "flag": "exploration", "value": False, "start": "5m"},
    )
    slow, flag = result.world.incident_windows
    assert (slow.incident_id, slow.kind, slow.target) == ("slow", "latency_degradation", "openai")
    assert (slow.start, slow.end, slow.models) == (START, END, ("gpt-4o-mini", "gpt-4o"))
    assert (flag.target, flag.start, flag.end) == ("exploration", 300.0, 1800.0)
    assert result.world.active_incidents(700.0) == (slow, flag)
