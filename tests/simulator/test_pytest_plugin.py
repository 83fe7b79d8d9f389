"""The pytest plugin: a user's test gets a built rig, its clock, adapters and ground truth."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

ARGS = ("-p", "infrasim", "-p", "no:cacheprovider", "--strict-markers", "-W", "error")


def test_the_fixtures_give_a_runnable_rig_on_the_marked_scenario(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.infrasim(scenario="smoke", seed=7, duration="2m")
        def test_marked(infrasim_scenario, infrasim_rig, infrasim_clock, infrasim_adapters,
                        infrasim_truth):
            assert (infrasim_scenario.name, infrasim_scenario.seed) == ("smoke", 7)
            assert infrasim_scenario.duration == 120.0
            assert infrasim_rig.scenario is infrasim_scenario
            assert infrasim_clock is infrasim_rig.clock
            assert infrasim_clock.now() == 0.0
            assert len(list(infrasim_adapters)) == 7
            infrasim_rig.run()
            infrasim_rig.finish()
            assert infrasim_clock.now() == 120.0
            totals = infrasim_truth.totals(infrasim_clock.now())
            assert totals["emitted"] > 0
            assert (totals["lost"], totals["duplicated"]) == (0, 0)

        def test_unmarked_gets_smoke(infrasim_scenario):
            assert infrasim_scenario.name == "smoke"
        """
    )
    result = pytester.runpytest(*ARGS)
    result.assert_outcomes(passed=2)


def test_a_bad_marker_fails_the_test_with_one_sentence(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.infrasim(scenario="no-such-scenario")
        def test_unknown(infrasim_scenario):
            pass

        @pytest.mark.infrasim(sede=3)
        def test_typo(infrasim_scenario):
            pass
        """
    )
    result = pytester.runpytest(*ARGS)
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(["*got 'no-such-scenario'.", "*got the arguments ?'sede'?."])
    result.stdout.no_fnmatch_line("*During handling*")


def test_the_marker_is_declared_for_strict_markers(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest(*ARGS, "--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.infrasim(scenario='smoke'*"])
