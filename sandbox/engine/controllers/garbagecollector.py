"""The garbage collector (§5): dependents follow their owners through ownerReferences."""

from __future__ import annotations

from .base import Component


class GarbageCollector(Component):
    caller = "garbage-collector"
    name = "garbagecollector"
    watches = ("*",)
    latency = 0.05

    def on_change(self, op: str, obj: dict) -> None:
        meta = obj.get("metadata") or {}
        # A deleted owner, or one waiting in foreground/orphan deletion, needs its dependents settled.
        if op == "DELETED" or (meta.get("deletionTimestamp") and meta.get("finalizers")):
            self.enqueue("all")

    def start(self) -> None:
        if self.api.gc_pending:
            self.enqueue("all")

    def reconcile(self, *key) -> None:
        self.api.garbage_collect()
