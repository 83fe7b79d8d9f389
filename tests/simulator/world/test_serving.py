"""Serving: cost, queueing under load, refusals, truncation, timeouts, unavailable models."""

from __future__ import annotations

import random
import statistics

import pytest

from simulator.world.catalogue import build_catalogue
from simulator.world.gateway import Route
from simulator.world.latency import LatencyModel
from simulator.world.serving import Serving
from simulator.world.truth import Effect, ModelTruth, WorldTruth
from simulator.world.variants import PROMPT_VARIANTS
from simulator.world.workload import Request

DEFAULT = PROMPT_VARIANTS["default"]
ROUTE = Route("gpt-4o", "openai", "load_balanced", 1.0)


def serving(capacity: int = 8, max_queue_ms: float = 15_000.0, **spec: float) -> Serving:
    models = build_catalogue({"gpt-4o": {"capacity": capacity, "error_rate": 0.0, **spec}})
    truth = WorldTruth({m: ModelTruth(s) for m, s in models.items()})
    return Serving(
        truth=truth,
        latency=LatencyModel(),
        rng=random.Random(8),
        max_queue_ms=max_queue_ms,
    )


def request(t: float = 0.0, tokens_in: int = 1000, tokens_out: int = 200, **kw: object) -> Request:
    req = Request(f"req-{t}", t, tokens_in, tokens_out, "hi", (), "client-0", "us-east")
    for key, value in kw.items():
        setattr(req, key, value)
    return req


def test_cost_is_tokens_times_prices() -> None:
    outcome = serving().serve(request(), ROUTE, DEFAULT, 30_000.0)
    spec = build_catalogue()["gpt-4o"]
    assert outcome.status == "ok"
    assert outcome.cost_usd == pytest.approx(
        1000 / 1000 * spec.input_per_1k + 200 / 1000 * spec.output_per_1k
    )
    assert (outcome.input_tokens, outcome.output_tokens) == (1000, 200)


def test_latency_spans_the_request_and_grows_with_output_tokens() -> None:
    server = serving(capacity=1000)
    shorts = [server.serve(request(t=i, tokens_out=20), ROUTE, DEFAULT, 1e9) for i in range(500)]
    longs = [
        server.serve(request(t=i, tokens_out=800), ROUTE, DEFAULT, 1e9) for i in range(500, 1000)
    ]
    for o in shorts:
        assert (o.t_end - o.t_start) * 1000 == pytest.approx(o.latency_ms)
        assert o.queue_ms == 0.0
        assert o.network_ms + o.ttft_ms < o.latency_ms
    spec = build_catalogue()["gpt-4o"]
    median_long = statistics.median(x.latency_ms for x in longs)
    assert median_long == pytest.approx(
        spec.ttft_ms + 800 / spec.tokens_per_second * 1000, rel=0.15
    )
    assert statistics.median(x.latency_ms for x in shorts) < median_long / 4


def test_requests_queue_when_a_model_is_over_capacity() -> None:
    server = serving(capacity=2)
    burst = [server.serve(request(t=0.0), ROUTE, DEFAULT, 1e9) for _ in range(6)]
    queues = [o.queue_ms for o in burst]
    assert queues[:2] == [0.0, 0.0]
    assert all(q > 0 for q in queues[2:])
    assert queues[4] > queues[2]  # the third pair waits for two services
    assert server.in_flight("gpt-4o", 0.0) == 2
    assert server.in_flight("gpt-4o", 1e6) == 0


def test_other_models_do_not_queue_behind_a_busy_one() -> None:
    server = serving(capacity=1)
    for _ in range(5):
        server.serve(request(), ROUTE, DEFAULT, 1e9)
    mini = Route("gpt-4o-mini", "openai", "load_balanced", 1.0)
    assert server.serve(request(), mini, DEFAULT, 1e9).queue_ms == 0.0


