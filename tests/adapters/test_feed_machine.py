"""A state machine drives one feed (RouterL2 load-balancer signals, limit 20) over HTTP against a
fake server with arbitrary interleavings of new items (equal timestamps included), duplicates,
newest-first pages, pages cut by the limit, inclusive or exclusive ``since``, HTTP faults and
handler failures; the model: every published item reaches each handler exactly once (or, for
the failing handler, the dead letters), in timestamp order.
"""

from __future__ import annotations

from collections import deque
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import respx
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from adapters import RouterL2Adapter, RouterL2Config
from adapters.types import LoadBalancerSignal
from adapters.wire import format_timestamp, parse_timestamp

BASE = "http://router-l2.test"
LIMIT = 20
MAX_TIES = 5
T0 = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)
FAULTS = ("503", "429", "reset", "timeout", "violation", "malformed")


class Clock:
    def __init__(self) -> None:
        self.now = T0.timestamp()

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


class SignalServer:
    """Serves published signals after ``since``, oldest ``limit`` first, with switchable quirks."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self.inclusive = False
        self.reverse = False
        self.duplicate = False
        self.faults: deque[str] = deque()

    def serve(self, request: httpx.Request) -> httpx.Response:
        if self.faults:
            return fault(self.faults.popleft(), request)
        since = request.url.params.get("since")
        limit = int(request.url.params.get("limit", LIMIT))
        after = None if since is None else parse_timestamp(since)
        chosen = [
            i
            for i in self.items
            if after is None or (ts(i) >= after if self.inclusive else ts(i) > after)
        ]
        page = sorted(chosen, key=ts)[:limit]
        if self.reverse:
            page.reverse()
        if self.duplicate and page:
            page.append(page[0])
        return httpx.Response(200, json={"signals": page})


def ts(item: dict[str, Any]) -> datetime:
    return parse_timestamp(item["timestamp"])


def fault(kind: str, request: httpx.Request) -> httpx.Response:
    if kind == "reset":
        raise httpx.ConnectError("connection reset", request=request)
    if kind == "timeout":
        raise httpx.ReadTimeout("timed out", request=request)
    if kind == "violation":
        return httpx.Response(200, json={"signals": [{"signalId": 7}]})
    if kind == "malformed":
        return httpx.Response(200, text="<html>502 Bad Gateway</html>")
    if kind == "429":
        return httpx.Response(429, headers={"Retry-After": "1"})
    return httpx.Response(503)


class FeedMachine(RuleBasedStateMachine):
    """One adapter, one fake server, two handlers (one of them failing on demand)."""

    def __init__(self) -> None:
        super().__init__()
        self.server = SignalServer()
        router = respx.Router(assert_all_mocked=True)
        router.get(f"{BASE}/api/v1/loadbalancer/signals", name="fetchLoadBalancerSignals").mock(
            side_effect=self.server.serve
        )
        router.get(f"{BASE}/api/v1/routing/decisions", name="fetchRoutingDecisions").mock(
            return_value=httpx.Response(200, json={"decisions": []})
        )
        self.client = httpx.Client(transport=httpx.MockTransport(router.handler))
        config = RouterL2Config(api_base_url=BASE, api_key="k", lookback=None, handler_attempts=3)
        self.adapter = RouterL2Adapter(config, client=self.client, clock=Clock())
        self.published: dict[str, datetime] = {}
        self.last = T0
        self.tie_run = 0
        self.steady: list[LoadBalancerSignal] = []
        self.flaky: list[LoadBalancerSignal] = []
        self.flaky_failures = 0
        self.adapter.on_load_balancer_signal(self.steady.append)
        self.adapter.on_load_balancer_signal(self.on_flaky)

    def on_flaky(self, signal: LoadBalancerSignal) -> None:
        if self.flaky_failures:
            self.flaky_failures -= 1
            raise RuntimeError("handler down")
        self.flaky.append(signal)

    @rule(gaps=st.lists(st.sampled_from([0, 0, 1, 2, 3]), min_size=1, max_size=45))
    def publish(self, gaps: list[int]) -> None:
        for gap in gaps:
            if gap == 0 and self.tie_run + 1 >= MAX_TIES:
                gap = 1
            self.tie_run = self.tie_run + 1 if gap == 0 else 0
            self.last += timedelta(seconds=gap)
            ident = f"sig-{len(self.published)}"
            self.published[ident] = self.last
            self.server.items.append(signal(ident, self.last))

    @rule(inclusive=st.booleans(), reverse=st.booleans(), duplicate=st.booleans())
    def change_server(self, inclusive: bool, reverse: bool, duplicate: bool) -> None:
        self.server.inclusive = inclusive
        self.server.reverse = reverse
        self.server.duplicate = duplicate

    @rule(kind=st.sampled_from(FAULTS), count=st.integers(1, 5))
    def inject_fault(self, kind: str, count: int) -> None:
        self.server.faults.extend([kind] * count)

    @rule(count=st.integers(1, 4))
    def fail_handler(self, count: int) -> None:
        self.flaky_failures = count

    @rule()
    def poll(self) -> None:
        self.adapter.poll_once()

    @precondition(lambda self: bool(self.published))
    @invariant()
    def delivered_at_most_once_in_time_order(self) -> None:
        for got in (self.steady, self.flaky):
            ids = [s.signal_id for s in got]
            assert len(ids) == len(set(ids)), "an item was delivered twice"
            assert all(i in self.published for i in ids)
            times = [s.timestamp for s in got]
            assert times == sorted(times), "items were delivered out of time order"

    def teardown(self) -> None:
        self.server.faults.clear()
        self.flaky_failures = 0
        for _ in range(40):
            report = self.adapter.poll_once().feed("load_balancer_signals")
            if report.ok and report.delivered == 0 and report.backlog == 0:
                break
        self.client.close()
        steady = {s.signal_id for s in self.steady}
        assert steady == set(self.published), "the steady handler missed items"
        buried = {d.item.signal_id for d in self.adapter.dead_letters}
        flaky = {s.signal_id for s in self.flaky}
        assert not flaky & buried
        assert flaky | buried == set(self.published), "the failing handler lost items"


def signal(ident: str, when: datetime) -> dict[str, Any]:
    return {
        "signalId": ident,
        "timestamp": format_timestamp(when),
        "type": "traffic_spike",
        "affectedModels": ["gpt-4o"],
        "severity": "info",
        "loadDistribution": {"gpt-4o": 1.0},
    }


TestFeedMachine = FeedMachine.TestCase
