"""The control plane that ConfigManager serves: thresholds, routing config, availability, flags.

State is kept in the wire shapes of the consumer contract (camelCase), so the ConfigManager
service serves it as it is. Scenarios change it through ``set``; each change bumps the version of
thresholds or routing, is recorded in a bounded history and published as a ``config.changed``
notice. The gateway reads availability and routing rules from here; the optimizer reads the same
state only through the ConfigManager adapter.
"""

from __future__ import annotations

import copy
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any, Literal

from simulator.world.records import ModelSpec, WorldBus, WorldNotice

__all__ = [
    "DEFAULT_FLAGS",
    "DEFAULT_THRESHOLDS",
    "ChangeType",
    "ControlPlane",
    "ModelStatus",
]

ChangeType = Literal["thresholds", "routing", "availability", "feature_flag"]
ModelStatus = Literal["online", "degraded", "offline", "maintenance"]

# Units: latency in ms, cost in $ per request / $ per hour / $ per day, rates and quality in [0, 1].
DEFAULT_THRESHOLDS: dict[str, Any] = {
    "latency": {
        "p50TargetMs": 1200.0,
        "p99MaxMs": 6000.0,
        "degradationThresholdMs": 3000.0,
        "criticalThresholdMs": 10000.0,
    },
    "cost": {
        "maxCostPerRequest": 0.02,
        "hourlyBudget": 40.0,
        "dailyBudget": 800.0,
        "alertThreshold": 0.8,  # fraction of a budget
    },
    "errorRate": {
        "warningThreshold": 0.02,
        "criticalThreshold": 0.05,
        "circuitBreakerThreshold": 0.5,
    },
    "quality": {"minQualityScore": 0.7, "degradationThreshold": 0.1},
    "tokens": {"maxInputTokens": 8000, "maxOutputTokens": 2000, "maxTotalTokens": 10000},
}

# One flag per optimizer strategy; a scenario can switch any of them off.
DEFAULT_FLAGS: dict[str, bool] = {
    "model_selection": True,
    "exploration": True,
    "drift_compensation": True,
    "latency_shifts": True,
    "cost_optimization": True,
    "parameter_tuning": True,
    "canary_rollout": True,
}

_HISTORY_LIMIT = 500


def _availability(spec: ModelSpec) -> dict[str, Any]:
    return {
        "modelId": spec.model_id,
        "provider": spec.provider,
        "available": True,
        "status": "online",
        "healthCheckInterval": 30,
        "capacity": 1.0,
        "rateLimit": {
            "requestsPerMinute": spec.capacity * 60,
            "tokensPerMinute": spec.capacity * 60_000,
            "currentUsage": 0.0,
        },
        "features": list(spec.features),
        "capabilities": {
            "streaming": True,
            "functionCalling": "tools" in spec.features,
            "vision": "vision" in spec.features,
            "maxContextLength": spec.context_length,
        },
    }


def _set_path(target: dict[str, Any], key_path: str, value: Any) -> Any:
    *parents, leaf = key_path.split(".")
    node = target
    for key in parents:
        child = node.get(key)
        if not isinstance(child, dict):
            raise KeyError(f"Expected a key path into the config, got key_path={key_path!r}.")
        node = child
    previous = copy.deepcopy(node.get(leaf))
    node[leaf] = copy.deepcopy(value)
    return previous


class ControlPlane:
    """Versioned thresholds, routing config, model availability, feature flags and their history."""

    def __init__(
        self,
        *,
        catalogue: Iterable[ModelSpec],
        bus: WorldBus,
        iso: Callable[[float], str],
        now: Callable[[], float],
    ) -> None:
        models = list(catalogue)
        self._bus = bus
        self._iso = iso
        self._now = now
        self.thresholds: dict[str, Any] = {
            "version": "1",
            "updatedAt": iso(0.0),
            **copy.deepcopy(DEFAULT_THRESHOLDS),
        }
        self.routing: dict[str, Any] = {
            "version": "1",
            "updatedAt": iso(0.0),
            "defaultModel": models[0].model_id,
            "fallbackChain": [m.model_id for m in models[1:4]],
            "rules": [],
            "loadBalancing": {"strategy": "weighted"},
        }
        self.flags: dict[str, bool] = dict(DEFAULT_FLAGS)
        self.availability: dict[str, dict[str, Any]] = {
            m.model_id: _availability(m) for m in models
        }
        self.history: deque[dict[str, Any]] = deque(maxlen=_HISTORY_LIMIT)
        self._changes = 0

    def is_available(self, model_id: str) -> bool:
        """True when ConfigManager lists the model as available."""
        entry = self.availability.get(model_id)
        return bool(entry and entry["available"])

    def set(
        self,
        kind: ChangeType,
        key_path: str,
        value: Any,
        *,
        source: str = "automation",
        author: str | None = None,
        reason: str | None = None,
    ) -> None:
        """Change one value, bump the version, record the change and publish a notice.

        ``key_path`` is dotted: ``latency.p99MaxMs`` (thresholds), ``defaultModel`` (routing),
        ``<modelId>.status`` (availability), ``<flagName>`` (feature_flag).
        """
        t = self._now()
        if kind == "feature_flag":
            previous: Any = self.flags.get(key_path)
            self.flags[key_path] = bool(value)
        elif kind == "availability":
            previous = _set_path(self.availability, key_path, value)
        else:
            target = self.thresholds if kind == "thresholds" else self.routing
            previous = _set_path(target, key_path, value)
            target["version"] = str(int(target["version"]) + 1)
            target["updatedAt"] = self._iso(t)
        self._record(t, kind, key_path, previous, value, source, author, reason)

    def set_availability(
        self,
        model_id: str,
        status: ModelStatus,
        *,
        reason: str | None = None,
        source: str = "automation",
    ) -> bool:
        """Set a model's ``status`` and ``available`` flag as one recorded change.

        ``available`` is true for ``online`` and ``degraded``. The change is recorded with key
        path ``<modelId>.status``; setting the status a model already has records nothing and
        returns False.
        """
        entry = self.availability.get(model_id)
        if entry is None:
            raise KeyError(f"Expected a model of the catalogue, got model_id={model_id!r}.")
        previous = entry["status"]
        if previous == status:
            return False
        t = self._now()
        entry["status"] = status
        entry["available"] = status in ("online", "degraded")
        if reason is not None:
            entry["statusReason"] = reason
        else:
            entry.pop("statusReason", None)
        self._record(
            t, "availability", f"{model_id}.status", previous, status, source, None, reason
        )
        return True

    def _record(
        self,
        t: float,
        kind: ChangeType,
        key_path: str,
        previous: Any,
        value: Any,
        source: str,
        author: str | None,
        reason: str | None,
    ) -> None:
        self._changes += 1
        change: dict[str, Any] = {
            "changeId": f"chg-{self._changes:06d}",
            "timestamp": self._iso(t),
            "type": kind,
            "keyPath": key_path,
            "previousValue": previous,
            "newValue": copy.deepcopy(value),
            "source": source,
        }
        if author is not None:
            change["author"] = author
        if reason is not None:
            change["reason"] = reason
        self.history.append(change)
        self._bus.publish_notice(WorldNotice(t=t, kind="config.changed", data=change))
