"""Each benchmark script's measurement runs at a tiny size and yields its named ratio.

No timing is asserted: these tests keep the scripts from rotting (an API they call changed, a
child process that no longer starts), nothing more.
"""

from __future__ import annotations

import importlib
import math
import signal
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


Loader = Callable[[str], ModuleType]


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> Loader:
    """A loader of a benchmark script as a module (its folder on ``sys.path``, as when run)."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))

    def load(name: str) -> ModuleType:
        return importlib.import_module(name)

    return load


def _check(ratio: object, name: str) -> None:
    from common import Ratio

    assert isinstance(ratio, Ratio)
    assert ratio.name == name
    assert math.isfinite(ratio.value)
    assert ratio.value > 0
    assert ratio.line().startswith(f"RATIO {name} ")


def test_sim_speed_runs_the_optimizer_rig_and_reports_speed(bench: Loader) -> None:
    module = bench("bench_sim_speed")
    ratio = module.measure(duration="5m", block_s=120.0)
    _check(ratio, "sim_speed")
    assert ratio.numerator == "300 simulated s"
    assert any("speed per" in line for line in ratio.details)


def test_facade_compares_a_served_page_with_a_bare_route(bench: Loader) -> None:
    ratio = bench("bench_facade").measure(calls=3, repeats=2, warm=300.0)
    _check(ratio, "facade_vs_respx")
    assert "events" in ratio.details[0]


def test_world_cost_is_counted_in_bare_events(bench: Loader) -> None:
    ratio = bench("bench_world").measure(duration="10m", events=2000, repeats=2)
    _check(ratio, "world_per_request_events")


def test_memory_runs_each_duration_in_a_child_process(bench: Loader) -> None:
    ratio = bench("bench_memory").measure(short=120.0, long=240.0, timeout=120.0)
    _check(ratio, "memory_7d_vs_1d")
    assert ratio.numerator.startswith("0.0667 h peak")


@pytest.mark.loopback
def test_loopback_hammers_serve_and_the_bare_app(bench: Loader) -> None:
    module = bench("bench_loopback")
    if not module.serve_available():
        pytest.skip("infrasim serve is not in this installation")
    _check(module.measure(count=20, repeats=1), "loopback_vs_bare")


@pytest.mark.loopback
def test_loopback_without_serve_reports_nan_and_the_bare_rate(bench: Loader) -> None:
    ratio = bench("bench_loopback").measure(count=20, repeats=1, with_serve=False)
    assert math.isnan(ratio.value)
    assert ratio.line().startswith("RATIO loopback_vs_bare nan (serve not available / ")


def test_scaling_runs_the_scaled_workload(bench: Loader) -> None:
    ratio = bench("bench_scaling").measure(duration="5m", repeats=1)
    _check(ratio, "scaling_4x")
    assert "at 4x" in ratio.details[0]


def test_every_script_prints_the_ratio_run_all_expects(bench: Loader) -> None:
    run_all = bench("run_all")
    for script, key in run_all.SCRIPTS.items():
        assert key == bench(script.removesuffix(".py")).NAME


def test_load_scales_only_the_base_rate(bench: Loader) -> None:
    common = bench("common")
    base = common.load("quiet", duration="1h")
    scaled = common.load("quiet", duration="1h", rate_factor=4.0)
    assert scaled.world.workload.base_rate == 4 * base.world.workload.base_rate
    assert scaled.seed == base.seed
    assert scaled.duration == base.duration == 3600.0


def test_watchdog_stops_the_script(bench: Loader) -> None:
    common = bench("common")
    previous = signal.getsignal(signal.SIGALRM)
    try:
        common.watchdog(1, "a test")
        with pytest.raises(SystemExit) as stopped:
            time.sleep(5)
        assert stopped.value.code == 3
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
