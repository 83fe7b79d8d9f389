"""The model catalogue: five providers, ten models, with realistic relative prices and speeds.

Prices are USD per 1k tokens (list prices of late 2024); TTFT is a median in ms; capacity is the
number of concurrent requests our account may run before the provider queues (kept small, so a
traffic spike on a busy model shows up as queueing). Quality is a hand-set score in [0, 1].
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from simulator.world.errors import WorldError
from simulator.world.records import ModelSpec

__all__ = [
    "CATALOGUE",
    "DEFAULT_FALLBACK",
    "DEFAULT_MODEL",
    "DEFAULT_WEIGHTS",
    "PROVIDERS",
    "build_catalogue",
]

PROVIDERS = ("openai", "anthropic", "google", "mistral", "together")

_VISION = ("chat", "tools", "vision")
_TOOLS = ("chat", "tools")
_ROWS: tuple[tuple[str, str, float, float, float, float, float, float, int, int], ...] = (
    # model id, provider, $ in/1k, $ out/1k, TTFT ms, tokens/s, error rate, quality, capacity, ctx
    ("gpt-4o-mini", "openai", 0.00015, 0.0006, 280, 150, 0.003, 0.80, 12, 128_000),
    ("gpt-4o", "openai", 0.0025, 0.010, 400, 110, 0.004, 0.90, 8, 128_000),
    ("claude-3-5-sonnet", "anthropic", 0.003, 0.015, 550, 85, 0.006, 0.92, 6, 200_000),
    ("claude-3-haiku", "anthropic", 0.00025, 0.00125, 300, 170, 0.004, 0.76, 12, 200_000),
    ("gemini-1.5-pro", "google", 0.00125, 0.005, 600, 95, 0.008, 0.88, 6, 2_000_000),
    ("gemini-1.5-flash", "google", 0.000075, 0.0003, 230, 220, 0.006, 0.74, 12, 1_000_000),
    ("mistral-large", "mistral", 0.002, 0.006, 450, 85, 0.008, 0.85, 6, 128_000),
    ("mistral-small", "mistral", 0.0002, 0.0006, 280, 160, 0.006, 0.72, 8, 32_000),
    ("llama-3.1-70b", "together", 0.00088, 0.00088, 350, 120, 0.010, 0.82, 8, 128_000),
    ("llama-3.1-8b", "together", 0.00018, 0.00018, 180, 280, 0.010, 0.65, 12, 128_000),
)
_FEATURES = {
    "mistral-large": _TOOLS,
    "mistral-small": _TOOLS,
    "llama-3.1-70b": _TOOLS,
    "llama-3.1-8b": ("chat",),
}

CATALOGUE: tuple[ModelSpec, ...] = tuple(
    ModelSpec(
        model_id=row[0],
        provider=row[1],
        input_per_1k=row[2],
        output_per_1k=row[3],
        ttft_ms=float(row[4]),
        tokens_per_second=float(row[5]),
        error_rate=row[6],
        quality=row[7],
        capacity=row[8],
        context_length=row[9],
        features=_FEATURES.get(row[0], _VISION),
    )
    for row in _ROWS
)

DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_FALLBACK = ("claude-3-haiku", "gemini-1.5-flash", "mistral-small")
# A static mix a team might run before any optimizer: a cheap workhorse and a few strong models.
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "gpt-4o-mini": 0.35,
    "gpt-4o": 0.20,
    "claude-3-5-sonnet": 0.15,
    "claude-3-haiku": 0.10,
    "gemini-1.5-flash": 0.10,
    "gemini-1.5-pro": 0.05,
    "mistral-large": 0.05,
}

_REQUIRED = tuple(f.name for f in dataclasses.fields(ModelSpec) if f.default is dataclasses.MISSING)


def _spec(model_id: str, base: ModelSpec | None, fields: Mapping[str, Any]) -> ModelSpec:
    values = dict(fields)
    if "features" in values:
        values["features"] = tuple(values["features"])
    if base is not None:
        return dataclasses.replace(base, **values)
    missing = [name for name in _REQUIRED if name != "model_id" and name not in values]
    if missing:
        raise WorldError(
            f"Expected every field of a new model, got model {model_id!r} without {missing[0]!r}."
        )
    return ModelSpec(model_id=model_id, **values)


def build_catalogue(
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    include: Iterable[str] | None = None,
) -> dict[str, ModelSpec]:
    """The catalogue with per-model field overrides (new ids add models), limited to ``include``."""
    models = {spec.model_id: spec for spec in CATALOGUE}
    for model_id, fields in (overrides or {}).items():
        models[model_id] = _spec(model_id, models.get(model_id), fields)
    if include is None:
        return models
    chosen: dict[str, ModelSpec] = {}
    for model_id in include:
        if model_id not in models:
            raise WorldError(f"Expected a model of the catalogue, got model_id={model_id!r}.")
        chosen[model_id] = models[model_id]
    return chosen
