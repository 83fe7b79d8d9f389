"""``infrasim contracts list|validate|export``: look at, check and publish the contract files."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

import contracts
from simulator.cli.app import app, console, fail

__all__ = ["contracts_app", "export", "list_endpoints", "validate"]

contracts_app = typer.Typer(
    name="contracts",
    help="List, check and export the JSON Schema / OpenAPI contracts of the seven services.",
    no_args_is_help=True,
)
app.add_typer(contracts_app, name="contracts")

_SCHEMA_ID = re.compile(
    re.escape(contracts.BASE_URI)
    + r"(?P<profile>[^/]+)/v1/(?P<service>[^/]+)/schemas/(?P<name>[^/]+)\.json"
)

_PIPED_WIDTH = 160

ProfileOption = Annotated[
    str, typer.Option("--profile", help="Contract profile: consumer (v1) or upstream.")
]


class OutputFormat(StrEnum):
    """How ``contracts list`` prints."""

    json = "json"
    table = "table"


def _check_profile(profile: str) -> str:
    if profile not in contracts.PROFILES:
        fail(f"Expected --profile in {', '.join(contracts.PROFILES)}, got {profile!r}.")
    return profile


def _rows(profile: str, service: str | None) -> list[dict[str, Any]]:
    if service is not None and service not in contracts.SERVICES:
        fail(f"Expected --service in {', '.join(contracts.SERVICES)}, got {service!r}.")
    try:
        found = contracts.endpoints(profile, service)
    except contracts.ContractError as exc:
        fail(str(exc))
    return [
        {
            "service": e.service,
            "method": e.method,
            "path": e.path,
            "operationId": e.operation_id,
            "responseSchema": e.response_type,
            "envelope": e.envelope,
        }
        for e in found
    ]


@contracts_app.command("list")
def list_endpoints(
    output: Annotated[
        OutputFormat,
        typer.Option("--format", help="json: one array of objects; table: for people."),
    ] = OutputFormat.table,
    service: Annotated[str | None, typer.Option("--service", help="Only this service.")] = None,
    profile: ProfileOption = "consumer",
) -> None:
    """List every endpoint: service, method, path, operationId, response schema, envelope."""
    rows = _rows(_check_profile(profile), service)
    if output is OutputFormat.json:
        typer.echo(json.dumps(rows, indent=2))
        return
    table = Table(title=f"{len(rows)} endpoints ({profile})")
    for column in ("service", "method", "path", "operationId", "responseSchema", "envelope"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(str(row[k] or "-") for k in row))
    # piped output is not cut to 80 columns: a person may still read it in a pager
    (console if console.is_terminal else Console(width=_PIPED_WIDTH)).print(table)


def _read_payload(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"Cannot read payload file {path}: {exc}.")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        fail(f"Payload file {path} is not JSON: {exc}.")


def _target_from_payload(path: Path, payload: Any) -> tuple[str, str, str]:
    named = payload.get("$schema") if isinstance(payload, dict) else None
    if not isinstance(named, str):
        fail(
            f"Payload file {path} names no schema: give --service with --type or --operation, "
            'or a top-level "$schema" equal to a schema $id.'
        )
    match = _SCHEMA_ID.fullmatch(named)
    if (
        match is None
        or match["profile"] not in contracts.PROFILES
        or match["service"] not in contracts.SERVICES
        or match["name"] not in contracts.schema_names(match["service"], match["profile"])
    ):
        fail(f"Payload file {path} names $schema={named!r}, which is no known contract schema.")
    return match["service"], match["name"], match["profile"]


def _validate_files(
    files: list[Path], service: str | None, type_: str | None, operation: str | None, profile: str
) -> None:
    if (type_ is not None or operation is not None) and service is None:
        fail("Give --service with --type or --operation.")
    if type_ is not None and operation is not None:
        fail("Give either --type or --operation, not both.")
    if service is not None and type_ is None and operation is None:
        fail(f"Give --type or --operation with --service {service}.")
    payloads = [(path, _read_payload(path)) for path in files]
    for path, payload in payloads:
        if service is not None:
            svc, name, op, chosen = service, type_, operation, profile
        else:
            svc, found, chosen = _target_from_payload(path, payload)
            name, op = found, None
        if isinstance(payload, dict):
            payload = {k: v for k, v in payload.items() if k != "$schema"}
        try:
            contracts.validate(payload, service=svc, schema=name, operation=op, profile=chosen)
        except contracts.ContractError as exc:
            fail(str(exc))
        except contracts.ContractViolation as exc:
            typer.echo(f"{path}: {exc}", err=True)
            raise typer.Exit(1) from exc
    typer.echo(f"{len(payloads)} payload file(s) valid.")


_VALIDATE_HELP = "\n\n".join(
    [
        "Check the contracts themselves, or payload files against them.",
        "Without FILES: every schema passes check_schema, every $ref resolves, every operation "
        "names an existing schema and every example passes (valid) or fails (invalid) both "
        "validators; prints one line of counts.",
        "With FILES: all files are validated against --service with --type (a schema name) or "
        "--operation (an operation's 200 body); without those options each file names its schema "
        'by a top-level "$schema" key equal to the schema\'s $id, e.g. '
        f"{contracts.schema_uri('cost-ops', 'CurrentRate')} (the key is removed before "
        "validation).",
        "The first violation ends the run with exit code 1, naming the file, the JSON path and the "
        "value; unreadable input ends it with exit code 2.",
    ]
)


def _check_all(profile: str) -> None:
    try:
        report = contracts.check_contracts(profile)
    except contracts.ContractError as exc:
        fail(str(exc))
    for problem in report.problems:
        typer.echo(problem, err=True)
    typer.echo(report.summary())
    if not report.ok:
        raise typer.Exit(1)


@contracts_app.command(help=_VALIDATE_HELP)
def validate(
    files: Annotated[list[Path] | None, typer.Argument(help="Payload files (JSON).")] = None,
    service: Annotated[
        str | None, typer.Option("--service", help="Service of --type/--operation.")
    ] = None,
    type_: Annotated[
        str | None, typer.Option("--type", help="Schema (type) name, e.g. CostTelemetryEvent.")
    ] = None,
    operation: Annotated[
        str | None,
        typer.Option(
            "--operation", help="Operation whose 200 body to check, e.g. fetchCostEvents."
        ),
    ] = None,
    profile: ProfileOption = "consumer",
) -> None:
    """Check the contracts themselves, or payload files against them."""
    _check_profile(profile)
    if not files:
        if service or type_ or operation:
            fail("--service, --type and --operation need payload FILES.")
        _check_all(profile)
        return
    _validate_files(files, service, type_, operation, profile)


def _documents(profile: str) -> dict[str, str]:
    try:
        return {
            f"{service}.openapi.json": json.dumps(
                contracts.bundled_openapi(service, profile), indent=2, ensure_ascii=False
            )
            + "\n"
            for service in contracts.SERVICES
        }
    except contracts.ContractError as exc:
        fail(str(exc))


def _write_all(directory: Path, documents: dict[str, str]) -> None:
    """Write into a scratch folder inside DIR, then move every file in place: all or nothing."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=".export-", dir=directory))
    except OSError as exc:
        fail(f"Cannot write to folder {directory}: {exc.strerror or exc}.")
    try:
        for name, text in documents.items():
            (scratch / name).write_text(text, encoding="utf-8")
        for name in documents:
            os.replace(scratch / name, directory / name)
    except OSError as exc:
        fail(f"Cannot write to folder {directory}: {exc.strerror or exc}.")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@contracts_app.command()
def export(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="Output folder (created).")],
    profile: ProfileOption = "consumer",
) -> None:
    """Write one self-contained OpenAPI 3.1 document per service: DIR/<service>.openapi.json."""
    documents = _documents(_check_profile(profile))
    _write_all(directory, documents)
    typer.echo(f"Wrote {len(documents)} OpenAPI documents to {directory}.")
