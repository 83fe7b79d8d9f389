"""Incident delays: which signals reveal an incident, which decisions mitigate it."""

from __future__ import annotations

from types import SimpleNamespace

from optimizer import Decision, Reason
from simulator.harness.incidents import AVAILABILITY_FEED, IncidentTracker
from simulator.world.truth import IncidentWindow

OUTAGE = IncidentWindow("down", "outage", "m1", start=100.0, end=400.0, models=("m1",))
FLAG = IncidentWindow("flag", "flag_change", "exploration", start=100.0, end=200.0)
SPIKE = IncidentWindow("spike", "traffic_spike", "all", start=100.0, end=200.0)


def decision(weights: dict[str, float]) -> Decision:
    reason = Reason("sentinel", "anomaly", "a1", "error_rate", 0.5, 0.05, "above critical")
    return Decision("failover", "m1", weights, {}, (reason,), t=0.0, id="d1")


def test_routine_items_do_not_detect_but_an_anomaly_naming_the_model_does() -> None:
    tracker = IncidentTracker([OUTAGE])
    tracker.on_signal("cost-ops/fetchCostEvents", SimpleNamespace(model_id="m1"), 150.0)
    tracker.on_signal("sentinel/fetchAnomalies", SimpleNamespace(model_id="m2"), 160.0)
    assert tracker.records[0].detected_at is None
    tracker.on_signal("sentinel/fetchAnomalies", SimpleNamespace(model_id="m1"), 170.0)
    assert tracker.summary()[0]["detected_after_s"] == 70.0


def test_signals_before_the_start_or_long_after_the_end_do_not_count() -> None:
    tracker = IncidentTracker([OUTAGE])
    tracker.on_signal("sentinel/fetchAnomalies", SimpleNamespace(model_id="m1"), 50.0)
    tracker.on_signal("sentinel/fetchAnomalies", SimpleNamespace(model_id="m1"), 400.0 + 901.0)
    assert tracker.records[0].detected_at is None


def test_an_availability_change_detects_a_model_incident() -> None:
    tracker = IncidentTracker([OUTAGE])
    tracker.on_signal(AVAILABILITY_FEED, SimpleNamespace(model_id="m1"), 130.0)
    assert tracker.records[0].detected_by == AVAILABILITY_FEED


def test_only_a_decision_that_lowers_the_models_share_mitigates() -> None:
    tracker = IncidentTracker([OUTAGE])
    tracker.start({"m1": 0.5, "m2": 0.5})
    tracker.on_decision(decision({"m1": 0.6, "m2": 0.4}), 120.0, {"m1": 0.6, "m2": 0.4})
    assert tracker.records[0].mitigated_at is None
    tracker.on_decision(decision({"m1": 0.0, "m2": 1.0}), 180.0, {"m1": 0.0, "m2": 1.0})
    assert tracker.summary()[0]["mitigated_after_s"] == 80.0


def test_config_incidents_are_mitigated_by_the_first_decision_after_detection() -> None:
    tracker = IncidentTracker([FLAG])
    tracker.start({"m1": 1.0})
    tracker.on_decision(decision({"m1": 1.0}), 110.0, {"m1": 1.0})
    assert tracker.records[0].mitigated_at is None
    tracker.on_signal(
        "config-manager/getConfigHistory", SimpleNamespace(key_path="exploration"), 120.0
    )
    tracker.on_decision(decision({"m1": 1.0}), 130.0, {"m1": 1.0})
    assert tracker.summary()[0]["mitigated_after_s"] == 30.0


def test_a_traffic_spike_expects_no_mitigation() -> None:
    tracker = IncidentTracker([SPIKE])
    tracker.start({"m1": 1.0})
    tracker.on_decision(decision({"m1": 1.0}), 150.0, {"m1": 1.0})
    row = tracker.summary()[0]
    assert row["mitigation_expected"] is False
    assert row["mitigated_after_s"] is None
