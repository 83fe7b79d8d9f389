"""The consumer contracts of the seven Infra services: JSON Schema per type, OpenAPI per service."""

from contracts.errors import ContractError, ContractViolation
from contracts.loader import (
    BASE_URI,
    PROFILES,
    SERVICES,
    Endpoint,
    Parameter,
    Validator,
    endpoint,
    endpoints,
    load_openapi,
    load_schema,
    registry,
    schema_names,
    schema_uri,
    validate,
    validator,
)

__all__ = [
    "BASE_URI",
    "PROFILES",
    "SERVICES",
    "ContractError",
    "ContractViolation",
    "Endpoint",
    "Parameter",
    "Validator",
    "endpoint",
    "endpoints",
    "load_openapi",
    "load_schema",
    "registry",
    "schema_names",
    "schema_uri",
    "validate",
    "validator",
]
