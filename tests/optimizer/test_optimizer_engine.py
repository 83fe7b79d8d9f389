"""The optimizer's cycle, intake entry points, actuator and tracing (optimizer/engine.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from optimizer_toys import FakeClock, MakeOptimizer, RecordingActuator, feed

from adapters.types import CostTelemetryEvent, CurrentRate
from adapters.types.shield import ActivePolicy
from optimizer import Decision, Optimizer, Thresholds

SLOW = {"latency": 7000.0, "quality": 0.95, "cost": 0.004}


def test_no_known_model_means_no_decision(clock: FakeClock, actuator: RecordingActuator) -> None:
    assert Optimizer(clock, actuator).cycle() == []
    assert actuator.decisions == []


def test_decisions_are_applied_recorded_and_stamped_with_the_clock(
    make_optimizer: MakeOptimizer, clock: FakeClock, actuator: RecordingActuator
) -> None:
    opt = make_optimizer()
    feed(opt, "A", clock.t, 30)
    decisions = opt.cycle()
    assert decisions == actuator.decisions == list(opt.decisions)
    assert [d.id for d in decisions] == [f"dec-{i:06d}" for i in range(1, len(decisions) + 1)]
    assert {d.t for d in decisions} == {clock.t}
    assert opt.weights == actuator.weights


def test_changing_a_threshold_changes_the_decision(
    make_optimizer: MakeOptimizer, clock: FakeClock
) -> None:
    def shifted(p99_max: float) -> bool:
        opt = make_optimizer(("A", "B"), exploration=False)
        feed(opt, "A", clock.t, 30, quality=0.95)
        feed(opt, "B", clock.t, 30)
        opt.cycle()
        clock.t += 60
        opt.on_thresholds(
            Thresholds(
                p99_max_ms=p99_max,
                degradation_threshold_ms=8000.0,
                hourly_budget=1e6,
                daily_budget=1e7,
            )
        )
        feed(opt, "A", clock.t, 40, **SLOW)
        return any(d.kind == "latency_shift" for d in opt.cycle())

    assert shifted(6000.0)
    assert not shifted(8000.0)


def test_a_failing_actuator_leaves_the_state_unchanged(clock: FakeClock) -> None:
    class Broken:
        def apply(self, decision: Decision) -> None:
            raise RuntimeError(f"gateway down for {decision.id}")

    opt = Optimizer(clock, Broken())
    opt.on_availability({"modelId": "A", "available": True, "status": "online"})
    with pytest.raises(RuntimeError, match="gateway down"):
        opt.cycle()
    assert opt.weights is None
    assert list(opt.decisions) == []


def test_every_decision_is_a_span_with_kind_target_weights_and_reasons(
    make_optimizer: MakeOptimizer, clock: FakeClock
) -> None:
    opt = make_optimizer()
    feed(opt, "A", clock.t, 30)
    decisions = opt.cycle()
    spans = opt.spans()
    assert [s.name for s in spans] == [f"optimizer.{d.kind}" for d in decisions]
    first, decision = spans[0], decisions[0]
    attributes = first.attributes or {}
    assert attributes["kind"] == decision.kind
    assert attributes["target"] == decision.target
    assert json.loads(str(attributes["weights"])) == dict(decision.weights or {})
    assert list(attributes["reasons"]) == [r.text() for r in decision.reasons]  # type: ignore[arg-type]
    assert first.start_time == int(clock.t * 1e9)


def test_a_given_tracer_provider_receives_the_spans_and_the_global_one_is_untouched(
    clock: FakeClock, actuator: RecordingActuator
) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    before = trace.get_tracer_provider()
    opt = Optimizer(clock, actuator, tracer_provider=provider)
    opt.on_availability({"modelId": "A", "available": True, "status": "online"})
    decisions = opt.cycle()
    assert decisions
    assert [s.name for s in exporter.get_finished_spans()] == [
        f"optimizer.{d.kind}" for d in decisions
    ]
    assert opt.spans() == ()
    assert trace.get_tracer_provider() is before


def test_history_is_bounded(clock: FakeClock, actuator: RecordingActuator) -> None:
    opt = Optimizer(clock, actuator, history=2)
    for i in range(4):
        opt.on_availability({"modelId": f"M{i}", "available": True, "status": "online"})
        opt.cycle()
        clock.t += 600
    assert len(opt.decisions) == 2
    assert len(actuator.decisions) > 2


def test_observe_takes_adapter_values(make_optimizer: MakeOptimizer, clock: FakeClock) -> None:
    opt = make_optimizer()
    event = CostTelemetryEvent(
        event_id="ce-1",
        timestamp=datetime.fromtimestamp(clock.t - 1, UTC),
        model_id="A",
        provider="p",
        input_tokens=100,
        output_tokens=50,
        cost_usd=0.003,
        latency_ms=900.0,
    )
    opt.observe(event)
    last = opt.store.last("A", "cost_usd")
    assert last is not None
    assert (last.id, last.value) == ("ce-1", 0.003)
    with pytest.raises(TypeError, match="adapter signal type"):
        opt.observe(object())


def test_a_model_configmanager_does_not_list_gets_no_traffic(
    make_optimizer: MakeOptimizer, clock: FakeClock, actuator: RecordingActuator
) -> None:
    opt = make_optimizer(("A", "B"))
    feed(opt, "X", clock.t, 40, quality=0.99, cost=0.0001)  # seen in signals only
    feed(opt, "A", clock.t, 40)
    opt.cycle()
    assert set(actuator.weights) == {"A", "B"}


def test_observe_routes_config_values_and_sequences(
    make_optimizer: MakeOptimizer, clock: FakeClock
) -> None:
    opt = make_optimizer(("A", "B"))
    policy = ActivePolicy(
        policy_id="p1",
        name="n",
        description="d",
        enabled=True,
        priority=1,
        conditions={"modelId": "B"},
        actions=("block",),
    )
    opt.observe((policy,))
    assert dict(opt.config.policy.blocked) == {"B": "p1"}
    opt.observe(())  # an empty availability round
    opt.observe([CurrentRate(rate_per_minute=1.0, rate_per_hour=60.0)])
    rate = opt.store.last(None, "cost_rate_per_hour")
    assert rate is not None
    assert rate.t == clock.t
