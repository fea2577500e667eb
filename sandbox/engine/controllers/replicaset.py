"""The ReplicaSet controller (§5): keep ``spec.replicas`` active pods that match the selector.

As ``pkg/controller/replicaset`` does it: a change of a ReplicaSet, of a pod it controls or of an
orphan pod it could adopt enqueues the ReplicaSet; :meth:`ReplicaSetController.reconcile` claims
pods (adopts matching orphans, releases owned pods whose labels stopped matching), creates the
missing pods in slow-start batches (1, 2, 4 ... at most ``BURST_REPLICAS`` per sync) or deletes the
surplus in the real victim order, and writes the status. It only reads pod status, never sets it.

Pods are read through :class:`PodCache`, the controller's informer: small per-pod facts kept up to
date from the store's change stream, grouped by controller and by label set. A sync therefore
costs what changed, not the ReplicaSet's size (copying 10,000 pods on every pod update would make
a big rollout quadratic).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from ..apierrors import APIError
from ..labels import Selector, SelectorError, selector_from_label_selector
from ..store import copy_json
from .base import Component

BURST_REPLICAS = 500  # --replicaset-controller burst: creates or deletes per sync
DELETION_COST = "controller.kubernetes.io/pod-deletion-cost"
# client-go's per-item exponential failure back-off (DefaultControllerRateLimiter): 5 ms doubling to 1000 s.
RETRY_BASE_SECONDS, RETRY_MAX_SECONDS = 0.005, 1000.0
# A requeue for minReadySeconds comes a second late, as the real controller's AddAfter(minReady + 1s).
AVAILABILITY_SLACK = 1.0
PHASE_ORDER = {"Pending": 0, "Unknown": 1, "Running": 2}


# --- pure helpers and builders ---------------------------------------------------------------------


def controller_ref(owner: dict) -> dict:
    """The ownerReference a controller writes on what it creates or adopts (metav1.NewControllerRef)."""
    meta = owner["metadata"]
    return {
        "apiVersion": owner.get("apiVersion") or "apps/v1",
        "kind": owner["kind"],
        "name": meta["name"],
        "uid": meta["uid"],
        "controller": True,
        "blockOwnerDeletion": True,
    }


def controller_of(obj: dict) -> dict | None:
    """The ownerReference with ``controller: true`` (metav1.GetControllerOf), or None."""
    for ref in (obj.get("metadata") or {}).get("ownerReferences") or ():
        if isinstance(ref, dict) and ref.get("controller"):
            return ref
    return None


def pod_for(rs: dict) -> dict:
    """The pod a ReplicaSet creates (controller.GetPodFromTemplate): template labels, annotations
    and finalizers, ``generateName: <rs>-`` and the controller ownerReference; a fresh dict."""
    template = rs["spec"].get("template") or {}
    tmeta = template.get("metadata") or {}
    meta: dict = {
        "generateName": f"{rs['metadata']['name']}-",
        "namespace": rs["metadata"].get("namespace"),
        "ownerReferences": [controller_ref(rs)],
    }
    for field in ("labels", "annotations", "finalizers"):
        if tmeta.get(field):
            meta[field] = copy_json(tmeta[field])
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": copy_json(template.get("spec") or {})}


def replicaset_selector(rs: dict) -> Selector:
    try:
        return selector_from_label_selector((rs.get("spec") or {}).get("selector"))
    except SelectorError:
        return selector_from_label_selector(None)  # an invalid selector matches nothing


def is_pod_ready(pod: dict) -> bool:
    return _ready_condition(pod) is not None


def _ready_condition(pod: dict) -> dict | None:
    for c in (pod.get("status") or {}).get("conditions") or ():
        if c.get("type") == "Ready":
            return c if c.get("status") == "True" else None
    return None


# --- the informer: facts about pods ----------------------------------------------------------------


@dataclass(slots=True, eq=True)
class PodFacts:
    """What the ReplicaSet controller needs to know about one pod (equal facts: nothing to do)."""

    name: str
    uid: str
    owner_uid: str  # the controller ownerReference ("" for an orphan)
    owner_kind: str
    owner_name: str
    labels: tuple  # sorted (key, value) pairs
    active: bool  # not terminating and not Succeeded/Failed (controller.IsPodActive)
    ready: bool
    ready_since: float | None  # the Ready condition's lastTransitionTime, virtual seconds
    node: str
    phase: str
    restarts: tuple[int, int]  # max restartCount of regular containers, of restartable init containers
    cost: int  # pod-deletion-cost annotation
    created: float


def pod_facts(pod: dict, clock, before: PodFacts | None = None) -> PodFacts:
    """``before``: the pod's previous facts, whose creation time is reused (no timestamp to parse)."""
    meta, spec, status = pod["metadata"], pod.get("spec") or {}, pod.get("status") or {}
    ref = controller_of(pod) or {}
    phase = status.get("phase") or ""
    ready = _ready_condition(pod)
    since = _seconds(clock, ready.get("lastTransitionTime")) if ready is not None else None
    regular = max((int(s.get("restartCount") or 0) for s in status.get("containerStatuses") or ()), default=0)
    sidecars = max((int(s.get("restartCount") or 0) for s in status.get("initContainerStatuses") or ()), default=0)
    try:
        cost = int((meta.get("annotations") or {}).get(DELETION_COST, 0))
    except ValueError:
        cost = 0
    return PodFacts(
        name=meta["name"],
        uid=meta.get("uid") or "",
        owner_uid=ref.get("uid") or "",
        owner_kind=ref.get("kind") or "",
        owner_name=ref.get("name") or "",
        labels=tuple(sorted((meta.get("labels") or {}).items())),
        active=not meta.get("deletionTimestamp") and phase not in ("Succeeded", "Failed"),
        ready=ready is not None,
        ready_since=since,
        node=spec.get("nodeName") or "",
        phase=phase,
        restarts=(regular, sidecars),
        cost=cost,
        created=before.created
        if before is not None and before.uid == meta.get("uid")
        else (_seconds(clock, meta.get("creationTimestamp")) or 0.0),
    )


