"""The ``infrasim`` command line: each area registers its commands in a module of its own."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer

from simulator.cli.app import BadInput, app

__all__ = ["app", "main"]


@app.callback()
def _group() -> None:
    """Rehearse the LLM Auto-Optimizer's Infra integration against a simulated world."""


def _register() -> None:
    # Importing a ``cmd_*`` module registers its commands on ``app``.
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("cmd_"):
            importlib.import_module(f"{__name__}.{info.name}")


_register()


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; bad input ends with one sentence on stderr and exit code 2."""
    try:
        app(args=argv, prog_name="infrasim")
    except BadInput as exc:
        typer.echo(f"infrasim: {exc}", err=True)
        sys.exit(2)
