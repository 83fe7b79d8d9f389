"""Shield's active policies and how one request is judged against them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["ACTION_RANK", "POLICIES", "Policy"]

ACTION_RANK = {"log": 0, "warn": 1, "redact": 2, "block": 3}


@dataclass(frozen=True, slots=True)
class Policy:
    """One Shield policy: what it matches, what it does, how severe a hit is."""

    policy_id: str
    name: str
    description: str
    priority: int
    action: str  # block, redact or warn
    reason: str  # a PolicyBlockReason
    pii_types: frozenset[str] = frozenset()
    severity: str = "medium"
    conditions: tuple[tuple[str, Any], ...] = ()

    def wire(self) -> dict[str, Any]:
        """The ActivePolicy JSON object."""
        conditions: dict[str, Any] = dict(self.conditions)
        if self.pii_types:
            conditions["piiTypes"] = sorted(self.pii_types)
        return {
            "policyId": self.policy_id,
            "name": self.name,
            "description": self.description,
            "enabled": True,
            "priority": self.priority,
            "conditions": conditions,
            "actions": [self.action, "log"],
        }


POLICIES = (
    Policy(
        "pol-pii-block", "Block government ids and card numbers",
        "Requests carrying an SSN or a payment card number are blocked.", 1, "block",
        "pii_detected", frozenset({"ssn", "credit_card"}), "high",
    ),
    Policy(
        "pol-token-limit", "Input token limit",
        "Requests above ConfigManager's tokens.maxInputTokens are blocked.", 2, "block",
        "token_limit_exceeded", severity="medium",
        conditions=(
            ("field", "inputTokens"), ("operator", "gt"), ("threshold", "tokens.maxInputTokens"),
        ),
    ),
    Policy(
        "pol-gateway-rules", "Gateway routing rules",
        "Requests the gateway's routing rules refuse are recorded as blocks.", 3, "block",
        "custom_rule", severity="medium", conditions=(("status", "blocked"),),
    ),
    Policy(
        "pol-pii-redact", "Redact contact details",
        "E-mail addresses, phone numbers, postal addresses and birth dates are masked.", 10,
        "redact", "pii_detected",
        frozenset({"email", "phone_number", "address", "date_of_birth"}), "low",
    ),
    Policy(
        "pol-pii-warn", "Warn on personal identifiers",
        "Names and IP addresses are logged with a warning.", 20, "warn", "pii_detected",
        frozenset({"name", "ip_address"}), "low",
    ),
)  # fmt: skip
