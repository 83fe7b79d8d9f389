"""The consumer contracts of the seven Infra services: JSON Schema per type, OpenAPI per service."""

from contracts.bundle import bundled_openapi, inlined_schema
from contracts.check import CheckReport, check_contracts
from contracts.errors import ContractError, ContractViolation
from contracts.example_files import Example, examples
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
    response_schema,
    schema_names,
    schema_uri,
    validate,
    validator,
)

__all__ = [
    "BASE_URI",
    "PROFILES",
    "SERVICES",
    "CheckReport",
    "ContractError",
    "ContractViolation",
    "Endpoint",
    "Example",
    "Parameter",
    "Validator",
    "bundled_openapi",
    "check_contracts",
    "endpoint",
    "endpoints",
    "examples",
    "inlined_schema",
    "load_openapi",
    "load_schema",
    "registry",
    "response_schema",
    "schema_names",
    "schema_uri",
    "validate",
    "validator",
]
