"""Checks a JSON Schema cannot make: known models, times inside the run, usable config changes.

Each check raises ``Invalid`` with the path of the offending value inside the document.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, cast

from simulator.scenarios.durations import parse_duration, parse_instant
from simulator.world.control import DEFAULT_THRESHOLDS
from simulator.world.records import ModelSpec

__all__ = [
    "Invalid",
    "Path",
    "instant",
    "known",
    "positive",
    "routing_change",
    "rules",
    "threshold_path",
    "weights",
    "window",
]

Path = tuple[str | int, ...]

_ROUTING_KEYS = (
    "defaultModel",
    "fallbackChain",
    "rules",
    "loadBalancing.strategy",
    "loadBalancing.weights",
)
_STRATEGIES = ("round_robin", "weighted", "least_latency", "least_cost", "adaptive")
_RULE_KEYS = ("ruleId", "name", "priority", "enabled", "conditions", "targetModels", "action")


class Invalid(Exception):
    """A value of the document that the schema accepted but the scenario cannot use."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(detail)
        self.path = path
        self.detail = detail


def known(catalogue: Mapping[str, ModelSpec], model_id: object, path: Path) -> str:
    """The model id, when the scenario's catalogue has it."""
    if model_id not in catalogue:
        raise Invalid(path, f"expected a model of the scenario's catalogue, got {model_id!r}")
    return cast(str, model_id)


def weights(value: object, catalogue: Mapping[str, ModelSpec], path: Path) -> dict[str, float]:
    """Routing weights of known models: non-negative, with a positive sum."""
    if not isinstance(value, Mapping):
        raise Invalid(path, f"expected a mapping of model ids to weights, got {value!r}")
    weights: dict[str, float] = {}
    for model_id, weight in value.items():
        known(catalogue, model_id, (*path, model_id))
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
            raise Invalid((*path, model_id), f"expected a non-negative weight, got {weight!r}")
        weights[model_id] = float(weight)
    if not sum(weights.values()) > 0:
        raise Invalid(path, f"expected weights with a positive sum, got {dict(value)!r}")
    return weights


def instant(value: object, epoch: datetime, duration: float, path: Path) -> float:
    """Seconds after the epoch of a time that lies within the run."""
    t = parse_instant(value, epoch)
    if not 0.0 <= t <= duration:
        raise Invalid(path, f"expected a time within the run (0 to {duration:g} s), got {value!r}")
    return t


def window(
    entry: Mapping[str, Any], epoch: datetime, duration: float, path: Path
) -> tuple[float, float | None]:
    """The start and the (optional) end of an entry; the end comes after the start."""
    start = instant(entry["start"], epoch, duration, (*path, "start"))
    if "end" not in entry:
        return start, None
    end = instant(entry["end"], epoch, duration, (*path, "end"))
    if end <= start:
        raise Invalid(
            (*path, "end"), f"expected an end after start={entry['start']!r}, got {entry['end']!r}"
        )
    return start, end


def threshold_path(key_path: str, path: Path) -> None:
    """Check that a key path names a numeric threshold of ConfigManager."""
    node: Any = DEFAULT_THRESHOLDS
    for key in key_path.split("."):
        if not isinstance(node, Mapping) or key not in node:
            raise Invalid(
                path, f"expected a threshold key such as 'latency.p99MaxMs', got {key_path!r}"
            )
        node = node[key]
    if isinstance(node, Mapping):
        raise Invalid(
            path, f"expected a threshold leaf such as 'latency.p99MaxMs', got {key_path!r}"
        )


def rules(value: object, catalogue: Mapping[str, ModelSpec], path: Path) -> None:
    """Check a list of ConfigManager routing rules (shape, action, target models)."""
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise Invalid(path, f"expected a list of routing rules, got {value!r}")
    for i, rule in enumerate(value):
        missing = [k for k in _RULE_KEYS if not isinstance(rule, Mapping) or k not in rule]
        if missing:
            raise Invalid((*path, i), f"expected a routing rule with {missing[0]!r}, got {rule!r}")
        if rule["action"] not in ("route", "block", "redirect", "fallback"):
            raise Invalid(
                (*path, i, "action"),
                f"expected route, block, redirect or fallback, got {rule['action']!r}",
            )
        for j, model_id in enumerate(rule["targetModels"]):
            known(catalogue, model_id, (*path, i, "targetModels", j))


def routing_change(
    params: Mapping[str, Any], catalogue: Mapping[str, ModelSpec], path: Path
) -> None:
    """Check the key path and the value of a routing change."""
    key_path, value = params["key_path"], params["value"]
    if key_path not in _ROUTING_KEYS:
        raise Invalid(
            (*path, "key_path"), f"expected one of {list(_ROUTING_KEYS)}, got {key_path!r}"
        )
    vpath = (*path, "value")
    if key_path == "defaultModel":
        known(catalogue, value, vpath)
    elif key_path == "fallbackChain":
        if not isinstance(value, list):
            raise Invalid(vpath, f"expected a list of model ids, got {value!r}")
        for i, model_id in enumerate(value):
            known(catalogue, model_id, (*vpath, i))
    elif key_path == "loadBalancing.weights":
        weights(value, catalogue, vpath)
    elif key_path == "rules":
        rules(value, catalogue, vpath)
    elif value not in _STRATEGIES:
        raise Invalid(vpath, f"expected one of {list(_STRATEGIES)}, got {value!r}")


def positive(value: object, path: Path) -> float:
    """Seconds of a duration that must be positive."""
    seconds = parse_duration(value)
    if seconds <= 0:
        raise Invalid(path, f"expected a positive duration, got {value!r}")
    return seconds
