"""A tiny hand-driven world for tests: a SimClock, a bus, a control plane, the seven services.

``FakeWorld.request(...)`` publishes one ``RequestOutcome`` completing at the clock's now (as the
real world does); ``advance(seconds)`` moves the clock; ``traffic(...)`` plays a steady stream of
requests over simulated minutes with a seeded ``random.Random``. No SimPy process is involved.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import simpy

from simulator.clock import SimClock
from simulator.services.build import Services, build_services
from simulator.services.hub import Retention
from simulator.services.truth import GroundTruth
from simulator.world.control import ControlPlane
from simulator.world.records import ModelSpec, PiiSpan, RequestOutcome, WorldBus, WorldNotice

__all__ = ["EPOCH", "FAKE_CATALOGUE", "FakeWeights", "FakeWorld"]

EPOCH = datetime(2025, 1, 6, tzinfo=UTC)
FAKE_CATALOGUE = (
    ModelSpec("model-a", "openai", 0.001, 0.002, 300.0, 100.0, 0.01, 0.85, 8),
    ModelSpec(
        "model-b", "anthropic", 0.003, 0.015, 500.0, 80.0, 0.01, 0.9, 6, features=("chat", "tools")
    ),
    ModelSpec("model-c", "google", 0.0001, 0.0004, 200.0, 200.0, 0.01, 0.7, 12),
)


@dataclass(frozen=True, slots=True)
class _Adjustment:
    model_id: str
    reason: str
    delta: float
    t: float


@dataclass(slots=True)
class FakeWeights:
    """A WeightsView: weights and adjustments set by hand."""

    weights: dict[str, float] = field(default_factory=dict)
    adjustments: list[_Adjustment] = field(default_factory=list)

    def set(self, weights: Mapping[str, float], *, reason: str, t: float) -> None:
        """Replace the weights, recording one adjustment per changed model."""
        for model_id in sorted(set(weights) | set(self.weights)):
            delta = weights.get(model_id, 0.0) - self.weights.get(model_id, 0.0)
            if delta:
                self.adjustments.append(_Adjustment(model_id, reason, delta, t))
        self.weights = dict(weights)


class FakeWorld:
    """Clock, bus, control plane and services, driven by hand."""

    def __init__(
        self,
        catalogue: Sequence[ModelSpec] = FAKE_CATALOGUE,
        *,
        retention: Retention | None = None,
        truth: GroundTruth | None = None,
    ) -> None:
        self.env = simpy.Environment()
        self.clock = SimClock(self.env, EPOCH)
        self.bus = WorldBus()
        self.catalogue = {m.model_id: m for m in catalogue}
        self.control = ControlPlane(
            catalogue=catalogue, bus=self.bus, iso=self.clock.iso, now=self.clock.now
        )
        self.weights = FakeWeights({m.model_id: 1.0 / len(catalogue) for m in catalogue})
        self.services: Services = build_services(
            clock=self.clock,
            bus=self.bus,
            control=self.control,
            catalogue=catalogue,
            weights=self.weights,
            truth=truth,
            retention=retention,
        )
        self._seq = 0

    def advance(self, seconds: float) -> None:
        """Move simulated time forward."""
        self.env.run(until=self.env.now + seconds)

    def request(
        self, model_id: str = "model-a", *, latency_ms: float = 800.0, **fields: Any
    ) -> RequestOutcome:
        """Publish one outcome completing now (``fields`` override any RequestOutcome field)."""
        self._seq += 1
        spec = self.catalogue.get(model_id, FAKE_CATALOGUE[0])
        now = self.clock.now()
        tokens_in, tokens_out = fields.pop("input_tokens", 400), fields.pop("output_tokens", 200)
        outcome = RequestOutcome(
            request_id=f"req-{self._seq:07d}",
            t_start=now - latency_ms / 1000.0,
            t_end=now,
            model_id=model_id,
            provider=spec.provider,
            input_tokens=tokens_in,
            output_tokens=tokens_out,
            cost_usd=(tokens_in * spec.input_per_1k + tokens_out * spec.output_per_1k) / 1000.0,
            latency_ms=latency_ms,
            ttft_ms=min(spec.ttft_ms, latency_ms * 0.5),
            queue_ms=0.0,
            network_ms=min(40.0, latency_ms * 0.1),
            status="ok",
            quality=spec.quality,
            prompt="Summarize this support ticket: the printer is jammed again.",
        )
        outcome = replace(outcome, **fields) if fields else outcome
        self.bus.publish_outcome(outcome)
        return outcome

    def with_pii(self, text: str, spans: Sequence[PiiSpan] = (), **fields: Any) -> RequestOutcome:
        """Publish one outcome whose prompt is ``text``."""
        return self.request(prompt=text, pii=tuple(spans), **fields)

    def traffic(
        self,
        minutes: float,
        *,
        per_minute: int = 60,
        rng: random.Random | None = None,
        latency: Mapping[str, float] | None = None,
        error_rate: float = 0.0,
        models: Sequence[str] | None = None,
    ) -> None:
        """Steady traffic for ``minutes``: lognormal latencies around ``latency[model]`` ms."""
        rng = rng or random.Random(7)
        chosen = list(models or self.catalogue)
        means = latency or {}
        step = 60.0 / per_minute
        for _ in range(round(minutes * per_minute)):
            self.advance(step)
            model_id = chosen[int(rng.random() * len(chosen))]
            base = means.get(model_id, 800.0)
            failed = rng.random() < error_rate
            self.request(
                model_id,
                latency_ms=base * rng.lognormvariate(0.0, 0.25),
                output_tokens=int(150 + 100 * rng.random()),
                status="error" if failed else "ok",
                error="provider_error" if failed else None,
                quality=0.0
                if failed
                else min(1.0, self.catalogue[model_id].quality + rng.gauss(0, 0.03)),
            )

    def notice(self, kind: Any, **data: Any) -> None:
        """Publish one notice now."""
        self.bus.publish_notice(WorldNotice(t=self.clock.now(), kind=kind, data=data))
