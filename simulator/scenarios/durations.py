"""Durations and instants as scenarios write them: ``"24h"``, ``"1h30m"``, ``3600``, a date-time."""

from __future__ import annotations

import re
from datetime import date, datetime

from simulator.clock import parse_iso

__all__ = ["format_duration", "parse_duration", "parse_instant"]

_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_PART = re.compile(r"([0-9]+(?:\.[0-9]+)?)(ms|d|h|m|s)")


def parse_duration(value: object) -> float:
    """Seconds of ``value``: a number of seconds or a string of parts such as ``"1h30m"``."""
    if isinstance(value, bool):
        raise ValueError(f"Expected a duration, got {value!r}.")
    if isinstance(value, int | float):
        if value < 0:
            raise ValueError(f"Expected a non-negative duration, got {value!r}.")
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"[0-9]+(\.[0-9]+)?", text):
            return float(text)
        parts = _PART.findall(text)
        if parts and "".join(n + u for n, u in parts) == text:
            return sum(float(n) * _UNITS[u] for n, u in parts)
    raise ValueError(f"Expected a duration such as '90m', '24h' or 3600, got {value!r}.")


def parse_instant(value: object, epoch: datetime) -> float:
    """Seconds after ``epoch`` of an offset (a duration) or of an aware ISO-8601 date-time."""
    if isinstance(value, datetime | date):
        value = value.isoformat()
    if isinstance(value, str) and ("T" in value or value.count("-") >= 2):
        moment = parse_iso(value)
        return moment.timestamp() - epoch.timestamp()
    return parse_duration(value)


def format_duration(seconds: float) -> str:
    """A compact human form of ``seconds``: ``"1h30m"``, ``"20m"``, ``"45s"``."""
    rest = round(seconds)
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts) or "0s"
