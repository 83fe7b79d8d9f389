"""Adapter values to signals (optimizer/intake/signals.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.types import (
    AnomalyEvent,
    ConfigChange,
    CostAggregation,
    CostProjection,
    CostTelemetryEvent,
    CurrentRate,
    DriftSignal,
    LatencyAnomaly,
    LatencyProfile,
    LoadBalancerRecommendation,
    LoadBalancerSignal,
    ModelTraffic,
    ModelWeight,
    RoutingDecision,
    RoutingMetadata,
    SentinelAlert,
    StructuredEvent,
    TelemetryTrace,
    ThroughputStats,
    TimeWindow,
    TraceResource,
    TrafficStats,
)
from adapters.types.shield import PIIDetectionSignal, PolicyBlockEvent
from optimizer import IntakeError, Metric, Signal, intake

T0 = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)
T = T0.timestamp()


def by_metric(signals: list[Signal]) -> dict[str, Signal]:
    return {s.metric: s for s in signals}


def test_cost_event_gives_cost_tokens_and_latency_per_request() -> None:
    event = CostTelemetryEvent(
        event_id="ce-1",
        timestamp=T0,
        model_id="gpt",
        provider="openai",
        input_tokens=1200,
        output_tokens=300,
        cost_usd=0.012,
        latency_ms=850.0,
    )
    signals = by_metric(intake.from_cost_event(event))
    assert set(signals) == {
        Metric.COST,
        Metric.INPUT_TOKENS,
        Metric.OUTPUT_TOKENS,
        Metric.LATENCY_MS,
    }
    cost = signals[Metric.COST]
    assert (cost.source, cost.kind, cost.id, cost.t, cost.value, cost.model_id) == (
        "cost_ops",
        "request",
        "ce-1",
        T,
        0.012,
        "gpt",
    )
    no_latency = CostTelemetryEvent(
        event_id="ce-2",
        timestamp=T0,
        model_id="gpt",
        provider="o",
        input_tokens=1,
        output_tokens=1,
        cost_usd=0.0,
    )
    assert Metric.LATENCY_MS not in by_metric(intake.from_cost_event(no_latency))


def test_projection_is_scaled_to_dollars_per_day() -> None:
    projection = CostProjection(
        projection_id="pj",
        window_start=T0,
        window_end=T0 + timedelta(hours=6),
        projected_cost_usd=100.0,
        confidence_lower=90.0,
        confidence_upper=110.0,
        by_model={},
        by_provider={},
    )
    (signal,) = intake.from_cost_projection(projection)
    assert (signal.metric, signal.value, signal.model_id) == (Metric.PROJECTED_DAILY, 400.0, None)


def test_aggregation_and_current_rate_give_dollars_per_hour() -> None:
    aggregation = CostAggregation(
        period="hourly",
        start_time=T0,
        end_time=T0 + timedelta(minutes=30),
        total_cost_usd=10.0,
        total_requests=100,
        avg_cost_per_request=0.1,
        cost_by_model={},
        cost_by_provider={},
    )
    (agg,) = intake.from_cost_aggregation(aggregation)
    assert (agg.metric, agg.value) == (Metric.RATE_PER_HOUR, 20.0)
    (rate,) = intake.from_current_rate(CurrentRate(rate_per_minute=0.5, rate_per_hour=30.0), now=T)
    assert (rate.metric, rate.value, rate.t) == (Metric.RATE_PER_HOUR, 30.0, T)


def test_latency_lens_profile_throughput_and_anomaly() -> None:
    profile = LatencyProfile(
        profile_id="lp",
        model_id="m",
        provider="p",
        timestamp=T0,
        p50_ms=500.0,
        p90_ms=900.0,
        p95_ms=1000.0,
        p99_ms=2000.0,
        mean_ms=600.0,
        std_dev_ms=100.0,
        sample_count=300,
    )
    assert {s.metric: s.value for s in intake.from_latency_profile(profile)} == {
        Metric.P50_MS: 500.0,
        Metric.P99_MS: 2000.0,
    }
    stats = ThroughputStats(
        stats_id="ts",
        model_id="m",
        provider="p",
        window_start=T0,
        window_end=T0 + timedelta(minutes=1),
        requests_per_second=5.0,
        input_tokens_per_second=1.0,
        output_tokens_per_second=1.0,
        total_requests=300,
        successful_requests=297,
        failed_requests=3,
        error_rate=0.01,
    )
    assert {s.metric: s.value for s in intake.from_throughput_stats(stats)} == {
        Metric.RPS: 5.0,
        Metric.ERROR_RATE: 0.01,
    }
    anomaly = LatencyAnomaly(
        anomaly_id="la",
        model_id="m",
        provider="p",
        detected_at=T0,
        type="spike",
        severity="high",
        observed_value=4000.0,
        baseline_value=900.0,
        deviation_percent=344.0,
    )
    (signal,) = intake.from_latency_anomaly(anomaly)
    assert signal.is_event
    assert signal.attributes["severity"] == "high"


def test_sentinel_anomaly_drift_and_alert_are_events() -> None:
    anomaly = AnomalyEvent(
        anomaly_id="an",
        detected_at=T0,
        type="error_rate_increase",
        severity="critical",
        model_id="m",
        provider="p",
        description="d",
        metric="error_rate",
        observed_value=0.3,
        expected_value=0.01,
        threshold=0.05,
        deviation_percent=2900.0,
        is_active=True,
    )
    window = TimeWindow(start=T0, end=T0)
    drift = DriftSignal(
        drift_id="dr",
        detected_at=T0,
        type="quality_drift",
        model_id="m",
        provider="p",
        magnitude=0.4,
        p_value=0.01,
        confidence=0.9,
        baseline_period=window,
        observation_period=window,
        affected_metrics=("quality",),
    )
    alert = SentinelAlert(
        alert_id="al",
        created_at=T0,
        type="anomaly",
        severity="critical",
        title="t",
        description="d",
        affected_resources=("m",),
        acknowledged=False,
        related_ids=("an",),
    )
    signals = [
        *intake.from_anomaly_event(anomaly),
        *intake.from_drift_signal(drift),
        *intake.from_sentinel_alert(alert),
    ]
    assert [(s.kind, s.id) for s in signals] == [
        ("anomaly", "an"),
        ("drift", "dr"),
        ("alert", "al"),
    ]
    assert all(s.is_event and s.source == "sentinel" for s in signals)
    assert signals[1].value == 0.4
    assert signals[1].attributes["p_value"] == 0.01


def test_shield_block_and_pii_are_events() -> None:
    block = PolicyBlockEvent(
        event_id="pb",
        timestamp=T0,
        request_id="r",
        policy_id="pol",
        policy_name="n",
        reason="unauthorized_model",
        severity="high",
        model_id="m",
        provider="p",
        action="block",
    )
    pii = PIIDetectionSignal(
        signal_id="pii",
        timestamp=T0,
        request_id="r",
        direction="output",
        pii_types=("email",),
        detections=(),
        action="block",
        content_modified=True,
        model_id="m",
        provider="p",
        risk_score=0.95,
    )
    (b,) = intake.from_policy_block(block)
    (p,) = intake.from_pii_detection(pii)
    assert (b.kind, b.attributes["reason"], b.attributes["action"]) == (
        "policy_block",
        "unauthorized_model",
        "block",
    )
    assert (p.kind, p.value, p.attributes["direction"]) == ("pii", 0.95, "output")


def trace_of(
    status: str = "ok", parent: str | None = None, error: str | None = None, **attributes: object
) -> TelemetryTrace:
    return TelemetryTrace(
        trace_id="tr",
        span_id="sp",
        operation_name="llm.completion",
        service_name="gateway",
        start_time=T0,
        end_time=T0 + timedelta(seconds=2),
        duration_ms=2000.0,
        status=status,
        attributes=attributes,
        resource=TraceResource(model_id="m"),
        events=(),
        links=(),
        parent_span_id=parent,
        error_message=error,
    )


def test_a_root_span_gives_latency_failure_and_quality() -> None:
    signals = by_metric(intake.from_trace(trace_of(**{"llm.quality": 0.88})))
    assert {m: s.value for m, s in signals.items()} == {
        Metric.LATENCY_MS: 2000.0,
        Metric.ERROR: 0.0,
        Metric.QUALITY: 0.88,
    }
    assert signals[Metric.ERROR].t == T + 2
    failed = by_metric(intake.from_trace(trace_of("timeout", quality_score=0.9)))
    assert failed[Metric.ERROR].value == 1.0
    assert Metric.QUALITY not in failed
    assert intake.from_trace(trace_of(parent="root")) == []  # a child span: counted by its root
    assert intake.from_trace(trace_of("error", error="policy_blocked")) == []  # never reached it


def test_structured_event_and_request_quality() -> None:
    event = StructuredEvent(
        event_id="ev",
        timestamp=T0,
        type="request.complete",
        category="llm",
        severity="info",
        message="m",
        source="gw",
        data={"quality": 0.7},
        tags=(),
        model_id="m",
    )
    kinds = [(s.kind, s.metric) for s in intake.from_structured_event(event)]
    assert kinds == [("event", "request.complete"), ("request", Metric.QUALITY)]


def test_router_values() -> None:
    decision = RoutingDecision(
        decision_id="rd",
        timestamp=T0,
        request_id="r",
        selected_model="m",
        selected_provider="p",
        reason="lowest_cost",
        confidence=0.9,
        alternatives=(),
        metadata=RoutingMetadata(
            latency_estimate_ms=900.0,
            cost_estimate=0.002,
            quality_score=0.85,
            availability_score=1.0,
        ),
    )
    assert {s.metric: s.value for s in intake.from_routing_decision(decision)} == {
        Metric.EST_LATENCY_MS: 900.0,
        Metric.EST_COST: 0.002,
        Metric.EST_QUALITY: 0.85,
    }
    lb = LoadBalancerSignal(
        signal_id="lb",
        timestamp=T0,
        type="rebalance_suggested",
        affected_models=("a", "b"),
        severity="warning",
        load_distribution={"a": 0.9, "b": 0.1},
        recommendation=LoadBalancerRecommendation(
            action="decrease_weight", target_model="a", reason="hot"
        ),
    )
    (signal,) = intake.from_load_balancer_signal(lb)
    assert (signal.value, signal.attributes["action"], signal.attributes["target_model"]) == (
        1.0,
        "decrease_weight",
        "a",
    )
    traffic = TrafficStats(
        stats_id="tf",
        window=TimeWindow(start=T0, end=T0),
        total_requests=10,
        requests_per_second=1.0,
        by_model={
            "a": ModelTraffic(requests=10, percentage=100.0, avg_latency_ms=800.0, error_rate=0.1),
            "b": ModelTraffic(requests=0, percentage=0.0, avg_latency_ms=0.0, error_rate=0.0),
        },
        by_provider={},
    )
    assert [(s.model_id, s.value) for s in intake.from_traffic_stats(traffic)] == [("a", 0.1)]
    weight = ModelWeight(
        model_id="a", provider="p", weight=0.5, effective_weight=0.4, adjustments=()
    )
    assert intake.from_model_weight(weight, now=T)[0].value == 0.4


def test_config_change_is_recorded_as_an_event() -> None:
    change = ConfigChange(
        change_id="chg",
        timestamp=T0,
        type="thresholds",
        key_path="latency.p99MaxMs",
        previous_value=1,
        new_value=2,
        source="api",
    )
    (signal,) = intake.from_config_change(change)
    assert (signal.kind, signal.metric, signal.source) == (
        "event",
        "config.thresholds",
        "config_manager",
    )


def test_to_signals_dispatches_by_type_and_refuses_the_unknown() -> None:
    rate = CurrentRate(rate_per_minute=1.0, rate_per_hour=60.0)
    assert intake.to_signals(rate, now=T)[0].value == 60.0
    with pytest.raises(IntakeError, match="'str'"):
        intake.to_signals("nope", now=T)
