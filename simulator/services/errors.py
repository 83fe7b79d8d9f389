"""Errors of the simulated services; each maps to one HTTP status in the façade.

ServiceError          the root: any failure of a simulated service
├── NotFound          an id that the service does not hold (404)
└── BadRequest        a query value the service cannot use (400)
"""

from __future__ import annotations

__all__ = ["BadRequest", "NotFound", "ServiceError"]


class ServiceError(Exception):
    """Root of the simulated services' errors; ``status`` and ``code`` name the HTTP answer."""

    status = 500
    code = "internal_error"


class NotFound(ServiceError):
    """The service holds no item with the requested id."""

    status = 404
    code = "not_found"


class BadRequest(ServiceError):
    """A query parameter has a value the service cannot use."""

    status = 400
    code = "bad_request"
