"""``infrasim compliance``: formats, manifests, the report file, exit codes, bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from simulator.cli import cmd_compliance, main


@pytest.fixture
def calls(
    monkeypatch: pytest.MonkeyPatch, compliance_result: dict[str, Any]
) -> list[dict[str, Any]]:
    """Stand in for the run: the session's compliance result; record how it was asked for."""
    seen: list[dict[str, Any]] = []

    def run_compliance(**kwargs: Any) -> dict[str, Any]:
        seen.append(kwargs)
        return compliance_result

    monkeypatch.setattr(cmd_compliance, "run_compliance", run_compliance)
    return seen


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(["compliance", *args])
    captured = capsys.readouterr()
    return int(exited.value.code or 0), captured.out, captured.err


def test_json_prints_checklist_and_matrix_and_a_failed_row_exits_1(
    calls: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(["--format", "json"], capsys)
    assert code == 1
    assert set(json.loads(out)) == {"checklist", "matrix"}
    assert calls == [{"manifests": None}]


def test_the_report_file_is_written_and_summarised(
    calls: list[dict[str, Any]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "compliance.md"
    code, printed, _ = run_cli(["--out", str(out)], capsys)
    assert code == 1
    assert "7 of 9 rows pass" in printed
    assert out.read_text(encoding="utf-8").startswith("# LLM Auto-Optimizer")
    assert [p.name for p in tmp_path.iterdir()] == ["compliance.md"]


def test_manifests_are_handed_on_and_all_passing_rows_exit_0(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    manifest = tmp_path / "Cargo.toml"
    manifest.write_text("[package]\nname = 'x'\n")
    seen: list[Any] = []
    passing = {"checklist": [{"item": "x", "verdict": "pass", "evidence": "e"}], "matrix": []}

    def run_compliance(**kwargs: Any) -> dict[str, Any]:
        seen.append(kwargs)
        return passing

    monkeypatch.setattr(cmd_compliance, "run_compliance", run_compliance)
    code, out, _ = run_cli(["--manifest", str(manifest), "--format", "junit"], capsys)
    assert code == 0
    assert seen == [{"manifests": [manifest]}]
    assert 'failures="0"' in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--format", "xml"], "Expected --format md, json or junit, got --format xml."),
        (["--manifest", "no/such/Cargo.toml"], "got --manifest no/such/Cargo.toml."),
        (["--out", "no/such/folder/report.md"], "the folder no/such/folder does not exist"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_2(
    calls: list[dict[str, Any]],
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    expected: str,
) -> None:
    code, _, err = run_cli(args, capsys)
    assert code == 2
    assert expected in err
    assert len(err.strip().splitlines()) == 1
    assert calls == []


def test_a_file_that_is_not_a_manifest_is_refused(
    calls: list[dict[str, Any]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    other = tmp_path / "requirements.txt"
    other.write_text("x\n")
    code, _, err = run_cli(["--manifest", str(other)], capsys)
    assert code == 2
    assert "Expected a Cargo.toml, package.json or pyproject.toml" in err


def test_an_unreadable_manifest_is_one_sentence(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "package.json"
    broken.write_text("{not json")
    from contracts import ContractError

    def run_compliance(**_: Any) -> dict[str, Any]:
        raise ContractError(f"Manifest {broken} is not valid JSON.")

    monkeypatch.setattr(cmd_compliance, "run_compliance", run_compliance)
    code, _, err = run_cli(["--manifest", str(broken)], capsys)
    assert code == 2
    assert "is not valid JSON" in err
