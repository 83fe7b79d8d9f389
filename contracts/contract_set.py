"""Contract documents read from disk (a profile, a service, or one OpenAPI file), refs resolved.

The packaged loader (``contracts.loader``) serves the two shipped profiles by name; this module
reads any folder laid out the same way, so that two versions of a contract can be compared::

    <profile>/<service>/openapi.json + schemas/<Type>.json     a profile folder (several services)
    <service>/openapi.json + schemas/<Type>.json               one service folder
    <anything>.json (+ schemas/ beside it)                     one OpenAPI document

Every schema is registered under its ``$id`` and under a file address
(``file:///<service>/schemas/<Type>.json``): ``$id``-relative and file-relative refs resolve.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin

from contracts.errors import ContractError
from contracts.loader import PROFILES, SERVICES

__all__ = [
    "ContractSet",
    "ContractSetError",
    "Node",
    "Operation",
    "load_contract_set",
    "operations",
    "success_response",
]

_METHODS = ("get", "post", "put", "patch", "delete")


class ContractSetError(ContractError):
    """A contract folder or file given on the command line is unusable (names the file)."""


@dataclass(frozen=True, slots=True)
class Node:
    """A schema (or part of one) with the URI its relative $refs resolve against."""

    schema: Any
    base: str
    type_name: str | None = None


@dataclass(frozen=True, slots=True)
class Service:
    """One service's OpenAPI document and its named schemas."""

    name: str
    openapi: Mapping[str, Any]
    schemas: Mapping[str, Mapping[str, Any]]

    @property
    def uri(self) -> str:
        """The file address of the OpenAPI document (its relative refs resolve against it)."""
        return f"file:///{self.name}/openapi.json"

    @property
    def missing(self) -> bool:
        """True when the document says the service does not exist upstream."""
        return bool(self.openapi.get("x-missing-service", False))

    def type_node(self, name: str) -> Node | None:
        """The schema of a named type, or None when the service has no such schema."""
        if name not in self.schemas:
            return None
        return Node(self.schemas[name], schema_file_uri(self.name, name), name)


@dataclass(frozen=True)
class ContractSet:
    """Services by name, plus every document by URI for $ref resolution."""

    label: str
    services: Mapping[str, Service]
    documents: Mapping[str, Any] = field(repr=False)
    names: Mapping[str, str] = field(repr=False)

    def deref(self, node: Node) -> Node:
        """Follow $ref chains (a sibling-less $ref) to the schema they point at."""
        seen: set[str] = set()
        while isinstance(node.schema, Mapping) and isinstance(node.schema.get("$ref"), str):
            uri = urljoin(node.base, node.schema["$ref"])
            if uri in seen:
                break
            seen.add(uri)
            target = self._lookup(uri)
            if target is None:
                break
            node = target
        return node

    def ref_type(self, node: Node) -> str | None:
        """The type name a ``$ref`` node points at as a whole schema file, else None."""
        if isinstance(node.schema, Mapping) and isinstance(node.schema.get("$ref"), str):
            return self.names.get(urljoin(node.base, node.schema["$ref"]))
        return None

    def _lookup(self, uri: str) -> Node | None:
        doc_uri, _, fragment = uri.partition("#")
        if doc_uri not in self.documents:
            return None
        target: Any = self.documents[doc_uri]
        for part in [p for p in unquote(fragment).split("/") if p]:
            key = part.replace("~1", "/").replace("~0", "~")
            if isinstance(target, Mapping) and key in target:
                target = target[key]
            elif isinstance(target, list) and key.isdigit() and int(key) < len(target):
                target = target[int(key)]
            else:
                return None
        base = doc_uri
        return Node(target, base, self.names.get(doc_uri) if not fragment.strip("/") else None)


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation of a service, flattened for comparison."""

    service: str
    operation_id: str
    method: str
    path: str
    raw: Mapping[str, Any]
    base: str

    @property
    def envelope(self) -> str | None:
        """The envelope key of the response, None for a bare body."""
        value = self.raw.get("x-envelope")
        return value if isinstance(value, str) else None

    @property
    def response_type(self) -> str:
        """The payload type name (``x-response-type``), empty when none is named."""
        return str(self.raw.get("x-response-type", ""))

    @property
    def unrecorded(self) -> bool:
        """True when the upstream report does not record the response body's fields."""
        return bool(self.raw.get("x-body-unrecorded", False))

    def parameters(self) -> list[Mapping[str, Any]]:
        """The operation's parameters (path-level ones are not used by these documents)."""
        return [p for p in self.raw.get("parameters", ()) if isinstance(p, Mapping)]


