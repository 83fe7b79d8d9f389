"""ControlPlane.set_availability: one recorded change per status flip."""

from __future__ import annotations

import pytest

from simulator.world.catalogue import build_catalogue
from simulator.world.control import ControlPlane
from simulator.world.records import WorldBus, WorldNotice


def plane(notices: list[WorldNotice]) -> ControlPlane:
    bus = WorldBus()
    bus.on_notice(notices.append)
    return ControlPlane(
        catalogue=build_catalogue().values(), bus=bus, iso=lambda t: f"t{t}", now=lambda: 5.0
    )


def test_a_status_flip_is_one_change_with_its_reason() -> None:
    notices: list[WorldNotice] = []
    control = plane(notices)
    assert control.set_availability("gpt-4o", "offline", reason="outage")
    entry = control.availability["gpt-4o"]
    assert (entry["status"], entry["available"], entry["statusReason"]) == (
        "offline",
        False,
        "outage",
    )
    (change,) = control.history
    assert (change["keyPath"], change["previousValue"], change["newValue"]) == (
        "gpt-4o.status", "online", "offline"
    )  # fmt: skip
    assert (change["type"], change["reason"], change["timestamp"]) == (
        "availability",
        "outage",
        "t5.0",
    )
    assert notices[-1].data == change


def test_degraded_models_stay_available_and_repeats_record_nothing() -> None:
    control = plane([])
    assert control.set_availability("gpt-4o", "degraded")
    assert control.is_available("gpt-4o")
    assert not control.set_availability("gpt-4o", "degraded")
    assert len(control.history) == 1
    control.set_availability("gpt-4o", "online")
    assert "statusReason" not in control.availability["gpt-4o"]


def test_an_unknown_model_is_refused() -> None:
    with pytest.raises(KeyError, match="gpt-5"):
        plane([]).set_availability("gpt-5", "offline")
