"""Build the typed values from contract-validated JSON: camelCase keys in, frozen values out.

A converter is compiled once per dataclass from its type hints: ``datetime`` fields parse
ISO-8601 into aware datetimes (UTC when no offset is given), ``tuple[X, ...]`` from arrays,
``Mapping[str, X]`` into read-only mappings, nested dataclasses recursively, ``X | None`` for
optional keys, and ``Any`` (free-form JSON) frozen deeply (objects become read-only mappings,
arrays tuples), so that no value handed out can be changed by its receiver. The wire name of a
field is its camelCase spelling unless the field's metadata names it (``{"wire": "from"}``).
Keys the contract does not know are ignored (open objects).
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

__all__ = [
    "build",
    "build_all",
    "camel",
    "format_timestamp",
    "freeze_json",
    "parse_timestamp",
]

T = TypeVar("T")
_LEAP_SECOND = re.compile(r"^(.*T\d\d:\d\d):60(\.\d+)?(.*)$")
_Convert = Callable[[Any], Any]
_MISSING = object()


def camel(name: str) -> str:
    """The camelCase wire spelling of a snake_case field name (``p50_ms`` -> ``p50Ms``)."""
    head, *rest = name.rstrip("_").split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def parse_timestamp(text: str) -> datetime:
    """An aware datetime from ISO-8601 / RFC 3339 text (UTC assumed when no offset is given).

    RFC 3339 forms Python does not read are normalised first: a lower-case ``t`` or ``z`` and a
    leap second (``:60``, read as the last microsecond of the minute before).
    """
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = datetime.fromisoformat(_LEAP_SECOND.sub(r"\1:59.999999\3", text.upper()))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def format_timestamp(moment: datetime) -> str:
    """ISO-8601 in UTC with a ``Z``: milliseconds, or microseconds when they are not whole."""
    utc = moment.astimezone(UTC)
    spec = "milliseconds" if utc.microsecond % 1000 == 0 else "microseconds"
    return utc.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def freeze_json(value: Any) -> Any:
    """A read-only copy of a JSON value: objects as mappingproxy, arrays as tuples."""
    if isinstance(value, dict):
        return types.MappingProxyType({k: freeze_json(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(freeze_json(v) for v in value)
    return value


def build(cls: type[T], data: Mapping[str, Any]) -> T:
    """One typed value from one validated JSON object."""
    converter: Callable[[Mapping[str, Any]], T] = _builder(cls)
    return converter(data)


def build_all(cls: type[T], items: Sequence[Mapping[str, Any]]) -> tuple[T, ...]:
    """Typed values from a validated JSON array of objects."""
    converter: Callable[[Mapping[str, Any]], T] = _builder(cls)
    return tuple(converter(item) for item in items)


_BUILDERS: dict[type[Any], Callable[[Mapping[str, Any]], Any]] = {}


def _builder(cls: type[Any]) -> Callable[[Mapping[str, Any]], Any]:
    found = _BUILDERS.get(cls)
    if found is None:
        found = _BUILDERS[cls] = _compile(cls)
    return found


def _compile(cls: type[Any]) -> Callable[[Mapping[str, Any]], Any]:
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"Expected a dataclass, got cls={cls!r}.")
    hints = typing.get_type_hints(cls)
    specs = []
    for f in dataclasses.fields(cls):
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        key = f.metadata.get("wire", camel(f.name))
        specs.append((f.name, key, _converter(hints[f.name]), required))

    def make(data: Mapping[str, Any]) -> Any:
        kwargs = {}
        for name, key, convert, required in specs:
            raw = data.get(key, _MISSING)
            if raw is _MISSING:
                if required:
                    raise KeyError(f"{cls.__name__} needs the key {key!r}.")
                continue
            kwargs[name] = convert(raw)
        return cls(**kwargs)

    return make


def _identity(value: Any) -> Any:
    return value


def _converter(hint: Any) -> _Convert:
    origin = typing.get_origin(hint)
    if hint is Any or hint is object:
        return freeze_json
    if hint in (str, bool) or origin is typing.Literal:
        return _identity
    if hint is int:
        return int
    if hint is float:
        return float
    if hint is datetime:
        return parse_timestamp
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _builder(hint)
    if origin is tuple:
        return _tuple_of(_converter(typing.get_args(hint)[0]))
    if origin is Mapping or origin is dict:
        return _mapping_of(_converter(typing.get_args(hint)[1]))
    if origin in (types.UnionType, typing.Union):
        return _union_of(typing.get_args(hint))
    raise TypeError(f"Expected a supported field type, got hint={hint!r}.")


def _tuple_of(item: _Convert) -> _Convert:
    if item is _identity:
        return tuple
    return lambda values: tuple(item(v) for v in values)


def _mapping_of(item: _Convert) -> _Convert:
    return lambda raw: types.MappingProxyType({k: item(v) for k, v in raw.items()})


def _union_of(args: tuple[Any, ...]) -> _Convert:
    rest = [a for a in args if a is not type(None)]
    if len(rest) == 1:
        inner = _converter(rest[0])
        return lambda value: None if value is None else inner(value)
    return freeze_json  # a scalar-or-array union (condition values, attributes)
