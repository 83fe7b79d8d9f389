"""The infrasim pytest plugin: fixtures that give a test a simulated Infra with real adapters.

Choose the scenario with a marker (default ``smoke`` with its own seed)::

    @pytest.mark.infrasim(scenario="smoke", seed=7, duration="15m")
    def test_the_outage_is_survived(infrasim_rig, infrasim_clock, infrasim_truth):
        infrasim_rig.run()
        infrasim_rig.finish()
        totals = infrasim_truth.totals(infrasim_clock.now())
        assert (totals["lost"], totals["duplicated"]) == (0, 0)

``infrasim_rig`` is a built ``Rig`` (policy ``optimizer``) that has not run yet; the test runs
it (``rig.run(until=...)``) and reads the parts through the other fixtures.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:  # the simulator is imported when a fixture is used, not when pytest starts
    from adapters import Adapters
    from simulator.clock import SimClock
    from simulator.harness.rig import Rig
    from simulator.scenarios import Scenario
    from simulator.services.truth import GroundTruth

__all__ = [
    "DEFAULT_SCENARIO",
    "infrasim_adapters",
    "infrasim_clock",
    "infrasim_rig",
    "infrasim_scenario",
    "infrasim_truth",
    "pytest_configure",
]

DEFAULT_SCENARIO = "smoke"
_MARKER_KEYS = frozenset({"scenario", "seed", "duration"})


def pytest_configure(config: pytest.Config) -> None:
    """Declare the ``infrasim`` marker so that ``--strict-markers`` accepts it."""
    config.addinivalue_line(
        "markers",
        "infrasim(scenario='smoke', seed=None, duration=None): choose the scenario, seed and "
        "duration of the infrasim fixtures",
    )


def _marker_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    marker = request.node.get_closest_marker("infrasim")
    if marker is None:
        return {}
    options = dict(marker.kwargs)
    if marker.args:
        options.setdefault("scenario", marker.args[0])
    unknown = sorted(set(options) - _MARKER_KEYS)
    if unknown or len(marker.args) > 1:
        pytest.fail(
            f"Expected infrasim(scenario=, seed=, duration=), got the arguments "
            f"{unknown or list(marker.args)}.",
            pytrace=False,
        )
    return options


@pytest.fixture
def infrasim_scenario(request: pytest.FixtureRequest) -> Scenario:
    """The scenario named by the test's ``infrasim`` marker (default ``smoke``)."""
    from simulator.scenarios import ScenarioError, load_scenario

    options = _marker_options(request)
    name = options.get("scenario", DEFAULT_SCENARIO)
    try:
        return load_scenario(name, seed=options.get("seed"), duration=options.get("duration"))
    except ScenarioError as exc:
        problem = str(exc)  # reported outside the handler: one sentence, no chained traceback
    pytest.fail(problem, pytrace=False)


@pytest.fixture
def infrasim_rig(infrasim_scenario: Scenario) -> Iterator[Rig]:
    """A built rehearsal (world, services, transport, adapters, optimizer), not yet run."""
    from simulator.harness.rig import Rig

    rig = Rig(infrasim_scenario, policy="optimizer")
    yield rig
    if rig.sut is not None:
        rig.sut.client.close()


def _sut(rig: Rig) -> Any:
    assert rig.sut is not None, "an optimizer rig always has its system under test"
    return rig.sut


@pytest.fixture
def infrasim_clock(infrasim_rig: Rig) -> SimClock:
    """The simulated clock shared by the world, the services and the adapters."""
    return infrasim_rig.clock


@pytest.fixture
def infrasim_adapters(infrasim_rig: Rig) -> Adapters:
    """The seven real adapters, wired to the simulated services over the in-process transport."""
    adapters: Adapters = _sut(infrasim_rig).adapters
    return adapters


@pytest.fixture
def infrasim_truth(infrasim_rig: Rig) -> GroundTruth:
    """The ground truth of every feed: what was emitted, delivered, lost or duplicated."""
    truth: GroundTruth = _sut(infrasim_rig).services.truth
    return truth
