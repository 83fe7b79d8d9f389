"""Shield: scans every prompt for PII, applies its policies, serves blocks, detections and stats.

Scanning happens when the request is seen (the world publishes on completion, so items are
stamped with that time: the feeds stay in ascending order). A request with PII gives one
``PIIDetectionSignal`` (action = the strongest policy action hit); each block or redaction by a
policy gives one ``PolicyBlockEvent``. Per-minute counters (kept 24 h) feed the stats endpoints.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from simulator.services.base import Context, Params, Service
from simulator.services.pii import RISK, Detection, PiiScanner
from simulator.services.shield_policies import ACTION_RANK, POLICIES, Policy
from simulator.services.timefmt import to_ms
from simulator.world.records import RequestOutcome

__all__ = ["Block", "PiiSignal", "Shield"]

PII_TYPES = (
    "email", "phone_number", "ssn", "credit_card", "address", "name", "date_of_birth",
    "ip_address", "passport", "drivers_license", "bank_account", "medical_record", "biometric",
    "custom",
)  # fmt: skip
_SEVERITY = {"ssn": "critical", "credit_card": "high"}
_STATS_MINUTES = 1440  # the per-minute counters behind stats24h (a few ints each)


@dataclass(frozen=True, slots=True)
class PiiSignal:
    """The PII found in one request's prompt."""

    signal_id: str
    ms: int
    outcome: RequestOutcome
    detections: tuple[Detection, ...]
    action: str
    risk: float

    def wire(self, iso: Any) -> dict[str, Any]:
        """The PIIDetectionSignal JSON object."""
        types = sorted({d.type for d in self.detections})
        return {
            "signalId": self.signal_id,
            "timestamp": iso(self.ms),
            "requestId": self.outcome.request_id,
            "direction": "input",
            "piiTypes": types,
            "detections": [
                {
                    "type": d.type,
                    "confidence": d.confidence,
                    "offsetStart": d.start,
                    "offsetEnd": d.end,
                    "redactedValue": d.redacted,
                    "method": d.method,
                }
                for d in self.detections
            ],
            "action": self.action,
            "contentModified": self.action in ("block", "redact"),
            "modelId": self.outcome.model_id,
            "provider": self.outcome.provider,
            "riskScore": round(self.risk, 4),
        }


@dataclass(frozen=True, slots=True)
class Block:
    """One policy hit that blocked or redacted a request."""

    event_id: str
    ms: int
    outcome: RequestOutcome
    policy: Policy
    severity: str
    snippet: str

    def wire(self, iso: Any) -> dict[str, Any]:
        """The PolicyBlockEvent JSON object."""
        o = self.outcome
        return {
            "eventId": self.event_id,
            "timestamp": iso(self.ms),
            "requestId": o.request_id,
            "policyId": self.policy.policy_id,
            "policyName": self.policy.name,
            "reason": self.policy.reason,
            "severity": self.severity,
            "modelId": o.model_id,
            "provider": o.provider,
            "action": self.policy.action,
            "contentSnippet": self.snippet,
            "clientId": o.client_id,
            "metadata": {"region": o.region, "status": o.status},
        }


@dataclass(slots=True)
class _Minute:
    minute: int
    scans: int = 0
    signals: int = 0
    risk_sum: float = 0.0
    by_type: dict[str, int] = field(default_factory=dict)
    hits: dict[tuple[str, str], int] = field(default_factory=dict)  # (policy, action) -> count
    blocked_requests: int = 0


