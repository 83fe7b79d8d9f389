"""``infrasim sweep SCENARIO --seeds 1-50``: many seeds in parallel, outcomes with 95% intervals."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from simulator.cli.app import app, console, fail
from simulator.cli.cmd_run import check_out_dir, load_or_fail
from simulator.harness.run import write_atomically
from simulator.harness.sweep import SweepError, parse_seeds, sweep
from simulator.report.content import fmt
from simulator.report.sweep_plot import sweep_png

__all__ = ["DEFAULT_SWEEP_OUT", "print_sweep", "sweep_cmd"]

DEFAULT_SWEEP_OUT = Path("reports") / "sweep"


def _run(scenario: str, seeds: tuple[int, ...], **options: Any) -> dict[str, Any]:
    with Progress(
        TextColumn("seeds"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("seeds", total=len(seeds))
        try:
            return sweep(scenario, seeds, on_done=lambda _: bar.advance(task), **options)
        except SweepError as exc:
            fail(str(exc))


def _write(result: dict[str, Any], target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".infrasim-", dir=target.parent))
    try:
        text = json.dumps(result, indent=2, sort_keys=True) + "\n"
        (staging / "sweep.json").write_text(text, encoding="utf-8")
        (staging / "sweep.png").write_bytes(sweep_png(result))
        write_atomically(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def print_sweep(result: dict[str, Any]) -> None:
    """The aggregate table: per metric the mean and its confidence interval."""
    level = round(100 * result["level"])
    table = Table(title=f"{result['scenario']}: {len(result['runs'])} seeds", title_justify="left")
    for column in ("metric", "mean", f"{level}% CI low", f"{level}% CI high", "n"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    for metric, s in result["aggregate"].items():
        table.add_row(metric, fmt(s["mean"]), fmt(s["low"]), fmt(s["high"]), str(s["n"]))
    console.print(table)


@app.command("sweep")
def sweep_cmd(
    scenario: str = typer.Argument(..., help="A built-in scenario name or a YAML file."),
    seeds: str = typer.Option("1-10", help="Seeds: a range 1-50, a list 1,3,7, or both."),
    workers: int | None = typer.Option(None, help="Local worker processes (default: CPUs)."),
    duration: str | None = typer.Option(None, help="Override the duration (e.g. 2h, 90m)."),
    out: Path = typer.Option(DEFAULT_SWEEP_OUT, help="Write sweep.json and sweep.png here."),
    dask_scheduler: str | None = typer.Option(
        None, help="Run on a Dask cluster at this address (needs infrasim[sweep])."
    ),
) -> None:
    """Rehearse many seeds in parallel and aggregate the outcomes with 95% intervals."""
    try:
        chosen = parse_seeds(seeds)
    except SweepError as exc:
        fail(str(exc))
    if workers is not None and workers < 1:
        fail(f"Expected at least one worker, got --workers {workers}.")
    load_or_fail(scenario, None, duration)  # a bad name or duration stops here, not in a worker
    target = check_out_dir(out)
    count = workers if workers is not None else os.cpu_count() or 1
    result = _run(scenario, chosen, duration=duration, workers=count, dask_scheduler=dask_scheduler)
    _write(result, target)
    print_sweep(result)
    console.print(f"Wrote {target / 'sweep.json'} and {target / 'sweep.png'}.")
    if result["failed_seeds"]:
        console.print(
            f"[bold red]FAIL[/]: seeds {result['failed_seeds']} lost, duplicated "
            "or broke a contract."
        )
        raise typer.Exit(1)
