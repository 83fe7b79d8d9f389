"""Load the contract files (JSON Schema per type, OpenAPI 3.1 per service) and validate with them.

Layout, for each profile (``consumer`` is the adapters' contract v1, ``upstream`` the services as
really published)::

    contracts/<profile>/<service>/openapi.json          paths, parameters, envelopes, responses
    contracts/<profile>/<service>/schemas/<Type>.json   one JSON Schema (2020-12) per payload type
    contracts/<profile>/<service>/examples/<Type>.valid[.N].json / <Type>.invalid[.N].json

Every schema's ``$id`` is ``{BASE_URI}<profile>/v1/<service>/schemas/<Type>.json``; the OpenAPI
document refers to its schemas as ``schemas/<Type>.json`` relative to
``{BASE_URI}<profile>/v1/<service>/openapi.json``. Each operation names its envelope key
(``x-envelope``, absent for a bare object) and its payload type (``x-response-type``).

Validation is checked twice over the same schemas: a compiled validator (jsonschema-rs) answers
"valid?" on the hot path; only when the answer is no does the reference validator (jsonschema,
with its date-time format checker) compute the best-matching error for the message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

import jsonschema
import jsonschema_rs
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from contracts.errors import ContractError, ContractViolation

__all__ = [
    "BASE_URI",
    "PROFILES",
    "SERVICES",
    "Endpoint",
    "Parameter",
    "Validator",
    "endpoint",
    "endpoints",
    "load_openapi",
    "load_schema",
    "openapi_uri",
    "registry",
    "response_schema",
    "schema_names",
    "schema_uri",
    "service_dir",
    "validate",
    "validator",
]

BASE_URI = "https://infrasim.invalid/contracts/"
PROFILES = ("consumer", "upstream")
SERVICES = (
    "cost-ops",
    "latency-lens",
    "sentinel",
    "shield",
    "observatory",
    "config-manager",
    "router-l2",
)
_HTTP_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True, slots=True)
class Parameter:
    """One query or path parameter of an endpoint, with its wire name and JSON type."""

    name: str
    location: str
    type: str
    required: bool


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One operation of a service's OpenAPI document."""

    service: str
    operation_id: str
    method: str
    path: str
    parameters: tuple[Parameter, ...]
    envelope: str | None
    response_type: str
    profile: str = "consumer"

    @property
    def path_pattern(self) -> re.Pattern[str]:
        """A regex matching concrete paths; ``{param}`` matches one segment."""
        return _path_regex(self.path)


@cache
def _path_regex(path: str) -> re.Pattern[str]:
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(path))
    return re.compile(f"^{pattern}$")


def _root(profile: str) -> Traversable:
    if profile not in PROFILES:
        raise ContractError(f"Expected a profile in {PROFILES}, got profile={profile!r}.")
    return files("contracts") / profile


def service_dir(service: str, profile: str = "consumer") -> Traversable:
    """The folder of one service's contract files (openapi.json, schemas/, examples/)."""
    if service not in SERVICES:
        raise ContractError(f"Expected a service in {SERVICES}, got service={service!r}.")
    return _root(profile) / service


def read_json(path: Traversable) -> Any:
    """Parse one JSON contract file; a missing or malformed file raises ContractError."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ContractError(f"Contract file {path} does not exist.") from exc
    except json.JSONDecodeError as exc:
        raise ContractError(f"Contract file {path} is not valid JSON: {exc}.") from exc


def schema_uri(service: str, name: str, profile: str = "consumer") -> str:
    """The ``$id`` of a type's schema."""
    return f"{BASE_URI}{profile}/v1/{service}/schemas/{name}.json"


def openapi_uri(service: str, profile: str = "consumer") -> str:
    """The base URI of a service's OpenAPI document (its relative refs resolve against it)."""
    return f"{BASE_URI}{profile}/v1/{service}/openapi.json"


@cache
def schema_names(service: str, profile: str = "consumer") -> tuple[str, ...]:
    """The type names that have a schema file, sorted."""
    folder = service_dir(service, profile) / "schemas"
    if not folder.is_dir():
        return ()
    return tuple(
        sorted(p.name[: -len(".json")] for p in folder.iterdir() if p.name.endswith(".json"))
    )


@cache
def load_schema(service: str, name: str, profile: str = "consumer") -> Mapping[str, Any]:
    """One type's JSON Schema, as shipped."""
    if name not in schema_names(service, profile):
        raise ContractError(f"Service {service} has no schema named {name!r} in profile {profile}.")
    schema = read_json(service_dir(service, profile) / "schemas" / f"{name}.json")
    if not isinstance(schema, dict):
        raise ContractError(f"Schema {service}/{name} is not a JSON object.")
    return schema


@cache
def load_openapi(service: str, profile: str = "consumer") -> Mapping[str, Any]:
    """A service's OpenAPI 3.1 document, as shipped (schemas referenced, not inlined)."""
    doc = read_json(service_dir(service, profile) / "openapi.json")
    if not isinstance(doc, dict) or "paths" not in doc:
        raise ContractError(f"OpenAPI document of {service} ({profile}) has no 'paths'.")
    return doc


