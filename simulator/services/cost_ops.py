"""CostOps: a cost event per completed request, cost aggregations, projections and current rate.

The event feed's cursor is the event id (the reference poll loop sends the last ``eventId`` as
``since``: D1) or, for a direct caller, an ISO-8601 time. An event id is ``ce-<requestId>``; the
service finds that event in its feed, so both readings select exactly the events after the cursor
(an id it no longer holds, or never held, selects every retained event). Aggregation periods are
aligned to the scenario epoch (hourly, daily, weekly, monthly = 30 days). Projections extrapolate
the per-minute cost rate of the retained minutes (up to a day), with a 95 % interval from its
variance.
"""

from __future__ import annotations

import math
from typing import Any

from simulator.services.base import Params, Service
from simulator.services.errors import BadRequest
from simulator.services.ledger import HourRow
from simulator.services.stats import mean_std
from simulator.services.timefmt import to_ms
from simulator.world.records import RequestOutcome

__all__ = ["PERIODS", "CostOps"]

PERIODS = {"hourly": 3600, "daily": 86_400, "weekly": 7 * 86_400, "monthly": 30 * 86_400}
_DEFAULT_SPAN = {"hourly": 24, "daily": 7, "weekly": 4, "monthly": 3}
_MAX_BUCKETS = 2000
_Z95 = 1.959964


