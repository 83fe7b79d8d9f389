"""contracts.compat_shapes: fields matched across naming conventions, with their units and enums."""

from __future__ import annotations

from contracts.compat_shapes import leaves
from contracts.contract_set import load_contract_set


def test_leaves_carry_units_from_suffixes_and_from_x_unit() -> None:
    consumer, upstream = load_contract_set("consumer"), load_contract_set("upstream")
    profile = consumer.services["latency-lens"].type_node("LatencyProfile")
    group = upstream.services["latency-lens"].type_node("GroupLatencyAnalysis")
    assert profile is not None
    assert group is not None
    mine = {leaf.path: leaf for leaf in leaves(consumer, profile)}
    theirs = {leaf.path: leaf for leaf in leaves(upstream, group)}
    assert (mine["p50Ms"].base, mine["p50Ms"].unit) == ("p50", "ms")
    assert (theirs["ttft.p50"].base, theirs["ttft.p50"].unit) == ("p50", "ns")
    assert theirs["ttft.sample_count"].unit is None


def test_leaves_follow_array_items_and_keep_enums() -> None:
    upstream = load_contract_set("upstream")
    result = upstream.services["shield"].type_node("PiiDetectionResult")
    assert result is not None
    found = {leaf.path: leaf for leaf in leaves(upstream, result)}
    assert found["entities.pii_type"].enum is not None
    assert "phone" in found["entities.pii_type"].enum
