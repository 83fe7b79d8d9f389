"""Timestamps: milliseconds and ISO text agree both ways."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from simulator.services.timefmt import Stamps, to_ms

EPOCH = datetime(2025, 1, 6, tzinfo=UTC)


def test_iso_and_back_are_exact_to_the_millisecond() -> None:
    stamps = Stamps(EPOCH)
    for t in (0.0, 0.0004, 1.2345, 86_399.9996, 3 * 86_400 + 0.5):
        text = stamps.iso(t)
        assert text.endswith("Z")
        assert stamps.parse_ms(text) == to_ms(t)
    assert stamps.iso(61.5) == "2025-01-06T00:01:01.500Z"


def test_naive_epoch_is_rejected() -> None:
    with pytest.raises(ValueError, match="aware"):
        Stamps(datetime(2025, 1, 6))
