"""``infrasim run``: bad input is one sentence and exit code 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.cli import main


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    return int(exited.value.code or 0), capsys.readouterr().err


def test_an_unknown_scenario_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run_cli(["run", "no-such-scenario"], capsys)
    assert code == 2
    assert "no-such-scenario" in err
    assert len(err.strip().splitlines()) == 1


def test_a_negative_seed_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run_cli(["run", "smoke", "--seed", "-3"], capsys)
    assert (code, err.strip()) == (2, "infrasim: Expected a seed >= 0, got --seed -3.")


def test_an_out_that_is_a_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "file.txt"
    target.write_text("keep me")
    code, err = run_cli(["run", "smoke", "--out", str(target)], capsys)
    assert code == 2
    assert "file.txt" in err
    assert target.read_text() == "keep me"


def test_an_out_inside_a_package_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    package = Path(__file__).resolve().parents[2] / "simulator" / "reports"
    code, err = run_cli(["run", "smoke", "--out", str(package)], capsys)
    assert code == 2
    assert "inside the simulator package" in err
    assert not package.exists()