def _seconds(clock, timestamp: str | None) -> float | None:
    """An API timestamp as virtual seconds since the cluster's epoch."""
    if not timestamp:
        return None
    return clock.now - clock.seconds_since(timestamp)


class Family:
    """The active pods one controller owns, with counts per label set (labels rarely differ)."""

    __slots__ = ("members", "by_labels")

    def __init__(self) -> None:
        self.members: dict[str, PodFacts] = {}  # pod name -> facts
        self.by_labels: dict[tuple, list[int]] = {}  # labels -> [pods, ready pods]

    def add(self, facts: PodFacts) -> None:
        self.members[facts.name] = facts
        counts = self.by_labels.setdefault(facts.labels, [0, 0])
        counts[0] += 1
        counts[1] += facts.ready

    def remove(self, facts: PodFacts) -> None:
        del self.members[facts.name]
        counts = self.by_labels[facts.labels]
        counts[0] -= 1
        counts[1] -= facts.ready
        if not counts[0]:
            del self.by_labels[facts.labels]


class PodCache:
    """Per-namespace pod facts: the active pods of each controller, and the active orphans."""

    def __init__(self) -> None:
        self.pods: dict[tuple[str, str], PodFacts] = {}
        self.families: dict[str, Family] = {}  # controller uid -> its active pods
        self.orphans: dict[str, dict[str, PodFacts]] = {}  # namespace -> active pods without a controller
        self._labels: dict[tuple, dict] = {}

    def put(self, namespace: str, name: str, facts: PodFacts | None) -> PodFacts | None:
        """Record the pod's new facts (None: deleted); returns the previous ones."""
        old = self.pods.pop((namespace, name), None)
        if old is not None and old.active:
            if old.owner_uid:
                family = self.families[old.owner_uid]
                family.remove(old)
                if not family.members:
                    del self.families[old.owner_uid]
            else:
                orphans = self.orphans[namespace]
                del orphans[name]
                if not orphans:
                    del self.orphans[namespace]
        if facts is not None:
            self.pods[(namespace, name)] = facts
            if facts.active:
                if facts.owner_uid:
                    self.families.setdefault(facts.owner_uid, Family()).add(facts)
                else:
                    self.orphans.setdefault(namespace, {})[name] = facts
        return old

    def family(self, uid: str) -> Family:
        return self.families.get(uid) or Family()

    def labels(self, labels: tuple) -> dict:
        """The labels as a dict, shared between the pods that carry the same set."""
        found = self._labels.get(labels)
        if found is None:
            found = self._labels[labels] = dict(labels)
        return found


class Counts(NamedTuple):
    replicas: int
    labeled: int
    ready: int
    available: int
    next_available: float | None  # when the next ready pod becomes available (minReadySeconds)


@dataclass(slots=True)
class _ReplicaSetInfo:
    uid: str
    selector: Selector
    controller_uid: str


# --- the controller --------------------------------------------------------------------------------


