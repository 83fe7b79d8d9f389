"""Sentinel's view steering the breakers: an unhealthy service opens at once, degraded is cautious.

A service is *named* by a Sentinel value when a model health entry's ``model_id`` or
``provider``, or one of an alert's ``affected_resources`` (or a ``:``/``/``-separated part of
it), equals the service's name or label ignoring case and punctuation (``cost-ops``,
``CostOps``, ``service:cost_ops``). Health, per named service, worst entry first:

- ``unhealthy``: the breaker is forced open, once, when the service *becomes* unhealthy (edge
  triggered: a service that stays unhealthy is probed again after each cool-down as usual),
  and it turns cautious;
- ``degraded``: the breaker turns cautious (its consecutive-failure threshold is halved);
- ``healthy``, or no longer named: caution is lifted.

The overall status applies only to the services in ``overall_scope`` (default none): Sentinel's
overall status aggregates the LLM models' health, and opening every Infra client whenever a
model is unhealthy would starve the optimizer of signals during exactly the incidents it must
see. An unacknowledged alert of severity ``error`` or ``critical`` naming a service forces its
breaker open; other alerts are recorded and change nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from adapters.clock import Clock
from adapters.resilience.breaker import CircuitBreaker
from adapters.resilience.events import EventListener, EventRecorder, ResilienceEvent
from adapters.types.sentinel import HealthState, HealthStatus, SentinelAlert

__all__ = ["OPENING_SEVERITIES", "SentinelLink", "names_service"]

OPENING_SEVERITIES = frozenset({"error", "critical"})
_RANK: dict[HealthState, int] = {"healthy": 0, "degraded": 1, "unhealthy": 2}
_SPLIT = re.compile(r"[:/\s,;]+")


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def names_service(text: str, service: str) -> bool:
    """True when ``text`` (or one of its ``:``/``/`` parts) names ``service``."""
    target = _key(service)
    return _key(text) == target or any(_key(p) == target for p in _SPLIT.split(text))


class SentinelLink:
    """Applies Sentinel health and alerts to the breakers of the services they name."""

    def __init__(
        self,
        breakers: Mapping[str, CircuitBreaker],
        *,
        clock: Clock,
        overall_scope: Iterable[str] = (),
        on_event: EventListener | None = None,
    ) -> None:
        self._breakers = breakers
        self._clock = clock
        self.overall_scope = frozenset(overall_scope)
        self._recorder = EventRecorder("sentinel", on_event)
        self._last: dict[str, HealthState] = {}

    @property
    def events(self) -> tuple[ResilienceEvent, ...]:
        """What Sentinel made the link do, oldest first (bounded)."""
        return self._recorder.snapshot()

    def on_health(self, health: HealthStatus) -> None:
        """Apply a health report to every breaker (handler-shaped: call it with each report)."""
        for service, breaker in list(self._breakers.items()):
            state = self._state_of(service, health)
            before = self._last.get(service, "healthy")
            self._last[service] = state
            if state == "unhealthy" and before != "unhealthy":
                breaker.force_open(f"Sentinel reports {service} unhealthy")
                self._note(service, "unhealthy", before)
            elif state != before:
                self._note(service, state, before)
            breaker.set_caution(state != "healthy", f"Sentinel: {state}")

    def on_alert(self, alert: SentinelAlert) -> None:
        """Open the breakers an unacknowledged error or critical alert names (a handler)."""
        if alert.acknowledged:
            return
        for service, breaker in list(self._breakers.items()):
            if not any(names_service(r, service) for r in alert.affected_resources):
                continue
            detail = f"alert {alert.alert_id} ({alert.severity}): {alert.title}"
            if alert.severity in OPENING_SEVERITIES:
                breaker.force_open(f"Sentinel {detail}")
                self._recorder.record(self._clock.time(), service, "alert_opened", detail)
            else:
                self._recorder.record(self._clock.time(), service, "alert_noted", detail)

    def _state_of(self, service: str, health: HealthStatus) -> HealthState:
        states: list[HealthState] = [
            m.status
            for m in health.models
            if names_service(m.model_id, service) or names_service(m.provider, service)
        ]
        if service in self.overall_scope:
            states.append(health.status)
        return max(states, key=_RANK.__getitem__, default="healthy")

    def _note(self, service: str, state: HealthState, before: HealthState) -> None:
        self._recorder.record(
            self._clock.time(), service, f"health_{state}", f"{before} -> {state}"
        )
