"""What the analysers conclude (``Finding``) and the read-only cycle view they work on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from optimizer.config import OptimizerConfig
from optimizer.decision import Reason
from optimizer.settings import Settings
from optimizer.signals import Signal, SignalStore
from optimizer.view import ModelStats, Stat

__all__ = ["Finding", "Severity", "Snapshot", "reason_of"]

Severity = Literal["info", "warning", "critical"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One conclusion of an analyser about a model (or the fleet when ``model_id`` is None).

    ``code`` names the condition (``latency_p99``, ``error_rate``, ``cost_rate``, ``quality_drift``,
    ``unavailable`` ...); ``reason`` is the evidence a decision built on it will carry.
    """

    code: str
    severity: Severity
    model_id: str | None
    reason: Reason


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything one cycle reads: time, store, per-model statistics, config and settings.

    ``after`` is the store cursor at the end of the previous cycle: events after it are new.
    """

    now: float
    store: SignalStore
    stats: Mapping[str, ModelStats]
    config: OptimizerConfig
    settings: Settings
    after: int

    def recent(self, kind: str, span: float | None = None) -> list[Signal]:
        """Events of ``kind`` within ``span`` seconds (default: the fast window)."""
        window = self.settings.fast_window_s if span is None else span
        return list(self.store.events(kind, since=self.now - window))

    def new(self, kind: str) -> list[Signal]:
        """Events of ``kind`` that arrived since the previous cycle."""
        return list(self.store.events(kind, after=self.after))


def reason_of(
    evidence: Signal | Stat,
    *,
    metric: str,
    observed: float,
    threshold: float,
    rule: str,
    model_id: str | None = None,
    fleet: bool = False,
) -> Reason:
    """A reason naming the signal behind ``evidence`` (a signal, or a statistic's newest one).

    The reason is about ``model_id``, else the signal's model, or no model when ``fleet``.
    """
    signal = evidence.signal if isinstance(evidence, Stat) else evidence
    if fleet:
        model_id = None
    elif model_id is None:
        model_id = signal.model_id
    return Reason(
        source=signal.source,
        kind=signal.kind,
        signal_id=signal.id,
        metric=metric,
        observed=observed,
        threshold=threshold,
        rule=rule,
        model_id=model_id,
    )
