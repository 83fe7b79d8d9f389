"""Steps shared by the features, and the session's cache of recorded runs.

A Gherkin scenario is a test function, so one run is recorded per (scenario, seed, minutes,
unpolled services) for the whole session and every scenario that names it reads the same
evidence. Scenario files of the features live in ``tests/features/scenarios``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from simulator.harness.compliance.flows import (
    Flow,
    clock_text,
    first_flow,
    flows,
    is_state,
    state_emissions,
)
from simulator.harness.compliance.recording import Recording
from simulator.harness.compliance.run import assess, compliance_scenario, record
from simulator.harness.compliance.static import TypeCheck, typecheck, write_call_sites
from simulator.scenarios import Scenario, load_scenario

SCENARIOS = Path(__file__).parent / "scenarios"

SIGNALS = {
    "Sentinel drift signal": "sentinel/fetchDriftSignals",
    "Sentinel anomaly": "sentinel/fetchAnomalies",
    "LatencyLens anomaly": "latency-lens/fetchAnomalies",
    "LatencyLens latency profile": "latency-lens/fetchLatencyProfiles",
    "LatencyLens throughput stat": "latency-lens/fetchThroughputStats",
    "RouterL2 routing decision": "router-l2/fetchRoutingDecisions",
    "RouterL2 load-balancer signal": "router-l2/fetchLoadBalancerSignals",
    "Observatory trace": "observatory/searchTraces",
    "CostOps cost event": "cost-ops/fetchCostEvents",
    "CostOps cost projection": "cost-ops/fetchProjections",
    "ConfigManager availability change": "config-manager/getModelAvailability",
    "ConfigManager routing config": "config-manager/getRoutingConfig",
    "ConfigManager thresholds": "config-manager/getThresholds",
    "Shield policy block": "shield/fetchPolicyBlocks",
    "Shield PII detection": "shield/fetchPIIDetections",
}


@dataclass
class Runs:
    """Recorded runs by (scenario name, seed, minutes, unpolled services)."""

    cache: dict[tuple[str, int, int, tuple[str, ...]], Recording] = field(default_factory=dict)

    def get(self, scenario: Scenario, minutes: int, unpolled: tuple[str, ...]) -> Recording:
        key = (scenario.name, scenario.seed, minutes, unpolled)
        if key not in self.cache:
            self.cache[key] = record(scenario, until=minutes * 60.0, unpolled=unpolled)
        return self.cache[key]


@dataclass(frozen=True)
class SignalRef:
    """Items of one feed (of one type) that were emitted and delivered."""

    name: str
    feed: str
    where: Callable[[Any], bool]


@pytest.fixture(scope="session")
def runs() -> Runs:
    """The session's recorded runs."""
    return Runs()


@pytest.fixture(scope="session")
def types() -> TypeCheck:
    """``mypy --strict`` on the adapters, run once per session."""
    return typecheck("adapters")


@pytest.fixture(scope="session")
def compliance_run(runs: Runs) -> Recording:
    """The built-in compliance scenario, recorded to its end (shared with the When step)."""
    return runs.get(compliance_scenario(11), 52, ())


@pytest.fixture(scope="session")
def assessment(compliance_run: Recording, types: TypeCheck) -> dict[str, Any]:
    """The checklist and matrix of the compliance run (the seed's manifests)."""
    return assess(compliance_run, types=types)


@pytest.fixture
def unpolled() -> tuple[str, ...]:
    """Services whose adapters do not poll (none unless a step says so)."""
    return ()


def load(name: str, seed: int) -> Scenario:
    """A feature's scenario file, the compliance scenario, or a built-in one."""
    path = SCENARIOS / f"{name}.yaml"
    if path.is_file():
        return load_scenario(str(path), seed=seed)
    if name == "compliance":
        return compliance_scenario(seed)
    return load_scenario(name, seed=seed)


@given(parsers.parse('the scenario "{name}" with seed {seed:d}'), target_fixture="scenario")
def given_scenario(name: str, seed: int) -> Scenario:
    return load(name, seed)


@given(parsers.parse("the adapters do not poll {services}"), target_fixture="unpolled")
def given_unpolled(services: str) -> tuple[str, ...]:
    return tuple(sorted(re.findall(r'"([a-z0-9-]+)"', services)))


