"""The shared adapter base: what it accepts, and payloads the typed values cannot hold."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx

from adapters import (
    ConfigError,
    ContractViolation,
    CostOpsAdapter,
    CostOpsConfig,
    SentinelConfig,
)
from adapters.retry import parse_retry_after


def test_an_adapter_refuses_another_services_config(client: httpx.Client, clock: Any) -> None:
    config = SentinelConfig(api_base_url="http://s.test", api_key="k")
    with pytest.raises(ConfigError, match="CostOpsConfig"):
        CostOpsAdapter(config, client=client, clock=clock)  # type: ignore[arg-type]


def test_an_adapter_needs_an_httpx_client(clock: Any) -> None:
    config = CostOpsConfig(api_base_url="http://c.test", api_key="k")
    with pytest.raises(ConfigError, match=r"httpx\.Client"):
        CostOpsAdapter(config, client=object(), clock=clock)  # type: ignore[arg-type]


def test_a_valid_payload_the_types_cannot_hold_is_a_contract_violation(
    router: respx.MockRouter, make_adapter: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    router.get("http://cost-ops.test/api/v1/rate/current", name="getCurrentRate").mock(
        return_value=httpx.Response(200, json={"ratePerMinute": 1, "ratePerHour": 60})
    )

    def broken(cls: type, data: Any) -> Any:
        raise ValueError("cannot")

    monkeypatch.setattr("adapters.base.build", broken)
    with pytest.raises(ContractViolation, match="cannot be converted"):
        make_adapter(CostOpsAdapter).get_current_rate()


@pytest.mark.parametrize("header", ["soon", "-3", "nan", "Wed, 99 Foo 2025"])
def test_an_unreadable_retry_after_is_ignored(header: str) -> None:
    assert parse_retry_after(header, 0.0) is None


def test_a_retry_after_date_in_the_past_means_now() -> None:
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 2e9) == 0.0
