"""Checklist checks read off a recorded run: each returns a verdict and the evidence for it.

- ``adapters_complete``: every contract endpoint has an adapter method that answered, in the run
  or in the direct call round;
- ``read_only``: the adapters sent only GETs (and the rehearsal's own count agrees);
- ``thresholds_followed``: after ConfigManager changed a threshold, the decisions that cite it
  carry the new value, and only while it is in force; breaker thresholds reach the breakers;
- ``flags_followed``: while a flag is off its strategy issues no decision, and it does otherwise;
- ``feedback_loop``: after a weight shift, RouterL2's later routing decisions follow the new mix.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from contracts import endpoints
from simulator.harness.compliance.calls import CALLS
from simulator.harness.compliance.flows import clock_text
from simulator.harness.compliance.matrix import MatrixRow
from simulator.harness.compliance.recording import Recording, Timed
from simulator.scenarios import Incident

__all__ = [
    "FLAG_DECISIONS",
    "Check",
    "adapters_complete",
    "feedback_loop",
    "flags_followed",
    "read_only",
    "resilience_followed",
    "thresholds_followed",
]

FLAG_DECISIONS: Mapping[str, tuple[str, ...]] = {
    "model_selection": ("model_selection",),
    "exploration": ("exploration",),
    "drift_compensation": ("drift_compensation",),
    "latency_shifts": ("latency_shift",),
    "cost_optimization": ("cost_optimization",),
    "parameter_tuning": ("parameter_tuning",),
    "canary_rollout": ("canary_start", "canary_promote", "canary_rollback"),
}
_BREAKER_KEYS = ("errorRate.circuitBreakerThreshold",)
_FLAGS_CACHE_S = 60.0  # ConfigManagerConfig.cache_ttl: flags are read through the cache
_MIN_SAMPLE = 30


@dataclass(frozen=True, slots=True)
class Check:
    """A verdict and the sentences of evidence behind it."""

    passed: bool
    evidence: tuple[str, ...]

    @property
    def text(self) -> str:
        """The evidence as one paragraph."""
        return " ".join(self.evidence)


def adapters_complete(recording: Recording, consumer: Sequence[MatrixRow]) -> Check:
    """Seven adapters, a method per contract endpoint, each answered in the run or the round."""
    contract = {(e.service, e.operation_id) for e in endpoints("consumer")}
    adapters = list(recording.sut.adapters)
    missing_methods = sorted(
        f"{s}/{o}"
        for (s, o) in contract
        if (s, o) not in CALLS
        or not any(a.service == s and hasattr(a, CALLS[(s, o)][0]) for a in adapters)
    )
    in_run = recording.operations_called() & contract
    in_round = {(r.service, r.operation_id) for r in consumer if r.verdict == "works"}
    never = sorted(f"{s}/{o}" for s, o in contract - in_run - in_round)
    lacking = f"; missing: {', '.join(missing_methods)}" if missing_methods else ""
    evidence = (
        f"{len(adapters)} adapters enabled ({', '.join(a.service for a in adapters)}).",
        f"{len(contract) - len(missing_methods)} of {len(contract)} contract endpoints have an "
        f"adapter method{lacking}.",
        f"{len(in_run)} were called successfully by the run's poll rounds and optimizer cycles, "
        f"{len(in_round)} answered the direct call round against the simulated services"
        + (f"; never answered: {', '.join(never)}." if never else "."),
    )
    passed = len(adapters) == 7 and not missing_methods and not never
    return Check(passed, evidence)


def read_only(recording: Recording, summary: Mapping[str, Any] | None = None) -> Check:
    """Only GET requests went to Infra, in this run and in the rehearsal when one is given."""
    methods = recording.methods()
    writes = {m: n for m, n in methods.items() if m != "GET"}
    evidence = [
        f"The run's {sum(methods.values())} HTTP calls: "
        + ", ".join(f"{n} {m}" for m, n in sorted(methods.items()))
        + "."
    ]
    if summary is not None:
        rehearsed = dict(summary.get("http_methods", {}))
        writes |= {f"rehearsal {m}": n for m, n in rehearsed.items() if m != "GET"}
        evidence.append(
            "The rehearsal's calls: "
            + (", ".join(f"{n} {m}" for m, n in sorted(rehearsed.items())) or "none")
            + "."
        )
    return Check(not writes and bool(methods), tuple(evidence))


def _changes(recording: Recording, kind: str) -> list[Incident]:
    return [i for i in recording.rig.scenario.timeline if i.kind == kind]


def _poll(recording: Recording, service: str) -> float:
    polling = recording.rig.scenario.polling
    return float(polling.get(service, polling.get("default", 30.0)))


def _cycle(recording: Recording) -> float:
    return float(recording.rig.scenario.optimizer.get("cycle_interval", 60.0))


def _citing(recording: Recording, key_path: str) -> list[tuple[Timed, float]]:
    return [
        (timed, reason.threshold)
        for timed in recording.decisions
        for reason in timed.decision.reasons
        if key_path in reason.rule
    ]


def _expected(value: float, recording: Recording) -> set[float]:
    alerts = {
        d.item.cost.alert_threshold for d in recording.delivered("config-manager/getThresholds")
    }
    return {round(value, 9)} | {round(value * a, 9) for a in alerts}


def _followed(recording: Recording, change: Incident) -> tuple[bool, str]:
    key, value = str(change.params["key_path"]), float(change.params["value"])
    lag = 2 * (_poll(recording, "config-manager") + _cycle(recording))
    start = change.start + lag
    end = recording.now if change.end is None else change.end
    expected = _expected(value, recording)
    cited = _citing(recording, key)
    inside = [(t, v) for t, v in cited if start <= t.t < end]
    right = [t for t, v in inside if round(v, 9) in expected]
    wrong = [t for t, v in inside if round(v, 9) not in expected]
    after = [t for t, v in cited if t.t >= end + lag and round(v, 9) in expected]
    window = f"{clock_text(change.start)}-{clock_text(change.end)}"
    text = (
        f"ConfigManager set {key}={value:g} ({window}): {len(right)} decisions cited it at that "
        f"value while in force (first {right[0].decision.id} at {clock_text(right[0].t)})"
        if right
        else f"ConfigManager set {key}={value:g} ({window}): no decision cited it while in force"
    )
    text += f", {len(wrong)} at another value, {len(after)} at that value after it was lifted."
    return bool(right) and not wrong and not after, text


def thresholds_followed(recording: Recording) -> Check:
    """Decisions cite ConfigManager's thresholds at the values in force, and only then."""
    changes = [
        c
        for c in _changes(recording, "threshold_change")
        if str(c.params["key_path"]) not in _BREAKER_KEYS
    ]
    if not changes:
        return Check(False, ("The scenario changes no optimizer threshold: nothing to follow.",))
    results = [_followed(recording, change) for change in changes]
    return Check(all(ok for ok, _ in results), tuple(text for _, text in results))


