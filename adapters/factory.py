"""Build the seven adapters from one combined config, and start or stop all their listeners.

The enable rules mirror the reference's ``createLLMDevOpsAdapters``: an adapter is created when
its block exists, has a base URL and ``enabled`` is not False. Unlike the reference (D31), a
block that is enabled but lacks a usable key raises instead of sending ``Bearer undefined``,
``enabled: True`` without a base URL raises instead of skipping silently, and a block's
``options`` can set any other config field (timeout, retries, cache ...).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

import httpx

from adapters.base import BaseAdapter
from adapters.clock import Clock
from adapters.config import AdapterConfig
from adapters.config_manager import ConfigManagerAdapter
from adapters.cost_ops import CostOpsAdapter
from adapters.errors import ConfigError
from adapters.latency_lens import LatencyLensAdapter
from adapters.observatory import ObservatoryAdapter
from adapters.router_l2 import RouterL2Adapter
from adapters.sentinel import SentinelAdapter
from adapters.shield import ShieldAdapter

__all__ = [
    "Adapters",
    "AdaptersConfig",
    "ServiceBlock",
    "create_adapters",
    "start_all_listeners",
    "stop_all_listeners",
]

_CLASSES: dict[str, type[BaseAdapter[Any]]] = {
    "cost_ops": CostOpsAdapter,
    "latency_lens": LatencyLensAdapter,
    "sentinel": SentinelAdapter,
    "shield": ShieldAdapter,
    "observatory": ObservatoryAdapter,
    "config_manager": ConfigManagerAdapter,
    "router_l2": RouterL2Adapter,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceBlock:
    """One service's block: base URL, key, ``enabled``, and any other config field in options."""

    api_base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    enabled: bool | None = None
    options: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, name: str, data: Mapping[str, Any]) -> ServiceBlock:
        """A block from snake_case or camelCase keys; unknown keys go to ``options``."""
        known = {"api_base_url", "api_key", "enabled"}
        values: dict[str, Any] = {}
        options: dict[str, Any] = {}
        for key, value in data.items():
            snake = _snake(key)
            (values if snake in known else options)[snake] = value
        if "options" in options:
            nested = options.pop("options")
            if not isinstance(nested, Mapping):
                raise ConfigError(f"Expected a mapping, got {name}.options={nested!r}.")
            options.update({_snake(k): v for k, v in nested.items()})
        return cls(**values, options=options)


@dataclass(frozen=True, slots=True, kw_only=True)
class AdaptersConfig:
    """The combined config: an optional block per service."""

    cost_ops: ServiceBlock | None = None
    latency_lens: ServiceBlock | None = None
    sentinel: ServiceBlock | None = None
    shield: ServiceBlock | None = None
    observatory: ServiceBlock | None = None
    config_manager: ServiceBlock | None = None
    router_l2: ServiceBlock | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> AdaptersConfig:
        """The combined config from a mapping keyed ``costOps``/``cost_ops`` ... (reference)."""
        blocks: dict[str, ServiceBlock] = {}
        for key, block in data.items():
            name = _snake(key)
            if name not in _CLASSES:
                raise ConfigError(f"Expected a service in {sorted(_CLASSES)}, got key={key!r}.")
            if not isinstance(block, Mapping):
                raise ConfigError(f"Expected a mapping, got {key}={type(block).__name__}.")
            blocks[name] = ServiceBlock.from_mapping(name, block)
        return cls(**blocks)


@dataclass(frozen=True, slots=True, kw_only=True)
class Adapters:
    """The adapters created, one attribute per service (None when not created)."""

    cost_ops: CostOpsAdapter | None = None
    latency_lens: LatencyLensAdapter | None = None
    sentinel: SentinelAdapter | None = None
    shield: ShieldAdapter | None = None
    observatory: ObservatoryAdapter | None = None
    config_manager: ConfigManagerAdapter | None = None
    router_l2: RouterL2Adapter | None = None

    def __iter__(self) -> Iterator[BaseAdapter[Any]]:
        """The adapters present, in the reference's order."""
        for f in fields(self):
            adapter = getattr(self, f.name)
            if adapter is not None:
                yield adapter


def create_adapters(
    config: AdaptersConfig | Mapping[str, Any], *, client: httpx.Client, clock: Clock
) -> Adapters:
    """Create the adapters whose block has a base URL and is not disabled."""
    if not isinstance(config, AdaptersConfig):
        config = AdaptersConfig.from_mapping(config)
    created: dict[str, BaseAdapter[Any]] = {}
    for name, cls in _CLASSES.items():
        block = getattr(config, name)
        if block is None or block.enabled is False:
            continue
        if not block.api_base_url:
            if block.enabled is True:
                raise ConfigError(f"Expected an api_base_url for enabled {name}, got none.")
            continue
        if not block.api_key:
            raise ConfigError(f"Expected an api_key for {name}, got none.")
        adapter_config = _config_for(
            name, cls.config_type, block.api_base_url, block.api_key, block.options
        )
        created[name] = cls(adapter_config, client=client, clock=clock)
    return Adapters(**created)  # type: ignore[arg-type]


def _config_for(
    name: str, config_type: type[AdapterConfig], url: str, key: str, options: Mapping[str, Any]
) -> AdapterConfig:
    allowed = set(config_type.field_names()) - {"api_base_url", "api_key"}
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise ConfigError(f"Expected options among {sorted(allowed)}, got {name}.{unknown[0]}.")
    return config_type(api_base_url=url, api_key=key, **options)


def start_all_listeners(adapters: Adapters, interval: float = 5.0) -> None:
    """Start every adapter's listener; ConfigManager polls at twice the interval."""
    for adapter in adapters:
        factor = 2.0 if isinstance(adapter, ConfigManagerAdapter) else 1.0
        adapter.start_listening(interval * factor)


def stop_all_listeners(adapters: Adapters) -> None:
    """Stop every adapter's listener."""
    for adapter in adapters:
        adapter.stop_listening()


def _snake(key: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in key)
