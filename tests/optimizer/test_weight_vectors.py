"""Weight vector helpers (optimizer/weights.py)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from optimizer.weights import blend, distance, move_share, normalise, restrict, uniform

shares = st.dictionaries(
    st.sampled_from(list("ABCDEFG")), st.floats(0.0, 1e6, allow_nan=False), max_size=7
)


@given(shares)
def test_normalise_sums_to_one_exactly_enough(weights: dict[str, float]) -> None:
    out = normalise(weights)
    if any(w > 0 for w in weights.values()):
        assert abs(math.fsum(out.values()) - 1.0) <= 1e-12
        assert all(w > 0 for w in out.values())
    else:
        assert out == {}


def test_restrict_drops_models_and_renormalises() -> None:
    assert restrict({"A": 0.5, "B": 0.25, "C": 0.25}, {"B", "C"}) == {"B": 0.5, "C": 0.5}


def test_blend_and_distance() -> None:
    a, b = {"A": 1.0}, {"B": 1.0}
    assert blend(a, b, 0.25) == pytest.approx({"A": 0.75, "B": 0.25})
    assert distance(a, b) == 2.0
    assert distance(None, None) == 0.0
    assert distance(a, None) == 2.0
    assert uniform(["B", "A", "B"]) == {"A": 0.5, "B": 0.5}


def test_move_share_moves_the_freed_part_in_proportion() -> None:
    moved = move_share({"A": 0.8, "B": 0.2}, "A", 0.5, {"B": 1.0, "C": 3.0})
    assert moved == pytest.approx({"A": 0.4, "B": 0.3, "C": 0.3})
    assert move_share({"A": 1.0}, "A", 0.5, {"A": 1.0}) is None
