"""SimClock: the one simulated clock, a SimPy Environment seen through the adapters' Clock seam."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import simpy

__all__ = ["SimClock", "iso", "parse_iso"]


def iso(moment: datetime) -> str:
    """ISO-8601 in UTC with milliseconds and a ``Z``, as the services write timestamps."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    """Parse an ISO-8601 timestamp (``Z`` or offset) into an aware datetime."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class SimClock:
    """Simulated seconds since the scenario epoch; ``sleep`` runs the world forward."""

    def __init__(self, env: simpy.Environment, epoch: datetime) -> None:
        if epoch.tzinfo is None:
            raise ValueError(f"Expected an aware epoch, got epoch={epoch!r}.")
        self.env = env
        self.epoch = epoch.astimezone(UTC)
        self._epoch_unix = self.epoch.timestamp()

    def now(self) -> float:
        """Simulated seconds since the scenario epoch."""
        return float(self.env.now)

    def time(self) -> float:
        """Simulated Unix time: the epoch plus simulated seconds (the Clock protocol)."""
        return self._epoch_unix + float(self.env.now)

    def sleep(self, seconds: float) -> None:
        """Run the world forward by ``seconds`` (no-op for zero or negative)."""
        if seconds > 0:
            self.env.run(until=self.env.now + seconds)

    def datetime_at(self, t: float) -> datetime:
        """The aware datetime of simulated second ``t``."""
        return self.epoch + timedelta(seconds=t)

    def iso(self, t: float | None = None) -> str:
        """ISO-8601 of simulated second ``t`` (default: now)."""
        return iso(self.datetime_at(self.now() if t is None else t))

    def seconds_at(self, text: str) -> float:
        """Simulated seconds of an ISO-8601 timestamp."""
        return parse_iso(text).timestamp() - self._epoch_unix
