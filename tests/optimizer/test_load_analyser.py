"""The fleet's request rate and per-model share caps (optimizer/analysers/load.py)."""

from __future__ import annotations

import pytest
from optimizer_toys import EPOCH, request, snapshot

from optimizer import ModelState, OptimizerConfig, Settings, Signal
from optimizer.analysers.load import request_rate, share_caps

NOW = EPOCH + 1000


def spread(model: str, start: float, end: float, n: int) -> list[Signal]:
    step = (end - start) / n
    return [s for i in range(n) for s in request(model, start + (i + 1) * step, rid=f"{model}{i}")]


def rps(model: str, value: float, t: float) -> Signal:
    return Signal(
        "latency_lens", "throughput", f"tp-{model}", t, "requests_per_second", value, model
    )


def test_the_rate_is_counted_over_the_span_the_fast_window_really_covers() -> None:
    full = snapshot(spread("A", NOW - 120, NOW, 240), now=NOW)
    assert request_rate(full).value == pytest.approx(2.0, rel=0.02)
    lagging = snapshot(spread("A", NOW - 120, NOW - 30, 180), now=NOW)  # the feed is 30 s late
    rate = request_rate(lagging)
    assert rate.value == pytest.approx(2.0, rel=0.02)
    assert (rate.source, rate.model_id) == ("observatory", None)


def test_latency_lens_throughput_wins_when_it_sees_more() -> None:
    signals = [*spread("A", NOW - 120, NOW, 240), rps("A", 3.0, NOW - 10), rps("B", 1.5, NOW - 20)]
    rate = request_rate(snapshot(signals, now=NOW))
    assert rate.value == pytest.approx(4.5)
    assert rate.source == "latency_lens"
    stale = [rps("A", 3.0, NOW - 500)]
    assert request_rate(snapshot(stale, now=NOW)) is None


def test_caps_follow_the_rate_limit_the_target_and_the_rate() -> None:
    config = OptimizerConfig(
        availability={
            "A": ModelState("A", requests_per_minute=600.0),
            "B": ModelState("B"),  # no known limit: no cap
        }
    )
    snap = snapshot([], now=NOW, config=config, settings=Settings(capacity_target=0.5))
    rate = rps("A", 4.0, NOW)
    assert share_caps(snap, rate) == {"A": pytest.approx(0.5 * 10.0 / 4.0)}
    assert share_caps(snap, None) == {}
