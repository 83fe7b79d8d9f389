"""LatencyLens: latency profiles per minute, throughput, per-request breakdown, its own anomalies.

At the close of every minute each model with traffic gets a profile over the last
``PROFILE_MINUTES`` minutes (stamped at the minute's end) and one-minute throughput stats (the
items of the cursorless throughput feed: one ``statsId`` per model and minute). Its anomaly
detector is ``latency_anomalies.LatencyDetector`` (robust z-score on the minute p95). The summary
status compares the last five minutes with ConfigManager's latency and error-rate thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.services.base import Context, Params, Service
from simulator.services.errors import BadRequest, NotFound
from simulator.services.latency_anomalies import LatencyDetector
from simulator.services.ledger import Window

__all__ = ["PROFILE_MINUTES", "LatencyLens", "Profile"]

PROFILE_MINUTES = 5
SUMMARY_MINUTES = 5
COMPARE_MINUTES = 15


@dataclass(frozen=True, slots=True)
class Profile:
    """One latency profile: a model's latency statistics over a window ending at ``ms``."""

    profile_id: str
    model_id: str
    provider: str
    ms: int
    p50: float
    p90: float
    p95: float
    p99: float
    mean: float
    std: float
    count: int
    ttft: float
    tps: float

    @classmethod
    def of(cls, profile_id: str, model_id: str, provider: str, ms: int, w: Window) -> Profile:
        """The profile of an aggregate window."""
        p50, p90, p95, p99 = w.percentiles() if w.n else (0.0, 0.0, 0.0, 0.0)
        ttft = w.ttft_sum / w.ok if w.ok else 0.0
        return cls(
            profile_id, model_id, provider, ms, p50, p90, p95, p99, w.mean_ms, w.std_ms, w.n, ttft,
            w.tokens_per_second,
        )  # fmt: skip

    def wire(self, iso: Any) -> dict[str, Any]:
        """The LatencyProfile JSON object."""
        return {
            "profileId": self.profile_id,
            "modelId": self.model_id,
            "provider": self.provider,
            "timestamp": iso(self.ms),
            "p50Ms": round(self.p50, 3),
            "p90Ms": round(self.p90, 3),
            "p95Ms": round(self.p95, 3),
            "p99Ms": round(self.p99, 3),
            "meanMs": round(self.mean, 3),
            "stdDevMs": round(self.std, 3),
            "sampleCount": self.count,
            "ttftMs": round(self.ttft, 3),
            "tokensPerSecond": round(self.tps, 3),
        }


