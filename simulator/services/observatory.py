"""Observatory: a trace per request, structured events, trace summaries, slow/error traces, map.

Traces are visible when the request completes and are ordered by their start time (the filter
field of ``start_time``), so a long request is inserted behind shorter ones that started later:
a poller that moves ``start_time`` to the last trace's end loses it (D15), one that overlaps its
window and dedupes by ``traceId`` does not. Events come from failed and fallback requests, from
notices (config.changed, optimization.triggered, model.switch, custom for prices and
deprecations) and from minute watches (latency.threshold, rate_limit.warning).
"""

from __future__ import annotations

from typing import Any

from simulator.services.base import Context, Params, Service
from simulator.services.errors import NotFound
from simulator.services.observatory_wire import GATEWAY, Event, root_span, spans, trace_id
from simulator.services.timefmt import to_ms
from simulator.world.records import RequestOutcome, WorldNotice

__all__ = ["Observatory"]

WATCH_MINUTES = 5  # latency.threshold judges the p99 of the last five minutes ...
WATCH_REQUESTS = 20  # ... once they hold this many requests
REARM = 0.8  # and fires again only after the p99 fell below this share of the limit

_TRACE_FILTERS = (
    "service_name",
    "operation_name",
    "model_id",
    "provider",
    "status",
    "min_duration_ms",
    "max_duration_ms",
)


def _start_ms(o: RequestOutcome) -> int:
    return to_ms(o.t_start)


def _trace_matches(o: RequestOutcome, wanted: dict[str, Any]) -> bool:
    """True when a request's trace passes every searchTraces filter in ``wanted``."""
    has_child = o.status != "blocked"
    for key, value in wanted.items():
        if key == "service_name":
            ok = value == GATEWAY or (has_child and value == o.provider)
        elif key == "operation_name":
            ok = value == "llm.request" or (has_child and value == "chat.completion")
        elif key == "model_id":
            ok = o.model_id == value
        elif key == "provider":
            ok = o.provider == value
        elif key == "status":
            ok = value == (
                "ok" if o.status == "ok" else "timeout" if o.status == "timeout" else "error"
            )
        elif key == "min_duration_ms":
            ok = o.latency_ms >= value
        else:
            ok = o.latency_ms <= value
        if not ok:
            return False
    return True


