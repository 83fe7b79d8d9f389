"""Turn a schema-valid scenario document into frozen values, with the checks a schema cannot do.

The checks here need the catalogue or the control plane's defaults: known model ids and
providers, instants inside the run and ``end`` after ``start``, known threshold keys and flags,
a usable routing change. A failure raises ``Invalid`` with the path of the offending value.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

from simulator.clock import parse_iso
from simulator.scenarios import checks
from simulator.scenarios.checks import Invalid, Path
from simulator.scenarios.durations import parse_duration
from simulator.scenarios.model import (
    Fault,
    Incident,
    RoutingSetup,
    Scenario,
    TokenDistribution,
    WorkloadConfig,
    WorldConfig,
)
from simulator.world.catalogue import CATALOGUE, build_catalogue
from simulator.world.control import DEFAULT_FLAGS
from simulator.world.records import ModelSpec
from simulator.world.variants import PROMPT_VARIANTS

__all__ = ["DEFAULT_EPOCH", "DEFAULT_POLL", "SERVICE_NAMES", "build_scenario"]


DEFAULT_EPOCH = datetime(2025, 1, 6, tzinfo=UTC)  # a Monday, midnight UTC
SERVICE_NAMES = (
    "cost-ops",
    "latency-lens",
    "sentinel",
    "shield",
    "observatory",
    "config-manager",
    "router-l2",
)
DEFAULT_POLL = {name: 30.0 for name in SERVICE_NAMES} | {"config-manager": 60.0}
_COMMON = {"kind", "id", "note", "start", "end", "model", "provider"}
_FAULT_COMMON = {"service", "endpoint", "kind", "id", "note", "start", "end", "probability"}
_NEW_MODEL_FIELDS = (
    "provider",
    "input_per_1k",
    "output_per_1k",
    "ttft_ms",
    "tokens_per_second",
    "error_rate",
    "quality",
    "capacity",
)


def _frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


def _tokens(
    data: Mapping[str, Any] | None, default: TokenDistribution, path: Path
) -> TokenDistribution:
    if data is None:
        return default
    dist = TokenDistribution(
        median=float(data["median"]),
        sigma=float(data["sigma"]),
        minimum=int(data.get("minimum", default.minimum)),
        maximum=int(data.get("maximum", default.maximum)),
    )
    if dist.minimum > dist.maximum:
        raise Invalid(
            (*path, "minimum"), f"expected at most maximum={dist.maximum}, got {dist.minimum!r}"
        )
    return dist


def _workload(data: Mapping[str, Any]) -> WorkloadConfig:
    base = WorkloadConfig()
    path: Path = ("world", "workload")
    return WorkloadConfig(
        base_rate=float(data.get("base_rate", base.base_rate)),
        diurnal_amplitude=float(data.get("diurnal_amplitude", base.diurnal_amplitude)),
        peak_hour=float(data.get("peak_hour", base.peak_hour)),
        pii_rate=float(data.get("pii_rate", base.pii_rate)),
        pii_types=_frozen(data.get("pii_types", {})),
        input_tokens=_tokens(data.get("input_tokens"), base.input_tokens, (*path, "input_tokens")),
        output_tokens=_tokens(
            data.get("output_tokens"), base.output_tokens, (*path, "output_tokens")
        ),
        clients=int(data.get("clients", base.clients)),
        regions=_frozen(data.get("regions", {})),
    )


def _world(data: Mapping[str, Any]) -> tuple[WorldConfig, dict[str, ModelSpec]]:
    overrides = {k: _frozen(v) for k, v in data.get("catalogue", {}).items()}
    models = tuple(data["models"]) if "models" in data else None
    known = {spec.model_id for spec in CATALOGUE}
    for model_id, fields in overrides.items():
        missing = [name for name in _NEW_MODEL_FIELDS if name not in fields]
        if model_id not in known and missing:
            raise Invalid(
                ("world", "catalogue", model_id),
                f"expected every field of a new model, got no {missing[0]!r}",
            )
    catalogue = build_catalogue(overrides)
    for i, model_id in enumerate(models or ()):
        checks.known(catalogue, model_id, ("world", "models", i))
    base = WorldConfig()
    floats = {
        name: float(data.get(name, getattr(base, name)))
        for name in ("network_ms", "latency_sigma", "tail_probability", "tail_alpha")
    }
    config = WorldConfig(
        models=models,
        catalogue=_frozen(overrides),
        workload=_workload(data.get("workload", {})),
        quality_sigma=float(data.get("quality_sigma", base.quality_sigma)),
        max_queue_ms=float(data.get("max_queue_ms", base.max_queue_ms)),
        **floats,
    )
    chosen = {m: catalogue[m] for m in models} if models else catalogue
    return config, chosen


def _routing(data: Mapping[str, Any], catalogue: Mapping[str, ModelSpec]) -> RoutingSetup:
    base = RoutingSetup()
    weights = (
        checks.weights(data["weights"], catalogue, ("routing", "weights"))
        if "weights" in data
        else {}
    )
    default = data.get("default_model")
    if default is not None:
        checks.known(catalogue, default, ("routing", "default_model"))
    chain = data.get("fallback_chain")
    for i, model_id in enumerate(chain or ()):
        checks.known(catalogue, model_id, ("routing", "fallback_chain", i))
    variant = data.get("prompt_variant", base.prompt_variant)
    if variant not in PROMPT_VARIANTS:
        raise Invalid(
            ("routing", "prompt_variant"),
            f"expected one of {sorted(PROMPT_VARIANTS)}, got {variant!r}",
        )
    return RoutingSetup(
        weights=_frozen(weights),
        default_model=default,
        fallback_chain=tuple(chain) if chain is not None else None,
        max_tokens=data.get("max_tokens"),
        prompt_variant=variant,
        timeout_ms=float(data.get("timeout_ms", base.timeout_ms)),
    )


def _incident_params(
    kind: str, entry: Mapping[str, Any], catalogue: Mapping[str, ModelSpec], path: Path
) -> dict[str, Any]:
    params = {k: v for k, v in entry.items() if k not in _COMMON}
    if kind == "outage":
        delay = params.get("config_delay", "5m")
        params["config_delay"] = None if delay is None else parse_duration(delay)
    elif kind == "quality_drift":
        params.setdefault("recover", True)
    elif kind == "price_change":
        params.setdefault("input_factor", 1.0)
        params.setdefault("output_factor", 1.0)
    elif kind == "model_deprecation" and "replacement" in params:
        checks.known(catalogue, params["replacement"], (*path, "replacement"))
    elif kind == "threshold_change":
        checks.threshold_path(params["key_path"], (*path, "key_path"))
    elif kind == "flag_change" and params["flag"] not in DEFAULT_FLAGS:
        raise Invalid(
            (*path, "flag"), f"expected one of {sorted(DEFAULT_FLAGS)}, got {params['flag']!r}"
        )
    elif kind == "routing_change":
        checks.routing_change(params, catalogue, path)
    return params


def _incident(
    entry: Mapping[str, Any], i: int, scenario: Mapping[str, Any], catalogue: Mapping[str, Any]
) -> Incident:
    path: Path = ("timeline", i)
    kind = entry["kind"]
    start, end = checks.window(entry, scenario["epoch"], scenario["duration"], path)
    model = entry.get("model")
    if model is not None:
        checks.known(catalogue, model, (*path, "model"))
    provider = entry.get("provider")
    providers = sorted({spec.provider for spec in catalogue.values()})
    if provider is not None and provider not in providers:
        raise Invalid((*path, "provider"), f"expected one of {providers}, got {provider!r}")
    return Incident(
        kind=kind,
        start=start,
        end=end,
        model=model,
        provider=provider,
        params=_frozen(_incident_params(kind, entry, catalogue, path)),
        id=entry.get("id", f"{kind}#{i}"),
        note=entry.get("note", ""),
    )


def _fault(entry: Mapping[str, Any], i: int, scenario: Mapping[str, Any]) -> Fault:
    path: Path = ("faults", i)
    epoch, duration = scenario["epoch"], scenario["duration"]
    start, end = checks.window({"start": 0.0, "end": duration} | dict(entry), epoch, duration, path)
    params = {k: v for k, v in entry.items() if k not in _FAULT_COMMON}
    dist = params.get("distribution")
    if dist is not None and dist["kind"] == "uniform" and dist["min_ms"] > dist["max_ms"]:
        raise Invalid(
            (*path, "distribution", "min_ms"),
            f"expected at most max_ms={dist['max_ms']!r}, got {dist['min_ms']!r}",
        )
    return Fault(
        service=entry["service"],
        endpoint=entry.get("endpoint", "*"),
        kind=entry["kind"],
        start=start,
        end=end if end is not None else duration,
        probability=float(entry.get("probability", 1.0)),
        params=_frozen(params),
        id=entry.get("id", f"{entry['kind']}#{i}"),
        note=entry.get("note", ""),
    )


def _polling(data: Mapping[str, Any]) -> dict[str, float]:
    intervals = dict(DEFAULT_POLL)
    if "default" in data:
        fallback = checks.positive(data["default"], ("polling", "default"))
        intervals = {name: fallback for name in SERVICE_NAMES}
    for name in SERVICE_NAMES:
        if name in data:
            intervals[name] = checks.positive(data[name], ("polling", name))
    return intervals


def build_scenario(data: Mapping[str, Any], *, source: str) -> Scenario:
    """A ``Scenario`` from a document that passed the JSON Schema."""
    epoch = parse_iso(data["epoch"]) if "epoch" in data else DEFAULT_EPOCH
    duration = checks.positive(data["duration"], ("duration",))
    world, catalogue = _world(data.get("world", {}))
    scope = {"epoch": epoch, "duration": duration}
    optimizer = dict(data.get("optimizer", {}))
    interval = optimizer.get("cycle_interval", 60)
    optimizer["cycle_interval"] = checks.positive(interval, ("optimizer", "cycle_interval"))
    return Scenario(
        name=data["name"],
        description=data.get("description", ""),
        epoch=epoch,
        duration=duration,
        seed=int(data["seed"]),
        world=world,
        routing=_routing(data.get("routing", {}), catalogue),
        polling=_frozen(_polling(data.get("polling", {}))),
        optimizer=_frozen(optimizer),
        timeline=tuple(
            _incident(e, i, scope, catalogue) for i, e in enumerate(data.get("timeline", []))
        ),
        faults=tuple(_fault(e, i, scope) for i, e in enumerate(data.get("faults", []))),
        source=source,
    )
