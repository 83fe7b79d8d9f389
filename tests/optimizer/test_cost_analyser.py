"""Cost findings: rate and projection against budgets, cost per request (analysers/cost.py)."""

from __future__ import annotations

from optimizer_toys import EPOCH, requests, snapshot

from optimizer import Metric, OptimizerConfig, Signal, Thresholds
from optimizer.analysers import analyse_cost

NOW = EPOCH + 1000
CONFIG = OptimizerConfig(thresholds=Thresholds(hourly_budget=40.0, daily_budget=800.0))


def rate(per_hour: float, t: float = NOW - 10) -> Signal:
    return Signal("cost_ops", "rate", f"rate@{t}", t, Metric.RATE_PER_HOUR, per_hour)


def found(signals: list[Signal], config: OptimizerConfig = CONFIG) -> set[tuple[str, str]]:
    return {(f.code, f.severity) for f in analyse_cost(snapshot(signals, now=NOW, config=config))}


def test_rate_below_the_alert_level_is_fine() -> None:
    assert found([rate(31.0)]) == set()


def test_rate_at_the_alert_level_is_a_warning_and_at_the_budget_critical() -> None:
    assert found([rate(33.0)]) == {("cost_rate", "warning")}
    assert found([rate(45.0)]) == {("cost_rate", "critical")}


def test_the_reason_names_the_costops_signal_and_the_budget() -> None:
    findings = analyse_cost(snapshot([rate(45.0)], now=NOW, config=CONFIG))
    reason = findings[0].reason
    assert (reason.source, reason.kind, reason.signal_id) == (
        "cost_ops",
        "rate",
        f"rate@{NOW - 10}",
    )
    assert (reason.observed, reason.threshold, reason.model_id) == (45.0, 40.0, None)


def test_a_higher_budget_silences_the_same_rate() -> None:
    richer = OptimizerConfig(thresholds=Thresholds(hourly_budget=100.0))
    assert found([rate(45.0)], richer) == set()


def test_daily_projection_against_the_daily_budget() -> None:
    projection = Signal("cost_ops", "projection", "pj-1", NOW - 60, Metric.PROJECTED_DAILY, 700.0)
    assert found([projection]) == {("cost_projection", "warning")}


def test_without_a_costops_rate_the_spend_is_estimated_from_cost_events() -> None:
    # 600 requests at 0.02 $ in the 600 s slow window: 12 $ per 10 min = 72 $ per hour.
    signals = requests("A", NOW, 600, cost=0.02)
    assert ("cost_rate", "critical") in found(signals)


def test_fleet_cost_per_request_above_the_cap() -> None:
    assert found(requests("A", NOW, 20, cost=0.03)) >= {("cost_per_request", "warning")}
    assert ("cost_per_request", "warning") not in found(requests("A", NOW, 20, cost=0.01))
