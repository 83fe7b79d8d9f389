"""The time seam: adapters read time and wait only through a Clock given by the caller."""

from __future__ import annotations

import time
from typing import Protocol, runtime_checkable

__all__ = ["Clock", "SystemClock"]


@runtime_checkable
class Clock(Protocol):
    """A time source and a way to wait. Wall time in live use, simulated time in a rehearsal."""

    def time(self) -> float:
        """Seconds since the Unix epoch (UTC)."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds``; under simulation the world runs forward meanwhile."""
        ...


class SystemClock:
    """The wall clock, for live use against real services."""

    def time(self) -> float:
        """Seconds since the Unix epoch, from the operating system."""
        return time.time()

    def sleep(self, seconds: float) -> None:
        """Block the calling thread for ``seconds``."""
        time.sleep(max(0.0, seconds))
