"""Token buckets on outbound calls, per service and in total, with AIMD on 429; clock only.

A call takes one token from its service's bucket and one from the total bucket (the total
token is spent even when the service's bucket makes it wait, as in the reference); when either
is short, the call waits the longer deficit through ``clock.sleep`` (tokens are reserved first,
so waiting callers queue in order). Budgets are our own client budget, not a provider's limit:
the reference's defaults (100 calls/s with a burst of 200 per service, 10 000/s in total) unless
``LimiterSettings`` says otherwise, per service through ``overrides``.

AIMD: a 429 from a service multiplies that service's rate by ``decrease_factor`` (at most once
per ``decrease_gap`` seconds, never under ``min_rate``) and blocks its bucket until the response's
``Retry-After``; every later answer that is not a 429 adds ``increase_fraction`` of the budget
back once ``recovery_seconds`` have passed since the last change, up to the budget. ConfigManager's
``error_rate.warning_threshold`` becomes ``error_rate_trigger``: a service whose recent failure
rate exceeds it is slowed down the same way (see ``Resilience``).
"""

from __future__ import annotations

import math
import threading
import types
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from adapters.clock import Clock
from adapters.resilience.checks import check_fraction, check_positive, check_seconds
from adapters.resilience.events import EventListener, EventRecorder, ResilienceEvent
from adapters.types.config_manager import OptimizationThresholds

__all__ = ["TOTAL", "Budget", "LimiterSettings", "LimiterStats", "RateLimiter", "TokenBucket"]

TOTAL = "*"  # the subject name of the total bucket in events


@dataclass(frozen=True, slots=True, kw_only=True)
class Budget:
    """A bucket's refill rate (calls per second) and size (the burst)."""

    rate: float
    burst: float

    def __post_init__(self) -> None:
        check_positive("rate", self.rate)
        check_positive("burst", self.burst)


@dataclass(frozen=True, slots=True, kw_only=True)
class LimiterSettings:
    """Budgets and the AIMD tuning (defaults: the reference's component 12)."""

    per_service: Budget = Budget(rate=100.0, burst=200.0)
    total: Budget = Budget(rate=10_000.0, burst=10_000.0)
    overrides: Mapping[str, Budget] = field(default_factory=dict)
    decrease_factor: float = 0.5
    increase_fraction: float = 0.1
    recovery_seconds: float = 10.0
    min_rate: float = 0.1
    decrease_gap: float = 1.0
    error_rate_trigger: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "overrides", types.MappingProxyType(dict(self.overrides)))
        check_fraction("decrease_factor", self.decrease_factor)
        check_fraction("increase_fraction", self.increase_fraction)
        check_positive("recovery_seconds", self.recovery_seconds)
        check_positive("min_rate", self.min_rate)
        check_seconds("decrease_gap", self.decrease_gap)
        check_fraction("error_rate_trigger", self.error_rate_trigger, optional=True)

    def budget(self, service: str) -> Budget:
        """The budget of one service (its override, or the per-service default)."""
        return self.overrides.get(service, self.per_service)

    def with_thresholds(self, thresholds: OptimizationThresholds) -> LimiterSettings:
        """These settings slowing down on the error rate ConfigManager warns at."""
        trigger = thresholds.error_rate.warning_threshold
        check_fraction("error_rate.warning_threshold", trigger)
        return replace(self, error_rate_trigger=trigger)


@dataclass(frozen=True, slots=True, kw_only=True)
class LimiterStats:
    """One service's counters: calls, seconds waited, 429s, rate changes, and its rate now."""

    calls: int
    waited: float
    throttled: int
    decreases: int
    increases: int
    rate: float


class TokenBucket:
    """A token bucket on clock seconds; tokens may go negative (reservations in order)."""

    def __init__(self, *, rate: float, burst: float, now: float) -> None:
        self.rate = rate
        self.burst = burst
        self._tokens = burst
        self._stamp = now
        self._not_before = -math.inf

    @property
    def tokens(self) -> float:
        """Tokens at the last update (negative while callers wait)."""
        return self._tokens

    def _refill(self, now: float) -> None:
        if now > self._stamp:
            self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now

    def reserve(self, now: float, tokens: float = 1.0) -> float:
        """Take ``tokens`` now; return the seconds to wait before using them."""
        self._refill(now)
        self._tokens -= tokens
        wait = 0.0 if self._tokens >= 0 else -self._tokens / self.rate
        return max(wait, self._not_before - now)

    def set_rate(self, rate: float, now: float) -> None:
        """Refill at the old rate up to ``now``, then use ``rate``."""
        self._refill(now)
        self.rate = rate

    def block_until(self, moment: float) -> None:
        """Hand out nothing usable before ``moment`` (a Retry-After)."""
        self._not_before = max(self._not_before, moment)


class _Service:
    __slots__ = (
        "bucket",
        "budget",
        "calls",
        "changed_at",
        "decreased_at",
        "decreases",
        "increases",
        "throttled",
    )

    def __init__(self, budget: Budget, now: float) -> None:
        self.budget = budget
        self.bucket = TokenBucket(rate=budget.rate, burst=budget.burst, now=now)
        self.changed_at = now
        self.decreased_at = -math.inf
        self.calls = self.throttled = self.decreases = self.increases = 0


