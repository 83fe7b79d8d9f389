"""Drift findings and the own detectors (optimizer/analysers/drift.py)."""

from __future__ import annotations

import random

from optimizer_toys import EPOCH, snapshot

from optimizer import Settings, Signal
from optimizer.analysers import DriftMonitor, analyse_drift

NOW = EPOCH + 1000


def drift(kind: str, magnitude: float = 0.4, p: float = 0.01, did: str = "d1") -> Signal:
    attrs = {"type": kind, "p_value": p, "confidence": 0.9}
    return Signal("sentinel", "drift", did, NOW - 5, kind, magnitude, "A", attrs)


def found(signals: list[Signal], after: int = 0) -> list[tuple[str, str]]:
    return [(f.code, f.severity) for f in analyse_drift(snapshot(signals, now=NOW, after=after))]


def test_sentinel_drifts_map_to_performance_or_quality() -> None:
    assert found([drift("performance_drift")]) == [("performance_drift", "warning")]
    assert found([drift("cost_drift")]) == [("performance_drift", "warning")]
    assert found([drift("concept_drift")]) == [("quality_drift", "warning")]


def test_weak_or_insignificant_drifts_are_ignored() -> None:
    assert found([drift("quality_drift", magnitude=0.05)]) == []
    assert found([drift("quality_drift", p=0.2)]) == []


def test_a_drift_is_reported_once() -> None:
    assert found([drift("quality_drift")], after=1) == []


def request_signal(metric: str, value: float, i: int) -> Signal:
    return Signal("observatory", "request", f"r{i}", NOW + i, metric, value, "A")


def test_own_page_hinkley_reports_a_quality_fall_as_a_drift_signal() -> None:
    rng, monitor = random.Random(0), DriftMonitor(Settings())
    values = [rng.gauss(0.9, 0.03) for _ in range(600)] + [rng.gauss(0.7, 0.03) for _ in range(200)]
    fired = [
        s for i, v in enumerate(values) if (s := monitor.observe(request_signal("quality", v, i)))
    ]
    assert len(fired) == 1
    (signal,) = fired
    assert signal.source == "optimizer"
    assert signal.kind == "drift"
    assert signal.attributes["type"] == "quality_drift"
    assert signal.attributes["detector"] == "page_hinkley"
    assert NOW + 600 <= signal.t < NOW + 700


def test_own_cusum_reports_a_latency_rise_and_a_fall() -> None:
    rng, monitor = random.Random(1), DriftMonitor(Settings())
    lat = [900 * rng.lognormvariate(0, 0.25) for _ in range(600)]
    lat += [2500 * rng.lognormvariate(0, 0.25) for _ in range(600)]
    lat += [900 * rng.lognormvariate(0, 0.25) for _ in range(600)]
    fired = [
        s for i, v in enumerate(lat) if (s := monitor.observe(request_signal("latency_ms", v, i)))
    ]
    types = [s.attributes["type"] for s in fired]
    assert types == ["performance_drift", "improvement"]


def test_own_detectors_stay_quiet_on_stationary_traffic() -> None:
    rng, monitor = random.Random(2), DriftMonitor(Settings())
    for i in range(20000):
        assert (
            monitor.observe(request_signal("latency_ms", 900 * rng.lognormvariate(0, 0.3), i))
            is None
        )
        assert monitor.observe(request_signal("quality", rng.gauss(0.85, 0.05), i)) is None


def test_own_drift_signals_become_findings() -> None:
    own = Signal(
        "optimizer",
        "drift",
        "cusum-1",
        NOW - 1,
        "latency_ms",
        12.0,
        "A",
        {"type": "performance_drift", "detector": "cusum", "limit": 10.0},
    )
    better = Signal(
        "optimizer",
        "drift",
        "cusum-2",
        NOW - 1,
        "latency_ms",
        12.0,
        "B",
        {"type": "improvement", "detector": "cusum", "limit": 10.0},
    )
    assert found([own, better]) == [("performance_drift", "warning"), ("improvement", "info")]
