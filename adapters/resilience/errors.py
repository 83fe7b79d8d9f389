"""The resilience layer's errors: one root under the adapters' root.

Tree::

    AdapterError (adapters.errors)
    └── ResilienceError             root of the resilience layer's own failures
        └── CircuitOpen             a call refused because its service's breaker is open

A bad setting raises the adapters' ``ConfigError``. ``CircuitOpen`` is an ``AdapterError`` on
purpose: the adapters' retry policy does not retry it (it is not retryable) and a feed that hits
it fails like any other fetch, so its cursor does not move and nothing is lost.
"""

from __future__ import annotations

from adapters.errors import AdapterError

__all__ = ["CircuitOpen", "ResilienceError"]


class ResilienceError(AdapterError):
    """Root of every error the resilience layer raises."""


class CircuitOpen(ResilienceError):
    """A call refused without sending it: the service's circuit breaker is open."""

    def __init__(self, message: str, *, service: str, retry_at: float | None) -> None:
        super().__init__(message)
        self.service = service
        self.retry_at = retry_at
