"""Load: the fleet's request rate and the share of it each model can take under its rate limit.

The request rate is the larger of two estimates: LatencyLens' per-model throughput summed over
the models with a fresh value, and the requests seen in the fast window divided by the span that
window really covers (the feeds lag, so the newest request marks its end). A model may be
planned up to ``capacity_target`` of ConfigManager's ``rateLimit.requestsPerMinute``: a nominal
rate limit says nothing of the queueing that starts well before it, so the plan keeps headroom.
"""

from __future__ import annotations

from optimizer.findings import Snapshot
from optimizer.signals import Metric, Signal

__all__ = ["request_rate", "share_caps"]


def request_rate(snap: Snapshot) -> Signal | None:
    """The fleet's request rate (requests per second) with the newest signal behind it."""
    since = snap.now - snap.settings.fast_window_s
    lens_total, lens_newest = 0.0, None
    count, newest = 0, None
    for model in snap.stats:
        rps = snap.store.last(model, Metric.RPS)
        if rps is not None and rps.t >= since:
            lens_total += rps.value
            lens_newest = rps if lens_newest is None or rps.t > lens_newest.t else lens_newest
        count += snap.store.count(model, Metric.ERROR, "fast")
        last = snap.store.last(model, Metric.ERROR)
        if last is not None and last.t >= since and (newest is None or last.t > newest.t):
            newest = last
    counted = 0.0
    if newest is not None and count >= snap.settings.min_samples:
        span = max(newest.t - since, snap.settings.fast_window_s / 4)
        counted = count / span
    if lens_newest is None and newest is None:
        return None
    if lens_newest is not None and lens_total >= counted:
        evidence, value = lens_newest, lens_total
    else:
        assert newest is not None
        evidence, value = newest, counted
    return Signal(evidence.source, evidence.kind, evidence.id, evidence.t, Metric.RPS, value, None)


def share_caps(snap: Snapshot, rate: Signal | None) -> dict[str, float]:
    """Per model with a known rate limit: the largest share of ``rate`` it should be given."""
    if rate is None or rate.value <= 0:
        return {}
    target = snap.settings.capacity_target
    caps: dict[str, float] = {}
    for model, state in snap.config.availability.items():
        if state.requests_per_minute > 0:
            caps[model] = target * state.requests_per_minute / 60.0 / rate.value
    return caps
