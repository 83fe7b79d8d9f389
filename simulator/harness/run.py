"""Run a scenario under the three policies and gather the summary of the rehearsal.

The optimizer run is the rehearsal proper (services, transport, adapters, optimizer); the
baseline and oracle runs replay the same seed, so the same arrivals and prompts, with static
routing and with perfect knowledge. Regret is a policy's mean loss per request minus the
oracle's (``simulator.harness.outcomes``).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from simulator.harness.eventlog import EventLog
from simulator.harness.rig import Policy, Rig
from simulator.scenarios import Scenario

__all__ = ["RunResult", "TrafficCounter", "rehearse", "write_atomically"]

Progress = Callable[[str, float], None]


@dataclass(slots=True)
class TrafficCounter:
    """Counts the adapters' calls per service and status (an httpx response hook)."""

    hosts: dict[str, str]
    calls: Counter[str] = field(default_factory=Counter)
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    methods: Counter[str] = field(default_factory=Counter)

    def __call__(self, response: httpx.Response) -> None:
        service = self.hosts.get(response.request.url.host, response.request.url.host)
        self.calls[service] += 1
        self.statuses[(service, response.status_code)] += 1
        self.methods[response.request.method] += 1


@dataclass(slots=True)
class RunResult:
    """The summary of a rehearsal, and the optimizer rig for callers that look further."""

    summary: dict[str, Any]
    rig: Rig


def _outcome(rig: Rig, oracle_loss: float | None) -> dict[str, Any]:
    data: dict[str, Any] = dict(rig.meter.summary())
    data["regret"] = 0.0 if oracle_loss is None else data["mean_loss"] - oracle_loss
    data["traffic_by_model"] = dict(sorted(rig.meter.by_model.items()))
    return data


def _services(rig: Rig, traffic: TrafficCounter) -> dict[str, Any]:
    assert rig.sut is not None
    out: dict[str, Any] = {}
    for name, app in rig.sut.apps.items():
        ok = traffic.statuses[(name, 200)]
        out[name] = {
            "calls": traffic.calls[name],
            "ok": ok,
            "contract_checks": ok if app.validate else 0,
            "contract_violations": len(app.violations),
            "statuses": {
                str(code): n for (svc, code), n in sorted(traffic.statuses.items()) if svc == name
            },
        }
    return out


def _feeds(rig: Rig) -> dict[str, Any]:
    assert rig.sut is not None
    truth = rig.sut.services.truth.summary(rig.clock.now())
    return {feed: dict(counts) for feed, counts in sorted(truth.items())}


def _dead_letters(rig: Rig) -> list[dict[str, Any]]:
    assert rig.sut is not None
    letters = []
    for adapter in rig.sut.adapters:
        for letter in adapter.dead_letters:
            letters.append({"service": adapter.service, "letter": repr(letter)})
    return letters


def _stepper(progress: Progress | None, policy: str) -> Callable[[float], None] | None:
    if progress is None:
        return None
    return lambda t: progress(policy, t)


def rehearse(
    scenario: Scenario,
    *,
    out: Path | None = None,
    progress: Progress | None = None,
    validate: bool = True,
) -> RunResult:
    """Run the optimizer, baseline and oracle policies; write the logs and summary to ``out``."""
    staging = None
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".infrasim-", dir=out.parent))
    try:
        log = EventLog(staging / "events.jsonl" if staging else None)
        rig = Rig(scenario, policy="optimizer", log=log, validate=validate)
        assert rig.sut is not None
        hosts = {httpx.URL(url).host: name for name, url in rig.sut.inprocess.base_urls.items()}
        traffic = TrafficCounter(hosts)
        rig.sut.client.event_hooks["response"] = [traffic]
        rig.run(on_step=_stepper(progress, "optimizer"))
        for record in rig.tracker.records:
            data = record.as_dict()
            log.write(record.window.end, "incident", incident=data.pop("kind"), **data)
        rig.finish()
        log.close()
        others: dict[str, Rig] = {}
        reference: tuple[Policy, ...] = ("baseline", "oracle")
        for policy in reference:
            other = Rig(scenario, policy=policy)
            other.run(on_step=_stepper(progress, policy))
            other.finish()
            others[policy] = other
        oracle_loss = others["oracle"].meter.summary()["mean_loss"]
        outcomes = {
            "optimizer": _outcome(rig, oracle_loss) | {"incidents": rig.tracker.summary()},
            "baseline": _outcome(others["baseline"], oracle_loss),
            "oracle": _outcome(others["oracle"], None),
        }
        assert rig.sut is not None
        summary = {
            "scenario": scenario.name,
            "seed": scenario.seed,
            "epoch": rig.clock.iso(0.0),
            "duration_s": scenario.duration,
            "feeds": _feeds(rig),
            "services": _services(rig, traffic),
            "http_methods": dict(traffic.methods),
            "decisions": dict(sorted(Counter(d.kind for d in rig.sut.optimizer.decisions).items())),
            "dead_letters": _dead_letters(rig),
            "resilience": rig.sut.resilience.summary(),
            "faults": rig.faults.summary(),
            "outcomes": outcomes,
        }
        if staging is not None and out is not None:
            (staging / "dead_letters.jsonl").write_text(
                rig.sut.resilience.dlq.to_jsonl(), encoding="utf-8"
            )
            (staging / "summary.json").write_text(
                json.dumps(summary, indent=2, sort_keys=True) + "\n", encoding="utf-8"
            )
            write_atomically(staging, out)
        return RunResult(summary, rig)
    finally:
        if staging is not None and staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def write_atomically(staging: Path, out: Path) -> None:
    """Move the staged files into ``out`` (created if missing) once everything is written."""
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(staging.iterdir()):
        path.replace(out / path.name)
