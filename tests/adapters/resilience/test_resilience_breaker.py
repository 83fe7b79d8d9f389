"""The circuit breaker: every transition, both opening rules, caution, forcing, settings."""

from __future__ import annotations

from typing import Any

import pytest

from adapters import ConfigError
from adapters.resilience import BreakerSettings, CircuitBreaker


def breaker(clock: Any, **settings: Any) -> CircuitBreaker:
    return CircuitBreaker("cost-ops", clock=clock, settings=BreakerSettings(**settings))


def test_reference_defaults() -> None:
    s = BreakerSettings()
    assert (s.failure_threshold, s.open_seconds, s.half_open_successes) == (5, 30.0, 3)
    assert (s.window_size, s.failure_rate) == (100, None)


def test_it_opens_after_n_consecutive_failures_and_a_success_resets_the_count(clock: Any) -> None:
    b = breaker(clock, failure_threshold=3)
    b.record_failure()
    b.record_failure()
    b.record_success()
    b.record_failure()
    b.record_failure()
    assert b.state == "closed"
    b.record_failure("status 503")
    assert b.state == "open"
    assert "3 consecutive failures (last: status 503)" in b.events[-1].detail


def test_an_open_breaker_refuses_until_the_cool_down_is_over(clock: Any) -> None:
    b = breaker(clock, failure_threshold=1, open_seconds=30.0)
    b.record_failure()
    opened = clock.now
    assert b.retry_at == opened + 30.0
    clock.now = opened + 29.999
    assert not b.allow()
    assert b.stats.rejections == 1
    clock.now = opened + 30.0
    assert b.allow()
    assert b.state == "half_open"
    assert b.retry_at is None


def test_half_open_closes_after_k_successes(clock: Any) -> None:
    b = breaker(clock, failure_threshold=1, open_seconds=10.0, half_open_successes=3)
    b.record_failure()
    clock.now += 10.0
    b.record_success()
    b.record_success()
    assert b.state == "half_open"
    b.record_success()
    assert b.state == "closed"
    assert [e.kind for e in b.events] == ["open", "half_open", "closed"]


def test_one_failure_while_half_open_reopens_and_restarts_the_timer(clock: Any) -> None:
    b = breaker(clock, failure_threshold=1, open_seconds=10.0)
    b.record_failure()
    clock.now += 10.0
    b.record_success()
    b.record_failure("ReadTimeout")
    assert b.state == "open"
    assert b.retry_at == clock.now + 10.0
    assert b.events[-1].detail == "half_open -> open: a failure while half-open: ReadTimeout"
    assert b.stats.opened == 2


def test_failures_before_a_close_do_not_count_after_it(clock: Any) -> None:
    b = breaker(clock, failure_threshold=2, open_seconds=1.0, half_open_successes=1)
    b.record_failure()
    b.record_failure()
    clock.now += 1.0
    b.record_success()
    b.record_failure()
    assert b.state == "closed"


def test_the_failure_rate_rule_opens_without_consecutive_failures(clock: Any) -> None:
    b = breaker(clock, failure_threshold=5, window_size=4, min_calls=4, failure_rate=0.4)
    for ok in (False, True, False, True):
        b.record_success() if ok else b.record_failure()
    assert b.state == "closed"  # 2 of 4 is 0.5 > 0.4, but only checked on a failure
    b.record_failure()
    assert b.state == "open"
    assert "failure rate 0.500 > 0.4 over the last 4 calls" in b.events[-1].detail


def test_without_a_failure_rate_alternating_failures_never_open(clock: Any) -> None:
    b = breaker(clock, failure_threshold=2, window_size=4, min_calls=4)
    for _ in range(50):
        b.record_failure()
        b.record_success()
    assert b.state == "closed"
    assert b.failure_rate == 0.5


def test_the_rate_rule_waits_for_min_calls(clock: Any) -> None:
    b = breaker(clock, failure_threshold=9, window_size=10, min_calls=5, failure_rate=0.1)
    b.record_success()
    b.record_failure()
    b.record_failure()
    assert b.state == "closed"
    b.record_success()
    b.record_failure()
    assert b.state == "open"


def test_caution_halves_the_consecutive_threshold_rounded_up(clock: Any) -> None:
    b = breaker(clock, failure_threshold=5)
    b.set_caution(True, "Sentinel: degraded")
    assert b.failure_threshold == 3
    for _ in range(3):
        b.record_failure()
    assert b.state == "open"
    b.set_caution(False)
    assert b.failure_threshold == 5
    assert [e.kind for e in b.events] == ["caution_on", "open", "caution_off"]


def test_force_open_and_reset(clock: Any) -> None:
    b = breaker(clock)
    b.force_open("operator")
    assert b.state == "open"
    assert not b.allow()
    b.reset()
    assert b.state == "closed"
    assert b.allow()
    assert b.events[0].detail == "closed -> open: forced: operator"


def test_new_settings_apply_at_once_and_are_recorded(clock: Any) -> None:
    b = breaker(clock, failure_threshold=5)
    b.configure(BreakerSettings(failure_threshold=2), "test")
    b.configure(BreakerSettings(failure_threshold=2), "same again: not recorded")
    b.record_failure()
    b.record_failure()
    assert b.state == "open"
    assert [e.kind for e in b.events] == ["settings", "open"]


def test_events_carry_the_clock_time(clock: Any) -> None:
    b = breaker(clock, failure_threshold=1, open_seconds=5.0)
    start = clock.now
    b.record_failure()
    clock.now += 7.0
    assert b.state == "half_open"
    assert [e.at for e in b.events] == [start, start + 5.0]  # when it became due
    assert all(e.part == "breaker" and e.subject == "cost-ops" for e in b.events)


def test_stats_count_calls_and_transitions(clock: Any) -> None:
    b = breaker(clock, failure_threshold=1, open_seconds=1.0, half_open_successes=1)
    b.record_success()
    b.record_failure()
    b.allow()
    clock.now += 1.0
    b.record_success()
    stats = b.stats
    assert (stats.successes, stats.failures, stats.rejections) == (2, 1, 1)
    assert (stats.opened, stats.half_opened, stats.closed) == (1, 1, 1)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("failure_threshold", 0),
        ("open_seconds", 0.0),
        ("half_open_successes", True),
        ("failure_rate", 1.5),
        ("min_calls", 101),
    ],
)
def test_bad_settings_name_the_field(field: str, value: Any) -> None:
    with pytest.raises(ConfigError, match=field):
        BreakerSettings(**{field: value})


def test_thresholds_map_the_circuit_breaker_rate(make_thresholds: Any) -> None:
    settings = BreakerSettings().with_thresholds(make_thresholds(circuitBreakerThreshold=0.25))
    assert settings.failure_rate == 0.25
    assert settings.failure_threshold == 5
