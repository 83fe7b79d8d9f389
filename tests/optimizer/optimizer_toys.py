"""Test helpers for the optimizer: a fake clock, a recording actuator and a toy world."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from optimizer import Decision, Optimizer, Signal

EPOCH = 1_750_000_000.0

MakeOptimizer = Callable[..., Optimizer]  # the type of the ``make_optimizer`` fixture


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, t: float = EPOCH) -> None:
        self.t = t

    def time(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.t += seconds


@dataclass
class RecordingActuator:
    """Keeps every decision and the weights and parameters in force."""

    decisions: list[Decision] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)

    def apply(self, decision: Decision) -> None:
        self.decisions.append(decision)
        if decision.weights is not None:
            self.weights = dict(decision.weights)
        self.parameters.update(decision.parameters)

    def kinds(self) -> list[str]:
        return [d.kind for d in self.decisions]


def request(
    model: str,
    t: float,
    *,
    latency: float = 800.0,
    error: bool = False,
    quality: float | None = 0.9,
    cost: float = 0.005,
    rid: str = "r",
    output_tokens: float | None = None,
) -> list[Signal]:
    """The signals one request gives: latency, failure, quality (when ok) and cost."""
    out = [
        Signal("observatory", "request", rid, t, "latency_ms", latency, model),
        Signal("observatory", "request", rid, t, "error", 1.0 if error else 0.0, model),
        Signal("cost_ops", "request", rid, t, "cost_usd", cost, model),
    ]
    if quality is not None and not error:
        out.append(Signal("observatory", "request", rid, t, "quality", quality, model))
    if output_tokens is not None:
        out.append(Signal("cost_ops", "request", rid, t, "output_tokens", output_tokens, model))
    return out


def feed(opt: Optimizer, model: str, t: float, n: int, **kwargs: Any) -> None:
    """``n`` identical requests to ``model`` ending at ``t``."""
    for i in range(n):
        opt.ingest_many(request(model, t - n + i, rid=f"{model}-{t}-{i}", **kwargs))


@dataclass
class ToyModel:
    """A model of the toy world: its true latency, cost, quality and error rate."""

    model_id: str
    latency_ms: float
    cost: float
    quality: float
    error_rate: float = 0.0
    up: bool = True


class ToyWorld:
    """Routes requests by the actuator's weights and feeds their signals back."""

    def __init__(self, models: Iterable[ToyModel], *, seed: int = 7, per_cycle: int = 600) -> None:
        self.models = {m.model_id: m for m in models}
        self.rng = random.Random(seed)
        self.per_cycle = per_cycle
        self.served: dict[str, int] = {}
        self.n = 0

    def run(
        self, opt: Optimizer, clock: FakeClock, weights: Mapping[str, float], dt: float
    ) -> None:
        """Serve one cycle's requests over ``dt`` seconds, then move the clock.

        Like CostOps, the world also reports the spend rate of the cycle ($ per hour).
        """
        names = sorted(weights)
        shares = [weights[m] for m in names]
        self.served = dict.fromkeys(self.models, 0)
        self.spent = 0.0
        self.quality: list[float] = []
        start = clock.time()
        for i in range(self.per_cycle):
            model = self.models[self.rng.choices(names, shares)[0]]
            self.served[model.model_id] += 1
            self.n += 1
            t = start + dt * (i + 1) / self.per_cycle
            failed = not model.up or self.rng.random() < model.error_rate
            latency = model.latency_ms * math.exp(self.rng.gauss(0.0, 0.25))
            quality = min(1.0, max(0.0, self.rng.gauss(model.quality, 0.03)))
            self.spent += model.cost
            if not failed:
                self.quality.append(quality)
            opt.ingest_many(
                request(
                    model.model_id,
                    t,
                    latency=latency,
                    error=failed,
                    quality=quality,
                    cost=model.cost,
                    rid=f"q{self.n}",
                )
            )
        clock.t = start + dt
        per_hour = self.spent * 3600.0 / dt
        opt.ingest(
            Signal("cost_ops", "rate", f"rate@{clock.t}", clock.t, "cost_rate_per_hour", per_hour)
        )


def snapshot(
    signals: Iterable[Signal],
    *,
    now: float,
    config: Any = None,
    settings: Any = None,
    models: Iterable[str] = (),
    after: int = 0,
) -> Any:
    """A cycle snapshot over a fresh store holding ``signals`` (for analyser tests)."""
    from optimizer import OptimizerConfig, Settings, SignalStore
    from optimizer.findings import Snapshot
    from optimizer.view import build_stats

    settings = settings or Settings()
    config = config or OptimizerConfig()
    store = SignalStore({"fast": settings.fast_window_s, "slow": settings.slow_window_s})
    for signal in signals:
        store.add(signal)
    store.expire(now)
    known = store.models() | set(models) | set(config.availability)
    stats = build_stats(
        store,
        known,
        now=now,
        limits=config.thresholds,
        min_samples=settings.min_samples,
        slow_window_s=settings.slow_window_s,
    )
    return Snapshot(now, store, stats, config, settings, after)


def requests(model: str, t: float, n: int, **kwargs: Any) -> list[Signal]:
    """Signals of ``n`` identical requests to ``model`` in the second before ``t``."""
    out: list[Signal] = []
    for i in range(n):
        out += request(model, t - 1 + i / n, rid=f"{model}-{t}-{i}", **kwargs)
    return out
