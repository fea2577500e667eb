"""The virtual clock: time moves only when the simulation steps, never with the wall clock."""

from __future__ import annotations

import heapq
from datetime import datetime, timedelta, timezone
from typing import Any

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
        self._offsets: dict[str, float] = {}  # timestamp -> seconds since the epoch
        self._stamped_at: float | None = None
        self._stamp = ""

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
        t = self._now if t is None else t
        if t != self._stamped_at:  # many objects are written at the same instant: format it once
            self._stamped_at, self._stamp = t, format_time(self.epoch + timedelta(seconds=t))
        return self._stamp

    def seconds_since(self, timestamp: str) -> float:
        """Virtual seconds elapsed since an API timestamp (negative if it is in the future)."""
        offset = self._offsets.get(timestamp)
        if offset is None:  # controllers read the same few timestamps over and over: parse each once
            if len(self._offsets) >= 4096:
                self._offsets.clear()
            offset = self._offsets[timestamp] = (parse_time(timestamp) - self.epoch).total_seconds()
        return self._now - offset


class TimerQueue:
    """The discrete-event heart of the simulation: a heap of ``(t, seq, handler, args)``.

    Handlers are *names* registered with :meth:`register`, and args are JSON data, so the whole
    queue can be saved in a snapshot and restored to continue exactly as an uninterrupted run.
    Ties break by ``seq`` (insertion order), so runs are deterministic. Time moves only in
    :meth:`step`. A *recurring* timer (heartbeats, probes, back-offs) does not keep the cluster
    from being "stable"; everything else does.
    """

    def __init__(self, clock: Clock):
        self.clock = clock
        self._heap: list[list] = []  # [t, seq, handler, args, recurring, key, alive]
        self._seq = 0
        self._handlers: dict[str, Any] = {}
        self._keyed: dict[str, list] = {}  # key -> entry, for de-duplicated timers
        self._live_nonrecurring = 0

    def register(self, name: str, fn: Any) -> None:
        self._handlers[name] = fn

    def call_at(self, t: float, handler: str, *args: Any, recurring: bool = False, key: str | None = None) -> list:
        """Run ``handler(*args)`` at virtual time ``t`` (never earlier than now).

        With ``key``, an already pending timer of that key is kept when it fires no later than
        ``t`` (work is coalesced, like a controller's work queue); otherwise it is moved to ``t``."""
        if handler not in self._handlers:
            raise KeyError(f"no timer handler named {handler!r}")
        t = max(float(t), self.clock.now)
        if key is not None:
            existing = self._keyed.get(key)
            if existing is not None and existing[6]:
                if existing[0] <= t:
                    return existing
                self.cancel(existing)
        self._seq += 1
        entry = [t, self._seq, handler, args, recurring, key, True]
        heapq.heappush(self._heap, entry)
        if key is not None:
            self._keyed[key] = entry
        if not recurring:
            self._live_nonrecurring += 1
        return entry

    def call_later(self, delay: float, handler: str, *args: Any, recurring: bool = False, key: str | None = None) -> list:
        return self.call_at(self.clock.now + delay, handler, *args, recurring=recurring, key=key)

    def cancel(self, entry: list | None) -> None:
        if entry is None or not entry[6]:
            return
        entry[6] = False
        if not entry[4]:
            self._live_nonrecurring -= 1
        if entry[5] is not None and self._keyed.get(entry[5]) is entry:
            del self._keyed[entry[5]]

    def cancel_key(self, key: str) -> None:
        self.cancel(self._keyed.get(key))

    def pending(self, key: str) -> bool:
        entry = self._keyed.get(key)
        return entry is not None and entry[6]

    def _prune(self) -> None:
        heap = self._heap
        while heap and not heap[0][6]:
            heapq.heappop(heap)

    def next_time(self) -> float | None:
        self._prune()
        return self._heap[0][0] if self._heap else None

    @property
    def busy(self) -> bool:
        """True while any non-recurring timer is pending (the cluster is not yet stable)."""
        return self._live_nonrecurring > 0

    def step(self) -> bool:
        """Advance to the earliest timer and run it; False when there is nothing left."""
        self._prune()
        if not self._heap:
            return False
        entry = heapq.heappop(self._heap)
        t, _, handler, args, recurring, key, _ = entry
        entry[6] = False
        if not recurring:
            self._live_nonrecurring -= 1
        if key is not None and self._keyed.get(key) is entry:
            del self._keyed[key]
        self.clock.advance_to(t)
        self._handlers[handler](*args)
        return True

    def dump(self) -> list:
        self._prune()
        return [[e[0], e[1], e[2], list(e[3]), e[4], e[5]] for e in sorted(self._heap) if e[6]] + [["seq", self._seq]]

    def load(self, data: list) -> None:
        self._heap, self._keyed, self._live_nonrecurring = [], {}, 0
        for item in data:
            if item[0] == "seq":
                self._seq = item[1]
                continue
            t, seq, handler, args, recurring, key = item
            entry = [t, seq, handler, tuple(args), recurring, key, True]
            self._heap.append(entry)
            if key is not None:
                self._keyed[key] = entry
            if not recurring:
                self._live_nonrecurring += 1
        heapq.heapify(self._heap)
