"""The namespace controller (§15): a terminating namespace is emptied, then removed."""

from __future__ import annotations

from .base import Component

RETRY_SECONDS = 1.0


class NamespaceController(Component):
    caller = "namespace-controller"
    name = "namespace"
    watches = ("Namespace",)
    latency = 0.1

    def on_change(self, op: str, obj: dict) -> None:
        if op != "DELETED" and (obj.get("metadata") or {}).get("deletionTimestamp"):
            self.enqueue(obj["metadata"]["name"])

    def start(self) -> None:
        for ns in self.store.list("Namespace"):
            if ns["metadata"].get("deletionTimestamp"):
                self.enqueue(ns["metadata"]["name"])

    def reconcile(self, name: str) -> None:
        if not self.api.sync_namespace(name):
            self.enqueue(name, delay=RETRY_SECONDS)  # content still terminating
