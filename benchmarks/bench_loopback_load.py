"""Loopback load: ``infrasim serve`` in a subprocess, sync httpx clients polling every service.

Starts ``infrasim serve smoke --speed 0`` on a free 127.0.0.1 port, moves its world ten
simulated minutes on (so every feed has items), then polls every polled endpoint of the seven
services round-robin, as the adapters do in steady state: with a cursor 30 simulated seconds
back (``since`` or ``start_time``), so a page holds what one poll interval brings. Once with
one sequential client, once with several client threads. Prints
requests per second, p50 and p99 for each, and the error count (there are no faults in smoke, so
any error is a defect). Fixed request counts, a watchdog, and the server stopped by its own pid.
"""

from __future__ import annotations

import json
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import httpx

from contracts import endpoint
from simulator.http import POLLED

SEQUENTIAL = 2000
THREADS = 4
PER_THREAD = 500
WATCHDOG_S = 300
KEY = "infrasim-dev-key"
_LAUNCH = "import sys; from simulator.cli import main; main(sys.argv[1:])"


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(folder: Path) -> tuple[subprocess.Popen[bytes], dict[str, str]]:
    """``infrasim serve`` at speed 0; its process and the urls file it wrote."""
    urls_file = folder / "urls.json"
    command = [sys.executable, "-c", _LAUNCH, "serve", "smoke", "--speed", "0"]
    command += ["--port", str(free_port()), "--urls-file", str(urls_file)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not urls_file.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise SystemExit(f"infrasim serve did not start: {process.communicate()[1]!r}")
        time.sleep(0.05)
    return process, json.loads(urls_file.read_text())


def targets(urls: dict[str, str], cursor: str) -> list[str]:
    """The URL of every polled endpoint (the adapters' hot path), with the cursor it takes."""
    keys = {
        "cost-ops": "costOps",
        "latency-lens": "latencyLens",
        "sentinel": "sentinel",
        "shield": "shield",
        "observatory": "observatory",
        "config-manager": "configManager",
        "router-l2": "routerL2",
    }
    found = []
    for name in POLLED:
        service, operation = name.split(".")
        found_endpoint = endpoint(service, operation)
        names = {p.name for p in found_endpoint.parameters}
        since = next((n for n in ("since", "start_time") if n in names), None)
        query = f"?{since}={cursor}" if since else ""
        found.append(urls[keys[service]] + found_endpoint.path + query)
    return found


def poll(urls: list[str], count: int, latencies: list[float], errors: list[str]) -> None:
    """``count`` GETs round-robin with one keep-alive client; latencies in seconds."""
    with httpx.Client(headers={"Authorization": f"Bearer {KEY}"}, timeout=10.0) as client:
        for i in range(count):
            began = time.perf_counter()
            try:
                response = client.get(urls[i % len(urls)])
                response.json()
                if response.status_code != 200:
                    errors.append(str(response.status_code))
            except httpx.HTTPError as exc:
                errors.append(type(exc).__name__)
            latencies.append(time.perf_counter() - began)


def figures(label: str, latencies: list[float], wall: float, errors: list[str]) -> None:
    """One line: requests per second, p50, p99, errors."""
    cuts = statistics.quantiles(latencies, n=100)
    print(
        f"{label:<28} {len(latencies) / wall:8.0f} req/s   p50 {cuts[49] * 1e3:6.2f} ms   "
        f"p99 {cuts[98] * 1e3:6.2f} ms   errors {len(errors)}"
    )


def run(urls: list[str]) -> None:
    """The sequential run, then the concurrent one."""
    poll(urls, 100, [], [])  # warm-up
    latencies: list[float] = []
    errors: list[str] = []
    began = time.perf_counter()
    poll(urls, SEQUENTIAL, latencies, errors)
    figures("1 client, sequential", latencies, time.perf_counter() - began, errors)
    shared: list[float] = []
    errors = []
    threads = [
        threading.Thread(target=poll, args=(urls, PER_THREAD, shared, errors))
        for _ in range(THREADS)
    ]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    figures(f"{THREADS} client threads", shared, time.perf_counter() - began, errors)


def _iso_before(text: str, seconds: float) -> str:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00")) - timedelta(seconds=seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def main() -> int:
    """Start the server, advance its world, measure, stop it."""
    signal.alarm(WATCHDOG_S)
    with tempfile.TemporaryDirectory() as folder:
        process, urls = start_server(Path(folder))
        try:
            origin = urls["costOps"].rsplit("/", 1)[0]
            moved = httpx.post(
                origin + "/_sim/advance",
                params={"seconds": 600},
                headers={"Authorization": f"Bearer {KEY}"},
            )
            moved.raise_for_status()
            cursor = _iso_before(moved.json()["time"], 30.0)
            run(targets(urls, cursor))
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
