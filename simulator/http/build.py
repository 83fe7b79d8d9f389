"""Build the HTTP face of every service: ``build_apps(services, api_keys=...)``."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from simulator.http.app import ServiceApp
from simulator.services.base import Service

__all__ = ["DEFAULT_API_KEY", "build_apps"]

DEFAULT_API_KEY = "infrasim-test-key"


def build_apps(
    services: Iterable[Service],
    *,
    api_keys: Collection[str] = (DEFAULT_API_KEY,),
    validate: bool = True,
    strict: bool = False,
    profile: str = "consumer",
) -> dict[str, ServiceApp]:
    """Contract service name -> ``ServiceApp`` for each service."""
    return {
        s.name: ServiceApp(s, api_keys=api_keys, validate=validate, strict=strict, profile=profile)
        for s in services
    }
