"""A set of handlers of one kind, with the reference's semantics (D34) and thread-safe updates.

Registering the same handler twice keeps one; the unsubscribe callable removes it; a handler
removed while an item is being dispatched is skipped for the rest of that item; whatever a
handler returns is ignored.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from adapters.errors import InvalidArgument

__all__ = ["Handler", "HandlerSet", "Unsubscribe"]

T = TypeVar("T")
Handler = Callable[[T], object]
Unsubscribe = Callable[[], None]


class HandlerSet(Generic[T]):
    """Handlers in registration order; reads take an immutable snapshot."""

    def __init__(self) -> None:
        self._handlers: tuple[Handler[T], ...] = ()
        self._lock = threading.Lock()

    def add(self, handler: Handler[T]) -> Unsubscribe:
        """Register ``handler`` (once) and return the callable that unregisters it."""
        if not callable(handler):
            raise InvalidArgument(f"Expected a callable handler, got handler={handler!r}.")
        with self._lock:
            if handler not in self._handlers:
                self._handlers = (*self._handlers, handler)

        def unsubscribe() -> None:
            self.remove(handler)

        return unsubscribe

    def remove(self, handler: Handler[T]) -> None:
        """Unregister ``handler``; nothing happens when it is not registered."""
        with self._lock:
            self._handlers = tuple(h for h in self._handlers if h != handler)

    def snapshot(self) -> tuple[Handler[T], ...]:
        """The handlers registered now, in registration order."""
        return self._handlers

    def __contains__(self, handler: object) -> bool:
        return handler in self._handlers

    def __len__(self) -> int:
        return len(self._handlers)
