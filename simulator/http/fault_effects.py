"""What the faults that change a request or a payload do to it: small functions, seeded choices.

Each function returns whether it changed anything, so that a fault counts as met only when it
did (a reversed page of one item is the same page). Payloads are the parsed JSON of a 200
response; the page of a list endpoint is the list under its envelope key.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

__all__ = [
    "break_contract",
    "duplicate_items",
    "page_of",
    "reverse_page",
    "shift_query",
    "shift_stamps",
    "truncate",
]

_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
_BROKEN = "<schema_violation>"


def page_of(payload: Any, envelope: str | None) -> list[Any] | None:
    """The list of items of a page (under ``envelope``), or None for a bare object."""
    if envelope is None or not isinstance(payload, dict):
        return None
    items = payload.get(envelope)
    return items if isinstance(items, list) else None


def duplicate_items(items: list[Any], count: int, rng: random.Random) -> bool:
    """Repeat ``count`` items of the page (chosen by ``rng``), each right after itself."""
    if not items or count < 1:
        return False
    chosen = sorted(rng.sample(range(len(items)), min(count, len(items))), reverse=True)
    for i in chosen:
        items.insert(i + 1, items[i])
    return True


def reverse_page(items: list[Any]) -> bool:
    """Put the page in descending order (newest first)."""
    if len(items) < 2:
        return False
    items.reverse()
    return True


def _wrong(value: Any) -> Any:
    return 0 if isinstance(value, str) else _BROKEN


def break_contract(
    payload: Any,
    envelope: str | None,
    field: str | None,
    rng: random.Random,
    valid: Callable[[Any], bool],
) -> bool:
    """Break one item of the page (or the bare object): remove ``field``, else mistype a field.

    ``field`` defaults to the item's first field (its id). When removing it leaves the payload
    valid (an optional field), the field gets a value of the wrong type instead.
    """
    items = page_of(payload, envelope)
    if items is not None:
        objects = [i for i in items if isinstance(i, dict) and i]
        target = objects[rng.randrange(len(objects))] if objects else None
    else:
        target = payload if isinstance(payload, dict) and payload else None
    if target is None:
        return False
    name = field if field is not None else next(iter(target))
    if name in target:
        old = target.pop(name)
        if not valid(payload):
            return True
        target[name] = _wrong(old)
    else:
        target[name] = _BROKEN
    if not valid(payload):
        return True
    first = next(iter(target))
    target[first] = _wrong(target[first])
    return not valid(payload)


def _shifted(text: str, seconds: float) -> str | None:
    if not _STAMP.match(text):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    moved = (moment + timedelta(seconds=seconds)).astimezone(UTC)
    return moved.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moved.microsecond // 1000:03d}Z"


def shift_stamps(value: Any, seconds: float) -> tuple[Any, int]:
    """``value`` with every ISO-8601 timestamp string moved by ``seconds``; how many moved."""
    if isinstance(value, str):
        moved = _shifted(value, seconds)
        return (value, 0) if moved is None else (moved, 1)
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        total = 0
        for key, item in value.items():
            out[key], n = shift_stamps(item, seconds)
            total += n
        return out, total
    if isinstance(value, list):
        pairs = [shift_stamps(item, seconds) for item in value]
        return [p[0] for p in pairs], sum(p[1] for p in pairs)
    return value, 0


def shift_query(request: httpx.Request, seconds: float) -> httpx.Request | None:
    """The request with every timestamp query parameter moved by ``seconds`` (None: none)."""
    url = request.url
    changed = False
    for key, text in url.params.multi_items():
        moved = _shifted(text, seconds)
        if moved is not None:
            url = url.copy_set_param(key, moved)
            changed = True
    if not changed:
        return None
    return httpx.Request(
        request.method,
        url,
        headers=request.headers,
        content=request.content,
        extensions=request.extensions,
    )


def truncate(body: bytes) -> bytes:
    """The first half of a body (at least one byte short of it): JSON that does not parse."""
    return body[: max(0, min(len(body) - 1, len(body) // 2))]
