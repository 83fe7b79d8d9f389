"""Check a whole profile of contracts: schemas, refs, operations and examples.

``check_contracts`` collects every problem as one sentence instead of stopping at the first, so
``infrasim contracts validate`` and the tests report all of them at once. A file that cannot be
read at all (not JSON, wrong ``$id``) still raises ContractError: nothing can be checked past it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import jsonschema
from jsonschema.exceptions import SchemaError
from referencing.exceptions import Unresolvable

from contracts.example_files import Example, examples
from contracts.loader import (
    SERVICES,
    endpoints,
    load_openapi,
    load_schema,
    openapi_uri,
    registry,
    schema_names,
    schema_uri,
    validator,
)

__all__ = ["CheckReport", "check_contracts", "iter_refs"]


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What was checked (counts) and every problem found (one sentence each)."""

    schemas: int
    operations: int
    refs: int
    examples: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems

    def summary(self) -> str:
        """One line with the counts, e.g. ``50 schemas, 42 operations, ... : ok``."""
        verdict = "ok" if self.ok else f"{len(self.problems)} problem(s)"
        return (
            f"{self.schemas} schemas, {self.operations} operations, {self.refs} $refs, "
            f"{self.examples} examples: {verdict}"
        )


def iter_refs(node: Any) -> Iterator[str]:
    """Every ``$ref`` string inside a JSON document, depth first."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref
        for value in node.values():
            yield from iter_refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from iter_refs(item)


def _pointer_exists(doc: Mapping[str, Any], pointer: str) -> bool:
    node: Any = doc
    for part in pointer.lstrip("/").split("/"):
        key = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
    return True


def _ref_problem(ref: str, base: str, doc: Mapping[str, Any], profile: str) -> str | None:
    if ref.startswith("#"):
        return None if _pointer_exists(doc, ref[1:]) else f"local $ref={ref!r} does not exist"
    try:
        registry(profile).resolver(base_uri=base).lookup(ref)
    except Unresolvable:
        return f"$ref={ref!r} resolves to {urljoin(base, ref)!r}, which no schema has as $id"
    return None


class _Checker:
    def __init__(self, profile: str) -> None:
        self.profile = profile
        self.problems: list[str] = []
        self.counts = {"schemas": 0, "operations": 0, "refs": 0, "examples": 0}
        self.broken: set[tuple[str, str]] = set()

    def refs(self, where: str, doc: Mapping[str, Any], base: str) -> None:
        for ref in iter_refs(doc):
            self.counts["refs"] += 1
            problem = _ref_problem(ref, base, doc, self.profile)
            if problem is not None:
                self.problems.append(f"{where}: {problem}.")

    def schema(self, service: str, name: str) -> None:
        self.counts["schemas"] += 1
        schema = load_schema(service, name, self.profile)
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except SchemaError as exc:
            self.broken.add((service, name))
            self.problems.append(
                f"Schema {service}/{name} is not a valid 2020-12 schema: {exc.message}."
            )
            return
        self.refs(f"Schema {service}/{name}", schema, schema_uri(service, name, self.profile))

    def operations(self, service: str) -> None:
        doc = load_openapi(service, self.profile)
        self.refs(f"OpenAPI document of {service}", doc, openapi_uri(service, self.profile))
        seen: set[str] = set()
        for found in endpoints(self.profile, service):
            self.counts["operations"] += 1
            where = f"Operation {service} {found.operation_id}"
            if found.operation_id in seen:
                self.problems.append(f"{where} is defined twice.")
            seen.add(found.operation_id)
            if found.response_type not in schema_names(service, self.profile):
                self.problems.append(
                    f"{where} names x-response-type={found.response_type!r}, which has no schema."
                )

    def example(self, example: Example) -> None:
        self.counts["examples"] += 1
        if example.type_name not in schema_names(example.service, self.profile):
            self.problems.append(f"Example {example.label} names no known schema.")
            return
        if (example.service, example.type_name) in self.broken:
            return
        fast = validator(example.service, schema=example.type_name, profile=self.profile)
        reference = jsonschema.Draft202012Validator(
            load_schema(example.service, example.type_name, self.profile),
            registry=registry(self.profile),
            format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
        )
        verdicts = {fast.is_valid(example.instance), reference.is_valid(example.instance)}
        if verdicts != {example.valid}:
            expected = "pass" if example.valid else "fail"
            self.problems.append(
                f"Example {example.label} should {expected}, but the compiled and reference "
                f"validators say {sorted(verdicts)}."
            )

    def coverage(self, service: str, found: tuple[Example, ...]) -> None:
        for name in schema_names(service, self.profile):
            kinds = {e.valid for e in found if e.type_name == name}
            if kinds != {True, False}:
                self.problems.append(
                    f"Schema {service}/{name} needs at least one valid and one invalid example."
                )


def check_contracts(profile: str = "consumer") -> CheckReport:
    """Check every schema, $ref, operation and example of a profile; collect the problems."""
    checker = _Checker(profile)
    registry(profile)  # a wrong $id raises ContractError before anything else
    for service in SERVICES:
        for name in schema_names(service, profile):
            checker.schema(service, name)
        checker.operations(service)
        found = examples(service, profile)
        for example in found:
            checker.example(example)
        checker.coverage(service, found)
    return CheckReport(problems=tuple(checker.problems), **checker.counts)
