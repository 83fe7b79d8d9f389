"""``infrasim contracts diff OLD NEW``: classify the changes between two contract versions."""

from __future__ import annotations

import os
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from contracts.contract_set import ContractSetError
from contracts.diff import diff_paths, has_breaking
from contracts.diff_render import render
from simulator.cli.app import fail
from simulator.cli.cmd_contracts import contracts_app

__all__ = ["DiffFormat", "diff"]

_HELP = (
    "Compare two contract versions and classify each change as breaking or not for a consumer "
    "that reads responses. OLD and NEW are each a profile folder (<service>/openapi.json + "
    "schemas/), a service folder, an OpenAPI JSON file with schemas/ beside it, or a shipped "
    "profile name (consumer, upstream). Exit code 1 when a change is breaking, 0 otherwise, "
    "2 on unreadable input."
)


class DiffFormat(StrEnum):
    """How ``contracts diff`` prints."""

    text = "text"
    json = "json"
    junit = "junit"


def _write(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder: all or nothing."""
    try:
        folder = path.parent if str(path.parent) else Path(".")
        handle, scratch = tempfile.mkstemp(prefix=".diff-", dir=folder)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(scratch, path)
    except OSError as exc:
        fail(f"Cannot write output file {path}: {exc.strerror or exc}.")


@contracts_app.command(help=_HELP)
def diff(
    old: Annotated[
        str, typer.Argument(metavar="OLD", help="The contract the consumer was built on.")
    ],
    new: Annotated[str, typer.Argument(metavar="NEW", help="The contract the provider publishes.")],
    fmt: Annotated[
        DiffFormat, typer.Option("--format", help="text, json, or junit (one case per change).")
    ] = DiffFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", help="Write here instead of standard output.")
    ] = None,
) -> None:
    """Classify the changes from OLD to NEW; exit 1 when one breaks the consumer."""
    try:
        changes = diff_paths(old, new)
    except ContractSetError as exc:
        fail(str(exc))
    text = render(changes, fmt.value)
    if output is None:
        typer.echo(text, nl=False)
    else:
        _write(output, text)
        breaking = sum(1 for c in changes if c.breaking)
        typer.echo(f"{len(changes)} change(s), {breaking} breaking: written to {output}.")
    if has_breaking(changes):
        raise typer.Exit(1)
