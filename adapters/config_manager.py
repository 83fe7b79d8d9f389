"""The ConfigManager adapter: thresholds, routing config, availability, history, feature flags.

Feeds: ``thresholds`` and ``routing`` (state feeds: every handler gets the current value once
at its first round, then every change of version or content: D10, D19), ``availability``
(handlers get the whole list when some model's availability, status or status reason changed,
not every round: D20) and ``config_changes`` (cursor ``timestamp``, limit 20).

Cache (``enable_cache``, ``cache_ttl`` seconds): thresholds, routing, the unfiltered
availability list and the feature flags. Only unfiltered answers are stored, so an
``available_only`` call cannot poison it; a bypass still refreshes it with the fresh unfiltered
answer; values are immutable (D21). ``is_feature_enabled`` reads the cached flags and is True
only for a JSON ``true`` (D22).
"""

from __future__ import annotations

import types
from collections.abc import Mapping, Sequence

from adapters.base import BaseAdapter, Since
from adapters.cache import CacheKind, TtlCache
from adapters.config import ConfigManagerConfig
from adapters.handlers import Handler, Unsubscribe
from adapters.types.config_manager import (
    ConfigChange,
    ConfigChangeType,
    ModelAvailability,
    OptimizationThresholds,
    RoutingConfig,
)

__all__ = ["ConfigManagerAdapter", "availability_key"]

HISTORY_LIMIT = 20


def availability_key(models: Sequence[ModelAvailability]) -> object:
    """What counts as an availability change: the set of models and each one's state."""
    return tuple(
        sorted((m.provider, m.model_id, m.available, m.status, m.status_reason) for m in models)
    )


def _whole(value: object) -> object:
    """Thresholds and routing change when anything in them changes, version or content."""
    return value


class ConfigManagerAdapter(BaseAdapter[ConfigManagerConfig]):
    """Consumes ConfigManager: thresholds, routing, availability, history, feature flags."""

    service = "config-manager"
    label = "ConfigManager"
    config_type = ConfigManagerConfig
    default_interval = 10.0

    def _declare_feeds(self) -> None:
        self._cache = TtlCache(
            clock=self.clock, ttl=self.config.cache_ttl, enabled=self.config.enable_cache
        )
        self._thresholds = self._state_feed(
            "thresholds", lambda: self.get_thresholds(bypass_cache=True), _whole
        )
        self._routing = self._state_feed(
            "routing", lambda: self.get_routing_config(bypass_cache=True), _whole
        )
        self._availability = self._state_feed(
            "availability", lambda: self.get_model_availability(bypass_cache=True), availability_key
        )
        self._history = self._event_feed(
            "config_changes",
            lambda since: self.get_config_history(since=since, limit=HISTORY_LIMIT),
            item_id=lambda c: c.change_id,
            key=lambda c: c.timestamp,
            limit=HISTORY_LIMIT,
        )

    def get_thresholds(self, *, bypass_cache: bool = False) -> OptimizationThresholds:
        """The current optimization thresholds (cached unless ``bypass_cache``)."""
        cached = None if bypass_cache else self._cache.get("thresholds")
        if isinstance(cached, OptimizationThresholds):
            return cached
        value = self._one("getThresholds", OptimizationThresholds)
        self._cache.put("thresholds", value)
        return value

    def get_routing_config(self, *, bypass_cache: bool = False) -> RoutingConfig:
        """The current routing configuration (cached unless ``bypass_cache``)."""
        cached = None if bypass_cache else self._cache.get("routing")
        if isinstance(cached, RoutingConfig):
            return cached
        value = self._one("getRoutingConfig", RoutingConfig)
        self._cache.put("routing", value)
        return value

    def get_model_availability(
        self,
        *,
        model_ids: Sequence[str] | None = None,
        providers: Sequence[str] | None = None,
        available_only: bool | None = None,
        bypass_cache: bool = False,
    ) -> tuple[ModelAvailability, ...]:
        """Availability of the models (the unfiltered list is cached)."""
        whole = model_ids is None and providers is None
        cached = self._cache.get("availability") if whole and not bypass_cache else None
        if isinstance(cached, tuple):
            return tuple(m for m in cached if m.available) if available_only else cached
        models = self._list(
            "getModelAvailability",
            ModelAvailability,
            model_ids=model_ids,
            providers=providers,
            available_only=available_only,
        )
        if whole and not available_only:
            self._cache.put("availability", models)
        return models

    def get_model_status(self, model_id: str) -> ModelAvailability:
        """Availability of one model (never cached)."""
        return self._one("getModelStatus", ModelAvailability, model_id)

    def get_config_history(
        self,
        *,
        type: ConfigChangeType | None = None,
        since: Since | None = None,
        limit: int | None = None,
    ) -> tuple[ConfigChange, ...]:
        """Configuration changes after ``since``, oldest first."""
        return self._list("getConfigHistory", ConfigChange, type=type, since=since, limit=limit)

    def get_feature_flags(self, *, bypass_cache: bool = False) -> Mapping[str, bool]:
        """The feature flags as a read-only mapping (cached unless ``bypass_cache``)."""
        cached = None if bypass_cache else self._cache.get("features")
        if isinstance(cached, Mapping):
            return cached
        flags: Mapping[str, bool] = types.MappingProxyType(dict(self._raw("getFeatureFlags")))
        self._cache.put("features", flags)
        return flags

    def is_feature_enabled(self, name: str) -> bool:
        """True only when flag ``name`` is the JSON boolean ``true`` (cached with the flags)."""
        return self.get_feature_flags().get(name) is True

    def invalidate_cache(self, kind: CacheKind | None = None) -> None:
        """Forget one cached kind (thresholds, routing, availability, features) or all."""
        self._cache.invalidate(kind)

    def on_threshold_change(self, handler: Handler[OptimizationThresholds]) -> Unsubscribe:
        """Call ``handler`` with the current thresholds once, then on every change."""
        return self._thresholds.handlers.add(handler)

    def on_routing_change(self, handler: Handler[RoutingConfig]) -> Unsubscribe:
        """Call ``handler`` with the current routing config once, then on every change."""
        return self._routing.handlers.add(handler)

    def on_availability_change(
        self, handler: Handler[tuple[ModelAvailability, ...]]
    ) -> Unsubscribe:
        """Call ``handler`` with the whole list once, then whenever availability changes."""
        return self._availability.handlers.add(handler)

    def on_config_change(self, handler: Handler[ConfigChange]) -> Unsubscribe:
        """Call ``handler`` once for every new configuration change."""
        return self._history.handlers.add(handler)