@when(parsers.parse("{minutes:d} minutes of simulated time pass"), target_fixture="run")
def when_time_passes(
    runs: Runs, scenario: Scenario, minutes: int, unpolled: tuple[str, ...]
) -> Recording:
    return runs.get(scenario, minutes, unpolled)


def _signal(run: Recording, name: str, item_type: str | None) -> SignalRef:
    feed = SIGNALS[name]

    def where(item: Any) -> bool:
        return item_type is None or getattr(item, "type", None) == item_type

    if is_state(feed):
        emitted = state_emissions(run, feed)
        assert emitted, f"Expected the service to announce a {name}, got none."
        assert run.delivered(feed), f"Expected the adapter to deliver a {name}, got none."
        return SignalRef(name, feed, lambda _: True)
    everything = run.delivered(feed)
    delivered = [d for d in everything if where(d.item)]
    assert delivered, f"Expected a delivered {name} of type {item_type}, got none."
    times = Counter(d.item_id for d in everything)
    for d in delivered:
        assert run.emission_of(feed, d.item_id) is not None, f"{d.item_id} was never emitted."
        assert times[d.item_id] == 1, (
            f"Expected {d.item_id} delivered once, got {times[d.item_id]}."
        )
    return SignalRef(name, feed, where)


@then(
    parsers.re(r'an? "(?P<name>[^"]+)" of type "(?P<item_type>[^"]+)" was emitted and delivered'),
    target_fixture="signal",
)
def then_typed_signal(run: Recording, name: str, item_type: str) -> SignalRef:
    return _signal(run, name, item_type)


@then(parsers.re(r'an? "(?P<name>[^"]+)" was emitted and delivered'), target_fixture="signal")
def then_signal(run: Recording, name: str) -> SignalRef:
    return _signal(run, name, None)


def _cited(
    run: Recording, signal: SignalRef, minutes: int, kinds: tuple[str, ...], metric: str | None
) -> Flow:
    where = None if is_state(signal.feed) else signal.where
    found = first_flow(
        run,
        signal.feed,
        within=minutes * 60.0,
        kinds=kinds,
        where=where,
        reason=None if metric is None else (lambda r: metric in r.metric),
    )
    if found is None:
        chains = [f"{f.decision.id} after {f.delay}s" for f in flows(run, signal.feed, where=where)]
        pytest.fail(
            f"Expected a {'/'.join(kinds) or 'any'} decision citing a {signal.name} within "
            f"{minutes} simulated minutes of its emission, got {chains[:5] or 'none'}.",
            pytrace=False,
        )
    return found


@then(
    parsers.parse("within {minutes:d} simulated minutes of its emission a decision cites it"),
    target_fixture="flow",
)
def then_any_decision(run: Recording, signal: SignalRef, minutes: int) -> Flow:
    return _cited(run, signal, minutes, (), None)


@then(
    parsers.parse(
        'within {minutes:d} simulated minutes of its emission a decision cites its "{metric}"'
    ),
    target_fixture="flow",
)
def then_any_decision_metric(run: Recording, signal: SignalRef, minutes: int, metric: str) -> Flow:
    return _cited(run, signal, minutes, (), metric)


@then(
    parsers.parse(
        'within {minutes:d} simulated minutes of its emission a "{kind}" decision cites it'
    ),
    target_fixture="flow",
)
def then_decision(run: Recording, signal: SignalRef, minutes: int, kind: str) -> Flow:
    return _cited(run, signal, minutes, (kind,), None)


@then(
    parsers.parse(
        'within {minutes:d} simulated minutes of its emission a "{kind}" decision cites its '
        '"{metric}"'
    ),
    target_fixture="flow",
)
def then_decision_metric(
    run: Recording, signal: SignalRef, minutes: int, kind: str, metric: str
) -> Flow:
    return _cited(run, signal, minutes, (kind,), metric)


@then(parsers.parse('that decision sets "{parameter}" to "{value}"'))
def then_sets(flow: Flow, parameter: str, value: str) -> None:
    assert str(flow.decision.parameters.get(parameter)) == value, flow.describe()


