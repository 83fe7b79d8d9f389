"""Every decision as an OpenTelemetry span, on a private or given ``TracerProvider``.

The global provider is never set. By default spans go to a bounded in-memory exporter, so a
long run keeps the last ``capacity`` spans only.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Sequence

from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExporter, SpanExportResult

from optimizer.decision import Decision

__all__ = ["BoundedSpanExporter", "DecisionTracer"]


class BoundedSpanExporter(SpanExporter):
    """Keeps the last ``capacity`` finished spans in memory."""

    def __init__(self, capacity: int = 1000) -> None:
        self._spans: deque[ReadableSpan] = deque(maxlen=capacity)

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        """Keep ``spans``."""
        self._spans.extend(spans)
        return SpanExportResult.SUCCESS

    def shutdown(self) -> None:
        """Nothing to release."""

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        """Nothing is buffered."""
        return True

    def spans(self) -> tuple[ReadableSpan, ...]:
        """The spans kept, oldest first."""
        return tuple(self._spans)

    def clear(self) -> None:
        """Forget every span."""
        self._spans.clear()


class DecisionTracer:
    """Emits one span per decision, timed by the optimizer's clock."""

    def __init__(self, provider: TracerProvider | None = None) -> None:
        self.exporter: BoundedSpanExporter | None = None
        if provider is None:
            self.exporter = BoundedSpanExporter()
            provider = TracerProvider()
            provider.add_span_processor(SimpleSpanProcessor(self.exporter))
        self._tracer = provider.get_tracer("infrasim.optimizer")

    def emit(self, decision: Decision) -> None:
        """Record ``decision`` as a span named ``optimizer.<kind>``."""
        at = int(decision.t * 1e9)
        span = self._tracer.start_span(f"optimizer.{decision.kind}", start_time=at)
        span.set_attributes(
            {
                "decision_id": decision.id,
                "kind": decision.kind,
                "target": decision.target,
                "weights": json.dumps(dict(decision.weights or {}), sort_keys=True),
                "parameters": json.dumps(dict(decision.parameters), sort_keys=True),
                "reasons": [reason.text() for reason in decision.reasons],
            }
        )
        span.end(end_time=at)
