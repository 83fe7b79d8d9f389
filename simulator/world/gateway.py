"""The gateway: routes each request by the current weights; the optimizer's actuator target.

A request draws a model by weight among the weighted models. If that model is blocked by a
routing rule it goes, with reason ``policy_enforced``, to the first model of the fallback chain
that is allowed; if ConfigManager lists it as unavailable it goes the same way with reason
``fallback``. The gateway never sends a request to a model that is blocked or listed unavailable
(a real outage that ConfigManager has not noticed yet still receives traffic, and fails).
Routing plans are cached and rebuilt when the weights or the control plane change.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import accumulate
from types import MappingProxyType
from typing import Any

from simulator.world.control import ControlPlane
from simulator.world.records import ModelSpec, OutcomeStatus, WorldBus, WorldNotice
from simulator.world.rules import RuleSet
from simulator.world.settings import check_max_tokens, check_reason, check_variant, check_weights
from simulator.world.variants import PromptVariant
from simulator.world.workload import Request

__all__ = ["Gateway", "Route", "WeightAdjustment"]

_HISTORY = 200
_PER_MODEL = 10
Key = tuple[frozenset[str], tuple[str, ...] | None]


@dataclass(frozen=True, slots=True)
class Route:
    """Where one request goes and why (a contract RoutingReason), or why it goes nowhere."""

    model_id: str
    provider: str
    reason: str
    confidence: float
    alternatives: tuple[str, ...] = ()
    status: OutcomeStatus = "ok"  # or "blocked" / "error" when no model may take the request
    error: str | None = None


@dataclass(frozen=True, slots=True)
class WeightAdjustment:
    """One change of one model's weight (RouterL2's ModelWeight.adjustments)."""

    model_id: str
    reason: str
    delta: float
    t: float
    applied_at: str


@dataclass(frozen=True, slots=True)
class _Plan:
    cum: tuple[float, ...]
    routes: tuple[Route, ...]


class Gateway:
    """Weighted routing with fallback, a parameter set, and a bounded history of adjustments."""

    def __init__(
        self,
        *,
        catalogue: Mapping[str, ModelSpec],
        control: ControlPlane,
        bus: WorldBus,
        rng: random.Random,
        now: Callable[[], float],
        iso: Callable[[float], str],
        weights: Mapping[str, float],
        max_tokens: int | None = None,
        prompt_variant: str = "default",
        timeout_ms: float = 30_000.0,
    ) -> None:
        self._catalogue = dict(catalogue)
        self._control = control
        self._bus = bus
        self._rng = rng
        self._now = now
        self._iso = iso
        self._weights = check_weights(weights, self._catalogue)
        self._max_tokens = check_max_tokens(max_tokens)
        self._variant = check_variant(prompt_variant)
        self.timeout_ms = float(timeout_ms)
        self._history: deque[WeightAdjustment] = deque(maxlen=_HISTORY)
        self._plans: dict[Key, _Plan] = {}
        self._rules: RuleSet | None = None
        self._config_weights = _config_weights(control)
        bus.on_notice(self._on_notice)

    # -- what the optimizer reads -------------------------------------------------------------

    @property
    def weights(self) -> Mapping[str, float]:
        """The current weights (model id -> weight, summing to 1), read-only."""
        return MappingProxyType(self._weights)

    @property
    def max_tokens(self) -> int | None:
        """The cap on output tokens, or None."""
        return self._max_tokens

    @property
    def prompt_variant(self) -> str:
        """The name of the prompt variant in use."""
        return self._variant.name

    @property
    def variant(self) -> PromptVariant:
        """The prompt variant in use."""
        return self._variant

    @property
    def parameters(self) -> dict[str, Any]:
        """The request parameters: max_tokens, prompt_variant, timeout_ms."""
        return {
            "max_tokens": self._max_tokens,
            "prompt_variant": self._variant.name,
            "timeout_ms": self.timeout_ms,
        }

    @property
    def adjustments(self) -> tuple[WeightAdjustment, ...]:
        """The last weight changes of every model, oldest first (bounded)."""
        return tuple(self._history)

    def adjustments_for(
        self, model_id: str, limit: int = _PER_MODEL
    ) -> tuple[WeightAdjustment, ...]:
        """The last ``limit`` weight changes of one model, oldest first."""
        mine = [a for a in self._history if a.model_id == model_id]
        return tuple(mine[-limit:]) if limit > 0 else ()

    def is_routable(self, model_id: str) -> bool:
        """True when ConfigManager lists the model as available and no rule blocks it always."""
        return self._control.is_available(model_id) and model_id not in self._ruleset().blocked

    def effective_weights(self) -> dict[str, float]:
        """The share of traffic each model gets now (weights after blocks and fallback)."""
        plan = self._plan((self._ruleset().blocked, self._ruleset().forced))
        shares: dict[str, float] = {}
        previous = 0.0
        for edge, route in zip(plan.cum, plan.routes, strict=True):
            if route.status == "ok":
                shares[route.model_id] = shares.get(route.model_id, 0.0) + edge - previous
            previous = edge
        total = plan.cum[-1] if plan.cum else 0.0
        return {m: s / total for m, s in shares.items()} if total > 0 else {}

    # -- what the optimizer does -------------------------------------------------------------

    def set_weights(self, weights: Mapping[str, float], *, reason: str) -> None:
        """Replace the weights (normalised to sum 1; missing models get 0) and publish it."""
        new = check_weights(weights, self._catalogue)
        check_reason(reason)
        old, t = self._weights, self._now()
        for model_id in sorted(set(old) | set(new)):
            delta = new.get(model_id, 0.0) - old.get(model_id, 0.0)
            if abs(delta) > 1e-12:
                self._history.append(WeightAdjustment(model_id, reason, delta, t, self._iso(t)))
        self._weights = new
        self._plans.clear()
        self._publish(reason, {"weights": dict(new), "previous": dict(old)})

    def set_parameters(
        self,
        *,
        max_tokens: int | None = None,
        prompt_variant: str | None = None,
        reason: str,
    ) -> None:
        """Change the output-token cap (0 removes it) and/or the prompt variant, and publish it."""
        check_reason(reason)
        previous = self.parameters
        cap = (
            self._max_tokens
            if max_tokens is None
            else check_max_tokens(max_tokens, allow_zero=True)
        )
        variant = self._variant if prompt_variant is None else check_variant(prompt_variant)
        self._max_tokens, self._variant = cap, variant
        self._publish(reason, {"parameters": self.parameters, "previous": previous})

    # -- routing ------------------------------------------------------------------------------

    def route(self, request: Request) -> Route:
        """The route of one request (one draw from the gateway's generator)."""
        rules = self._ruleset()
        if rules.conditional:
            key = rules.for_request(self._attributes(request))
        else:
            key = (rules.blocked, rules.forced)
        plan = self._plans.get(key) or self._plan(key)
        if not plan.cum:
            return _nowhere(self._catalogue, key)
        i = bisect(plan.cum, self._rng.random() * plan.cum[-1])
        return plan.routes[min(i, len(plan.routes) - 1)]

    def _attributes(self, request: Request) -> dict[str, Any]:
        return {
            "client_id": request.client_id,
            "region": request.region,
            "input_tokens": request.input_tokens,
            "output_tokens": request.output_tokens,
            "has_pii": bool(request.pii),
            "pii_count": len(request.pii),
            "pii_types": [span.type for span in request.pii],
            "prompt_variant": self._variant.name,
        }

    def _ruleset(self) -> RuleSet:
        if self._rules is None:
            self._rules = RuleSet.of(self._control.routing.get("rules", []), self._catalogue)
        return self._rules

    def _plan(self, key: Key) -> _Plan:
        blocked, forced = key
        allowed = [m for m in self._catalogue if m not in blocked and self._control.is_available(m)]
        weights = self._weights
        if forced is not None:
            chosen = [m for m in forced if m in allowed]
            wanted = {m: weights.get(m, 0.0) or 1.0 for m in chosen}
            plan = _Plan(
                tuple(accumulate(wanted.values())),
                tuple(self._direct(m, wanted, "policy_enforced") for m in wanted),
            )
        else:
            drawn = {m: w for m, w in weights.items() if w > 0}
            live = {m: w for m, w in drawn.items() if m in allowed}
            routes = tuple(
                self._direct(m, live, "load_balanced" if len(live) > 1 else "default")
                if m in live
                else self._fallback(
                    m, allowed, live, "policy_enforced" if m in blocked else "fallback"
                )
                for m in drawn
            )
            plan = _Plan(tuple(accumulate(drawn.values())), routes)
        self._plans[key] = plan
        return plan

    def _direct(self, model_id: str, live: Mapping[str, float], reason: str) -> Route:
        total = sum(live.values())
        others = sorted((m for m in live if m != model_id), key=lambda m: (-live[m], m))
        return Route(
            model_id=model_id,
            provider=self._catalogue[model_id].provider,
            reason=reason,
            confidence=round(live[model_id] / total, 6) if total > 0 else 1.0,
            alternatives=tuple(others[:3]),
        )

    def _fallback(
        self, model_id: str, allowed: list[str], live: Mapping[str, float], reason: str
    ) -> Route:
        routing = self._control.routing
        order = [*routing.get("fallbackChain", []), routing.get("defaultModel")]
        order += sorted(live, key=lambda m: (-live[m], m)) + allowed
        target = next((m for m in order if m in allowed), None)
        if target is None:
            provider = self._catalogue[model_id].provider
            if reason == "policy_enforced":
                return Route(model_id, provider, reason, 0.0, (), "blocked", "policy_blocked")
            return Route(model_id, provider, reason, 0.0, (), "error", "no_available_model")
        alternatives = tuple(m for m in order if m in allowed and m != target)
        return Route(
            model_id=target,
            provider=self._catalogue[target].provider,
            reason=reason,
            confidence=0.5,
            alternatives=tuple(dict.fromkeys(alternatives))[:3],
        )

    # -- notices ------------------------------------------------------------------------------

    def _on_notice(self, notice: WorldNotice) -> None:
        if notice.kind != "config.changed":
            return
        self._plans.clear()
        self._rules = None
        if notice.data.get("type") == "routing":
            weights = _config_weights(self._control)
            if weights and weights != self._config_weights:
                self._config_weights = weights
                self.set_weights(weights, reason=f"config:{notice.data.get('changeId', '')}")

    def _publish(self, reason: str, data: dict[str, Any]) -> None:
        data["reason"] = reason
        self._bus.publish_notice(WorldNotice(t=self._now(), kind="routing.changed", data=data))


def _nowhere(catalogue: Mapping[str, ModelSpec], key: Key) -> Route:
    # No weighted model at all (a 'route' rule to models that are all down, say).
    blocked = bool(key[0]) and len(key[0]) == len(catalogue)
    first = next(iter(catalogue.values()))
    if blocked:
        return Route(
            first.model_id, first.provider, "policy_enforced", 0.0, (), "blocked", "policy_blocked"
        )
    return Route(first.model_id, first.provider, "fallback", 0.0, (), "error", "no_available_model")


def _config_weights(control: ControlPlane) -> dict[str, float]:
    weights = control.routing.get("loadBalancing", {}).get("weights") or {}
    return {str(k): float(v) for k, v in weights.items()}