class Observatory(Service):
    """Traces, events, summaries, slow and error traces, service map."""

    name = "observatory"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.traces = self.feed("searchTraces", per_request=True)
        # a view of the trace feed (failed requests only), not a feed of its own
        self.errors = self.feed("getErrorTraces", per_request=True, announce=False)
        self.events = self.feed("fetchEvents", per_request=False)
        self._seq = 0
        self._top_model: str | None = None
        self._over_latency: set[str] = set()
        self._over_rate: set[str] = set()

    def on_complete(self, o: RequestOutcome) -> None:
        """Record the request's trace; an event for a failure or a fallback."""
        start = int(o.t_start * 1000.0 + 0.5)
        self.traces.add(start, o, "tr-" + o.request_id, o.t_end)
        if o.status != "ok":
            self.errors.add(start, o)
            self._request_event(o)
        elif o.route_reason == "fallback":
            self._event(
                "model.fallback", "llm", "warn", f"Request fell back to {o.model_id}.",
                {"alternatives": list(o.alternatives)}, o,
            )  # fmt: skip

    def _request_event(self, o: RequestOutcome) -> None:
        if o.error == "rate_limited":
            kind, category, severity = "rate_limit.exceeded", "performance", "error"
        elif o.status == "blocked":
            kind, category, severity = "request.error", "security", "warn"
        else:
            kind, category, severity = "request.error", "llm", "error"
        data = {
            "status": o.status,
            "error": o.error or o.status,
            "latencyMs": round(o.latency_ms, 3),
        }
        self._event(
            kind, category, severity, f"Request {o.request_id} failed: {data['error']}.", data, o
        )

    def _event(
        self,
        kind: str,
        category: str,
        severity: str,
        message: str,
        data: dict[str, Any],
        o: RequestOutcome | None = None,
        *,
        model_id: str | None = None,
        provider: str | None = None,
    ) -> None:
        self._seq += 1
        ms = to_ms(self.hub.now())
        event = Event(
            f"ev-{self._seq:09d}", ms, kind, category, severity, message, data,
            o.model_id if o else model_id, o.provider if o else provider,
            trace_id(o) if o else None, o.request_id if o else None, (kind.split(".")[0], category),
        )  # fmt: skip
        self.events.add(ms, event, event.event_id)

    def on_notice(self, notice: WorldNotice) -> None:
        """Events for config changes, routing changes, price changes and deprecations."""
        data = dict(notice.data)
        if notice.kind == "config.changed":
            self._event(
                "config.changed", "system", "info", f"Config {data.get('keyPath')} changed.", data
            )
        elif notice.kind == "routing.changed":
            reason = str(data.get("reason", "optimizer"))
            self._event(
                "optimization.triggered", "system", "info", f"Routing changed: {reason}.", data
            )
            weights = data.get("weights")
            if isinstance(weights, dict) and weights:
                top = max(sorted(weights), key=lambda m: weights[m])
                if self._top_model is not None and top != self._top_model:
                    self._event(
                        "model.switch", "llm", "info", f"Primary model switched to {top}.",
                        {"from": self._top_model, "to": top, "reason": reason},
                        model_id=top, provider=self.provider_of(top),
                    )  # fmt: skip
                self._top_model = top
        else:
            self._event(
                "custom", "system", "warn" if notice.kind == "model.deprecated" else "info",
                f"{notice.kind} for {notice.model_id}.", {"kind": notice.kind, **data},
                model_id=notice.model_id, provider=notice.provider,
            )  # fmt: skip

    def on_minute(self, minute: int) -> None:
        """latency.threshold and rate_limit.warning events, once per episode and model."""
        limits = self.ctx.control.thresholds["latency"]
        ledger = self.hub.ledger
        recent = ledger.per_model(minute - WATCH_MINUTES + 1, minute)
        for model_id, w in sorted(ledger.per_model(minute, minute).items()):
            window = recent[model_id]
            p99 = window.percentiles()[3] if window.n >= WATCH_REQUESTS else 0.0
            over = p99 > limits["p99MaxMs"]
            if over and model_id not in self._over_latency:
                self._over_latency.add(model_id)
                severity = "error" if p99 > limits["criticalThresholdMs"] else "warn"
                self._event(
                    "latency.threshold", "performance", severity,
                    f"p99 of {model_id} is {p99:.0f} ms (limit {limits['p99MaxMs']:.0f} ms).",
                    {"p99Ms": round(p99, 3), "limitMs": limits["p99MaxMs"], "minute": minute},
                    model_id=model_id, provider=self.provider_of(model_id),
                )  # fmt: skip
            elif p99 < REARM * limits["p99MaxMs"]:
                self._over_latency.discard(model_id)
            entry = self.ctx.control.availability.get(model_id)
            limit = float(entry["rateLimit"]["requestsPerMinute"]) if entry else 0.0
            busy = limit > 0 and w.n > 0.8 * limit
            if busy and model_id not in self._over_rate:
                self._event(
                    "rate_limit.warning", "performance", "warn",
                    f"{model_id} used {w.n} of {limit:.0f} requests per minute.",
                    {"requests": w.n, "limit": limit, "minute": minute},
                    model_id=model_id, provider=self.provider_of(model_id),
                )  # fmt: skip
            (self._over_rate.add if busy else self._over_rate.discard)(model_id)

    # -- operations ---------------------------------------------------------------------------

    def operations(self) -> dict[str, Any]:
        """operationId -> handler."""
        return {
            "searchTraces": self.search_traces,
            "getTrace": self.get_trace,
            "fetchEvents": self.fetch_events,
            "getTraceSummary": self.get_trace_summary,
            "getSlowTraces": self.get_slow_traces,
            "getErrorTraces": self.get_error_traces,
            "getServiceMap": self.get_service_map,
        }

    def search_traces(self, params: Params) -> dict[str, Any]:
        """``{traces: [...]}``: root spans that start after ``start_time``, by start time."""
        self.now()
        wanted = {k: params[k] for k in _TRACE_FILTERS if params.get(k) is not None}

        def where(o: RequestOutcome) -> bool:
            return _trace_matches(o, wanted)

        start = self.traces.start(
            self.time_ms(params, "start_time"), inclusive=self.since_inclusive
        )
        end_ms = self.time_ms(params, "end_time")
        page = self.traces.page(
            start, self.limit(params, 50), where if wanted else None, stop=end_ms
        )
        return {"traces": [root_span(o, self.stamps.iso_ms) for o in page]}

    def get_trace(self, params: Params) -> dict[str, Any]:
        """One trace: its root span with every span; 404 for an unknown or running trace."""
        now = self.now()
        tid = str(params.get("traceId", ""))
        seen = self.hub.requests.get(tid[3:]) if tid.startswith("tr-") else None
        o = seen[1] if seen is not None else None
        if o is None or o.t_end > now:
            raise NotFound(f"No completed trace with traceId={tid!r}.")
        all_spans = spans(o, self.stamps.iso_ms)
        return {**all_spans[0], "spans": all_spans}

    def fetch_events(self, params: Params) -> dict[str, Any]:
        """``{events: [...]}``: structured events after ``since``, oldest first."""
        self.now()
        wanted = {
            key: params.get(name)
            for key, name in (
                ("type", "type"), ("category", "category"), ("severity", "severity"),
                ("model_id", "model_id"), ("correlation", "correlation_id"),
            )
            if params.get(name) is not None
        }  # fmt: skip

        def where(e: Event) -> bool:
            return all(getattr(e, key) == value for key, value in wanted.items())

        page = self.events.since(
            self.time_ms(params, "since"), self.limit(params), where if wanted else None,
            inclusive=self.since_inclusive,
        )  # fmt: skip
        return {"events": [e.wire(self.stamps.iso_ms) for e in page]}

    def get_trace_summary(self, params: Params) -> dict[str, Any]:
        """Counts, durations and error rate of the traces of the last ``window_minutes``."""
        now = self.now()
        minutes = max(1, round(self.number(params, "window_minutes", 60.0)))
        model, provider = params.get("model_id"), params.get("provider")
        last = self.hub.ledger.closed + 1  # the open minute too
        per_model = self.hub.ledger.per_model(last - minutes + 1, last)
        chosen = {
            m: w for m, w in per_model.items()
            if (model is None or m == model)
            and (provider is None or self.provider_of(m) == provider)
        }  # fmt: skip
        total = self.hub.ledger.window(last - minutes + 1, last, chosen)
        by_provider: dict[str, int] = {}
        for m, w in chosen.items():
            p = self.provider_of(m)
            by_provider[p] = by_provider.get(p, 0) + w.n
        p50, _, _, p99 = total.percentiles() if total.n else (0.0, 0.0, 0.0, 0.0)
        return {
            "window": {
                "start": self.stamps.iso(max(0.0, now - minutes * 60.0)),
                "end": self.stamps.iso(now),
            },
            "totalTraces": total.n,
            "byStatus": {
                "ok": total.ok,
                "error": total.n - total.ok - total.timeouts,
                "timeout": total.timeouts,
            },
            "avgDurationMs": round(total.mean_ms, 3),
            "p50DurationMs": round(p50, 3),
            "p99DurationMs": round(p99, 3),
            "errorRate": round(total.error_rate, 6),
            "byModel": {m: w.n for m, w in sorted(chosen.items())},
            "byProvider": dict(sorted(by_provider.items())),
        }

    def get_slow_traces(self, params: Params) -> dict[str, Any]:
        """``{traces: [...]}``: the newest root spans slower than ``threshold_ms``."""
        self.now()
        default = float(self.ctx.control.thresholds["latency"]["degradationThresholdMs"])
        threshold = self.number(params, "threshold_ms", default)
        page = self.traces.latest(self.limit(params, 20), lambda o: o.latency_ms > threshold)
        page.sort(key=_start_ms)
        return {"traces": [root_span(o, self.stamps.iso_ms) for o in page]}

    def get_error_traces(self, params: Params) -> dict[str, Any]:
        """``{traces: [...]}``: failed requests' root spans starting after ``since``."""
        self.now()
        page = self.errors.since(
            self.time_ms(params, "since"), self.limit(params, 50), inclusive=self.since_inclusive
        )
        return {"traces": [root_span(o, self.stamps.iso_ms) for o in page]}

    def get_service_map(self, params: Params) -> dict[str, Any]:
        """The gateway and the providers over the last hour, with request counts and latency."""
        self.now()
        last = self.hub.ledger.closed + 1
        per_model = self.hub.ledger.per_model(last - 59, last)
        providers: dict[str, list[float]] = {}
        n = errors = 0
        lat = 0.0
        for m, w in per_model.items():
            acc = providers.setdefault(self.provider_of(m), [0.0, 0.0, 0.0])
            acc[0] += w.n
            acc[1] += w.n - w.ok
            acc[2] += w.lat_sum
            n, errors, lat = n + w.n, errors + w.n - w.ok, lat + w.lat_sum
        services = [
            {"name": GATEWAY, "type": "gateway", "requestCount": n,
             "errorRate": round(errors / n, 6) if n else 0.0,
             "avgLatencyMs": round(lat / n, 3) if n else 0.0}
        ]  # fmt: skip
        edges = []
        for p, (count, failed, total) in sorted(providers.items()):
            c = int(count)
            avg = round(total / c, 3) if c else 0.0
            services.append(
                {"name": p, "type": "llm_provider", "requestCount": c,
                 "errorRate": round(failed / c, 6) if c else 0.0, "avgLatencyMs": avg}
            )  # fmt: skip
            edges.append({"from": GATEWAY, "to": p, "requestCount": c, "avgLatencyMs": avg})
        return {"services": services, "edges": edges}
