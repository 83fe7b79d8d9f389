"""``infrasim rehearse``: the report folder, the verdict's exit code, and bad input refused."""

from __future__ import annotations

import json
import os
import sys
import types
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from simulator.cli import main
from simulator.cli.cmd_rehearse import DEFAULT_CAP, compliance_runner, rehearsal_scenario

SHORT = ["--scenario", "smoke", "--duration", "6m", "--seed", "5"]
SMOKE_3M = ["--scenario", "smoke", "--duration", "3m", "--seed", "5"]


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    captured = capsys.readouterr()
    return int(exited.value.code or 0), captured.out, captured.err


@pytest.fixture(scope="module")
def rehearsal(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """One short rehearsal with the default --out, run from a scratch working directory."""
    here = tmp_path_factory.mktemp("cwd")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(here)
        patch.setitem(sys.modules, "simulator.harness.compliance", None)  # as if not written yet
        with pytest.raises(SystemExit) as exited:
            main(["rehearse", *SHORT])
    return here / "reports" / "rehearsal", int(exited.value.code or 0)


def test_the_report_folder_lands_in_reports_rehearsal_with_every_file(
    rehearsal: tuple[Path, int],
) -> None:
    folder, code = rehearsal
    assert code == 0
    names = sorted(p.name for p in folder.iterdir())
    for name in (
        "report.md",
        "report.html",
        "events.jsonl",
        "decisions.jsonl",
        "summary.json",
        "junit.xml",
        "traffic_share.png",
        "cost_per_request.png",
        "p99_latency.png",
        "decisions.png",
        "outcomes.png",
    ):
        assert name in names
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".infrasim-")]


def test_decisions_jsonl_holds_every_decision_of_the_summary(
    rehearsal: tuple[Path, int],
) -> None:
    folder, _ = rehearsal
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    lines = (folder / "decisions.jsonl").read_text(encoding="utf-8").splitlines()
    decisions = [json.loads(line) for line in lines]
    assert len(decisions) == sum(summary["decisions"].values()) > 0
    assert set(decisions[0]) == {"id", "t", "kind", "target", "weights", "parameters", "reasons"}
    assert summary["verdict"] == {"passed": True, "failures": []}
    assert summary["duration_s"] == 360.0


def test_junit_has_a_case_per_feed_and_per_service(rehearsal: tuple[Path, int]) -> None:
    folder, _ = rehearsal
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    root = ET.parse(folder / "junit.xml").getroot()
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert len(suites["infrasim.feeds.exactly_once"]) == len(summary["feeds"])
    assert len(suites["infrasim.contracts"]) == 7
    assert root.get("failures") == "0"


def test_the_report_says_the_compliance_checks_were_skipped(
    rehearsal: tuple[Path, int],
) -> None:
    folder, _ = rehearsal
    text = (folder / "report.md").read_text(encoding="utf-8")
    assert "The compliance checks are not available yet" in text
    assert "Verdict: PASS." in text


def fake_compliance(**_: Any) -> dict[str, Any]:
    return {
        "checklist": [{"id": "C-1", "verdict": "pass"}, {"id": "C-9", "verdict": "fail"}],
        "matrix": [{"profile": "upstream", "verdict": "breaks"}],
    }


def test_a_failed_checklist_row_fails_the_rehearsal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    module = types.ModuleType("simulator.harness.compliance")

    def run_compliance(summary: dict[str, Any], seed: int) -> dict[str, Any]:
        assert summary["seed"] == seed == 5
        return fake_compliance()

    module.run_compliance = run_compliance  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "simulator.harness.compliance", module)
    out = tmp_path / "r"
    code, printed, _ = run_cli(["rehearse", *SMOKE_3M, "--out", str(out)], capsys)
    assert code == 1
    assert "Checklist: 1 of 2 rows pass; failed: C-9." in printed
    assert "FAIL" in printed
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["verdict"]["failures"] == ["Checklist row C-9 failed."]
    assert 'name="C-9"' in (out / "junit.xml").read_text(encoding="utf-8")


def test_compliance_that_needs_unknown_arguments_is_skipped_with_a_note(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = types.ModuleType("simulator.harness.compliance")
    module.run_compliance = lambda profile, summary: {}  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "simulator.harness.compliance", module)
    check, note = compliance_runner()
    assert check is None
    assert note is not None
    assert "skipped" in note


def test_default_day_is_capped_unless_a_duration_is_given() -> None:
    capped, note = rehearsal_scenario("default-day", None, None)
    assert capped.duration == 8 * 3600 == float(DEFAULT_CAP.rstrip("h")) * 3600
    assert note is not None
    assert "--duration 24h" in note
    full, none = rehearsal_scenario("default-day", None, "24h")
    assert (full.duration, none) == (86400.0, None)
    short, none = rehearsal_scenario("smoke", None, None)
    assert (short.duration, none) == (1200.0, None)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--transport", "loopback"], "The loopback transport is not available yet"),
        (["--transport", "carrier-pigeon"], "got --transport carrier-pigeon"),
        (["--seed", "-1"], "Expected a seed >= 0, got --seed -1."),
        (["--scenario", "no-such"], "no-such"),
        (["--duration", "soon"], "soon"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_code_2(
    args: list[str], expected: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run_cli(["rehearse", *args, "--out", str(tmp_path / "r")], capsys)
    assert code == 2
    assert expected in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "r").exists()


def test_an_out_below_a_file_or_inside_a_package_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run_cli(["rehearse", "--out", str(blocker / "r")], capsys)
    assert (code, "is a file" in err) == (2, True)
    package = Path(__file__).resolve().parents[2] / "simulator" / "reports"
    code, _, err = run_cli(["rehearse", "--out", str(package)], capsys)
    assert (code, "inside the simulator package" in err) == (2, True)
    assert not package.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to any folder")
def test_an_unwritable_out_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    code, _, err = run_cli(["rehearse", "--out", str(locked / "r")], capsys)
    assert code == 2
    assert "not writable" in err
