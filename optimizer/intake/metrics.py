"""Adapter values that are measurements to ``Signal``: CostOps, LatencyLens, Observatory, RouterL2.

Sources are named ``cost_ops``, ``latency_lens``, ``observatory`` and ``router_l2``; the signal id
is the Infra item's id. Per-request values (cost events, root trace spans) become ``request``
signals; a trace's quality is read from its attributes (``llm.quality``, ``llm.quality_score``,
``quality`` or ``quality_score``) and only for successful requests; child spans are skipped so
that a request counts once, and requests refused by policy are skipped (not model failures).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from adapters.types.cost_ops import CostAggregation, CostProjection, CostTelemetryEvent, CurrentRate
from adapters.types.latency_lens import LatencyProfile, ThroughputStats
from adapters.types.observatory import StructuredEvent, TelemetryTrace
from adapters.types.router_l2 import ModelWeight, RoutingDecision, TrafficStats
from optimizer.signals import Metric, Signal

__all__ = [
    "QUALITY_ATTRIBUTES",
    "from_cost_aggregation",
    "from_cost_event",
    "from_cost_projection",
    "from_current_rate",
    "from_latency_profile",
    "from_model_weight",
    "from_routing_decision",
    "from_structured_event",
    "from_throughput_stats",
    "from_trace",
    "from_traffic_stats",
    "unix_time",
]

QUALITY_ATTRIBUTES = ("llm.quality", "llm.quality_score", "quality", "quality_score")


def unix_time(value: datetime) -> float:
    """Unix seconds of an aware datetime."""
    return value.timestamp()


def _quality(attributes: Mapping[str, Any]) -> float | None:
    for key in QUALITY_ATTRIBUTES:
        value = attributes.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    return None


def from_cost_event(e: CostTelemetryEvent) -> list[Signal]:
    """CostOps cost event: the request's cost, tokens and (when given) latency."""
    t, m = unix_time(e.timestamp), e.model_id
    out = [
        Signal("cost_ops", "request", e.event_id, t, Metric.COST, e.cost_usd, m),
        Signal("cost_ops", "request", e.event_id, t, Metric.INPUT_TOKENS, e.input_tokens, m),
        Signal("cost_ops", "request", e.event_id, t, Metric.OUTPUT_TOKENS, e.output_tokens, m),
    ]
    if e.latency_ms is not None:
        out.append(Signal("cost_ops", "request", e.event_id, t, Metric.LATENCY_MS, e.latency_ms, m))
    return out


def from_cost_projection(p: CostProjection) -> list[Signal]:
    """CostOps projection, scaled to $ per day (fleet)."""
    span = (p.window_end - p.window_start).total_seconds()
    daily = p.projected_cost_usd * 86400.0 / span if span > 0 else p.projected_cost_usd
    attrs = {"projected_cost_usd": p.projected_cost_usd, "window_s": span}
    return [
        Signal(
            "cost_ops",
            "projection",
            p.projection_id,
            unix_time(p.window_start),
            Metric.PROJECTED_DAILY,
            daily,
            None,
            attrs,
        )
    ]


def from_cost_aggregation(a: CostAggregation) -> list[Signal]:
    """CostOps aggregation: the spend rate over its window, in $ per hour (fleet)."""
    hours = (a.end_time - a.start_time).total_seconds() / 3600.0
    if hours <= 0:
        return []
    item = f"aggregation:{a.period}@{a.end_time.isoformat()}"
    return [
        Signal(
            "cost_ops",
            "aggregation",
            item,
            unix_time(a.end_time),
            Metric.RATE_PER_HOUR,
            a.total_cost_usd / hours,
            None,
            {"requests": a.total_requests},
        )
    ]


def from_current_rate(r: CurrentRate, *, now: float) -> list[Signal]:
    """CostOps current rate (it carries no time: ``now`` is the optimizer's clock)."""
    return [
        Signal(
            "cost_ops",
            "rate",
            f"rate@{now:.3f}",
            now,
            Metric.RATE_PER_HOUR,
            r.rate_per_hour,
            None,
            {"rate_per_minute": r.rate_per_minute},
        )
    ]


