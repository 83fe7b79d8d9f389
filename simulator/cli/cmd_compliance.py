"""``infrasim compliance``: the seed's checklist and the compatibility matrix, from a short run.

It runs the built-in compliance scenario (a few seconds), calls every adapter method against the
simulated services and against the upstream profile, checks the manifests (default: the seed's
own declarations) and prints or writes the report (Markdown in the seed report's shape, JSON, or
JUnit XML). Exit code 1 when a checklist row fails, 2 on bad input.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from contracts import ContractError
from simulator.cli.app import app, fail
from simulator.harness.compliance.report import FORMATS, failed_rows, render
from simulator.harness.compliance.run import run_compliance

__all__ = ["MANIFEST_NAMES", "check_manifests", "compliance"]

MANIFEST_NAMES = ("Cargo.toml", "package.json", "pyproject.toml")


def check_manifests(paths: list[Path]) -> list[Path]:
    """The manifest paths, or stop with one sentence when one is missing or not a manifest."""
    for path in paths:
        if not path.is_file():
            fail(f"Expected an existing manifest file, got --manifest {path}.")
        if path.name not in MANIFEST_NAMES:
            fail(f"Expected a Cargo.toml, package.json or pyproject.toml, got --manifest {path}.")
    return paths


def _write(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder: all or nothing."""
    if path.is_dir():
        fail(f"Expected --out to be a file, got the folder {path}.")
    try:
        handle, scratch = tempfile.mkstemp(prefix=".compliance-", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(scratch, path)
    except OSError as exc:
        fail(f"Cannot write the report to {path}: {exc.strerror or exc}.")


@app.command("compliance")
def compliance(
    manifest: Annotated[
        list[Path] | None,
        typer.Option(
            "--manifest",
            help="A Cargo.toml, package.json or pyproject.toml to check (repeatable); "
            "default: the seed report's own declarations.",
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="md, json or junit.")] = "md",
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the report here instead of printing it.")
    ] = None,
) -> None:
    """Verify the seed's compliance checklist and the compatibility matrix on a short run."""
    if fmt not in FORMATS:
        fail(f"Expected --format md, json or junit, got --format {fmt}.")
    paths = check_manifests(list(manifest or []))
    if out is not None and not out.parent.exists():
        fail(f"Cannot write the report to {out}: the folder {out.parent} does not exist.")
    try:
        result = run_compliance(manifests=paths or None)
    except ContractError as exc:
        fail(str(exc))
    text = render(result, fmt)
    failed = failed_rows(result)
    if out is None:
        typer.echo(text, nl=False)
    else:
        _write(out, text)
        total = len(result["checklist"])
        typer.echo(
            f"Checklist: {total - len(failed)} of {total} rows pass; report written to {out}."
        )
    if failed:
        raise typer.Exit(1)
