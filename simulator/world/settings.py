"""Checks of what the optimizer hands the gateway: weights, reasons, max_tokens, prompt variant."""

from __future__ import annotations

import math
from collections.abc import Mapping

from simulator.world.errors import RoutingError
from simulator.world.variants import PROMPT_VARIANTS, PromptVariant

__all__ = ["check_max_tokens", "check_reason", "check_variant", "check_weights"]


def check_weights(weights: Mapping[str, float], known: Mapping[str, object]) -> dict[str, float]:
    """Weights of known models, non-negative and finite, normalised to sum 1 (zeros dropped)."""
    if not isinstance(weights, Mapping):
        raise RoutingError(f"Expected a mapping of model ids to weights, got {weights!r}.")
    for model_id, weight in weights.items():
        if model_id not in known:
            raise RoutingError(f"Expected a model of the catalogue, got model_id={model_id!r}.")
        if (
            isinstance(weight, bool)
            or not isinstance(weight, int | float)
            or not math.isfinite(weight)
            or weight < 0
        ):
            raise RoutingError(f"Expected a non-negative finite weight, got {model_id}={weight!r}.")
    total = float(sum(weights.values()))
    if not total > 0:
        raise RoutingError(f"Expected weights with a positive sum, got {dict(weights)!r}.")
    return {m: float(w) / total for m, w in weights.items() if w > 0}


def check_reason(reason: object) -> str:
    """A non-empty reason string."""
    if not isinstance(reason, str) or not reason.strip():
        raise RoutingError(f"Expected a non-empty reason, got reason={reason!r}.")
    return reason


def check_max_tokens(value: int | None, *, allow_zero: bool = False) -> int | None:
    """A positive cap, or None; with ``allow_zero`` a 0 means "no cap" (None)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RoutingError(f"Expected a positive integer max_tokens, got max_tokens={value!r}.")
    if value == 0 and not allow_zero:
        raise RoutingError(f"Expected a positive integer max_tokens, got max_tokens={value!r}.")
    return value or None


def check_variant(name: str) -> PromptVariant:
    """The prompt variant called ``name``."""
    if name not in PROMPT_VARIANTS:
        raise RoutingError(
            f"Expected one of the prompt variants {sorted(PROMPT_VARIANTS)}, got {name!r}."
        )
    return PROMPT_VARIANTS[name]
