"""The gateway: weighted routing, fallback, rules, and the optimizer's way to change it."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import pytest

from simulator.world.catalogue import build_catalogue
from simulator.world.control import ControlPlane
from simulator.world.errors import RoutingError
from simulator.world.gateway import Gateway
from simulator.world.records import PiiSpan, WorldBus, WorldNotice
from simulator.world.workload import Request

MODELS = ["gpt-4o-mini", "gpt-4o", "claude-3-haiku", "gemini-1.5-flash"]


class Clock:
    """A settable time source."""

    def __init__(self) -> None:
        self.t = 0.0

    def now(self) -> float:
        return self.t

    def iso(self, t: float | None = None) -> str:
        return f"t={self.t if t is None else t:g}"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def bus() -> WorldBus:
    return WorldBus()


@pytest.fixture
def control(bus: WorldBus, clock: Clock) -> ControlPlane:
    plane = ControlPlane(
        catalogue=build_catalogue(include=MODELS).values(), bus=bus, iso=clock.iso, now=clock.now
    )
    plane.routing["fallbackChain"] = ["claude-3-haiku", "gemini-1.5-flash"]
    return plane


@pytest.fixture
def gateway(control: ControlPlane, bus: WorldBus, clock: Clock) -> Gateway:
    return Gateway(
        catalogue=build_catalogue(include=MODELS),
        control=control,
        bus=bus,
        rng=random.Random(4),
        now=clock.now,
        iso=clock.iso,
        weights={"gpt-4o-mini": 0.6, "gpt-4o": 0.3, "claude-3-haiku": 0.1},
    )


def request(pii: tuple[PiiSpan, ...] = ()) -> Request:
    return Request("req-1", 0.0, 500, 100, "hello", pii, "client-0", "us-east")


def routed(gateway: Gateway, n: int = 10_000, **kwargs: Any) -> Counter[str]:
    return Counter(gateway.route(request(**kwargs)).model_id for _ in range(n))


def test_routing_follows_the_weights(gateway: Gateway) -> None:
    counts = routed(gateway)
    assert counts["gpt-4o-mini"] == pytest.approx(6000, abs=200)
    assert counts["gpt-4o"] == pytest.approx(3000, abs=200)
    assert counts["claude-3-haiku"] == pytest.approx(1000, abs=150)
    assert counts["gemini-1.5-flash"] == 0


def test_a_route_says_why_how_sure_and_what_else(gateway: Gateway) -> None:
    routes = {r.model_id: r for r in (gateway.route(request()) for _ in range(200))}
    mini = routes["gpt-4o-mini"]
    assert (mini.reason, mini.status, mini.provider) == ("load_balanced", "ok", "openai")
    assert mini.confidence == pytest.approx(0.6)
    assert mini.alternatives == ("gpt-4o", "claude-3-haiku")


def test_weights_are_normalised_and_read_only(gateway: Gateway) -> None:
    gateway.set_weights({"gpt-4o": 3, "gemini-1.5-flash": 1}, reason="test")
    assert dict(gateway.weights) == {"gpt-4o": 0.75, "gemini-1.5-flash": 0.25}
    with pytest.raises(TypeError):
        gateway.weights["gpt-4o"] = 1.0  # type: ignore[index]


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"gpt-5": 1.0}, "model_id='gpt-5'"),
        ({"gpt-4o": -0.1}, "gpt-4o=-0.1"),
        ({"gpt-4o": float("nan")}, "gpt-4o=nan"),
        ({"gpt-4o": True}, "gpt-4o=True"),
        ({"gpt-4o": "1"}, "gpt-4o='1'"),
        ({"gpt-4o": 0.0}, "positive sum"),
        ({}, "positive sum"),
        ([("gpt-4o", 1.0)], "mapping"),
    ],
)
def test_bad_weights_are_refused_and_change_nothing(
    gateway: Gateway, weights: Any, message: str
) -> None:
    before = dict(gateway.weights)
    with pytest.raises(RoutingError, match=message):
        gateway.set_weights(weights, reason="test")
    assert dict(gateway.weights) == before


def test_a_reason_is_required(gateway: Gateway) -> None:
    with pytest.raises(RoutingError, match="reason=''"):
        gateway.set_weights({"gpt-4o": 1.0}, reason="")


def test_each_change_is_published_and_recorded_as_adjustments(
    gateway: Gateway, bus: WorldBus, clock: Clock
) -> None:
    notices: list[WorldNotice] = []
    bus.on_notice(notices.append)
    clock.t = 120.0
    gateway.set_weights({"gpt-4o-mini": 0.5, "gpt-4o": 0.5}, reason="shift to quality")
    assert [n.kind for n in notices] == ["routing.changed"]
    assert notices[0].data["weights"] == {"gpt-4o-mini": 0.5, "gpt-4o": 0.5}
    assert notices[0].data["reason"] == "shift to quality"
    assert notices[0].t == 120.0
    deltas = {a.model_id: a.delta for a in gateway.adjustments}
    assert deltas == pytest.approx({"gpt-4o-mini": -0.1, "gpt-4o": 0.2, "claude-3-haiku": -0.1})
    (mini,) = gateway.adjustments_for("gpt-4o-mini")
    assert (mini.reason, mini.t, mini.applied_at) == ("shift to quality", 120.0, "t=120")


def test_the_adjustment_history_is_bounded(gateway: Gateway) -> None:
    for i in range(300):
        gateway.set_weights({"gpt-4o": 1.0 + i % 2, "gpt-4o-mini": 1.0}, reason=f"r{i}")
    assert len(gateway.adjustments) == 200
    assert len(gateway.adjustments_for("gpt-4o")) == 10
    assert gateway.adjustments_for("gpt-4o")[-1].reason == "r299"


def test_an_unavailable_model_gets_no_traffic_and_its_share_falls_back(
    gateway: Gateway, control: ControlPlane
) -> None:
    control.set_availability("gpt-4o", "offline", reason="down")
    counts = routed(gateway)
    assert counts["gpt-4o"] == 0
    assert counts["claude-3-haiku"] == pytest.approx(4000, abs=200)  # first of the chain
    fallback = next(
        r for r in (gateway.route(request()) for _ in range(100)) if r.reason == "fallback"
    )
    assert fallback.model_id == "claude-3-haiku"
    assert gateway.effective_weights() == pytest.approx({"gpt-4o-mini": 0.6, "claude-3-haiku": 0.4})
    control.set_availability("gpt-4o", "online")
    assert routed(gateway, 2000)["gpt-4o"] > 0


def test_the_fallback_chain_is_walked_in_order(gateway: Gateway, control: ControlPlane) -> None:
    control.set_availability("gpt-4o", "offline")
    control.set_availability("claude-3-haiku", "offline")
    counts = routed(gateway, 2000)
    assert set(counts) == {"gpt-4o-mini", "gemini-1.5-flash"}


def test_with_no_model_available_requests_fail_without_a_model(
    gateway: Gateway, control: ControlPlane
) -> None:
    for model in MODELS:
        control.set_availability(model, "maintenance")
    route = gateway.route(request())
    assert (route.status, route.error) == ("error", "no_available_model")


def test_a_block_rule_keeps_traffic_off_its_targets(
    gateway: Gateway, control: ControlPlane
) -> None:
    rule = {
        "ruleId": "r1",
        "name": "no 4o",
        "priority": 1,
        "enabled": True,
        "conditions": [],
        "targetModels": ["gpt-4o"],
        "action": "block",
    }
    control.set("routing", "rules", [rule])
    counts = routed(gateway)
    assert counts["gpt-4o"] == 0
    assert not gateway.is_routable("gpt-4o")
    policy = [
        r for r in (gateway.route(request()) for _ in range(200)) if r.reason != "load_balanced"
    ]
    assert {r.reason for r in policy} == {"policy_enforced"}


def test_a_conditional_block_acts_only_on_matching_requests(
    gateway: Gateway, control: ControlPlane
) -> None:
    rule = {
        "ruleId": "r1",
        "name": "no PII to mini",
        "priority": 1,
        "enabled": True,
        "conditions": [{"field": "pii_count", "operator": "gt", "value": 0}],
        "targetModels": ["gpt-4o-mini"],
        "action": "block",
    }
    control.set("routing", "rules", [rule])
    with_pii = routed(gateway, 2000, pii=(PiiSpan("ssn", 0, 11),))
    assert with_pii["gpt-4o-mini"] == 0
    assert routed(gateway, 2000)["gpt-4o-mini"] > 1000


def test_blocking_every_model_blocks_the_request(gateway: Gateway, control: ControlPlane) -> None:
    rule = {"ruleId": "all", "name": "stop", "priority": 1, "enabled": True,
            "conditions": [], "targetModels": [], "action": "block"}  # fmt: skip
    control.set("routing", "rules", [rule])
    route = gateway.route(request())
    assert (route.status, route.error, route.reason) == (
        "blocked",
        "policy_blocked",
        "policy_enforced",
    )


def test_a_route_rule_forces_its_targets(gateway: Gateway, control: ControlPlane) -> None:
    rule = {"ruleId": "eu", "name": "haiku only", "priority": 1, "enabled": True,
            "conditions": [], "targetModels": ["claude-3-haiku"], "action": "route"}  # fmt: skip
    control.set("routing", "rules", [rule])
    assert set(routed(gateway, 500)) == {"claude-3-haiku"}
    assert gateway.route(request()).reason == "policy_enforced"


def test_a_config_change_of_the_weights_is_adopted(gateway: Gateway, control: ControlPlane) -> None:
    control.set("routing", "loadBalancing.weights", {"gemini-1.5-flash": 1.0})
    assert dict(gateway.weights) == {"gemini-1.5-flash": 1.0}
    assert gateway.adjustments[-1].reason.startswith("config:chg-")


def test_parameters_change_and_are_published(gateway: Gateway, bus: WorldBus) -> None:
    notices: list[WorldNotice] = []
    bus.on_notice(notices.append)
    gateway.set_parameters(max_tokens=256, reason="trim")
    gateway.set_parameters(prompt_variant="concise", reason="shorter")
    assert (gateway.max_tokens, gateway.prompt_variant) == (256, "concise")
    assert notices[-1].data["parameters"]["prompt_variant"] == "concise"
    assert notices[-1].data["previous"]["prompt_variant"] == "default"
    gateway.set_parameters(max_tokens=0, reason="uncap")
    assert gateway.max_tokens is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_tokens": -5}, "max_tokens=-5"),
        ({"max_tokens": 2.5}, "max_tokens=2.5"),
        ({"prompt_variant": "shouty"}, "'shouty'"),
    ],
)
def test_bad_parameters_are_refused(gateway: Gateway, kwargs: Any, message: str) -> None:
    with pytest.raises(RoutingError, match=message):
        gateway.set_parameters(reason="test", **kwargs)
    assert gateway.parameters == {"max_tokens": None, "prompt_variant": "default",
                                  "timeout_ms": 30_000.0}  # fmt: skip
