"""The internal resilience layer between the adapters and the optimizer, steered by Infra signals.

Circuit breakers per service and a rate limiter sit in a ``GuardedTransport`` on the adapters'
``httpx.Client`` and a ``GuardedAdapter`` around each poll round; a ``BackpressureBuffer`` sits
between the adapters' handlers and the optimizer, and a ``DeadLetterQueue`` keeps what failed.
Own small modules, because every part must read time and wait only through the injected
``Clock`` (simulated time in a rehearsal): pybreaker and circuitbreaker read the wall clock,
aiolimiter and purgatory are asyncio-only, limits reads ``time.time()`` with a timer thread and
never waits, pyrate-limiter waits with ``time.sleep`` on fixed rates (no AIMD), and tenacity is
a blocking retry loop, not a retry schedule.
"""

from __future__ import annotations

from adapters.resilience.backpressure import (
    DEFAULT_PRIORITIES,
    BackpressureBuffer,
    BufferLevel,
    BufferSettings,
    Sink,
)
from adapters.resilience.breaker import (
    BreakerSettings,
    BreakerState,
    BreakerStats,
    CircuitBreaker,
)
from adapters.resilience.dead_letters import (
    DeadLetterQueue,
    DlqCounts,
    DlqEntry,
    DlqSettings,
    DlqState,
    Redelivery,
)
from adapters.resilience.errors import CircuitOpen, ResilienceError
from adapters.resilience.events import EventListener, EventRecorder, ResilienceEvent
from adapters.resilience.guard import GuardedAdapter, SkippedRound
from adapters.resilience.layer import Resilience
from adapters.resilience.limiter import (
    TOTAL,
    Budget,
    LimiterSettings,
    LimiterStats,
    RateLimiter,
    TokenBucket,
)
from adapters.resilience.plain import to_plain
from adapters.resilience.sentinel_link import OPENING_SEVERITIES, SentinelLink, names_service
from adapters.resilience.transport import Gate, GuardedTransport

__all__ = [
    "DEFAULT_PRIORITIES",
    "OPENING_SEVERITIES",
    "TOTAL",
    "BackpressureBuffer",
    "BreakerSettings",
    "BreakerState",
    "BreakerStats",
    "Budget",
    "BufferLevel",
    "BufferSettings",
    "CircuitBreaker",
    "CircuitOpen",
    "DeadLetterQueue",
    "DlqCounts",
    "DlqEntry",
    "DlqSettings",
    "DlqState",
    "EventListener",
    "EventRecorder",
    "Gate",
    "GuardedAdapter",
    "GuardedTransport",
    "LimiterSettings",
    "LimiterStats",
    "RateLimiter",
    "Redelivery",
    "Resilience",
    "ResilienceError",
    "ResilienceEvent",
    "SentinelLink",
    "Sink",
    "SkippedRound",
    "TokenBucket",
    "names_service",
    "to_plain",
]
