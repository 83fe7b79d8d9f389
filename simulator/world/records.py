"""The records the world emits: what the seven simulated services observe, and nothing more.

The world (catalogue, workload, gateway, incidents) produces one ``RequestOutcome`` per simulated
LLM request and one ``WorldNotice`` per change of state that a service would log (a config change,
a routing change). Services subscribe to these streams through ``WorldBus``; they never read the
world's hidden truth (incident schedules, true latencies), so a detector has to detect.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "ModelSpec",
    "NoticeKind",
    "OutcomeStatus",
    "PiiSpan",
    "RequestOutcome",
    "WorldBus",
    "WorldNotice",
]

OutcomeStatus = Literal["ok", "error", "timeout", "blocked"]
NoticeKind = Literal[
    "config.changed",  # ConfigManager state changed (thresholds, routing, availability, flag)
    "routing.changed",  # the gateway's weights or parameters changed (an actuator decision)
    "model.deprecated",
    "price.changed",
]


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """A model of the catalogue, as configured (its nominal, incident-free behaviour)."""

    model_id: str
    provider: str
    input_per_1k: float  # $ per 1k input tokens
    output_per_1k: float  # $ per 1k output tokens
    ttft_ms: float  # median time to first token
    tokens_per_second: float  # output generation speed
    error_rate: float  # in [0, 1]
    quality: float  # in [0, 1]
    capacity: int  # concurrent requests before queueing
    context_length: int = 128_000
    features: tuple[str, ...] = ("chat",)


@dataclass(frozen=True, slots=True)
class PiiSpan:
    """PII planted in a prompt by the workload (ground truth for Shield's scanner)."""

    type: str  # a contract PIIType: email, phone_number, ssn, credit_card, ...
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class RequestOutcome:
    """What happened to one simulated LLM request, end to end. Times are simulated seconds."""

    request_id: str
    t_start: float
    t_end: float
    model_id: str
    provider: str
    input_tokens: int
    output_tokens: int
    cost_usd: float
    latency_ms: float  # total, arrival to last token (or to the error)
    ttft_ms: float
    queue_ms: float
    network_ms: float
    status: OutcomeStatus
    quality: float  # in [0, 1]; 0 for a failed request
    prompt: str
    pii: tuple[PiiSpan, ...] = ()
    error: str | None = None
    route_reason: str = "load_balanced"  # a contract RoutingReason
    route_confidence: float = 1.0
    alternatives: tuple[str, ...] = ()  # model ids considered and not chosen
    client_id: str = "client-0"
    region: str = "us-east"
    max_tokens: int | None = None
    prompt_variant: str = "default"


@dataclass(frozen=True, slots=True)
class WorldNotice:
    """A change of state of the world that a service would record."""

    t: float
    kind: NoticeKind
    data: dict[str, Any] = field(default_factory=dict)
    model_id: str | None = None
    provider: str | None = None


@dataclass(slots=True)
class WorldBus:
    """Fan-out of outcomes and notices to the services; subscribers are plain callables."""

    outcome_handlers: list[Callable[[RequestOutcome], None]] = field(default_factory=list)
    notice_handlers: list[Callable[[WorldNotice], None]] = field(default_factory=list)

    def on_outcome(self, handler: Callable[[RequestOutcome], None]) -> None:
        """Call ``handler`` with every request outcome, in simulated-time order."""
        self.outcome_handlers.append(handler)

    def on_notice(self, handler: Callable[[WorldNotice], None]) -> None:
        """Call ``handler`` with every notice."""
        self.notice_handlers.append(handler)

    def publish_outcome(self, outcome: RequestOutcome) -> None:
        """Deliver one outcome to every subscriber."""
        for handler in self.outcome_handlers:
            handler(outcome)

    def publish_notice(self, notice: WorldNotice) -> None:
        """Deliver one notice to every subscriber."""
        for handler in self.notice_handlers:
            handler(notice)
