"""The optimizer: signals in (``ingest``, ``observe``, ``on_*``), decisions out (``cycle``).

One cycle: expire the store to the clock's time, build per-model statistics, run the analysers
(policy, latency, cost, quality, drift), then the strategies in priority order: failover, canary
supervision, latency shift, drift compensation, cost optimisation, model selection,
exploration, parameter tuning. Each proposal that changes enough becomes a ``Decision``, is
applied through the ``Actuator``, traced as a span, and becomes the state the next strategy
builds on.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any

from opentelemetry.sdk.trace import ReadableSpan, TracerProvider

from adapters.clock import Clock
from adapters.types.config_manager import ModelAvailability, OptimizationThresholds, RoutingConfig
from adapters.types.shield import ActivePolicy
from optimizer import intake
from optimizer.analysers import (
    DriftMonitor,
    analyse_cost,
    analyse_drift,
    analyse_latency,
    analyse_quality,
    blocked_models,
)
from optimizer.config import (
    Flags,
    ModelState,
    OptimizerConfig,
    PolicyState,
    RoutingPolicy,
    Thresholds,
)
from optimizer.decision import Actuator, Decision
from optimizer.findings import Finding, Snapshot
from optimizer.settings import Settings
from optimizer.signals import Signal, SignalStore
from optimizer.strategies import (
    Context,
    Memory,
    Proposal,
    Routing,
    propose_canary,
    propose_cost,
    propose_drift,
    propose_exploration,
    propose_failover,
    propose_latency_shift,
    propose_selection,
    propose_tuning,
)
from optimizer.tracing import DecisionTracer
from optimizer.view import build_stats
from optimizer.weights import distance, restrict

__all__ = ["STRATEGY_ORDER", "Optimizer"]

STRATEGY_ORDER: tuple[Callable[[Context], Proposal | None], ...] = (
    propose_failover,
    propose_canary,
    propose_latency_shift,
    propose_drift,
    propose_cost,
    propose_selection,
    propose_exploration,
    propose_tuning,
)


class Optimizer:
    """The optimizer core. The harness feeds it signals and config and calls ``cycle()``."""

    def __init__(
        self,
        clock: Clock,
        actuator: Actuator,
        *,
        settings: Settings | None = None,
        tracer_provider: TracerProvider | None = None,
        history: int = 1000,
    ) -> None:
        self._clock = clock
        self._actuator = actuator
        self.settings = settings or Settings()
        s = self.settings
        self.store = SignalStore(
            {"fast": s.fast_window_s, "slow": s.slow_window_s},
            max_samples=s.max_samples,
            max_events=s.max_events,
        )
        self.config = OptimizerConfig()
        self.decisions: deque[Decision] = deque(maxlen=history)
        self._tracer = DecisionTracer(tracer_provider)
        self._drift = DriftMonitor(s)
        self._memory = Memory(
            parameters={"max_tokens": s.initial_max_tokens, "prompt_variant": s.default_variant}
        )
        self._routing: Routing | None = None
        self._applied: dict[str, float] | None = None
        self._cursor = 0
        self._issued = 0

    # ----- state the harness can read -------------------------------------------------------

    @property
    def weights(self) -> Mapping[str, float] | None:
        """The routing weights last applied (None before the first weights decision)."""
        return None if self._applied is None else dict(self._applied)

    @property
    def parameters(self) -> Mapping[str, Any]:
        """The gateway parameters the optimizer believes are in force."""
        return dict(self._memory.parameters)

    def spans(self) -> tuple[ReadableSpan, ...]:
        """Decision spans kept in memory (empty when a tracer provider was given)."""
        exporter = self._tracer.exporter
        return () if exporter is None else exporter.spans()

    # ----- intake ---------------------------------------------------------------------------

    def ingest(self, signal: Signal) -> None:
        """Store one signal (and run the own drift detectors on it)."""
        self.store.add(signal)
        drift = self._drift.observe(signal)
        if drift is not None:
            self.store.add(drift)

    def ingest_many(self, signals: Iterable[Signal]) -> None:
        """Store several signals."""
        for signal in signals:
            self.ingest(signal)

    def observe(self, item: object) -> None:
        """Take any adapter value: a signal type, thresholds, routing config, availability (one
        or a sequence), active Shield policies (a sequence), or a sequence of signal values.

        Feature flags are a plain mapping: give them to ``on_flags``.
        """
        if isinstance(item, OptimizationThresholds):
            self.on_thresholds(item)
        elif isinstance(item, RoutingConfig):
            self.on_routing_config(item)
        elif isinstance(item, ModelAvailability):
            self.on_availability(item)
        elif isinstance(item, tuple | list):
            if item and all(isinstance(x, ModelAvailability) for x in item):
                self.on_availability(item)
            elif item and all(isinstance(x, ActivePolicy) for x in item):
                self.on_policy(item)
            else:
                for element in item:
                    self.observe(element)
        else:
            self.ingest_many(intake.to_signals(item, now=self._clock.time()))

    def on_thresholds(
        self, thresholds: Thresholds | OptimizationThresholds | Mapping[str, Any]
    ) -> None:
        """ConfigManager thresholds (typed, wire mapping, or ``Thresholds``)."""
        self.config = replace(self.config, thresholds=intake.thresholds_from(thresholds))

    def on_flags(self, flags: Flags | Mapping[str, bool]) -> None:
        """ConfigManager feature flags; unknown names are ignored, missing ones kept."""
        merged = flags if isinstance(flags, Flags) else self.config.flags.merged(flags)
        self.config = replace(self.config, flags=merged)

    def on_availability(self, availability: object) -> None:
        """ConfigManager availability of one or several models (merged by model id)."""
        states: dict[str, ModelState] = intake.availability_from(availability)
        self.config = self.config.with_availability(states)

    def on_routing_config(self, routing: RoutingPolicy | RoutingConfig | Mapping[str, Any]) -> None:
        """ConfigManager routing config (default, fallback chain, block rules, weights)."""
        self.config = replace(self.config, routing=intake.routing_from(routing))

    def on_policy(self, policy: PolicyState | Iterable[ActivePolicy | Mapping[str, Any]]) -> None:
        """Shield's standing policy: the active policies (replaces the previous state)."""
        self.config = replace(self.config, policy=intake.policy_from(policy))

    # ----- the cycle ------------------------------------------------------------------------

    def cycle(self) -> list[Decision]:
        """Analyse, decide, apply; return the decisions of this cycle (possibly none)."""
        ctx = self._context(self._clock.time())
        issued: list[Decision] = []
        for strategy in STRATEGY_ORDER:
            proposal = strategy(ctx)
            if proposal is not None and (decision := self._issue(ctx, proposal)) is not None:
                issued.append(decision)
        self._routing = ctx.routing
        self._cursor = self.store.seq
        return issued

    def _context(self, now: float) -> Context:
        s = self.settings
        self.store.expire(now)
        models = self._known_models()
        stats = build_stats(
            self.store,
            models,
            now=now,
            limits=self.config.thresholds,
            min_samples=s.min_samples,
            slow_window_s=s.slow_window_s,
        )
        snap = Snapshot(now, self.store, stats, self.config, s, self._cursor)
        blocked = blocked_models(snap)
        findings: list[Finding] = []
        for analyse in (analyse_latency, analyse_cost, analyse_quality, analyse_drift):
            findings.extend(analyse(snap))
        eligible = frozenset(models - set(blocked))
        if self.config.availability:  # ConfigManager knows the catalogue: nothing outside it
            eligible &= frozenset(self.config.availability)
        routing = self._routing or self._initial_routing(eligible)
        return Context(snap, findings, blocked, eligible, routing, self._applied, self._memory)

    def _known_models(self) -> set[str]:
        config = self.config
        models = self.store.models() | set(config.availability) | set(config.routing.weights)
        models |= set(config.routing.fallback_chain)
        if config.routing.default_model is not None:
            models.add(config.routing.default_model)
        if self._routing is not None:
            models |= set(self._routing.exploit) | set(self._routing.explore)
        return models

    def _initial_routing(self, eligible: frozenset[str]) -> Routing:
        routing = self.config.routing
        exploit = restrict(routing.weights, eligible)
        if not exploit and routing.default_model in eligible:
            assert routing.default_model is not None
            exploit = {routing.default_model: 1.0}
        return Routing(exploit=exploit)

    def _issue(self, ctx: Context, proposal: Proposal) -> Decision | None:
        weights = None if proposal.routing is None else ctx.weights_of(proposal.routing)
        if proposal.routing is not None and not weights:
            return None  # nowhere to route: no eligible model
        params = dict(proposal.parameters)
        moved = weights is not None and (
            distance(weights, self._applied) >= self.settings.min_weight_change
            or set(weights) != set(self._applied or ())  # a model gains or loses all traffic
        )
        if not (proposal.force or moved or (params and params != self._memory.parameters)):
            return None
        self._issued += 1
        decision = Decision(
            kind=proposal.kind,
            target=proposal.target,
            weights=weights,
            parameters=params,
            reasons=proposal.reasons,
            t=ctx.snap.now,
            id=f"dec-{self._issued:06d}",
        )
        self._actuator.apply(decision)
        self._tracer.emit(decision)
        self.decisions.append(decision)
        self._commit(ctx, proposal, decision)
        return decision

    def _commit(self, ctx: Context, proposal: Proposal, decision: Decision) -> None:
        routing = proposal.routing
        if routing is not None and decision.weights is not None:
            if routing.canary is not None and proposal.kind == "canary_start":
                routing = replace(routing, canary=replace(routing.canary, start_id=decision.id))
            ctx.routing = self._routing = routing
            self._applied = dict(decision.weights)
            ctx.applied = self._applied
        if decision.parameters:
            self._memory.parameters = dict(decision.parameters)
        self._memory.last[decision.kind] = decision.t