def schema_file_uri(service: str, name: str) -> str:
    """The file address of a service's type schema."""
    return f"file:///{service}/schemas/{name}.json"


def operations(service: Service) -> Iterator[Operation]:
    """Every operation of a service, in document order."""
    paths = service.openapi.get("paths", {})
    for path, item in paths.items() if isinstance(paths, Mapping) else ():
        for method in _METHODS:
            op = item.get(method) if isinstance(item, Mapping) else None
            if isinstance(op, Mapping):
                op_id = str(op.get("operationId", f"{method} {path}"))
                yield Operation(service.name, op_id, method.upper(), path, op, service.uri)


def success_response(op: Operation) -> tuple[str, Node | None] | None:
    """The first 2xx response: its status and its JSON body schema (None when it has no body)."""
    responses = op.raw.get("responses", {})
    codes = sorted(c for c in responses if str(c).startswith("2"))
    if not codes:
        return None
    response = responses[codes[0]]
    content = response.get("content", {}) if isinstance(response, Mapping) else {}
    body = content.get("application/json", {}).get("schema")
    return str(codes[0]), (None if body is None else Node(body, op.base))


def _read_json(path: Traversable) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ContractSetError(f"Contract file {path} does not exist.") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ContractSetError(f"Contract file {path} is not valid JSON: {exc}.") from exc


def _read_service(name: str, openapi_file: Traversable, folder: Traversable) -> Service:
    doc = _read_json(openapi_file)
    if not isinstance(doc, dict) or not isinstance(doc.get("paths"), dict):
        raise ContractSetError(
            f"Contract file {openapi_file} is not an OpenAPI document (no 'paths')."
        )
    schemas: dict[str, Mapping[str, Any]] = {}
    schema_dir = folder / "schemas"
    if schema_dir.is_dir():
        for item in sorted(schema_dir.iterdir(), key=lambda p: p.name):
            if item.name.endswith(".json"):
                schema = _read_json(item)
                if not isinstance(schema, dict):
                    raise ContractSetError(f"Contract file {item} is not a JSON object.")
                schemas[item.name[: -len(".json")]] = schema
    return Service(name, doc, schemas)


def _index(services: Mapping[str, Service]) -> tuple[dict[str, Any], dict[str, str]]:
    documents: dict[str, Any] = {}
    names: dict[str, str] = {}
    for service in services.values():
        documents[service.uri] = service.openapi
        for name, schema in service.schemas.items():
            for uri in {schema_file_uri(service.name, name), str(schema.get("$id", ""))} - {""}:
                documents[uri] = schema
                names[uri] = name
    return documents, names


def _services_of(root: Traversable) -> dict[str, Service]:
    if root.is_file():
        parent = Path(str(root)).resolve().parent
        return {parent.name: _read_service(parent.name, root, parent)}
    if (root / "openapi.json").is_file():
        name = Path(str(root)).resolve().name
        return {name: _read_service(name, root / "openapi.json", root)}
    found = {
        item.name: _read_service(item.name, item / "openapi.json", item)
        for item in root.iterdir()
        if item.is_dir() and (item / "openapi.json").is_file()
    }
    if not found:
        raise ContractSetError(
            f"Folder {root} holds no openapi.json (neither a service nor a profile folder)."
        )
    order = {name: i for i, name in enumerate(SERVICES)}
    return {k: found[k] for k in sorted(found, key=lambda n: (order.get(n, len(order)), n))}


def load_contract_set(source: str | Path | Traversable) -> ContractSet:
    """Read a profile folder, a service folder or an OpenAPI file; a shipped profile by its name."""
    root: Traversable
    if isinstance(source, str) and source in PROFILES and not Path(source).exists():
        root = files("contracts") / source
    elif isinstance(source, str | Path):
        root = Path(source)
        if not root.exists():
            raise ContractSetError(f"Contract path {source} does not exist.")
    else:
        root = source
    services = _services_of(root)
    documents, names = _index(services)
    return ContractSet(str(source), services, documents, names)
