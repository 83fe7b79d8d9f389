"""Feed: a bounded, time-ordered store of a service's items, paged by ``since`` and ``limit``.

Items are kept in ascending order of an integer key (milliseconds of the feed's cursor field),
ties in insertion order, so a page is "the first ``limit`` items strictly after ``since``" in
O(log n). Retention is time-based and capped in count: the oldest items fall off as new ones come
(the list is compacted in chunks, so trimming is amortised O(1)). Items are stored as the service's
own records and turned into JSON only when a response returns them. Each added item is announced
once to the ground truth under the feed's name.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from typing import Generic, Protocol, TypeVar

__all__ = ["Emitter", "Feed"]

T = TypeVar("T")
_COMPACT = 1024


class Emitter(Protocol):
    """Where a feed announces its items (the ground truth)."""

    def channel(self, feed: str) -> Callable[[str, float], None]:
        """A function recording one item of ``feed`` made visible at simulated second ``t``."""


class Feed(Generic[T]):
    """Ascending items with integer keys, bounded by age and count."""

    def __init__(
        self,
        name: str,
        *,
        retention_ms: int,
        maxlen: int,
        truth: Emitter | None = None,
    ) -> None:
        if retention_ms <= 0 or maxlen <= 0:
            raise ValueError(
                f"Expected a positive retention and maxlen, got {name}: "
                f"retention_ms={retention_ms!r}, maxlen={maxlen!r}."
            )
        self.name = name
        self.retention_ms = retention_ms
        self._late = retention_ms + retention_ms // 64
        self.maxlen = maxlen
        self.emit = truth.channel(name) if truth is not None else None
        self._keys: list[int] = []
        self._items: list[T] = []
        self._head = 0

    def __len__(self) -> int:
        return len(self._keys) - self._head

    def __iter__(self) -> Iterator[T]:
        items = self._items
        return (items[i] for i in range(self._head, len(items)))

    def add(self, key: int, item: T, item_id: str | None = None, t: float | None = None) -> None:
        """Insert one item at its key; announce it to the truth as ``item_id`` visible at ``t``."""
        keys = self._keys
        if not keys or key >= keys[-1]:
            keys.append(key)
            self._items.append(item)
        else:
            i = bisect_right(keys, key, self._head)
            keys.insert(i, key)
            self._items.insert(i, item)
        if item_id is not None and self.emit is not None:
            self.emit(item_id, key / 1000.0 if t is None else t)
        # trim in batches: an item may outlive the retention by a 64th of it
        if keys[self._head] < key - self._late or len(keys) - self._head > self.maxlen:
            self.trim(key)

    def trim(self, now_ms: int) -> None:
        """Drop the items older than the retention at ``now_ms`` and those beyond ``maxlen``."""
        keys, head = self._keys, self._head
        cutoff = now_ms - self.retention_ms
        end = len(keys)
        head = max(head, end - self.maxlen)
        while head < end and keys[head] < cutoff:
            head += 1
        if head > _COMPACT and head * 2 > end:
            del keys[:head]
            del self._items[:head]
            head = 0
        self._head = head

    def start(self, since: int | None, *, inclusive: bool = False) -> int:
        """The position of the first item after ``since`` (at or after it when inclusive)."""
        if since is None:
            return self._head
        find = bisect_left if inclusive else bisect_right
        return find(self._keys, since, self._head)

    def position_of(self, key: int, item: T) -> int | None:
        """The position of ``item`` (by identity) among the items with ``key``, or None."""
        keys, items = self._keys, self._items
        i = bisect_left(keys, key, self._head)
        while i < len(keys) and keys[i] == key:
            if items[i] is item:
                return i
            i += 1
        return None

    def start_by(self, value: int, key: Callable[[T], int], *, inclusive: bool = False) -> int:
        """Like ``start`` on another ascending integer attribute of the items (``key``)."""
        find = bisect_left if inclusive else bisect_right
        return find(self._items, value, self._head, len(self._items), key=key)

    def page(
        self,
        start: int,
        limit: int,
        where: Callable[[T], bool] | None = None,
        *,
        stop: int | None = None,
    ) -> list[T]:
        """Up to ``limit`` items from position ``start`` on (keys below ``stop``), filtered."""
        items = self._items
        end = len(items) if stop is None else bisect_left(self._keys, stop, start)
        if where is None:
            return items[start : min(end, start + limit)]
        found: list[T] = []
        for i in range(start, end):
            item = items[i]
            if where(item):
                found.append(item)
                if len(found) >= limit:
                    break
        return found

    def keyed(
        self, start: int, limit: int, where: Callable[[T], bool] | None = None
    ) -> list[tuple[int, T]]:
        """Like ``page`` from position ``start``, each item with its key."""
        keys, items = self._keys, self._items
        found: list[tuple[int, T]] = []
        for i in range(start, len(items)):
            item = items[i]
            if where is None or where(item):
                found.append((keys[i], item))
                if len(found) >= limit:
                    break
        return found

    def since(
        self,
        since: int | None,
        limit: int,
        where: Callable[[T], bool] | None = None,
        *,
        inclusive: bool = False,
    ) -> list[T]:
        """The first ``limit`` items strictly after ``since`` (ascending), filtered by ``where``."""
        return self.page(self.start(since, inclusive=inclusive), limit, where)

    def between(self, lo: int, hi: int) -> list[T]:
        """Every item with ``lo <= key < hi``."""
        start = bisect_left(self._keys, lo, self._head)
        return self.page(start, len(self._items), stop=hi)

    def latest(self, limit: int, where: Callable[[T], bool] | None = None) -> list[T]:
        """The newest ``limit`` items passing ``where``, in ascending order."""
        found: list[T] = []
        items = self._items
        for i in range(len(items) - 1, self._head - 1, -1):
            item = items[i]
            if where is None or where(item):
                found.append(item)
                if len(found) >= limit:
                    break
        found.reverse()
        return found

    def last_key(self) -> int | None:
        """The key of the newest item, or None when empty."""
        return self._keys[-1] if len(self) else None
