"""The cluster plus the helpers every describer needs (listing, ages)."""

from __future__ import annotations

import math

from sandbox.engine.kubectl.format import human_duration

from ._values import _meta, _normalize_timestamp, _parse_time


class _Ctx:
    """The cluster plus the helpers every describer needs (listing, ages)."""

    def __init__(self, cluster):
        self.cluster = cluster
        self.api = cluster.api
        self.clock = cluster.clock

    def list(self, kind: str, namespace: str | None = None) -> list[dict]:
        try:
            items = self.api.list(kind, namespace=namespace)
        except Exception:  # a kind the API server does not serve: treat as empty
            return []
        items = [o for o in items or [] if isinstance(o, dict)]
        # the API server lists in key order: namespace, then name
        return sorted(items, key=lambda o: (_meta(o).get("namespace") or "", _meta(o).get("name") or ""))

    def get(self, kind: str, namespace: str | None, name: str) -> dict | None:
        for item in self.list(kind, namespace):
            if _meta(item).get("name") == name and (
                namespace is None or (_meta(item).get("namespace") or "") == namespace
            ):
                return item
        return None

    def since(self, value) -> str:
        """translateTimestampSince: `<unknown>` for a zero time, else HumanDuration(now - t)."""
        if not value:
            return "<unknown>"
        seconds = self.clock.seconds_since(_normalize_timestamp(value))
        return _human(seconds)

    def duration(self, start, end) -> str:
        return _human((_parse_time(end) - _parse_time(start)).total_seconds())


def _human(seconds: float) -> str:
    # Go: int(d.Seconds()) truncates toward zero before every comparison.
    return human_duration(math.trunc(seconds))
