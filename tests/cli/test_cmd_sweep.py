"""``infrasim sweep``: seeds in worker processes, sweep.json and sweep.png, bad input refused."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from simulator.cli import main

HAS_DASK = importlib.util.find_spec("dask") is not None


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    captured = capsys.readouterr()
    return int(exited.value.code or 0), captured.out, captured.err


def test_two_workers_sweep_two_seeds_into_json_and_png(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sweep"
    args = ["sweep", "smoke", "--seeds", "1-2", "--workers", "2", "--duration", "2m"]
    code, printed, _ = run_cli([*args, "--out", str(out)], capsys)
    assert code == 0
    result = json.loads((out / "sweep.json").read_text(encoding="utf-8"))
    assert result["seeds"] == [1, 2]
    assert [r["seed"] for r in result["runs"]] == [1.0, 2.0]
    cost = result["aggregate"]["optimizer.cost_per_request"]
    assert cost["n"] == 2
    assert cost["low"] <= cost["mean"] <= cost["high"]
    assert (out / "sweep.png").read_bytes().startswith(b"\x89PNG")
    assert "optimizer.cost_per_request" in printed


@pytest.mark.parametrize(
    ("seeds", "expected"),
    [
        ("5-1", "low <= high"),
        ("a-b", "got seeds='a-b'"),
        ("", "got seeds=''"),
        ("1-100000", "at most 1000 seeds"),
    ],
)
def test_bad_seed_ranges_are_one_sentence_and_exit_code_2(
    seeds: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["sweep", "smoke", "--seeds", seeds, "--out", str(tmp_path / "s")]
    code, _, err = run_cli(args, capsys)
    assert code == 2
    assert expected in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "s").exists()


def test_zero_workers_and_unknown_scenarios_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(["sweep", "smoke", "--workers", "0"], capsys)
    assert (code, err.strip()) == (2, "infrasim: Expected at least one worker, got --workers 0.")
    code, _, err = run_cli(["sweep", "no-such", "--out", str(tmp_path / "s")], capsys)
    assert (code, "no-such" in err) == (2, True)


@pytest.mark.skipif(HAS_DASK, reason="dask is installed: the missing-extra message cannot show")
def test_a_dask_scheduler_without_dask_installed_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["sweep", "smoke", "--seeds", "1", "--dask-scheduler", "tcp://127.0.0.1:8786"]
    code, _, err = run_cli([*args, "--out", str(tmp_path / "s")], capsys)
    assert code == 2
    assert "pip install 'infrasim[sweep]'" in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "s").exists()


@pytest.mark.skipif(not HAS_DASK, reason="dask is not installed (the optional extra sweep)")
def test_a_local_dask_cluster_runs_the_seeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        args = ["sweep", "smoke", "--seeds", "1-2", "--duration", "2m"]
        args += ["--dask-scheduler", cluster.scheduler_address, "--out", str(tmp_path / "s")]
        code, _, _ = run_cli(args, capsys)
    assert code == 0
    result = json.loads((tmp_path / "s" / "sweep.json").read_text(encoding="utf-8"))
    assert [r["seed"] for r in result["runs"]] == [1.0, 2.0]
    assert result["runner"].startswith("dask ")
