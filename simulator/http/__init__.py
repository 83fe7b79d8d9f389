"""The HTTP façade of the simulated services: handlers from httpx.Request to httpx.Response."""

from simulator.http.app import Route, ServiceApp, json_response
from simulator.http.build import DEFAULT_API_KEY, build_apps
from simulator.http.params import ParamSpec, operation_params, parse_query
from simulator.http.transport import (
    DEFAULT_DOMAIN,
    POLLED,
    Handler,
    InProcess,
    Intercept,
    base_url_for,
    build_inprocess,
)

__all__ = [
    "DEFAULT_API_KEY",
    "DEFAULT_DOMAIN",
    "POLLED",
    "Handler",
    "InProcess",
    "Intercept",
    "ParamSpec",
    "Route",
    "ServiceApp",
    "base_url_for",
    "build_apps",
    "build_inprocess",
    "json_response",
    "operation_params",
    "parse_query",
]
