"""The run's event log: one JSON object per line, byte-identical for the same scenario and seed."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from types import TracebackType
from typing import IO, Any

__all__ = ["EventLog"]


def _round(value: Any) -> Any:
    # Floats are rounded so that the log does not depend on the last bits of a platform's math.
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_round(v) for v in value]
    return value


class EventLog:
    """Appends events to ``events.jsonl`` (or only counts them when no path is given)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.counts: Counter[str] = Counter()
        self._file: IO[str] | None = None
        if path is not None:
            self._file = path.open("w", encoding="utf-8", newline="\n")

    def write(self, t: float, kind: str, **fields: Any) -> None:
        """Record one event at simulated second ``t``."""
        self.counts[kind] += 1
        if self._file is not None:
            line = json.dumps(
                {"t": round(t, 3), "kind": kind, **_round(fields)},
                sort_keys=True,
                separators=(",", ":"),
                default=str,
            )
            self._file.write(line + "\n")

    def close(self) -> None:
        """Flush and close the file."""
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> EventLog:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
