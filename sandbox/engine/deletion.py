"""Deletion as the API server and its controllers carry it out (§5, §6, §15).

- Graceful pod deletion: a pod on a node gets ``deletionTimestamp`` + grace period and the kubelet
  finishes it; unscheduled or finished pods, ``--grace-period=0`` and a cluster without kubelets
  (engine I) remove it at once.
- Finalizers: an object with finalizers only gets ``deletionTimestamp`` and stays until they are gone.
- Propagation through ownerReferences: Background (owner now, dependents by the garbage
  collector), Foreground (finalizer ``foregroundDeletion`` until the blocking dependents are gone),
  Orphan (finalizer ``orphan``; dependents lose the reference and stay).
- Namespaces: ``Terminating``, then the namespace controller deletes the content, then the namespace.

The garbage collector and the namespace controller run inside the request while
``auto_gc``/``auto_namespace_sync`` are on (engine I); engine II turns them off and calls
:meth:`DeletionMixin.garbage_collect` and :meth:`DeletionMixin.sync_namespace` from its loop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import resources
from .apierrors import APIError
from .messages import issue

if TYPE_CHECKING:
    from .clock import Clock
    from .store import Store

IMMORTAL_NAMESPACES = ("default", "kube-public", "kube-system")  # §15
PROPAGATIONS = ("Background", "Foreground", "Orphan")


class DeletionMixin:
    """The delete verb and the controllers that finish deletions; mixed into APIServer."""

    store: Store
    clock: Clock
    gc_pending: dict[str, None]
    graceful_pod_deletion: bool
    auto_gc: bool
    auto_namespace_sync: bool

    # --- delete -----------------------------------------------------------------------------

    def delete(self, kind: str, namespace: str | None, name: str, *, propagation: str = "Background",
               grace_period: int | None = None, dry_run: bool = False) -> dict:
        """Delete like the real server: returns the object as deleted, or as it now waits (deletionTimestamp)."""
        res = self.resource_for(kind)
        ns = self._ns(res, namespace)
        self._trace("delete", res.kind, ns, name)
        self._allowed(res, "delete")
        if propagation not in PROPAGATIONS:
            item = issue("api.propagation", value=propagation)
            raise APIError.from_issue(400, "BadRequest", item, kind=res.kind, name=name, resource=res, verb="deleting")
        obj = self.store.get(res.kind, ns, name)
        if obj is None:
            raise self._not_found(res, name, "deleting")
        if res.kind == "Namespace":
            return self._delete_namespace(obj, dry_run)
        if dry_run:
            return obj
        result = self._delete(obj, propagation, grace_period)
        self._after_delete()
        return result

    def _delete(self, obj: dict, propagation: str, grace_period: int | None) -> dict:
        kind, meta = obj["kind"], obj["metadata"]
        namespace, name = meta.get("namespace", ""), meta["name"]
        if kind == "Pod":
            waiting = self._graceful_pod_delete(obj, grace_period)
            if waiting is not None:
                return waiting
        finalizers = list(meta.get("finalizers") or [])
        extra = {"Foreground": "foregroundDeletion", "Orphan": "orphan"}.get(propagation)
        if extra and extra not in finalizers and not meta.get("deletionTimestamp"):
            finalizers.append(extra)
        if not finalizers:
            return self._remove(kind, namespace, name)
        if meta.get("deletionTimestamp") and meta.get("finalizers") == finalizers:
            return obj  # already waiting for its finalizers
        meta.setdefault("deletionTimestamp", self.clock.timestamp())
        meta.setdefault("deletionGracePeriodSeconds", 0)
        meta["finalizers"] = finalizers
        self.gc_pending[meta["uid"]] = None
        return self._persist(obj)

    def _graceful_pod_delete(self, pod: dict, grace_period: int | None) -> dict | None:
        """Graceful pod deletion (§6): mark it and let the kubelet finish, or None to delete at once."""
        meta, spec = pod["metadata"], pod.get("spec") or {}
        grace = grace_period if grace_period is not None else spec.get("terminationGracePeriodSeconds", 30)
        grace = max(0, int(grace if grace is not None else 30))
        phase = (pod.get("status") or {}).get("phase")
        # Unscheduled and finished pods have nothing to stop; without a kubelet nobody would finish it.
        if grace == 0 or not spec.get("nodeName") or phase in ("Succeeded", "Failed") or not self.graceful_pod_deletion:
            return None
        deadline = self.clock.now + grace
        if meta.get("deletionTimestamp") and self.clock.seconds_since(meta["deletionTimestamp"]) >= -grace:
            return pod  # a second delete may only shorten the grace period
        meta["deletionTimestamp"] = self.clock.timestamp(deadline)
        meta["deletionGracePeriodSeconds"] = grace
        return self._persist(pod)

    def _delete_namespace(self, ns: dict, dry_run: bool) -> dict:
        name = ns["metadata"]["name"]
        if name in IMMORTAL_NAMESPACES:
            item = issue("api.namespace_immortal", name=name)
            raise APIError.from_issue(403, "Forbidden", item, kind="Namespace", name=name,
                                      resource=resources.by_kind("Namespace"), verb="deleting")
        if dry_run or ns["metadata"].get("deletionTimestamp"):
            return ns
        ns["metadata"]["deletionTimestamp"] = self.clock.timestamp()
        ns["metadata"]["deletionGracePeriodSeconds"] = 0
        ns.setdefault("status", {})["phase"] = "Terminating"  # §15
        terminating = self._persist(ns)
        if self.auto_namespace_sync:
            self.sync_namespace(name)
        return terminating

    def sync_namespace(self, name: str) -> bool:
        """The namespace controller: delete the content of a terminating namespace, then the namespace.

        Returns True when the namespace is gone. Engine I calls it inside the delete; engine II
        may call it from its namespace controller (with ``auto_namespace_sync = False``).
        """
        ns = self.store.get("Namespace", "", name)
        if ns is None or not ns["metadata"].get("deletionTimestamp"):
            return ns is None
        with self.acting_as("namespace-controller"):
            for key in self.store.namespace_contents(name):
                obj = self.store.get(*key)
                if obj is not None and not obj["metadata"].get("deletionTimestamp"):
                    self._trace("delete", key[0], key[1], key[2])
                    self._delete(obj, "Background", None)
            self._after_delete()
            if self.store.namespace_contents(name):
                return False  # pods still terminating, or finalizers: try again later
            self._trace("delete", "Namespace", "", name)
            self._remove("Namespace", "", name)
        return True

    def _after_delete(self) -> None:
        if self.auto_gc:
            self.garbage_collect()

    # --- garbage collector (§5) -------------------------------------------------------------

    def garbage_collect(self, full: bool = False) -> int:
        """Settle ownerReferences: delete dependents of deleted owners, orphan or wait as asked.

        Works through ``gc_pending`` (owners that changed); ``full=True`` also checks every
        object with ownerReferences (after a restore, or for references that never resolved).
        Returns the number of objects changed.
        """
        if full:
            for kind in self.store.kinds():
                for obj in self.store.list(kind):
                    for ref in obj["metadata"].get("ownerReferences") or ():
                        if ref.get("uid"):
                            self.gc_pending[ref["uid"]] = None
        changes = 0
        with self.acting_as("garbage-collector"):
            while self.gc_pending:
                uid = next(iter(self.gc_pending))
                del self.gc_pending[uid]
                changes += self._collect(uid)
        return changes

    def _collect(self, uid: str) -> int:
        key = self.store.key_for_uid(uid)
        owner = self.store.get(*key) if key else None
        if owner is not None and not owner["metadata"].get("deletionTimestamp"):
            return 0
        changes = 0
        dependents = self.store.dependents(uid)
        if owner is None:
            for dep in dependents:
                refs = dep["metadata"].get("ownerReferences") or []
                alive = [r for r in refs if r.get("uid") != uid and self.store.key_for_uid(r.get("uid", ""))]
                if alive:
                    dep["metadata"]["ownerReferences"] = alive  # drop the dangling reference only
                    self._persist(dep)
                elif not dep["metadata"].get("deletionTimestamp"):
                    self._trace("delete", dep["kind"], dep["metadata"].get("namespace", ""), dep["metadata"]["name"])
                    self._delete(dep, "Background", None)
                changes += 1
            return changes
        finalizers = list(owner["metadata"].get("finalizers") or [])
        if "orphan" in finalizers:
            for dep in dependents:
                refs = dep["metadata"].get("ownerReferences") or []
                dep["metadata"]["ownerReferences"] = [r for r in refs if r.get("uid") != uid]
                if not dep["metadata"]["ownerReferences"]:
                    del dep["metadata"]["ownerReferences"]
                self._persist(dep)
                changes += 1
            finalizers.remove("orphan")
            return changes + self._set_finalizers(owner, finalizers)
        if "foregroundDeletion" in finalizers:
            for dep in dependents:
                if not dep["metadata"].get("deletionTimestamp"):
                    self._trace("delete", dep["kind"], dep["metadata"].get("namespace", ""), dep["metadata"]["name"])
                    self._delete(dep, "Foreground", None)
                    changes += 1
            blocking = [d for d in self.store.dependents(uid) if _blocks(d, uid)]
            if not blocking:
                finalizers.remove("foregroundDeletion")
                changes += self._set_finalizers(owner, finalizers)
        return changes

    def _set_finalizers(self, obj: dict, finalizers: list[str]) -> int:
        meta = obj["metadata"]
        if not finalizers and meta.get("deletionTimestamp"):
            self._remove(obj["kind"], meta.get("namespace", ""), meta["name"])
        else:
            meta["finalizers"] = finalizers
            self._persist(obj)
        return 1


def _blocks(dependent: dict, owner_uid: str) -> bool:
    """Whether ``dependent`` holds up the foreground deletion of its owner (blockOwnerDeletion)."""
    refs = dependent["metadata"].get("ownerReferences") or ()
    return any(r.get("uid") == owner_uid and r.get("blockOwnerDeletion") for r in refs)
