"""The adapters' errors: one root, the HTTP outcome in the class, the request and response kept.

Tree::

    AdapterError                    root: every failure an adapter raises
    ├── ConfigError                 a config value is unusable (also a ValueError)
    ├── InvalidArgument             a call argument cannot be sent unambiguously (also ValueError)
    ├── ContractViolation           a 2xx payload breaks the consumer contract
    │                               (also contracts.ContractViolation: same fields)
    ├── MalformedResponse           a 2xx body that is not JSON (empty, HTML, truncated)
    ├── TransportError              no response: connection refused or reset, protocol error
    │   └── RequestTimeout          the per-request timeout expired
    └── HTTPStatusError             a non-2xx response (``.status_code``)
        ├── AuthenticationError     401 or 403
        ├── NotFound                404
        ├── RateLimited             429 (``.retry_after`` seconds, or None)
        └── ServiceUnavailable      5xx

Retryable: ``TransportError`` (timeouts included), 429, 500, 502, 503 and 504, decided on the
exception class and status code, never on message text (D3). Every error keeps ``.request``
and, when there was one, ``.response``; messages never contain the API key.
"""

from __future__ import annotations

from typing import Any

import httpx

from contracts import errors as contract_errors

__all__ = [
    "AdapterError",
    "AuthenticationError",
    "ConfigError",
    "ContractViolation",
    "HTTPStatusError",
    "InvalidArgument",
    "MalformedResponse",
    "NotFound",
    "RateLimited",
    "RequestTimeout",
    "ServiceUnavailable",
    "TransportError",
]


class AdapterError(Exception):
    """Root of every error an adapter raises; ``.request``/``.response`` when there were any."""

    request: httpx.Request | None = None
    response: httpx.Response | None = None

    def __init__(
        self,
        message: str,
        *,
        request: httpx.Request | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        super().__init__(message)
        self.request = request
        self.response = response


class ConfigError(AdapterError, ValueError):
    """A configuration value is missing or out of range."""


class InvalidArgument(AdapterError, ValueError):
    """A call argument cannot be sent unambiguously (empty id, comma in a list item, NaN ...)."""


class ContractViolation(AdapterError, contract_errors.ContractViolation):
    """A 2xx payload breaks the consumer contract: service, operation, JSON path, value."""

    def __init__(
        self,
        *,
        service: str,
        where: str,
        json_path: str,
        value: Any,
        reason: str,
        request: httpx.Request | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        contract_errors.ContractViolation.__init__(
            self, service=service, where=where, json_path=json_path, value=value, reason=reason
        )
        self.request = request
        self.response = response

    @classmethod
    def wrap(
        cls,
        error: contract_errors.ContractViolation,
        *,
        request: httpx.Request | None = None,
        response: httpx.Response | None = None,
    ) -> ContractViolation:
        """The same violation as an adapter error carrying the exchange."""
        return cls(
            service=error.service,
            where=error.where,
            json_path=error.json_path,
            value=error.value,
            reason=error.reason,
            request=request,
            response=response,
        )


class MalformedResponse(AdapterError):
    """A 2xx response whose body is not a JSON document."""


class TransportError(AdapterError):
    """The request got no HTTP response (refused, reset, protocol error)."""


class RequestTimeout(TransportError):
    """The request did not complete within the configured timeout."""


class HTTPStatusError(AdapterError):
    """The service answered with a non-2xx status."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        request: httpx.Request | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        super().__init__(message, request=request, response=response)
        self.status_code = status_code


class AuthenticationError(HTTPStatusError):
    """The service refused the credentials (401) or the access (403)."""


class NotFound(HTTPStatusError):
    """The path or the identified resource does not exist (404)."""


class RateLimited(HTTPStatusError):
    """The service asked the client to slow down (429); ``retry_after`` in seconds if given."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int = 429,
        retry_after: float | None = None,
        request: httpx.Request | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        super().__init__(message, status_code=status_code, request=request, response=response)
        self.retry_after = retry_after


class ServiceUnavailable(HTTPStatusError):
    """The service failed on its side (5xx)."""
