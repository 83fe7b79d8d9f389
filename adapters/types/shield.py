"""Shield values: policy blocks, PII detections, their statistics, policies and status."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, TypeAlias

from adapters.types.common import TimeWindow

__all__ = [
    "ActivePolicy",
    "DirectionCounts",
    "PIIDetection",
    "PIIDetectionSignal",
    "PIIStats",
    "PIIType",
    "PolicyBlockEvent",
    "PolicyBlockReason",
    "PolicyStats",
    "ProtectionStats24h",
    "ProtectionStatus",
    "ReasonCount",
]

PolicyBlockReason: TypeAlias = Literal[
    "pii_detected",
    "content_policy_violation",
    "rate_limit_exceeded",
    "token_limit_exceeded",
    "blocked_pattern",
    "injection_attempt",
    "jailbreak_attempt",
    "unauthorized_model",
    "geo_restriction",
    "custom_rule",
]
PIIType: TypeAlias = Literal[
    "email",
    "phone_number",
    "ssn",
    "credit_card",
    "address",
    "name",
    "date_of_birth",
    "ip_address",
    "passport",
    "drivers_license",
    "bank_account",
    "medical_record",
    "biometric",
    "custom",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class PolicyBlockEvent:
    """A request blocked, warned, redacted or modified by a policy."""

    event_id: str
    timestamp: datetime
    request_id: str
    policy_id: str
    policy_name: str
    reason: PolicyBlockReason
    severity: Literal["low", "medium", "high", "critical"]
    model_id: str
    provider: str
    action: Literal["block", "warn", "redact", "modify"]
    content_snippet: str | None = None
    client_id: str | None = None
    metadata: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PIIDetection:
    """One PII match in a prompt or a response."""

    type: PIIType
    confidence: float
    offset_start: int
    offset_end: int
    redacted_value: str
    method: Literal["regex", "ml", "dictionary", "custom"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PIIDetectionSignal:
    """The PII found in one request's input or output and what was done about it."""

    signal_id: str
    timestamp: datetime
    request_id: str
    direction: Literal["input", "output"]
    pii_types: tuple[PIIType, ...]
    detections: tuple[PIIDetection, ...]
    action: Literal["block", "redact", "warn", "log"]
    content_modified: bool
    model_id: str
    provider: str
    risk_score: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ReasonCount:
    """How often one block reason occurred."""

    reason: PolicyBlockReason
    count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class PolicyStats:
    """Evaluations and outcomes of one policy over a window."""

    policy_id: str
    policy_name: str
    window: TimeWindow
    total_evaluations: int
    blocks: int
    warnings: int
    redactions: int
    block_rate: float
    top_reasons: tuple[ReasonCount, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class DirectionCounts:
    """Detections per direction."""

    input: int
    output: int


@dataclass(frozen=True, slots=True, kw_only=True)
class PIIStats:
    """PII scanning statistics over a window; ``by_type`` may be sparse (D27)."""

    window: TimeWindow
    total_scans: int
    detections: int
    detection_rate: float
    by_type: Mapping[str, int]
    by_direction: DirectionCounts
    avg_risk_score: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ActivePolicy:
    """A policy currently in force."""

    policy_id: str
    name: str
    description: str
    enabled: bool
    priority: float
    conditions: Mapping[str, Any]
    actions: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ProtectionStats24h:
    """Request, block and PII counts of the last 24 hours."""

    total_requests: int
    blocked_requests: int
    pii_detections: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ProtectionStatus:
    """Whether Shield is protecting, and its last-24-hours counts."""

    status: Literal["active", "degraded", "inactive"]
    active_policies: int
    pii_scanning_enabled: bool
    last_event_at: datetime
    stats24h: ProtectionStats24h
