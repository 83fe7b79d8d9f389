"""ConfigManager: the control plane's thresholds, routing, availability, flags and change history.

State is served as the control plane holds it (already in wire shapes). Availability adds what a
health checker would: ``lastChecked`` at the last multiple of the model's health-check interval,
and the load of the last complete minute (``rateLimit.currentUsage`` as the fraction of the
requests-per-minute limit used, ``capacity`` as what is left of the configured capacity).
"""

from __future__ import annotations

import math
from typing import Any

from simulator.services.base import Context, Params, Service
from simulator.services.errors import NotFound
from simulator.world.records import WorldNotice

__all__ = ["ConfigManager"]


class ConfigManager(Service):
    """Thresholds, routing config, availability, feature flags and change history."""

    name = "config-manager"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.control = ctx.control
        self.history = self.feed("getConfigHistory", per_request=False)
        for change in self.control.history:  # changes made before the services were built
            ms = self.stamps.parse_ms(change["timestamp"])
            self.history.add(ms, change, change["changeId"])

    def on_notice(self, notice: WorldNotice) -> None:
        """Record each config change as a history item."""
        if notice.kind == "config.changed" and "changeId" in notice.data:
            change = notice.data
            # key by the served text (the control plane truncates to ms), so since= matches it
            self.history.add(self.stamps.parse_ms(change["timestamp"]), change, change["changeId"])

    def operations(self) -> dict[str, Any]:
        """operationId -> handler."""
        return {
            "getThresholds": self.get_thresholds,
            "getRoutingConfig": self.get_routing_config,
            "getModelAvailability": self.get_model_availability,
            "getModelStatus": self.get_model_status,
            "getConfigHistory": self.get_config_history,
            "getFeatureFlags": self.get_feature_flags,
        }

    def get_thresholds(self, params: Params) -> dict[str, Any]:
        """The current OptimizationThresholds."""
        self.now()
        return self.control.thresholds

    def get_routing_config(self, params: Params) -> dict[str, Any]:
        """The current RoutingConfig."""
        self.now()
        return self.control.routing

    def get_feature_flags(self, params: Params) -> dict[str, Any]:
        """Flag name -> enabled."""
        self.now()
        return dict(self.control.flags)

    def _usage(self) -> dict[str, int]:
        last = self.hub.ledger.closed
        return {m: w.n for m, w in self.hub.ledger.per_model(last, last).items()}

    def _entry(self, entry: dict[str, Any], now: float, used: int) -> dict[str, Any]:
        interval = float(entry.get("healthCheckInterval") or 30.0)
        rate = dict(entry["rateLimit"])
        per_minute = float(rate.get("requestsPerMinute") or 0.0)
        usage = used / per_minute if per_minute > 0 else 0.0
        rate["currentUsage"] = round(usage, 6)
        capacity = float(entry.get("capacity", 1.0))
        return {
            **entry,
            "lastChecked": self.stamps.iso(math.floor(max(now, 0.0) / interval) * interval),
            "capacity": round(max(0.0, min(capacity, 1.0 - min(usage, 1.0))), 6),
            "rateLimit": rate,
        }

    def get_model_availability(self, params: Params) -> dict[str, Any]:
        """``{models: [...]}``: availability of every model, filtered."""
        now = self.now()
        models, providers = self.ids(params, "model_ids"), self.ids(params, "providers")
        available_only = bool(params.get("available_only"))
        used = self._usage()
        found = [
            self._entry(entry, now, used.get(model_id, 0))
            for model_id, entry in self.control.availability.items()
            if (models is None or model_id in models)
            and (providers is None or entry["provider"] in providers)
            and (not available_only or entry["available"])
        ]
        return {"models": found}

    def get_model_status(self, params: Params) -> dict[str, Any]:
        """One model's availability; 404 for a model the control plane does not know."""
        now = self.now()
        model_id = str(params.get("modelId", ""))
        entry = self.control.availability.get(model_id)
        if entry is None:
            raise NotFound(f"No model with modelId={model_id!r}.")
        return self._entry(entry, now, self._usage().get(model_id, 0))

    def get_config_history(self, params: Params) -> dict[str, Any]:
        """``{changes: [...]}``: config changes after ``since``, oldest first."""
        self.now()
        kind = params.get("type")
        where = None if kind is None else (lambda change: change["type"] == kind)
        page = self.history.since(
            self.time_ms(params, "since"),
            self.limit(params, 20),
            where,
            inclusive=self.since_inclusive,
        )
        return {"changes": page}
