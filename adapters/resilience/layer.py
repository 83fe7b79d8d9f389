"""The resilience layer in one object: a breaker per service, the limiter, the Infra signals.

``Resilience(clock=...)`` is the gate of a ``GuardedTransport`` (``transport(inner)``) and makes a
``GuardedAdapter`` per adapter (``guard(adapter)``, which also maps the adapter's base URL to its
service). Per call: refused while the service's breaker is open (``CircuitOpen``), paced by the
limiter, then classified: no response or a 5xx is a breaker failure, a 429 a limiter throttle
(neither a failure nor a success), anything else a success (the service answered; contract
problems are the adapter's). Calls to an unknown base URL are paced by the total bucket only.

Infra signals: ``on_thresholds`` (subscribe it with ``on_threshold_change``) maps
``error_rate.circuit_breaker_threshold`` to every breaker's failure rate and
``error_rate.warning_threshold`` to the limiter's slow-down trigger; ``on_health`` and
``on_alert`` hand Sentinel's view to the ``SentinelLink``. A threshold outside [0, 1] is not
applied (the contract bounds it only below) and is recorded as a ``threshold_ignored`` event.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import httpx

from adapters.base import BaseAdapter
from adapters.clock import Clock
from adapters.errors import ConfigError
from adapters.resilience.breaker import BreakerSettings, CircuitBreaker
from adapters.resilience.errors import CircuitOpen
from adapters.resilience.events import EventListener, EventRecorder, ResilienceEvent
from adapters.resilience.guard import GuardedAdapter
from adapters.resilience.limiter import LimiterSettings, RateLimiter
from adapters.resilience.sentinel_link import SentinelLink
from adapters.resilience.transport import GuardedTransport
from adapters.retry import parse_retry_after
from adapters.types.config_manager import OptimizationThresholds
from adapters.types.sentinel import HealthStatus, SentinelAlert

__all__ = ["Resilience"]

A = TypeVar("A", bound=BaseAdapter[Any])
S = TypeVar("S")


class Resilience:
    """Breakers per service, one limiter, the Sentinel link; the gate of guarded transports."""

    def __init__(
        self,
        *,
        clock: Clock,
        breaker: BreakerSettings | None = None,
        limiter: LimiterSettings | None = None,
        overall_scope: Iterable[str] = (),
        on_event: EventListener | None = None,
    ) -> None:
        self._clock = clock
        self._on_event = on_event
        self._breaker_settings = breaker if breaker is not None else BreakerSettings()
        self._breakers: dict[str, CircuitBreaker] = {}
        self._routes: list[tuple[str, str]] = []
        self._guards: list[GuardedAdapter[Any]] = []
        self._lock = threading.RLock()
        self._recorder = EventRecorder("layer", on_event)
        self.limiter = RateLimiter(clock=clock, settings=limiter, on_event=on_event)
        self.sentinel = SentinelLink(
            self._breakers, clock=clock, overall_scope=overall_scope, on_event=on_event
        )

    # -- assembly --------------------------------------------------------------------------

    @property
    def breakers(self) -> Mapping[str, CircuitBreaker]:
        """The breakers by service name."""
        return dict(self._breakers)

    def breaker(self, service: str) -> CircuitBreaker:
        """The breaker of ``service`` (made on first use, with the settings in force)."""
        with self._lock:
            found = self._breakers.get(service)
            if found is None:
                found = CircuitBreaker(
                    service,
                    clock=self._clock,
                    settings=self._breaker_settings,
                    on_event=self._on_event,
                )
                self._breakers[service] = found
            return found

    def register(self, service: str, base_url: str) -> CircuitBreaker:
        """Route calls under ``base_url`` to ``service``; its breaker."""
        prefix = str(httpx.URL(base_url)).rstrip("/")
        with self._lock:
            self._routes = sorted(
                [*(r for r in self._routes if r[0] != prefix), (prefix, service)],
                key=lambda r: -len(r[0]),
            )
        return self.breaker(service)

    def guard(self, adapter: A) -> GuardedAdapter[A]:
        """``adapter`` behind its service's breaker (its base URL registered)."""
        breaker = self.register(adapter.service, adapter.config.api_base_url)
        guarded = GuardedAdapter(adapter, breaker, on_event=self._on_event)
        self._guards.append(guarded)
        return guarded

    def transport(self, inner: httpx.BaseTransport) -> GuardedTransport:
        """A transport that sends through ``inner`` with this layer as its gate."""
        return GuardedTransport(inner, self)

    def service_of(self, request: httpx.Request) -> str | None:
        """The registered service a request goes to (longest base URL first), or None."""
        url = str(request.url)
        for prefix, service in self._routes:
            if url == prefix or url.startswith((prefix + "/", prefix + "?")):
                return service
        return None

    # -- the gate --------------------------------------------------------------------------

    def before(self, request: httpx.Request) -> str | None:
        """Refuse a call to an open breaker; wait for the limiter; the call's service."""
        service = self.service_of(request)
        if service is not None:
            breaker = self.breaker(service)
            if not breaker.allow():
                retry_at = breaker.retry_at
                raise CircuitOpen(
                    f"Refused a call to {service}: its circuit breaker is open until "
                    f"retry_at={retry_at}.",
                    service=service,
                    retry_at=retry_at,
                )
        self.limiter.acquire(service)
        return service

    def after(
        self,
        service: str | None,
        response: httpx.Response | None,
        error: httpx.TransportError | None,
    ) -> None:
        """Classify one call's outcome for the breaker and the limiter."""
        if service is None:
            return
        breaker = self.breaker(service)
        if response is None:
            breaker.record_failure(type(error).__name__)
            self._check_error_rate(service, breaker)
        elif response.status_code == 429:
            now = self._clock.time()
            retry_after = parse_retry_after(response.headers.get("Retry-After"), now)
            self.limiter.throttled(service, retry_after)
        elif response.status_code >= 500:
            breaker.record_failure(f"status {response.status_code}")
            self._check_error_rate(service, breaker)
        else:
            breaker.record_success()
            self.limiter.succeeded(service)

    def _check_error_rate(self, service: str, breaker: CircuitBreaker) -> None:
        trigger = self.limiter.settings.error_rate_trigger
        rate = breaker.failure_rate
        if trigger is None or rate is None or breaker.window_calls < breaker.settings.min_calls:
            return
        if rate > trigger:
            self.limiter.slow_down(service, f"failure rate {rate:.3f} > warning {trigger}")

    # -- Infra signals ---------------------------------------------------------------------

    def on_thresholds(self, thresholds: OptimizationThresholds) -> None:
        """Take ConfigManager's thresholds (a handler for ``on_threshold_change``).

        A rate outside [0, 1] (the contract only bounds it below) is not applied: the previous
        setting stays and the refusal is recorded as a ``threshold_ignored`` event.
        """
        reason = f"ConfigManager thresholds {thresholds.version}"
        with self._lock:
            settings = self._try(lambda: self._breaker_settings.with_thresholds(thresholds))
            if settings is not None:
                self._breaker_settings = settings
            breakers = list(self._breakers.values())
        for breaker in breakers:
            breaker.configure(self._breaker_settings, reason)
        limits = self._try(lambda: self.limiter.settings.with_thresholds(thresholds))
        if limits is not None:
            self.limiter.configure(limits, reason)

    def _try(self, make: Callable[[], S]) -> S | None:
        try:
            return make()
        except ConfigError as exc:
            self._recorder.record(
                self._clock.time(), "config-manager", "threshold_ignored", str(exc)
            )
            return None

    def on_health(self, health: HealthStatus) -> None:
        """Take Sentinel's health report (see ``SentinelLink.on_health``)."""
        self.sentinel.on_health(health)

    def on_alert(self, alert: SentinelAlert) -> None:
        """Take a Sentinel alert (a handler for ``on_alert``; see ``SentinelLink.on_alert``)."""
        self.sentinel.on_alert(alert)

    # -- reading ---------------------------------------------------------------------------

    @property
    def breaker_settings(self) -> BreakerSettings:
        """The settings new and existing breakers use."""
        return self._breaker_settings

    def events(self) -> tuple[ResilienceEvent, ...]:
        """Every part's kept events merged in time order."""
        parts: list[tuple[ResilienceEvent, ...]] = [
            *(b.events for b in self._breakers.values()),
            self.limiter.events,
            self.sentinel.events,
            self._recorder.snapshot(),
            *(g.events for g in self._guards),
        ]
        return tuple(sorted((e for part in parts for e in part), key=lambda e: e.at))
