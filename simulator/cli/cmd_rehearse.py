"""``infrasim rehearse``: the main job, a scenario end to end with its report folder.

It runs the optimizer, baseline and oracle on one seed, checks the compliance checklist and the
compatibility matrix when that module is present, prints the verdict and writes the report
(``reports/rehearsal`` by default). By default a scenario runs for at most ``DEFAULT_CAP``
simulated hours, so that ``make run`` ends in about a minute on two cores; ``--duration`` sets it.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import typer

from simulator.cli.app import app, console, fail
from simulator.cli.cmd_run import (
    Compliance,
    check_out_dir,
    load_or_fail,
    print_summary,
    rehearse_with_report,
)
from simulator.harness.run import RunResult
from simulator.scenarios import Scenario

__all__ = [
    "DEFAULT_CAP",
    "DEFAULT_OUT",
    "DEFAULT_SCENARIO",
    "compliance_runner",
    "rehearsal_scenario",
    "rehearse_cmd",
]

DEFAULT_SCENARIO = "default-day"
DEFAULT_OUT = Path("reports") / "rehearsal"
DEFAULT_CAP = "8h"  # a full default-day takes about 3-4 minutes of wall time on two cores
TRANSPORTS = ("inprocess", "loopback")
_COMPLIANCE_MODULE = "simulator.harness.compliance"


_OFFERED = ("scenario", "result", "summary", "rig", "seed")
_OPTIONAL = (
    inspect.Parameter.VAR_POSITIONAL,
    inspect.Parameter.VAR_KEYWORD,
)


def _offer(result: RunResult) -> dict[str, Any]:
    return {
        "scenario": result.rig.scenario,
        "result": result,
        "summary": result.summary,
        "rig": result.rig,
        "seed": result.rig.scenario.seed,
    }


def _accepts(function: Callable[..., Any]) -> tuple[str, ...] | None:
    """The offered names ``function`` takes, or None when it needs anything else."""
    taken = []
    for name, parameter in inspect.signature(function).parameters.items():
        if name in _OFFERED:
            taken.append(name)
        elif parameter.default is inspect.Parameter.empty and parameter.kind not in _OPTIONAL:
            return None
    return tuple(taken)


def compliance_runner() -> tuple[Compliance | None, str | None]:
    """The compliance step of a rehearsal, or None and a note saying why it is skipped."""
    # The compliance module is written separately; it is imported only when present, and is
    # handed what it asks for by parameter name.
    try:
        module = importlib.import_module(_COMPLIANCE_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != _COMPLIANCE_MODULE:
            raise
        module = None
    function = getattr(module, "run_compliance", None)
    if function is None:
        return None, "The compliance checks are not available yet: checklist and matrix skipped."
    names = _accepts(function)
    if names is None:
        return None, "run_compliance asks for arguments that rehearse cannot give: skipped."

    def check(result: RunResult) -> Mapping[str, Any] | None:
        offered = _offer(result)
        verdicts = function(**{name: offered[name] for name in names})
        return verdicts if isinstance(verdicts, Mapping) else None

    return check, None


def _hours(seconds: float) -> str:
    return f"{seconds / 3600:g}h"


def rehearsal_scenario(
    name: str, seed: int | None, duration: str | None
) -> tuple[Scenario, str | None]:
    """The scenario to rehearse: capped at ``DEFAULT_CAP`` without ``--duration`` (with a note)."""
    loaded = load_or_fail(name, seed, duration)
    if duration is not None:
        return loaded, None
    capped = load_or_fail(name, seed, DEFAULT_CAP)
    if capped.duration >= loaded.duration:
        return loaded, None
    note = (
        f"Rehearsed the first {DEFAULT_CAP} of {name} ({_hours(loaded.duration)}) to finish "
        f"in about a minute; pass --duration {_hours(loaded.duration)} for all of it."
    )
    return capped, note


@app.command("rehearse")
def rehearse_cmd(
    scenario: str = typer.Option(DEFAULT_SCENARIO, help="A built-in scenario name or a YAML file."),
    seed: int | None = typer.Option(None, help="Override the scenario's seed."),
    duration: str | None = typer.Option(
        None, help=f"Simulated duration (e.g. 24h); default: the scenario's, at most {DEFAULT_CAP}."
    ),
    out: Path = typer.Option(DEFAULT_OUT, help="The report folder (replaced file by file)."),
    transport: str = typer.Option("inprocess", help="inprocess (respx) or loopback (HTTP)."),
) -> None:
    """The main job: rehearse a scenario end to end, print the verdict, write the report."""
    if transport not in TRANSPORTS:
        fail(f"Expected --transport inprocess or loopback, got --transport {transport}.")
    if transport == "loopback":
        fail("The loopback transport is not available yet: use --transport inprocess.")
    loaded, capped = rehearsal_scenario(scenario, seed, duration)
    target = check_out_dir(out)
    compliance, skipped = compliance_runner()
    notes = [note for note in (capped, skipped) if note]
    done = rehearse_with_report(loaded, target, compliance=compliance, notes=tuple(notes))
    problems = print_summary(done.summary, compliance=done.compliance, notes=tuple(notes))
    console.print(f"Wrote the report to {target / 'report.html'}.")
    if problems:
        raise typer.Exit(1)
