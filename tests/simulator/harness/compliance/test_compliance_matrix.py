"""The called compatibility matrix: classified from what happened, and equal to the static one."""

from __future__ import annotations

from collections import Counter

import httpx
import pytest

from adapters import (
    ContractViolation,
    HTTPStatusError,
    NotFound,
    ServiceUnavailable,
    TransportError,
)
from contracts import matrix
from simulator.harness.compliance.calls import CALLS, CallOutcome
from simulator.harness.compliance.matrix import MatrixRow, classify, disagreements
from simulator.harness.compliance.recording import Recording
from simulator.harness.compliance.run import matrices


@pytest.fixture(scope="module")
def rows(compliance_recording: Recording) -> tuple[list[MatrixRow], list[MatrixRow]]:
    return matrices(compliance_recording)


def test_against_the_consumer_profile_all_42_adapter_methods_work(
    rows: tuple[list[MatrixRow], list[MatrixRow]],
) -> None:
    consumer, _ = rows
    assert len(consumer) == len(CALLS) == 42
    assert [r.reason for r in consumer if r.verdict != "works"] == []


def test_the_called_upstream_matrix_agrees_with_the_static_matrix(
    rows: tuple[list[MatrixRow], list[MatrixRow]],
) -> None:
    consumer, upstream = rows
    assert disagreements(upstream, matrix("upstream")) == []
    assert disagreements(consumer, matrix("consumer")) == []
    assert Counter(r.kind for r in upstream) == {
        "missing route": 32,
        "missing service": 7,
        "envelope differs": 3,
    }


def test_a_disagreement_is_reported_per_endpoint(
    rows: tuple[list[MatrixRow], list[MatrixRow]],
) -> None:
    consumer, _ = rows
    found = disagreements(consumer[1:], matrix("upstream"))
    assert len(found) == 42
    assert found[0] == "cost-ops fetchCostEvents was not called."


def _outcome(error: Exception | None, value: object = None) -> CallOutcome:
    return CallOutcome("sentinel", "fetchAnomalies", "fetch_anomalies", value, error)  # type: ignore[arg-type]


def _response(status: int, body: bytes) -> httpx.Response:
    request = httpx.Request("GET", "http://sentinel.test/api/v1/anomalies")
    return httpx.Response(status, content=body, request=request)


def test_classify_reads_the_verdict_off_the_outcome() -> None:
    response = _response(404, b'{"message": "No route."}')
    assert classify(_outcome(None, ()))[:2] == ("works", "")
    assert classify(_outcome(TransportError("refused")))[1] == "missing service"
    not_found = NotFound("404", status_code=404, request=response.request, response=response)
    verdict, kind, reason = classify(_outcome(not_found))
    assert (verdict, kind) == ("breaks", "missing route")
    assert "the server said: No route." in reason
    down = ServiceUnavailable("503", status_code=503, request=response.request)
    assert classify(_outcome(down))[1] == "status 503"
    refused = HTTPStatusError("405", status_code=405, request=response.request)
    assert classify(_outcome(refused))[1] == "method differs (POST only)"


@pytest.mark.parametrize(
    ("path", "reason", "body", "kind"),
    [
        (
            "$",
            "'anomalies' is a required property",
            b'{"data": [], "metadata": {}}',
            "envelope differs",
        ),
        (
            "$.anomalies[0]",
            "'anomalyId' is a required property",
            b'{"anomalies": [{}]}',
            "field names differ",
        ),
        (
            "$.anomalies[0].severity",
            "'low' is not one of ['info']",
            b'{"anomalies": []}',
            "enum values differ",
        ),
        (
            "$.anomalies[0].observedValue",
            "'x' is not of type 'number'",
            b'{"anomalies": []}',
            "field types differ",
        ),
    ],
)
def test_a_contract_violation_is_classified_by_where_and_why(
    path: str, reason: str, body: bytes, kind: str
) -> None:
    response = _response(200, body)
    error = ContractViolation(
        service="sentinel",
        where="fetchAnomalies",
        json_path=path,
        value={},
        reason=reason,
        request=response.request,
        response=response,
    )
    assert classify(_outcome(error))[1] == kind
