"""The consumer contracts of the seven Infra services: JSON Schema per type, OpenAPI per service."""

from contracts.bundle import bundled_openapi, inlined_schema
from contracts.check import CheckReport, check_contracts
from contracts.compat import CompatRow, compare_profiles, matrix, matrix_rows
from contracts.contract_set import ContractSet, ContractSetError, load_contract_set
from contracts.diff import Change, diff_contracts, diff_paths, has_breaking
from contracts.diff_render import render
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
from contracts.manifests import ManifestFinding, check_manifest, check_project

__all__ = [
    "BASE_URI",
    "PROFILES",
    "SERVICES",
    "Change",
    "CheckReport",
    "CompatRow",
    "ContractError",
    "ContractSet",
    "ContractSetError",
    "ContractViolation",
    "Endpoint",
    "Example",
    "ManifestFinding",
    "Parameter",
    "Validator",
    "bundled_openapi",
    "check_contracts",
    "check_manifest",
    "check_project",
    "compare_profiles",
    "diff_contracts",
    "diff_paths",
    "endpoint",
    "endpoints",
    "examples",
    "has_breaking",
    "inlined_schema",
    "load_contract_set",
    "load_openapi",
    "load_schema",
    "matrix",
    "matrix_rows",
    "registry",
    "render",
    "response_schema",
    "schema_names",
    "schema_uri",
    "validate",
    "validator",
]
