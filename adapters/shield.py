"""The Shield adapter: policy blocks, PII detections, statistics, active policies, status.

Feeds: ``policy_blocks`` and ``pii_detections`` (cursor ``timestamp``, limit 50 each).
"""

from __future__ import annotations

from typing import Literal

from adapters.base import BaseAdapter, Since
from adapters.config import ShieldConfig
from adapters.handlers import Handler, Unsubscribe
from adapters.types.shield import (
    ActivePolicy,
    PIIDetectionSignal,
    PIIStats,
    PIIType,
    PolicyBlockEvent,
    PolicyBlockReason,
    PolicyStats,
    ProtectionStatus,
)

__all__ = ["ShieldAdapter"]

BLOCKS_LIMIT = 50
PII_LIMIT = 50


class ShieldAdapter(BaseAdapter[ShieldConfig]):
    """Consumes Shield: policy blocks, PII detections, stats, policies, protection status."""

    service = "shield"
    label = "Shield"
    config_type = ShieldConfig

    def _declare_feeds(self) -> None:
        self._blocks = self._event_feed(
            "policy_blocks",
            lambda since: self.fetch_policy_blocks(since=since, limit=BLOCKS_LIMIT),
            item_id=lambda b: b.event_id,
            key=lambda b: b.timestamp,
            limit=BLOCKS_LIMIT,
        )
        self._pii = self._event_feed(
            "pii_detections",
            lambda since: self.fetch_pii_detections(since=since, limit=PII_LIMIT),
            item_id=lambda s: s.signal_id,
            key=lambda s: s.timestamp,
            limit=PII_LIMIT,
        )

    def fetch_policy_blocks(
        self,
        *,
        policy_id: str | None = None,
        reason: PolicyBlockReason | None = None,
        severity: Literal["low", "medium", "high", "critical"] | None = None,
        model_id: str | None = None,
        since: Since | None = None,
        limit: int | None = None,
    ) -> tuple[PolicyBlockEvent, ...]:
        """Policy block events after ``since``, oldest first."""
        return self._list(
            "fetchPolicyBlocks",
            PolicyBlockEvent,
            policy_id=policy_id,
            reason=reason,
            severity=severity,
            model_id=model_id,
            since=since,
            limit=limit,
        )

    def fetch_pii_detections(
        self,
        *,
        pii_type: PIIType | None = None,
        direction: Literal["input", "output"] | None = None,
        min_risk_score: float | None = None,
        model_id: str | None = None,
        since: Since | None = None,
        limit: int | None = None,
    ) -> tuple[PIIDetectionSignal, ...]:
        """PII detection signals after ``since``, oldest first."""
        return self._list(
            "fetchPIIDetections",
            PIIDetectionSignal,
            pii_type=pii_type,
            direction=direction,
            min_risk_score=min_risk_score,
            model_id=model_id,
            since=since,
            limit=limit,
        )

    def get_policy_stats(
        self, *, policy_id: str | None = None, window_hours: float | None = None
    ) -> tuple[PolicyStats, ...]:
        """Evaluation statistics per policy over the last ``window_hours``."""
        return self._list(
            "getPolicyStats", PolicyStats, policy_id=policy_id, window_hours=window_hours
        )

    def get_pii_stats(self, *, window_hours: float | None = None) -> PIIStats:
        """PII scanning statistics over the last ``window_hours``."""
        return self._one("getPIIStats", PIIStats, window_hours=window_hours)

    def get_active_policies(self) -> tuple[ActivePolicy, ...]:
        """The policies in force."""
        return self._list("getActivePolicies", ActivePolicy)

    def get_protection_status(self) -> ProtectionStatus:
        """Whether Shield protects, and its last-24-hours counts."""
        return self._one("getProtectionStatus", ProtectionStatus)

    def on_policy_block(self, handler: Handler[PolicyBlockEvent]) -> Unsubscribe:
        """Call ``handler`` once for every new policy block event."""
        return self._blocks.handlers.add(handler)

    def on_pii_detection(self, handler: Handler[PIIDetectionSignal]) -> Unsubscribe:
        """Call ``handler`` once for every new PII detection signal."""
        return self._pii.handlers.add(handler)
