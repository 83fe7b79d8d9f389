"""Properties of every decision, over arbitrary small worlds (Hypothesis).

Never route weight to an unavailable or blocked model; weights are non-negative and sum to 1;
every decision carries at least one reason.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st
from optimizer_toys import EPOCH, FakeClock, RecordingActuator, requests

from optimizer import FLAG_NAMES, Optimizer, Settings, Signal, Thresholds

MODELS = ("M0", "M1", "M2", "M3")


@dataclass(frozen=True)
class ModelCase:
    latency: float
    error_share: float
    quality: float
    cost: float
    n: int


@dataclass(frozen=True)
class Step:
    """One minute of a world: what each model did, what is blocked, what events happened."""

    models: dict[str, ModelCase]
    unavailable: frozenset[str]
    rule_blocked: frozenset[str]
    shield_blocked: frozenset[str]
    events: tuple[tuple[str, str], ...]  # (event kind, model)
    rate: float


model_cases = st.builds(
    ModelCase,
    latency=st.floats(50.0, 15000.0),
    error_share=st.sampled_from([0.0, 0.0, 0.1, 0.5, 1.0]),
    quality=st.floats(0.2, 1.0),
    cost=st.floats(0.0, 0.05),
    n=st.integers(0, 30),
)
# Mostly nothing blocked, so that routings settle before a block arrives.
subsets = st.one_of(
    st.just(frozenset()), st.just(frozenset()), st.frozensets(st.sampled_from(MODELS), max_size=2)
)
EVENT_KINDS = (
    "model_slow",
    "capacity_critical",
    "latency_anomaly",
    "performance_drift",
    "quality_drift",
    "unauthorized_model",
)
steps = st.builds(
    Step,
    models=st.dictionaries(st.sampled_from(MODELS), model_cases, max_size=4),
    unavailable=subsets,
    rule_blocked=subsets,
    shield_blocked=subsets,
    events=st.lists(
        st.tuples(st.sampled_from(EVENT_KINDS), st.sampled_from(MODELS)), max_size=4
    ).map(tuple),
    rate=st.floats(0.0, 200.0),
)
thresholds = st.builds(
    Thresholds,
    p99_max_ms=st.floats(1000.0, 10000.0),
    min_quality=st.floats(0.3, 0.95),
    hourly_budget=st.floats(1.0, 100.0),
)


def event(kind: str, model: str, t: float, i: int) -> Signal:
    if kind in ("model_slow", "capacity_critical"):
        attrs = {"type": kind, "severity": "warning", "affected_models": (model,)}
        return Signal("router_l2", "lb_signal", f"lb{i}", t, kind, 1.0, model, attrs)
    if kind == "latency_anomaly":
        attrs = {"type": "spike", "severity": "critical", "baseline": 500.0}
        return Signal(
            "latency_lens", "latency_anomaly", f"la{i}", t, "latency_ms", 9e3, model, attrs
        )
    if kind == "unauthorized_model":
        attrs = {"reason": kind, "action": "block"}
        return Signal("shield", "policy_block", f"pb{i}", t, "policy_block", 1.0, model, attrs)
    attrs = {"type": kind, "p_value": 0.001, "confidence": 0.9}
    return Signal("sentinel", "drift", f"dr{i}", t, kind, 0.5, model, attrs)


def feed_step(opt: Optimizer, step: Step, t: float) -> None:
    for model, case in step.models.items():
        failed = round(case.n * case.error_share)
        opt.ingest_many(
            requests(
                model,
                t,
                case.n - failed,
                latency=case.latency,
                quality=case.quality,
                cost=case.cost,
            )
        )
        opt.ingest_many(requests(model, t - 0.5, failed, error=True, cost=case.cost))
    for i, (kind, model) in enumerate(step.events):
        opt.ingest(event(kind, model, t - 1, i))
    opt.ingest(Signal("cost_ops", "rate", f"rate{t}", t, "cost_rate_per_hour", step.rate))
    opt.on_availability(
        [
            {
                "modelId": m,
                "available": m not in step.unavailable,
                "status": "offline" if m in step.unavailable else "online",
            }
            for m in MODELS
        ]
    )
    rules = [
        {
            "ruleId": f"rule-{m}",
            "priority": 1,
            "enabled": True,
            "targetModels": [m],
            "action": "block",
            "conditions": [],
        }
        for m in sorted(step.rule_blocked)
    ]
    opt.on_routing_config(
        {
            "version": str(t),
            "defaultModel": "M0",
            "fallbackChain": ["M1"],
            "rules": rules,
            "loadBalancing": {"strategy": "weighted"},
        }
    )
    opt.on_policy(
        [
            {
                "policyId": "pol",
                "enabled": True,
                "actions": ["block"],
                "conditions": {"modelIds": sorted(step.shield_blocked)},
            }
        ]
    )


@given(
    st.lists(steps, min_size=1, max_size=6),
    thresholds,
    st.fixed_dictionaries({name: st.booleans() for name in FLAG_NAMES}),
    st.integers(0, 2**32 - 1),
)
def test_decisions_respect_exclusions_sum_to_one_and_carry_reasons(
    world: list[Step], limits: Thresholds, flags: dict[str, bool], seed: int
) -> None:
    clock, actuator = FakeClock(EPOCH), RecordingActuator()
    settings = Settings(
        rng=random.Random(seed),
        selection_interval_s=180.0,
        exploration_interval_s=60.0,
        canary_phase_s=60.0,
        min_samples=5,
    )
    opt = Optimizer(clock, actuator, settings=settings)
    opt.on_thresholds(limits)
    opt.on_flags(flags)
    policy_blocked: dict[str, float] = {}  # Shield request blocks hold for hold_s
    for step in world:
        clock.t += 60.0
        feed_step(opt, step, clock.t)
        for kind, model in step.events:
            if kind == "unauthorized_model":
                policy_blocked[model] = clock.t - 1
        excluded = (
            step.unavailable
            | step.rule_blocked
            | step.shield_blocked
            | {m for m, t in policy_blocked.items() if clock.t - t <= settings.hold_s}
        )
        for decision in opt.cycle():
            assert decision.reasons
            assert all(r.rule and r.signal_id for r in decision.reasons)
            if decision.weights is None:
                continue
            assert all(w >= 0.0 for w in decision.weights.values())
            assert abs(math.fsum(decision.weights.values()) - 1.0) <= 1e-9
            assert not set(decision.weights) & excluded, (decision.describe(), excluded)
