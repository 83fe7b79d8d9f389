"""``infrasim contracts diff OLD NEW`` (tests simulator/cli/cmd_contracts_diff.py)."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from importlib.resources import files
from pathlib import Path

import pytest

from simulator.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the CLI as the console script does; return exit code, stdout, stderr."""
    code: int | str | None = 0
    try:
        main(list(args))
    except SystemExit as ended:
        code = ended.code
    out, err = capsys.readouterr()
    return (code if isinstance(code, int) else 0), out, err


def test_same_contract_exits_zero_with_no_change(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "contracts", "diff", "consumer", "consumer")
    assert code == 0
    assert out == "0 change(s), 0 breaking.\n"


def test_a_breaking_change_exits_one_and_json_lists_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "contracts", "diff", "consumer", "upstream", "--format", "json")
    body = json.loads(out)
    assert code == 1
    assert body["breaking"] > 0
    assert {"kind", "location", "detail", "breaking"} == set(body["changes"][0])


def test_a_non_breaking_change_exits_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shipped = Path(str(files("contracts") / "consumer" / "cost-ops"))
    new = shutil.copytree(shipped, tmp_path / "cost-ops")
    schema_file = new / "schemas" / "CurrentRate.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    schema["properties"]["ratePerDay"] = {"type": "number"}
    schema_file.write_text(json.dumps(schema), encoding="utf-8")
    code, out, _ = run(capsys, "contracts", "diff", str(shipped / "openapi.json"), str(new))
    assert code == 0
    assert out.startswith("ok")
    assert "field-added" in out
    assert out.endswith("1 change(s), 0 breaking.\n")


def test_junit_output_is_written_to_the_file_all_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "diff.xml"
    code, out, _ = run(
        capsys,
        "contracts",
        "diff",
        "consumer",
        "upstream",
        "--format",
        "junit",
        "--output",
        str(target),
    )
    suite = ET.parse(target).getroot().find("testsuite")
    assert code == 1
    assert suite is not None
    assert int(suite.get("failures", "0")) > 0
    assert f"written to {target}" in out
    assert [p.name for p in tmp_path.iterdir()] == ["diff.xml"]


@pytest.mark.parametrize(("name", "content"), [("absent", None), ("broken.json", "{")])
def test_unreadable_input_exits_two_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str | None
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "contracts", "diff", str(path), "consumer")
    assert code == 2
    assert out == ""
    assert err.startswith("infrasim: ")
    assert str(path) in err
    assert err.count("\n") == 1
