"""Latency and health findings (optimizer/analysers/latency.py)."""

from __future__ import annotations

from dataclasses import replace

from optimizer_toys import EPOCH, requests, snapshot

from optimizer import ModelState, OptimizerConfig, Settings, Signal, Thresholds
from optimizer.analysers import analyse_latency

NOW = EPOCH + 1000


def codes(findings: list) -> set[tuple[str, str, str | None]]:
    return {(f.code, f.severity, f.model_id) for f in findings}


def test_p99_above_the_max_is_a_warning_and_above_critical_is_critical() -> None:
    slow = snapshot(requests("A", NOW, 20, latency=7000.0), now=NOW)
    assert codes(analyse_latency(slow)) == {
        ("latency_p99", "warning", "A"),
        ("latency_p50", "warning", "A"),
    }
    dead = snapshot(requests("A", NOW, 20, latency=12000.0), now=NOW)
    assert ("latency_critical", "critical", "A") in codes(analyse_latency(dead))


def test_the_reason_names_the_signal_the_value_and_the_threshold() -> None:
    findings = analyse_latency(snapshot(requests("A", NOW, 20, latency=7000.0), now=NOW))
    reason = next(f.reason for f in findings if f.code == "latency_p99")
    assert (reason.source, reason.kind, reason.metric) == ("observatory", "request", "p99_ms")
    assert (reason.observed, reason.threshold, reason.model_id) == (7000.0, 6000.0, "A")
    assert reason.signal_id.startswith("A-")


def test_a_threshold_change_changes_the_finding() -> None:
    signals = requests("A", NOW, 20, latency=7000.0)
    loose = OptimizerConfig(thresholds=Thresholds(p99_max_ms=8000, degradation_threshold_ms=8000))
    assert analyse_latency(snapshot(signals, now=NOW, config=loose)) == []


def test_error_rate_above_critical_is_critical() -> None:
    signals = requests("A", NOW, 15) + requests("A", NOW, 5, error=True)
    assert codes(analyse_latency(snapshot(signals, now=NOW))) == {("error_rate", "critical", "A")}


def test_one_failure_in_a_few_requests_is_noise_not_an_outage() -> None:
    # 2 of 20 is above the 5 % threshold, but its lower confidence bound is not.
    signals = requests("A", NOW, 18) + requests("A", NOW, 2, error=True)
    assert analyse_latency(snapshot(signals, now=NOW)) == []
    many = requests("A", NOW, 180) + requests("A", NOW, 20, error=True)
    assert codes(analyse_latency(snapshot(many, now=NOW))) == {("error_rate", "critical", "A")}


def test_a_dead_model_is_critical_after_a_few_requests() -> None:
    signals = requests("A", NOW, 3, error=True)
    assert codes(analyse_latency(snapshot(signals, now=NOW, settings=Settings(min_samples=3)))) == {
        ("error_rate", "critical", "A")
    }


def latency_anomaly(severity: str, model: str = "A") -> Signal:
    attrs = {"type": "spike", "severity": severity, "baseline": 800.0}
    return Signal(
        "latency_lens",
        "latency_anomaly",
        f"la-{severity}",
        NOW - 10,
        "latency_ms",
        4000.0,
        model,
        attrs,
    )


def test_latency_lens_anomalies_by_severity() -> None:
    signals = [
        latency_anomaly("critical", "A"),
        latency_anomaly("high", "B"),
        latency_anomaly("low", "C"),
    ]
    assert codes(analyse_latency(snapshot(signals, now=NOW))) == {
        ("latency_anomaly", "critical", "A"),
        ("latency_anomaly", "warning", "B"),
    }


def test_old_anomalies_are_forgotten() -> None:
    old = replace(latency_anomaly("critical"), t=NOW - 500)
    assert analyse_latency(snapshot([old], now=NOW)) == []


def sentinel(kind: str, severity: str, active: bool = True) -> Signal:
    attrs = {"type": kind, "severity": severity, "threshold": 0.05, "active": active}
    return Signal("sentinel", "anomaly", f"an-{kind}", NOW - 5, "error_rate", 0.3, "A", attrs)


def test_sentinel_health_anomalies() -> None:
    assert codes(
        analyse_latency(snapshot([sentinel("availability_issue", "critical")], now=NOW))
    ) == {("sentinel_anomaly", "critical", "A")}
    assert codes(analyse_latency(snapshot([sentinel("latency_spike", "warning")], now=NOW))) == {
        ("sentinel_anomaly", "warning", "A")
    }
    assert analyse_latency(snapshot([sentinel("latency_spike", "critical", False)], now=NOW)) == []
    assert analyse_latency(snapshot([sentinel("cost_anomaly", "critical")], now=NOW)) == []


def lb(kind: str, t: float, models: tuple[str, ...] = ("A",), **extra: str) -> Signal:
    attrs = {"type": kind, "severity": "warning", "affected_models": models, **extra}
    return Signal("router_l2", "lb_signal", f"lb-{kind}-{t}", t, kind, 1.0, None, attrs)


def test_router_signals_slow_capacity_recovery_and_recommendations() -> None:
    assert codes(analyse_latency(snapshot([lb("model_slow", NOW - 9)], now=NOW))) == {
        ("load_balancer", "warning", "A")
    }
    assert codes(analyse_latency(snapshot([lb("capacity_critical", NOW - 9)], now=NOW))) == {
        ("load_balancer", "critical", "A")
    }
    recovered = [lb("model_slow", NOW - 9), lb("model_recovered", NOW - 5)]
    assert analyse_latency(snapshot(recovered, now=NOW)) == []
    disable = lb("rebalance_suggested", NOW - 9, ("A", "B"), action="disable", target_model="B")
    assert codes(analyse_latency(snapshot([disable], now=NOW))) == {
        ("load_balancer", "critical", "B")
    }


def test_throughput_near_the_rate_limit_and_degraded_status_are_warnings() -> None:
    state = ModelState("A", status="degraded", requests_per_minute=600.0, source_id="av-A")
    config = OptimizerConfig().with_availability({"A": state})
    rps = Signal("latency_lens", "throughput", "tp-1", NOW - 5, "requests_per_second", 9.5, "A")
    found = analyse_latency(snapshot([rps], now=NOW, config=config))
    assert codes(found) == {("capacity", "warning", "A"), ("status_degraded", "warning", "A")}
    degraded = next(f for f in found if f.code == "status_degraded")
    assert (degraded.reason.source, degraded.reason.signal_id) == ("config_manager", "av-A")
