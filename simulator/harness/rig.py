"""One rehearsal: the world, the seven services, the transport, the real adapters and optimizer.

``Rig(scenario, policy=...)`` assembles a run; ``run()`` steps it to the end. Three policies
share a seed (and so the same arrivals and prompts): ``optimizer`` runs the whole system under
test (services, adapters over the in-process transport, the optimizer steering the gateway),
``baseline`` keeps the scenario's static routing, ``oracle`` steers the gateway from the
world's true state. Only the optimizer run polls the services; the other two are measured only.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import httpx

from adapters import AdapterError, Adapters, create_adapters
from adapters.resilience import ResilienceEvent
from optimizer import Decision, Optimizer
from optimizer.settings import Settings
from simulator.harness.actuation import GatewayActuator, OracleController
from simulator.harness.compliance.upstream import UpstreamApp
from simulator.harness.eventlog import EventLog
from simulator.harness.incidents import AVAILABILITY_FEED, IncidentTracker
from simulator.harness.loop import Loop
from simulator.harness.outcomes import OutcomeMeter
from simulator.harness.resilience import ResilienceParts, build_resilience
from simulator.harness.wiring import FEED_WIRING, feed_sink, subscribe_feeds
from simulator.http.app import ServiceApp
from simulator.http.faults import FaultHit, FaultInjector, FaultLog
from simulator.http.loopback import BackgroundServer, start_loopback
from simulator.http.transport import InProcess, build_inprocess
from simulator.scenarios import Scenario
from simulator.services.build import Services, build_services
from simulator.world import World

__all__ = ["DEV_API_KEY", "POLICIES", "TRANSPORTS", "Policy", "Rig", "Transport"]

Policy = Literal["optimizer", "baseline", "oracle"]
POLICIES: tuple[Policy, ...] = ("optimizer", "baseline", "oracle")
# "loopback": the adapters talk real HTTP to the services on a free 127.0.0.1 port, whose
# simulated time only this rig moves; "inprocess" (the default) opens no socket.
Transport = Literal["inprocess", "loopback"]
TRANSPORTS: tuple[Transport, ...] = ("inprocess", "loopback")
DEV_API_KEY = "infrasim-dev-key"  # the documented development key of the simulated services

_ADAPTER_KEYS = {
    "cost-ops": "costOps",
    "latency-lens": "latencyLens",
    "sentinel": "sentinel",
    "shield": "shield",
    "observatory": "observatory",
    "config-manager": "configManager",
    "router-l2": "routerL2",
}


@dataclass(frozen=True, slots=True)
class SystemUnderTest:
    """The parts that exist only in an optimizer run."""

    services: Services
    apps: dict[str, ServiceApp]
    inprocess: InProcess
    client: httpx.Client
    adapters: Adapters
    optimizer: Optimizer
    resilience: ResilienceParts
    server: BackgroundServer | None = None  # the loopback server, when there is one


def _settings(scenario: Scenario) -> Settings:
    """The optimizer's settings: its defaults, overridden by the scenario's optimizer block."""
    names = {f.name for f in dataclasses.fields(Settings)} - {"rng"}
    overrides = {k: v for k, v in scenario.optimizer.items() if k in names}
    return Settings(rng=random.Random(scenario.seed), **overrides)


class Rig:
    """Everything of one run on one SimPy clock."""

    def __init__(
        self,
        scenario: Scenario,
        *,
        policy: Policy = "optimizer",
        log: EventLog | None = None,
        validate: bool = True,
        transport: Transport = "inprocess",
    ) -> None:
        if policy not in POLICIES:
            raise ValueError(f"Expected a policy in {POLICIES}, got policy={policy!r}.")
        if transport not in TRANSPORTS:
            raise ValueError(f"Expected a transport in {TRANSPORTS}, got {transport=!r}.")
        self.transport = transport
        self.scenario = scenario
        self.policy = policy
        self.world = World(scenario)
        self.clock = self.world.clock
        self.log = log if log is not None else EventLog()
        self.meter = OutcomeMeter(self.world.control.thresholds)
        self.world.bus.on_outcome(self.meter.observe)
        self.tracker = IncidentTracker(self.world.incident_windows)
        self.tracker.start(self.world.gateway.weights)
        self.loop = Loop(self.clock)
        self.faults = FaultLog(scenario.faults, on_hit=self._fault_met)
        self.sut: SystemUnderTest | None = None
        cycle = float(scenario.optimizer.get("cycle_interval", 60.0))
        if policy == "optimizer":
            self.sut = self._build_sut(validate)
            self._schedule_polls()
            self.loop.every("optimizer", cycle, self._optimizer_cycle, start=cycle)
        elif policy == "oracle":
            oracle = OracleController(self.world)
            self.loop.every("oracle", cycle, oracle.cycle)

    # -- assembly ---------------------------------------------------------------------------

    def _build_sut(self, validate: bool) -> SystemUnderTest:
        world = self.world
        services = build_services(
            clock=self.clock,
            bus=world.bus,
            control=world.control,
            catalogue=world.catalogue,
            weights=world.gateway,
        )
        apps = {s.name: ServiceApp(s, api_keys={DEV_API_KEY}, validate=validate) for s in services}
        inprocess = build_inprocess(apps)
        server, base_urls, inner = self._transport(services, apps, inprocess)
        parts = build_resilience(
            clock=self.clock,
            sink=self._sink,
            settings=self.scenario.optimizer,
            on_event=self._resilience_event,
        )
        client = httpx.Client(transport=parts.layer.transport(inner))
        config = {
            _ADAPTER_KEYS[name]: {
                "apiBaseUrl": url,
                "apiKey": DEV_API_KEY,
                "options": {"seed": self.scenario.seed},
            }
            for name, url in base_urls.items()
        }
        adapters = create_adapters(config, client=client, clock=self.clock)
        settings = _settings(self.scenario)
        optimizer = Optimizer(
            self.clock, GatewayActuator(world, on_applied=self._decided), settings=settings
        )
        sut = SystemUnderTest(services, apps, inprocess, client, adapters, optimizer, parts, server)
        self._sink_to = feed_sink(self._delivered, optimizer)
        subscribe_feeds(adapters, parts.buffer.handler, optimizer)
        parts.guard_all(adapters)
        parts.subscribe(adapters)
        if adapters.config_manager is not None:
            adapters.config_manager.on_availability_change(self._availability_changed)
        return sut

    def _transport(
        self, services: Services, apps: dict[str, ServiceApp], inprocess: InProcess
    ) -> tuple[BackgroundServer | None, dict[str, str], httpx.BaseTransport]:
        """The scenario's API faults on the services; the loopback server when asked for."""
        faults = self.scenario.faults
        upstream = any(f.kind == "profile_switch" for f in faults)
        injector = FaultInjector(
            faults,
            seed=self.scenario.seed,
            now=self.clock.now,
            wait=self.clock.sleep,
            services=services.by_name(),
            profiles={"upstream": {n: UpstreamApp(a) for n, a in apps.items()}}
            if upstream
            else None,
            log=self.faults,
        )
        if faults:
            inprocess.intercept = injector
        if self.transport == "inprocess":
            return None, inprocess.base_urls, inprocess.transport()
        server, base_urls = start_loopback(
            apps,
            clock=self.clock,
            api_keys={DEV_API_KEY},
            intercept=injector if faults else None,
            faults=self.faults,
        )
        return server, base_urls, httpx.HTTPTransport()

    def _schedule_polls(self) -> None:
        assert self.sut is not None
        polling = self.scenario.polling
        parts = self.sut.resilience
        for service, guarded in parts.guarded.items():
            interval = float(polling.get(service, 30.0))
            self.loop.every(f"poll:{service}", interval, guarded.poll_once)
        self.loop.every("ingest", parts.drain_interval, lambda: parts.ingest(self.clock.time()))

    # -- events -----------------------------------------------------------------------------

    def _sink(self, feed: str, item: Any) -> None:
        self._sink_to(feed, item)

    def _resilience_event(self, event: ResilienceEvent) -> None:
        data = event.as_dict()
        data.pop("at", None)
        data["event"] = data.pop("kind")
        self.log.write(self.clock.now(), "resilience", **data)

    def _fault_met(self, hit: FaultHit) -> None:
        self.log.write(hit.t, "fault", **hit.as_dict())

    def _delivered(self, feed: str, item_id: str, item: Any) -> None:
        t = self.clock.now()
        assert self.sut is not None
        self.sut.services.truth.delivered(feed, item_id, t)
        self.tracker.on_signal(feed, item, t)
        self.log.write(t, "signal", feed=feed, id=item_id)

    def _availability_changed(self, models: Sequence[Any]) -> None:
        # A state feed, not an item feed: its news for the incident tracker is which model is
        # no longer listed as online.
        t = self.clock.now()
        for model in models:
            if not model.available or model.status != "online":
                self.tracker.on_signal(AVAILABILITY_FEED, model, t)

    def _decided(self, decision: Decision) -> None:
        t = self.clock.now()
        self.tracker.on_decision(decision, t, self.world.gateway.weights)
        self.log.write(
            t,
            "decision",
            id=decision.id,
            decision=decision.kind,
            target=decision.target,
            weights=dict(decision.weights) if decision.weights is not None else None,
            parameters=dict(decision.parameters),
            reasons=[r.text() for r in decision.reasons],
        )

    def _optimizer_cycle(self) -> None:
        assert self.sut is not None
        sut = self.sut
        optimizer = sut.optimizer
        cm, shield, cost = sut.adapters.config_manager, sut.adapters.shield, sut.adapters.cost_ops
        # State the adapters do not push: read it each cycle. A failed read leaves the
        # optimizer with what it knew (a service fault must not stop the optimizer).
        if cm is not None:
            self._read("flags", lambda: optimizer.on_flags(cm.get_feature_flags()))
        if shield is not None:
            self._read("policies", lambda: optimizer.on_policy(list(shield.get_active_policies())))
        if cost is not None:
            self._read("rate", lambda: optimizer.observe(cost.get_current_rate()))
        sentinel = sut.adapters.sentinel
        if sentinel is not None:
            layer = sut.resilience.layer
            self._read("health", lambda: layer.on_health(sentinel.get_health_status()))
        optimizer.cycle()

    def _read(self, what: str, read: Callable[[], None]) -> None:
        try:
            read()
        except AdapterError as exc:
            self.log.write(self.clock.now(), "read_failed", what=what, error=type(exc).__name__)

    # -- running ----------------------------------------------------------------------------

    def run(
        self, until: float | None = None, *, on_step: Callable[[float], None] | None = None
    ) -> None:
        """Run tasks and world to simulated second ``until`` (default: the scenario's end)."""
        end = self.world.duration if until is None else until
        self.loop.run(end, on_step=on_step)

    def finish(self) -> None:
        """Close the books: judge the last minute, bring the services up to now."""
        self.meter.finish()
        if self.sut is not None:
            self.sut.services.sync()
            self.sut.client.close()
            if self.sut.server is not None:
                self.sut.server.stop()

    @property
    def feeds(self) -> tuple[str, ...]:
        """The feeds that this run polls."""
        return tuple(FEED_WIRING)
