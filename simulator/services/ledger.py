"""The metrics ledger: per-minute, per-model aggregates of completed requests, shared by services.

One update per completed request (a dozen additions on a slotted bucket) feeds every windowed
endpoint: profiles, throughput, summaries, projections, traffic stats, detectors. Minute rows are
contiguous and kept for ``keep_minutes``; raw latencies are kept for the newest ``raw_minutes``
only, older buckets keep their percentiles. Closed minutes also roll up into hour rows of cost and
request counts (kept ``keep_hours``) for long-range cost aggregations.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from simulator.services.stats import percentile
from simulator.world.records import RequestOutcome

__all__ = ["PCTS", "Bucket", "HourRow", "Ledger", "MinuteRow", "Window"]

PCTS = (50.0, 90.0, 95.0, 99.0)


class Bucket:
    """The requests of one model completed within one minute."""

    __slots__ = (
        "conf_sum",
        "cost",
        "errors",
        "fallbacks",
        "gen_s",
        "in_tok",
        "lat_sq",
        "lat_sum",
        "lats",
        "model_id",
        "n",
        "ok",
        "out_tok",
        "pcts",
        "provider",
        "quality_sum",
        "queue_sum",
        "reasons",
        "timeouts",
        "ttft_sum",
    )

    def __init__(self, model_id: str, provider: str) -> None:
        self.model_id = model_id
        self.provider = provider
        self.n = self.errors = self.timeouts = self.ok = self.fallbacks = 0
        self.in_tok = self.out_tok = 0
        self.lat_sum = self.lat_sq = self.ttft_sum = self.queue_sum = 0.0
        self.cost = self.quality_sum = self.gen_s = self.conf_sum = 0.0
        self.lats: list[float] | None = []
        self.pcts: tuple[float, ...] = ()
        self.reasons: dict[str, int] = {}

    def compact(self) -> None:
        """Replace the raw latencies by their percentiles."""
        if self.lats is not None:
            ordered = sorted(self.lats)
            self.pcts = tuple(percentile(ordered, q) for q in PCTS)
            self.lats = None


@dataclass(slots=True)
class MinuteRow:
    """Every model's bucket for one minute, and the requests per region."""

    minute: int
    buckets: dict[str, Bucket] = field(default_factory=dict)
    regions: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class HourRow:
    """Cost and request counts of one hour, per model and provider."""

    hour: int
    cost: dict[str, float] = field(default_factory=dict)
    requests: dict[str, int] = field(default_factory=dict)
    providers: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Window:
    """Aggregate of buckets over a span of minutes (one model or several)."""

    n: int = 0
    errors: int = 0
    timeouts: int = 0
    ok: int = 0
    fallbacks: int = 0
    in_tok: int = 0
    out_tok: int = 0
    lat_sum: float = 0.0
    lat_sq: float = 0.0
    ttft_sum: float = 0.0
    queue_sum: float = 0.0
    cost: float = 0.0
    quality_sum: float = 0.0
    gen_s: float = 0.0
    conf_sum: float = 0.0
    lats: list[float] = field(default_factory=list)
    approx: list[tuple[int, tuple[float, ...]]] = field(default_factory=list)
    reasons: dict[str, int] = field(default_factory=dict)

    def add(self, b: Bucket) -> None:
        """Merge one bucket."""
        self.n += b.n
        self.errors += b.errors
        self.timeouts += b.timeouts
        self.ok += b.ok
        self.fallbacks += b.fallbacks
        self.in_tok += b.in_tok
        self.out_tok += b.out_tok
        self.lat_sum += b.lat_sum
        self.lat_sq += b.lat_sq
        self.ttft_sum += b.ttft_sum
        self.queue_sum += b.queue_sum
        self.cost += b.cost
        self.quality_sum += b.quality_sum
        self.gen_s += b.gen_s
        self.conf_sum += b.conf_sum
        if b.lats is not None:
            self.lats.extend(b.lats)
        elif b.n:
            self.approx.append((b.n, b.pcts))
        for reason, count in b.reasons.items():
            self.reasons[reason] = self.reasons.get(reason, 0) + count

    @property
    def mean_ms(self) -> float:
        """Mean latency."""
        return self.lat_sum / self.n if self.n else 0.0

    @property
    def std_ms(self) -> float:
        """Standard deviation of latency (population)."""
        if self.n < 2:
            return 0.0
        mean = self.lat_sum / self.n
        return math.sqrt(max(0.0, self.lat_sq / self.n - mean * mean))

    @property
    def error_rate(self) -> float:
        """Share of requests that did not succeed."""
        return (self.n - self.ok) / self.n if self.n else 0.0

    @property
    def quality(self) -> float:
        """Mean quality of successful requests."""
        return self.quality_sum / self.ok if self.ok else 0.0

    @property
    def tokens_per_second(self) -> float:
        """Output tokens per second of generation time."""
        return self.out_tok / self.gen_s if self.gen_s > 0 else 0.0

    def percentiles(self) -> tuple[float, ...]:
        """p50, p90, p95, p99: exact over raw latencies, else count-weighted bucket percentiles."""
        if not self.approx:
            ordered = sorted(self.lats)
            return tuple(percentile(ordered, q) for q in PCTS)
        parts = list(self.approx)
        if self.lats:
            ordered = sorted(self.lats)
            parts.append((len(ordered), tuple(percentile(ordered, q) for q in PCTS)))
        total = sum(n for n, _ in parts)
        return tuple(sum(n * p[i] for n, p in parts) / total for i in range(len(PCTS)))


