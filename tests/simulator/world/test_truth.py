"""The truth: effects fold into a model's behaviour and unfold when they end."""

from __future__ import annotations

import pytest

from simulator.world.catalogue import build_catalogue
from simulator.world.truth import Effect, IncidentWindow, ModelTruth, WorldTruth

SPEC = build_catalogue()["gpt-4o"]


def test_a_fresh_truth_is_the_spec() -> None:
    truth = ModelTruth(SPEC)
    assert (truth.latency_factor, truth.error_rate, truth.available) == (1.0, SPEC.error_rate, True)
    assert (truth.input_per_1k, truth.output_per_1k) == (SPEC.input_per_1k, SPEC.output_per_1k)
    assert truth.quality_at(1e9) == SPEC.quality


def test_effects_combine_and_unfold() -> None:
    truth = ModelTruth(SPEC)
    truth.apply("a", Effect(latency_factor=2.0, error_rate=0.5))
    truth.apply("b", Effect(latency_factor=3.0, input_factor=2.0))
    assert truth.latency_factor == 6.0
    assert truth.error_rate == pytest.approx(1 - (1 - SPEC.error_rate) * 0.5)
    assert truth.input_per_1k == 2 * SPEC.input_per_1k
    truth.remove("a")
    assert truth.latency_factor == 3.0
    truth.remove("b")
    truth.remove("never-applied")
    assert (truth.latency_factor, truth.error_rate) == (1.0, SPEC.error_rate)


def test_overlapping_outages_end_when_the_last_one_ends() -> None:
    truth = ModelTruth(SPEC)
    truth.apply("a", Effect(outage=True))
    truth.apply("b", Effect(outage=True))
    truth.remove("a")
    assert not truth.available
    truth.remove("b")
    assert truth.available


def test_a_drift_declines_linearly_over_its_window() -> None:
    truth = ModelTruth(SPEC)
    truth.apply("d", Effect(drift=(100.0, 200.0, 0.4)))
    assert truth.quality_at(50.0) == SPEC.quality
    assert truth.quality_at(150.0) == pytest.approx(SPEC.quality - 0.2)
    assert truth.quality_at(500.0) == pytest.approx(SPEC.quality - 0.4)


def test_world_factors_multiply() -> None:
    truth = WorldTruth({})
    truth.apply_world("s1", "rate", 2.0)
    truth.apply_world("s2", "rate", 3.0)
    truth.apply_world("p", "pii", 5.0)
    assert (truth.rate_factor, truth.pii_factor) == (6.0, 5.0)
    truth.remove_world("s1")
    truth.remove_world("p")
    assert (truth.rate_factor, truth.pii_factor) == (3.0, 1.0)


def test_a_window_is_active_from_its_start_until_its_end() -> None:
    window = IncidentWindow("i", "outage", "gpt-4o", 10.0, 20.0, ("gpt-4o",))
    assert [window.active(t) for t in (9.9, 10.0, 19.9, 20.0)] == [False, True, True, False]
