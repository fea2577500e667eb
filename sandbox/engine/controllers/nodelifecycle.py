"""The node lifecycle controller and the taint eviction controller (reference §8, §2).

A healthy cluster costs nothing here: a running kubelet's heartbeats (its Lease, renewed every 10 s)
are implicit, so nothing ticks. When a kubelet stops (``Cluster.fail_node``) the controller monitors
the nodes every ``--node-monitor-period`` (5 s, on the 5 s grid since boot) until every node is healthy
and untainted again. At the first tick after the Lease's last renewal + ``--node-monitor-grace-period``
(50 s in 1.32) it sets every node condition to ``Unknown`` (``NodeStatusUnknown``, `Kubelet stopped
posting node status.`), records ``NodeNotReady`` on the node, sets the Ready condition of its pods to
False (Warning ``NodeNotReady`` `Node is not ready` on each) and taints it
``node.kubernetes.io/unreachable`` ``NoExecute`` (with ``timeAdded``) and ``NoSchedule``. A node whose
kubelet posts Ready again loses both taints at the next tick.

The taint eviction part (taint-eviction-controller) watches NoExecute taints: a pod that does not
tolerate one is deleted at once, a pod that tolerates it for ``tolerationSeconds`` (300 s by default,
the API server's DefaultTolerationSeconds) that much later, a pod that tolerates it without a limit
(DaemonSet pods) never. It records ``TaintManagerEviction`` `Marking for deletion Pod ns/name`, adds the
``DisruptionTarget`` condition (``DeletionByTaintManager``) and deletes the pod gracefully; with no
kubelet to confirm, the pod stays ``Terminating`` while its ReplicaSet replaces it. A taint removed in
time cancels the deletion (`Cancelling deletion of Pod ns/name`).

Zones: the sandbox's nodes form one zone. As the real controller does, it stops evicting when every
node is NotReady (full disruption, NoExecute taints removed) or when at least 3 nodes and 55 % of them
are (partial disruption: a small cluster's eviction rate is then 0).
"""

from __future__ import annotations

import math

from ..apierrors import APIError
from ..kubelet import kubelet_of
from ..scheduler import toleration_tolerates
from .base import Component
from .kubelets import node_ref
from .podutil import seconds

NODE_MONITOR_PERIOD = 5.0
NODE_MONITOR_GRACE = 50.0  # 40 s before 1.32 (PR kubernetes/kubernetes#126287)
UNREACHABLE = "node.kubernetes.io/unreachable"
NOT_READY = "node.kubernetes.io/not-ready"
CONTROLLER_TAINTS = (UNREACHABLE, NOT_READY)
UNHEALTHY_ZONE_THRESHOLD = 0.55
EVICTION_FOREGROUND_SECONDS = 600.0  # an eviction further off than this does not keep the cluster busy
UNKNOWN_REASON, UNKNOWN_MESSAGE = "NodeStatusUnknown", "Kubelet stopped posting node status."
NODE_CONDITION_TYPES = ("MemoryPressure", "DiskPressure", "PIDPressure", "Ready")
TAINT_EVICTION = "taint-eviction-controller"
EPS = 1e-9


def ready_status(node: dict) -> str | None:
    for c in (node.get("status") or {}).get("conditions") or ():
        if c.get("type") == "Ready":
            return c.get("status")
    return None


def condition_taint_key(status: str | None) -> str | None:
    """The taint the Ready condition calls for: False -> not-ready, Unknown -> unreachable."""
    return {"False": NOT_READY, "Unknown": UNREACHABLE}.get(status or "")


def toleration_seconds(pod: dict, taints: list[dict]) -> float | None:
    """How long ``pod`` may stay under these NoExecute taints (v1helper.GetMatchingTolerations +
    getMinTolerationTime): 0 when one is not tolerated, None when all are tolerated forever."""
    tolerations = (pod.get("spec") or {}).get("tolerations") or ()
    least: float | None = None
    for taint in taints:
        used = [t for t in tolerations if isinstance(t, dict) and toleration_tolerates(t, taint)]
        if not used:
            return 0.0
        for t in used:
            if t.get("tolerationSeconds") is not None:
                value = max(0.0, float(t["tolerationSeconds"]))
                least = value if least is None else min(least, value)
    return least


def next_tick(now: float) -> float:
    """The next monitor period after ``now`` (the controller ticks on a 5 s grid from boot)."""
    return (math.floor(now / NODE_MONITOR_PERIOD + EPS) + 1) * NODE_MONITOR_PERIOD


