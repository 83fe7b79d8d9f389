"""The rate limiter: buckets waiting through the clock, per service and in total, and AIMD."""

from __future__ import annotations

from typing import Any

import pytest

from adapters import ConfigError
from adapters.resilience import Budget, LimiterSettings, RateLimiter, TokenBucket


def limiter(clock: Any, **settings: Any) -> RateLimiter:
    return RateLimiter(clock=clock, settings=LimiterSettings(**settings))


def test_the_reference_budgets_are_the_defaults() -> None:
    s = LimiterSettings()
    assert s.per_service == Budget(rate=100.0, burst=200.0)
    assert s.total == Budget(rate=10_000.0, burst=10_000.0)


def test_a_bucket_gives_its_burst_then_one_token_per_interval() -> None:
    bucket = TokenBucket(rate=2.0, burst=3.0, now=0.0)
    assert [bucket.reserve(0.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.reserve(0.0) == 0.5
    assert bucket.reserve(0.0) == 1.0  # reservations queue in order
    assert bucket.reserve(10.0) == 0.0  # refilled, never over the burst
    assert bucket.tokens == 2.0


def test_calls_over_the_service_budget_wait_through_the_clock(clock: Any) -> None:
    lim = limiter(clock, per_service=Budget(rate=10.0, burst=2.0))
    waits = [lim.acquire("cost-ops") for _ in range(4)]
    assert waits == [0.0, 0.0, pytest.approx(0.1), pytest.approx(0.1)]
    assert clock.sleeps == [pytest.approx(0.1), pytest.approx(0.1)]
    assert lim.stats("cost-ops").waited == pytest.approx(0.2)
    assert lim.stats("cost-ops").calls == 4


def test_services_have_their_own_buckets_and_share_the_total(clock: Any) -> None:
    lim = limiter(clock, per_service=Budget(rate=1.0, burst=1.0), total=Budget(rate=1.0, burst=2.0))
    assert lim.acquire("cost-ops") == 0.0
    assert lim.acquire("sentinel") == 0.0  # its own bucket is full
    assert lim.acquire("shield") == pytest.approx(1.0)  # but the total is spent


def test_an_override_sets_one_services_budget(clock: Any) -> None:
    lim = limiter(clock, overrides={"observatory": Budget(rate=5.0, burst=1.0)})
    assert lim.rate("observatory") == 5.0
    assert lim.rate("cost-ops") == 100.0


def test_a_429_halves_the_rate_and_holds_calls_until_retry_after(clock: Any) -> None:
    lim = limiter(clock, per_service=Budget(rate=8.0, burst=8.0))
    lim.throttled("cost-ops", retry_after=2.0)
    assert lim.rate("cost-ops") == 4.0
    assert lim.acquire("cost-ops") == pytest.approx(2.0)
    assert lim.stats("cost-ops").throttled == 1
    assert lim.events[-1].kind == "decrease"
    assert "8/s -> 4/s: 429, Retry-After=2.0" in lim.events[-1].detail


def test_repeated_429s_keep_decreasing_down_to_the_floor(clock: Any) -> None:
    lim = limiter(clock, per_service=Budget(rate=1.0, burst=1.0), min_rate=0.2, decrease_gap=0.0)
    for _ in range(5):
        lim.throttled("cost-ops")
    assert lim.rate("cost-ops") == 0.2


def test_429s_within_the_decrease_gap_count_once(clock: Any) -> None:
    lim = limiter(clock, per_service=Budget(rate=8.0, burst=8.0), decrease_gap=1.0)
    lim.throttled("cost-ops")
    lim.throttled("cost-ops")
    assert lim.rate("cost-ops") == 4.0
    clock.now += 1.0
    lim.throttled("cost-ops")
    assert lim.rate("cost-ops") == 2.0
    assert lim.stats("cost-ops").throttled == 3


def test_the_rate_recovers_additively_up_to_the_budget(clock: Any) -> None:
    lim = limiter(
        clock,
        per_service=Budget(rate=10.0, burst=10.0),
        increase_fraction=0.25,
        recovery_seconds=5.0,
    )
    lim.throttled("cost-ops")
    assert lim.rate("cost-ops") == 5.0
    lim.succeeded("cost-ops")
    assert lim.rate("cost-ops") == 5.0  # not before a recovery period
    rates = []
    for _ in range(4):
        clock.now += 5.0
        lim.succeeded("cost-ops")
        rates.append(lim.rate("cost-ops"))
    assert rates == [7.5, 10.0, 10.0, 10.0]
    assert lim.stats("cost-ops").increases == 2


def test_new_settings_keep_a_throttled_rate_under_its_new_budget(clock: Any) -> None:
    lim = limiter(clock, per_service=Budget(rate=10.0, burst=10.0))
    lim.rate("sentinel")
    lim.throttled("cost-ops")
    lim.configure(LimiterSettings(per_service=Budget(rate=20.0, burst=4.0)), "larger budget")
    assert lim.rate("cost-ops") == 5.0  # still throttled: it recovers additively
    assert lim.rate("sentinel") == 20.0  # was at its budget: follows it
    lim.configure(LimiterSettings(per_service=Budget(rate=4.0, burst=4.0)))
    assert lim.rate("cost-ops") == 4.0  # capped by the smaller budget
    assert lim.rate("sentinel") == 4.0
    assert lim.events[-1].kind == "settings"


def test_thresholds_set_the_error_rate_trigger(make_thresholds: Any) -> None:
    settings = LimiterSettings().with_thresholds(make_thresholds(warningThreshold=0.1))
    assert settings.error_rate_trigger == 0.1


def test_slow_down_is_a_multiplicative_decrease_with_a_reason(clock: Any) -> None:
    lim = limiter(clock, per_service=Budget(rate=10.0, burst=10.0))
    assert lim.slow_down("cost-ops", "failure rate")
    assert not lim.slow_down("cost-ops", "again within the gap")
    assert lim.rate("cost-ops") == 5.0


@pytest.mark.parametrize(
    ("field", "value"),
    [("decrease_factor", 2.0), ("recovery_seconds", 0), ("error_rate_trigger", -0.1)],
)
def test_bad_limiter_settings_name_the_field(field: str, value: Any) -> None:
    with pytest.raises(ConfigError, match=field):
        LimiterSettings(**{field: value})


def test_a_budget_needs_a_positive_rate() -> None:
    with pytest.raises(ConfigError, match="rate"):
        Budget(rate=0.0, burst=1.0)
