"""What every simulated control-plane component shares: watching, a work queue, a trace name.

A component declares the kinds it watches; after every write to the store the cluster hands it
the changed object (:meth:`Component.on_change`), and the component only *enqueues keys* — work
happens later in :meth:`Component.reconcile`, on the virtual clock, re-reading current state
(level-driven, like a real controller). Enqueueing the same key twice before it runs is one run.

Timers go through the cluster's :class:`~sandbox.engine.clock.TimerQueue` by handler *name* with
JSON arguments, so a snapshot can save pending work and a restore can continue it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..cluster import Cluster


class Component:
    #: how the trace names this component (`controller-manager`, `scheduler`, `kubelet` ...)
    caller = "controller-manager"
    #: unique name; also the prefix of its timer handlers
    name = "component"
    #: kinds whose changes :meth:`on_change` wants to see
    watches: tuple[str, ...] = ()
    #: virtual seconds between noticing a change and acting on it
    latency = 0.05

    def __init__(self, cluster: Cluster):
        self.cluster = cluster
        self.api = cluster.api
        self.store = cluster.store
        self.clock = cluster.clock
        self.timers = cluster.timers
        self.timers.register(f"{self.name}.reconcile", self._run_reconcile)

    # --- lifecycle ------------------------------------------------------------------------

    def rebuild(self) -> None:
        """Derive in-memory caches (indexes) from the store; runs after boot and after a restore.
        Must not schedule timers: a restored cluster already has its pending work."""

    def start(self) -> None:
        """Look at what the freshly booted cluster holds and enqueue work (boot only, not restore)."""

    # --- watching -------------------------------------------------------------------------

    def on_change(self, op: str, obj: dict) -> None:
        """React to a stored change by enqueueing keys; never do the work here. Do not keep ``obj``."""

    def enqueue(self, *key: Any, delay: float | None = None, background: bool = False) -> None:
        """Reconcile ``key`` after ``delay`` (default: this component's latency); coalesced per key."""
        self.timers.call_later(self.latency if delay is None else delay, f"{self.name}.reconcile", *key,
                               recurring=background, key=f"{self.name}:{'/'.join(map(str, key))}")

    def _run_reconcile(self, *key: Any) -> None:
        with self.api.acting_as(self.caller):
            self.reconcile(*key)

    def reconcile(self, *key: Any) -> None:
        """Compare desired with actual state for ``key`` and converge one step."""

    # --- events ----------------------------------------------------------------------------

    def event(self, obj: dict, type_: str, reason: str, message: str, *, component: str | None = None,
              host: str | None = None, field_path: str | None = None) -> None:
        self.cluster.events.record(obj, type_, reason, message, component or self.caller, host, field_path)

    # --- snapshot ------------------------------------------------------------------------------

    def dump(self) -> dict:
        """State that decides future behaviour and is not in the store (counters, back-offs ...)."""
        return {}

    def load(self, data: dict) -> None:
        pass
