"""Encoding of call arguments: what is sent, what is refused before any request (D1, D23-D25)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from adapters import InvalidArgument, LatencyLensAdapter
from adapters.params import encode_path_id, encode_query


def test_zero_and_false_are_sent_and_none_is_left_out() -> None:
    sent = encode_query({"limit": 0, "min_magnitude": 0.0, "active_only": False, "since": None})
    assert sent == {"limit": "0", "min_magnitude": "0.0", "active_only": "false"}


def test_lists_are_comma_joined() -> None:
    assert encode_query({"model_ids": ["a", "b c"]}) == {"model_ids": "a,b c"}


@pytest.mark.parametrize(
    "params",
    [
        {"model_ids": []},
        {"model_ids": ["a,b"]},
        {"model_ids": [""]},
        {"limit": float("nan")},
        {"window_days": float("inf")},
        {"model_id": ""},
        {"since": "evt-000123"},
        {"since": datetime(2025, 3, 14, 9, 0)},
        {"start_time": "yesterday"},
        {"model_id": object()},
    ],
)
def test_ambiguous_arguments_are_refused(params: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgument):
        encode_query(params)


def test_times_are_sent_in_utc_with_milliseconds() -> None:
    paris = timezone(timedelta(hours=1))
    sent = encode_query({"since": datetime(2025, 3, 14, 10, 0, 0, 250000, tzinfo=paris)})
    assert sent == {"since": "2025-03-14T09:00:00.250Z"}


def test_sub_millisecond_times_keep_their_microseconds() -> None:
    sent = encode_query({"since": datetime(2025, 3, 14, 9, 0, 0, 1, tzinfo=UTC)})
    assert sent == {"since": "2025-03-14T09:00:00.000001Z"}


def test_iso_text_times_are_sent_as_given() -> None:
    assert encode_query({"since": "2025-03-14T09:00:00Z"}) == {"since": "2025-03-14T09:00:00Z"}


def test_path_ids_are_escaped_as_one_segment() -> None:
    assert encode_path_id("modelId", "meta-llama/Llama 3?x#y") == "meta-llama%2FLlama%203%3Fx%23y"


@pytest.mark.parametrize("bad", ["", " ", ".", ".."])
def test_path_ids_that_are_empty_or_dot_segments_are_refused(bad: str) -> None:
    with pytest.raises(InvalidArgument):
        encode_path_id("traceId", bad)


def test_a_refused_argument_sends_no_request(make_adapter: Any, router: Any) -> None:
    with pytest.raises(InvalidArgument):
        make_adapter(LatencyLensAdapter).fetch_latency_profiles(model_ids=[])
    assert not router.calls
