"""World incidents: one SimPy process per timeline entry starts it, and ends it if it ends.

Model incidents change the truth of the models of one model or one provider (latency factor,
error rate, outage, prices, a quality drift). An outage also reaches ConfigManager after its
``config_delay`` (default five minutes: a health check noticing it) and is cleared there the same
delay after it ends. ``model_deprecation`` takes a model offline for good, in truth and in
ConfigManager, with a ``model.deprecated`` notice. Config incidents (thresholds, routing, flags,
availability) change the control plane at their start and, when they have an end, change it
back. ``pii_surge`` and ``traffic_spike`` scale the workload.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import simpy

from simulator.world.control import ChangeType, ControlPlane, ModelStatus
from simulator.world.records import ModelSpec, WorldBus, WorldNotice
from simulator.world.truth import Effect, IncidentWindow, WorldTruth

if TYPE_CHECKING:  # the scenarios package imports the world's catalogue at run time
    from simulator.scenarios.model import Incident

__all__ = ["MODEL_KINDS", "Incidents", "models_of", "window_of"]

# Incidents that change the truth of the models of one model or one provider.
MODEL_KINDS = frozenset(
    {"latency_degradation", "error_burst", "outage", "price_change", "quality_drift"}
)

Process = Generator[Any, Any, None]


def models_of(incident: Incident, catalogue: Mapping[str, ModelSpec]) -> tuple[str, ...]:
    """The models an incident acts on (none for world-wide and most config incidents)."""
    if incident.model is not None:
        return (incident.model,) if incident.model in catalogue else ()
    if incident.provider is not None:
        return tuple(m for m, spec in catalogue.items() if spec.provider == incident.provider)
    return ()


def window_of(
    incident: Incident, catalogue: Mapping[str, ModelSpec], duration: float
) -> IncidentWindow:
    """The ground-truth window of an incident (to the end of the run when its effect stays)."""
    end = incident.end if incident.end is not None else duration
    if incident.kind == "quality_drift" and not incident.params.get("recover", True):
        end = duration
    return IncidentWindow(
        incident_id=incident.id,
        kind=incident.kind,
        target=incident.target,
        start=incident.start,
        end=end,
        models=models_of(incident, catalogue),
    )


def _effect(incident: Incident) -> Effect:
    p = incident.params
    kind = incident.kind
    if kind == "latency_degradation":
        return Effect(latency_factor=float(p["factor"]))
    if kind == "error_burst":
        return Effect(error_rate=float(p["rate"]))
    if kind == "price_change":
        return Effect(
            input_factor=float(p["input_factor"]), output_factor=float(p["output_factor"])
        )
    if kind == "quality_drift":
        end = incident.end if incident.end is not None else incident.start + 1.0
        return Effect(drift=(incident.start, end, float(p["drop"])))
    return Effect(outage=True)  # outage, model_deprecation


class Incidents:
    """Runs the timeline of a scenario against the truth, the control plane and the bus."""

    def __init__(
        self,
        *,
        env: simpy.Environment,
        truth: WorldTruth,
        control: ControlPlane,
        bus: WorldBus,
        catalogue: Mapping[str, ModelSpec],
        timeline: Iterable[Incident],
        duration: float,
    ) -> None:
        self._env = env
        self._truth = truth
        self._control = control
        self._bus = bus
        self._catalogue = catalogue
        self.timeline = tuple(timeline)
        self.windows = tuple(window_of(i, catalogue, duration) for i in self.timeline)
        for incident in self.timeline:
            env.process(self._run(incident))

    def _at(self, t: float) -> simpy.Timeout:
        return self._env.timeout(max(0.0, t - self._env.now))

    def _run(self, incident: Incident) -> Process:
        yield self._at(incident.start)
        kind = incident.kind
        if kind in MODEL_KINDS:
            yield from self._model_incident(incident)
        elif kind in ("pii_surge", "traffic_spike"):
            what = "pii" if kind == "pii_surge" else "rate"
            self._truth.apply_world(incident.id, what, float(incident.params["factor"]))
            yield self._at(incident.end or incident.start)
            self._truth.remove_world(incident.id)
        elif kind == "model_deprecation":
            self._deprecate(incident)
        else:
            yield from self._config_incident(incident)

    def _model_incident(self, incident: Incident) -> Process:
        models = models_of(incident, self._catalogue)
        effect = _effect(incident)
        for model_id in models:
            self._truth.models[model_id].apply(incident.id, effect)
        if incident.kind == "price_change":
            self._announce_prices(models, incident)
        if incident.kind == "outage":
            self._reflect(models, incident, "offline", incident.start)
        if incident.end is None:
            return
        yield self._at(incident.end)
        if incident.kind == "quality_drift" and not incident.params.get("recover", True):
            return
        for model_id in models:
            self._truth.models[model_id].remove(incident.id)
        if incident.kind == "price_change":
            self._announce_prices(models, incident)
        if incident.kind == "outage":
            self._reflect(models, incident, "online", incident.end)

    def _reflect(
        self, models: tuple[str, ...], incident: Incident, status: ModelStatus, t: float
    ) -> None:
        delay = incident.params.get("config_delay")
        if delay is not None:
            self._env.process(self._set_status(models, status, t + float(delay), incident.id))

    def _set_status(
        self, models: tuple[str, ...], status: ModelStatus, t: float, why: str
    ) -> Process:
        yield self._at(t)
        reason = f"health check: {why}" if status != "online" else None
        for model_id in models:
            self._control.set_availability(model_id, status, reason=reason)

    def _announce_prices(self, models: tuple[str, ...], incident: Incident) -> None:
        for model_id in models:
            truth = self._truth.models[model_id]
            data = {
                "inputPer1k": truth.input_per_1k,
                "outputPer1k": truth.output_per_1k,
                "incident": incident.id,
            }
            notice = WorldNotice(
                t=float(self._env.now),
                kind="price.changed",
                data=data,
                model_id=model_id,
                provider=truth.spec.provider,
            )
            self._bus.publish_notice(notice)

    def _deprecate(self, incident: Incident) -> None:
        model_id = str(incident.model)
        self._truth.models[model_id].apply(incident.id, Effect(outage=True))
        reason = str(incident.params.get("reason", "deprecated by the provider"))
        self._control.set_availability(model_id, "offline", reason=reason)
        data: dict[str, Any] = {"reason": reason, "incident": incident.id}
        if "replacement" in incident.params:
            data["replacement"] = incident.params["replacement"]
        provider = self._catalogue[model_id].provider
        self._bus.publish_notice(
            WorldNotice(
                t=float(self._env.now),
                kind="model.deprecated",
                data=data,
                model_id=model_id,
                provider=provider,
            )
        )

    def _config_incident(self, incident: Incident) -> Process:
        previous = self._apply_config(incident, None)
        if incident.end is None:
            return
        yield self._at(incident.end)
        self._apply_config(incident, previous)

    def _apply_config(self, incident: Incident, restore: Any) -> Any:
        """Apply a config incident (or restore ``restore``); return the value it replaced."""
        p, control = incident.params, self._control
        why = (incident.note or incident.id) if restore is None else f"end of {incident.id}"
        if incident.kind == "availability_change":
            model_id = str(incident.model)
            before = control.availability[model_id]["status"]
            status = p["status"] if restore is None else restore
            control.set_availability(model_id, status, reason=why, source="api")
            return before
        if incident.kind == "flag_change":
            before = control.flags.get(p["flag"])
            value = p["value"] if restore is None else restore
            control.set("feature_flag", p["flag"], value, source="api", reason=why)
            return before
        kind: ChangeType = "thresholds" if incident.kind == "threshold_change" else "routing"
        target = control.thresholds if kind == "thresholds" else control.routing
        before = _get(target, p["key_path"])
        value = p["value"] if restore is None else restore
        control.set(kind, p["key_path"], value, source="api", reason=why)
        return before


def _get(tree: Mapping[str, Any], key_path: str) -> Any:
    node: Any = tree
    for key in key_path.split("."):
        node = node.get(key) if isinstance(node, Mapping) else None
    return node
