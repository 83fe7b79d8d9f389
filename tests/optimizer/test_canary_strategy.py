"""Canary rollout, promotion and rollback (optimizer/strategies/canary.py)."""

from __future__ import annotations

from optimizer_toys import FakeClock, MakeOptimizer, RecordingActuator, feed

from optimizer import Optimizer, Signal

OLD = {"latency": 900.0, "quality": 0.8, "cost": 0.004}
NEW = {"latency": 700.0, "quality": 0.95, "cost": 0.004}


def canary_started(make_optimizer: MakeOptimizer, clock: FakeClock) -> Optimizer:
    """A leads; then B proves better and a canary towards B starts."""
    opt = make_optimizer(("A", "B"), exploration=False, canary_phase_s=120.0)
    feed(opt, "A", clock.t, 30, **OLD)
    opt.cycle()
    clock.t += 300
    feed(opt, "A", clock.t, 30, **OLD)
    feed(opt, "B", clock.t, 30, **NEW)
    assert [d.kind for d in opt.cycle()] == ["canary_start"]
    return opt


def step(opt: Optimizer, clock: FakeClock, b: dict[str, object], errors: int = 0) -> list[str]:
    clock.t += 60
    feed(opt, "A", clock.t, 20, **OLD)
    feed(opt, "B", clock.t, 20 - errors, **b)
    feed(opt, "B", clock.t + 0.5, errors, **{**b, "error": True})
    return [d.kind for d in opt.cycle()]


def test_a_healthy_canary_is_promoted_phase_by_phase_to_the_target(
    make_optimizer: MakeOptimizer, clock: FakeClock, actuator: RecordingActuator
) -> None:
    opt = canary_started(make_optimizer, clock)
    shares = [actuator.weights["B"]]
    kinds: list[str] = []
    for _ in range(10):
        kinds += step(opt, clock, NEW)
        shares.append(actuator.weights["B"])
    assert kinds == ["canary_promote"] * 3
    assert shares == sorted(shares)
    assert shares[0] <= 0.05
    assert shares[-1] > 0.9
    promote = actuator.decisions[-1]
    assert promote.reasons[0].metric == "canary_samples"


def test_a_canary_that_fails_more_than_the_control_is_rolled_back(
    make_optimizer: MakeOptimizer, clock: FakeClock, actuator: RecordingActuator
) -> None:
    opt = canary_started(make_optimizer, clock)
    assert step(opt, clock, NEW, errors=2) == ["canary_rollback"]  # 4 %: above control + 2 %
    rollback = actuator.decisions[-1]
    assert rollback.target == "B"
    assert rollback.reasons[0].metric == "error_rate"
    assert dict(rollback.weights) == {"A": 1.0}


def test_a_failover_of_the_canary_model_ends_the_canary(
    make_optimizer: MakeOptimizer, clock: FakeClock, actuator: RecordingActuator
) -> None:
    opt = canary_started(make_optimizer, clock)
    assert step(opt, clock, NEW, errors=20)[0] == "failover"
    assert "B" not in actuator.weights
    assert step(opt, clock, OLD) == []  # no canary left to supervise


def test_a_canary_whose_quality_falls_is_rolled_back(
    make_optimizer: MakeOptimizer, clock: FakeClock, actuator: RecordingActuator
) -> None:
    opt = canary_started(make_optimizer, clock)
    kinds = step(opt, clock, {**NEW, "quality": 0.6})
    assert kinds[0] == "canary_rollback"
    assert actuator.decisions[-1].reasons[0].metric == "quality"
    assert actuator.weights == {"A": 1.0}


def test_switching_the_flag_off_rolls_the_canary_back(
    make_optimizer: MakeOptimizer, clock: FakeClock, actuator: RecordingActuator
) -> None:
    opt = canary_started(make_optimizer, clock)
    opt.on_flags({"canary_rollout": False})
    assert step(opt, clock, NEW)[0] == "canary_rollback"
    reason = actuator.decisions[-1].reasons[0]
    assert (reason.kind, reason.metric) == ("feature_flags", "canary_rollout")


def test_a_canary_that_outlives_its_timeout_is_rolled_back(
    make_optimizer: MakeOptimizer, clock: FakeClock, actuator: RecordingActuator
) -> None:
    opt = make_optimizer(("A", "B"), exploration=False, canary_timeout_s=100.0)
    feed(opt, "A", clock.t, 30, **OLD)
    opt.cycle()
    clock.t += 300
    feed(opt, "B", clock.t, 30, **NEW)
    start = opt.cycle()[0]
    clock.t += 120
    (rollback,) = opt.cycle()
    assert rollback.kind == "canary_rollback"
    assert (rollback.reasons[0].source, rollback.reasons[0].signal_id) == ("optimizer", start.id)


def test_a_canary_slower_than_the_control_and_the_slo_is_rolled_back(
    make_optimizer: MakeOptimizer, clock: FakeClock, actuator: RecordingActuator
) -> None:
    opt = canary_started(make_optimizer, clock)
    assert step(opt, clock, {**NEW, "latency": 6500.0})[0] == "canary_rollback"
    assert actuator.decisions[-1].reasons[0].metric == "p99_ms"


def test_a_critical_sentinel_alert_on_the_canary_model_rolls_it_back(
    make_optimizer: MakeOptimizer, clock: FakeClock, actuator: RecordingActuator
) -> None:
    opt = canary_started(make_optimizer, clock)
    attrs = {"type": "anomaly", "severity": "critical", "affected_resources": ("B",)}
    opt.ingest(Signal("sentinel", "alert", "al-1", clock.t + 30, "alert", 1.0, None, attrs))
    assert step(opt, clock, NEW)[0] == "canary_rollback"
    reason = actuator.decisions[-1].reasons[0]
    assert (reason.source, reason.signal_id) == ("sentinel", "al-1")
