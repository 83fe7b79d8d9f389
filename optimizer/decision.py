"""What the optimizer decides, why, and the one seam through which it acts (``Actuator``)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, Protocol, get_args, runtime_checkable

from optimizer.errors import DecisionError

__all__ = ["DECISION_KINDS", "Actuator", "Decision", "DecisionKind", "Reason"]

DecisionKind = Literal[
    "model_selection",
    "exploration",
    "drift_compensation",
    "latency_shift",
    "failover",
    "cost_optimization",
    "parameter_tuning",
    "canary_start",
    "canary_promote",
    "canary_rollback",
]
DECISION_KINDS: tuple[DecisionKind, ...] = get_args(DecisionKind)

_WEIGHT_TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class Reason:
    """One piece of evidence: a signal, the metric and value observed, and the rule it crossed.

    ``source``, ``kind`` and ``signal_id`` name the signal (``source`` is an Infra service or
    ``optimizer`` for the optimizer's own detectors and decisions); ``threshold`` is the limit
    or reference value the ``rule`` compared ``observed`` with.
    """

    source: str
    kind: str
    signal_id: str
    metric: str
    observed: float
    threshold: float
    rule: str
    model_id: str | None = None

    def text(self) -> str:
        """A one-line rendering for logs and span attributes."""
        where = f" [{self.model_id}]" if self.model_id else ""
        return (
            f"{self.source}/{self.kind}/{self.signal_id}{where}: {self.metric}="
            f"{self.observed:.6g} vs {self.threshold:.6g} ({self.rule})"
        )


def _frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision: the full routing weights and/or gateway parameters to apply, with reasons.

    ``weights`` (when not None) are the complete routing weights, non-negative and summing to 1;
    ``parameters`` are gateway parameters such as ``max_tokens`` and ``prompt_variant``;
    ``target`` is a model id or ``"routing"``; ``t`` is Unix seconds from the optimizer's clock.
    """

    kind: DecisionKind
    target: str
    weights: Mapping[str, float] | None
    parameters: Mapping[str, Any]
    reasons: tuple[Reason, ...]
    t: float
    id: str = field(default="")

    def __post_init__(self) -> None:
        if self.kind not in DECISION_KINDS:
            raise DecisionError(f"Expected a decision kind, got kind={self.kind!r}.")
        if not self.reasons:
            raise DecisionError(f"Expected at least one reason, got none for id={self.id!r}.")
        if self.weights is not None:
            _check_weights(self.weights)
            object.__setattr__(self, "weights", _frozen(self.weights))
        object.__setattr__(self, "parameters", _frozen(self.parameters))
        if self.weights is None and not self.parameters:
            raise DecisionError(f"Expected weights or parameters, got neither for id={self.id!r}.")

    def describe(self) -> str:
        """A one-line summary for logs."""
        shares = ", ".join(f"{m}={w:.3f}" for m, w in sorted((self.weights or {}).items()))
        return f"{self.id} {self.kind} -> {self.target} [{shares}] {dict(self.parameters)}"


def _check_weights(weights: Mapping[str, float]) -> None:
    if not weights:
        raise DecisionError("Expected at least one routing weight, got weights={}.")
    for model, share in weights.items():
        if not (math.isfinite(share) and share >= 0.0):
            raise DecisionError(f"Expected a non-negative weight, got weights[{model!r}]={share}.")
    total = math.fsum(weights.values())
    if abs(total - 1.0) > _WEIGHT_TOLERANCE:
        raise DecisionError(f"Expected weights summing to 1, got sum(weights)={total!r}.")


@runtime_checkable
class Actuator(Protocol):
    """Applies a decision (the harness maps weights to the gateway's weights and parameters)."""

    def apply(self, decision: Decision) -> None:
        """Make ``decision`` take effect."""
        ...