class ReplicaSetController(Component):
    caller = "replicaset-controller"
    name = "replicaset"
    watches = ("ReplicaSet", "Pod")
    latency = 0.05

    def __init__(self, cluster):
        super().__init__(cluster)
        self.cache = PodCache()
        self._replicasets: dict[str, dict[str, _ReplicaSetInfo]] = {}  # namespace -> name -> info
        self._failures: dict[str, int] = {}  # "ns/name" -> consecutive failed syncs (back-off)

    # --- watching -----------------------------------------------------------------------------

    def on_change(self, op: str, obj: dict) -> None:
        if obj["kind"] == "Pod":
            self._pod_changed(op, obj)
        else:
            self._replicaset_changed(op, obj)

    def _pod_changed(self, op: str, pod: dict) -> None:
        meta = pod["metadata"]
        namespace = meta.get("namespace") or ""
        before = self.cache.pods.get((namespace, meta["name"]))
        new = None if op == "DELETED" else pod_facts(pod, self.clock, before)
        old = self.cache.put(namespace, meta["name"], new)
        if old == new:
            return  # nothing a ReplicaSet looks at has changed
        for facts in (old, new):
            if facts is not None and facts.owner_kind == "ReplicaSet":
                self.enqueue(namespace, facts.owner_name)
        if (
            new is not None
            and new.active
            and not new.owner_uid
            and (old is None or old.labels != new.labels or old.owner_uid or not old.active)
        ):
            labels = self.cache.labels(new.labels)
            for name, info in sorted(self._replicasets.get(namespace, {}).items()):
                if info.selector.matches(labels):
                    self.enqueue(namespace, name)  # it may adopt the orphan

    def _replicaset_changed(self, op: str, rs: dict) -> None:
        meta = rs["metadata"]
        namespace, name = meta.get("namespace") or "", meta["name"]
        if op == "DELETED":
            self._replicasets.get(namespace, {}).pop(name, None)
            self._failures.pop(f"{namespace}/{name}", None)
            return
        ref = controller_of(rs) or {}
        self._replicasets.setdefault(namespace, {})[name] = _ReplicaSetInfo(
            meta.get("uid") or "", replicaset_selector(rs), ref.get("uid") or ""
        )
        self.enqueue(namespace, name)

    # --- reconcile ----------------------------------------------------------------------------

    def reconcile(self, namespace: str, name: str) -> None:
        rs = self.store.get("ReplicaSet", namespace, name)
        if rs is None:
            return
        selector = replicaset_selector(rs)
        family = self._claim(rs, selector)
        counts = self._count(rs, family, selector)  # the status reports the pods as this sync found them
        error = None
        if not rs["metadata"].get("deletionTimestamp"):
            error = self._manage(rs, family, selector, counts.replicas)
        self._write_status(rs, counts, error)
        key = f"{namespace}/{name}"
        if error is not None:
            failures = self._failures.get(key, 0)
            self._failures[key] = failures + 1
            delay = min(RETRY_BASE_SECONDS * 2 ** min(failures, 30), RETRY_MAX_SECONDS)
            self.retry(namespace, name, delay=delay)
        else:
            self._failures.pop(key, None)
            if counts.next_available is not None:
                self.enqueue(namespace, name, delay=counts.next_available - self.clock.now + AVAILABILITY_SLACK)

    def retry(self, namespace: str, name: str, delay: float) -> None:
        """A back-off retry: a background timer (like a crash loop's) with its own key, so that it never
        swallows a normal enqueue (run(until="stable") must still wait for that one)."""
        self.timers.call_later(
            delay,
            f"{self.name}.reconcile",
            namespace,
            name,
            recurring=True,
            key=f"{self.name}-retry:{namespace}/{name}",
        )

    def _claim(self, rs: dict, selector: Selector) -> Family:
        """ClaimPods: release owned pods whose labels stopped matching, adopt matching orphans."""
        meta = rs["metadata"]
        namespace, uid = meta.get("namespace") or "", meta["uid"]
        if meta.get("deletionTimestamp"):
            return self.cache.family(uid)  # a ReplicaSet being deleted neither adopts nor releases
        family = self.cache.family(uid)
        stale = {labels for labels in family.by_labels if not selector.matches(self.cache.labels(labels))}
        if stale:
            for name in sorted(n for n, f in family.members.items() if f.labels in stale):
                self._set_controller(namespace, name, uid, None)
        orphans = self.cache.orphans.get(namespace, {})
        for name in sorted(n for n, f in orphans.items() if selector.matches(self.cache.labels(f.labels))):
            self._set_controller(namespace, name, "", controller_ref(rs))
        return self.cache.family(uid)

    def _set_controller(self, namespace: str, name: str, expected_uid: str, ref: dict | None) -> None:
        """Adopt (``ref``) or release a pod by patching its ownerReferences."""
        pod = self.store.get("Pod", namespace, name)
        if pod is None or ((controller_of(pod) or {}).get("uid") or "") != expected_uid:
            return  # gone, or someone else got there first
        refs = list(pod["metadata"].get("ownerReferences") or ())
        if ref is not None:
            refs.append(ref)
        else:
            refs = [r for r in refs if r.get("uid") != expected_uid]
        try:
            self.api.patch(
                "Pod", namespace, name, {"metadata": {"ownerReferences": refs or None}}, "merge", validate=False
            )
        except APIError:
            pass  # the pod went away meanwhile; the next sync sees the truth

    def _count(self, rs: dict, family: Family, selector: Selector) -> Counts:
        """calculateStatus: replicas, fully labeled, ready and available among the claimed pods."""
        spec = rs["spec"]
        template_labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels") or {}
        replicas = labeled = ready = 0
        matching: list[tuple] = []
        for labels, (pods, ready_pods) in family.by_labels.items():
            as_dict = self.cache.labels(labels)
            if not selector.matches(as_dict):
                continue
            matching.append(labels)
            replicas += pods
            ready += ready_pods
            if all(as_dict.get(k) == v for k, v in template_labels.items()):
                labeled += pods
        min_ready = int(spec.get("minReadySeconds") or 0)
        if min_ready <= 0 or not ready:
            return Counts(replicas, labeled, ready, ready, None)
        now, available, upcoming = self.clock.now, 0, None
        wanted = set(matching)
        for facts in family.members.values():
            if not facts.ready or facts.labels not in wanted or facts.ready_since is None:
                continue
            at = facts.ready_since + min_ready
            if at < now:
                available += 1
            elif upcoming is None or at < upcoming:
                upcoming = at
        return Counts(replicas, labeled, ready, available, upcoming)

    def _manage(self, rs: dict, family: Family, selector: Selector, active: int) -> str | None:
        """manageReplicas: create or delete pods; returns the error message that stopped it, if any."""
        diff = active - int(rs["spec"].get("replicas", 1))
        if diff < 0:
            return self._create(rs, min(-diff, BURST_REPLICAS))
        if diff > 0:
            return self._delete(rs, family, selector, min(diff, BURST_REPLICAS))
        return None

    def _create(self, rs: dict, count: int) -> str | None:
        """Slow start: batches of 1, 2, 4 ... creates; a batch with a failure ends the sync."""
        pod = pod_for(rs)
        batch = min(count, 1)
        while batch > 0:
            failed = None
            for _ in range(batch):
                try:
                    created = self.api.create(pod, validate=False)
                except APIError as exc:
                    if exc.code == "api.namespace_terminating":
                        continue  # every create would fail; the namespace controller is cleaning up
                    failed = failed or exc.message
                    self.event(rs, "Warning", "FailedCreate", f"Error creating: {exc.message}")
                    continue
                self.event(rs, "Normal", "SuccessfulCreate", f"Created pod: {created['metadata']['name']}")
            if failed is not None:
                return failed
            count -= batch
            batch = min(2 * batch, count)
        return None

    def _delete(self, rs: dict, family: Family, selector: Selector, count: int) -> str | None:
        claimed = {labels for labels in family.by_labels if selector.matches(self.cache.labels(labels))}
        pods = [f for f in family.members.values() if f.labels in claimed]
        if count < len(pods):
            pods = self._ranked(rs, pods)
        else:
            pods.sort(key=lambda f: f.name)  # all of them go: no ranking (getPodsToDelete), a stable order
        namespace, failed = rs["metadata"].get("namespace") or "", None
        for facts in pods[:count]:
            try:
                self.api.delete("Pod", namespace, facts.name)
            except APIError as exc:
                if exc.reason != "NotFound":
                    self.event(rs, "Warning", "FailedDelete", f"Error deleting: {exc.message}")
                    failed = failed or f"unable to delete pods: {exc.message}"
                continue
            self.event(rs, "Normal", "SuccessfulDelete", f"Deleted pod: {facts.name}")
        return failed

    def _ranked(self, rs: dict, pods: list[PodFacts]) -> list[PodFacts]:
        """getPodsToDelete: ActivePodsWithRanks order, rank = related active pods on the same node."""
        on_node: Counter[str] = Counter()
        controller = (controller_of(rs) or {}).get("uid")
        if controller:  # related = pods of the ReplicaSets with the same controller (a Deployment's revisions)
            namespace = rs["metadata"].get("namespace") or ""
            for info in self._replicasets.get(namespace, {}).values():
                if info.controller_uid == controller:
                    on_node.update(facts.node for facts in self.cache.family(info.uid).members.values())
        now = self.clock.now
        return sorted(pods, key=lambda pod: victim_key(pod, on_node, now))

    def _write_status(self, rs: dict, counts: Counts, error: str | None) -> None:
        old = rs.get("status") or {}
        conditions = list(old.get("conditions") or ())
        failure = any(c.get("type") == "ReplicaFailure" for c in conditions)
        if error is not None and not failure:
            reason = "FailedCreate" if counts.replicas < int(rs["spec"].get("replicas", 1)) else "FailedDelete"
            conditions.append(
                {
                    "type": "ReplicaFailure",
                    "status": "True",
                    "lastTransitionTime": self.clock.timestamp(),
                    "reason": reason,
                    "message": error,
                }
            )
        elif error is None and failure:
            conditions = [c for c in conditions if c.get("type") != "ReplicaFailure"]
        generation = rs["metadata"].get("generation", 0)
        fields = {
            "replicas": counts.replicas,
            "fullyLabeledReplicas": counts.labeled,
            "readyReplicas": counts.ready,
            "availableReplicas": counts.available,
        }
        if (
            all(int(old.get(k) or 0) == v for k, v in fields.items())
            and generation == old.get("observedGeneration", 0)
            and (old.get("conditions") or []) == conditions
        ):
            return
        status = {k: v for k, v in old.items() if k not in fields and k not in ("conditions", "observedGeneration")}
        status["replicas"] = counts.replicas  # not omitempty, unlike the other counts
        status.update({k: v for k, v in fields.items() if v and k != "replicas"})
        if generation:
            status["observedGeneration"] = generation
        if conditions:
            status["conditions"] = conditions
        try:
            self.api.update_status({**rs, "status": status})
        except APIError:
            self.enqueue(rs["metadata"].get("namespace") or "", rs["metadata"]["name"])

    # --- snapshot -----------------------------------------------------------------------------

    def dump(self) -> dict:
        return {"failures": dict(sorted(self._failures.items()))}

    def load(self, data: dict) -> None:
        """After a restore: rebuild the informer cache from the store (it is derived state)."""
        self._failures = dict(data.get("failures", {}))
        for rs in self.store.list("ReplicaSet"):
            meta = rs["metadata"]
            self._replicasets.setdefault(meta.get("namespace") or "", {})[meta["name"]] = _ReplicaSetInfo(
                meta.get("uid") or "", replicaset_selector(rs), (controller_of(rs) or {}).get("uid") or ""
            )
        for pod in self.store.list("Pod"):
            self.cache.put(pod["metadata"].get("namespace") or "", pod["metadata"]["name"], pod_facts(pod, self.clock))


