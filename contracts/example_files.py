"""The example payloads next to the schemas: ``<Type>.valid[.N].json``, ``<Type>.invalid[.N].json``.

Each valid example satisfies its type's schema; each invalid one breaks exactly one rule of it.
A data-driven test and ``infrasim contracts validate`` run them all through both validators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from contracts.errors import ContractError
from contracts.loader import read_json, service_dir

__all__ = ["Example", "examples"]

_NAME = re.compile(
    r"^(?P<type>[A-Za-z][A-Za-z0-9_]*)\.(?P<kind>valid|invalid)(?:\.(?P<n>\d+))?\.json$"
)


@dataclass(frozen=True, slots=True)
class Example:
    """One example payload: its type, whether it must pass, its file name and content."""

    service: str
    type_name: str
    valid: bool
    file_name: str
    instance: Any
    profile: str = "consumer"

    @property
    def label(self) -> str:
        """A short name for test ids and messages, e.g. ``cost-ops/CurrentRate.valid.json``."""
        return f"{self.service}/{self.file_name}"


@cache
def examples(service: str, profile: str = "consumer") -> tuple[Example, ...]:
    """Every example of a service, sorted by file name; a misnamed file raises ContractError."""
    folder = service_dir(service, profile) / "examples"
    if not folder.is_dir():
        return ()
    found = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".json"):
            continue
        match = _NAME.match(path.name)
        if match is None:
            raise ContractError(
                f"Example file {service}/examples/{path.name} is not named "
                "<Type>.valid[.N].json or <Type>.invalid[.N].json."
            )
        found.append(
            Example(
                service=service,
                type_name=match["type"],
                valid=match["kind"] == "valid",
                file_name=path.name,
                instance=read_json(path),
                profile=profile,
            )
        )
    return tuple(found)