class Ledger:
    """Contiguous minute rows of per-model buckets, with hour roll-ups of cost."""

    def __init__(
        self, *, keep_minutes: int = 720, raw_minutes: int = 60, keep_hours: int = 24 * 35
    ) -> None:
        if not 0 < raw_minutes <= keep_minutes:
            raise ValueError(
                f"Expected 0 < raw_minutes <= keep_minutes, got raw_minutes={raw_minutes!r}, "
                f"keep_minutes={keep_minutes!r}."
            )
        self.keep_minutes = keep_minutes
        self.raw_minutes = raw_minutes
        self.rows: deque[MinuteRow] = deque()
        self.hours: deque[HourRow] = deque(maxlen=keep_hours)
        self.closed = -1  # the last minute handed to ``close``

    def row(self, minute: int) -> MinuteRow:
        """The row of ``minute``, created (with any missing rows before it) when absent."""
        rows = self.rows
        if not rows:
            rows.append(MinuteRow(minute))
            return rows[0]
        first = rows[0].minute
        if minute < first:
            return MinuteRow(minute)  # older than retention: a detached row, then dropped
        while rows[-1].minute < minute:
            rows.append(MinuteRow(rows[-1].minute + 1))
        while len(rows) > self.keep_minutes:
            rows.popleft()
        return rows[minute - rows[0].minute]

    def add(self, o: RequestOutcome) -> None:
        """Account one completed request in its minute's bucket."""
        minute = int(o.t_end // 60.0)
        rows = self.rows
        row = rows[-1] if rows and rows[-1].minute == minute else self.row(minute)
        b = row.buckets.get(o.model_id)
        if b is None:
            b = row.buckets[o.model_id] = Bucket(o.model_id, o.provider)
        lat = o.latency_ms
        b.n += 1
        b.lat_sum += lat
        b.lat_sq += lat * lat
        if b.lats is not None:
            b.lats.append(lat)
        b.ttft_sum += o.ttft_ms
        b.queue_sum += o.queue_ms
        b.in_tok += o.input_tokens
        b.out_tok += o.output_tokens
        b.cost += o.cost_usd
        b.conf_sum += o.route_confidence
        reason = o.route_reason
        b.reasons[reason] = b.reasons.get(reason, 0) + 1
        if reason == "fallback":
            b.fallbacks += 1
        status = o.status
        if status == "ok":
            b.ok += 1
            b.quality_sum += o.quality
            gen = lat - o.ttft_ms - o.queue_ms - o.network_ms
            if gen > 0.0:
                b.gen_s += gen / 1000.0
        elif status == "timeout":
            b.timeouts += 1
            b.errors += 1
        elif status == "error":
            b.errors += 1
        regions = row.regions
        regions[o.region] = regions.get(o.region, 0) + 1

    def close(self, minute: int) -> None:
        """Mark ``minute`` complete: roll it into its hour and compact old raw latencies."""
        row = self.row(minute)
        hour = minute // 60
        if not self.hours or self.hours[-1].hour != hour:
            self.hours.append(HourRow(hour))
        into = self.hours[-1]
        for model_id, b in row.buckets.items():
            into.cost[model_id] = into.cost.get(model_id, 0.0) + b.cost
            into.requests[model_id] = into.requests.get(model_id, 0) + b.n
            into.providers[model_id] = b.provider
        old = minute - self.raw_minutes
        if self.rows and old >= self.rows[0].minute:
            for b in self.rows[old - self.rows[0].minute].buckets.values():
                b.compact()
        self.closed = minute

    def span(self, first: int, last: int) -> Iterator[MinuteRow]:
        """The retained rows of minutes ``first`` to ``last`` inclusive."""
        rows = self.rows
        if not rows:
            return
        base = rows[0].minute
        lo = max(first - base, 0)
        hi = min(last - base, len(rows) - 1)
        for i in range(lo, hi + 1):
            yield rows[i]

    def window(self, first: int, last: int, models: Iterable[str] | None = None) -> Window:
        """The aggregate of minutes ``first``..``last`` over ``models`` (all when None)."""
        wanted = None if models is None else set(models)
        agg = Window()
        for row in self.span(first, last):
            for model_id, b in row.buckets.items():
                if wanted is None or model_id in wanted:
                    agg.add(b)
        return agg

    def per_model(self, first: int, last: int) -> dict[str, Window]:
        """One aggregate per model seen in minutes ``first``..``last``."""
        found: dict[str, Window] = {}
        for row in self.span(first, last):
            for model_id, b in row.buckets.items():
                agg = found.get(model_id)
                if agg is None:
                    agg = found[model_id] = Window()
                agg.add(b)
        return found

    def providers(self, first: int, last: int) -> dict[str, str]:
        """Model id -> provider for every model seen in the span."""
        return {m: b.provider for row in self.span(first, last) for m, b in row.buckets.items()}
