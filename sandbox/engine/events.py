"""The event recorder: components report what happened as core/v1 Event objects.

Like client-go's recorder, identical events for the same object (same reason, message, source)
are aggregated: ``count`` goes up and ``lastTimestamp`` moves, instead of a new object. Names
follow the real form ``<object name>.<16 hex digits>``, derived from the virtual time so runs
are deterministic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .apierrors import APIError

if TYPE_CHECKING:
    from .apiserver import APIServer

# Event TTL (`--event-ttl`, 1 h): older events are removed by the recorder's sweep.
EVENT_TTL_SECONDS = 3600.0
# client-go's EventCorrelator remembers the events it may aggregate in an LRU cache of this size
# (maxLruCacheEntries): an event older than the last 4,096 distinct ones starts a new object.
AGGREGATION_CACHE_SIZE = 4096


def involved(obj: dict, field_path: str | None = None) -> dict:
    meta = obj.get("metadata") or {}
    ref = {"apiVersion": obj.get("apiVersion", "v1"), "kind": obj.get("kind"), "name": meta.get("name"),
           "uid": meta.get("uid"), "resourceVersion": meta.get("resourceVersion")}
    if meta.get("namespace"):
        ref["namespace"] = meta["namespace"]
    if field_path:
        ref["fieldPath"] = field_path
    return ref


class EventRecorder:
    def __init__(self, api: APIServer):
        self.api = api
        self._index: dict[tuple, str] = {}  # aggregation key -> event name
        self._serial = 0

    def record(self, obj: dict, type_: str, reason: str, message: str, component: str,
               host: str | None = None, field_path: str | None = None) -> dict:
        """Create or bump the Event for (object, reason, message, source)."""
        api = self.api
        meta = obj.get("metadata") or {}
        namespace = meta.get("namespace") or "default"
        key = (obj.get("kind"), namespace, meta.get("name"), meta.get("uid"), field_path, type_, reason, message,
               component, host)
        now = api.clock.timestamp()
        name = self._index.pop(key, None)
        if name is not None:
            self._index[key] = name  # most recently used last
            existing = api.store.get("Event", namespace, name)
            if existing is not None:
                existing["count"] = int(existing.get("count") or 1) + 1
                existing["lastTimestamp"] = now
                with api.acting_as(component):  # an Event has no status: the whole object is replaced
                    return api.update(existing, validate=False)
        self._serial += 1
        nanos = int(round(api.clock.now * 1e9)) + self._serial
        name = f"{meta.get('name')}.{(0x180000000000000 + nanos) & 0xFFFFFFFFFFFFFFFF:016x}"
        source = {"component": component}
        if host:
            source["host"] = host
        event = {
            "apiVersion": "v1", "kind": "Event",
            "metadata": {"name": name, "namespace": namespace},
            "involvedObject": involved(obj, field_path),
            "reason": reason, "message": message, "type": type_, "source": source,
            "firstTimestamp": now, "lastTimestamp": now, "count": 1,
            "reportingComponent": component if component != "kubelet" else "kubelet",
            "reportingInstance": host or "",
        }
        try:
            with api.acting_as(component):
                stored = api.create_event(event)
        except APIError:
            # client-go's recorder: "Server rejected event (will not retry!)" — e.g. the namespace is
            # being terminated while the kubelet still reports the pods it stops there.
            return event
        self._index[key] = name
        if len(self._index) > AGGREGATION_CACHE_SIZE:
            del self._index[next(iter(self._index))]  # the least recently used
        return stored

    def dump(self) -> dict:
        return {"serial": self._serial, "index": [[list(k), v] for k, v in self._index.items()]}

    def load(self, data: dict) -> None:
        self._serial = data.get("serial", 0)
        self._index = {tuple(k): v for k, v in data.get("index", ())}
