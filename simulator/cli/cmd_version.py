"""``infrasim version``: print the version of the tool and of the consumer contract."""

from __future__ import annotations

from importlib.metadata import version as _dist_version

import typer

from simulator.cli.app import app


@app.command()
def version() -> None:
    """Print the infrasim version."""
    typer.echo(f"infrasim {_dist_version('infrasim')} (consumer contract v1)")
