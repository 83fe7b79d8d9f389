"""The policies that steer the gateway: the optimizer (through its Actuator), a static baseline,
and an oracle that reads the world's true state.

The optimizer never sees the gateway; ``GatewayActuator`` is the harness's adapter from the
optimizer's ``Actuator`` protocol to the gateway's ``set_weights`` / ``set_parameters``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from statistics import NormalDist
from typing import Any

from optimizer import Decision
from simulator.harness.outcomes import SLO_PENALTY, Thresholds
from simulator.world import TrueModelState, World

__all__ = ["GatewayActuator", "OracleController", "expected_loss"]

_NORMAL = NormalDist()
_Z99 = _NORMAL.inv_cdf(0.99)
_QUALITY_SIGMA = 0.05  # the world's per-request quality noise
_CAPACITY_USE = 0.7  # the oracle keeps each model below this share of its service rate


class GatewayActuator:
    """Applies optimizer decisions to the simulated gateway, and tells the harness about them."""

    def __init__(self, world: World, *, on_applied: Callable[[Decision], None] | None = None):
        self.world = world
        self.applied = 0
        self._on_applied = on_applied

    def apply(self, decision: Decision) -> None:
        """Set the decision's weights and parameters on the gateway."""
        reason = f"{decision.kind}:{decision.id}"
        if decision.weights is not None:
            self.world.gateway.set_weights(decision.weights, reason=reason)
        params: Mapping[str, Any] = decision.parameters
        if "max_tokens" in params or "prompt_variant" in params:
            self.world.gateway.set_parameters(
                max_tokens=params.get("max_tokens"),
                prompt_variant=params.get("prompt_variant"),
                reason=reason,
            )
        self.applied += 1
        if self._on_applied is not None:
            self._on_applied(decision)


def _p_slow(state: TrueModelState, limit_ms: float) -> float:
    if state.latency_p50_ms <= 0:
        return 0.0
    spread = math.log(
        max(state.latency_p99_ms, state.latency_p50_ms * 1.0001) / state.latency_p50_ms
    )
    sigma = max(1e-6, spread) / _Z99
    return 1.0 - _NORMAL.cdf(math.log(limit_ms / state.latency_p50_ms) / sigma)


def expected_loss(state: TrueModelState, limits: Thresholds) -> float:
    """The expected per-request loss (``outcomes.request_loss``) of routing to a model now."""
    if not (state.available and state.routable):
        return math.inf
    p_poor = _NORMAL.cdf((limits.min_quality - state.quality) / _QUALITY_SIGMA)
    p_ok_but_missed = min(1.0, _p_slow(state, limits.p99_max_ms) + p_poor)
    p_miss = state.error_rate + (1.0 - state.error_rate) * p_ok_but_missed
    return state.cost_per_request / limits.max_cost_per_request + SLO_PENALTY * p_miss


class OracleController:
    """Knows the world's true state; routes to the lowest expected loss, within capacity."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.cycles = 0

    def weights(self) -> dict[str, float]:
        """The weights the oracle would set now."""
        world = self.world
        limits = Thresholds.from_wire(world.control.thresholds)
        states = world.true_state()
        ranked = sorted(
            (loss, model)
            for model, state in states.items()
            if math.isfinite(loss := expected_loss(state, limits))
        )
        if not ranked:
            return dict(world.gateway.weights)
        demand = max(world.rate.rate(world.now), 1e-9)
        shares: dict[str, float] = {}
        left = 1.0
        for _loss, model in ranked:
            state = states[model]
            service_rate = state.capacity / max(state.latency_p50_ms / 1000.0, 1e-3)
            share = min(left, _CAPACITY_USE * service_rate / demand)
            if share > 0:
                shares[model] = share
                left -= share
            if left <= 1e-12:
                break
        if left > 1e-12:  # demand beyond every model's capacity: spread the rest on the best
            best = ranked[0][1]
            shares[best] = shares.get(best, 0.0) + left
        total = math.fsum(shares.values())
        return {m: s / total for m, s in shares.items()}

    def cycle(self) -> None:
        """Set the oracle's weights on the gateway."""
        self.cycles += 1
        target = self.weights()
        if target != dict(self.world.gateway.weights):
            self.world.gateway.set_weights(target, reason="oracle")
