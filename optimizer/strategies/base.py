"""What the strategies share: the routing state, proposals, memory across cycles, the context.

Routing is held as two vectors: ``exploit`` (where the optimizer wants traffic) and ``explore``
(how the exploration share is spread). The weights applied are
``(1 - share) * exploit + share * explore`` restricted to the models that may receive traffic,
where ``share`` is the exploration share when the ``exploration`` flag is on and 0 otherwise.
A canary replaces ``exploit`` by a blend of its control and target vectors.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from optimizer.decision import DecisionKind, Reason
from optimizer.findings import Finding, Snapshot
from optimizer.settings import Objective
from optimizer.weights import blend, restrict, uniform

__all__ = ["SLOW_CODES", "Canary", "Context", "Memory", "Proposal", "Routing", "compose"]

# Warning codes that mean "this model is slow or overloaded": its share is cut by a latency shift.
SLOW_CODES = frozenset(
    {
        "latency_p99",
        "latency_p50",
        "latency_anomaly",
        "sentinel_anomaly",
        "load_balancer",
        "capacity",
        "status_degraded",
    }
)

_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Canary:
    """A routing change being rolled out: ``share`` of the way from ``control`` to ``target``.

    ``baseline_*`` are the canary models' own fast-window statistics when the rollout started:
    the canary is judged against them as well as against the control.
    """

    control: Mapping[str, float]
    target: Mapping[str, float]
    phase: int
    phase_started: float
    started: float
    start_id: str
    share: float
    baseline_error: float | None = None
    baseline_p99: float | None = None
    baseline_quality: float | None = None

    def exploit(self) -> dict[str, float]:
        """The exploit vector in force during this phase."""
        return blend(self.control, self.target, self.share)


@dataclass(frozen=True, slots=True)
class Routing:
    """The optimizer's routing state (see the module docstring)."""

    exploit: Mapping[str, float]
    explore: Mapping[str, float] = field(default_factory=dict)
    canary: Canary | None = None

    def current_exploit(self) -> dict[str, float]:
        """The exploit vector in force (the canary blend while a canary runs)."""
        return self.canary.exploit() if self.canary is not None else dict(self.exploit)


def compose(routing: Routing, eligible: frozenset[str], share: float) -> dict[str, float]:
    """The full weights of a routing state, restricted to ``eligible`` (empty if none)."""
    exploit = restrict(routing.current_exploit(), eligible)
    explore = restrict(routing.explore, eligible)
    if not exploit:
        return explore or uniform(eligible)
    if not explore or share <= 0.0:
        return exploit
    return blend(exploit, explore, share)


@dataclass(frozen=True, slots=True)
class Proposal:
    """A strategy's proposal; the engine turns it into a ``Decision`` if it changes enough.

    ``force`` proposals are issued even when the weights barely move (failover, rollback, ...).
    """

    kind: DecisionKind
    target: str
    reasons: tuple[Reason, ...]
    routing: Routing | None = None
    parameters: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    force: bool = False


@dataclass
class Memory:
    """What the optimizer remembers between cycles (the engine owns it)."""

    last: dict[str, float] = field(default_factory=dict)
    cost_until: float = -math.inf
    quality_until: float = -math.inf
    parameters: dict[str, Any] = field(default_factory=dict)

    def due(self, key: str, gap: float, now: float) -> bool:
        """True when ``gap`` seconds have passed since ``key`` last acted."""
        return now - self.last.get(key, -math.inf) >= gap


@dataclass
class Context:
    """One cycle's working state: the snapshot, findings, exclusions and current routing."""

    snap: Snapshot
    findings: list[Finding]
    blocked: Mapping[str, Reason]
    eligible: frozenset[str]
    routing: Routing
    applied: Mapping[str, float] | None
    memory: Memory
    cache: dict[Any, Any] = field(default_factory=dict)  # per-cycle memo for strategies
    _by_model: dict[str, list[Finding]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for finding in self.findings:
            if finding.model_id is not None:
                self._by_model.setdefault(finding.model_id, []).append(finding)

    def flag(self, name: str) -> bool:
        """The feature flag ``name``."""
        return bool(getattr(self.snap.config.flags, name))

    def about(self, model: str, severity: str | None = None) -> list[Finding]:
        """Findings about ``model``, optionally of one severity."""
        found = self._by_model.get(model, [])
        return found if severity is None else [f for f in found if f.severity == severity]

    def slow(self, model: str) -> list[Finding]:
        """Warnings that ``model`` is slow or overloaded."""
        return [f for f in self.about(model, "warning") if f.code in SLOW_CODES]

    def fleet(self, *codes: str) -> list[Finding]:
        """Fleet-level findings with one of ``codes``."""
        return [f for f in self.findings if f.model_id is None and f.code in codes]

    def healthy(self) -> list[str]:
        """Eligible models without a critical finding, sorted."""
        return sorted(m for m in self.eligible if not self.about(m, "critical"))

    def share(self) -> float:
        """The exploration share in force."""
        return self.snap.settings.exploration_share if self.flag("exploration") else 0.0

    def objective(self) -> Objective:
        """The scoring objective in force: quality after a quality drift, cost under pressure."""
        settings, now = self.snap.settings, self.snap.now
        if now < self.memory.quality_until:
            return settings.quality_objective
        if now < self.memory.cost_until:
            return settings.cost_objective
        return settings.objective

    def weights_of(self, routing: Routing) -> dict[str, float]:
        """The full weights ``routing`` would apply this cycle."""
        return compose(routing, self.eligible, self.share())
