"""Value types shared by several services: a time window and the span attribute value."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeAlias

__all__ = ["AttributeValue", "TimeWindow"]

AttributeValue: TypeAlias = str | int | float | bool


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeWindow:
    """A time window ``{start, end}``."""

    start: datetime
    end: datetime
