"""Query parameters typed and checked against the contract's OpenAPI parameter schemas.

Each operation's parameters are read once from its OpenAPI document: type (integer, number,
boolean, string), ``enum``, ``minimum`` / ``exclusiveMinimum`` / ``maximum`` and
``format: date-time``. ``parse`` turns the query of a request into typed values (datetime for
date-times) and raises ``BadRequest`` naming the parameter and the value. Unknown parameters are
ignored; a repeated parameter keeps its last value.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from contracts.loader import load_openapi
from simulator.services.errors import BadRequest

__all__ = ["ParamSpec", "operation_params", "parse_query"]

_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True, slots=True)
class ParamSpec:
    """One parameter of an operation, with the checks its schema states."""

    name: str
    location: str
    type: str = "string"
    enum: frozenset[str] | None = None
    minimum: float | None = None
    exclusive_minimum: float | None = None
    maximum: float | None = None
    date_time: bool = False
    required: bool = False

    def parse(self, text: str) -> Any:
        """The typed value of ``text``; BadRequest when the schema rejects it."""
        if self.type == "boolean":
            if text in ("true", "false"):
                return text == "true"
            raise self._bad(text, "true or false")
        if self.type in ("integer", "number"):
            return self._check_range(text, self._number(text))
        if self.enum is not None and text not in self.enum:
            raise self._bad(text, f"one of {sorted(self.enum)}")
        if self.date_time:
            return self._moment(text)
        return text

    def _number(self, text: str) -> float | int:
        try:
            value: float | int = int(text) if self.type == "integer" else float(text)
        except ValueError:
            raise self._bad(
                text, f"an {self.type}" if self.type == "integer" else "a number"
            ) from None
        if isinstance(value, float) and not math.isfinite(value):
            raise self._bad(text, "a finite number")
        return value

    def _check_range(self, text: str, value: float | int) -> float | int:
        if self.minimum is not None and value < self.minimum:
            raise self._bad(text, f"at least {self.minimum:g}")
        if self.exclusive_minimum is not None and value <= self.exclusive_minimum:
            raise self._bad(text, f"more than {self.exclusive_minimum:g}")
        if self.maximum is not None and value > self.maximum:
            raise self._bad(text, f"at most {self.maximum:g}")
        return value

    def _moment(self, text: str) -> datetime:
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "+"))
        except ValueError:
            raise self._bad(text, "an ISO-8601 date-time") from None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    def _bad(self, text: str, expected: str) -> BadRequest:
        return BadRequest(f"Expected {expected}, got {self.name}={text!r}.")


def _spec(raw: Mapping[str, Any]) -> ParamSpec:
    schema = raw.get("schema", {})
    enum = schema.get("enum")
    return ParamSpec(
        name=raw["name"],
        location=raw["in"],
        type=str(schema.get("type", "string")),
        enum=frozenset(enum) if enum is not None else None,
        minimum=schema.get("minimum"),
        exclusive_minimum=schema.get("exclusiveMinimum"),
        maximum=schema.get("maximum"),
        date_time=schema.get("format") == "date-time",
        required=bool(raw.get("required", False)),
    )


@cache
def operation_params(
    service: str, operation_id: str, profile: str = "consumer"
) -> tuple[ParamSpec, ...]:
    """The parameter specs of one operation, from its OpenAPI document."""
    for item in load_openapi(service, profile)["paths"].values():
        for method in _METHODS:
            op = item.get(method)
            if op is not None and op["operationId"] == operation_id:
                return tuple(_spec(p) for p in op.get("parameters", ()))
    raise KeyError(f"Service {service} has no operation {operation_id!r}.")


def parse_query(specs: Iterable[ParamSpec], query: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Typed query values of the known parameters; BadRequest for a bad or missing one."""
    by_name = {s.name: s for s in specs if s.location == "query"}
    values: dict[str, Any] = {}
    for name, text in query:
        spec = by_name.get(name)
        if spec is not None:
            values[name] = spec.parse(text)
    for spec in by_name.values():
        if spec.required and spec.name not in values:
            raise BadRequest(f"Expected the query parameter {spec.name}, got none.")
    return values
