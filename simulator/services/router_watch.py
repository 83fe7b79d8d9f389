"""RouterL2's load-balancer watch: per-minute load, latency and traffic, turned into signals.

Per model: utilisation = concurrency (Little's law: requests per second x mean latency) over the
model's capacity; ``capacity_warning`` above 0.8, ``capacity_critical`` above 1.0 (or a mean queue
over 500 ms), re-armed below 0.6. ``model_slow`` when the minute p50 exceeds 1.5 x its EWMA
baseline two minutes in a row, ``model_recovered`` after three minutes back under 1.2 x.
Overall: ``traffic_spike`` when requests per minute exceed 1.5 x their EWMA baseline,
``traffic_normalized`` after two minutes under 1.2 x. Each signal carries the minute's load
distribution and a recommendation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from simulator.services.ledger import Window
from simulator.world.records import ModelSpec

__all__ = ["LoadWatch", "Signal"]

WARM_MINUTES = 10
MIN_REQUESTS = 5
SLOW_MINUTES = 2
RECOVERED_MINUTES = 3


@dataclass(frozen=True, slots=True)
class Signal:
    """One load-balancer signal."""

    signal_id: str
    ms: int
    type: str
    models: tuple[str, ...]
    severity: str
    distribution: dict[str, float]
    recommendation: dict[str, str] | None

    def wire(self, iso: Any) -> dict[str, Any]:
        """The LoadBalancerSignal JSON object."""
        body: dict[str, Any] = {
            "signalId": self.signal_id,
            "timestamp": iso(self.ms),
            "type": self.type,
            "affectedModels": list(self.models),
            "severity": self.severity,
            "loadDistribution": self.distribution,
        }
        if self.recommendation is not None:
            body["recommendation"] = self.recommendation
        return body


@dataclass(slots=True)
class _Model:
    baseline: float = 0.0
    minutes: int = 0
    slow: bool = False
    calm: int = 0
    hot: int = 0
    capacity: str = "ok"  # ok, warning, critical


@dataclass(slots=True)
class LoadWatch:
    """Stateful watch over minutes; ``observe`` returns the signals a minute raises."""

    catalogue: Mapping[str, ModelSpec]
    alpha: float = 0.1
    traffic_alpha: float = 0.05
    models: dict[str, _Model] = field(default_factory=dict)
    traffic: float = 0.0
    traffic_minutes: int = 0
    spiking: bool = False
    traffic_calm: int = 0
    seq: int = 0

    def observe(self, minute: int, per_model: Mapping[str, Window]) -> list[Signal]:
        """Judge one complete minute."""
        ms = (minute + 1) * 60_000
        total = sum(w.n for w in per_model.values())
        dist = {m: round(w.n / total, 6) for m, w in sorted(per_model.items())} if total else {}
        util = {m: self._utilisation(m, w) for m, w in per_model.items()}
        found: list[Signal] = []

        def signal(
            kind: str,
            models: tuple[str, ...],
            severity: str,
            action: str | None,
            target: str,
            why: str,
        ) -> None:
            self.seq += 1
            advice = {"action": action, "targetModel": target, "reason": why} if action else None
            found.append(Signal(f"lbs-{self.seq:07d}", ms, kind, models, severity, dist, advice))

        least = min(util, key=lambda m: (util[m], m)) if util else ""
        for model_id, w in sorted(per_model.items()):
            self._capacity(model_id, w, util[model_id], least, signal)
            self._latency(model_id, w, signal)
        self._traffic(total, tuple(sorted(per_model)), signal)
        return found

    def _utilisation(self, model_id: str, w: Window) -> float:
        spec = self.catalogue.get(model_id)
        capacity = spec.capacity if spec is not None else 1
        return (w.n / 60.0) * (w.mean_ms / 1000.0) / max(capacity, 1)

    def _capacity(self, model_id: str, w: Window, u: float, least: str, signal: Any) -> None:
        state = self.models.setdefault(model_id, _Model())
        queue = w.queue_sum / w.n if w.n else 0.0
        level = "critical" if u > 1.0 or queue > 500.0 else "warning" if u > 0.8 else state.capacity
        if u < 0.6 and queue < 100.0:
            level = "ok"
        if level != state.capacity and level != "ok":
            if level == "critical":
                signal("capacity_critical", (model_id,), "critical", "redirect", least,
                       f"{model_id} at {u:.0%} of capacity, queue {queue:.0f} ms")  # fmt: skip
            elif state.capacity == "ok":
                signal("capacity_warning", (model_id,), "warning", "decrease_weight", model_id,
                       f"{model_id} runs at {u:.0%} of capacity")  # fmt: skip
        state.capacity = level

    def _latency(self, model_id: str, w: Window, signal: Any) -> None:
        if w.n < MIN_REQUESTS:
            return
        state = self.models.setdefault(model_id, _Model())
        p50 = w.percentiles()[0]
        if state.minutes < WARM_MINUTES:
            state.minutes += 1
            state.baseline += (p50 - state.baseline) / state.minutes
            return
        ratio = p50 / state.baseline if state.baseline > 0 else 1.0
        if not state.slow:
            state.hot = state.hot + 1 if ratio > 1.5 else 0
            if state.hot >= SLOW_MINUTES:
                state.slow, state.calm = True, 0
                why = f"p50 {p50:.0f} ms, {ratio:.1f}x the usual {state.baseline:.0f} ms"
                signal("model_slow", (model_id,), "warning", "decrease_weight", model_id, why)
            elif state.hot == 0:
                state.baseline += self.alpha * (p50 - state.baseline)
        else:
            state.calm = state.calm + 1 if ratio < 1.2 else 0
            if state.calm >= RECOVERED_MINUTES:
                state.slow, state.hot = False, 0
                signal("model_recovered", (model_id,), "info", "increase_weight", model_id,
                       f"p50 {p50:.0f} ms is back near {state.baseline:.0f} ms")  # fmt: skip

    def _traffic(self, total: int, models: tuple[str, ...], signal: Any) -> None:
        if self.traffic_minutes < WARM_MINUTES:
            self.traffic_minutes += 1
            self.traffic += (total - self.traffic) / self.traffic_minutes
            return
        ratio = total / self.traffic if self.traffic > 0 else 1.0
        if not self.spiking and ratio > 1.5 and total >= MIN_REQUESTS:
            self.spiking, self.traffic_calm = True, 0
            signal("traffic_spike", models, "warning", None, "",
                   f"{total} requests per minute, {ratio:.1f}x usual")  # fmt: skip
        elif self.spiking:
            self.traffic_calm = self.traffic_calm + 1 if ratio < 1.2 else 0
            if self.traffic_calm >= 2:
                self.spiking = False
                signal("traffic_normalized", models, "info", None, "",
                       f"{total} requests per minute, back near usual")  # fmt: skip
        else:
            self.traffic += self.traffic_alpha * (total - self.traffic)
