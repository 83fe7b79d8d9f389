"""Config values and settings (optimizer/config.py, optimizer/settings.py)."""

from __future__ import annotations

import pytest

from optimizer import Flags, ModelState, Settings, SettingsError, Thresholds, intake
from simulator.world.control import DEFAULT_FLAGS, DEFAULT_THRESHOLDS


def test_default_thresholds_match_the_control_planes_defaults() -> None:
    wire = {"version": "default", **DEFAULT_THRESHOLDS}
    assert intake.thresholds_from(wire) == Thresholds(source_id="thresholds@vdefault")


def test_flags_are_named_as_configmanager_names_them() -> None:
    flags = Flags().merged({name: False for name in DEFAULT_FLAGS} | {"unknown": True}, "f@2")
    assert not any(getattr(flags, name) for name in DEFAULT_FLAGS)
    assert flags.source_id == "f@2"
    assert Flags().merged({"exploration": False}).model_selection  # missing names are kept


@pytest.mark.parametrize(
    ("status", "available", "usable"),
    [
        ("online", True, True),
        ("degraded", True, True),
        ("offline", True, False),
        ("maintenance", True, False),
        ("online", False, False),
    ],
)
def test_a_model_is_usable_when_available_and_not_offline(
    status: str, available: bool, usable: bool
) -> None:
    assert ModelState("m", available=available, status=status).usable is usable


@pytest.mark.parametrize(
    "bad",
    [
        {"exploration_share": 1.0},
        {"min_share": -0.1},
        {"fast_window_s": 0.0},
        {"temperature": float("nan")},
        {"canary_phases": (0.5, 0.25, 1.0)},
        {"canary_phases": (0.1, 0.5)},
        {"min_samples": 0},
        {"capacity_target": 0.0},
        {"error_p_value": 1.0},
    ],
)
def test_settings_out_of_range_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(SettingsError, match="Expected"):
        Settings(**bad)  # type: ignore[arg-type]
