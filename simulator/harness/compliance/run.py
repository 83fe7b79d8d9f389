"""``run_compliance``: one short recorded run, the 42-call rounds, the checklist and the matrix.

The run is the built-in compliance scenario (``data/compliance.yaml``, about 50 simulated minutes
and a few seconds of wall time) unless another one is given. After it, every adapter method is
called once against the simulated services (profile ``consumer``) and once against the upstream
profile served by ``UpstreamApp``; the checklist rows are evaluated on the recording. A rehearsal
(``infrasim rehearse``) passes its ``RunResult``: its HTTP method counts join the evidence.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Mapping, Sequence
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

from contracts import matrix
from simulator.harness.compliance.calls import ids_from
from simulator.harness.compliance.checklist import INCONSISTENCY, Evidence, Row, evaluate
from simulator.harness.compliance.matrix import MatrixRow, disagreements, probe
from simulator.harness.compliance.recording import Recording
from simulator.harness.compliance.seedflows import observed
from simulator.harness.compliance.static import (
    TypeCheck,
    import_problems,
    manifest_findings,
    seed_manifests,
    typecheck,
)
from simulator.harness.compliance.upstream import upstream_transport
from simulator.harness.rig import DEV_API_KEY, Rig
from simulator.harness.run import RunResult
from simulator.scenarios import Scenario, load_scenario

__all__ = [
    "assess",
    "compliance_scenario",
    "gather",
    "matrices",
    "record",
    "result_of",
    "run_compliance",
]


def compliance_scenario(seed: int | None = None) -> Scenario:
    """The built-in scenario behind the checklist."""
    with as_file(files(__package__) / "data" / "compliance.yaml") as path:
        return load_scenario(str(path), seed=seed)


def record(
    scenario: Scenario, *, until: float | None = None, unpolled: Iterable[str] = ()
) -> Recording:
    """Run ``scenario`` (to ``until``) with its evidence recorded; ``unpolled`` services are
    never polled by their adapters (their feeds stay out of the optimizer's view)."""
    rig = Rig(scenario)
    for service in unpolled:
        task = rig.loop.tasks.get(f"poll:{service}")
        if task is None:
            raise ValueError(f"Expected a polled service name, got unpolled={service!r}.")
        task.enabled = False
    recording = Recording(rig).run(until)
    recording.finish()
    return recording


def matrices(recording: Recording) -> tuple[list[MatrixRow], list[MatrixRow]]:
    """The consumer and upstream rows: each adapter method called once against each profile."""
    ids = ids_from(recording)
    urls = recording.sut.inprocess.base_urls
    clock = recording.rig.clock
    consumer = probe(
        recording.sut.inprocess.transport(),
        urls,
        clock=clock,
        ids=ids,
        profile="consumer",
        api_key=DEV_API_KEY,
    )
    upstream = probe(
        upstream_transport(recording.sut.apps, urls),
        urls,
        clock=clock,
        ids=ids,
        profile="upstream",
        api_key=DEV_API_KEY,
    )
    return consumer, upstream


def _details(ev: Evidence, rows: Sequence[Row]) -> dict[str, Any]:
    scenario = ev.recording.rig.scenario
    return {
        "scenario": scenario.name,
        "seed": scenario.seed,
        "simulated_minutes": ev.recording.now / 60.0,
        "rows": [{"id": r.id, "claimed": r.claimed} | r.as_dict() for r in rows],
        "manifests": {
            path.name: [_finding(f) for f in found] for path, found in ev.manifests.items()
        },
        "seed_manifests": ev.seed_manifests,
        "matrix_agrees_with_static": not ev.disagreements,
        "disagreements": list(ev.disagreements),
        "signal_flows": observed(ev.recording),
        "adapters": _adapters(ev),
        "decisions": len(ev.recording.decisions),
        "inconsistency": INCONSISTENCY,
    }


def _adapters(ev: Evidence) -> list[dict[str, Any]]:
    in_run = ev.recording.operations_called()
    out = []
    for adapter in ev.recording.sut.adapters:
        mine = [r for r in ev.consumer if r.service == adapter.service]
        out.append(
            {
                "service": adapter.service,
                "adapter": type(adapter).__name__,
                "endpoints": len(mine),
                "called_in_run": sum(1 for r in mine if (r.service, r.operation_id) in in_run),
                "answered_round": sum(1 for r in mine if r.verdict == "works"),
                "upstream_works": sum(
                    1 for r in ev.upstream if r.service == adapter.service and r.verdict == "works"
                ),
            }
        )
    return out


def _finding(f: Any) -> dict[str, str]:
    return {"key": f.key, "declared": f.declared, "problem": f.problem, "expected": f.expected}


def gather(
    recording: Recording,
    *,
    manifests: Sequence[Path] | None = None,
    summary: Mapping[str, Any] | None = None,
    types: TypeCheck | None = None,
) -> Evidence:
    """Everything the checklist rests on, from a recorded run (``types``: a type check already
    run; default: run ``mypy --strict`` on the adapters now)."""
    consumer, upstream = matrices(recording)
    differ = disagreements(upstream, matrix("upstream")) + disagreements(
        consumer, matrix("consumer")
    )
    with tempfile.TemporaryDirectory(prefix="infrasim-manifests-") as folder:
        paths = list(manifests) if manifests else seed_manifests(Path(folder))
        found = manifest_findings(paths)
    return Evidence(
        recording=recording,
        consumer=consumer,
        upstream=upstream,
        manifests=found,
        seed_manifests=not manifests,
        typecheck=types if types is not None else typecheck("adapters"),
        import_problems=import_problems(),
        disagreements=differ,
        summary=summary,
    )


def result_of(evidence: Evidence) -> dict[str, Any]:
    """``{"checklist": [...], "matrix": [...], "details": {...}}`` of gathered evidence."""
    rows = evaluate(evidence)
    return {
        "checklist": [r.as_dict() for r in rows],
        "matrix": [r.as_dict() for r in (*evidence.consumer, *evidence.upstream)],
        "details": _details(evidence, rows),
    }


def assess(
    recording: Recording,
    *,
    manifests: Sequence[Path] | None = None,
    summary: Mapping[str, Any] | None = None,
    types: TypeCheck | None = None,
) -> dict[str, Any]:
    """The checklist and the matrix of a recorded run (see ``gather`` and ``result_of``)."""
    return result_of(gather(recording, manifests=manifests, summary=summary, types=types))


def run_compliance(
    result: RunResult | None = None,
    *,
    manifests: Sequence[Path] | None = None,
    checklist_scenario: Scenario | None = None,
) -> dict[str, Any]:
    """Run the checklist and the matrix; ``{"checklist": [...], "matrix": [...], "details"}``.

    ``manifests`` are checked for seed sections 1.1/1.2 (default: the seed's own declarations).
    ``result``, a rehearsal, adds its HTTP method counts to the read-only evidence.
    """
    recording = record(checklist_scenario or compliance_scenario())
    return assess(
        recording, manifests=manifests, summary=None if result is None else result.summary
    )