@then(parsers.parse('that decision sets "{parameter}"'))
def then_sets_any(flow: Flow, parameter: str) -> None:
    assert parameter in flow.decision.parameters, flow.describe()


@then(parsers.parse('that reason names "{text}"'))
def then_reason_names(flow: Flow, text: str) -> None:
    assert text in flow.reason.rule, flow.describe()


@then(parsers.parse('that decision scores the models by the "{objective}" objective'))
def then_objective(flow: Flow, objective: str) -> None:
    rules = [r.rule for r in flow.decision.reasons]
    assert any(f"highest {objective} score" in rule for rule in rules), rules


def _previous_weights(run: Recording, flow: Flow) -> dict[str, float]:
    earlier = [
        t for t in run.decisions if t.t <= flow.decided_at and t.decision.weights is not None
    ]
    earlier = [t for t in earlier if t.decision.id != flow.decision.id]
    return dict(earlier[-1].decision.weights or {}) if earlier else {}


@then("that decision moves traffic away from the model it names")
def then_moves_away(run: Recording, flow: Flow) -> None:
    model, weights = flow.reason.model_id, flow.decision.weights
    assert model is not None, flow.describe()
    assert weights is not None, flow.describe()
    before = _previous_weights(run, flow).get(model, 0.0)
    assert weights.get(model, 0.0) < before, (
        f"Expected {flow.decision.id} to lower {model}'s share from {before:.3f}, got "
        f"{weights.get(model, 0.0):.3f}."
    )


@then(
    parsers.parse(
        "RouterL2's routing after that decision follows its weights within {points:d} points"
    )
)
def then_routing_follows(run: Recording, flow: Flow, points: int) -> None:
    weights = dict(flow.decision.weights or {})
    assert weights, flow.describe()
    later = [t.t for t in run.decisions if t.t > flow.decided_at and t.decision.weights is not None]
    end = later[0] if later else run.now
    model = max(weights, key=lambda m: weights[m])
    share, total = _share(run, model, flow.decided_at, end)
    assert total >= 30, f"Expected routing decisions after {flow.decision.id}, got {total}."
    assert abs(share - weights[model]) <= points / 100.0, (
        f"Expected RouterL2 to route about {weights[model]:.0%} to {model} after "
        f"{flow.decision.id}, got {share:.0%} of {total}."
    )


def _share(run: Recording, target: str, lo: float, hi: float) -> tuple[float, int]:
    offset = run.rig.clock.time() - run.now
    providers = {m: spec.provider for m, spec in run.rig.world.catalogue.items()}
    hits = total = 0
    for d in run.delivered("router-l2/fetchRoutingDecisions"):
        t = d.item.timestamp.timestamp() - offset
        if lo <= t < hi:
            total += 1
            model = d.item.selected_model
            hits += model == target or providers.get(model) == target
    return (hits / total if total else 0.0), total


@then(
    parsers.parse(
        'from {minutes:d} simulated minutes after "{incident}" starts until it ends less than '
        '{percent:d}% of traffic goes to "{target}"'
    )
)
def then_traffic_moved(
    run: Recording, minutes: int, incident: str, percent: int, target: str
) -> None:
    found = next(i for i in run.rig.scenario.timeline if i.id == incident)
    lo = found.start + minutes * 60.0
    hi = run.now if found.end is None else min(found.end, run.now)
    share, total = _share(run, target, lo, hi)
    before, n_before = _share(run, target, max(0.0, found.start - 300.0), found.start)
    assert total >= 30, f"Expected routing decisions in {clock_text(lo)}-{clock_text(hi)}."
    assert share < percent / 100.0, (
        f"Expected under {percent}% of traffic on {target} from {clock_text(lo)} to "
        f"{clock_text(hi)}, got {share:.1%} of {total} (before: {before:.1%} of {n_before})."
    )


@then("no request other than GET reached an Infra service")
def then_read_only(run: Recording) -> None:
    methods = run.methods()
    assert methods, "Expected recorded calls."
    assert set(methods) == {"GET"}, methods


@then("no adapter or optimizer module sends anything but GET requests")
def then_no_write_sites() -> None:
    assert write_call_sites() == []
