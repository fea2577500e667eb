"""The virtual clock: time moves only when the simulation steps, never with the wall clock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

DEFAULT_EPOCH = "2025-01-01T00:00:00Z"


def parse_time(value: str | datetime) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    parsed = datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def format_time(moment: datetime) -> str:
    """RFC 3339 in UTC with second precision, as the API server writes timestamps."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Clock:
    """Virtual seconds since ``epoch``; read ``now``, move it only through ``advance``."""

    def __init__(self, epoch: str | datetime = DEFAULT_EPOCH, now: float = 0.0):
        self.epoch = parse_time(epoch)
        self._now = float(now)

    @property
    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time does not run backwards")
        self._now += seconds

    def advance_to(self, t: float) -> None:
        if t < self._now:
            raise ValueError("time does not run backwards")
        self._now = float(t)

    def datetime(self, t: float | None = None) -> datetime:
        return self.epoch + timedelta(seconds=self._now if t is None else t)

    def timestamp(self, t: float | None = None) -> str:
        """The current (or given) virtual time as an API timestamp, e.g. ``2025-01-01T00:00:05Z``."""
        return format_time(self.datetime(t))

    def seconds_since(self, timestamp: str) -> float:
        """Virtual seconds elapsed since an API timestamp (negative if it is in the future)."""
        return self._now - (parse_time(timestamp) - self.epoch).total_seconds()