class NodeLifecycleController(Component):
    caller = "node-controller"
    name = "nodelifecycle"
    watches = ("Node", "Pod")
    latency = 0.05

    def __init__(self, cluster):
        super().__init__(cluster)
        self.evictions: dict[str, list] = {}  # "ns/name" -> [uid, node, first seen, fires at]
        self.tainted: dict[str, None] = {}  # nodes with NoExecute taints (derived)
        self.timers.register("nodelifecycle.monitor", self._monitor)
        self.timers.register("nodelifecycle.evict", self._evict)

    def rebuild(self) -> None:
        self.tainted = {n["metadata"]["name"]: None for n in self.store.list("Node") if _no_execute(n)}

    # --- watching ------------------------------------------------------------------------------

    def on_change(self, op: str, obj: dict) -> None:
        if obj["kind"] == "Node":
            name = obj["metadata"]["name"]
            if op == "DELETED":
                self.tainted.pop(name, None)
                return
            tainted = bool(_no_execute(obj))
            if tainted or name in self.tainted:
                self.enqueue("node", name)  # the taints may have changed: look at its pods again
            if tainted:
                self.tainted[name] = None
            else:
                self.tainted.pop(name, None)
            if ready_status(obj) != "True" or _controller_tainted(obj):
                self.watch()
            return
        meta = obj["metadata"]
        key = f"{meta['namespace']}/{meta['name']}"
        if op == "DELETED":
            self._cancel(key, event=False)
            return
        node = (obj.get("spec") or {}).get("nodeName")
        if node in self.tainted and not meta.get("deletionTimestamp") and key not in self.evictions:
            self.enqueue("pod", meta["namespace"], meta["name"])

    def watch(self, foreground: bool = True) -> None:
        """Monitor the nodes from the next monitor period on (a kubelet stopped, or a node is unhealthy)."""
        key = "nodelifecycle:monitor"
        if self.timers.pending(key):
            if not foreground:
                return
            self.timers.cancel_key(key)
        self.timers.call_at(next_tick(self.clock.now), "nodelifecycle.monitor", recurring=not foreground, key=key)

    # --- monitorNodeHealth, every node monitor period while some node is unhealthy -------------------

    def _monitor(self) -> None:
        with self.api.acting_as(self.caller):
            waiting, watching = self._monitor_health()
            watching = self._taint_pass() or watching
        if watching or waiting:
            self.watch(foreground=waiting)

    def _monitor_health(self) -> tuple[bool, bool]:
        """Mark nodes whose kubelet stopped Unknown once the grace period is over. Returns (a grace period
        is still running, some kubelet is stopped)."""
        kubelet = kubelet_of(self.cluster)
        stopped = kubelet.stopped if kubelet is not None else {}
        waiting = False
        for name in sorted(stopped):
            node = self.store.get("Node", "", name)
            if node is None or ready_status(node) == "Unknown":
                continue
            if self._probe_time(name, stopped[name]) + NODE_MONITOR_GRACE < self.clock.now - EPS:
                self._mark_unknown(node)
            else:
                waiting = True
        return waiting, bool(stopped)

    def _probe_time(self, node: str, stopped_at: float) -> float:
        """When the controller last heard from the kubelet: the Lease's last renewal."""
        lease = self.store.get("Lease", "kube-node-lease", node)
        renewed = seconds(self.clock, ((lease or {}).get("spec") or {}).get("renewTime"))
        return renewed if renewed is not None else stopped_at

    def _mark_unknown(self, node: dict) -> None:
        name, stamp = node["metadata"]["name"], self.clock.timestamp()
        for c in node["status"].get("conditions") or ():
            if c.get("type") in NODE_CONDITION_TYPES and c.get("status") != "Unknown":
                c.update(status="Unknown", reason=UNKNOWN_REASON, message=UNKNOWN_MESSAGE, lastTransitionTime=stamp)
        self.api.update_status(node)
        self.event(node_ref(name), "Normal", "NodeNotReady", f"Node {name} status is now: NodeNotReady")
        self._mark_pods_not_ready(name)

    def _mark_pods_not_ready(self, node: str) -> None:
        """controllerutil.MarkPodsNotReady: Ready False on every pod of the node, with an event on each."""
        stamp = self.clock.timestamp()
        for pod in self.store.pods_on_node(node):
            ready = next((c for c in (pod.get("status") or {}).get("conditions") or () if c.get("type") == "Ready"),
                         None)
            if ready is None or ready.get("status") == "False":
                continue
            ready.update(status="False", lastTransitionTime=stamp)
            try:
                self.api.update_status(pod)
            except APIError:
                continue
            self.event(pod, "Warning", "NodeNotReady", "Node is not ready")

    # --- the taints that follow the Ready condition -----------------------------------------------

    def _taint_pass(self) -> bool:
        """doNoScheduleTaintingPass + doNoExecuteTaintingPass: keep each node's not-ready/unreachable
        taints in step with its Ready condition. Returns whether some node still needs watching."""
        nodes = self.store.list("Node")
        statuses = [ready_status(n) for n in nodes]
        unhealthy = sum(1 for s in statuses if s != "True")
        full = unhealthy == len(nodes) and unhealthy > 0
        partial = unhealthy > 2 and unhealthy / max(1, len(nodes)) >= UNHEALTHY_ZONE_THRESHOLD
        watching = False
        for node, status in zip(nodes, statuses):
            wanted = condition_taint_key(status)
            taints = [dict(t) for t in (node.get("spec") or {}).get("taints") or ()]
            present = {(t.get("key"), t.get("effect")) for t in taints}
            want = []
            if wanted is not None:
                watching = True
                if (wanted, "NoExecute") in present and not full or not (full or partial):
                    want.append((wanted, "NoExecute"))
                want.append((wanted, "NoSchedule"))
            keep = [t for t in taints if t.get("key") not in CONTROLLER_TAINTS or (t.get("key"), t.get("effect")) in want]
            added = [(k, e) for k, e in want if (k, e) not in present]
            for key, effect in added:
                keep.append({"effect": effect, "key": key, **({"timeAdded": self.clock.timestamp()}
                                                               if effect == "NoExecute" else {})})
            if keep != taints:
                name = node["metadata"]["name"]
                self.api.patch("Node", "", name, {"spec": {"taints": keep or None}}, "merge")
                if any(e == "NoExecute" for _, e in added):
                    self.reconcile("node", name)  # the taint manager sees its NoExecute taint at once
        return watching

    # --- taint eviction (pkg/controller/tainteviction) ---------------------------------------------

    def reconcile(self, *key) -> None:
        if key[0] == "node":
            node = self.store.get("Node", "", key[1])
            pods = self.store.pods_on_node(key[1])
        else:
            pod = self.store.get("Pod", key[1], key[2])
            pods = [pod] if pod is not None else []
            node = self.store.get("Node", "", pod["spec"].get("nodeName") or "") if pod is not None else None
        taints = _no_execute(node) if node is not None else []
        for pod in pods:
            self._process(pod, taints)

    def _process(self, pod: dict, taints: list[dict]) -> None:
        """processPodOnNode: schedule, move or cancel the deletion of one pod under these taints."""
        meta = pod["metadata"]
        key = f"{meta['namespace']}/{meta['name']}"
        if meta.get("deletionTimestamp") or (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed"):
            self._cancel(key, event=False)
            return
        if not taints:
            self._cancel(key)
            return
        allowed = toleration_seconds(pod, taints)
        if allowed is None:
            self._cancel(key)
            return
        now = self.clock.now
        scheduled = self.evictions.get(key)
        start = scheduled[2] if scheduled is not None and scheduled[0] == meta["uid"] else now
        fires = start + allowed
        if scheduled is not None and scheduled[3] == fires:
            return
        if fires <= now + EPS:
            self._cancel(key, event=False)
            self._evict(meta["namespace"], meta["name"], meta["uid"])
            return
        self.evictions[key] = [meta["uid"], pod["spec"].get("nodeName"), start, fires]
        self.timers.call_at(fires, "nodelifecycle.evict", meta["namespace"], meta["name"], meta["uid"],
                            recurring=fires - now > EVICTION_FOREGROUND_SECONDS, key=f"nodelifecycle-evict:{key}")

    def _cancel(self, key: str, event: bool = True) -> None:
        scheduled = self.evictions.pop(key, None)
        if scheduled is None:
            return
        self.timers.cancel_key(f"nodelifecycle-evict:{key}")
        namespace, name = key.split("/", 1)
        pod = self.store.get("Pod", namespace, name)
        if event and pod is not None:
            self.event(pod, "Normal", "TaintManagerEviction", f"Cancelling deletion of Pod {key}",
                       component=TAINT_EVICTION)

    def _evict(self, namespace: str, name: str, uid: str) -> None:
        """deletePodHandler: the event, the DisruptionTarget condition, then a graceful delete."""
        key = f"{namespace}/{name}"
        self.evictions.pop(key, None)
        pod = self.store.get("Pod", namespace, name)
        if pod is None or pod["metadata"].get("uid") != uid or pod["metadata"].get("deletionTimestamp"):
            return
        with self.api.acting_as(TAINT_EVICTION):
            self.event(pod, "Normal", "TaintManagerEviction", f"Marking for deletion Pod {key}",
                       component=TAINT_EVICTION)
            conditions = (pod.setdefault("status", {})).setdefault("conditions", [])
            if not any(c.get("type") == "DisruptionTarget" and c.get("status") == "True" for c in conditions):
                conditions[:] = [c for c in conditions if c.get("type") != "DisruptionTarget"]
                conditions.append({"lastProbeTime": None, "lastTransitionTime": self.clock.timestamp(),
                                   "message": "Taint manager: deleting due to NoExecute taint",
                                   "reason": "DeletionByTaintManager", "status": "True", "type": "DisruptionTarget"})
                try:
                    self.api.update_status(pod)
                except APIError:
                    return
            try:
                self.api.delete("Pod", namespace, name)
            except APIError:
                pass

    # --- snapshot ------------------------------------------------------------------------------

    def dump(self) -> dict:
        return {"evictions": self.evictions} if self.evictions else {}

    def load(self, data: dict) -> None:
        self.evictions = {k: list(v) for k, v in data.get("evictions", {}).items()}


def _no_execute(node: dict | None) -> list[dict]:
    return [t for t in ((node or {}).get("spec") or {}).get("taints") or () if t.get("effect") == "NoExecute"]


def _controller_tainted(node: dict) -> bool:
    return any(t.get("key") in CONTROLLER_TAINTS for t in (node.get("spec") or {}).get("taints") or ())
