"""``infrasim scenarios list|show`` on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.cli import main
from simulator.scenarios import builtin_scenarios


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


def test_list_shows_every_builtin(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "scenarios", "list")
    assert code == 0
    for name in builtin_scenarios():
        assert name in out
    assert "1d" in out and "20m" in out  # noqa: PT018 - two durations of the table


def test_show_prints_the_incidents_of_a_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "scenarios", "show", "smoke")
    assert code == 0
    assert "slow-gpt4o" in out
    assert "latency_degradation" in out
    assert out.rstrip().endswith("API faults:\n  none")


def test_show_prints_the_faults_of_a_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "scenarios", "show", "flaky-infra")
    assert code == 0
    assert "profile_switch" in out
    assert "router-l2" in out


def test_show_yaml_prints_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "scenarios", "show", "quiet", "--yaml")
    assert code == 0
    assert out.startswith("# Nothing happens")
    assert "name: quiet" in out


def test_show_reads_a_scenario_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("name: mine\ndescription: Mine.\nduration: 1h\nseed: 1\n", encoding="utf-8")
    code, out, _ = run(capsys, "scenarios", "show", str(path))
    assert code == 0
    assert "mine" in out
    assert "incidents:\n  none" in out


def test_an_unknown_scenario_exits_2_with_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "scenarios", "show", "nope")
    assert code == 2
    assert out == ""
    assert err.strip().endswith("got 'nope'.")
    assert len(err.strip().splitlines()) == 1


def test_an_invalid_scenario_file_exits_2_naming_the_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\nduration: 2x\nseed: 1\n", encoding="utf-8")
    code, _, err = run(capsys, "scenarios", "show", str(path))
    assert code == 2
    assert "bad.yaml at duration" in err
    assert "'2x'" in err