def from_latency_profile(p: LatencyProfile) -> list[Signal]:
    """LatencyLens profile: p50 and p99 of the model."""
    t, attrs = unix_time(p.timestamp), {"sample_count": p.sample_count, "p95_ms": p.p95_ms}
    return [
        Signal(
            "latency_lens", "profile", p.profile_id, t, Metric.P50_MS, p.p50_ms, p.model_id, attrs
        ),
        Signal(
            "latency_lens", "profile", p.profile_id, t, Metric.P99_MS, p.p99_ms, p.model_id, attrs
        ),
    ]


def from_throughput_stats(s: ThroughputStats) -> list[Signal]:
    """LatencyLens throughput: requests per second and, with traffic, the error rate."""
    t = unix_time(s.window_end)
    out = [
        Signal(
            "latency_lens",
            "throughput",
            s.stats_id,
            t,
            Metric.RPS,
            s.requests_per_second,
            s.model_id,
        )
    ]
    if s.total_requests > 0:
        out.append(
            Signal(
                "latency_lens",
                "throughput",
                s.stats_id,
                t,
                Metric.ERROR_RATE,
                s.error_rate,
                s.model_id,
                {"total_requests": s.total_requests},
            )
        )
    return out


def from_trace(tr: TelemetryTrace) -> list[Signal]:
    """Observatory root span: the request's latency, failure and (when ok) quality.

    A request the gateway refused by policy (error message mentioning ``blocked``) never reached
    the model, so it says nothing about the model's health and gives no signal.
    """
    model = tr.resource.model_id or tr.attributes.get("llm.model")
    if tr.parent_span_id is not None or not isinstance(model, str):
        return []
    if tr.status != "ok" and "blocked" in (tr.error_message or "").lower():
        return []
    t, item = unix_time(tr.end_time), tr.trace_id
    failed = 0.0 if tr.status == "ok" else 1.0
    out = [
        Signal("observatory", "request", item, t, Metric.LATENCY_MS, tr.duration_ms, model),
        Signal(
            "observatory", "request", item, t, Metric.ERROR, failed, model, {"status": tr.status}
        ),
    ]
    quality = _quality(tr.attributes)
    if quality is not None and not failed:
        out.append(Signal("observatory", "request", item, t, Metric.QUALITY, quality, model))
    return out


def from_structured_event(e: StructuredEvent) -> list[Signal]:
    """Observatory event (an event); a ``request.complete`` with a quality also gives quality."""
    t = unix_time(e.timestamp)
    out = [
        Signal(
            "observatory",
            "event",
            e.event_id,
            t,
            e.type,
            1.0,
            e.model_id,
            {"severity": e.severity, "category": e.category},
        )
    ]
    quality = _quality(e.data)
    if e.type == "request.complete" and quality is not None and e.model_id is not None:
        out.append(
            Signal("observatory", "request", e.event_id, t, Metric.QUALITY, quality, e.model_id)
        )
    return out


def from_routing_decision(d: RoutingDecision) -> list[Signal]:
    """RouterL2 decision: its estimates for the selected model (priors for unobserved models)."""
    t, m, md = unix_time(d.timestamp), d.selected_model, d.metadata
    return [
        Signal(
            "router_l2",
            "routing_decision",
            d.decision_id,
            t,
            Metric.EST_QUALITY,
            md.quality_score,
            m,
        ),
        Signal(
            "router_l2", "routing_decision", d.decision_id, t, Metric.EST_COST, md.cost_estimate, m
        ),
        Signal(
            "router_l2",
            "routing_decision",
            d.decision_id,
            t,
            Metric.EST_LATENCY_MS,
            md.latency_estimate_ms,
            m,
        ),
    ]


def from_model_weight(w: ModelWeight, *, now: float) -> list[Signal]:
    """RouterL2 weight in force for a model (it carries no time: ``now`` is the clock's)."""
    return [
        Signal(
            "router_l2",
            "weight",
            f"weight:{w.model_id}@{now:.3f}",
            now,
            "weight",
            w.effective_weight,
            w.model_id,
        )
    ]


def from_traffic_stats(s: TrafficStats) -> list[Signal]:
    """RouterL2 traffic stats: each model's error rate over the window."""
    t = unix_time(s.window.end)
    return [
        Signal(
            "router_l2",
            "traffic",
            s.stats_id,
            t,
            Metric.ERROR_RATE,
            m.error_rate,
            model,
            {"requests": m.requests},
        )
        for model, m in sorted(s.by_model.items())
        if m.requests > 0
    ]
