"""The world's hidden truth: what the active incidents do to each model, right now.

Incidents add and remove ``Effect``s; each ``ModelTruth`` folds its effects into the numbers the
serving path reads per request (latency factor, error rate, availability, prices, quality
drifts). Services never read this; the harness and its oracle do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.world.records import ModelSpec

__all__ = ["Effect", "IncidentWindow", "ModelTruth", "TrueModelState", "WorldTruth"]

Drift = tuple[float, float, float]  # (start, end, drop): quality falls linearly by ``drop``


@dataclass(frozen=True, slots=True)
class Effect:
    """What one active incident does to one model."""

    latency_factor: float = 1.0
    error_rate: float = 0.0
    outage: bool = False
    input_factor: float = 1.0
    output_factor: float = 1.0
    drift: Drift | None = None


@dataclass(slots=True)
class ModelTruth:
    """One model's true current behaviour: its spec with every active effect folded in."""

    spec: ModelSpec
    latency_factor: float = 1.0
    error_rate: float = 0.0
    available: bool = True
    input_per_1k: float = 0.0
    output_per_1k: float = 0.0
    drifts: tuple[Drift, ...] = ()
    effects: dict[str, Effect] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._fold()

    def apply(self, key: str, effect: Effect) -> None:
        """Start an effect (``key`` names the incident)."""
        self.effects[key] = effect
        self._fold()

    def remove(self, key: str) -> None:
        """End an effect; unknown keys are ignored."""
        if self.effects.pop(key, None) is not None:
            self._fold()

    def _fold(self) -> None:
        spec = self.spec
        latency, error, price_in, price_out = 1.0, spec.error_rate, 1.0, 1.0
        available, drifts = True, []
        for effect in self.effects.values():
            latency *= effect.latency_factor
            if effect.error_rate:
                error = 1.0 - (1.0 - error) * (1.0 - effect.error_rate)
            price_in *= effect.input_factor
            price_out *= effect.output_factor
            available = available and not effect.outage
            if effect.drift is not None:
                drifts.append(effect.drift)
        self.latency_factor = latency
        self.error_rate = error
        self.available = available
        self.input_per_1k = spec.input_per_1k * price_in
        self.output_per_1k = spec.output_per_1k * price_out
        self.drifts = tuple(drifts)

    def quality_at(self, t: float) -> float:
        """True mean quality at second ``t``; a drift declines linearly over its window."""
        quality = self.spec.quality
        for start, end, drop in self.drifts:
            if t > start:
                quality -= drop * min(1.0, (t - start) / (end - start))
        return min(1.0, max(0.0, quality))


@dataclass(slots=True)
class WorldTruth:
    """Every model's truth plus the world-wide factors (traffic, PII)."""

    models: dict[str, ModelTruth]
    rate_factor: float = 1.0
    pii_factor: float = 1.0
    world_effects: dict[str, tuple[str, float]] = field(default_factory=dict)

    def apply_world(self, key: str, what: str, factor: float) -> None:
        """Start a world-wide effect: ``what`` is ``rate`` or ``pii``."""
        self.world_effects[key] = (what, factor)
        self._fold()

    def remove_world(self, key: str) -> None:
        """End a world-wide effect."""
        if self.world_effects.pop(key, None) is not None:
            self._fold()

    def _fold(self) -> None:
        rate, pii = 1.0, 1.0
        for what, factor in self.world_effects.values():
            if what == "rate":
                rate *= factor
            else:
                pii *= factor
        self.rate_factor, self.pii_factor = rate, pii


@dataclass(frozen=True, slots=True)
class IncidentWindow:
    """Ground truth of one incident: what, on which models, from when to when (seconds)."""

    incident_id: str
    kind: str
    target: str
    start: float
    end: float
    models: tuple[str, ...] = ()

    def active(self, t: float) -> bool:
        """True while the incident is in force at simulated second ``t``."""
        return self.start <= t < self.end


@dataclass(frozen=True, slots=True)
class TrueModelState:
    """What an oracle knows of a model now, under the gateway's current parameters."""

    model_id: str
    provider: str
    available: bool  # the provider really serves it
    routable: bool  # ConfigManager lists it as available (the gateway may route to it)
    latency_factor: float
    latency_p50_ms: float  # of one request, without queueing
    latency_p99_ms: float
    error_rate: float
    quality: float  # expected quality of a successful answer
    cost_per_request: float  # expected USD per request (failed requests cost nothing)
    input_per_1k: float
    output_per_1k: float
    capacity: int
