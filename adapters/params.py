"""Encode call arguments for the wire: query values as text, path ids as one escaped segment.

Rules (each fixes a reference defect): ``None`` omits a parameter, and only ``None`` does, so
``0`` and ``False`` are sent (D23); booleans are ``true``/``false``; a list is comma-joined and
must be non-empty with no comma inside an item (D24); times (``since``, ``start_time``,
``end_time``) are aware datetimes or ISO-8601 text, never ids (D1); a path id is escaped as one
segment, ``/`` included (``%2F``, D25), and ``.``/``..`` are refused.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TypeAlias
from urllib.parse import quote

from adapters.errors import InvalidArgument
from adapters.wire import format_timestamp, parse_timestamp

__all__ = ["TIME_PARAMS", "QueryValue", "encode_path_id", "encode_query"]

QueryValue: TypeAlias = str | int | float | bool | datetime | Sequence[str] | None
TIME_PARAMS = frozenset({"since", "start_time", "end_time"})


def encode_query(params: Mapping[str, QueryValue]) -> dict[str, str]:
    """The query parameters to send, by wire name; ``None`` values are left out."""
    return {name: _encode(name, value) for name, value in params.items() if value is not None}


def _encode(name: str, value: QueryValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidArgument(f"Expected a finite number, got {name}={value!r}.")
        return repr(value)
    if isinstance(value, datetime):
        return _time(name, value)
    if isinstance(value, str):
        if not value:
            raise InvalidArgument(f"Expected a non-empty string, got {name}=''.")
        return _time_text(name, value) if name in TIME_PARAMS else value
    if isinstance(value, Sequence):
        return _join(name, value)
    raise InvalidArgument(f"Expected a text, number, bool, time or list, got {name}={value!r}.")


def _time(name: str, value: datetime) -> str:
    if value.tzinfo is None:
        raise InvalidArgument(f"Expected an aware datetime, got naive {name}={value!r}.")
    return format_timestamp(value)


def _time_text(name: str, value: str) -> str:
    try:
        parse_timestamp(value)
    except ValueError:
        raise InvalidArgument(f"Expected an ISO-8601 time, got {name}={value!r}.") from None
    return value


def _join(name: str, items: Sequence[str]) -> str:
    if not items:
        raise InvalidArgument(f"Expected a non-empty list, got {name}=[].")
    for item in items:
        if not isinstance(item, str) or not item or "," in item:
            raise InvalidArgument(
                f"Expected list items as non-empty text without ',', got {name} item {item!r}."
            )
    return ",".join(items)


def encode_path_id(name: str, value: str) -> str:
    """One path segment: every reserved character escaped, ``/`` as ``%2F`` (D25)."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidArgument(f"Expected a non-empty id, got {name}={value!r}.")
    if value in (".", ".."):
        raise InvalidArgument(f"Expected an id that is not a dot segment, got {name}={value!r}.")
    return quote(value, safe="")