class CostOps(Service):
    """Cost events, aggregations, projections, current rate."""

    name = "cost-ops"

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.events = self.feed("fetchCostEvents", per_request=True)

    def on_complete(self, outcome: RequestOutcome) -> None:
        """One cost event per completed request, stamped with its completion time."""
        self.events.add(
            int(outcome.t_end * 1000.0 + 0.5), outcome, "ce-" + outcome.request_id, outcome.t_end
        )

    def operations(self) -> dict[str, Any]:
        """operationId -> handler."""
        return {
            "fetchCostEvents": self.fetch_cost_events,
            "fetchProjections": self.fetch_projections,
            "fetchAggregations": self.fetch_aggregations,
            "getCurrentRate": self.get_current_rate,
        }

    # -- events -------------------------------------------------------------------------------

    def _start(self, since: Any) -> int:
        events = self.events
        if since is None or since == "":
            return events.start(None)
        text = str(since)
        if text.startswith("ce-"):
            seen = self.hub.requests.get(text[3:])
            at = None if seen is None else events.position_of(to_ms(seen[1].t_end), seen[1])
            if at is None:
                return events.start(None)
            return at if self.since_inclusive else at + 1
        try:
            ms = self.stamps.parse_ms(text)
        except ValueError as exc:
            raise BadRequest(
                f"Expected an event id or an ISO-8601 time, got since={text!r}."
            ) from exc
        return events.start(ms, inclusive=self.since_inclusive)

    def fetch_cost_events(self, params: Params) -> dict[str, Any]:
        """``{events: [...]}``: cost events after ``since`` (an event id or a time), in order."""
        self.now()
        model_id, provider = params.get("model_id"), params.get("provider")
        where = None
        if model_id is not None or provider is not None:

            def where(o: RequestOutcome) -> bool:
                return (model_id is None or o.model_id == model_id) and (
                    provider is None or o.provider == provider
                )

        page = self.events.page(self._start(params.get("since")), self.limit(params), where)
        return {"events": [self._event(o) for o in page]}

    def _event(self, o: RequestOutcome) -> dict[str, Any]:
        metadata: dict[str, Any] = {
            "requestId": o.request_id,
            "status": o.status,
            "clientId": o.client_id,
            "region": o.region,
            "routeReason": o.route_reason,
        }
        return {
            "eventId": "ce-" + o.request_id,
            "timestamp": self.stamps.iso_ms(to_ms(o.t_end)),
            "modelId": o.model_id,
            "provider": o.provider,
            "inputTokens": o.input_tokens,
            "outputTokens": o.output_tokens,
            "costUsd": o.cost_usd,
            "latencyMs": o.latency_ms,
            "metadata": metadata,
        }

    # -- aggregations -------------------------------------------------------------------------

    def _hour_rows(self) -> list[HourRow]:
        """Closed hours from the ledger, plus the still-open minutes as a partial hour row."""
        ledger = self.hub.ledger
        rows = list(ledger.hours)
        copied = False
        for row in ledger.span(ledger.closed + 1, ledger.closed + 10_000):
            hour = row.minute // 60
            if not rows or rows[-1].hour != hour:
                rows.append(HourRow(hour))
                copied = True
            elif not copied:  # never add open minutes into the ledger's own hour row
                last = rows[-1]
                rows[-1] = HourRow(hour, dict(last.cost), dict(last.requests), dict(last.providers))
                copied = True
            into = rows[-1]
            for model_id, b in row.buckets.items():
                into.cost[model_id] = into.cost.get(model_id, 0.0) + b.cost
                into.requests[model_id] = into.requests.get(model_id, 0) + b.n
                into.providers[model_id] = b.provider
        return rows

    def fetch_aggregations(self, params: Params) -> dict[str, Any]:
        """``{aggregations: [...]}``: cost per period between ``start_time`` and ``end_time``."""
        now = self.now()
        period = str(params.get("period") or "daily")
        length = PERIODS.get(period)
        if length is None:
            raise BadRequest(f"Expected a period in {sorted(PERIODS)}, got period={period!r}.")
        end_ms = self.time_ms(params, "end_time")
        end = now if end_ms is None else end_ms / 1000.0
        start_ms = self.time_ms(params, "start_time")
        start = (
            (math.floor(end / length) - _DEFAULT_SPAN[period] + 1) * length
            if start_ms is None
            else start_ms / 1000.0
        )
        if end < start:
            raise BadRequest(f"Expected start_time before end_time, got {start=} and {end=}.")
        first, last = math.floor(start / length), math.ceil(end / length) - 1
        if last - first + 1 > _MAX_BUCKETS:
            raise BadRequest(f"Expected at most {_MAX_BUCKETS} periods, got {last - first + 1}.")
        buckets = {k: _Agg() for k in range(first, max(first, last) + 1)}
        for row in self._hour_rows():
            t = row.hour * 3600.0
            if start <= t + 3599.999 and t < end:
                agg = buckets.get(math.floor(t / length))
                if agg is not None:
                    agg.add(row)
        return {
            "aggregations": [
                agg.wire(period, self.stamps.iso(k * length), self.stamps.iso((k + 1) * length))
                for k, agg in sorted(buckets.items())
            ]
        }

    # -- projections and rate -----------------------------------------------------------------

    def fetch_projections(self, params: Params) -> dict[str, Any]:
        """``{projections: [...]}``: cost over the next ``window_days`` with a 95 % interval."""
        now = self.now()
        days = self.number(params, "window_days", 7.0)
        models = self.ids(params, "model_ids")
        ledger = self.hub.ledger
        last = ledger.closed
        first = max(last - 1439, ledger.rows[0].minute if ledger.rows else last)
        totals: list[float] = []
        by_model: dict[str, float] = {}
        by_provider: dict[str, float] = {}
        for row in ledger.span(first, last):
            total = 0.0
            for model_id, b in row.buckets.items():
                if models is None or model_id in models:
                    total += b.cost
                    by_model[model_id] = by_model.get(model_id, 0.0) + b.cost
                    by_provider[b.provider] = by_provider.get(b.provider, 0.0) + b.cost
            totals.append(total)
        n = len(totals)
        horizon = days * 1440.0
        mean, std = mean_std(totals)
        projected = mean * horizon
        se = std * math.sqrt(horizon + horizon * horizon / n) if n else 0.0
        scale = horizon / n if n else 0.0
        projection = {
            "projectionId": f"proj-{last}-{days:g}d"
            + ("" if models is None else f"-{len(models)}m"),
            "windowStart": self.stamps.iso(now),
            "windowEnd": self.stamps.iso(now + days * 86_400.0),
            "projectedCostUsd": round(projected, 6),
            "confidenceLower": round(max(0.0, projected - _Z95 * se), 6),
            "confidenceUpper": round(projected + _Z95 * se, 6),
            "byModel": {m: round(c * scale, 6) for m, c in sorted(by_model.items())},
            "byProvider": {p: round(c * scale, 6) for p, c in sorted(by_provider.items())},
        }
        return {"projections": [projection]}

    def get_current_rate(self, params: Params) -> dict[str, Any]:
        """Cost per minute and per hour over the last five complete minutes."""
        self.now()
        last = self.hub.ledger.closed
        window = self.hub.ledger.window(last - 4, last)
        per_minute = window.cost / 5.0
        return {"ratePerMinute": round(per_minute, 9), "ratePerHour": round(per_minute * 60.0, 9)}


class _Agg:
    """Running totals of one aggregation period."""

    __slots__ = ("by_model", "by_provider", "cost", "requests")

    def __init__(self) -> None:
        self.cost = 0.0
        self.requests = 0
        self.by_model: dict[str, float] = {}
        self.by_provider: dict[str, float] = {}

    def add(self, row: HourRow) -> None:
        for model_id, cost in row.cost.items():
            self.cost += cost
            self.requests += row.requests.get(model_id, 0)
            self.by_model[model_id] = self.by_model.get(model_id, 0.0) + cost
            provider = row.providers.get(model_id, "unknown")
            self.by_provider[provider] = self.by_provider.get(provider, 0.0) + cost

    def wire(self, period: str, start: str, end: str) -> dict[str, Any]:
        return {
            "period": period,
            "startTime": start,
            "endTime": end,
            "totalCostUsd": round(self.cost, 9),
            "totalRequests": self.requests,
            "avgCostPerRequest": round(self.cost / self.requests, 9) if self.requests else 0.0,
            "costByModel": {m: round(c, 9) for m, c in sorted(self.by_model.items())},
            "costByProvider": {p: round(c, 9) for p, c in sorted(self.by_provider.items())},
        }
