"""Serving one routed request: queueing, latency, errors, quality and cost, with plain arithmetic.

Each model has ``capacity`` servers, kept as a heap of the times they become free: a request
starts on the earliest free one (first come, first served), so queueing under load is exact for
arrivals in time order, and nothing but a few floats is stored per model. A wait longer than
``max_queue_ms`` is refused at once (``rate_limited``). The service time is ``(TTFT + tokens /
tokens_per_second) * latency_factor * noise``; failed requests cost nothing, timed-out ones are
billed in full (the provider did the work).
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Mapping

from simulator.world.gateway import Route
from simulator.world.latency import LatencyModel
from simulator.world.records import OutcomeStatus, RequestOutcome
from simulator.world.truth import WorldTruth
from simulator.world.variants import PromptVariant
from simulator.world.workload import Request

__all__ = ["TRUNCATION_PENALTY", "Serving"]

TRUNCATION_PENALTY = 0.15  # quality lost when the whole answer would be cut (scaled by the cut)
_REFUSE_MS = 15.0  # time to a refusal (unavailable model, 429) after the network round trip


class Serving:
    """The providers' side: per-model server queues and the outcome of each request."""

    def __init__(
        self,
        *,
        truth: WorldTruth,
        latency: LatencyModel,
        rng: random.Random,
        quality_sigma: float = 0.05,
        max_queue_ms: float = 15_000.0,
    ) -> None:
        self._truth = truth
        self._latency = latency
        self._rng = rng
        self._quality_sigma = quality_sigma
        self._max_queue_ms = max_queue_ms
        self._servers: dict[str, list[float]] = {
            m: [0.0] * max(1, t.spec.capacity) for m, t in truth.models.items()
        }

    def in_flight(self, model_id: str, now: float) -> int:
        """Requests running or queued on a model at ``now`` (busy servers, up to capacity)."""
        return sum(1 for free in self._servers[model_id] if free > now)

    def queue_ms(self, model_id: str, now: float) -> float:
        """How long a request arriving at ``now`` would wait for a server."""
        return max(0.0, (self._servers[model_id][0] - now) * 1000.0)

    def busy(self) -> Mapping[str, int]:
        """Capacity per model (for reports)."""
        return {m: len(s) for m, s in self._servers.items()}

    def serve(
        self,
        request: Request,
        route: Route,
        variant: PromptVariant,
        timeout_ms: float,
    ) -> RequestOutcome:
        """The outcome of one request on its route, under the gateway's variant and timeout."""
        rng = self._rng
        network = self._latency.network(rng)
        tokens_in = request.input_tokens
        if variant.input_factor != 1.0:
            tokens_in = max(1, round(tokens_in * variant.input_factor))
        if route.status != "ok":
            return _refused(request, route, tokens_in, network, route.status, route.error)
        truth = self._truth.models[route.model_id]
        if not truth.available:
            return _refused(request, route, tokens_in, network, "error", "model_unavailable")
        t = request.t
        heap = self._servers[route.model_id]
        queue = (heap[0] - t) * 1000.0 if heap[0] > t else 0.0
        if queue > self._max_queue_ms:
            return _refused(request, route, tokens_in, network, "error", "rate_limited")
        factor = truth.latency_factor * self._latency.noise(rng)
        spec = truth.spec
        ttft = spec.ttft_ms * factor
        if rng.random() < truth.error_rate:
            busy = ttft * (0.2 + 0.8 * rng.random())
            heapq.heapreplace(heap, t + (queue + busy) / 1000.0)
            return _outcome(
                request, route, tokens_in, 0, network, queue, busy, ttft=0.0,
                status="error", error="provider_error", cost=0.0, quality=0.0,
            )  # fmt: skip
        desired = request.output_tokens
        if variant.output_factor != 1.0:
            desired = max(1, round(desired * variant.output_factor))
        cap = request.max_tokens
        out = desired if cap is None or desired <= cap else cap
        busy = ttft + out * 1000.0 / spec.tokens_per_second * factor
        heapq.heapreplace(heap, t + (queue + busy) / 1000.0)
        cost = tokens_in / 1000.0 * truth.input_per_1k + out / 1000.0 * truth.output_per_1k
        if network + queue + busy > timeout_ms:
            return _outcome(
                request, route, tokens_in, out, network, queue, timeout_ms - network - queue,
                ttft=min(ttft, timeout_ms), status="timeout", error="timeout", cost=cost,
                quality=0.0,
            )  # fmt: skip
        quality = truth.quality_at(t) + variant.quality_delta
        quality += rng.gauss(0.0, self._quality_sigma)
        if out < desired:
            quality -= TRUNCATION_PENALTY * (1.0 - out / desired)
        return _outcome(
            request, route, tokens_in, out, network, queue, busy, ttft=ttft, status="ok",
            error=None, cost=cost, quality=min(1.0, max(0.0, quality)),
        )  # fmt: skip


def _refused(
    request: Request,
    route: Route,
    tokens_in: int,
    network: float,
    status: OutcomeStatus,
    error: str | None,
) -> RequestOutcome:
    return _outcome(
        request, route, tokens_in, 0, network, 0.0, _REFUSE_MS, ttft=0.0, status=status,
        error=error, cost=0.0, quality=0.0,
    )  # fmt: skip


def _outcome(
    request: Request,
    route: Route,
    tokens_in: int,
    tokens_out: int,
    network: float,
    queue: float,
    busy: float,
    *,
    ttft: float,
    status: OutcomeStatus,
    error: str | None,
    cost: float,
    quality: float,
) -> RequestOutcome:
    latency = network + queue + busy
    return RequestOutcome(
        request_id=request.request_id,
        t_start=request.t,
        t_end=request.t + latency / 1000.0,
        model_id=route.model_id,
        provider=route.provider,
        input_tokens=tokens_in,
        output_tokens=tokens_out,
        cost_usd=cost,
        latency_ms=latency,
        ttft_ms=ttft,
        queue_ms=queue,
        network_ms=network,
        status=status,
        quality=quality,
        prompt=request.prompt,
        pii=request.pii,
        error=error,
        route_reason=route.reason,
        route_confidence=route.confidence,
        alternatives=route.alternatives,
        client_id=request.client_id,
        region=request.region,
        max_tokens=request.max_tokens,
        prompt_variant=request.prompt_variant,
    )
