"""The consumer contract and the compatibility matrix as executable scenarios."""

from __future__ import annotations

from collections import Counter

import pytest
from pytest_bdd import parsers, scenarios, then, when

from contracts import check_contracts, diff_paths, has_breaking, matrix
from simulator.harness.compliance.matrix import MatrixRow, disagreements
from simulator.harness.compliance.recording import Recording
from simulator.harness.compliance.run import matrices

scenarios("contracts.feature")


@pytest.fixture(scope="session")
def probed(compliance_run: Recording) -> dict[str, list[MatrixRow]]:
    """Each adapter method called once against each profile, after the compliance run."""
    consumer, upstream = matrices(compliance_run)
    return {"consumer": consumer, "upstream": upstream}


@when("every adapter method is called once against each profile", target_fixture="rows")
def when_called(probed: dict[str, list[MatrixRow]]) -> dict[str, list[MatrixRow]]:
    return probed


@then("every schema, example and reference of the consumer contract checks")
def then_contract_checks() -> None:
    report = check_contracts()
    assert report.ok, report.summary()


@then("every service validated what it served and no payload broke the contract")
def then_served_valid(run: Recording) -> None:
    for name, app in run.sut.apps.items():
        assert app.validate, name
        assert list(app.violations) == [], name
        assert any(c.service == name and c.status == 200 for c in run.calls), name


@then(parsers.parse('{works:d} of {total:d} calls work against the "{profile}" profile'))
def then_works(rows: dict[str, list[MatrixRow]], works: int, total: int, profile: str) -> None:
    mine = rows[profile]
    assert len(mine) == total
    assert sum(1 for r in mine if r.verdict == "works") == works, [r.reason for r in mine]


@then("the called matrix agrees with the static matrix on every verdict and primary reason")
def then_agrees(rows: dict[str, list[MatrixRow]]) -> None:
    assert disagreements(rows["upstream"], matrix("upstream")) == []
    assert disagreements(rows["consumer"], matrix("consumer")) == []


@then(parsers.parse('against the "{profile}" profile the calls break for these reasons'))
def then_reasons(
    rows: dict[str, list[MatrixRow]], profile: str, datatable: list[list[str]]
) -> None:
    expected = {row[0]: int(row[1]) for row in datatable[1:]}
    assert Counter(r.kind for r in rows[profile] if r.verdict == "breaks") == expected


@then(parsers.parse('calling {operation} of {service} upstream breaks with "{reason}"'))
def then_breaks(
    rows: dict[str, list[MatrixRow]], operation: str, service: str, reason: str
) -> None:
    row = next(r for r in rows["upstream"] if (r.service, r.operation_id) == (service, operation))
    assert row.verdict == "breaks", row.reason
    assert reason in row.reason, row.reason


@then(parsers.parse('the contract diff from "{old}" to "{new}" has breaking changes'))
def then_breaking(old: str, new: str) -> None:
    assert has_breaking(diff_paths(old, new))