class RateLimiter:
    """Per-service and total token buckets with AIMD; waits only through ``clock.sleep``."""

    def __init__(
        self,
        *,
        clock: Clock,
        settings: LimiterSettings | None = None,
        on_event: EventListener | None = None,
    ) -> None:
        self._clock = clock
        self._settings = settings if settings is not None else LimiterSettings()
        self._recorder = EventRecorder("limiter", on_event)
        self._lock = threading.RLock()
        now = clock.time()
        total = self._settings.total
        self._total = TokenBucket(rate=total.rate, burst=total.burst, now=now)
        self._services: dict[str, _Service] = {}
        self._waited: dict[str, float] = {}

    @property
    def settings(self) -> LimiterSettings:
        """The settings in force."""
        return self._settings

    @property
    def events(self) -> tuple[ResilienceEvent, ...]:
        """Rate changes, throttles and setting changes, oldest first (bounded)."""
        return self._recorder.snapshot()

    def rate(self, service: str) -> float:
        """The service's current rate (calls per second)."""
        with self._lock:
            return self._service(service, self._clock.time()).bucket.rate

    def stats(self, service: str) -> LimiterStats:
        """The service's counters."""
        with self._lock:
            s = self._service(service, self._clock.time())
            return LimiterStats(
                calls=s.calls,
                waited=self._waited.get(service, 0.0),
                throttled=s.throttled,
                decreases=s.decreases,
                increases=s.increases,
                rate=s.bucket.rate,
            )

    def acquire(self, service: str | None) -> float:
        """Wait (through the clock) until one call to ``service`` may go out; the wait."""
        with self._lock:
            now = self._clock.time()
            wait = self._total.reserve(now)
            if service is not None:
                entry = self._service(service, now)
                entry.calls += 1
                wait = max(wait, entry.bucket.reserve(now))
                if wait > 0:
                    self._waited[service] = self._waited.get(service, 0.0) + wait
        if wait > 0:
            self._clock.sleep(wait)
        return wait

    def throttled(self, service: str, retry_after: float | None = None) -> None:
        """A 429: slow the service down and hold its calls until ``retry_after`` seconds."""
        with self._lock:
            now = self._clock.time()
            entry = self._service(service, now)
            entry.throttled += 1
            if retry_after is not None and retry_after > 0:
                entry.bucket.block_until(now + retry_after)
            self._decrease(service, entry, now, f"429, Retry-After={retry_after}")

    def slow_down(self, service: str, reason: str) -> bool:
        """Multiplicative decrease for ``reason``; False when within the decrease gap."""
        with self._lock:
            now = self._clock.time()
            return self._decrease(service, self._service(service, now), now, reason)

    def succeeded(self, service: str) -> None:
        """An answer that was not a 429: add rate back once a recovery period has passed."""
        with self._lock:
            now = self._clock.time()
            entry = self._service(service, now)
            ceiling = entry.budget.rate
            rate = entry.bucket.rate
            settings = self._settings
            if rate >= ceiling or now - entry.changed_at < settings.recovery_seconds:
                return
            new = min(ceiling, rate + settings.increase_fraction * ceiling)
            entry.bucket.set_rate(new, now)
            entry.changed_at = now
            entry.increases += 1
            self._recorder.record(now, service, "increase", f"{rate:g}/s -> {new:g}/s")

    def configure(self, settings: LimiterSettings, reason: str = "") -> None:
        """Take new settings: budgets re-read, a throttled rate kept under its new budget."""
        with self._lock:
            if settings == self._settings:
                return
            now = self._clock.time()
            self._settings = settings
            self._total.set_rate(settings.total.rate, now)
            self._total.burst = settings.total.burst
            for name, entry in self._services.items():
                self._rebudget(entry, settings.budget(name), now)
            detail = f"error_rate_trigger={settings.error_rate_trigger}"
            self._recorder.record(
                now, TOTAL, "settings", detail + (f" ({reason})" if reason else "")
            )

    def _rebudget(self, entry: _Service, budget: Budget, now: float) -> None:
        was_full = entry.bucket.rate >= entry.budget.rate
        entry.budget = budget
        rate = budget.rate if was_full else min(entry.bucket.rate, budget.rate)
        entry.bucket.set_rate(rate, now)
        entry.bucket.burst = budget.burst

    def _decrease(self, service: str, entry: _Service, now: float, reason: str) -> bool:
        settings = self._settings
        if now - entry.decreased_at < settings.decrease_gap:
            return False
        rate = entry.bucket.rate
        new = max(settings.min_rate, rate * settings.decrease_factor)
        entry.bucket.set_rate(new, now)
        entry.changed_at = entry.decreased_at = now
        entry.decreases += 1
        self._recorder.record(now, service, "decrease", f"{rate:g}/s -> {new:g}/s: {reason}")
        return True

    def _service(self, service: str, now: float) -> _Service:
        entry = self._services.get(service)
        if entry is None:
            entry = self._services[service] = _Service(self._settings.budget(service), now)
        return entry
