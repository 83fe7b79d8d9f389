"""``infrasim serve [SCENARIO]``: the seven simulated services over real HTTP on one port.

One origin, a path prefix per service (``http://127.0.0.1:8770/cost-ops/api/v1/...``), the same
handlers, auth and API faults as in-process. Simulated time follows wall time times ``--speed``;
with ``--speed 0`` it moves only on ``POST /_sim/advance?seconds=N``. ``GET /_sim/clock`` tells
the time, ``GET /openapi/<service>.json`` serves each contract. SIGINT or SIGTERM stops it.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path

import typer

from simulator.cli.app import app, console, fail
from simulator.cli.cmd_run import load_or_fail
from simulator.harness.compliance.upstream import UpstreamApp
from simulator.harness.rig import DEV_API_KEY
from simulator.http.app import ServiceApp
from simulator.http.asgi import Deferred
from simulator.http.faults import FaultInjector, FaultLog
from simulator.http.loopback import asgi_app, bind, origin_of, serve_forever
from simulator.http.server import LoopbackRouter, Pacer
from simulator.scenarios import Scenario
from simulator.services.build import build_services
from simulator.world import World

__all__ = ["DEFAULT_PORT", "URL_KEYS", "build_router", "parse_port", "parse_speed", "serve"]

DEFAULT_PORT = 8770
# The keys of the urls file: the adapters' configuration names of the services.
URL_KEYS = {
    "cost-ops": "costOps",
    "latency-lens": "latencyLens",
    "sentinel": "sentinel",
    "shield": "shield",
    "observatory": "observatory",
    "config-manager": "configManager",
    "router-l2": "routerL2",
}


def parse_port(text: str) -> int:
    """A TCP port from 1 to 65535, or stop with one sentence (exit 2)."""
    try:
        port = int(text)
    except ValueError:
        fail(f"Expected --port to be an integer from 1 to 65535, got {text!r}.")
    if not 1 <= port <= 65535:
        fail(f"Expected --port from 1 to 65535, got {port}.")
    return port


def parse_speed(text: str) -> float:
    """A finite speed >= 0, or stop with one sentence (exit 2)."""
    try:
        speed = float(text)
    except ValueError:
        fail(f"Expected --speed to be a number >= 0, got {text!r}.")
    if not math.isfinite(speed) or speed < 0:
        fail(f"Expected --speed to be a finite number >= 0, got {text!r}.")
    return speed


def _keys(given: list[str] | None) -> list[str]:
    keys = [k.strip() for k in given or [DEV_API_KEY]]
    for key in keys:
        if not key or any(c.isspace() for c in key):
            fail("Expected each --api-key to be non-empty, without spaces or line breaks.")
    return keys


def _check_urls_file(path: Path) -> Path:
    resolved = path.expanduser().resolve()
    if resolved.is_dir():
        fail(f"Expected --urls-file to be a file, got the folder {path}.")
    if not resolved.parent.is_dir() or not os.access(resolved.parent, os.W_OK):
        fail(f"Cannot write --urls-file {path}: its folder does not exist or is not writable.")
    return resolved


def build_router(
    scenario: Scenario, keys: list[str], speed: float
) -> tuple[LoopbackRouter, Deferred]:
    """The world of ``scenario``, its services, their faults, behind one router."""
    world = World(scenario)
    services = build_services(
        clock=world.clock,
        bus=world.bus,
        control=world.control,
        catalogue=world.catalogue,
        weights=world.gateway,
    )
    apps = {s.name: ServiceApp(s, api_keys=keys) for s in services}
    # Under wall time a wait must not block the server: it holds the answer back instead.
    deferred = Deferred(1.0 / speed if speed > 0 else 1.0)
    log = FaultLog(scenario.faults)
    injector = FaultInjector(
        scenario.faults,
        seed=scenario.seed,
        now=world.clock.now,
        wait=deferred,
        services=services.by_name(),
        profiles={"upstream": {name: UpstreamApp(app) for name, app in apps.items()}},
        log=log,
    )
    pacer = Pacer(world.clock, speed=speed)
    router = LoopbackRouter(apps, pacer=pacer, api_keys=keys, intercept=injector, faults=log)
    return router, deferred


def _write_urls(path: Path, urls: dict[str, str], key: str) -> None:
    body = {URL_KEYS[name]: url for name, url in urls.items()} | {"apiKey": key}
    fd, staging = tempfile.mkstemp(prefix=".infrasim-urls-", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(json.dumps(body, indent=2) + "\n")
    Path(staging).replace(path)


@app.command()
def serve(
    scenario: str = typer.Argument("default-day", help="A built-in scenario name or a YAML file."),
    host: str = typer.Option("127.0.0.1", help="The address to listen on."),
    port: str = typer.Option(str(DEFAULT_PORT), help="The TCP port (1-65535)."),
    speed: str = typer.Option("1", help="Simulated seconds per wall second; 0: by hand only."),
    urls_file: Path | None = typer.Option(None, help="Write each service's base URL here."),
    api_key: list[str] | None = typer.Option(None, help="An accepted key (repeatable)."),
    seed: int | None = typer.Option(None, help="Override the scenario's seed."),
) -> None:
    """Serve the seven simulated services over HTTP on one port, a path prefix per service."""
    loaded = load_or_fail(scenario, seed, None)
    number, factor, keys = parse_port(port), parse_speed(speed), _keys(api_key)
    target = _check_urls_file(urls_file) if urls_file is not None else None
    try:
        sock = bind(host, number)
    except OSError as exc:
        fail(f"Cannot listen on {host}:{number}: {exc.strerror or exc}.")
    router, deferred = build_router(loaded, keys, factor)
    origin = origin_of(sock)
    urls = router.base_urls(origin)
    pace = "by POST /_sim/advance only" if factor == 0 else f"at {factor:g}x wall time"
    console.print(
        f"Serving scenario {loaded.name} (seed {loaded.seed}) on {origin}, {pace}.", soft_wrap=True
    )
    for name, url in urls.items():
        console.print(f"  {name:<15} {url}")
    console.print(f"  {'contracts':<15} {origin}/openapi/<service>.json")
    if target is not None:
        _write_urls(target, urls, keys[0])
        console.print(f"Wrote the base URLs to {target}.", soft_wrap=True)
    serve_forever(asgi_app(router, deferred=deferred), sock)
    console.print("Stopped.")