@cache
def registry(profile: str = "consumer") -> Registry[Any]:
    """Every schema of every service of a profile, addressed by its ``$id``."""
    resources = []
    for service in SERVICES:
        for name in schema_names(service, profile):
            schema = load_schema(service, name, profile)
            uri = schema.get("$id")
            if uri != schema_uri(service, name, profile):
                raise ContractError(
                    f"Schema {service}/{name} has $id={uri!r}, "
                    f"expected {schema_uri(service, name, profile)!r}."
                )
            resources.append((uri, Resource.from_contents(schema, DRAFT202012)))
    return Registry().with_resources(resources)


def _operations(doc: Mapping[str, Any]) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    for path, item in doc["paths"].items():
        for method in _HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


def _parameter(raw: Mapping[str, Any]) -> Parameter:
    schema = raw.get("schema", {})
    return Parameter(
        name=raw["name"],
        location=raw["in"],
        type=str(schema.get("type", "string")),
        required=bool(raw.get("required", False)),
    )


@cache
def endpoints(profile: str = "consumer", service: str | None = None) -> tuple[Endpoint, ...]:
    """Every operation of a profile (or of one service), in document order."""
    services = SERVICES if service is None else (service,)
    found = []
    for name in services:
        doc = load_openapi(name, profile)
        for path, method, op in _operations(doc):
            found.append(
                Endpoint(
                    service=name,
                    operation_id=op["operationId"],
                    method=method.upper(),
                    path=path,
                    parameters=tuple(_parameter(p) for p in op.get("parameters", ())),
                    envelope=op.get("x-envelope"),
                    response_type=op.get("x-response-type", ""),
                    profile=profile,
                )
            )
    return tuple(found)


def endpoint(service: str, operation_id: str, profile: str = "consumer") -> Endpoint:
    """One operation by its ``operationId``."""
    for found in endpoints(profile, service):
        if found.operation_id == operation_id:
            return found
    raise ContractError(
        f"Service {service} has no operation {operation_id!r} in profile {profile}."
    )


def response_schema(service: str, operation_id: str, profile: str = "consumer") -> dict[str, Any]:
    """The first 2xx response schema of an operation, standalone (refs left relative)."""
    doc = load_openapi(service, profile)
    for _path, _method, op in _operations(doc):
        if op["operationId"] == operation_id:
            success = sorted(code for code in op["responses"] if str(code).startswith("2"))
            if not success:
                raise ContractError(f"Operation {service}.{operation_id} has no 2xx response.")
            body = op["responses"][success[0]]["content"]["application/json"]["schema"]
            # Same folder as openapi.json, so its relative refs resolve the same way.
            uri = f"{BASE_URI}{profile}/v1/{service}/{operation_id}.response.json"
            return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": uri, **body}
    raise ContractError(
        f"Service {service} has no operation {operation_id!r} in profile {profile}."
    )


def _json_path(error: jsonschema.ValidationError) -> str:
    return error.json_path


class Validator:
    """A compiled validator for one type or one operation's 200 response."""

    def __init__(self, schema: dict[str, Any], *, service: str, where: str, profile: str) -> None:
        self.service = service
        self.where = where
        reg = registry(profile)
        self._fast = jsonschema_rs.validator_for(
            schema,
            registry=jsonschema_rs.Registry([(str(uri), reg.contents(uri)) for uri in reg]),
            validate_formats=True,
        )
        self._reference = jsonschema.Draft202012Validator(
            schema,
            registry=reg,
            format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
        )

    def is_valid(self, instance: Any) -> bool:
        """True when the instance satisfies the contract."""
        return bool(self._fast.is_valid(instance))

    def validate(self, instance: Any) -> None:
        """Raise ContractViolation (best-matching error) unless the instance is valid."""
        if self._fast.is_valid(instance):
            return
        error = best_match(self._reference.iter_errors(instance))
        if error is None:  # the two validators disagree: report it rather than pass silently
            raise ContractViolation(
                service=self.service,
                where=self.where,
                json_path="$",
                value=instance,
                reason="rejected by the compiled validator only",
            )
        raise ContractViolation(
            service=self.service,
            where=self.where,
            json_path=_json_path(error),
            value=error.instance,
            reason=error.message,
        )


@cache
def validator(
    service: str,
    *,
    schema: str | None = None,
    operation: str | None = None,
    profile: str = "consumer",
) -> Validator:
    """The cached validator for a type (``schema=``) or an operation's response (``operation=``)."""
    if (schema is None) == (operation is None):
        raise ContractError("Name exactly one of schema= or operation=.")
    if schema is not None:
        body = dict(load_schema(service, schema, profile))
        return Validator(body, service=service, where=schema, profile=profile)
    assert operation is not None
    body = response_schema(service, operation, profile)
    return Validator(body, service=service, where=operation, profile=profile)


def validate(
    instance: Any,
    *,
    service: str,
    schema: str | None = None,
    operation: str | None = None,
    profile: str = "consumer",
) -> None:
    """Validate against a type or an operation's 200 response; raise ContractViolation."""
    validator(service, schema=schema, operation=operation, profile=profile).validate(instance)
