"""The background poll loop for live use: one thread, poll then sleep on the caller's clock.

Each start gets a new generation number and a stop bumps it; a loop whose generation is no
longer current exits when it next wakes, before polling again. So ``stop_listening()``
followed at once by ``start_listening()`` never leaves two loops polling (D13), and a start
while running only changes the interval. The adapter's poll lock keeps an old loop that is
still finishing a round from overlapping the new one. Rounds in which every feed failed
back off: the sleep doubles per failing round, up to 8 intervals (D14).
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable

from adapters.clock import Clock
from adapters.errors import InvalidArgument
from adapters.report import PollReport

__all__ = ["Listener"]

_MAX_BACKOFF_FACTOR = 8
_log = logging.getLogger("adapters.listener")


class Listener:
    """Runs ``poll`` every ``interval`` seconds of ``clock`` in a daemon thread."""

    def __init__(self, *, name: str, poll: Callable[[], PollReport], clock: Clock) -> None:
        self.name = name
        self._poll = poll
        self._clock = clock
        self._lock = threading.Lock()
        self._generation = 0
        self._running = False
        self._interval = 5.0
        self._thread: threading.Thread | None = None
        self.last_report: PollReport | None = None
        self.rounds = 0

    @property
    def is_listening(self) -> bool:
        """True between ``start`` and ``stop``."""
        return self._running

    @property
    def interval(self) -> float:
        """Seconds slept between rounds."""
        return self._interval

    def start(self, interval: float) -> None:
        """Start polling every ``interval`` seconds; when already running, take the new interval."""
        if isinstance(interval, bool) or not isinstance(interval, int | float):
            raise InvalidArgument(f"Expected a number of seconds, got interval={interval!r}.")
        if not math.isfinite(interval) or interval <= 0:
            raise InvalidArgument(f"Expected a finite interval > 0 s, got interval={interval!r}.")
        with self._lock:
            self._interval = float(interval)
            if self._running:
                return
            self._running = True
            self._generation += 1
            thread = threading.Thread(
                target=self._loop, args=(self._generation,), name=f"{self.name}-poll", daemon=True
            )
            self._thread = thread
        thread.start()

    def stop(self) -> None:
        """Stop polling; a loop asleep exits when it wakes, without polling again."""
        with self._lock:
            self._running = False
            self._generation += 1

    def join(self, timeout: float | None = None) -> None:
        """Wait for the most recent loop thread to exit (after ``stop``)."""
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _current(self, generation: int) -> bool:
        with self._lock:
            return self._generation == generation

    def _loop(self, generation: int) -> None:
        failures = 0
        while self._current(generation):
            try:
                report = self._poll()
            except Exception:  # poll_once reports feed errors; this is a bug guard
                _log.exception("Poll round of %s failed unexpectedly.", self.name)
                report = None
            if not self._current(generation):
                return
            self.last_report = report
            self.rounds += 1
            failed = report is None or (bool(report.feeds) and not any(f.ok for f in report.feeds))
            failures = min(failures + 1, 16) if failed else 0
            self._clock.sleep(self._interval * min(2**failures, _MAX_BACKOFF_FACTOR))
