"""``infrasim serve``: bad input in one sentence (exit 2); a real server that stops on SIGTERM."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from simulator.cli import main

KEY = {"Authorization": "Bearer first-key"}
_LAUNCH = "import sys; from simulator.cli import main; main(sys.argv[1:])"


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    return int(exited.value.code or 0), capsys.readouterr().err


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["no-such-scenario"], "no-such-scenario"),
        (
            ["smoke", "--port", "http"],
            "Expected --port to be an integer from 1 to 65535, got 'http'.",
        ),
        (["smoke", "--port", "0"], "Expected --port from 1 to 65535, got 0."),
        (["smoke", "--port", "70000"], "Expected --port from 1 to 65535, got 70000."),
        (["smoke", "--speed", "-2"], "Expected --speed to be a finite number >= 0, got '-2'."),
        (["smoke", "--speed", "fast"], "Expected --speed to be a number >= 0, got 'fast'."),
        (["smoke", "--speed", "inf"], "Expected --speed to be a finite number >= 0, got 'inf'."),
        (["smoke", "--api-key", " "], "Expected each --api-key to be non-empty"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_2(
    args: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run_cli(["serve", *args], capsys)
    assert code == 2
    assert expected in err
    assert len(err.strip().splitlines()) == 1


def test_a_port_in_use_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code, err = run_cli(["serve", "smoke", "--port", str(port), "--speed", "0"], capsys)
    assert code == 2
    assert err.startswith(f"infrasim: Cannot listen on 127.0.0.1:{port}: ")
    assert len(err.strip().splitlines()) == 1


def test_a_urls_file_in_a_missing_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run_cli(["serve", "smoke", "--urls-file", str(tmp_path / "no" / "u.json")], capsys)
    assert code == 2
    assert "--urls-file" in err


@dataclass
class Served:
    """A running ``infrasim serve`` subprocess and what it wrote."""

    process: subprocess.Popen[str]
    urls: dict[str, str]
    origin: str


def launch(tmp_path: Path, *args: str) -> Served:
    """Start ``infrasim serve`` on a free port; return once it has written its urls file."""
    urls_file = tmp_path / "urls.json"
    port = free_port()
    command = [sys.executable, "-c", _LAUNCH, "serve", "smoke", "--port", str(port)]
    command += ["--urls-file", str(urls_file), *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 60
    while not urls_file.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            out = process.communicate()[0]
            raise AssertionError(f"infrasim serve did not start: {out}")
        time.sleep(0.05)
    return Served(process, json.loads(urls_file.read_text()), f"http://127.0.0.1:{port}")


def stop(served: Served) -> tuple[int, str]:
    """SIGTERM to the server's own pid; its exit code and output."""
    served.process.send_signal(signal.SIGTERM)
    try:
        out = served.process.communicate(timeout=30)[0]
    finally:
        if served.process.poll() is None:
            served.process.kill()
    return served.process.returncode, out


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    keys = ("--api-key", "first-key", "--api-key", "second-key")
    running = launch(tmp_path_factory.mktemp("serve"), "--speed", "0", *keys)
    yield running
    if running.process.poll() is None:
        stop(running)


@pytest.mark.loopback
def test_the_urls_file_names_every_service_and_a_working_key(served: Served) -> None:
    assert served.urls["apiKey"] == "first-key"
    names = ["costOps", "latencyLens", "sentinel", "shield", "observatory", "configManager"]
    assert set(served.urls) == {*names, "routerL2", "apiKey"}
    assert served.urls["costOps"] == f"{served.origin}/cost-ops"
    response = httpx.get(served.urls["routerL2"] + "/api/v1/weights", headers=KEY)
    assert response.status_code == 200


@pytest.mark.loopback
def test_every_given_key_is_accepted_and_others_refused(served: Served) -> None:
    url = served.urls["shield"] + "/api/v1/status"
    assert httpx.get(url, headers={"Authorization": "Bearer second-key"}).status_code == 200
    assert httpx.get(url, headers={"Authorization": "Bearer infrasim-dev-key"}).status_code == 403
    assert httpx.get(url).status_code == 401


@pytest.mark.loopback
def test_time_moves_only_when_advanced_at_speed_zero(served: Served) -> None:
    first = httpx.get(served.origin + "/_sim/clock", headers=KEY).json()
    time.sleep(0.2)
    again = httpx.get(served.origin + "/_sim/clock", headers=KEY).json()
    assert again["seconds"] == first["seconds"]
    moved = httpx.post(served.origin + "/_sim/advance?seconds=120", headers=KEY).json()
    assert moved["seconds"] == first["seconds"] + 120
    events = httpx.get(served.urls["costOps"] + "/api/v1/telemetry/events", headers=KEY).json()
    assert len(events["events"]) > 0


@pytest.mark.loopback
def test_the_contracts_are_served(served: Served) -> None:
    doc = httpx.get(served.origin + "/openapi/cost-ops.json").json()
    assert doc["servers"] == [{"url": served.urls["costOps"]}]
    assert "/api/v1/telemetry/events" in doc["paths"]


# Last in the file: it stops the module's server (pytest runs a file's tests in order).
@pytest.mark.loopback
def test_sigterm_stops_the_server_cleanly(served: Served) -> None:
    assert httpx.get(served.origin + "/_sim/clock", headers=KEY).status_code == 200
    code, out = stop(served)
    assert code == 0
    assert "Serving scenario smoke (seed 42)" in out
    assert out.rstrip().endswith("Stopped.")
    with pytest.raises(httpx.ConnectError):
        httpx.get(served.origin + "/_sim/clock")
