"""Errors of the contracts package.

ContractError            a contract file itself is unusable (bad JSON, bad schema, unknown name)
ContractViolation        an instance breaks a contract (names service, where, JSON path, value)
"""

from __future__ import annotations

from typing import Any

__all__ = ["ContractError", "ContractViolation"]


class ContractError(Exception):
    """A contract file or name is unusable: one sentence naming the file or name."""


class ContractViolation(Exception):
    """An instance breaks a contract; the message names service, endpoint or type, path, value."""

    def __init__(
        self, *, service: str, where: str, json_path: str, value: Any, reason: str
    ) -> None:
        self.service = service
        self.where = where
        self.json_path = json_path
        self.value = value
        self.reason = reason
        full = repr(value)
        shown = _shorten(full, 80)
        # jsonschema repeats the whole offending value in its message: show it once, shortened
        reason = _shorten(reason.replace(full, "it") if shown != full else reason, 200)
        super().__init__(f"{service} {where}: at {json_path} got {shown}: {reason}")


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
