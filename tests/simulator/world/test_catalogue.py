"""The model catalogue: its breadth, its sanity, and scenario overrides."""

from __future__ import annotations

import pytest

from simulator.world.catalogue import (
    CATALOGUE,
    DEFAULT_FALLBACK,
    DEFAULT_MODEL,
    DEFAULT_WEIGHTS,
    PROVIDERS,
    build_catalogue,
)
from simulator.world.errors import WorldError
from simulator.world.records import ModelSpec


def test_catalogue_has_five_providers_and_eight_models() -> None:
    assert len({m.provider for m in CATALOGUE}) >= 5
    assert {m.provider for m in CATALOGUE} == set(PROVIDERS)
    assert len(CATALOGUE) >= 8
    assert len({m.model_id for m in CATALOGUE}) == len(CATALOGUE)


@pytest.mark.parametrize("spec", CATALOGUE, ids=lambda s: s.model_id)
def test_every_model_has_sane_numbers(spec: ModelSpec) -> None:
    assert 0 < spec.input_per_1k <= spec.output_per_1k < 0.1
    assert 100 <= spec.ttft_ms <= 2000
    assert 20 <= spec.tokens_per_second <= 500
    assert 0 <= spec.error_rate < 0.05
    assert 0 < spec.quality < 1
    assert spec.capacity >= 1


def test_flagships_cost_more_and_answer_better_than_their_small_siblings() -> None:
    models = build_catalogue()
    for big, small in [
        ("gpt-4o", "gpt-4o-mini"),
        ("claude-3-5-sonnet", "claude-3-haiku"),
        ("gemini-1.5-pro", "gemini-1.5-flash"),
        ("mistral-large", "mistral-small"),
        ("llama-3.1-70b", "llama-3.1-8b"),
    ]:
        assert models[big].output_per_1k > 4 * models[small].output_per_1k
        assert models[big].quality > models[small].quality
        assert models[big].tokens_per_second < models[small].tokens_per_second


def test_default_routing_names_models_of_the_catalogue() -> None:
    models = build_catalogue()
    assert DEFAULT_MODEL in models
    assert set(DEFAULT_FALLBACK) <= set(models)
    assert set(DEFAULT_WEIGHTS) <= set(models)
    assert sum(DEFAULT_WEIGHTS.values()) == pytest.approx(1.0)


def test_overrides_change_only_the_fields_given() -> None:
    models = build_catalogue({"gpt-4o": {"capacity": 2, "quality": 0.5}})
    base = build_catalogue()["gpt-4o"]
    assert (models["gpt-4o"].capacity, models["gpt-4o"].quality) == (2, 0.5)
    assert models["gpt-4o"].input_per_1k == base.input_per_1k


def test_an_override_with_every_field_adds_a_model() -> None:
    fields = {
        "provider": "acme",
        "input_per_1k": 0.001,
        "output_per_1k": 0.002,
        "ttft_ms": 300.0,
        "tokens_per_second": 100.0,
        "error_rate": 0.01,
        "quality": 0.8,
        "capacity": 4,
        "features": ["chat"],
    }
    models = build_catalogue({"acme-1": fields})
    assert models["acme-1"].provider == "acme"
    assert models["acme-1"].features == ("chat",)


def test_a_new_model_without_every_field_is_refused() -> None:
    with pytest.raises(WorldError, match="'acme-1' without 'input_per_1k'"):
        build_catalogue({"acme-1": {"provider": "acme"}})


def test_include_keeps_the_given_models_in_order() -> None:
    models = build_catalogue(include=["gpt-4o", "claude-3-haiku"])
    assert list(models) == ["gpt-4o", "claude-3-haiku"]
    with pytest.raises(WorldError, match="model_id='gpt-5'"):
        build_catalogue(include=["gpt-5"])
