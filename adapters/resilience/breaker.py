"""A circuit breaker per Infra service client, on the injected clock only.

States: ``closed`` -> ``open`` after ``failure_threshold`` consecutive failures (any success
resets the count), or, when ``failure_rate`` is set, as soon as more than that fraction of the
last ``window_size`` calls failed (once the window holds ``min_calls`` calls). ``open`` refuses
calls until ``open_seconds`` have passed since it opened; the first look after that moves it to
``half_open``, which admits every call (no probe limit, as the reference): ``half_open_successes``
successes close it, one failure re-opens it (the timer restarts). The counters start afresh at
every transition and the call window when it half-opens or closes, so failures seen before an
opening cannot re-open a breaker that just closed.

Thresholds from ConfigManager: ``with_thresholds`` maps ``error_rate.circuit_breaker_threshold``
(a rate in [0, 1]) to ``failure_rate``; the consecutive rule always applies too. ``cautious``
(set from Sentinel reporting the service ``degraded``) halves the consecutive threshold,
rounded up. ``force_open`` opens at once (Sentinel reporting it ``unhealthy``, or an operator).
"""

from __future__ import annotations

import math
import threading
from collections import deque
from dataclasses import dataclass, replace
from typing import Literal, TypeAlias

from adapters.clock import Clock
from adapters.errors import ConfigError
from adapters.resilience.checks import check_count, check_fraction, check_positive
from adapters.resilience.events import EventListener, EventRecorder, ResilienceEvent
from adapters.types.config_manager import OptimizationThresholds

__all__ = ["BreakerSettings", "BreakerState", "BreakerStats", "CircuitBreaker"]

BreakerState: TypeAlias = Literal["closed", "open", "half_open"]
_COUNTER = {"closed": "closed", "open": "opened", "half_open": "half_opened"}


@dataclass(frozen=True, slots=True, kw_only=True)
class BreakerSettings:
    """When a breaker opens and closes (reference defaults: 5 failures, 30 s, 3 successes)."""

    failure_threshold: int = 5
    open_seconds: float = 30.0
    half_open_successes: int = 3
    window_size: int = 100
    min_calls: int = 20
    failure_rate: float | None = None

    def __post_init__(self) -> None:
        check_count("failure_threshold", self.failure_threshold)
        check_positive("open_seconds", self.open_seconds)
        check_count("half_open_successes", self.half_open_successes)
        check_count("window_size", self.window_size)
        check_count("min_calls", self.min_calls)
        if self.min_calls > self.window_size:
            raise ConfigError(
                f"Expected min_calls <= window_size={self.window_size}, "
                f"got min_calls={self.min_calls}."
            )
        check_fraction("failure_rate", self.failure_rate, optional=True)

    def with_thresholds(self, thresholds: OptimizationThresholds) -> BreakerSettings:
        """These settings with the failure rate ConfigManager's thresholds ask for."""
        rate = thresholds.error_rate.circuit_breaker_threshold
        check_fraction("error_rate.circuit_breaker_threshold", rate)
        return replace(self, failure_rate=rate)


@dataclass(frozen=True, slots=True, kw_only=True)
class BreakerStats:
    """Counters since the breaker was made."""

    successes: int
    failures: int
    rejections: int
    consecutive_failures: int
    opened: int
    half_opened: int
    closed: int


