"""The API key never shows: not in a repr, a log line or an exception message."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
import respx

from adapters import AdapterError, CostOpsAdapter


def test_the_key_is_absent_from_reprs(make_adapter: Any, secret: str) -> None:
    adapter = make_adapter(CostOpsAdapter)
    assert secret not in repr(adapter)
    assert secret not in repr(adapter.config)
    assert secret not in repr(adapter._http)


def test_the_key_is_absent_from_logs_and_errors_even_when_echoed(
    router: respx.MockRouter,
    make_adapter: Any,
    secret: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    echo = httpx.Response(401, text=f"bad token Bearer {secret}")
    router.get("http://cost-ops.test/api/v1/rate/current", name="rate").mock(
        side_effect=[httpx.Response(503), httpx.ConnectError(f"reset {secret}"), echo]
    )
    router.get("http://cost-ops.test/api/v1/telemetry/events", name="events").mock(
        return_value=echo
    )
    router.get("http://cost-ops.test/api/v1/projections", name="projections").mock(
        side_effect=httpx.ConnectError(f"reset {secret}")
    )
    adapter = make_adapter(CostOpsAdapter)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(AdapterError) as caught:
        adapter.get_current_rate()
    report = adapter.poll_once()
    assert not report.ok
    texts = [str(caught.value), repr(caught.value), caplog.text, repr(report)]
    assert all(secret not in text for text in texts)
    assert "<hidden>" in str(caught.value)
