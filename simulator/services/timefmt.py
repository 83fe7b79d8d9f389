"""Fast timestamps: simulated seconds as integer milliseconds and ISO-8601 strings with a ``Z``.

Every feed keys its items by integer milliseconds since the scenario epoch, the precision of the
timestamps it serves, so that ``since=<a served timestamp>`` compares exactly with the item it
came from. Formatting caches the text of each whole second: serializing a page of items costs a
dict lookup and a small f-string per timestamp instead of datetime arithmetic.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

__all__ = ["Stamps", "to_ms"]

_CACHE_LIMIT = 4096


def to_ms(t: float) -> int:
    """Simulated seconds to integer milliseconds (rounded half up)."""
    return int(t * 1000.0 + 0.5)


class Stamps:
    """ISO-8601 text of millisecond instants after an epoch, and the way back."""

    def __init__(self, epoch: datetime) -> None:
        if epoch.tzinfo is None:
            raise ValueError(f"Expected an aware epoch, got epoch={epoch!r}.")
        self.epoch = epoch.astimezone(UTC)
        self._epoch_unix = self.epoch.timestamp()
        self._seconds: dict[int, str] = {}

    def iso_ms(self, ms: int) -> str:
        """``2025-01-01T00:00:01.234Z`` for ``ms`` milliseconds after the epoch."""
        sec, frac = divmod(ms, 1000)
        head = self._seconds.get(sec)
        if head is None:
            if len(self._seconds) >= _CACHE_LIMIT:
                self._seconds.clear()
            moment = self.epoch + timedelta(seconds=sec)
            head = moment.strftime("%Y-%m-%dT%H:%M:%S")
            self._seconds[sec] = head
        return f"{head}.{frac:03d}Z"

    def iso(self, t: float) -> str:
        """ISO-8601 text of simulated second ``t`` (millisecond precision)."""
        return self.iso_ms(to_ms(t))

    def ms_of(self, moment: datetime) -> int:
        """Milliseconds after the epoch of an aware datetime (naive ones are read as UTC)."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return round((moment.timestamp() - self._epoch_unix) * 1000.0)

    def parse_ms(self, text: str) -> int:
        """Milliseconds after the epoch of an ISO-8601 text; ValueError when it is not one."""
        return self.ms_of(datetime.fromisoformat(text.replace("Z", "+00:00")))
