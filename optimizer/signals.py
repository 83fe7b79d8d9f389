"""Normalised signals and the bounded, windowed store that the analysers read.

Every Infra value becomes one or more ``Signal``: a number about one metric of one model (or of
the whole fleet when ``model_id`` is None) at a Unix time, tagged with the service and item it
came from so that a decision can name its evidence. Measurements (per request or aggregated)
go into per-(model, metric) series, each kept in a few named time windows; discrete happenings
(anomalies, drifts, alerts, blocks, load-balancer signals) go into per-kind event logs.

Units: latency in ms, cost in $ per request ($ per hour or day for rates and projections),
quality and rates in [0, 1], tokens as counts.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right, insort
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

__all__ = ["EVENT_KINDS", "Metric", "Signal", "SignalStore", "Summary"]

_EMPTY: Mapping[str, Any] = MappingProxyType({})


class Metric:
    """The metric names the optimizer understands (a namespace of constants)."""

    LATENCY_MS = "latency_ms"  # one request's end-to-end latency
    ERROR = "error"  # one request: 1.0 failed (error or timeout), 0.0 succeeded
    QUALITY = "quality"  # one successful request's quality in [0, 1]
    COST = "cost_usd"  # one request's cost in $
    INPUT_TOKENS = "input_tokens"
    OUTPUT_TOKENS = "output_tokens"
    P50_MS = "p50_ms"  # a latency profile's percentiles (LatencyLens)
    P99_MS = "p99_ms"
    ERROR_RATE = "error_rate"  # a window's error rate (LatencyLens throughput, RouterL2 traffic)
    RPS = "requests_per_second"
    RATE_PER_HOUR = "cost_rate_per_hour"  # fleet spend rate, $ per hour (CostOps)
    PROJECTED_DAILY = "projected_daily_usd"  # fleet projection scaled to $ per day (CostOps)
    EST_QUALITY = "est_quality"  # RouterL2's per-decision estimates, used as priors
    EST_COST = "est_cost_usd"
    EST_LATENCY_MS = "est_latency_ms"


# Kinds that are discrete happenings: kept in per-kind logs, not in numeric series.
EVENT_KINDS = frozenset(
    {"anomaly", "latency_anomaly", "drift", "alert", "policy_block", "pii", "lb_signal", "event"}
)


@dataclass(frozen=True, slots=True)
class Signal:
    """One normalised observation: ``metric`` of ``model_id`` was ``value`` at Unix time ``t``.

    ``source`` is the Infra service (``cost_ops``, ``latency_lens``, ``sentinel``, ``shield``,
    ``observatory``, ``config_manager``, ``router_l2``) or ``optimizer`` for its own detectors;
    ``kind`` what the item was (``request``, ``profile``, ``drift`` ...); ``id`` the Infra item's
    id, shared by every signal made from that item.
    """

    source: str
    kind: str
    id: str
    t: float
    metric: str
    value: float
    model_id: str | None = None
    attributes: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)

    @property
    def is_event(self) -> bool:
        """True for discrete happenings (kept in event logs rather than series)."""
        return self.kind in EVENT_KINDS


@dataclass(frozen=True, slots=True)
class Summary:
    """Statistics of one series over one window; ``last`` is the newest signal in it."""

    count: int
    total: float
    mean: float
    p50: float
    p95: float
    p99: float
    low: float
    high: float
    last: Signal


class _Window:
    """One time window of a series: arrival-ordered items, sorted values and a running sum."""

    __slots__ = ("items", "ordered", "span", "total")

    def __init__(self, span: float) -> None:
        self.span = span
        self.items: deque[tuple[float, float]] = deque()
        self.ordered: list[float] = []
        self.total = 0.0

    def add(self, t: float, value: float, cap: int) -> None:
        # Expire on the way in, so that a cycle's own expiry finds little left to do.
        self.expire(t)
        self.items.append((t, value))
        insort(self.ordered, value)
        self.total += value
        while len(self.items) > cap:
            self._drop()

    def expire(self, now: float) -> None:
        cutoff = now - self.span
        items = self.items
        while items and items[0][0] < cutoff:
            self._drop()

    def _drop(self) -> None:
        _, value = self.items.popleft()
        del self.ordered[bisect_left(self.ordered, value)]
        self.total = self.total - value if self.items else 0.0


class _Series:
    __slots__ = ("last", "windows")

    def __init__(self, spans: Mapping[str, float]) -> None:
        self.windows = {name: _Window(span) for name, span in spans.items()}
        self.last: Signal | None = None


class SignalStore:
    """Bounded signal store: per-(model, metric) series in named windows, per-kind event logs.

    ``windows`` maps a window name to its span in seconds (default ``fast`` 120 s and ``slow``
    600 s). Every series window keeps at most ``max_samples`` values, every event log at most
    ``max_events`` signals and none older than the longest window, so memory is bounded however
    long the run. Queries take ``now`` and expire old values first.
    """

    def __init__(
        self,
        windows: Mapping[str, float] | None = None,
        *,
        max_samples: int = 5000,
        max_events: int = 2000,
    ) -> None:
        self._spans = dict(windows or {"fast": 120.0, "slow": 600.0})
        self._horizon = max(self._spans.values())
        self._cap = max_samples
        self._series: dict[tuple[str | None, str], _Series] = {}
        self._events: dict[str, deque[tuple[int, Signal]]] = {}
        self._max_events = max_events
        self._models: set[str] = set()
        self._memo: dict[tuple[str | None, str, str], Summary | None] = {}
        self._seq = 0

    @property
    def seq(self) -> int:
        """How many signals were added so far (a cursor for ``events(after=...)``)."""
        return self._seq

    def add(self, signal: Signal) -> None:
        """Store one signal (a series value, or an event)."""
        self._seq += 1
        if self._memo:
            self._memo.clear()
        if signal.model_id is not None:
            self._models.add(signal.model_id)
        if signal.is_event:
            log = self._events.get(signal.kind)
            if log is None:
                log = self._events[signal.kind] = deque(maxlen=self._max_events)
            log.append((self._seq, signal))
            return
        key = (signal.model_id, signal.metric)
        series = self._series.get(key)
        if series is None:
            series = self._series[key] = _Series(self._spans)
        for window in series.windows.values():
            window.add(signal.t, signal.value, self._cap)
        series.last = signal

    def expire(self, now: float) -> None:
        """Drop every value older than its window and every event older than the longest one."""
        self._memo.clear()
        for series in self._series.values():
            for window in series.windows.values():
                items = window.items
                if items and items[0][0] < now - window.span:
                    window.expire(now)
        cutoff = now - self._horizon
        for log in self._events.values():
            while log and log[0][1].t < cutoff:
                log.popleft()

    def summary(self, model_id: str | None, metric: str, window: str = "fast") -> Summary | None:
        """Statistics of a series in a window (as of the last ``expire``), or None when empty.

        Results are memoised until the next ``add`` or ``expire``: a cycle reads each once.
        """
        key = (model_id, metric, window)
        if key in self._memo:
            return self._memo[key]
        found = self._memo[key] = self._summary(model_id, metric, window)
        return found

    def mean(self, model_id: str | None, metric: str, window: str = "fast") -> float | None:
        """The mean of a series in a window (None when empty), without building a summary."""
        series = self._series.get((model_id, metric))
        if series is None:
            return None
        win = series.windows[window]
        return win.total / len(win.ordered) if win.ordered else None

    def _summary(self, model_id: str | None, metric: str, window: str) -> Summary | None:
        series = self._series.get((model_id, metric))
        if series is None or series.last is None:
            return None
        ordered = series.windows[window].ordered
        n = len(ordered)
        if n == 0:
            return None
        total = series.windows[window].total
        # Nearest-rank percentiles: the value at rank ceil(q * n).
        return Summary(
            n,
            total,
            total / n,
            ordered[math.ceil(0.50 * n) - 1],
            ordered[math.ceil(0.95 * n) - 1],
            ordered[math.ceil(0.99 * n) - 1],
            ordered[0],
            ordered[-1],
            series.last,
        )

    def count(self, model_id: str | None, metric: str, window: str = "fast") -> int:
        """How many values a series holds in a window."""
        series = self._series.get((model_id, metric))
        return 0 if series is None else len(series.windows[window].ordered)

    def fraction_at_most(
        self, model_id: str | None, metric: str, limit: float, window: str = "fast"
    ) -> float | None:
        """The share of a series' values in a window that are <= ``limit`` (None when empty)."""
        series = self._series.get((model_id, metric))
        if series is None or not series.windows[window].ordered:
            return None
        ordered = series.windows[window].ordered
        return bisect_right(ordered, limit) / len(ordered)

    def last(self, model_id: str | None, metric: str) -> Signal | None:
        """The newest signal of a series, whatever its age (None when never seen)."""
        series = self._series.get((model_id, metric))
        return None if series is None else series.last

    def events(self, kind: str, *, since: float = -math.inf, after: int = 0) -> Iterator[Signal]:
        """Events of ``kind`` with ``t >= since`` that arrived after store cursor ``after``."""
        for seq, signal in self._events.get(kind, ()):
            if seq > after and signal.t >= since:
                yield signal

    def models(self) -> set[str]:
        """Every model id ever seen in a signal (a copy)."""
        return set(self._models)

    def __len__(self) -> int:
        """How many values and events are held (the largest window counts for a series)."""
        values = sum(max(len(w.items) for w in s.windows.values()) for s in self._series.values())
        return values + sum(len(log) for log in self._events.values())
