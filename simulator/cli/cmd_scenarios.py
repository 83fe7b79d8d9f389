"""``infrasim scenarios list|show``: the built-in scenarios, and what one scenario contains."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import typer
from rich.table import Table

from simulator.cli.app import app, console, fail
from simulator.scenarios import (
    Scenario,
    ScenarioError,
    builtin_scenarios,
    format_duration,
    load_scenario,
    scenario_text,
)

__all__ = ["scenarios"]

scenarios = typer.Typer(
    name="scenarios", help="List the built-in scenarios or show one.", no_args_is_help=True
)
app.add_typer(scenarios)


def _load(name: str) -> Scenario:
    try:
        return load_scenario(name)
    except ScenarioError as exc:
        fail(str(exc))


def _summary(text: str) -> str:
    first = text.split(". ")[0].strip()
    return first if len(first) <= 90 else first[:87] + "..."


@scenarios.command("list")
def list_() -> None:
    """List the built-in scenarios: duration, incidents, faults and what they are about."""
    table = Table("name", "duration", "incidents", "faults", "about", box=None)
    for name in builtin_scenarios():
        scenario = _load(name)
        table.add_row(
            name,
            format_duration(scenario.duration),
            str(len(scenario.timeline)),
            str(len(scenario.faults)),
            _summary(scenario.description),
        )
    console.print(table)


def _params(params: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in params.items())


def _window(start: float, end: float | None) -> str:
    return f"{format_duration(start)}-{format_duration(end) if end is not None else 'end'}"


def _incident_lines(scenario: Scenario) -> list[str]:
    return [
        f"  {_window(i.start, i.end):<12} {i.kind:<20} {i.target:<18} {_params(i.params)}  [{i.id}]"
        for i in scenario.timeline
    ] or ["  none"]


def _fault_lines(scenario: Scenario) -> list[str]:
    return [
        f"  {_window(f.start, f.end):<12} {f.kind:<17} {f.service}/{f.endpoint}"
        f"  p={f.probability:g} {_params(f.params)}  [{f.id}]"
        for f in scenario.faults
    ] or ["  none"]


@scenarios.command("show")
def show(
    name: str = typer.Argument(help="A built-in scenario name or a YAML file."),
    as_yaml: bool = typer.Option(False, "--yaml", help="Print the scenario file as it is."),
) -> None:
    """Show one scenario: its settings, its incidents and its API faults."""
    scenario = _load(name)
    if as_yaml:
        typer.echo(scenario_text(name), nl=False)
        return
    work = scenario.world.workload
    lines = [
        f"{scenario.name}: {scenario.description}",
        f"epoch {scenario.epoch.isoformat()}, duration {format_duration(scenario.duration)}, "
        f"seed {scenario.seed}, base rate {work.base_rate:g} req/s, PII rate {work.pii_rate:g}",
        "incidents:",
        *_incident_lines(scenario),
        "API faults:",
        *_fault_lines(scenario),
    ]
    typer.echo("\n".join(lines))
