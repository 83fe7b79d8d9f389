"""The dynamic compatibility matrix: the real adapters called against a profile, one by one.

Each of the 42 adapter methods is called once against a transport serving the profile
(``consumer``: the simulated services; ``upstream``: ``upstream.UpstreamApp``). The verdict and
its reason come from what happened, never from the contract files:

    a value came back                      works
    the connection was refused             breaks: missing service
    404                                    breaks: missing route
    405                                    breaks: method differs (POST only)
    ContractViolation at the top level,    breaks: envelope differs
      the body wrapped in another envelope
    ContractViolation deeper               breaks: field names / field types / enum values differ

``disagreements(dynamic, static)`` lists where this matrix and the static one
(``contracts.matrix``) differ in verdict or in primary reason: a test keeps it empty.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import httpx

from adapters import (
    AdapterError,
    ContractViolation,
    HTTPStatusError,
    NotFound,
    TransportError,
    create_adapters,
)
from adapters.clock import Clock
from contracts import CompatRow, endpoint
from contracts.compat_shapes import (
    ENUMS,
    ENVELOPE,
    FIELD_NAMES,
    FIELD_TYPES,
    METHOD_DIFFERS,
    MISSING_ROUTE,
    MISSING_SERVICE,
)
from simulator.harness.compliance.calls import CallIds, CallOutcome, call_round

__all__ = ["ADAPTER_KEYS", "MatrixRow", "classify", "disagreements", "probe"]

ADAPTER_KEYS = {
    "cost-ops": "costOps",
    "latency-lens": "latencyLens",
    "sentinel": "sentinel",
    "shield": "shield",
    "observatory": "observatory",
    "config-manager": "configManager",
    "router-l2": "routerL2",
}


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """One endpoint called against one profile: works or breaks, the kind and the reason."""

    service: str
    operation_id: str
    method: str
    path: str
    profile: str
    verdict: str
    kind: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        """The matrix row of the compliance output."""
        return {
            "service": self.service,
            "method": self.method,
            "path": self.path,
            "profile": self.profile,
            "verdict": self.verdict,
            "reason": self.reason,
        }


def _top_keys(error: AdapterError) -> list[str] | None:
    response = error.response
    if response is None:
        return None
    try:
        body = json.loads(response.content)
    except ValueError:
        return None
    return sorted(body) if isinstance(body, dict) else None


def _said(error: AdapterError) -> str:
    """What the server's error body said, when it said something."""
    response = error.response
    try:
        body = json.loads(response.content) if response is not None else None
    except ValueError:
        return ""
    message = body.get("message") if isinstance(body, dict) else None
    return f" (the server said: {message})" if message else ""


def _violation(outcome: CallOutcome, error: ContractViolation) -> tuple[str, str]:
    expected = endpoint(outcome.service, outcome.operation_id).envelope
    keys = _top_keys(error)
    reads = f"{{{expected}: …}}" if expected else "a bare object"
    where = f"ContractViolation at {error.json_path}: {error.reason}"
    if error.json_path == "$" and keys is not None and expected not in keys and "data" in keys:
        sent = "{" + ", ".join(keys) + "}"
        return ENVELOPE, f"{ENVELOPE}: the adapter reads {reads}, upstream sent {sent} ({where})"
    if "is not one of" in error.reason:
        return ENUMS, f"{ENUMS}: {where}"
    if "is not of type" in error.reason:
        return FIELD_TYPES, f"{FIELD_TYPES}: {where}"
    return FIELD_NAMES, f"{FIELD_NAMES}: {where}"


def classify(outcome: CallOutcome) -> tuple[str, str, str]:
    """(verdict, primary reason kind, reason) of one call, from what happened."""
    error = outcome.error
    if error is None:
        return "works", "", f"answered; {type(outcome.value).__name__} parsed from the payload"
    request = error.request
    target = "" if request is None else f" for {request.method} {request.url.path}"
    if isinstance(error, ContractViolation):
        kind, reason = _violation(outcome, error)
        return "breaks", kind, reason
    if isinstance(error, TransportError):
        return "breaks", MISSING_SERVICE, f"{MISSING_SERVICE}: {error}"
    if isinstance(error, NotFound):
        return "breaks", MISSING_ROUTE, f"{MISSING_ROUTE}: 404{target}{_said(error)}"
    if isinstance(error, HTTPStatusError):
        status = error.status_code
        if status == 405:
            return "breaks", METHOD_DIFFERS, f"{METHOD_DIFFERS}: 405{target}"
        return "breaks", f"status {status}", f"status {status}{target}"
    return "breaks", type(error).__name__, f"{type(error).__name__}: {error}"


def probe(
    transport: httpx.BaseTransport,
    base_urls: Mapping[str, str],
    *,
    clock: Clock,
    ids: CallIds,
    profile: str,
    api_key: str,
) -> list[MatrixRow]:
    """Call every adapter method once through ``transport``; one row per endpoint."""
    config = {
        ADAPTER_KEYS[name]: {
            "apiBaseUrl": url,
            "apiKey": api_key,
            "options": {"enable_retry": False},
        }
        for name, url in base_urls.items()
    }
    with httpx.Client(transport=transport) as client:
        adapters = create_adapters(config, client=client, clock=clock)
        outcomes = call_round(adapters, ids)
    rows = []
    for outcome in outcomes:
        verdict, kind, reason = classify(outcome)
        ep = endpoint(outcome.service, outcome.operation_id)
        rows.append(
            MatrixRow(
                outcome.service, ep.operation_id, ep.method, ep.path, profile, verdict, kind, reason
            )
        )
    return rows


def disagreements(dynamic: Sequence[MatrixRow], static: Iterable[CompatRow]) -> list[str]:
    """One sentence per endpoint where the two matrices differ in verdict or primary reason."""
    mine = {(r.service, r.operation_id): r for r in dynamic}
    found = []
    for row in static:
        other = mine.get((row.service, row.operation_id))
        if other is None:
            found.append(f"{row.service} {row.operation_id} was not called.")
            continue
        primary = row.kinds[0] if row.kinds else ""
        if (other.verdict, other.kind) != (row.verdict, primary):
            found.append(
                f"{row.service} {row.operation_id}: static {row.verdict} ({primary or '-'}), "
                f"called {other.verdict} ({other.kind or '-'})."
            )
    return found
