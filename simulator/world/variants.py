"""Prompt variants the gateway can apply: each changes token counts and answer quality a little."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PROMPT_VARIANTS", "PromptVariant"]


@dataclass(frozen=True, slots=True)
class PromptVariant:
    """How a prompt template changes a request: token multipliers and a quality shift."""

    name: str
    input_factor: float
    output_factor: float
    quality_delta: float


PROMPT_VARIANTS: dict[str, PromptVariant] = {
    v.name: v
    for v in (
        PromptVariant("default", 1.0, 1.0, 0.0),
        PromptVariant("concise", 0.9, 0.7, -0.02),
        PromptVariant("detailed", 1.1, 1.3, 0.015),
        PromptVariant("few_shot", 1.6, 1.0, 0.03),
        PromptVariant("structured", 1.05, 0.85, 0.01),
    )
}