def test_a_wait_beyond_the_queue_limit_is_refused_at_once() -> None:
    server = serving(capacity=1, max_queue_ms=1000.0)
    outcomes = [server.serve(request(tokens_out=500), ROUTE, DEFAULT, 1e9) for _ in range(4)]
    refused = [o for o in outcomes if o.error == "rate_limited"]
    assert refused
    assert all(o.status == "error" and o.cost_usd == 0.0 for o in refused)
    assert all(o.latency_ms < 200 for o in refused)


def test_a_max_tokens_cap_truncates_the_answer_and_costs_quality() -> None:
    full, capped = serving(capacity=1000), serving(capacity=1000)
    free = [full.serve(request(t=i), ROUTE, DEFAULT, 1e9) for i in range(400)]
    cut = [capped.serve(request(t=i, max_tokens=50), ROUTE, DEFAULT, 1e9) for i in range(400)]
    assert {o.output_tokens for o in cut} == {50}
    assert {o.max_tokens for o in cut} == {50}
    assert statistics.mean(o.cost_usd for o in cut) < statistics.mean(o.cost_usd for o in free)
    drop = statistics.mean(o.quality for o in free) - statistics.mean(o.quality for o in cut)
    assert 0.05 < drop < 0.15  # 0.15 x (1 - 50/200)


def test_a_prompt_variant_changes_tokens_and_quality() -> None:
    concise = PROMPT_VARIANTS["concise"]
    outcome = serving().serve(request(prompt_variant="concise"), ROUTE, concise, 1e9)
    assert (outcome.input_tokens, outcome.output_tokens) == (900, 140)
    assert outcome.prompt_variant == "concise"


def test_a_request_slower_than_the_timeout_times_out_and_is_billed() -> None:
    outcome = serving().serve(request(tokens_out=2000), ROUTE, DEFAULT, 2000.0)
    assert (outcome.status, outcome.error, outcome.quality) == ("timeout", "timeout", 0.0)
    assert outcome.latency_ms == pytest.approx(2000.0)
    assert outcome.cost_usd > 0


def test_an_unavailable_model_errors_quickly_and_costs_nothing() -> None:
    server = serving()
    server._truth.models["gpt-4o"].apply("down", Effect(outage=True))
    outcome = server.serve(request(), ROUTE, DEFAULT, 1e9)
    assert (outcome.status, outcome.error, outcome.cost_usd) == ("error", "model_unavailable", 0.0)
    assert outcome.latency_ms < 300


def test_errors_happen_at_the_error_rate_and_cost_nothing() -> None:
    server = serving(capacity=10_000, error_rate=0.2)
    outcomes = [server.serve(request(t=i), ROUTE, DEFAULT, 1e9) for i in range(5000)]
    errors = [o for o in outcomes if o.status == "error"]
    assert len(errors) / 5000 == pytest.approx(0.2, abs=0.02)
    assert {o.error for o in errors} == {"provider_error"}
    assert all(o.cost_usd == 0.0 and o.quality == 0.0 and o.output_tokens == 0 for o in errors)


def test_quality_scatters_around_the_models_quality() -> None:
    server = serving(capacity=10_000)
    qualities = [server.serve(request(t=i), ROUTE, DEFAULT, 1e9).quality for i in range(3000)]
    assert statistics.mean(qualities) == pytest.approx(0.90, abs=0.01)
    assert statistics.stdev(qualities) == pytest.approx(0.05, abs=0.01)
    assert all(0.0 <= q <= 1.0 for q in qualities)


def test_a_refused_route_is_reported_with_its_status() -> None:
    blocked = Route("gpt-4o", "openai", "policy_enforced", 0.0, (), "blocked", "policy_blocked")
    outcome = serving().serve(request(), blocked, DEFAULT, 1e9)
    assert (outcome.status, outcome.error, outcome.route_reason) == (
        "blocked",
        "policy_blocked",
        "policy_enforced",
    )
