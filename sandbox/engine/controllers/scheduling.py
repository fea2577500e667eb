"""kube-scheduler in the loop: watch unbound pods, pick a node (scheduler.py), bind through the API server.

The algorithm lives in ``sandbox/engine/scheduler.py`` (filters, scores, cut-off, messages); this
component is the part that talks to the cluster: it keeps the node index current from watch events,
binds, records ``Scheduled`` / ``FailedScheduling`` events, and retries unschedulable pods when the
cluster changes (a node appears or changes, a pod goes away) or at the latest after 5 minutes (§7.3).
"""

from __future__ import annotations

from ..apierrors import APIError
from ..scheduler import NodeIndex, pod_key, schedule
from .base import Component
from .volumes import claim_names, claim_problem

SCHEDULER_NAME = "default-scheduler"
UNSCHEDULABLE_RETRY_SECONDS = 300.0  # podMaxInUnschedulablePodsDuration
BACKOFF_INITIAL, BACKOFF_MAX = 1.0, 10.0  # per-pod back-off after a failed attempt


class Scheduler(Component):
    caller = "scheduler"
    name = "scheduler"
    watches = ("Pod", "Node", "PersistentVolumeClaim")
    latency = 0.02

    def __init__(self, cluster):
        super().__init__(cluster)
        self.index = NodeIndex()
        self.next_start = 0
        self.unschedulable: dict[str, None] = {}  # pod keys waiting for the cluster to change
        self.attempts: dict[str, int] = {}
        self._binding: str | None = None  # the pod being bound right now
        self.timers.register("scheduler.retry_all", self._retry_all)

    def rebuild(self) -> None:
        self.index = NodeIndex()
        for node in self.store.list("Node"):
            self.index.add_node(node)
        for pod in self.store.list("Pod"):
            if pod["spec"].get("nodeName") and _counts(pod):
                self.index.add_pod(pod)

    def start(self) -> None:
        for pod in self.store.list("Pod"):
            if not pod["spec"].get("nodeName") and _wants_us(pod):
                self.enqueue(pod["metadata"]["namespace"], pod["metadata"]["name"])

    # --- watching ----------------------------------------------------------------------------

    def on_change(self, op: str, obj: dict) -> None:
        if obj["kind"] == "Node":
            self._node_changed(op, obj)
            return
        if obj["kind"] == "PersistentVolumeClaim":
            if op != "DELETED" and self.unschedulable:
                self._wake_unschedulable()  # a claim was created or bound (VolumeBinding's cluster event)
            return
        meta, spec = obj["metadata"], obj.get("spec") or {}
        key = pod_key(obj)
        if op == "DELETED" or not _counts(obj):
            if self.index.remove_pod(key) and self.unschedulable:
                self._wake_unschedulable()  # room freed up
            self.unschedulable.pop(key, None)
            self.attempts.pop(key, None)
            return
        if spec.get("nodeName"):
            if key != self._binding and self.index.pod_node(key) is None:
                self.index.add_pod(obj)
            return
        if _wants_us(obj) and key not in self.unschedulable:
            self.enqueue(meta["namespace"], meta["name"])

    def _node_changed(self, op: str, node: dict) -> None:
        if op == "DELETED":
            self.index.remove_node(node)
            return
        if node["metadata"]["name"] in self.index:
            self.index.update_node(node)
        else:
            self.index.add_node(node)
        self._wake_unschedulable()

    def _wake_unschedulable(self) -> None:
        for key in list(self.unschedulable):
            namespace, _, name = key.partition("/")
            self.enqueue(namespace, name)

    def _retry_all(self) -> None:
        self._wake_unschedulable()

    # --- one scheduling cycle -------------------------------------------------------------

    def reconcile(self, namespace: str, name: str) -> None:
        pod = self.store.get("Pod", namespace, name)
        if pod is None or pod["spec"].get("nodeName") or not _wants_us(pod) or not _counts(pod):
            return
        key = pod_key(pod)
        if claim_names(pod):  # the VolumeBinding PreFilter
            problem, wait = claim_problem(self.store, pod)
            if problem is not None:
                n = len(self.index)
                message = (f"0/{n} nodes are available: {problem}. preemption: 0/{n} nodes are available: "
                           f"{n} Preemption is not helpful for scheduling.") if n else "no nodes available to schedule pods"
                self._unschedulable(pod, key, message)
                return
            if wait:  # a WaitForFirstConsumer claim is being provisioned: try again once it is bound
                self.unschedulable[key] = None
                return
        result = schedule(pod, self.index, self.cluster.rng, start_index=self.next_start)
        self.next_start = result.next_start_index
        if result.node is None:
            self._unschedulable(pod, key, result.message or "no nodes available to schedule pods")
            return
        self._binding = key  # its watch event comes back during bind: the index learns it just below
        try:
            self.api.bind(namespace, name, result.node)
        except APIError:
            return  # deleted or bound meanwhile: the watch event brings us back if needed
        finally:
            self._binding = None
        self.index.add_pod(result.pod_info, result.node)
        self.unschedulable.pop(key, None)
        self.attempts.pop(key, None)
        self.event(pod, "Normal", "Scheduled", f"Successfully assigned {namespace}/{name} to {result.node}",
                   component=SCHEDULER_NAME)

    def _unschedulable(self, pod: dict, key: str, message: str) -> None:
        status = pod.setdefault("status", {})
        conditions = [c for c in status.get("conditions") or () if c.get("type") != "PodScheduled"]
        old = next((c for c in status.get("conditions") or () if c.get("type") == "PodScheduled"), None)
        if not old or old.get("message") != message or old.get("status") != "False":
            conditions.insert(0, {"lastProbeTime": None, "lastTransitionTime": self.clock.timestamp(),
                                  "message": message, "reason": "Unschedulable", "status": "False",
                                  "type": "PodScheduled"})
            status["conditions"] = conditions
            self.api.update_status(pod)
        self.event(pod, "Warning", "FailedScheduling", message, component=SCHEDULER_NAME)
        self.unschedulable[key] = None
        attempts = self.attempts.get(key, 0) + 1
        self.attempts[key] = attempts
        # A flush of the unschedulable queue comes at the latest after 5 minutes (background:
        # a pod that can never fit does not keep the cluster from being stable).
        self.timers.call_later(UNSCHEDULABLE_RETRY_SECONDS, "scheduler.retry_all", recurring=True,
                               key="scheduler:retry-all")

    # --- snapshot ------------------------------------------------------------------------------

    def dump(self) -> dict:
        return {"next_start": self.next_start, "unschedulable": list(self.unschedulable), "attempts": self.attempts}

    def load(self, data: dict) -> None:
        self.next_start = data.get("next_start", 0)
        self.unschedulable = dict.fromkeys(data.get("unschedulable", ()))
        self.attempts = dict(data.get("attempts", {}))


def _wants_us(pod: dict) -> bool:
    spec = pod.get("spec") or {}
    return (spec.get("schedulerName") or SCHEDULER_NAME) == SCHEDULER_NAME and not pod["metadata"].get("deletionTimestamp")


def _counts(pod: dict) -> bool:
    """A pod holds resources on its node until it finishes or is gone."""
    return (pod.get("status") or {}).get("phase") not in ("Succeeded", "Failed")
