"""Shield: both feeds polled with limit 50; one failing feed does not starve the other (D11)."""

from __future__ import annotations

from typing import Any

import httpx
import respx

from adapters import ShieldAdapter
from adapters.types import PIIDetectionSignal

BASE = "http://shield.test/api/v1"


def test_a_failing_feed_does_not_starve_the_next_one(
    router: respx.MockRouter, make_adapter: Any, examples: Any
) -> None:
    blocks = router.get(BASE + "/policy/blocks", name="fetchPolicyBlocks")
    blocks.mock(return_value=httpx.Response(500))
    pii = router.get(BASE + "/pii/detections", name="fetchPIIDetections")
    pii.mock(
        return_value=httpx.Response(
            200, json={"signals": [examples("shield", "PIIDetectionSignal")]}
        )
    )
    adapter = make_adapter(ShieldAdapter, lookback=None, enable_retry=False)
    got: list[PIIDetectionSignal] = []
    adapter.on_pii_detection(got.append)
    report = adapter.poll_once()
    assert not report.feed("policy_blocks").ok
    assert report.feed("pii_detections").delivered == 1
    assert len(got) == 1
    assert pii.calls.last.request.url.params["limit"] == "50"
