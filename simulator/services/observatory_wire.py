"""Observatory's JSON shapes: a request's trace (gateway root span, provider child span), events."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from simulator.services.timefmt import to_ms
from simulator.world.records import RequestOutcome

__all__ = ["GATEWAY", "Event", "root_span", "spans", "trace_id"]

GATEWAY = "llm-gateway"
Iso = Callable[[int], str]


def trace_id(o: RequestOutcome) -> str:
    """The trace id of a request."""
    return f"tr-{o.request_id}"


def _status(o: RequestOutcome) -> str:
    return "ok" if o.status == "ok" else "timeout" if o.status == "timeout" else "error"


def _resource(o: RequestOutcome) -> dict[str, Any]:
    return {
        "modelId": o.model_id,
        "provider": o.provider,
        "environment": "simulation",
        "version": "1",
    }


def root_span(o: RequestOutcome, iso: Iso) -> dict[str, Any]:
    """The gateway span of a request (the item of the trace lists)."""
    start, end = to_ms(o.t_start), to_ms(o.t_end)
    span: dict[str, Any] = {
        "traceId": trace_id(o),
        "spanId": f"{o.request_id}-gw",
        "operationName": "llm.request",
        "serviceName": GATEWAY,
        "startTime": iso(start),
        "endTime": iso(end),
        "durationMs": o.latency_ms,
        "status": _status(o),
        "attributes": {
            "request.id": o.request_id,
            "llm.model": o.model_id,
            "llm.provider": o.provider,
            "llm.input_tokens": o.input_tokens,
            "llm.output_tokens": o.output_tokens,
            "llm.cost_usd": o.cost_usd,
            "route.reason": o.route_reason,
            "route.confidence": o.route_confidence,
            "client.id": o.client_id,
            "client.region": o.region,
            "prompt.variant": o.prompt_variant,
            # the judged answer quality (an evaluator's score), present when the request succeeded
            **({"llm.quality": round(o.quality, 4)} if o.status == "ok" else {}),
        },
        "resource": _resource(o),
        "events": [
            {"name": "routed", "timestamp": iso(start), "attributes": {"reason": o.route_reason}}
        ],
        "links": [],
    }
    if o.status != "ok":
        span["errorMessage"] = o.error or o.status
    return span


def _child(o: RequestOutcome, iso: Iso) -> dict[str, Any]:
    half = o.network_ms / 2.0
    start = o.t_start + (half + o.queue_ms) / 1000.0
    duration = max(0.0, o.latency_ms - o.network_ms - o.queue_ms)
    end = start + duration / 1000.0
    span: dict[str, Any] = {
        "traceId": trace_id(o),
        "parentSpanId": f"{o.request_id}-gw",
        "spanId": f"{o.request_id}-llm",
        "operationName": "chat.completion",
        "serviceName": o.provider,
        "startTime": iso(to_ms(start)),
        "endTime": iso(to_ms(end)),
        "durationMs": round(duration, 3),
        "status": _status(o),
        "attributes": {"llm.model": o.model_id, "queue_ms": round(o.queue_ms, 3)},
        "resource": _resource(o),
        "events": [],
        "links": [],
    }
    if o.status == "ok":
        first = start + o.ttft_ms / 1000.0
        span["events"].append(
            {"name": "first_token", "timestamp": iso(to_ms(first)), "attributes": {}}
        )
    else:
        span["errorMessage"] = o.error or o.status
    return span


def spans(o: RequestOutcome, iso: Iso) -> list[dict[str, Any]]:
    """Every span of a request's trace, root first."""
    if o.status == "blocked":
        return [root_span(o, iso)]
    return [root_span(o, iso), _child(o, iso)]


@dataclass(frozen=True, slots=True)
class Event:
    """One structured event."""

    event_id: str
    ms: int
    type: str
    category: str
    severity: str
    message: str
    data: dict[str, Any]
    model_id: str | None = None
    provider: str | None = None
    trace: str | None = None
    correlation: str | None = None
    tags: tuple[str, ...] = ()

    def wire(self, iso: Iso) -> dict[str, Any]:
        """The StructuredEvent JSON object."""
        body: dict[str, Any] = {
            "eventId": self.event_id,
            "timestamp": iso(self.ms),
            "type": self.type,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "source": GATEWAY if self.trace else "observatory",
            "data": self.data,
            "tags": list(self.tags),
        }
        for key, value in (
            ("modelId", self.model_id),
            ("provider", self.provider),
            ("traceId", self.trace),
            ("correlationId", self.correlation),
        ):
            if value is not None:
                body[key] = value
        return body
