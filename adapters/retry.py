"""When to retry a failed request and how long to wait: decided on status codes, never on text.

Retried: no response at all (connection refused or reset, timeout) and the statuses 429, 500,
502, 503, 504. A 429 waits what its ``Retry-After`` says (seconds or an HTTP date) unless that
is longer than ``max_retry_after``, when the call gives up at once; every other retry waits
``min(base * 2**attempt, cap)`` seconds (the reference's schedule) scaled by a jitter factor in
[0.5, 1] drawn from the adapter's own seeded ``random.Random``.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from adapters.config import AdapterConfig
from adapters.errors import AdapterError, RateLimited, ServiceUnavailable, TransportError

__all__ = ["RETRYABLE_STATUS", "RetryPolicy", "parse_retry_after"]

RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
_MAX_EXPONENT = 62


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryPolicy:
    """How many times to retry and how long to wait between attempts."""

    enabled: bool = True
    max_retries: int = 3
    base: float = 1.0
    cap: float = 30.0
    max_retry_after: float = 60.0

    @classmethod
    def from_config(cls, config: AdapterConfig) -> RetryPolicy:
        """The policy an adapter config asks for."""
        return cls(
            enabled=config.enable_retry,
            max_retries=config.max_retries,
            base=config.backoff_base,
            cap=config.backoff_cap,
            max_retry_after=config.max_retry_after,
        )

    def backoff(self, attempt: int, rng: random.Random) -> float:
        """The jittered wait after the failed attempt number ``attempt`` (0-based)."""
        ceiling = min(self.base * 2.0 ** min(attempt, _MAX_EXPONENT), self.cap)
        return ceiling * (0.5 + 0.5 * rng.random())

    def delay(self, error: AdapterError, attempt: int, rng: random.Random) -> float | None:
        """Seconds to wait before retrying after ``error``, or None to give up."""
        if not self.enabled or attempt >= self.max_retries or not is_retryable(error):
            return None
        if isinstance(error, RateLimited) and error.retry_after is not None:
            return error.retry_after if error.retry_after <= self.max_retry_after else None
        return self.backoff(attempt, rng)


def is_retryable(error: AdapterError) -> bool:
    """True for a missing response, a 429 and the transient 5xx statuses."""
    if isinstance(error, TransportError):
        return True
    if isinstance(error, RateLimited | ServiceUnavailable):
        return error.status_code in RETRYABLE_STATUS
    return False


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date), or None."""
    if value is None:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        return _seconds_until(text, now)
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return seconds


def _seconds_until(text: str, now: float) -> float | None:
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None or moment.tzinfo is None:
        return None
    return max(0.0, moment.timestamp() - now)
