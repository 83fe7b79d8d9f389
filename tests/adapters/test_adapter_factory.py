"""The combined factory: the reference's enable rules, without its silent failures (D31)."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest

from adapters import (
    Adapters,
    AdaptersConfig,
    ConfigError,
    ConfigManagerAdapter,
    CostOpsAdapter,
    PollReport,
    ServiceBlock,
    create_adapters,
    start_all_listeners,
    stop_all_listeners,
)


def block(**values: Any) -> ServiceBlock:
    return ServiceBlock(**{"api_base_url": "http://svc.test", "api_key": "sk-1", **values})


def test_an_adapter_is_created_per_block_with_a_url_that_is_not_disabled(
    client: httpx.Client, clock: Any
) -> None:
    config = AdaptersConfig(
        cost_ops=block(),
        sentinel=block(enabled=True),
        shield=block(enabled=False),
        observatory=ServiceBlock(api_key="sk-1"),
        config_manager=block(),
    )
    adapters = create_adapters(config, client=client, clock=clock)
    assert isinstance(adapters.cost_ops, CostOpsAdapter)
    assert adapters.sentinel is not None
    assert adapters.shield is None
    assert adapters.observatory is None
    assert adapters.latency_lens is None
    assert [type(a).__name__ for a in adapters] == [
        "CostOpsAdapter",
        "SentinelAdapter",
        "ConfigManagerAdapter",
    ]


def test_an_enabled_block_without_a_url_raises(client: httpx.Client, clock: Any) -> None:
    config = AdaptersConfig(shield=ServiceBlock(api_key="sk-1", enabled=True))
    with pytest.raises(ConfigError, match="shield"):
        create_adapters(config, client=client, clock=clock)


@pytest.mark.parametrize("key", [None, ""])
def test_a_missing_key_raises_instead_of_sending_bearer_undefined(
    client: httpx.Client, clock: Any, key: str | None
) -> None:
    with pytest.raises(ConfigError, match="api_key"):
        create_adapters(AdaptersConfig(cost_ops=block(api_key=key)), client=client, clock=clock)


def test_the_reference_mapping_shape_is_accepted_with_options(
    client: httpx.Client, clock: Any
) -> None:
    config = {
        "costOps": {"apiBaseUrl": "http://c.test", "apiKey": "sk-1", "timeout": 5.0},
        "configManager": {
            "api_base_url": "http://m.test",
            "api_key": "sk-1",
            "options": {"cacheTtl": 1.0},
        },
        "routerL2": {"apiBaseUrl": "http://r.test", "apiKey": "sk-1", "enabled": False},
    }
    adapters = create_adapters(config, client=client, clock=clock)
    assert adapters.cost_ops is not None
    assert adapters.cost_ops.config.timeout == 5.0
    assert adapters.config_manager is not None
    assert adapters.config_manager.config.cache_ttl == 1.0
    assert adapters.router_l2 is None


@pytest.mark.parametrize(
    "config",
    [
        {"costOps": {"apiBaseUrl": "http://c.test", "apiKey": "k", "cacheTtl": 1.0}},
        {"nope": {"apiBaseUrl": "http://c.test", "apiKey": "k"}},
        {"costOps": "http://c.test"},
        {"costOps": {"apiBaseUrl": "http://c.test", "apiKey": "k", "timeout": 0}},
    ],
)
def test_unknown_or_bad_settings_raise(
    client: httpx.Client, clock: Any, config: dict[str, Any]
) -> None:
    with pytest.raises(ConfigError):
        create_adapters(config, client=client, clock=clock)


class GateClock:
    """A clock whose sleep blocks until released, so listener threads wait at the first sleep."""

    def __init__(self) -> None:
        self.asleep = threading.Semaphore(0)
        self.gate = threading.Event()

    def time(self) -> float:
        return 1_741_939_200.0

    def sleep(self, seconds: float) -> None:
        self.asleep.release()
        self.gate.wait(timeout=10)


def test_start_all_listeners_runs_config_manager_at_twice_the_interval(
    client: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = GateClock()
    config = AdaptersConfig(cost_ops=block(), config_manager=block())
    adapters: Adapters = create_adapters(config, client=client, clock=clock)
    for adapter in adapters:
        monkeypatch.setattr(
            adapter, "poll_once", lambda a=adapter: PollReport(adapter=a.label, feeds=())
        )
        adapter._listener._poll = adapter.poll_once
    start_all_listeners(adapters, interval=3.0)
    assert clock.asleep.acquire(timeout=10)
    assert clock.asleep.acquire(timeout=10)
    assert adapters.cost_ops is not None
    assert adapters.cost_ops._listener.interval == 3.0
    assert isinstance(adapters.config_manager, ConfigManagerAdapter)
    assert adapters.config_manager._listener.interval == 6.0
    assert all(a.is_listening for a in adapters)
    stop_all_listeners(adapters)
    clock.gate.set()
    for adapter in adapters:
        adapter.join_listener(timeout=10)
    assert not any(a.is_listening for a in adapters)
