"""The world as a whole: determinism, time order, PII planting, the oracle's view."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any

import pytest

from simulator.world import World

Runner = Callable[..., Any]


def test_the_same_seed_gives_identical_outcomes(run_world: Runner) -> None:
    first = run_world(seed=9, duration="10m")
    second = run_world(seed=9, duration="10m")
    assert len(first.outcomes) > 1000
    assert first.outcomes == second.outcomes


def test_another_seed_gives_other_outcomes(run_world: Runner) -> None:
    first = run_world(seed=9, duration="5m")
    second = run_world(seed=10, duration="5m")
    assert [o.t_start for o in first.outcomes] != [o.t_start for o in second.outcomes]
    assert first.outcomes[0].prompt != second.outcomes[0].prompt or (
        first.outcomes[0].input_tokens != second.outcomes[0].input_tokens
    )


def test_outcomes_arrive_in_time_order_at_their_end(run_world: Runner) -> None:
    result = run_world(duration="10m")
    ends = [o.t_end for o in result.outcomes]
    assert ends == sorted(ends)
    assert len(result.outcomes) == result.world.requests
    assert len({o.request_id for o in result.outcomes}) == len(result.outcomes)
    assert all(o.t_start <= 600.0 for o in result.outcomes)


def test_an_outcome_is_published_when_the_request_ends(make_world: Callable[..., World]) -> None:
    world = make_world(duration="10m")
    seen: list[tuple[float, float]] = []
    world.bus.on_outcome(lambda o: seen.append((world.now, o.t_end)))
    world.run(300.0)
    assert seen
    assert all(now == t_end for now, t_end in seen)


def test_the_workload_does_not_depend_on_routing(run_world: Runner) -> None:
    even = run_world(duration="5m", routing={"weights": {"gpt-4o": 1, "gpt-4o-mini": 1}})
    other = run_world(duration="5m", routing={"weights": {"claude-3-haiku": 1}})

    def arrivals(run: Any) -> list[tuple[str, float, str]]:
        return sorted((o.request_id, o.t_start, o.prompt) for o in run.outcomes)

    assert arrivals(even) == arrivals(other)


def test_pii_is_planted_at_the_configured_rate_with_true_offsets(run_world: Runner) -> None:
    workload = {"base_rate": 4.0, "diurnal_amplitude": 0.0, "pii_rate": 0.1}
    result = run_world(duration="30m", world={"workload": workload})
    with_pii = [o for o in result.outcomes if o.pii]
    assert len(with_pii) / len(result.outcomes) == pytest.approx(0.1, abs=0.015)
    pool = result.world.prompts.values
    for outcome in with_pii:
        for span in outcome.pii:
            assert outcome.prompt[span.start : span.end] in pool[span.type]


def test_pii_types_follow_the_scenario_mix(run_world: Runner) -> None:
    workload = {"base_rate": 4.0, "pii_rate": 0.5, "pii_types": {"email": 1, "ssn": 1}}
    result = run_world(duration="5m", world={"workload": workload})
    assert {s.type for o in result.outcomes for s in o.pii} == {"email", "ssn"}


def test_costs_follow_the_prices_of_the_catalogue(run_world: Runner) -> None:
    result = run_world(duration="5m")
    for o in result.outcomes:
        spec = result.world.catalogue[o.model_id]
        listed = (
            o.input_tokens / 1000 * spec.input_per_1k + o.output_tokens / 1000 * spec.output_per_1k
        )
        assert o.cost_usd == pytest.approx(0.0 if o.status == "error" else listed)


def test_a_busy_model_queues_under_a_traffic_spike(run_world: Runner) -> None:
    spike = {"kind": "traffic_spike", "factor": 8.0, "start": "10m", "end": "20m"}
    result = run_world(
        timeline=[spike],
        world={"workload": {"base_rate": 4.0, "diurnal_amplitude": 0.0},
               "catalogue": {"gpt-4o": {"capacity": 8}, "gpt-4o-mini": {"capacity": 100}}},
        routing={"weights": {"gpt-4o": 0.5, "gpt-4o-mini": 0.5}},
    )  # fmt: skip
    calm = result.between(0, 600, "gpt-4o")
    busy = result.between(600, 1200, "gpt-4o")
    assert statistics.mean(o.queue_ms for o in calm) < 50
    assert statistics.mean(o.queue_ms for o in busy) > 1000
    assert statistics.mean(o.queue_ms for o in result.between(600, 1200, "gpt-4o-mini")) < 100


def test_the_oracle_sees_the_true_state_of_a_model(make_world: Callable[..., World]) -> None:
    slow = {
        "kind": "latency_degradation",
        "model": "gpt-4o",
        "factor": 3.0,
        "start": "1m",
        "end": "2m",
    }
    down = {"kind": "outage", "model": "gpt-4o-mini", "start": "1m", "end": "2m"}
    world = make_world(timeline=[slow, down])
    before = world.true_model_state("gpt-4o")
    world.run(90.0)
    during = world.true_model_state("gpt-4o")
    assert during.latency_factor == 3.0
    assert during.latency_p50_ms > 2.5 * before.latency_p50_ms
    assert before.latency_p50_ms < before.latency_p99_ms
    assert during.cost_per_request == pytest.approx(before.cost_per_request)
    mini = world.true_model_state("gpt-4o-mini")
    assert (mini.available, mini.routable, mini.error_rate) == (False, True, 1.0)
    assert set(world.true_state()) == set(world.catalogue)


def test_the_oracle_latency_matches_what_the_world_draws(run_world: Runner) -> None:
    result = run_world(
        duration="30m",
        routing={"weights": {"gpt-4o": 1.0}},
        world={"workload": {"base_rate": 4.0}, "catalogue": {"gpt-4o": {"capacity": 100}}},
    )
    state = result.world.true_model_state("gpt-4o")
    ok = sorted(o.latency_ms for o in result.outcomes if o.status == "ok")
    assert statistics.median(ok) == pytest.approx(state.latency_p50_ms, rel=0.05)
    assert ok[int(0.99 * len(ok))] == pytest.approx(state.latency_p99_ms, rel=0.15)
    cost = statistics.mean(o.cost_usd for o in result.outcomes)
    assert cost == pytest.approx(state.cost_per_request, rel=0.1)
    quality = statistics.mean(o.quality for o in result.outcomes if o.status == "ok")
    assert quality == pytest.approx(state.quality, abs=0.01)


def test_the_oracle_accounts_for_the_gateways_parameters(make_world: Callable[..., World]) -> None:
    world = make_world()
    free = world.true_model_state("gpt-4o")
    world.gateway.set_parameters(max_tokens=60, reason="test")
    capped = world.true_model_state("gpt-4o")
    assert capped.cost_per_request < free.cost_per_request
    assert capped.quality < free.quality
    assert capped.latency_p99_ms < free.latency_p99_ms


def test_a_world_loads_a_builtin_scenario_with_overrides() -> None:
    world = World.load("smoke", seed=3, duration="2m")
    assert (world.seed, world.duration) == (3, 120.0)
    world.run()
    assert world.requests > 100
    assert world.describe()["requests"] == world.requests
    assert world.in_flight("gpt-4o") >= 0


def test_initial_routing_lands_in_the_control_plane(make_world: Callable[..., World]) -> None:
    world = make_world(routing={"weights": {"gpt-4o": 1}, "default_model": "gpt-4o",
                                "fallback_chain": ["claude-3-haiku"]})  # fmt: skip
    assert world.control.routing["defaultModel"] == "gpt-4o"
    assert world.control.routing["fallbackChain"] == ["claude-3-haiku"]
    assert world.control.routing["loadBalancing"]["weights"] == {"gpt-4o": 1.0}
    assert dict(world.gateway.weights) == {"gpt-4o": 1.0}
    assert list(world.control.history) == []