# --- the victim order ------------------------------------------------------------------------------


def victim_key(pod: PodFacts, on_node: Counter[str], now: float) -> tuple:
    """ActivePodsWithRanks.Less as a sort key (LogarithmicScaleDown and PodDeletionCost on, as by default).

    Go compares pairs: two ready pods whose ready times differ inside one log2 bucket are ordered by
    UID, while equal ready times fall through to restarts and age. That pairwise rule is not always
    transitive, so no key reproduces it exactly; this key breaks every tie inside a bucket by UID,
    as §5 lists the rules, and sorts 10,000 pods in milliseconds instead of seconds.
    """
    if not pod.ready:
        ready: tuple = ()
    elif pod.ready_since is None:
        ready = (0,)  # ready, but no transition time: "empty time" first
    else:
        ready = (1, _log_rank(pod.ready_since, now), pod.uid)  # 6. ready more recently first
    return (
        bool(pod.node),  # 1. unassigned first
        PHASE_ORDER.get(pod.phase, 0),  # 2. Pending < Unknown < Running
        pod.ready,  # 3. not ready first
        pod.cost,  # 4. lower pod-deletion-cost first
        -on_node[pod.node],  # 5. more related pods on the same node ("doubled up") first
        ready,
        -pod.restarts[0],  # 7. more restarts first (regular containers, then sidecars)
        -pod.restarts[1],
        _log_rank(pod.created, now),  # 8. newer first, in log2 buckets
        pod.uid,
    )


def _log_rank(t: float, now: float) -> int:
    """int64(math.Log2(float64(now.Sub(t)))) with the duration in nanoseconds; -1 when not in the past."""
    elapsed = int((now - t) * 1e9)
    return int(math.log2(elapsed)) if elapsed > 0 else -1