class LatencyLens(Service):
    """Profiles, throughput, breakdowns, anomalies, summary, comparison."""

    name = "latency-lens"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.profiles = self.feed("fetchLatencyProfiles", per_request=False)
        self.anomalies = self.feed("fetchAnomalies", per_request=False)
        self.detector = LatencyDetector()

    def on_minute(self, minute: int) -> None:
        """Profiles and throughput of the minute's active models; run the anomaly detector."""
        ledger = self.hub.ledger
        end_ms = (minute + 1) * 60_000
        active = ledger.per_model(minute, minute)
        truth = self.ctx.truth
        for model_id in sorted(active):
            w = ledger.window(minute - PROFILE_MINUTES + 1, minute, (model_id,))
            provider = self.provider_of(model_id)
            pid = f"lp-{model_id}-{minute}"
            self.profiles.add(end_ms, Profile.of(pid, model_id, provider, end_ms, w), pid)
            if truth is not None:
                truth.emitted(
                    "latency-lens/fetchThroughputStats",
                    _stats_id(model_id, minute, 1),
                    end_ms / 1000,
                )
            for anomaly in self.detector.observe(model_id, provider, minute, active[model_id]):
                self.anomalies.add(end_ms, anomaly, anomaly.anomaly_id)

    def operations(self) -> dict[str, Any]:
        """operationId -> handler."""
        return {
            "fetchLatencyProfiles": self.fetch_latency_profiles,
            "fetchThroughputStats": self.fetch_throughput_stats,
            "fetchLatencyBreakdown": self.fetch_latency_breakdown,
            "fetchAnomalies": self.fetch_anomalies,
            "getCurrentSummary": self.get_current_summary,
            "compareModels": self.compare_models,
        }

    def fetch_latency_profiles(self, params: Params) -> dict[str, Any]:
        """``{profiles: [...]}``: profiles after ``since``, oldest first."""
        self.now()
        models, providers = self.ids(params, "model_ids"), self.ids(params, "providers")
        where = None
        if models is not None or providers is not None:

            def where(p: Profile) -> bool:
                return (models is None or p.model_id in models) and (
                    providers is None or p.provider in providers
                )

        page = self.profiles.since(
            self.time_ms(params, "since"),
            self.limit(params, 50),
            where,
            inclusive=self.since_inclusive,
        )
        return {"profiles": [p.wire(self.stamps.iso_ms) for p in page]}

    def fetch_throughput_stats(self, params: Params) -> dict[str, Any]:
        """``{stats: [...]}``: per-model throughput of the last ``window_minutes`` whole minutes."""
        self.now()
        minutes = max(1, round(self.number(params, "window_minutes", 1.0)))
        models = self.ids(params, "model_ids")
        last = self.hub.ledger.closed
        first = last - minutes + 1
        seconds = minutes * 60.0
        start, end = self.stamps.iso_ms(first * 60_000), self.stamps.iso_ms((last + 1) * 60_000)
        stats = []
        for model_id, w in sorted(self.hub.ledger.per_model(first, last).items()):
            if models is not None and model_id not in models:
                continue
            stats.append(
                {
                    "statsId": _stats_id(model_id, first, minutes),
                    "modelId": model_id,
                    "provider": self.provider_of(model_id),
                    "windowStart": start,
                    "windowEnd": end,
                    "requestsPerSecond": round(w.n / seconds, 6),
                    "inputTokensPerSecond": round(w.in_tok / seconds, 6),
                    "outputTokensPerSecond": round(w.out_tok / seconds, 6),
                    "totalRequests": w.n,
                    "successfulRequests": w.ok,
                    "failedRequests": w.n - w.ok,
                    "errorRate": round(w.error_rate, 6),
                }
            )
        return {"stats": stats}

    def fetch_latency_breakdown(self, params: Params) -> dict[str, Any]:
        """Where the time of one completed request went; 404 for an unknown or running request."""
        now = self.now()
        request_id = str(params.get("requestId", ""))
        seen = self.hub.requests.get(request_id)
        o = seen[1] if seen is not None else None
        if o is None or o.t_end > now:
            raise NotFound(f"No completed request with requestId={request_id!r}.")
        total = o.latency_ms
        rest = max(0.0, total - o.network_ms - o.queue_ms)
        inference = min(o.ttft_ms, rest) if o.status == "ok" else rest
        generation = rest - inference
        return {
            "breakdownId": f"lb-{request_id}",
            "modelId": o.model_id,
            "totalMs": round(total, 3),
            "networkMs": round(o.network_ms, 3),
            "queueMs": round(o.queue_ms, 3),
            "inferenceMs": round(inference, 3),
            "tokenGenMs": round(generation, 3),
            "overheadMs": round(max(0.0, total - o.network_ms - o.queue_ms - rest), 3),
        }

    def fetch_anomalies(self, params: Params) -> dict[str, Any]:
        """``{anomalies: [...]}``: the detector's anomalies after ``since``, oldest first."""
        self.now()
        severity, kind = params.get("severity"), params.get("type")
        where = None
        if severity is not None or kind is not None:

            def where(a: Any) -> bool:
                return (severity is None or a.severity == severity) and (
                    kind is None or a.type == kind
                )

        page = self.anomalies.since(
            self.time_ms(params, "since"),
            self.limit(params, 20),
            where,
            inclusive=self.since_inclusive,
        )
        return {"anomalies": [a.wire(self.stamps.iso_ms) for a in page]}

    def _status(self, w: Window, p50: float, p99: float) -> str:
        limits = self.ctx.control.thresholds
        lat, err = limits["latency"], limits["errorRate"]
        if p99 > lat["criticalThresholdMs"] or w.error_rate > err["criticalThreshold"]:
            return "critical"
        if (
            p99 > lat["p99MaxMs"]
            or p50 > lat["degradationThresholdMs"]
            or w.error_rate > err["warningThreshold"]
        ):
            return "degraded"
        return "healthy"

    def get_current_summary(self, params: Params) -> dict[str, Any]:
        """``{models: [...]}``: p50, p99 and status of each model over the last five minutes."""
        self.now()
        last = self.hub.ledger.closed
        models = []
        for model_id, w in sorted(
            self.hub.ledger.per_model(last - SUMMARY_MINUTES + 1, last).items()
        ):
            p50, _, _, p99 = w.percentiles()
            models.append(
                {
                    "modelId": model_id,
                    "provider": self.provider_of(model_id),
                    "currentP50Ms": round(p50, 3),
                    "currentP99Ms": round(p99, 3),
                    "status": self._status(w, p50, p99),
                }
            )
        return {"models": models}

    def _profile(self, model_id: str) -> Profile:
        if model_id not in self.ctx.catalogue:
            raise NotFound(f"No model with model id {model_id!r}.")
        last = self.hub.ledger.closed
        w = self.hub.ledger.window(last - COMPARE_MINUTES + 1, last, (model_id,))
        end_ms = (last + 1) * 60_000
        return Profile.of(
            f"lp-{model_id}-{last}-cmp", model_id, self.provider_of(model_id), end_ms, w
        )

    def compare_models(self, params: Params) -> dict[str, Any]:
        """Profiles of two models over the last 15 minutes and their differences (A minus B)."""
        self.now()
        a_id, b_id = params.get("model_a"), params.get("model_b")
        if not a_id or not b_id:
            raise BadRequest(
                f"Expected model_a and model_b, got model_a={a_id!r}, model_b={b_id!r}."
            )
        a, b = self._profile(str(a_id)), self._profile(str(b_id))
        if a.count == 0 or b.count == 0:
            advice = "not enough traffic on both models to compare"
        elif a.p99 <= b.p99:
            advice = f"prefer {a.model_id}: p99 {b.p99 - a.p99:.0f} ms lower than {b.model_id}"
        else:
            advice = f"prefer {b.model_id}: p99 {a.p99 - b.p99:.0f} ms lower than {a.model_id}"
        return {
            "modelA": a.wire(self.stamps.iso_ms),
            "modelB": b.wire(self.stamps.iso_ms),
            "comparison": {
                "p50Diff": round(a.p50 - b.p50, 3),
                "p99Diff": round(a.p99 - b.p99, 3),
                "throughputDiff": round(a.tps - b.tps, 3),
                "recommendation": advice,
            },
        }


def _stats_id(model_id: str, first_minute: int, minutes: int) -> str:
    return f"tp-{model_id}-{first_minute}-{minutes}"
