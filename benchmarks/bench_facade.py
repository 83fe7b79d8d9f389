"""One simulated service call through the façade / a bare respx route returning the same bytes.

The façade: world and seven services of ``quiet``, run ``warm`` simulated seconds so that CostOps
holds events, each service behind its ``ServiceApp`` with contract validation on, all mounted on
the in-process respx transport (every contract route registered, as in a rehearsal). One call is
an ``httpx.Client`` GET of ``cost-ops`` ``fetchCostEvents`` for the last poll interval's page
(what the adapter asks every 30 s) plus ``response.json()``. The world does not move while it
is measured, so every call answers the same page: the service builds it, validates it and
serializes it each time. The bare call: a respx router with one route whose side effect returns
those bytes, through the same kind of client, plus ``response.json()``. Goal: <= 1.5.
"""

from __future__ import annotations

import argparse
import sys

import httpx
import respx
from common import Lap, Ratio, alternate, emit, load, watchdog

NAME = "facade_vs_respx"
GOAL = "<= 1.5"
BARE_URL = "http://bare.infrasim.test"


def _calls(client: httpx.Client, path: str, params: dict[str, str | int], count: int) -> Lap:
    def work() -> None:
        for _ in range(count):
            client.get(path, params=params).json()

    return Lap.of(work)


def _per_call(laps: list[Lap], calls: int) -> str:
    return ", ".join(f"{x.wall / calls * 1e6:.0f}" for x in laps)


def measure(
    *, calls: int = 100, repeats: int = 15, warm: float = 1800.0, window: float = 30.0
) -> Ratio:
    """Median µs per call of the façade and of the bare route: ``repeats`` interleaved blocks of
    ``calls`` calls each (short blocks, many of them: the machine is noisy)."""
    from contracts.loader import endpoint
    from simulator.harness.rig import DEV_API_KEY
    from simulator.http.app import ServiceApp
    from simulator.http.transport import build_inprocess
    from simulator.services.build import build_services
    from simulator.world import World

    world = World(load("quiet", duration=warm + 60.0))
    services = build_services(
        clock=world.clock,
        bus=world.bus,
        control=world.control,
        catalogue=world.catalogue,
        weights=world.gateway,
    )
    apps = {s.name: ServiceApp(s, api_keys={DEV_API_KEY}, validate=True) for s in services}
    inprocess = build_inprocess(apps)
    world.run(until=warm)
    services.sync()
    path = endpoint("cost-ops", "fetchCostEvents").path
    params: dict[str, str | int] = {"since": world.clock.iso(warm - window), "limit": 100}
    headers = {"Authorization": f"Bearer {DEV_API_KEY}"}
    facade = httpx.Client(
        transport=inprocess.transport(), base_url=inprocess.base_urls["cost-ops"], headers=headers
    )
    first = facade.get(path, params=params)
    first.raise_for_status()
    body = first.content
    events = len(first.json()["events"])

    router = respx.Router(assert_all_mocked=True)
    router.get(f"{BARE_URL}{path}").mock(
        side_effect=lambda request: httpx.Response(
            200, headers={"content-type": "application/json"}, content=body
        )
    )
    bare = httpx.Client(
        transport=httpx.MockTransport(router.handler), base_url=BARE_URL, headers=headers
    )
    if bare.get(path, params=params).content != body:
        raise RuntimeError("Expected the bare route to answer the façade's bytes.")

    def trim() -> None:  # respx keeps every call: forget them between repetitions
        inprocess.trim()
        router.reset()

    def run_facade() -> Lap:
        trim()
        return _calls(facade, path, params, calls)

    def run_bare() -> Lap:
        trim()
        return _calls(bare, path, params, calls)

    laps_f, laps_b = alternate(run_facade, run_bare, repeats=repeats)
    facade.close()
    bare.close()
    lap_f, lap_b = Lap.median(laps_f), Lap.median(laps_b)
    f_us, b_us = lap_f.wall / calls * 1e6, lap_b.wall / calls * 1e6
    details = (
        f"GET cost-ops fetchCostEvents since {window:g} s ago, {events} events, "
        f"{len(body)} bytes, + response.json(); {repeats} interleaved blocks of {calls} calls",
        f"façade wall per block: {_per_call(laps_f, calls)} µs/call",
        f"bare wall per block: {_per_call(laps_b, calls)} µs/call",
        f"CPU time (this process): façade {lap_f.cpu / calls * 1e6:.0f} µs/call, "
        f"bare {lap_b.cpu / calls * 1e6:.0f} µs/call, ratio {lap_f.cpu / lap_b.cpu:.3g}",
    )
    return Ratio(
        NAME,
        f_us / b_us,
        f"façade {f_us:.0f} µs/call",
        f"bare respx {b_us:.0f} µs/call",
        GOAL,
        details,
    )


def main(argv: list[str] | None = None) -> int:
    """Measure and print; bounded by a watchdog."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--timeout", type=int, default=300, help="watchdog, wall seconds")
    args = parser.parse_args(argv)
    watchdog(args.timeout, "bench_facade")
    emit(measure(calls=args.calls, repeats=args.repeats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
