"""ConfigManager's local cache: one slot per kind, a TTL on the caller's clock, immutable values.

Values stored are frozen dataclasses, tuples and read-only mappings, so a caller cannot change
what the next caller gets (D21). Only unfiltered answers are stored (the adapter decides).
"""

from __future__ import annotations

import threading
from typing import Any, Literal, TypeAlias

from adapters.clock import Clock
from adapters.errors import InvalidArgument

__all__ = ["CACHE_KINDS", "CacheKind", "TtlCache"]

CacheKind: TypeAlias = Literal["thresholds", "routing", "availability", "features"]
CACHE_KINDS: tuple[CacheKind, ...] = ("thresholds", "routing", "availability", "features")


class TtlCache:
    """Slots that expire ``ttl`` seconds after they were written."""

    def __init__(self, *, clock: Clock, ttl: float, enabled: bool) -> None:
        self._clock = clock
        self._ttl = ttl
        self._enabled = enabled and ttl > 0
        self._slots: dict[str, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, kind: CacheKind) -> Any | None:
        """The stored value of ``kind`` if fresh, else None."""
        if not self._enabled:
            return None
        with self._lock:
            entry = self._slots.get(kind)
        if entry is None or self._clock.time() >= entry[0]:
            return None
        return entry[1]

    def put(self, kind: CacheKind, value: Any) -> None:
        """Store ``value`` for ``kind`` (no-op when the cache is off)."""
        if self._enabled:
            with self._lock:
                self._slots[kind] = (self._clock.time() + self._ttl, value)

    def invalidate(self, kind: CacheKind | None = None) -> None:
        """Forget one kind, or every kind when ``kind`` is None."""
        if kind is not None and kind not in CACHE_KINDS:
            raise InvalidArgument(f"Expected a kind in {CACHE_KINDS} or None, got kind={kind!r}.")
        with self._lock:
            if kind is None:
                self._slots.clear()
            else:
                self._slots.pop(kind, None)
