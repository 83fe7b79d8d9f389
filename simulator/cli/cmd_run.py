"""``infrasim run SCENARIO``: one scenario in-process with the real adapters and optimizer."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from simulator.cli.app import app, console, fail
from simulator.harness.run import RunResult, rehearse
from simulator.scenarios import Scenario, ScenarioError, load_scenario

__all__ = ["check_out_dir", "load_or_fail", "print_summary", "run"]


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
    if not os.access(parent, os.W_OK):
        fail(f"Cannot write to the output folder {out}: {parent} is not writable.")
    package_root = Path(__file__).resolve().parents[2]
    for package in ("simulator", "adapters", "optimizer", "contracts"):
        if resolved.is_relative_to(package_root / package):
            fail(f"Refusing --out {out}: it points inside the {package} package.")
    return resolved


def _progress_run(scenario: Scenario, out: Path | None) -> RunResult:
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
            p: bar.add_task(p, total=scenario.duration, simtime="")
            for p in ("optimizer", "baseline", "oracle")
        }

        def step(policy: str, t: float) -> None:
            hours, rest = divmod(int(t), 3600)
            bar.update(tasks[policy], completed=t, simtime=f"{hours:02d}:{rest // 60:02d} sim")

        return rehearse(scenario, out=out, progress=step)


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def print_summary(summary: dict[str, Any]) -> None:
    """The terminal summary: feeds, incidents, outcomes side by side."""
    feeds = Table(title="Feeds (ground truth vs handlers)")
    for col in ("feed", "emitted", "delivered", "lost", "duplicated"):
        feeds.add_column(col, justify="left" if col == "feed" else "right")
    for feed, c in summary["feeds"].items():
        feeds.add_row(feed, *(str(c[k]) for k in ("emitted", "delivered", "lost", "duplicated")))
    console.print(feeds)
    incidents = Table(title="Incidents (seconds after start)")
    for col in ("incident", "kind", "start", "detected", "by", "mitigated", "by "):
        incidents.add_column(col)
    for i in summary["outcomes"]["optimizer"]["incidents"]:
        incidents.add_row(
            i["id"], i["kind"], _fmt(i["start"]), _fmt(i["detected_after_s"]),
            _fmt(i["detected_by"]), _fmt(i["mitigated_after_s"]), _fmt(i["mitigated_by"]),
        )  # fmt: skip
    console.print(incidents)
    outcomes = Table(title="Outcomes")
    metrics = ("cost_per_request", "slo_violation_minutes", "mean_loss", "regret")
    outcomes.add_column("policy")
    for m in metrics:
        outcomes.add_column(m, justify="right")
    for policy, data in summary["outcomes"].items():
        outcomes.add_row(policy, *(_fmt(data[m]) for m in metrics))
    console.print(outcomes)


@app.command()
def run(
    scenario: str = typer.Argument(..., help="A built-in scenario name or a YAML file."),
    seed: int | None = typer.Option(None, help="Override the scenario's seed."),
    duration: str | None = typer.Option(None, help="Override the duration (e.g. 2h, 90m)."),
    out: Path | None = typer.Option(None, help="Write events.jsonl and summary.json here."),
) -> None:
    """Run a scenario in-process: world, services, real adapters and optimizer, baselines."""
    loaded = load_or_fail(scenario, seed, duration)
    target = check_out_dir(out) if out is not None else None
    result = _progress_run(loaded, target)
    print_summary(result.summary)
    if target is not None:
        console.print(f"Wrote {target / 'summary.json'} and {target / 'events.jsonl'}.")
    lost = sum(c["lost"] + c["duplicated"] for c in result.summary["feeds"].values())
    violations = sum(s["contract_violations"] for s in result.summary["services"].values())
    if lost or violations:
        raise typer.Exit(1)
