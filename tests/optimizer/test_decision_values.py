"""Decision and Reason invariants (optimizer/decision.py)."""

from __future__ import annotations

import pytest

from optimizer import DECISION_KINDS, Actuator, Decision, DecisionError, Reason

REASON = Reason("latency_lens", "profile", "p-1", "p99_ms", 7000.0, 6000.0, "p99 above max", "A")


def test_the_ten_kinds_are_exactly_those_of_the_issue() -> None:
    assert set(DECISION_KINDS) == {
        "model_selection", "exploration", "drift_compensation", "latency_shift", "failover",
        "cost_optimization", "parameter_tuning", "canary_start", "canary_promote",
        "canary_rollback",
    }  # fmt: skip


def test_a_decision_without_a_reason_is_refused() -> None:
    with pytest.raises(DecisionError, match="at least one reason"):
        Decision("failover", "A", {"B": 1.0}, {}, (), 0.0, "d")


@pytest.mark.parametrize(
    "weights",
    [{"A": 0.5, "B": 0.4}, {"A": 1.2, "B": -0.2}, {}, {"A": float("nan")}],
)
def test_weights_must_be_non_negative_and_sum_to_one(weights: dict[str, float]) -> None:
    with pytest.raises(DecisionError):
        Decision("model_selection", "A", weights, {}, (REASON,), 0.0, "d")


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(DecisionError, match="kind"):
        Decision("teleport", "A", {"A": 1.0}, {}, (REASON,), 0.0, "d")  # type: ignore[arg-type]


def test_a_decision_needs_weights_or_parameters() -> None:
    with pytest.raises(DecisionError, match="neither"):
        Decision("parameter_tuning", "routing", None, {}, (REASON,), 0.0, "d")


def test_a_decision_is_frozen_and_its_mappings_read_only() -> None:
    weights = {"A": 0.25, "B": 0.75}
    d = Decision("model_selection", "B", weights, {"max_tokens": 512}, (REASON,), 1.0, "d-1")
    weights["A"] = 1.0  # the decision keeps its own copy
    assert d.weights == {"A": 0.25, "B": 0.75}
    with pytest.raises(TypeError):
        d.weights["A"] = 0.0  # type: ignore[index]
    with pytest.raises(AttributeError):
        d.kind = "failover"  # type: ignore[misc]
    assert "d-1 model_selection -> B" in d.describe()


def test_reason_text_names_signal_metric_value_and_rule() -> None:
    text = REASON.text()
    assert text == "latency_lens/profile/p-1 [A]: p99_ms=7000 vs 6000 (p99 above max)"


def test_a_class_with_apply_is_an_actuator() -> None:
    class Sink:
        def apply(self, decision: Decision) -> None:
            del decision

    assert isinstance(Sink(), Actuator)
