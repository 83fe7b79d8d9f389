"""An httpx transport that puts every call of a client through a gate: breaker, limiter, outcome.

``GuardedTransport(inner, gate)`` wraps any ``httpx.BaseTransport`` (the real one, or the
in-process respx ``MockTransport``): before a request goes out, ``gate.before`` may refuse it
(``CircuitOpen``) or wait for a token through the clock; after it, ``gate.after`` learns the
outcome (a response, or the httpx transport error that replaced it, which is re-raised). So the
resilience layer sees every call of every adapter sharing the client, retries included, and the
adapters need no change.
"""

from __future__ import annotations

from typing import Protocol

import httpx

__all__ = ["Gate", "GuardedTransport"]


class Gate(Protocol):
    """What a guarded transport asks before and tells after each call."""

    def before(self, request: httpx.Request) -> str | None:
        """Admit (and pace) one request; the service it goes to, if known."""
        ...

    def after(
        self,
        service: str | None,
        response: httpx.Response | None,
        error: httpx.TransportError | None,
    ) -> None:
        """Learn how the call went."""
        ...


class GuardedTransport(httpx.BaseTransport):
    """Delegates to ``inner``, with ``gate`` consulted before and told after every call."""

    def __init__(self, inner: httpx.BaseTransport, gate: Gate) -> None:
        self.inner = inner
        self._gate = gate

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Admit, send through the inner transport, report the outcome."""
        service = self._gate.before(request)
        try:
            response = self.inner.handle_request(request)
        except httpx.TransportError as exc:
            self._gate.after(service, None, exc)
            raise
        self._gate.after(service, response, None)
        return response

    def close(self) -> None:
        """Close the inner transport."""
        self.inner.close()
