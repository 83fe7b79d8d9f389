"""The background listener: poll then sleep on the clock, one loop only across restarts (D13)."""

from __future__ import annotations

import math
import threading

import pytest

from adapters import FeedReport, InvalidArgument, PollReport
from adapters.listener import Listener

WAIT = 10.0  # a safety net for a broken test, never a measured duration


class GateClock:
    """Each sleep is recorded, signalled, and blocks until the test wakes the sleepers."""

    def __init__(self) -> None:
        self.sleeps: list[float] = []
        self.asleep = threading.Semaphore(0)
        self._lock = threading.Lock()
        self._sleepers: list[threading.Event] = []

    def time(self) -> float:
        return 0.0

    def sleep(self, seconds: float) -> None:
        wake = threading.Event()
        with self._lock:
            self.sleeps.append(seconds)
            self._sleepers.append(wake)
        self.asleep.release()
        wake.wait(timeout=WAIT)

    def wait_asleep(self) -> None:
        assert self.asleep.acquire(timeout=WAIT)

    def wake(self) -> None:
        """Wake every thread asleep now (a later sleep blocks again)."""
        with self._lock:
            sleepers, self._sleepers = self._sleepers, []
        for event in sleepers:
            event.set()


class Poller:
    def __init__(self, ok: bool = True) -> None:
        self.calls = 0
        self.ok = ok

    def __call__(self) -> PollReport:
        self.calls += 1
        errors = () if self.ok else ("ServiceUnavailable: 503",)
        return PollReport(adapter="x", feeds=(FeedReport(feed="f", errors=errors),))


def test_the_loop_polls_then_sleeps_the_interval() -> None:
    clock, poll = GateClock(), Poller()
    listener = Listener(name="x", poll=poll, clock=clock)
    listener.start(5.0)
    clock.wait_asleep()
    assert poll.calls == 1
    assert clock.sleeps == [5.0]
    assert listener.last_report is not None
    listener.stop()
    clock.wake()
    listener.join(WAIT)
    assert poll.calls == 1


def test_stop_then_start_leaves_a_single_loop() -> None:
    clock, poll = GateClock(), Poller()
    listener = Listener(name="x", poll=poll, clock=clock)
    listener.start(5.0)
    clock.wait_asleep()
    old = listener._thread
    listener.stop()
    listener.start(5.0)
    clock.wait_asleep()  # the new loop polled once and sleeps
    assert poll.calls == 2
    clock.wake()  # both loops wake: the old one must exit without polling
    clock.wait_asleep()
    assert old is not None
    old.join(WAIT)
    assert not old.is_alive()
    assert poll.calls == 3
    listener.stop()
    clock.wake()
    listener.join(WAIT)
    assert poll.calls == 3


def test_start_while_running_only_changes_the_interval() -> None:
    clock, poll = GateClock(), Poller()
    listener = Listener(name="x", poll=poll, clock=clock)
    listener.start(5.0)
    clock.wait_asleep()
    first = listener._thread
    listener.start(2.0)
    assert listener._thread is first
    clock.wake()
    clock.wait_asleep()
    assert clock.sleeps == [5.0, 2.0]
    listener.stop()
    clock.wake()
    listener.join(WAIT)


def test_rounds_where_every_feed_fails_back_off() -> None:
    clock, poll = GateClock(), Poller(ok=False)
    listener = Listener(name="x", poll=poll, clock=clock)
    listener.start(1.0)
    clock.wait_asleep()
    for _ in range(4):
        clock.wake()
        clock.wait_asleep()
    listener.stop()
    clock.wake()
    listener.join(WAIT)
    assert clock.sleeps == [2.0, 4.0, 8.0, 8.0, 8.0]


@pytest.mark.parametrize("interval", [0, -1.0, math.nan, math.inf, True, "5"])
def test_bad_intervals_are_refused(interval: object) -> None:
    listener = Listener(name="x", poll=Poller(), clock=GateClock())
    with pytest.raises(InvalidArgument):
        listener.start(interval)  # type: ignore[arg-type]
    assert not listener.is_listening
