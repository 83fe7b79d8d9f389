"""Every plot draws, with data and without, as a PNG; incident bands cover open incidents."""

from __future__ import annotations

import io

import pytest
from matplotlib.image import imread

from simulator.report import ReportInputs, series_of
from simulator.report.plots import (
    Band,
    bands_of,
    cost_png,
    decisions_png,
    latency_png,
    outcomes_png,
    traffic_share_png,
)


def size(png: bytes) -> tuple[int, int]:
    image = imread(io.BytesIO(png), format="png")
    return image.shape[1], image.shape[0]


def test_the_plots_are_pngs_of_the_stated_size(inputs: ReportInputs) -> None:
    series = inputs.series["optimizer"]
    bands = (Band("slow-b", 0.05, 0.1),)
    assert size(traffic_share_png(series, bands)) == (1000, 420)
    assert size(cost_png(inputs.series, {"baseline": 0.003})) == (1000, 360)
    assert size(latency_png(inputs.series, bands)) == (1000, 360)
    assert size(decisions_png(inputs.decisions, bands, 10 / 60))[0] == 1000
    assert size(outcomes_png(inputs.summary["outcomes"])) == (1000, 320)


def test_plots_of_an_empty_run_still_draw() -> None:
    empty = series_of([])
    for png in (
        traffic_share_png(empty, ()),
        cost_png({"optimizer": empty}),
        latency_png({"optimizer": empty}, ()),
        decisions_png([], (), 0.0),
    ):
        assert size(png)[0] == 1000


def test_bands_run_to_the_end_when_an_incident_does_not_end() -> None:
    incidents = [
        {"id": "open", "start": 3600.0, "end": None},
        {"id": "late", "start": 0.0, "end": 99_999.0},
    ]
    assert bands_of(incidents, 7200.0) == (Band("open", 1.0, 2.0), Band("late", 0.0, 2.0))


def test_the_same_inputs_give_the_same_bytes(inputs: ReportInputs) -> None:
    series = inputs.series["optimizer"]
    assert traffic_share_png(series, ()) == traffic_share_png(series, ())


@pytest.mark.parametrize("policy", ["optimizer", "baseline"])
def test_latency_plots_whichever_policy_is_there(inputs: ReportInputs, policy: str) -> None:
    assert size(latency_png({policy: inputs.series["optimizer"]}, ()))[0] == 1000
