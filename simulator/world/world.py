"""The World: a SimPy simulation of an LLM production world, built from a scenario and its seed.

Per arrival the world draws a request, routes it through the gateway and computes its outcome
with plain arithmetic; the only SimPy events per request are the arrival and the delivery of the
``RequestOutcome`` on the bus at its ``t_end``, so outcomes reach the services in time order.

Randomness: one ``random.Random(seed)`` seeds four streams in a fixed order (arrivals, request
contents, routing, serving). Arrivals and request contents therefore do not depend on what the
optimizer does, so two policies run on the same seed see the same workload.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import simpy

from simulator.clock import SimClock
from simulator.world.catalogue import (
    DEFAULT_FALLBACK,
    DEFAULT_MODEL,
    DEFAULT_WEIGHTS,
    build_catalogue,
)
from simulator.world.control import ControlPlane
from simulator.world.gateway import Gateway
from simulator.world.incidents import Incidents
from simulator.world.latency import LatencyModel, TokenGrid
from simulator.world.prompts import prompt_pool
from simulator.world.records import ModelSpec, RequestOutcome, WorldBus
from simulator.world.serving import TRUNCATION_PENALTY, Serving
from simulator.world.truth import IncidentWindow, ModelTruth, TrueModelState, WorldTruth
from simulator.world.workload import ArrivalRate, Workload, arrivals

if TYPE_CHECKING:  # the scenarios package imports the world's catalogue at run time
    from simulator.scenarios.model import RoutingSetup, Scenario

__all__ = ["World"]


def _initial_routing(
    setup: RoutingSetup, catalogue: Mapping[str, ModelSpec]
) -> tuple[dict[str, float], str, list[str]]:
    weights = dict(setup.weights) or {m: w for m, w in DEFAULT_WEIGHTS.items() if m in catalogue}
    if not weights:  # a scenario with its own models and no weights: an even mix
        weights = dict.fromkeys(catalogue, 1.0)
    default = setup.default_model or (DEFAULT_MODEL if DEFAULT_MODEL in catalogue else None)
    default = default or max(weights, key=lambda m: weights[m])
    chain = setup.fallback_chain
    if chain is None:
        chain = tuple(m for m in DEFAULT_FALLBACK if m in catalogue and m != default)
    return weights, default, list(chain)


class World:
    """Catalogue, workload, gateway, providers and incidents on one SimPy environment."""

    def __init__(self, scenario: Scenario, *, env: simpy.Environment | None = None) -> None:
        self.scenario = scenario
        self.seed = scenario.seed
        self.duration = scenario.duration
        self.env = env if env is not None else simpy.Environment()
        self.clock = SimClock(self.env, scenario.epoch)
        self.rng = random.Random(scenario.seed)
        streams = [random.Random(self.rng.getrandbits(64)) for _ in range(4)]
        config = scenario.world
        self.catalogue = build_catalogue(config.catalogue, include=config.models)
        self.bus = WorldBus()
        self.control = ControlPlane(
            catalogue=self.catalogue.values(), bus=self.bus, iso=self.clock.iso, now=self.clock.now
        )
        weights, default, chain = _initial_routing(scenario.routing, self.catalogue)
        self.control.routing["defaultModel"] = default
        self.control.routing["fallbackChain"] = chain
        self.control.routing["loadBalancing"]["weights"] = dict(weights)
        self.truth = WorldTruth({m: ModelTruth(spec) for m, spec in self.catalogue.items()})
        setup = scenario.routing
        self.gateway = Gateway(
            catalogue=self.catalogue,
            control=self.control,
            bus=self.bus,
            rng=streams[2],
            now=self.clock.now,
            iso=self.clock.iso,
            weights=weights,
            max_tokens=setup.max_tokens,
            prompt_variant=setup.prompt_variant,
            timeout_ms=setup.timeout_ms,
        )
        self.prompts = prompt_pool(scenario.seed)
        self.workload = Workload(
            config.workload, rng=streams[1], pool=self.prompts, pii_factor=self._pii_factor
        )
        self.latency = LatencyModel(
            network_ms=config.network_ms,
            sigma=config.latency_sigma,
            tail_probability=config.tail_probability,
            tail_alpha=config.tail_alpha,
        )
        self.serving = Serving(
            truth=self.truth,
            latency=self.latency,
            rng=streams[3],
            quality_sigma=config.quality_sigma,
            max_queue_ms=config.max_queue_ms,
        )
        self.incidents = Incidents(
            env=self.env,
            truth=self.truth,
            control=self.control,
            bus=self.bus,
            catalogue=self.catalogue,
            timeline=scenario.timeline,
            duration=scenario.duration,
        )
        spikes = [
            (i.start, i.end if i.end is not None else math.inf, float(i.params["factor"]))
            for i in scenario.timeline
            if i.kind == "traffic_spike"
        ]
        self.rate = ArrivalRate(config.workload, epoch=scenario.epoch, spikes=spikes)
        self.requests = 0
        self.env.process(arrivals(self.env, self.rate, streams[0], self.duration, self._arrive))

    @classmethod
    def load(
        cls,
        name_or_path: str | Path,
        *,
        seed: int | None = None,
        duration: float | str | None = None,
    ) -> World:
        """Build the world of a built-in scenario or a scenario file."""
        from simulator.scenarios.loader import load_scenario

        return cls(load_scenario(name_or_path, seed=seed, duration=duration))

    # -- the hot path -------------------------------------------------------------------------

    def _pii_factor(self) -> float:
        return self.truth.pii_factor

    def _arrive(self, t: float) -> None:
        request = self.workload.draw(t)
        gateway = self.gateway
        request.max_tokens = gateway.max_tokens
        request.prompt_variant = gateway.prompt_variant
        route = gateway.route(request)
        outcome = self.serving.serve(request, route, gateway.variant, gateway.timeout_ms)
        self.requests += 1
        event = self.env.timeout(outcome.latency_ms / 1000.0, outcome)
        event.callbacks.append(self._deliver)

    def _deliver(self, event: simpy.Event) -> None:
        self.bus.publish_outcome(cast(RequestOutcome, event.value))

    # -- running ------------------------------------------------------------------------------

    def run(self, until: float | None = None) -> None:
        """Run the world to simulated second ``until`` (default: the end of the scenario)."""
        self.env.run(until=self.duration if until is None else until)

    @property
    def now(self) -> float:
        """Simulated seconds since the epoch."""
        return float(self.env.now)

    # -- ground truth for the harness and its oracle ------------------------------------------

    @property
    def incident_windows(self) -> tuple[IncidentWindow, ...]:
        """Every incident of the timeline: kind, target, models, start and end (seconds)."""
        return self.incidents.windows

    def active_incidents(self, t: float | None = None) -> tuple[IncidentWindow, ...]:
        """The incidents in force at ``t`` (default: now)."""
        at = self.now if t is None else t
        return tuple(w for w in self.incidents.windows if w.active(at))

    def in_flight(self, model_id: str) -> int:
        """Requests running or queued on a model now."""
        return self.serving.in_flight(model_id, self.now)

    def true_model_state(self, model_id: str) -> TrueModelState:
        """What an oracle knows of a model now, under the gateway's current parameters."""
        truth = self.truth.models[model_id]
        spec = truth.spec
        work = self.scenario.world.workload
        variant = self.gateway.variant
        out = work.output_tokens
        grid = TokenGrid.of(
            out.median * variant.output_factor,
            out.sigma,
            self.gateway.max_tokens,
            out.minimum,
            out.maximum,
        )
        per_token = 1000.0 / spec.tokens_per_second * truth.latency_factor
        p50, p99 = self.latency.quantiles(
            spec.ttft_ms * truth.latency_factor, per_token, grid, (0.5, 0.99)
        )
        tokens_in = work.input_tokens.median * math.exp(work.input_tokens.sigma**2 / 2)
        tokens_in *= variant.input_factor
        cost = tokens_in / 1000 * truth.input_per_1k + grid.mean() / 1000 * truth.output_per_1k
        quality = truth.quality_at(self.now) + variant.quality_delta
        quality -= TRUNCATION_PENALTY * grid.truncation()
        return TrueModelState(
            model_id=model_id,
            provider=spec.provider,
            available=truth.available,
            routable=self.gateway.is_routable(model_id),
            latency_factor=truth.latency_factor,
            latency_p50_ms=p50,
            latency_p99_ms=p99,
            error_rate=truth.error_rate if truth.available else 1.0,
            quality=min(1.0, max(0.0, quality)),
            cost_per_request=cost * (1.0 - truth.error_rate) if truth.available else 0.0,
            input_per_1k=truth.input_per_1k,
            output_per_1k=truth.output_per_1k,
            capacity=spec.capacity,
        )

    def true_state(self) -> dict[str, TrueModelState]:
        """``true_model_state`` of every model of the catalogue."""
        return {m: self.true_model_state(m) for m in self.catalogue}

    def describe(self) -> dict[str, Any]:
        """A small summary for reports: seed, duration, models, requests so far."""
        return {
            "scenario": self.scenario.name,
            "seed": self.seed,
            "duration": self.duration,
            "models": list(self.catalogue),
            "requests": self.requests,
        }