class CircuitBreaker:
    """One service's breaker; thread-safe; every transition recorded as an event."""

    def __init__(
        self,
        service: str,
        *,
        clock: Clock,
        settings: BreakerSettings | None = None,
        on_event: EventListener | None = None,
    ) -> None:
        self.service = service
        self._clock = clock
        self._settings = settings if settings is not None else BreakerSettings()
        self._recorder = EventRecorder("breaker", on_event)
        self._lock = threading.RLock()
        self._state: BreakerState = "closed"
        self._opened_at = 0.0
        self._window: deque[bool] = deque(maxlen=self._settings.window_size)
        self._consecutive = 0
        self._half_successes = 0
        self._cautious = False
        self._counts = dict.fromkeys(
            ("successes", "failures", "rejections", "opened", "half_opened", "closed"), 0
        )

    def __repr__(self) -> str:
        return f"CircuitBreaker(service={self.service!r}, state={self.state!r})"

    # -- reading ---------------------------------------------------------------------------

    @property
    def settings(self) -> BreakerSettings:
        """The settings in force."""
        return self._settings

    @property
    def state(self) -> BreakerState:
        """The state now (an open breaker whose cool-down is over reads ``half_open``)."""
        with self._lock:
            self._tick()
            return self._state

    @property
    def retry_at(self) -> float | None:
        """When an open breaker will half-open (clock seconds), else None."""
        with self._lock:
            self._tick()
            if self._state != "open":
                return None
            return self._opened_at + self._settings.open_seconds

    @property
    def cautious(self) -> bool:
        """True while the consecutive-failure threshold is halved (Sentinel: degraded)."""
        return self._cautious

    @property
    def failure_threshold(self) -> int:
        """Consecutive failures that open the breaker now (halved, rounded up, when cautious)."""
        n = self._settings.failure_threshold
        return max(1, math.ceil(n / 2)) if self._cautious else n

    @property
    def failure_rate(self) -> float | None:
        """The failed fraction of the calls in the window (None while it is empty)."""
        with self._lock:
            return sum(self._window) / len(self._window) if self._window else None

    @property
    def window_calls(self) -> int:
        """Calls in the window (emptied when the breaker half-opens or closes)."""
        return len(self._window)

    @property
    def stats(self) -> BreakerStats:
        """The counters now."""
        with self._lock:
            return BreakerStats(consecutive_failures=self._consecutive, **self._counts)

    @property
    def events(self) -> tuple[ResilienceEvent, ...]:
        """The recorded transitions and setting changes, oldest first (bounded)."""
        return self._recorder.snapshot()

    # -- admitting and recording -----------------------------------------------------------

    def allow(self) -> bool:
        """True when a call may go out now; a refusal is counted."""
        with self._lock:
            self._tick()
            if self._state == "open":
                self._counts["rejections"] += 1
                return False
            return True

    def record_success(self) -> None:
        """A call reached a healthy service."""
        with self._lock:
            self._tick()
            self._counts["successes"] += 1
            if self._state == "half_open":
                self._half_successes += 1
                if self._half_successes >= self._settings.half_open_successes:
                    self._move("closed", f"{self._half_successes} successes while half-open")
            elif self._state == "closed":
                self._consecutive = 0
                self._window.append(False)

    def record_failure(self, reason: str = "") -> None:
        """A call failed on the service's side (no response, or a 5xx)."""
        with self._lock:
            self._tick()
            self._counts["failures"] += 1
            if self._state == "half_open":
                self._open(f"a failure while half-open: {reason}".rstrip(": "))
            elif self._state == "closed":
                self._consecutive += 1
                self._window.append(True)
                self._check_open(reason)

    def _check_open(self, reason: str) -> None:
        suffix = f" (last: {reason})" if reason else ""
        if self._consecutive >= self.failure_threshold:
            self._open(f"{self._consecutive} consecutive failures{suffix}")
            return
        limit = self._settings.failure_rate
        calls = len(self._window)
        if limit is None or calls < self._settings.min_calls:
            return
        rate = sum(self._window) / calls
        if rate > limit:
            self._open(f"failure rate {rate:.3f} > {limit} over the last {calls} calls{suffix}")

    # -- steering --------------------------------------------------------------------------

    def force_open(self, reason: str) -> None:
        """Open now (or restart the cool-down of an open breaker)."""
        with self._lock:
            self._open(f"forced: {reason}")

    def reset(self, reason: str = "manual reset") -> None:
        """Close now, counters cleared."""
        with self._lock:
            self._move("closed", reason)

    def configure(self, settings: BreakerSettings, reason: str = "") -> None:
        """Take new settings (e.g. from ConfigManager); the window keeps its calls that fit."""
        with self._lock:
            if settings == self._settings:
                return
            self._settings = settings
            self._window = deque(self._window, maxlen=settings.window_size)
            self._record("settings", _describe(settings) + (f" ({reason})" if reason else ""))

    def set_caution(self, cautious: bool, reason: str = "") -> None:
        """Halve the consecutive-failure threshold (True) or restore it (False)."""
        with self._lock:
            if cautious == self._cautious:
                return
            self._cautious = cautious
            self._record("caution_on" if cautious else "caution_off", reason)

    # -- internals -------------------------------------------------------------------------

    def _tick(self) -> None:
        if self._state != "open":
            return
        due = self._opened_at + self._settings.open_seconds
        if self._clock.time() >= due:  # recorded at the moment it became due, not when seen
            self._move("half_open", f"{self._settings.open_seconds} s cool-down over", at=due)

    def _open(self, reason: str) -> None:
        self._opened_at = self._clock.time()
        self._move("open", reason)

    def _move(self, state: BreakerState, reason: str, at: float | None = None) -> None:
        before = self._state
        self._state = state
        if state != "open":  # kept while open, so the rate that opened it can still be read
            self._window.clear()
        self._consecutive = 0
        self._half_successes = 0
        self._counts[_COUNTER[state]] += 1
        self._record(state, f"{before} -> {state}: {reason}", at)

    def _record(self, kind: str, detail: str, at: float | None = None) -> None:
        moment = self._clock.time() if at is None else at
        self._recorder.record(moment, self.service, kind, detail)


def _describe(settings: BreakerSettings) -> str:
    return (
        f"failure_threshold={settings.failure_threshold} open_seconds={settings.open_seconds} "
        f"half_open_successes={settings.half_open_successes} "
        f"failure_rate={settings.failure_rate} window_size={settings.window_size}"
    )
