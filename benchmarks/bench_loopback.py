"""Loopback requests per second of ``infrasim serve`` / a bare Starlette app under uvicorn.

Both servers run as child processes on free 127.0.0.1 ports: ``infrasim serve quiet --speed 0``
(simulated time moves only when asked, so the server does no background work) and
``loopback_bare.py``, which answers the same path with the bytes that ``serve`` answered first.
One sequential ``httpx.Client`` (keep-alive) GETs the cheap ``config-manager`` ``getThresholds``
endpoint ``count`` times + ``response.json()``, alternately against each server, ``repeats``
times; medians. Both servers are stopped by their own pids. When ``infrasim serve`` is not
available, only the bare server is measured and the ratio is ``nan``. Goal: >= 0.7.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from common import Lap, Ratio, alternate, emit, free_port, watchdog

NAME = "loopback_vs_bare"
GOAL = ">= 0.7"
HERE = Path(__file__).resolve().parent
SERVICE, OPERATION = "config-manager", "getThresholds"
DEADLINE_S = 30.0  # per repetition


class ServerError(RuntimeError):
    """A server child did not come up."""


def serve_available() -> bool:
    """Whether this installation has the ``infrasim serve`` command."""
    return importlib.util.find_spec("simulator.cli.cmd_serve") is not None


def _serve_command(port: int) -> list[str]:
    script = Path(sys.executable).parent / "infrasim"
    head = (
        [str(script)]
        if script.exists()
        else [
            sys.executable,
            "-c",
            "import sys; from simulator.cli import main; main(sys.argv[1:])",
        ]
    )
    return [*head, "serve", "quiet", "--port", str(port), "--speed", "0"]


@contextmanager
def _server(command: list[str], probe: str, headers: dict[str, str], log: Path) -> Iterator[None]:
    """Start a server child, wait until ``probe`` answers 200, stop it by its pid at the end."""
    with log.open("wb") as err:
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
    try:
        deadline = time.monotonic() + 60.0
        while True:
            if proc.poll() is not None:
                tail = log.read_text(errors="replace")[-400:]
                raise ServerError(f"Server exited with {proc.returncode}: {tail.strip()}")
            try:
                if httpx.get(probe, headers=headers, timeout=2.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise ServerError(f"Server did not answer {probe} within 60 s.")
            time.sleep(0.1)
        yield
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _hammer(client: httpx.Client, url: str, count: int) -> Lap:
    def work() -> None:
        deadline = time.monotonic() + DEADLINE_S
        for i in range(count):
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"Expected 200 from {url}, got {response.status_code}.")
            response.json()
            if i % 100 == 0 and time.monotonic() > deadline:
                raise RuntimeError(f"Expected {count} requests within {DEADLINE_S} s.")

    return Lap.of(work)


def _bare_only(bare_url: str, client: httpx.Client, count: int, repeats: int) -> float:
    laps = [_hammer(client, bare_url, count) for _ in range(repeats + 1)][1:]
    return count / statistics.median(x.wall for x in laps)


def measure(*, count: int = 1000, repeats: int = 5, with_serve: bool | None = None) -> Ratio:
    """Median requests per second of each server, interleaved ``repeats`` times."""
    from contracts.loader import endpoint
    from simulator.harness.rig import DEV_API_KEY

    use_serve = serve_available() if with_serve is None else with_serve
    headers = {"Authorization": f"Bearer {DEV_API_KEY}"}
    path = f"/{SERVICE}{endpoint(SERVICE, OPERATION).path}"
    with tempfile.TemporaryDirectory(prefix="infrasim-bench-") as tmp:
        folder = Path(tmp)
        body_file = folder / "body.json"
        serve_port, bare_port = free_port(), free_port()
        serve_url = f"http://127.0.0.1:{serve_port}{path}"
        bare_url = f"http://127.0.0.1:{bare_port}{path}"
        client = httpx.Client(headers=headers)
        try:
            if not use_serve:
                body_file.write_bytes(b'{"thresholds":{}}')
                with _bare(bare_port, path, body_file, bare_url, headers, folder):
                    bare_rps = _bare_only(bare_url, client, count, repeats)
                return _unavailable(bare_rps, count, repeats)
            probe = f"http://127.0.0.1:{serve_port}/_sim/clock"
            command = _serve_command(serve_port)
            with _server(command, probe, headers, folder / "serve.log"):
                first = client.get(serve_url)
                first.raise_for_status()
                body_file.write_bytes(first.content)
                with _bare(bare_port, path, body_file, bare_url, headers, folder):
                    laps_s, laps_b = alternate(
                        lambda: _hammer(client, serve_url, count),
                        lambda: _hammer(client, bare_url, count),
                        repeats=repeats,
                    )
        finally:
            client.close()
    serve_rps = count / statistics.median(x.wall for x in laps_s)
    bare_rps = count / statistics.median(x.wall for x in laps_b)
    details = (
        f"GET {path} ({len(first.content)} bytes) + response.json(), sequential keep-alive "
        f"httpx.Client, {count} requests x {repeats} interleaved repetitions",
        f"infrasim serve per repetition: {', '.join(f'{count / x.wall:.0f}' for x in laps_s)} "
        f"req/s (client CPU {statistics.median(x.cpu for x in laps_s) / count * 1e6:.0f} µs/req)",
        f"bare uvicorn+Starlette per repetition: "
        f"{', '.join(f'{count / x.wall:.0f}' for x in laps_b)} req/s "
        f"(client CPU {statistics.median(x.cpu for x in laps_b) / count * 1e6:.0f} µs/req)",
    )
    return Ratio(
        NAME,
        serve_rps / bare_rps,
        f"serve {serve_rps:.0f} req/s",
        f"bare {bare_rps:.0f} req/s",
        GOAL,
        details,
    )


@contextmanager
def _bare(
    port: int, path: str, body: Path, url: str, headers: dict[str, str], folder: Path
) -> Iterator[None]:
    command = [
        sys.executable,
        str(HERE / "loopback_bare.py"),
        "--port",
        str(port),
        "--path",
        path,
        "--body",
        str(body),
    ]
    with _server(command, url, headers, folder / "bare.log"):
        yield


def _unavailable(bare_rps: float, count: int, repeats: int) -> Ratio:
    details = (
        f"infrasim serve is not available; bare uvicorn+Starlette: {bare_rps:.0f} req/s "
        f"({count} requests x {repeats} repetitions)",
    )
    return Ratio(NAME, float("nan"), "serve not available", f"{bare_rps:.0f} req/s", GOAL, details)


def main(argv: list[str] | None = None) -> int:
    """Measure and print; bounded by a watchdog."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--timeout", type=int, default=600, help="watchdog, wall seconds")
    args = parser.parse_args(argv)
    watchdog(args.timeout, "bench_loopback")
    emit(measure(count=args.count, repeats=args.repeats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
