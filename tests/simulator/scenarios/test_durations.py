"""Durations and instants as scenarios write them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from simulator.scenarios import format_duration, parse_duration, parse_instant

EPOCH = datetime(2025, 1, 6, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("24h", 86400.0),
        ("90m", 5400.0),
        ("3600s", 3600.0),
        ("1h30m", 5400.0),
        ("1d2h", 93600.0),
        ("250ms", 0.25),
        ("1.5h", 5400.0),
        ("42", 42.0),
        (42, 42.0),
        (2.5, 2.5),
    ],
)
def test_durations_parse_to_seconds(text: object, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("bad", ["2x", "h", "", "1h 30m", "-5s", -1, True, None, [1]])
def test_bad_durations_are_refused_naming_the_value(bad: object) -> None:
    with pytest.raises(ValueError, match="got"):
        parse_duration(bad)


def test_instants_are_offsets_or_date_times() -> None:
    assert parse_instant("2h", EPOCH) == 7200.0
    assert parse_instant("2025-01-06T01:00:00Z", EPOCH) == 3600.0
    assert parse_instant("2025-01-06T02:00:00+01:00", EPOCH) == 3600.0
    assert parse_instant(datetime(2025, 1, 6, 0, 30, tzinfo=UTC), EPOCH) == 1800.0


@pytest.mark.parametrize(
    ("seconds", "text"), [(5400, "1h30m"), (86400, "1d"), (45, "45s"), (0, "0s"), (1200.4, "20m")]
)
def test_durations_format_compactly(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text
