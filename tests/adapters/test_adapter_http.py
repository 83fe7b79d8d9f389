"""The HTTP core through a real adapter call: URL, headers, timeout, retries, error mapping."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
import respx

from adapters import (
    AuthenticationError,
    ConfigManagerAdapter,
    CostOpsAdapter,
    HTTPStatusError,
    MalformedResponse,
    NotFound,
    RateLimited,
    RequestTimeout,
    ServiceUnavailable,
    TransportError,
)

URL = "http://cost-ops.test/api/v1/rate/current"
RATE = {"ratePerMinute": 0.5, "ratePerHour": 30.0}


def ok() -> httpx.Response:
    return httpx.Response(200, json=RATE)


@pytest.fixture
def rate(router: respx.MockRouter) -> respx.Route:
    return router.get(URL, name="getCurrentRate")


def test_a_trailing_slash_in_the_base_url_gives_no_double_slash(
    router: respx.MockRouter, make_adapter: Any
) -> None:
    route = router.get(URL, name="getCurrentRate").mock(return_value=ok())
    make_adapter(CostOpsAdapter, api_base_url="http://cost-ops.test/").get_current_rate()
    assert route.calls.last.request.url.raw_path == b"/api/v1/rate/current"


def test_a_base_url_with_a_prefix_keeps_it(router: respx.MockRouter, make_adapter: Any) -> None:
    route = router.get("http://gw.test/cost/api/v1/rate/current", name="prefixed")
    route.mock(return_value=ok())
    make_adapter(CostOpsAdapter, api_base_url="http://gw.test/cost/").get_current_rate()
    assert route.called


def test_the_timeout_is_passed_with_each_request(rate: respx.Route, make_adapter: Any) -> None:
    rate.mock(return_value=ok())
    make_adapter(CostOpsAdapter, timeout=2.5).get_current_rate()
    assert rate.calls.last.request.extensions["timeout"]["read"] == 2.5


def test_headers_carry_the_bearer_key_and_the_client_name(
    rate: respx.Route, make_adapter: Any, secret: str
) -> None:
    rate.mock(return_value=ok())
    make_adapter(CostOpsAdapter).get_current_rate()
    headers = rate.calls.last.request.headers
    assert headers["Authorization"] == f"Bearer {secret}"
    assert headers["X-Client"] == "llm-auto-optimizer"
    assert headers["Accept"] == "application/json"
    assert "Content-Type" not in headers


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_transient_statuses_are_retried_with_jittered_backoff(
    rate: respx.Route, make_adapter: Any, clock: Any, status: int
) -> None:
    rate.mock(side_effect=[httpx.Response(status), httpx.Response(status), ok()])
    assert make_adapter(CostOpsAdapter).get_current_rate().rate_per_hour == 30.0
    assert rate.call_count == 3
    first, second = clock.sleeps
    assert 0.5 <= first <= 1.0
    assert 1.0 <= second <= 2.0


@pytest.mark.parametrize("error", [httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError])
def test_connection_failures_are_retried(
    rate: respx.Route, make_adapter: Any, error: type[Exception]
) -> None:
    rate.mock(side_effect=[error("reset"), ok()])
    make_adapter(CostOpsAdapter).get_current_rate()
    assert rate.call_count == 2


def test_timeouts_are_retried_then_raised_as_request_timeout(
    rate: respx.Route, make_adapter: Any, clock: Any
) -> None:
    rate.mock(side_effect=httpx.ReadTimeout)
    with pytest.raises(RequestTimeout) as caught:
        make_adapter(CostOpsAdapter, max_retries=2).get_current_rate()
    assert isinstance(caught.value, TransportError)
    assert rate.call_count == 3
    assert len(clock.sleeps) == 2


def test_backoff_is_capped(rate: respx.Route, make_adapter: Any, clock: Any) -> None:
    rate.mock(side_effect=[httpx.Response(503)] * 8 + [ok()])
    make_adapter(CostOpsAdapter, max_retries=8, backoff_cap=3.0).get_current_rate()
    assert max(clock.sleeps) <= 3.0
    assert clock.sleeps[-1] >= 1.5


def test_jitter_comes_from_the_seeded_generator(
    rate: respx.Route, make_adapter: Any, clock: Any
) -> None:
    rate.mock(side_effect=[httpx.Response(503), ok(), httpx.Response(503), ok()])
    make_adapter(CostOpsAdapter, seed=7).get_current_rate()
    make_adapter(CostOpsAdapter, seed=7).get_current_rate()
    assert clock.sleeps[0] == clock.sleeps[1]
    assert clock.sleeps[0] == 1.0 * (0.5 + 0.5 * random.Random(7).random())


def test_429_waits_the_retry_after_seconds(
    rate: respx.Route, make_adapter: Any, clock: Any
) -> None:
    rate.mock(side_effect=[httpx.Response(429, headers={"Retry-After": "7"}), ok()])
    make_adapter(CostOpsAdapter).get_current_rate()
    assert clock.sleeps == [7.0]


def test_429_waits_until_the_retry_after_date(
    rate: respx.Route, make_adapter: Any, clock: Any
) -> None:
    when = datetime.fromtimestamp(clock.now, UTC) + timedelta(seconds=12)
    rate.mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": format_datetime(when, True)}),
            ok(),
        ]
    )
    make_adapter(CostOpsAdapter).get_current_rate()
    assert clock.sleeps == [12.0]


def test_429_asking_for_too_long_a_wait_gives_up_at_once(
    rate: respx.Route, make_adapter: Any, clock: Any
) -> None:
    rate.mock(return_value=httpx.Response(429, headers={"Retry-After": "3600"}))
    with pytest.raises(RateLimited) as caught:
        make_adapter(CostOpsAdapter).get_current_rate()
    assert caught.value.retry_after == 3600.0
    assert clock.sleeps == []


def test_retry_can_be_switched_off(rate: respx.Route, make_adapter: Any) -> None:
    rate.mock(return_value=httpx.Response(503))
    with pytest.raises(ServiceUnavailable):
        make_adapter(CostOpsAdapter, enable_retry=False).get_current_rate()
    assert rate.call_count == 1


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (401, AuthenticationError),
        (403, AuthenticationError),
        (404, NotFound),
        (400, HTTPStatusError),
    ],
)
def test_client_errors_are_not_retried(
    rate: respx.Route, make_adapter: Any, status: int, error: type[Exception]
) -> None:
    rate.mock(return_value=httpx.Response(status, json={"error": "x", "message": "no"}))
    with pytest.raises(error) as caught:
        make_adapter(CostOpsAdapter).get_current_rate()
    assert rate.call_count == 1
    assert caught.value.status_code == status  # type: ignore[attr-defined]
    assert caught.value.response is not None  # type: ignore[attr-defined]
    assert "no" in str(caught.value)


def test_a_2xx_html_body_quoting_502_is_malformed_not_retried(
    rate: respx.Route, make_adapter: Any
) -> None:
    rate.mock(return_value=httpx.Response(200, text="<html>502 Bad Gateway</html>"))
    with pytest.raises(MalformedResponse):
        make_adapter(CostOpsAdapter).get_current_rate()
    assert rate.call_count == 1


def test_an_empty_2xx_body_is_malformed(rate: respx.Route, make_adapter: Any) -> None:
    rate.mock(return_value=httpx.Response(204))
    with pytest.raises(MalformedResponse):
        make_adapter(CostOpsAdapter).get_current_rate()


def test_a_path_id_with_a_slash_stays_one_segment(
    router: respx.MockRouter, make_adapter: Any, examples: Any
) -> None:
    route = router.get(url__startswith="http://config-manager.test/api/v1/models/", name="status")
    route.mock(
        return_value=httpx.Response(200, json=examples("config-manager", "ModelAvailability"))
    )
    make_adapter(ConfigManagerAdapter).get_model_status("meta-llama/Llama 3")
    raw = route.calls.last.request.url.raw_path
    assert raw == b"/api/v1/models/meta-llama%2FLlama%203/status"
