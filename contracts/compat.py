"""The static compatibility matrix: each consumer endpoint against a profile, works or breaks.

For every operation of the consumer contract (the adapters' 42 GETs) the provider profile is read
as a provider would serve it:

1. the service is absent or marked ``x-missing-service``             -> breaks: missing service
2. an operation lands on the same path shape (``{param}`` names aside):
   same method: compare envelope, field names, enum values, units, field types and query
   parameters; no difference -> works; other methods only -> breaks: method differs (POST only)
3. no such path: breaks, missing route; the reason names the route that catches the request (a
   ``{param}`` segment matching a literal one) and the nearest counterpart the provider document
   names in ``x-consumer-counterparts`` (``kind`` equivalent or nearest), compared the same way.

The first reason kind of a row is its primary reason; ``CompatRow.kinds`` lists them all.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from contracts.compat_shapes import (
    ENVELOPE,
    METHOD_DIFFERS,
    MISSING_ROUTE,
    MISSING_SERVICE,
    compare_shapes,
)
from contracts.contract_set import ContractSet, Operation, load_contract_set, operations
from contracts.errors import ContractError
from contracts.loader import PROFILES

__all__ = ["KINDS", "CompatRow", "compare_profiles", "matrix", "matrix_rows"]

KINDS = (
    MISSING_SERVICE,
    MISSING_ROUTE,
    METHOD_DIFFERS,
    ENVELOPE,
    "field names differ",
    "field types differ",
    "enum values differ",
    "units differ",
    "query parameters differ",
)


@dataclass(frozen=True, slots=True)
class CompatRow:
    """One consumer endpoint against one provider profile."""

    service: str
    operation_id: str
    method: str
    path: str
    profile: str
    verdict: str
    kinds: tuple[str, ...]
    reason: str

    def as_dict(self) -> dict[str, str]:
        """The row as the matrix's plain dict."""
        return {
            "service": self.service,
            "method": self.method,
            "path": self.path,
            "profile": self.profile,
            "verdict": self.verdict,
            "reason": self.reason,
        }


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def _is_param(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def lands(consumer_path: str, provider_path: str) -> bool:
    """True when both paths have the same shape (literal segments equal, parameters aligned)."""
    a, b = _segments(consumer_path), _segments(provider_path)
    return len(a) == len(b) and all(
        x == y or (_is_param(x) and _is_param(y)) for x, y in zip(a, b, strict=True)
    )


def caught(consumer_path: str, provider_path: str) -> bool:
    """True when a provider ``{param}`` segment swallows a literal segment of the consumer path."""
    a, b = _segments(consumer_path), _segments(provider_path)
    if len(a) != len(b) or lands(consumer_path, provider_path):
        return False
    return all(x == y or _is_param(y) for x, y in zip(a, b, strict=True))


def _counterparts(
    provider: list[Operation], op_id: str
) -> Iterator[tuple[Operation, Mapping[str, Any]]]:
    found = [
        (op, entry)
        for op in provider
        for entry in op.raw.get("x-consumer-counterparts", ())
        if isinstance(entry, Mapping) and entry.get("operation") == op_id
    ]
    yield from sorted(found, key=lambda pair: pair[1].get("kind") != "equivalent")


class _Row:
    """Builds one row: the consumer operation and the provider operations of its service."""

    def __init__(self, consumer: ContractSet, provider: ContractSet, op: Operation) -> None:
        self.consumer, self.provider, self.op = consumer, provider, op
        service = provider.services.get(op.service)
        self.service = service
        self.ops = [] if service is None else list(operations(service))

    def verdict(self) -> tuple[list[str], list[str]]:
        if self.service is None or self.service.missing:
            note = "" if self.service is None else f" ({self._missing_note()})"
            return [MISSING_SERVICE], [
                f"{MISSING_SERVICE}: no {self.op.service} service upstream{note}"
            ]
        landing = [o for o in self.ops if lands(self.op.path, o.path)]
        same = [o for o in landing if o.method == self.op.method]
        if same:
            found = compare_shapes(self.consumer, self.op, self.provider, same[0])
            return [k for k, _ in found], [f"{k}: {d}" for k, d in found]
        if landing:
            methods = "/".join(sorted({o.method for o in landing}))
            head = f"{METHOD_DIFFERS}: {self.op.path} is served as {methods} only"
            found = compare_shapes(self.consumer, self.op, self.provider, landing[0])
            found = [(k, d) for k, d in found if k != METHOD_DIFFERS]
            return [METHOD_DIFFERS, *(k for k, _ in found)], [
                head,
                *(f"{k}: {d}" for k, d in found),
            ]
        return self._missing_route()

    def _missing_note(self) -> str:
        assert self.service is not None
        text = str(self.service.openapi.get("info", {}).get("description", ""))
        return text.split(". ")[0].rstrip(".")

    def _missing_route(self) -> tuple[list[str], list[str]]:
        details = [f"{MISSING_ROUTE}: no {self.op.method} {self.op.path} upstream"]
        kinds = [MISSING_ROUTE]
        for other in self.ops:
            if other.method == self.op.method and caught(self.op.path, other.path):
                details[0] += f"; the request is caught by {other.method} {other.path}"
                break
        for other, entry in _counterparts(self.ops, self.op.operation_id):
            label = (
                "equivalent at a different path" if entry.get("kind") == "equivalent" else "nearest"
            )
            note = f" ({entry['note']})" if entry.get("note") else ""
            details.append(f"{label}: {other.method} {other.path}{note}")
            type_name = entry.get("type")
            found = compare_shapes(
                self.consumer,
                self.op,
                self.provider,
                other,
                type_name if isinstance(type_name, str) else None,
            )
            kinds += [k for k, _ in found if k not in kinds]
            details += [f"{k}: {d}" for k, d in found]
            break
        return kinds, details


def compare_profiles(
    consumer: ContractSet, provider: ContractSet, profile: str
) -> tuple[CompatRow, ...]:
    """The matrix rows of every consumer operation against a provider contract set."""
    rows = []
    for service in consumer.services.values():
        for op in operations(service):
            kinds, details = _Row(consumer, provider, op).verdict()
            verdict = "breaks" if kinds else "works"
            reason = "; ".join(details) if details else "same path, method, envelope and fields"
            rows.append(
                CompatRow(
                    op.service,
                    op.operation_id,
                    op.method,
                    op.path,
                    profile,
                    verdict,
                    tuple(kinds),
                    reason,
                )
            )
    return tuple(rows)


def matrix(profile: str = "upstream") -> tuple[CompatRow, ...]:
    """The shipped consumer contract against a shipped profile (``consumer`` or ``upstream``)."""
    if profile not in PROFILES:
        raise ContractError(f"Expected a profile in {PROFILES}, got profile={profile!r}.")
    shipped = files("contracts")
    return compare_profiles(
        load_contract_set(shipped / "consumer"), load_contract_set(shipped / profile), profile
    )


def matrix_rows(profile: str = "upstream") -> list[dict[str, str]]:
    """The matrix as plain dicts: service, method, path, profile, verdict, reason."""
    return [row.as_dict() for row in matrix(profile)]