def resilience_followed(recording: Recording) -> Check:
    """The breakers take ConfigManager's circuit-breaker threshold; Sentinel health is read."""
    layer = recording.sut.resilience.layer
    changes = [
        c
        for c in _changes(recording, "threshold_change")
        if str(c.params["key_path"]) in _BREAKER_KEYS
    ]
    delivered = recording.delivered("config-manager/getThresholds")
    in_force = delivered[-1].item.error_rate.circuit_breaker_threshold if delivered else None
    settings = layer.breaker_settings.failure_rate
    reconfigured = [
        e for e in layer.events() if e.kind == "settings" and "ConfigManager" in e.detail
    ]
    health = sum(
        1
        for c in recording.calls
        if c.operation == "getHealthStatus" and c.status == 200 and c.service == "sentinel"
    )
    evidence = (
        f"ConfigManager's errorRate.circuitBreakerThreshold in force: {in_force}; the breakers' "
        f"failure-rate threshold: {settings}; {len(reconfigured)} breaker reconfigurations named "
        f"ConfigManager ({len(changes)} threshold changes in the scenario).",
        f"Sentinel's health was read {health} times and handed to the breakers' Sentinel link; "
        f"the backpressure buffer and the dead-letter queue are internal only (seed 3.1).",
    )
    passed = in_force is not None and settings == in_force and bool(reconfigured) and health > 0
    return Check(passed, evidence)


