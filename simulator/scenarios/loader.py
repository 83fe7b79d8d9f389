"""Find, read and validate scenarios: built-in names or YAML files, checked by their JSON Schema.

Every error is one ``ScenarioError`` sentence naming the file, the path inside it and the value,
such as ``Invalid scenario storm.yaml at timeline[2].start: expected a duration such as '90m'
..., got '2x'.`` Nothing in a scenario is executed: YAML is read with ``yaml.safe_load``.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from jsonschema.exceptions import ValidationError, best_match, relevance

from simulator.scenarios.build import build_scenario
from simulator.scenarios.checks import Invalid
from simulator.scenarios.durations import parse_duration
from simulator.scenarios.errors import ScenarioError
from simulator.scenarios.model import Scenario

__all__ = [
    "builtin_scenarios",
    "format_path",
    "load_scenario",
    "parse_scenario",
    "scenario_schema",
    "scenario_text",
]

_PACKAGE = "simulator.scenarios"
_BUILTIN = "builtin"


@cache
def scenario_schema() -> dict[str, Any]:
    """The scenario JSON Schema (Draft 2020-12) shipped with the package."""
    text = files(_PACKAGE).joinpath("scenario.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> jsonschema.Draft202012Validator:
    cls = jsonschema.Draft202012Validator
    return cls(scenario_schema(), format_checker=cls.FORMAT_CHECKER)


def builtin_scenarios() -> list[str]:
    """Names of the scenarios shipped with the package, sorted."""
    folder = files(_PACKAGE).joinpath(_BUILTIN)
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


def format_path(path: Iterable[str | int]) -> str:
    """A path inside a document as ``timeline[2].start`` (``the top level`` when empty)."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the top level"


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _expected(error: ValidationError) -> tuple[ValidationError, str] | None:
    # The outermost schema on the way up that says in words what it expects.
    found = None
    node: Any = error
    while node is not None:
        expected = node.schema.get("x-expected") if isinstance(node.schema, Mapping) else None
        if expected:
            found = (node, expected)
        node = node.parent
    return found


def _schema_message(error: ValidationError, source: str) -> str:
    described = _expected(error)
    if described is not None:
        node, expected = described
        detail = f"expected {expected}, got {_shown(node.instance)}"
        where = format_path(node.absolute_path)
    else:
        detail = error.message.rstrip(".")
        where = format_path(error.absolute_path)
    return f"Invalid scenario {source} at {where}: {detail}."


def _relevance(error: ValidationError) -> tuple[bool, Any]:
    # A property that failed its kind's rules is also "unevaluated": report the rule instead.
    return error.validator != "unevaluatedProperties", relevance(error)


def _plain(value: Any) -> Any:
    # YAML turns unquoted timestamps into datetimes; the schema speaks JSON.
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _override(scenario: Scenario, seed: int | None, duration: float | str | None) -> Scenario:
    if seed is not None:
        scenario = dataclasses.replace(scenario, seed=int(seed))
    if duration is None:
        return scenario
    try:
        seconds = parse_duration(duration)
    except ValueError as exc:
        raise ScenarioError(
            f"Expected a duration override such as '2h', got {duration!r}."
        ) from exc
    if seconds <= 0:
        raise ScenarioError(f"Expected a positive duration override, got {duration!r}.")
    timeline = tuple(
        dataclasses.replace(i, end=None if i.end is None else min(i.end, seconds))
        for i in scenario.timeline
        if i.start < seconds
    )
    faults = tuple(
        dataclasses.replace(f, end=min(f.end, seconds))
        for f in scenario.faults
        if f.start < seconds
    )
    return dataclasses.replace(scenario, duration=seconds, timeline=timeline, faults=faults)


def parse_scenario(
    data: Any,
    *,
    source: str = "<memory>",
    seed: int | None = None,
    duration: float | str | None = None,
) -> Scenario:
    """Validate a loaded document and build its ``Scenario`` (with optional overrides)."""
    if not isinstance(data, Mapping):
        raise ScenarioError(
            f"Invalid scenario {source} at the top level: expected a mapping, got {_shown(data)}."
        )
    document = _plain(data)
    error = best_match(_validator().iter_errors(document), key=_relevance)
    if error is not None:
        raise ScenarioError(_schema_message(error, source))
    try:
        scenario = build_scenario(document, source=source)
    except Invalid as exc:
        raise ScenarioError(
            f"Invalid scenario {source} at {format_path(exc.path)}: {exc.detail.rstrip('.')}."
        ) from exc
    return _override(scenario, seed, duration)


def _locate(name_or_path: str | Path) -> tuple[str, str]:
    """The YAML text and the source name of a built-in scenario or of a file."""
    name = str(name_or_path)
    if isinstance(name_or_path, str) and name in builtin_scenarios():
        resource = files(_PACKAGE).joinpath(_BUILTIN, f"{name}.yaml")
        return resource.read_text(encoding="utf-8"), f"{name}.yaml"
    path = Path(name_or_path)
    if not path.is_file():
        raise ScenarioError(
            f"Expected a built-in scenario ({', '.join(builtin_scenarios())}) or a YAML file, "
            f"got {name!r}."
        )
    try:
        return path.read_text(encoding="utf-8"), str(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"Could not read scenario file {name!r}: {exc}.") from exc


def scenario_text(name_or_path: str | Path) -> str:
    """The YAML text of a built-in scenario or of a scenario file."""
    return _locate(name_or_path)[0]


def load_scenario(
    name_or_path: str | Path,
    *,
    seed: int | None = None,
    duration: float | str | None = None,
) -> Scenario:
    """Load a built-in scenario by name, or a YAML file by path, optionally overriding seed or
    duration (a shorter duration drops later incidents and faults and clips the others)."""
    text, source = _locate(name_or_path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "the top level"
        problem = getattr(exc, "problem", None) or "unreadable YAML"
        raise ScenarioError(f"Invalid scenario {source} at {where}: {problem}.") from exc
    return parse_scenario(data, source=source, seed=seed, duration=duration)
