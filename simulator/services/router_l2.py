"""RouterL2: a routing decision per request, load-balancer signals, traffic, health, weights.

A decision is logged when the router sees the request (the world publishes on completion, so
that is its timestamp: the decision feed stays in ascending order); its reason, confidence and
alternatives are the gateway's, its estimates the catalogue's nominal figures for the request's
tokens. Signals come from ``router_watch.LoadWatch``. Weights are read from the gateway through
``WeightsView`` (the routing config's weights when no view is given).
"""

from __future__ import annotations

from typing import Any

from simulator.services.base import Context, Params, Service
from simulator.services.errors import NotFound
from simulator.services.router_watch import LoadWatch, Signal
from simulator.services.timefmt import to_ms
from simulator.world.records import RequestOutcome

__all__ = ["REASONS", "RouterL2"]

REASONS = (
    "lowest_latency", "lowest_cost", "highest_quality", "load_balanced", "geo_optimized",
    "fallback", "user_preference", "policy_enforced", "capacity_based", "experiment", "default",
)  # fmt: skip
_REASON_SET = frozenset(REASONS)
_ADJUSTMENTS_PER_MODEL = 10


class RouterL2(Service):
    """Routing decisions, load-balancer signals, traffic stats, health, weights, summary."""

    name = "router-l2"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.decisions = self.feed("fetchRoutingDecisions", per_request=True)
        self.signals = self.feed("fetchLoadBalancerSignals", per_request=False)
        self.watch = LoadWatch(ctx.catalogue)

    def on_arrival(self, outcome: RequestOutcome) -> None:
        """Log the routing decision of one request."""
        self.decisions.add(
            int(self.hub.current * 1000.0 + 0.5), outcome, "rd-" + outcome.request_id
        )

    def on_minute(self, minute: int) -> None:
        """Run the load-balancer watch on the minute."""
        for signal in self.watch.observe(minute, self.hub.ledger.per_model(minute, minute)):
            self.signals.add(signal.ms, signal, signal.signal_id)

    def operations(self) -> dict[str, Any]:
        """operationId -> handler."""
        return {
            "fetchRoutingDecisions": self.fetch_routing_decisions,
            "fetchLoadBalancerSignals": self.fetch_load_balancer_signals,
            "getTrafficStats": self.get_traffic_stats,
            "getRouterHealth": self.get_router_health,
            "getModelWeights": self.get_model_weights,
            "getDecision": self.get_decision,
            "getRoutingSummary": self.get_routing_summary,
        }

    def _decision(self, ms: int, o: RequestOutcome) -> dict[str, Any]:
        catalogue = self.ctx.catalogue
        spec = catalogue.get(o.model_id)
        alternatives = []
        for model_id in o.alternatives:
            alt = catalogue.get(model_id)
            score = alt.quality * (1.0 - alt.error_rate) if alt is not None else 0.0
            alternatives.append(
                {
                    "modelId": model_id,
                    "provider": alt.provider if alt is not None else "unknown",
                    "score": round(score, 4),
                    "reason": "lower routing weight",
                }
            )
        if spec is not None:
            latency = spec.ttft_ms + o.output_tokens * 1000.0 / spec.tokens_per_second
            cost = (
                o.input_tokens * spec.input_per_1k + o.output_tokens * spec.output_per_1k
            ) / 1000.0
            quality, availability = spec.quality, 1.0 - spec.error_rate
        else:
            latency = cost = quality = availability = 0.0
        return {
            "decisionId": "rd-" + o.request_id,
            "timestamp": self.stamps.iso_ms(ms),
            "requestId": o.request_id,
            "selectedModel": o.model_id,
            "selectedProvider": o.provider,
            "reason": o.route_reason if o.route_reason in _REASON_SET else "default",
            "confidence": min(1.0, max(0.0, o.route_confidence)),
            "alternatives": alternatives,
            "metadata": {
                "latencyEstimateMs": latency,
                "costEstimate": cost,
                "qualityScore": quality,
                "availabilityScore": availability,
            },
        }

    def fetch_routing_decisions(self, params: Params) -> dict[str, Any]:
        """``{decisions: [...]}``: decisions after ``since``, oldest first."""
        self.now()
        model, reason = params.get("model_id"), params.get("reason")
        where = None
        if model is not None or reason is not None:

            def where(o: RequestOutcome) -> bool:
                return (model is None or o.model_id == model) and (
                    reason is None or o.route_reason == reason
                )

        start = self.decisions.start(self.time_ms(params, "since"), inclusive=self.since_inclusive)
        page = self.decisions.keyed(start, self.limit(params, 50), where)
        return {"decisions": [self._decision(ms, o) for ms, o in page]}

    def get_decision(self, params: Params) -> dict[str, Any]:
        """The decision of one request (looked up by request id: D26); 404 when unknown."""
        self.now()
        request_id = str(params.get("requestId", ""))
        seen = self.hub.requests.get(request_id)
        if seen is None:
            raise NotFound(f"No routing decision for requestId={request_id!r}.")
        return self._decision(to_ms(seen[0]), seen[1])

    def fetch_load_balancer_signals(self, params: Params) -> dict[str, Any]:
        """``{signals: [...]}``: load-balancer signals after ``since``, oldest first."""
        self.now()
        kind, severity = params.get("type"), params.get("severity")

        def where(s: Signal) -> bool:
            return (kind is None or s.type == kind) and (severity is None or s.severity == severity)

        page = self.signals.since(
            self.time_ms(params, "since"),
            self.limit(params, 20),
            where,
            inclusive=self.since_inclusive,
        )
        return {"signals": [s.wire(self.stamps.iso_ms) for s in page]}

    def get_traffic_stats(self, params: Params) -> dict[str, Any]:
        """Requests per model, provider and region over the last ``window_minutes`` minutes."""
        self.now()
        minutes = max(1, round(self.number(params, "window_minutes", 5.0)))
        ledger = self.hub.ledger
        last = ledger.closed
        first = last - minutes + 1
        per_model = ledger.per_model(first, last)
        total = sum(w.n for w in per_model.values())
        by_provider: dict[str, int] = {}
        for m, w in per_model.items():
            p = self.provider_of(m)
            by_provider[p] = by_provider.get(p, 0) + w.n
        regions: dict[str, int] = {}
        for row in ledger.span(first, last):
            for region, count in row.regions.items():
                regions[region] = regions.get(region, 0) + count

        def share(n: int) -> float:
            return round(100.0 * n / total, 4) if total else 0.0

        return {
            "statsId": f"ts-{first}-{minutes}",
            "window": {
                "start": self.stamps.iso_ms(first * 60_000),
                "end": self.stamps.iso_ms((last + 1) * 60_000),
            },
            "totalRequests": total,
            "requestsPerSecond": round(total / (minutes * 60.0), 6),
            "byModel": {
                m: {
                    "requests": w.n,
                    "percentage": share(w.n),
                    "avgLatencyMs": round(w.mean_ms, 3),
                    "errorRate": round(w.error_rate, 6),
                }
                for m, w in sorted(per_model.items())
            },
            "byProvider": {
                p: {"requests": n, "percentage": share(n)} for p, n in sorted(by_provider.items())
            },
            "byRegion": dict(sorted(regions.items())),
        }

    def get_router_health(self, params: Params) -> dict[str, Any]:
        """Health from the last five minutes' error rate, capacity and availability."""
        self.now()
        ledger = self.hub.ledger
        last = ledger.closed
        w = ledger.window(last - 4, last)
        limits = self.ctx.control.thresholds["errorRate"]
        rate = w.error_rate
        status = (
            "unhealthy"
            if rate > limits["criticalThreshold"]
            else "degraded"
            if rate > limits["warningThreshold"]
            else "healthy"
        )
        latest = ledger.per_model(last, last)
        connections = sum((x.n / 60.0) * (x.mean_ms / 1000.0) for x in latest.values())
        queued = sum((x.n / 60.0) * (x.queue_sum / x.n / 1000.0) for x in latest.values() if x.n)
        critical = any(s.capacity == "critical" for s in self.watch.models.values())
        offline = any(not e["available"] for e in self.ctx.control.availability.values())
        return {
            "status": status,
            "lastCheck": self.stamps.iso_ms((last + 1) * 60_000),
            "components": {
                "loadBalancer": "degraded" if critical else "up",
                "decisionEngine": "up",
                "modelRegistry": "degraded" if offline else "up",
                "metricsCollector": "up",
            },
            "activeConnections": round(connections),
            "queueDepth": round(queued),
            "errorRate": round(rate, 6),
        }

    def _weights(self) -> dict[str, float]:
        view = self.ctx.weights
        if view is not None:
            return dict(view.weights)
        raw = self.ctx.control.routing.get("loadBalancing", {}).get("weights") or {}
        total = sum(float(v) for v in raw.values())
        return {str(k): float(v) / total for k, v in raw.items()} if total > 0 else {}

    def get_model_weights(self, params: Params) -> dict[str, Any]:
        """``{weights: [...]}``: each model's weight, effective weight and recent adjustments."""
        self.now()
        weights = self._weights()
        adjustments: dict[str, list[dict[str, Any]]] = {}
        view = self.ctx.weights
        for a in view.adjustments if view is not None else ():
            adjustments.setdefault(a.model_id, []).append(
                {"reason": a.reason, "delta": round(a.delta, 9), "appliedAt": self.stamps.iso(a.t)}
            )
        control = self.ctx.control
        rows = []
        for model_id in sorted(set(weights) | set(self.ctx.catalogue)):
            weight = min(1.0, max(0.0, weights.get(model_id, 0.0)))
            rows.append(
                {
                    "modelId": model_id,
                    "provider": self.provider_of(model_id),
                    "weight": round(weight, 9),
                    "effectiveWeight": round(weight if control.is_available(model_id) else 0.0, 9),
                    "adjustments": adjustments.get(model_id, [])[-_ADJUSTMENTS_PER_MODEL:],
                }
            )
        return {"weights": rows}

    def get_routing_summary(self, params: Params) -> dict[str, Any]:
        """Decisions by reason and model, mean confidence and fallback rate over the window."""
        self.now()
        minutes = max(1, round(self.number(params, "window_minutes", 60.0)))
        ledger = self.hub.ledger
        last = ledger.closed + 1  # the open minute too
        per_model = ledger.per_model(last - minutes + 1, last)
        by_reason = dict.fromkeys(REASONS, 0)
        total = fallbacks = 0
        confidence = 0.0
        for w in per_model.values():
            total += w.n
            fallbacks += w.fallbacks
            confidence += w.conf_sum
            for reason, count in w.reasons.items():
                by_reason[reason if reason in _REASON_SET else "default"] += count
        return {
            "totalDecisions": total,
            "byReason": by_reason,
            "byModel": {m: w.n for m, w in sorted(per_model.items())},
            "avgConfidence": round(min(1.0, confidence / total), 6) if total else 0.0,
            "fallbackRate": round(fallbacks / total, 6) if total else 0.0,
        }
