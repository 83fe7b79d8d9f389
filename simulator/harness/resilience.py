"""The seed's internal resilience layer inside a rehearsal, between the adapters and the optimizer.

Seed section 3.1 claims four internal parts consume Infra signals instead of duplicating Infra.
Here they are real: a circuit breaker per service and a rate limiter in the adapters' transport
(thresholds from ConfigManager, pre-emptive opening from Sentinel), every poll round guarded by
its service's breaker (an open breaker skips the round; the adapter's cursors hold), and a
backpressure buffer between the adapters' handlers and the optimizer, drained at a stated ingest
rate, whose failed deliveries go to a dead-letter queue that retries on the simulated clock.

Settings come from the scenario's ``optimizer`` block: ``ingest_rate`` (items per second the
optimizer takes in, default 500), ``drain_interval`` (seconds, default 5) and
``buffer_capacity`` (default 10 000, the reference's).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from adapters import Adapters
from adapters.clock import Clock
from adapters.resilience import (
    BackpressureBuffer,
    BufferSettings,
    DeadLetterQueue,
    GuardedAdapter,
    Resilience,
    ResilienceEvent,
)

__all__ = ["ResilienceParts", "build_resilience"]

Sink = Callable[[str, Any], None]


@dataclass(slots=True)
class ResilienceParts:
    """The layer, the buffer and the dead-letter queue of one rehearsal."""

    layer: Resilience
    buffer: BackpressureBuffer
    dlq: DeadLetterQueue
    ingest_rate: float
    drain_interval: float
    guarded: dict[str, GuardedAdapter[Any]]

    def guard_all(self, adapters: Adapters) -> None:
        """Wrap every adapter's poll round in its service's breaker."""
        for adapter in adapters:
            self.guarded[adapter.service] = self.layer.guard(adapter)

    def subscribe(self, adapters: Adapters) -> None:
        """Let ConfigManager thresholds and Sentinel alerts steer the breakers and the limiter."""
        if adapters.config_manager is not None:
            adapters.config_manager.on_threshold_change(self.layer.on_thresholds)
        if adapters.sentinel is not None:
            adapters.sentinel.on_alert(self.layer.on_alert)

    def ingest(self, now: float) -> None:
        """One drain of the buffer at the ingest rate, and the dead letters that are due."""
        self.buffer.drain(limit=max(1, int(self.ingest_rate * self.drain_interval)))
        self.dlq.redeliver(now)

    def summary(self) -> dict[str, Any]:
        """Breakers, limiter, backpressure and dead letters, for the run's summary."""
        layer, buffer = self.layer, self.buffer
        return {
            "breakers": {
                name: asdict(b.stats) | {"state": b.state}
                for name, b in sorted(layer.breakers.items())
            },
            "limiter": {name: asdict(layer.limiter.stats(name)) for name in sorted(layer.breakers)},
            "backpressure": {
                "level": buffer.level,
                "size": buffer.size,
                "accepted": sum(buffer.accepted.values()),
                "delivered": sum(buffer.delivered.values()),
                "shed": dict(sorted(buffer.shed.items())),
                "transitions": {f"{a}->{b}": n for (a, b), n in sorted(buffer.transitions.items())},
            },
            "dead_letters": asdict(self.dlq.counts),
        }


def build_resilience(
    *,
    clock: Clock,
    sink: Sink,
    settings: Mapping[str, Any],
    on_event: Callable[[ResilienceEvent], object],
) -> ResilienceParts:
    """Assemble the layer for one rehearsal; ``sink(feed, item)`` hands an item to the optimizer."""
    dlq = DeadLetterQueue(clock=clock)
    buffer = BackpressureBuffer(
        clock=clock,
        sink=sink,
        settings=BufferSettings(capacity=int(settings.get("buffer_capacity", 10_000))),
        dead_letters=dlq,
        on_event=on_event,
    )
    return ResilienceParts(
        layer=Resilience(clock=clock, on_event=on_event),
        buffer=buffer,
        dlq=dlq,
        ingest_rate=float(settings.get("ingest_rate", 500.0)),
        drain_interval=float(settings.get("drain_interval", 5.0)),
        guarded={},
    )
