"""Ground truth of delivery: every item a polled feed emits, against what the adapters delivered.

A feed is named ``"<service>/<operationId>"``. The simulated services announce each item once
when it becomes visible (``emitted``, or the faster per-feed ``channel``); the harness calls
``delivered`` from the adapters' handlers. An item still undelivered ``grace`` simulated seconds
after its emission counts as lost; a second delivery of an item counts as duplicated. Memory is
bounded: pending ids expire into the lost count, delivered and lost ids are remembered for
``memory`` seconds only. A lost item delivered late moves back to delivered and counts as
``late``; a delivery of an id never emitted (or long forgotten) counts as ``unknown``.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["FEEDS", "FeedTruth", "GroundTruth"]

FEEDS = (
    "cost-ops/fetchCostEvents",
    "latency-lens/fetchLatencyProfiles",
    "latency-lens/fetchThroughputStats",
    "latency-lens/fetchAnomalies",
    "sentinel/fetchAnomalies",
    "sentinel/fetchDriftSignals",
    "sentinel/fetchAlerts",
    "shield/fetchPolicyBlocks",
    "shield/fetchPIIDetections",
    "observatory/searchTraces",
    "observatory/fetchEvents",
    "config-manager/getConfigHistory",
    "router-l2/fetchRoutingDecisions",
    "router-l2/fetchLoadBalancerSignals",
)
_CHECK_EVERY = 1.0  # simulated seconds between expiry sweeps of one feed


class FeedTruth:
    """The counts and bounded id sets of one feed."""

    __slots__ = (
        "delivered",
        "duplicated",
        "emitted",
        "grace",
        "late",
        "lost",
        "lost_ids",
        "memory",
        "next_check",
        "now",
        "pending",
        "seen",
        "unknown",
    )

    def __init__(self, grace: float, memory: float) -> None:
        self.grace, self.memory = grace, memory
        self.emitted = self.delivered = self.duplicated = 0
        self.lost = self.late = self.unknown = 0
        # id -> time, in insertion order (times are non-decreasing within a feed), so expiry
        # walks each dict from its oldest end and stops at the first young entry
        self.pending: dict[str, float] = {}
        self.seen: dict[str, float] = {}
        self.lost_ids: dict[str, float] = {}
        self.now = 0.0
        self.next_check = 0.0

    def emit(self, item_id: str, t: float) -> None:
        """One item made visible at ``t`` (a second announcement of a pending id is ignored)."""
        pending = self.pending
        if item_id in pending:
            return
        self.emitted += 1
        pending[item_id] = t
        if t > self.now:
            self.now = t
            if t >= self.next_check:
                self.expire(t)

    def deliver(self, item_id: str, t: float) -> None:
        """One item handed to the adapters' handlers at ``t``."""
        if t > self.now:
            self.now = t
        if self.pending.pop(item_id, None) is not None:
            self._remember(item_id, t)
        elif item_id in self.seen:
            self.duplicated += 1
        elif self.lost_ids.pop(item_id, None) is not None:
            self.lost -= 1
            self.late += 1
            self._remember(item_id, t)
        else:
            self.unknown += 1
        if self.now >= self.next_check:
            self.expire(self.now)

    def _remember(self, item_id: str, t: float) -> None:
        self.delivered += 1
        self.seen[item_id] = t

    def expire(self, now: float) -> None:
        """Count items pending longer than ``grace`` as lost; forget ids older than ``memory``."""
        self.next_check = now + _CHECK_EVERY
        expired = _older(self.pending, now - self.grace)
        for item_id in expired:
            self.lost_ids[item_id] = self.pending.pop(item_id)
        self.lost += len(expired)
        forget = now - self.memory
        for ids in (self.seen, self.lost_ids):
            for item_id in _older(ids, forget):
                del ids[item_id]

    def counts(self) -> dict[str, int]:
        """emitted, delivered, lost, duplicated, pending, late, unknown."""
        return {
            "emitted": self.emitted,
            "delivered": self.delivered,
            "lost": self.lost,
            "duplicated": self.duplicated,
            "pending": len(self.pending),
            "late": self.late,
            "unknown": self.unknown,
        }


def _older(ids: dict[str, float], horizon: float) -> list[str]:
    """The ids at the old end of an insertion-ordered dict whose time is before ``horizon``."""
    found = []
    for item_id, t in ids.items():
        if t >= horizon:
            break
        found.append(item_id)
    return found


class GroundTruth:
    """Per-feed emitted / delivered / lost / duplicated / pending counts with bounded memory."""

    def __init__(self, *, grace: float = 600.0, memory: float = 7200.0) -> None:
        if grace <= 0 or memory < grace:
            raise ValueError(
                f"Expected 0 < grace <= memory, got grace={grace!r}, memory={memory!r}."
            )
        self.grace = grace
        self.memory = memory
        self.feeds: dict[str, FeedTruth] = {name: FeedTruth(grace, memory) for name in FEEDS}

    def feed(self, name: str) -> FeedTruth:
        """The truth of one feed (created on first use)."""
        found = self.feeds.get(name)
        if found is None:
            found = self.feeds[name] = FeedTruth(self.grace, self.memory)
        return found

    def channel(self, feed: str) -> Callable[[str, float], None]:
        """A fast ``emit(item_id, t)`` bound to one feed."""
        return self.feed(feed).emit

    def emitted(self, feed: str, item_id: str, t: float) -> None:
        """Record that ``feed`` made item ``item_id`` visible at simulated second ``t``."""
        self.feed(feed).emit(item_id, t)

    def delivered(self, feed: str, item_id: str, t: float) -> None:
        """Record that an adapter handed item ``item_id`` of ``feed`` to its handlers at ``t``."""
        self.feed(feed).deliver(item_id, t)

    def summary(self, now: float | None = None) -> dict[str, dict[str, int]]:
        """Per feed: emitted, delivered, lost, duplicated, pending, late, unknown (at ``now``)."""
        report = {}
        for name, truth in self.feeds.items():
            at = truth.now if now is None else max(now, truth.now)
            truth.expire(at)
            report[name] = truth.counts()
        return report

    def totals(self, now: float | None = None) -> dict[str, int]:
        """The summary summed over all feeds."""
        total: dict[str, int] = {}
        for row in self.summary(now).values():
            for key, value in row.items():
                total[key] = total.get(key, 0) + value
        return total