def _flag_window(recording: Recording, change: Incident) -> tuple[bool, str]:
    flag = str(change.params["flag"])
    kinds = FLAG_DECISIONS.get(flag, (flag,))
    lag = _cycle(recording) + _FLAGS_CACHE_S + _poll(recording, "config-manager")
    start, end = change.start + lag, recording.now if change.end is None else change.end
    during = [t for t in recording.decisions_of(*kinds) if start <= t.t <= end]
    outside = [t for t in recording.decisions_of(*kinds) if t.t < change.start or t.t > end]
    text = (
        f"Flag {flag} off {clock_text(change.start)}-{clock_text(change.end)}: "
        f"{len(during)} {'/'.join(kinds)} decisions from {clock_text(start)} while it was off, "
        f"{len(outside)} while it was on."
    )
    return not during and bool(outside), text


def flags_followed(recording: Recording) -> Check:
    """A strategy whose flag is off issues no decision; it does while the flag is on."""
    offs = [c for c in _changes(recording, "flag_change") if not c.params.get("value")]
    if not offs:
        return Check(False, ("The scenario switches no flag off: nothing to observe.",))
    results = [_flag_window(recording, change) for change in offs]
    return Check(all(ok for ok, _ in results), tuple(text for _, text in results))


def _shares(recording: Recording, lo: float, hi: float) -> tuple[Counter[str], int]:
    offset = recording.rig.clock.time() - recording.now
    counts: Counter[str] = Counter()
    for d in recording.delivered("router-l2/fetchRoutingDecisions"):
        t = d.item.timestamp.timestamp() - offset
        if lo < t <= hi:
            counts[d.item.selected_model] += 1
    return counts, sum(counts.values())


def _shift(recording: Recording, weighted: list[Timed], i: int) -> tuple[float, str, str] | None:
    d = weighted[i].decision
    before_lo = weighted[i - 1].t if i > 0 else 0.0
    after_hi = weighted[i + 1].t if i + 1 < len(weighted) else recording.now
    before, n_before = _shares(recording, before_lo, weighted[i].t)
    after, n_after = _shares(recording, weighted[i].t, after_hi)
    if min(n_before, n_after) < _MIN_SAMPLE or d.weights is None:
        return None
    weights = dict(d.weights)
    model = max(weights, key=lambda m: abs(weights[m] - before[m] / n_before))
    share_before, share_after = before[model] / n_before, after[model] / n_after
    moved = abs(weights[model] - share_before)
    followed = abs(weights[model] - share_after) <= 0.1 < moved or moved <= 0.1
    text = (
        f"{d.id} ({d.kind}) at {clock_text(weighted[i].t)} set {model} to {weights[model]:.2f}: "
        f"RouterL2 routed {share_before:.0%} of {n_before} requests to it before, "
        f"{share_after:.0%} of {n_after} after."
    )
    return moved, text, "ok" if followed else "missed"


def feedback_loop(recording: Recording) -> Check:
    """The largest weight shift shows up in RouterL2's later routing decisions."""
    weighted = [t for t in recording.decisions if t.decision.weights is not None]
    shifts = [s for i in range(len(weighted)) if (s := _shift(recording, weighted, i))]
    if not shifts:
        return Check(False, ("No weight shift had enough routing decisions around it.",))
    moved, text, outcome = max(shifts, key=lambda s: s[0])
    followed = sum(1 for s in shifts if s[2] == "ok")
    evidence = (
        text,
        f"{followed} of {len(shifts)} weight shifts were followed by RouterL2's routing within "
        f"10 points.",
    )
    return Check(outcome == "ok" and moved > 0.1, evidence)


def describe(checks: Iterable[Check]) -> str:
    """All evidence of several checks as one paragraph."""
    return " ".join(c.text for c in checks)
