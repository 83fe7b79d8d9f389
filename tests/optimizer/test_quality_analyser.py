"""Quality findings (optimizer/analysers/quality.py)."""

from __future__ import annotations

from optimizer_toys import EPOCH, requests, snapshot

from optimizer import OptimizerConfig, Signal, Thresholds
from optimizer.analysers import analyse_quality

NOW = EPOCH + 1000


def found(signals: list[Signal], config: OptimizerConfig | None = None) -> set:
    snap = snapshot(signals, now=NOW, config=config)
    return {(f.code, f.model_id) for f in analyse_quality(snap)}


def test_mean_quality_below_the_floor() -> None:
    assert found(requests("A", NOW, 20, quality=0.6)) == {("quality_floor", "A")}
    assert found(requests("A", NOW, 20, quality=0.75)) == set()


def test_the_floor_comes_from_the_thresholds() -> None:
    strict = OptimizerConfig(thresholds=Thresholds(min_quality=0.8))
    assert found(requests("A", NOW, 20, quality=0.75), strict) == {("quality_floor", "A")}


def test_a_recent_drop_against_the_slow_window() -> None:
    signals = requests("A", NOW - 300, 40, quality=0.95) + requests("A", NOW, 20, quality=0.75)
    assert found(signals) == {("quality_drop", "A")}


def test_sentinel_quality_anomaly() -> None:
    attrs = {"type": "quality_degradation", "severity": "warning", "active": True}
    anomaly = Signal("sentinel", "anomaly", "an-1", NOW - 5, "quality", 0.6, "B", attrs)
    assert found([anomaly]) == {("quality_anomaly", "B")}
