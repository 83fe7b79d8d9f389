"""``infrasim run SCENARIO``: one scenario in-process with the real adapters and optimizer.

Also the shared machinery of ``run`` and ``rehearse``: input checks, the progress bar in
simulated time, and the report folder written through a staging folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from simulator.cli.app import app, console, fail
from simulator.harness.run import RunResult, rehearse, write_atomically
from simulator.report import ReportInputs, series_of, write_decisions, write_report
from simulator.report.terminal import print_report
from simulator.scenarios import Scenario, ScenarioError, load_scenario

__all__ = [
    "Compliance",
    "Rehearsal",
    "check_out_dir",
    "load_or_fail",
    "print_summary",
    "rehearse_with_report",
    "run",
    "simulated_progress",
]

Compliance = Callable[[RunResult], Mapping[str, Any] | None]


def load_or_fail(name: str, seed: int | None, duration: str | None) -> Scenario:
    """Load a scenario, or stop with one sentence naming the problem (exit 2)."""
    if seed is not None and seed < 0:
        fail(f"Expected a seed >= 0, got --seed {seed}.")
    try:
        return load_scenario(name, seed=seed, duration=duration)
    except ScenarioError as exc:
        fail(str(exc))


def check_out_dir(out: Path) -> Path:
    """Refuse an output folder that is a file, not writable, or inside a project package."""
    resolved = out.expanduser().resolve()
    if resolved.exists() and not resolved.is_dir():
        fail(f"Expected --out to be a folder, got the file {out}.")
    parent = resolved if resolved.exists() else resolved.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        fail(f"Cannot write to the output folder {out}: {parent} is a file.")
    if not os.access(parent, os.W_OK | os.X_OK):
        fail(f"Cannot write to the output folder {out}: {parent} is not writable.")
    package_root = Path(__file__).resolve().parents[2]
    for package in ("simulator", "adapters", "optimizer", "contracts"):
        if resolved.is_relative_to(package_root / package):
            fail(f"Refusing --out {out}: it points inside the {package} package.")
    return resolved


@contextmanager
def simulated_progress(duration: float) -> Iterator[Callable[[str, float], None]]:
    """A progress bar per policy in simulated time; yields the ``progress(policy, t)`` hook."""
    with Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        TextColumn("{task.fields[simtime]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        tasks = {
            p: bar.add_task(p, total=duration, simtime="")
            for p in ("optimizer", "baseline", "oracle")
        }

        def step(policy: str, t: float) -> None:
            hours, rest = divmod(int(t), 3600)
            bar.update(tasks[policy], completed=t, simtime=f"{hours:02d}:{rest // 60:02d} sim")

        yield step


@dataclass(frozen=True, slots=True)
class Rehearsal:
    """What a rehearsal produced: the summary, the compliance result, notes for the reader."""

    summary: dict[str, Any]
    compliance: Mapping[str, Any] | None = None
    notes: tuple[str, ...] = field(default=())


def _write_folder(
    scenario: Scenario, target: Path, compliance: Compliance | None, notes: tuple[str, ...]
) -> Rehearsal:
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".infrasim-", dir=target.parent))
    try:
        with simulated_progress(scenario.duration) as step:
            result = rehearse(scenario, out=staging, progress=step)
        verdicts = compliance(result) if compliance is not None else None
        # Only the optimizer rig outlives ``rehearse``: the curves are the optimizer run's.
        series = {"optimizer": series_of(result.rig.meter.history)}
        decisions = write_decisions(staging / "events.jsonl", staging / "decisions.jsonl")
        inputs = ReportInputs(result.summary, series, decisions, verdicts, notes)
        write_report(staging, inputs)
        write_atomically(staging, target)
        return Rehearsal(result.summary, verdicts, notes)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def rehearse_with_report(
    scenario: Scenario,
    target: Path | None,
    *,
    compliance: Compliance | None = None,
    notes: tuple[str, ...] = (),
) -> Rehearsal:
    """Rehearse with a progress bar; with a ``target``, write the whole report folder there."""
    if target is not None:
        return _write_folder(scenario, target, compliance, notes)
    with simulated_progress(scenario.duration) as step:
        result = rehearse(scenario, progress=step)
    verdicts = compliance(result) if compliance is not None else None
    return Rehearsal(result.summary, verdicts, notes)


def print_summary(
    summary: Mapping[str, Any],
    *,
    compliance: Mapping[str, Any] | None = None,
    notes: tuple[str, ...] = (),
) -> list[str]:
    """The terminal summary and verdict; returns the reasons to fail (empty when it passed)."""
    return print_report(console, summary, compliance=compliance, notes=notes)


@app.command()
def run(
    scenario: str = typer.Argument(..., help="A built-in scenario name or a YAML file."),
    seed: int | None = typer.Option(None, help="Override the scenario's seed."),
    duration: str | None = typer.Option(None, help="Override the duration (e.g. 2h, 90m)."),
    out: Path | None = typer.Option(None, help="Write the report folder here."),
) -> None:
    """Run a scenario in-process: world, services, real adapters and optimizer, baselines."""
    loaded = load_or_fail(scenario, seed, duration)
    target = check_out_dir(out) if out is not None else None
    done = rehearse_with_report(loaded, target)
    problems = print_summary(done.summary)
    if target is not None:
        console.print(f"Wrote the report to {target / 'report.html'}.")
    if problems:
        raise typer.Exit(1)