class Shield(Service):
    """PII scanning, policy enforcement records, stats and status."""

    name = "shield"

    def __init__(self, ctx: Context, scanner: PiiScanner | None = None) -> None:
        super().__init__(ctx)
        self.scanner = scanner or PiiScanner()
        self.policies = POLICIES
        self.blocks = self.feed("fetchPolicyBlocks", per_request=False)
        self.signals = self.feed("fetchPIIDetections", per_request=False)
        self._memo = self.scanner.memo
        self._minutes: deque[_Minute] = deque(maxlen=_STATS_MINUTES)
        self._seq = 0
        self._last_event_ms: int | None = None

    def _minute(self, now: float) -> _Minute:
        m = int(now // 60.0)
        rows = self._minutes
        if not rows or rows[-1].minute != m:
            rows.append(_Minute(m))
        return rows[-1]

    def on_arrival(self, outcome: RequestOutcome) -> None:
        """Scan the prompt and apply the policies."""
        now = self.hub.current
        rows = self._minutes
        row = rows[-1] if rows and rows[-1].minute == int(now // 60.0) else self._minute(now)
        row.scans += 1
        detections = self._memo.get(outcome.prompt)
        if detections is None:
            detections = self.scanner.scan(outcome.prompt)
        over_limit = outcome.input_tokens > self.ctx.control.thresholds["tokens"]["maxInputTokens"]
        if not detections and not over_limit and outcome.status != "blocked":
            return
        self._judge(outcome, detections, over_limit, to_ms(now), row)

    def _judge(
        self,
        o: RequestOutcome,
        detections: tuple[Detection, ...],
        over_limit: bool,
        ms: int,
        row: _Minute,
    ) -> None:
        types = {d.type for d in detections}
        hits = [
            p for p in self.policies
            if (p.pii_types & types)
            or (p.reason == "token_limit_exceeded" and over_limit)
            or (p.reason == "custom_rule" and o.status == "blocked")
        ]  # fmt: skip
        for policy in hits:
            row.hits[(policy.policy_id, policy.action)] = (
                row.hits.get((policy.policy_id, policy.action), 0) + 1
            )
        if any(p.action == "block" for p in hits):
            row.blocked_requests += 1
        if detections:
            self._seq += 1
            action = max(
                (p.action for p in hits if p.pii_types), key=ACTION_RANK.__getitem__, default="log"
            )
            risk = 1.0 - math.prod(1.0 - RISK.get(d.type, 0.3) * d.confidence for d in detections)
            signal = PiiSignal(f"pii-{self._seq:09d}", ms, o, detections, action, risk)
            self.signals.add(ms, signal, signal.signal_id)
            row.signals += 1
            row.risk_sum += risk
            for kind in types:
                row.by_type[kind] = row.by_type.get(kind, 0) + 1
            self._last_event_ms = ms
        for policy in hits:
            if policy.action in ("block", "redact"):
                self._block(o, policy, detections, ms)

    def _block(
        self, o: RequestOutcome, policy: Policy, detections: tuple[Detection, ...], ms: int
    ) -> None:
        mine = [d for d in detections if d.type in policy.pii_types]
        severity = policy.severity
        for d in mine:
            severity = _SEVERITY.get(d.type, severity)
        snippet = ", ".join(d.redacted for d in mine) or f"{o.input_tokens} input tokens"
        self._seq += 1
        block = Block(f"blk-{self._seq:09d}", ms, o, policy, severity, snippet)
        self.blocks.add(ms, block, block.event_id)
        self._last_event_ms = ms

    # -- operations ---------------------------------------------------------------------------

    def operations(self) -> dict[str, Any]:
        """operationId -> handler."""
        return {
            "fetchPolicyBlocks": self.fetch_policy_blocks,
            "fetchPIIDetections": self.fetch_pii_detections,
            "getPolicyStats": self.get_policy_stats,
            "getPIIStats": self.get_pii_stats,
            "getActivePolicies": self.get_active_policies,
            "getProtectionStatus": self.get_protection_status,
        }

    def fetch_policy_blocks(self, params: Params) -> dict[str, Any]:
        """``{events: [...]}``: policy blocks after ``since``, oldest first."""
        self.now()
        policy, reason = params.get("policy_id"), params.get("reason")
        severity, model = params.get("severity"), params.get("model_id")

        def where(b: Block) -> bool:
            return (
                (policy is None or b.policy.policy_id == policy)
                and (reason is None or b.policy.reason == reason)
                and (severity is None or b.severity == severity)
                and (model is None or b.outcome.model_id == model)
            )

        page = self.blocks.since(
            self.time_ms(params, "since"),
            self.limit(params, 50),
            where,
            inclusive=self.since_inclusive,
        )
        return {"events": [b.wire(self.stamps.iso_ms) for b in page]}

    def fetch_pii_detections(self, params: Params) -> dict[str, Any]:
        """``{signals: [...]}``: PII detection signals after ``since``, oldest first."""
        self.now()
        kind, direction = params.get("pii_type"), params.get("direction")
        least, model = float(params.get("min_risk_score") or 0.0), params.get("model_id")

        def where(s: PiiSignal) -> bool:
            return (
                (kind is None or any(d.type == kind for d in s.detections))
                and (direction is None or direction == "input")
                and s.risk >= least
                and (model is None or s.outcome.model_id == model)
            )

        page = self.signals.since(
            self.time_ms(params, "since"),
            self.limit(params, 50),
            where,
            inclusive=self.since_inclusive,
        )
        return {"signals": [s.wire(self.stamps.iso_ms) for s in page]}

    def _window(self, params: Params) -> tuple[list[_Minute], dict[str, str]]:
        now = self.now()
        hours = self.number(params, "window_hours", 24.0)
        start = now - hours * 3600.0
        rows = [r for r in self._minutes if (r.minute + 1) * 60.0 > start]
        return rows, {
            "start": self.stamps.iso(start),
            "end": self.stamps.iso(now),
        }

    def get_policy_stats(self, params: Params) -> dict[str, Any]:
        """``{stats: [...]}``: per policy: evaluations, blocks, warnings, redactions."""
        rows, window = self._window(params)
        wanted = params.get("policy_id")
        scans = sum(r.scans for r in rows)
        stats = []
        for p in self.policies:
            if wanted is not None and p.policy_id != wanted:
                continue
            count = sum(r.hits.get((p.policy_id, p.action), 0) for r in rows)
            blocks = count if p.action == "block" else 0
            stats.append(
                {
                    "policyId": p.policy_id,
                    "policyName": p.name,
                    "window": window,
                    "totalEvaluations": scans,
                    "blocks": blocks,
                    "warnings": count if p.action == "warn" else 0,
                    "redactions": count if p.action == "redact" else 0,
                    "blockRate": round(blocks / scans, 6) if scans else 0.0,
                    "topReasons": [{"reason": p.reason, "count": blocks}] if blocks else [],
                }
            )
        return {"stats": stats}

    def get_pii_stats(self, params: Params) -> dict[str, Any]:
        """PII scans, detections, rate, by type and direction, mean risk over the window."""
        rows, window = self._window(params)
        scans = sum(r.scans for r in rows)
        signals = sum(r.signals for r in rows)
        by_type = dict.fromkeys(PII_TYPES, 0)
        for r in rows:
            for kind, count in r.by_type.items():
                by_type[kind] += count
        return {
            "window": window,
            "totalScans": scans,
            "detections": signals,
            "detectionRate": round(signals / scans, 6) if scans else 0.0,
            "byType": by_type,
            "byDirection": {"input": signals, "output": 0},
            "avgRiskScore": round(sum(r.risk_sum for r in rows) / signals, 6) if signals else 0.0,
        }

    def get_active_policies(self, params: Params) -> dict[str, Any]:
        """``{policies: [...]}``: the enabled policies."""
        self.now()
        return {"policies": [p.wire() for p in self.policies]}

    def get_protection_status(self, params: Params) -> dict[str, Any]:
        """Active status, policy count, scanning flag, last event time and 24 h counts."""
        rows, _ = self._window({"window_hours": 24.0})
        last = self._last_event_ms
        return {
            "status": "active",
            "activePolicies": len(self.policies),
            "piiScanningEnabled": True,
            "lastEventAt": self.stamps.iso_ms(last)
            if last is not None
            else self.stamps.iso(self.hub.now()),
            "stats24h": {
                "totalRequests": sum(r.scans for r in rows),
                "blockedRequests": sum(r.blocked_requests for r in rows),
                "piiDetections": sum(r.signals for r in rows),
            },
        }
