"""The harness loop: system-under-test tasks scheduled in simulated time, between world steps.

Each task (an adapter's poll round, an optimizer cycle) has an interval. The loop takes the task
due first, runs the world up to its time (``env.run(until=t)``), then runs the task. A task that
waits (a retry backoff, a slow response) calls ``SimClock.sleep``, which runs the world forward
meanwhile; the world never runs inside a task's call stack otherwise. The next run of a task is
its interval after the task *finished*, as a listener that sleeps after its work would do. Ties
are broken by registration order, so one seed fixes everything.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field

from simulator.clock import SimClock

__all__ = ["Loop", "Task"]


@dataclass(order=True, slots=True)
class _Entry:
    due: float
    seq: int
    task: Task = field(compare=False)


@dataclass(slots=True)
class Task:
    """A recurring piece of work of the system under test."""

    name: str
    interval: float
    run: Callable[[], object]
    runs: int = 0
    enabled: bool = True


class Loop:
    """Schedules tasks in simulated time and steps the world between them."""

    def __init__(self, clock: SimClock) -> None:
        self.clock = clock
        self._queue: list[_Entry] = []
        self._seq = 0
        self.tasks: dict[str, Task] = {}

    def every(
        self, name: str, interval: float, run: Callable[[], object], *, start: float = 0.0
    ) -> Task:
        """Run ``run`` at simulated second ``start``, then ``interval`` after each run ends."""
        if interval <= 0:
            raise ValueError(f"Expected a positive interval, got {name}.interval={interval!r}.")
        if name in self.tasks:
            raise ValueError(f"Expected a new task name, got name={name!r} twice.")
        task = Task(name=name, interval=interval, run=run)
        self.tasks[name] = task
        self._push(start, task)
        return task

    def _push(self, due: float, task: Task) -> None:
        self._seq += 1
        heapq.heappush(self._queue, _Entry(due, self._seq, task))

    def run(self, until: float, *, on_step: Callable[[float], None] | None = None) -> None:
        """Run tasks and world up to simulated second ``until``."""
        env = self.clock.env
        while self._queue and self._queue[0].due <= until:
            entry = heapq.heappop(self._queue)
            if entry.due > env.now:
                env.run(until=entry.due)
            task = entry.task
            if task.enabled:
                task.run()
                task.runs += 1
            self._push(max(env.now, entry.due) + task.interval, task)
            if on_step is not None:
                on_step(env.now)
        if until > env.now:
            env.run(until=until)
