"""``infrasim contracts list|validate|export`` (tests simulator/cli/cmd_contracts.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import contracts
from simulator.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the CLI as the console script does; return exit code, stdout, stderr."""
    with pytest.raises(SystemExit) as ended:
        main(list(args))
    out, err = capsys.readouterr()
    code = ended.value.code
    return (code if isinstance(code, int) else 0), out, err


def write(path: Path, payload: object) -> Path:
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


RATE = {"ratePerMinute": 0.5, "ratePerHour": 30.0}
RATE_ID = contracts.schema_uri("cost-ops", "CurrentRate")


def test_list_json_is_one_array_with_an_object_per_endpoint(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "contracts", "list", "--format", "json")
    rows = json.loads(out)
    assert code == 0
    assert len(rows) == 42
    assert rows[0] == {
        "service": "cost-ops",
        "method": "GET",
        "path": "/api/v1/telemetry/events",
        "operationId": "fetchCostEvents",
        "responseSchema": "CostTelemetryEvent",
        "envelope": "events",
    }
    assert {"getFeatureFlags", "compareModels", "getPIIStats"} <= {r["operationId"] for r in rows}


def test_list_table_shows_one_service(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "contracts", "list", "--service", "cost-ops")
    assert code == 0
    assert "4 endpoints" in out
    assert "getCurrentRate" in out


def test_list_rejects_an_unknown_service(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "contracts", "list", "--service", "billing")
    assert code == 2
    assert err.startswith("infrasim: Expected --service in cost-ops")
    assert "Traceback" not in err


def test_validate_without_files_checks_everything_and_prints_one_count(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "contracts", "validate")
    assert code == 0
    assert out.strip().splitlines() == [contracts.check_contracts().summary()]
    assert err == ""


def test_validate_reports_contract_problems_with_exit_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = contracts.CheckReport(schemas=1, operations=0, refs=0, examples=0, problems=("X.",))
    monkeypatch.setattr(contracts, "check_contracts", lambda profile: broken)
    code, out, err = run(capsys, "contracts", "validate")
    assert (code, err) == (1, "X.\n")
    assert "1 problem(s)" in out


def test_validate_payload_by_its_schema_key(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = write(tmp_path / "rate.json", {"$schema": RATE_ID, **RATE})
    flags = write(
        tmp_path / "flags.json",
        {
            "$schema": contracts.schema_uri("config-manager", "FeatureFlags"),
            "exploration": True,
        },
    )
    code, out, _ = run(capsys, "contracts", "validate", str(good), str(flags))
    assert (code, out) == (0, "2 payload file(s) valid.\n")


def test_validate_names_file_path_and_value_of_the_first_bad_payload(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = write(tmp_path / "good.json", {"events": []})
    bad = write(tmp_path / "bad.json", {"events": [{"eventId": "e1", "timestamp": "soon"}]})
    code, _, err = run(
        capsys,
        "contracts",
        "validate",
        "--service",
        "cost-ops",
        "--operation",
        "fetchCostEvents",
        str(good),
        str(bad),
    )
    assert code == 1
    assert err.startswith(f"{bad}: cost-ops fetchCostEvents: at $.events[0]")


def test_validate_by_type_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = write(tmp_path / "rate.json", {**RATE, "ratePerHour": "a lot"})
    code, _, err = run(
        capsys, "contracts", "validate", "--service", "cost-ops", "--type", "CurrentRate", str(bad)
    )
    assert code == 1
    assert "at $.ratePerHour got 'a lot'" in err


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("{not json", [], "is not JSON"),
        (json.dumps(RATE), [], "names no schema"),
        (
            json.dumps({"$schema": RATE_ID.replace("CurrentRate", "Invoice")}),
            [],
            "no known contract schema",
        ),
        (json.dumps(RATE), ["--service", "billing", "--type", "CurrentRate"], "billing"),
        (json.dumps(RATE), ["--service", "cost-ops", "--type", "Invoice"], "Invoice"),
        (json.dumps(RATE), ["--type", "CurrentRate"], "Give --service"),
        (json.dumps(RATE), ["--service", "cost-ops"], "Give --type or --operation"),
    ],
)
def test_validate_bad_input_is_one_sentence_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, args: list[str], message: str
) -> None:
    path = tmp_path / "payload.json"
    path.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "contracts", "validate", *args, str(path))
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_validate_missing_file_is_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "contracts", "validate", str(tmp_path / "absent.json"))
    assert code == 2
    assert "absent.json" in err


def test_export_writes_one_bundled_document_per_service(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_dir = tmp_path / "out" / "openapi"
    code, out, _ = run(capsys, "contracts", "export", str(out_dir))
    assert code == 0
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(
        f"{s}.openapi.json" for s in contracts.SERVICES
    )
    doc = json.loads((out_dir / "sentinel.openapi.json").read_text(encoding="utf-8"))
    assert doc == contracts.bundled_openapi("sentinel")
    assert "Wrote 7 OpenAPI documents" in out


def test_export_to_an_unwritable_folder_fails_without_writing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "contracts", "export", str(blocker / "out"))
    assert code == 2
    assert err.startswith("infrasim: Cannot write to folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


def test_export_leaves_nothing_half_written_when_bundling_fails(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(service: str, profile: str = "consumer") -> dict[str, object]:
        raise contracts.ContractError(f"Schema {service}/X is not a JSON object.")

    monkeypatch.setattr(contracts, "bundled_openapi", broken)
    code, _, err = run(capsys, "contracts", "export", str(tmp_path / "out"))
    assert code == 2
    assert "is not a JSON object" in err
    assert not (tmp_path / "out").exists()


def test_unknown_profile_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "contracts", "list", "--profile", "staging")
    assert code == 2
    assert "staging" in err
