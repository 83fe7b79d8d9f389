"""The optimizer's own knobs (not ConfigManager's): windows, shares, intervals, detector limits.

Defaults follow ``spec/optimizer-reference.md`` converted to one set of units, shortened where
the reference's timers were never run (selection every 5 min instead of 1 h); the default
objective is ``SLO_BALANCED`` rather than the reference's ``BALANCED`` (see there).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from optimizer.errors import SettingsError

__all__ = [
    "BALANCED",
    "COST_FOCUSED",
    "QUALITY_FOCUSED",
    "SLO_BALANCED",
    "Objective",
    "Settings",
]


@dataclass(frozen=True, slots=True)
class Objective:
    """Weights of the composite score over quality, cost and latency (normalised on use)."""

    quality: float
    cost: float
    latency: float
    name: str = "custom"

    def normalised(self) -> tuple[float, float, float]:
        """The three weights divided by their sum."""
        total = self.quality + self.cost + self.latency
        return self.quality / total, self.cost / total, self.latency / total


# Presets of the reference's pareto.rs (quality / cost / latency).
BALANCED = Objective(0.5, 0.3, 0.2, "balanced")
COST_FOCUSED = Objective(0.3, 0.6, 0.1, "cost_focused")
QUALITY_FOCUSED = Objective(0.7, 0.2, 0.1, "quality_focused")
# The default: the score is scaled by the share of requests that meet the SLOs (the quality
# floor per request included), so the floor is guarded there and a mean quality above it weighs
# less than in BALANCED, which bought 0.1 of mean quality at many times the cost.
SLO_BALANCED = Objective(0.4, 0.4, 0.2, "slo_balanced")


@dataclass(frozen=True, slots=True)
class Settings:
    """Knobs of the optimizer core; ``rng`` is the only source of randomness (Thompson draws)."""

    rng: random.Random = field(default_factory=lambda: random.Random(0), compare=False)
    fast_window_s: float = 120.0  # health, canary and recent scoring
    slow_window_s: float = 600.0  # scoring fallback, bandit posterior, cost rate, tokens
    max_samples: int = 5000  # per series window
    max_events: int = 2000  # per event kind
    min_samples: int = 10  # per model before its statistics are trusted
    objective: Objective = SLO_BALANCED
    cost_objective: Objective = COST_FOCUSED
    quality_objective: Objective = QUALITY_FOCUSED
    temperature: float = 0.05  # softmax temperature over composite scores
    min_share: float = 0.02  # exploit shares below this are dropped
    exploration_share: float = 0.08  # of all traffic, spread by Thompson sampling
    thompson_draws: int = 8  # posterior draws per model per exploration round
    min_weight_change: float = 0.05  # L1 change below which a re-allocation is not issued
    selection_interval_s: float = 300.0
    exploration_interval_s: float = 120.0
    tuning_interval_s: float = 600.0
    cost_gap_s: float = 120.0  # between two cost optimisations
    latency_shift_factor: float = 0.5  # a slow model keeps this share of its weight
    latency_shift_gap_s: float = 120.0  # per model, between two shifts
    capacity_warning: float = 0.9  # utilisation of a model's rate limit that counts as slow
    capacity_target: float = 0.5  # share of a model's rate limit an allocation may plan to use
    hold_s: float = 600.0  # how long a drift mode or a Shield model block lasts
    drift_min_magnitude: float = 0.1
    drift_max_p_value: float = 0.05
    error_p_value: float = 0.05  # a counted error rate fails when its lower bound at 1 - p does
    detector_block: int = 20  # requests averaged into one detector value
    detector_warmup: int = 20  # blocks before the own drift detectors arm
    page_hinkley_delta: float = 0.5  # in baseline standard deviations (of block means)
    page_hinkley_lambda: float = 20.0
    cusum_k: float = 0.5  # in baseline standard deviations (of block means)
    cusum_h: float = 20.0
    canary_min_change: float = 0.5  # L1 change of the exploit vector that needs a canary
    canary_phases: tuple[float, ...] = (0.05, 0.25, 0.5, 1.0)
    canary_phase_s: float = 300.0
    canary_min_samples: int = 10
    canary_timeout_s: float = 3600.0
    pii_block_risk: float = 0.9  # output PII at or above this risk blocks the model for hold_s
    initial_max_tokens: int = 1024
    min_max_tokens: int = 256
    default_variant: str = "default"
    concise_variant: str = "concise"

    def __post_init__(self) -> None:
        for name in ("exploration_share", "min_share", "latency_shift_factor"):
            value = getattr(self, name)
            if not 0.0 <= value < 1.0:
                raise SettingsError(f"Expected 0 <= {name} < 1, got {name}={value!r}.")
        for name in ("error_p_value", "drift_max_p_value"):
            value = getattr(self, name)
            if not 0.0 < value < 1.0:
                raise SettingsError(f"Expected 0 < {name} < 1, got {name}={value!r}.")
        for name in (
            "fast_window_s",
            "slow_window_s",
            "temperature",
            "canary_phase_s",
            "capacity_target",
        ):
            value = getattr(self, name)
            if not (math.isfinite(value) and value > 0):
                raise SettingsError(f"Expected a positive {name}, got {name}={value!r}.")
        phases = self.canary_phases
        if not phases or phases[-1] != 1.0 or list(phases) != sorted(phases) or phases[0] <= 0:
            raise SettingsError(f"Expected increasing canary phases ending at 1, got {phases!r}.")
        if self.min_samples < 1 or self.thompson_draws < 1:
            raise SettingsError(
                f"Expected positive sample counts, got min_samples={self.min_samples!r}, "
                f"thompson_draws={self.thompson_draws!r}."
            )
