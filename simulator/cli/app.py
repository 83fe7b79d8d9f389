"""The typer application and the one way a command reports bad input."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console

__all__ = ["BadInput", "app", "console", "fail"]

app = typer.Typer(
    name="infrasim",
    help="Rehearse the LLM Auto-Optimizer's Infra integration against a simulated world.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()


class BadInput(Exception):
    """Bad input from the user: the message is one sentence naming the place and the value."""


def fail(message: str) -> NoReturn:
    """Stop the command with one sentence on stderr and exit code 2."""
    raise BadInput(message)
