"""The DaemonSet controller: one pod on every node that should run it (``pkg/controller/daemon``).

Each sync of a DaemonSet, as ``syncDaemonSet`` does it:

1. history: find or create the ControllerRevision of the current template (``<ds>-<hash>``);
2. manage: for every node decide ``NodeShouldRunDaemonPod`` (node name, nodeSelector/affinity,
   NoSchedule/NoExecute taints against the pod's tolerations), create the missing pods and delete
   pods on nodes that should not run them, failed pods and extra pods; a node whose pod is still
   terminating gets no new pod yet;
3. rolling update (maxSurge 0): delete old-revision pods, at most ``maxUnavailable`` nodes
   unavailable at a time (old pods that are already unavailable go first); the manage step of a
   later sync replaces them;
4. cleanup of old revisions beyond ``revisionHistoryLimit``, then the status.

Pods are pinned to their node with node affinity ``matchFields metadata.name In [node]`` (the
controller stopped setting ``nodeName`` in 1.12; the scheduler binds them) and get the DaemonSet
tolerations: not-ready/unreachable NoExecute without tolerationSeconds (they stay forever),
disk/memory/pid pressure and unschedulable NoSchedule (so cordoned nodes still run them), and
network-unavailable with hostNetwork.

Simplified: no adoption of orphan pods, no back-off for failed daemon pods, maxSurge > 0 is
treated as 0, and the ``deprecated.daemonset.template.generation`` annotation is not kept
(``pod-template-generation`` carries the DaemonSet's generation).
"""

from __future__ import annotations

import json
import math

from ..apierrors import APIError
from ..scheduler import PodInfo, tolerates
from . import history
from .base import Component
from .deployment import pod_template_hash
from .podutil import available_at, creation_order_key, is_available, is_pod_ready, is_terminating, owned_pods, \
    pod_from_template

TEMPLATE_GENERATION = "pod-template-generation"
# util.AddOrUpdateDaemonPodTolerations, in the order the controller adds them.
DAEMON_TOLERATIONS = (
    ("node.kubernetes.io/not-ready", "NoExecute"),
    ("node.kubernetes.io/unreachable", "NoExecute"),
    ("node.kubernetes.io/disk-pressure", "NoSchedule"),
    ("node.kubernetes.io/memory-pressure", "NoSchedule"),
    ("node.kubernetes.io/pid-pressure", "NoSchedule"),
    ("node.kubernetes.io/unschedulable", "NoSchedule"),
)
NETWORK_UNAVAILABLE = ("node.kubernetes.io/network-unavailable", "NoSchedule")


# --- pure helpers ------------------------------------------------------------------------------------


def daemon_tolerations(spec: dict) -> list[dict]:
    """The template's tolerations plus the DaemonSet ones it does not have yet."""
    tolerations = [dict(t) for t in spec.get("tolerations") or () if isinstance(t, dict)]
    wanted = list(DAEMON_TOLERATIONS) + ([NETWORK_UNAVAILABLE] if spec.get("hostNetwork") else [])
    for key, effect in wanted:
        if not any(t.get("key") == key and t.get("effect") == effect and t.get("operator") == "Exists"
                   for t in tolerations):
            tolerations.append({"key": key, "operator": "Exists", "effect": effect})
    return tolerations


def pin_to_node(affinity: dict | None, node: str) -> dict:
    """util.ReplaceDaemonSetPodNodeNameNodeAffinity: the required terms become ``metadata.name In [node]``."""
    affinity = dict(affinity or {})
    node_affinity = dict(affinity.get("nodeAffinity") or {})
    node_affinity["requiredDuringSchedulingIgnoredDuringExecution"] = {"nodeSelectorTerms": [
        {"matchFields": [{"key": "metadata.name", "operator": "In", "values": [node]}]}]}
    affinity["nodeAffinity"] = node_affinity
    return affinity


def target_node(pod: dict) -> str:
    """util.GetTargetNodeName: spec.nodeName, else the node the affinity pins it to."""
    name = (pod.get("spec") or {}).get("nodeName")
    if name:
        return name
    required = (((pod.get("spec") or {}).get("affinity") or {}).get("nodeAffinity") or {}).get(
        "requiredDuringSchedulingIgnoredDuringExecution") or {}
    for term in required.get("nodeSelectorTerms") or ():
        for field in term.get("matchFields") or ():
            if field.get("key") == "metadata.name" and field.get("operator") == "In" and len(field.get("values") or ()) == 1:
                return field["values"][0]
    return ""


def should_run(ds: dict, node: dict) -> tuple[bool, bool]:
    """NodeShouldRunDaemonPod: (should run a new pod there, may keep running an existing one)."""
    template_spec = ((ds.get("spec") or {}).get("template") or {}).get("spec") or {}
    name = node["metadata"]["name"]
    if template_spec.get("nodeName") and template_spec["nodeName"] != name:
        return False, False
    info = PodInfo({"metadata": {"name": "", "namespace": ds["metadata"].get("namespace")},
                    "spec": {**template_spec, "nodeName": name}})
    if not info.matches_node_affinity(name, node["metadata"].get("labels") or {}):
        return False, False
    tolerations = daemon_tolerations(template_spec)
    taints = (node.get("spec") or {}).get("taints") or ()
    untolerated = [t for t in taints if t.get("effect") in ("NoSchedule", "NoExecute") and not tolerates(tolerations, t)]
    if untolerated:
        return False, not any(t.get("effect") == "NoExecute" for t in untolerated)
    return True, True


def max_unavailable(ds: dict, desired: int) -> int:
    rolling = ((ds.get("spec") or {}).get("updateStrategy") or {}).get("rollingUpdate") or {}
    value = rolling.get("maxUnavailable", 1)
    if isinstance(value, str) and value.endswith("%"):
        try:
            count = math.ceil(int(value[:-1]) * desired / 100)  # daemonsets round maxUnavailable up
        except ValueError:
            count = 1
    else:
        try:
            count = int(value)
        except (TypeError, ValueError):
            count = 1
    return count if count > 0 or desired == 0 else 1


def daemon_pod(ds: dict, template: dict, node: str, revision_hash: str) -> dict:
    """The pod for ``node`` (util.CreatePodTemplate + the node-name affinity)."""
    pod = pod_from_template(ds, template)
    labels = pod["metadata"]["labels"]
    labels[TEMPLATE_GENERATION] = str(ds["metadata"].get("generation", 1))
    labels[history.REVISION_HASH] = revision_hash
    spec = pod["spec"]
    spec["tolerations"] = daemon_tolerations(spec)
    spec["affinity"] = pin_to_node(spec.get("affinity"), node)
    return pod


def is_updated(pod: dict, revision_hash: str) -> bool:
    return (pod["metadata"].get("labels") or {}).get(history.REVISION_HASH) == revision_hash


# --- the controller ----------------------------------------------------------------------------------


class DaemonSetController(Component):
    caller = "daemonset-controller"
    name = "daemonset"
    watches = ("DaemonSet", "Pod", "Node")
    latency = 0.05

    def __init__(self, cluster):
        super().__init__(cluster)
        self._nodes: dict[str, str] = {}  # node name -> the labels and taints last seen (derived state)

    def on_change(self, op: str, obj: dict) -> None:
        kind = obj["kind"]
        if kind == "DaemonSet":
            if op != "DELETED":
                self.enqueue(obj["metadata"]["namespace"], obj["metadata"]["name"])
        elif kind == "Pod":
            ref = next((r for r in obj["metadata"].get("ownerReferences") or () if r.get("controller")), None)
            if ref is not None and ref.get("kind") == "DaemonSet":
                self.enqueue(obj["metadata"]["namespace"], ref["name"])
        else:  # a node came, went or changed labels/taints: every DaemonSet looks again
            name = obj["metadata"]["name"]
            facts = None if op == "DELETED" else json.dumps(
                [obj["metadata"].get("labels"), (obj.get("spec") or {}).get("taints")], sort_keys=True)
            if self._nodes.get(name) == facts:
                return  # a status update (heartbeat, conditions): nothing a DaemonSet decides on
            if facts is None:
                self._nodes.pop(name, None)
            else:
                self._nodes[name] = facts
            for ds in self.store.list("DaemonSet"):
                self.enqueue(ds["metadata"]["namespace"], ds["metadata"]["name"])

    def rebuild(self) -> None:
        self._nodes = {n["metadata"]["name"]: json.dumps([n["metadata"].get("labels"), (n.get("spec") or {}).get("taints")],
                                                         sort_keys=True) for n in self.store.list("Node")}

    def start(self) -> None:
        for ds in self.store.list("DaemonSet"):
            self.enqueue(ds["metadata"]["namespace"], ds["metadata"]["name"])

    def reconcile(self, namespace: str, name: str) -> None:
        ds = self.store.get("DaemonSet", namespace, name)
        if ds is None:
            return
        nodes = self.store.list("Node")
        by_node = self._pods_by_node(ds)
        if ds["metadata"].get("deletionTimestamp"):
            self._write_status(ds, nodes, by_node, "")
            return
        template, revision_hash = self._history(ds, by_node)
        self._manage(ds, nodes, by_node, template, revision_hash)
        by_node = self._pods_by_node(ds)
        if ((ds["spec"].get("updateStrategy") or {}).get("type") or "RollingUpdate") == "RollingUpdate":
            self._rolling_update(ds, nodes, by_node, revision_hash)
            by_node = self._pods_by_node(ds)
        self._write_status(ds, nodes, by_node, revision_hash)

    def _pods_by_node(self, ds: dict) -> dict[str, list[dict]]:
        by_node: dict[str, list[dict]] = {}
        for pod in sorted(owned_pods(self.store, ds), key=creation_order_key):
            by_node.setdefault(target_node(pod), []).append(pod)
        return by_node

    # --- history ---------------------------------------------------------------------------------

    def _history(self, ds: dict, by_node: dict[str, list[dict]]) -> tuple[dict, str]:
        """constructHistory + cleanupHistory: the current revision's hash, old revisions pruned."""
        template = ds["spec"].get("template") or {}
        collision = (ds.get("status") or {}).get("collisionCount")
        revision_hash = pod_template_hash(template, collision)
        name = f"{ds['metadata']['name']}-{revision_hash}"
        data = history.template_patch(ds)
        revisions = history.revisions_of(self.store, ds)
        current = next((r for r in revisions if r["metadata"]["name"] == name), None)
        olds = [r for r in revisions if r is not current]
        number = history.next_number(olds)
        if current is None:
            labels = {**(((template.get("metadata") or {}).get("labels")) or {}), history.REVISION_HASH: revision_hash}
            annotations = ds["metadata"].get("annotations")
            try:
                history.create(self.api, history.new_revision(ds, name, data, number, labels, annotations))
            except APIError:
                pass
        elif int(current.get("revision") or 0) < number:
            history.set_number(self.api, current, number)
        live = {(p["metadata"].get("labels") or {}).get(history.REVISION_HASH) for pods in by_node.values() for p in pods}
        live_names = {f"{ds['metadata']['name']}-{h}" for h in live if h} | {name}
        history.truncate(self.api, olds, live_names, int(ds["spec"].get("revisionHistoryLimit", 10)))
        return template, revision_hash

    # --- manage ----------------------------------------------------------------------------------

    def _manage(self, ds: dict, nodes: list[dict], by_node: dict[str, list[dict]], template: dict,
                revision_hash: str) -> None:
        create: list[str] = []
        delete: list[dict] = []
        names = set()
        for node in nodes:
            node_name = node["metadata"]["name"]
            names.add(node_name)
            run, keep = should_run(ds, node)
            pods = by_node.get(node_name, [])
            if run and not pods:
                create.append(node_name)
            elif keep:
                running = []
                for pod in pods:
                    if is_terminating(pod):
                        continue
                    if (pod.get("status") or {}).get("phase") == "Failed":
                        self.event(ds, "Warning", "FailedDaemonPod", f"Found failed daemon pod "
                                   f"{pod['metadata']['namespace']}/{pod['metadata']['name']} on node {node_name}, "
                                   "will try to kill it")
                        delete.append(pod)
                        continue
                    running.append(pod)
                if len(running) > 1:  # keep the oldest (podByCreationTimestampAndPhase)
                    delete.extend(running[1:])
            else:
                delete.extend(p for p in pods if not is_terminating(p))
        for node_name, pods in sorted(by_node.items()):  # pods on nodes that no longer exist
            if node_name not in names:
                delete.extend(p for p in pods if not is_terminating(p))
        self._sync_nodes(ds, delete, create, template, revision_hash)

    def _sync_nodes(self, ds: dict, delete: list[dict], create: list[str], template: dict,
                    revision_hash: str) -> None:
        namespace = ds["metadata"]["namespace"]
        for node_name in create:
            try:
                pod = self.api.create(daemon_pod(ds, template, node_name, revision_hash), validate=False)
            except APIError as exc:
                if exc.code != "api.namespace_terminating":
                    self.event(ds, "Warning", "FailedCreate", f"Error creating: {exc.message}")
                continue
            self.event(ds, "Normal", "SuccessfulCreate", f"Created pod: {pod['metadata']['name']}")
        for pod in delete:
            try:
                self.api.delete("Pod", namespace, pod["metadata"]["name"])
            except APIError as exc:
                if exc.reason != "NotFound":
                    self.event(ds, "Warning", "FailedDelete", f"Error deleting: {exc.message}")
                continue
            self.event(ds, "Normal", "SuccessfulDelete", f"Deleted pod: {pod['metadata']['name']}")

    # --- rolling update (maxSurge 0) ---------------------------------------------------------------

    def _rolling_update(self, ds: dict, nodes: list[dict], by_node: dict[str, list[dict]], revision_hash: str) -> None:
        desired = sum(1 for node in nodes if should_run(ds, node)[0])
        allowed = max_unavailable(ds, desired)
        min_ready = int(ds["spec"].get("minReadySeconds") or 0)
        unavailable = 0
        replace_now: list[dict] = []
        candidates: list[dict] = []
        for node_name in sorted(by_node):
            pods = [p for p in by_node[node_name] if not is_terminating(p)]
            new = [p for p in pods if is_updated(p, revision_hash)]
            old = [p for p in pods if not is_updated(p, revision_hash)]
            if len(new) > 1 or len(old) > 1:
                unavailable += 1  # the manage step cleans this node up
                continue
            if (not new and not old) or (new and old):
                unavailable += 1
            elif new:
                if not is_available(new[0], min_ready, self.clock):
                    unavailable += 1
            elif not is_available(old[0], min_ready, self.clock):
                replace_now.append(old[0])
            elif unavailable < allowed:
                candidates.append(old[0])
        budget = max(0, min(allowed - unavailable, len(candidates)))
        self._sync_nodes(ds, replace_now + candidates[:budget], [], {}, revision_hash)

    # --- status ----------------------------------------------------------------------------------

    def _write_status(self, ds: dict, nodes: list[dict], by_node: dict[str, list[dict]], revision_hash: str) -> None:
        min_ready = int(ds["spec"].get("minReadySeconds") or 0)
        desired = current = ready = available = updated = misscheduled = 0
        upcoming = None
        for node in nodes:
            run, _ = should_run(ds, node)
            pods = by_node.get(node["metadata"]["name"], [])
            if not run:
                misscheduled += bool(pods)
                continue
            desired += 1
            if not pods:
                continue
            current += 1
            pod = sorted(pods, key=lambda p: (not is_pod_ready(p), creation_order_key(p)))[0]
            if is_pod_ready(pod):
                ready += 1
                if is_available(pod, min_ready, self.clock):
                    available += 1
                else:
                    at = available_at(pod, min_ready, self.clock)
                    upcoming = at if upcoming is None or (at is not None and at < upcoming) else upcoming
            if revision_hash and is_updated(pod, revision_hash):
                updated += 1
        old = ds.get("status") or {}
        status = {k: v for k, v in old.items() if k in ("collisionCount", "conditions")}
        status.update({"currentNumberScheduled": current, "desiredNumberScheduled": desired,
                       "numberMisscheduled": misscheduled, "numberReady": ready})
        for key, value in (("numberAvailable", available), ("numberUnavailable", desired - available),
                           ("updatedNumberScheduled", updated)):
            if value:
                status[key] = value
        if ds["metadata"].get("generation"):
            status["observedGeneration"] = ds["metadata"]["generation"]
        if status != old:
            try:
                self.api.update_status({**ds, "status": status})
            except APIError:
                self.enqueue(ds["metadata"]["namespace"], ds["metadata"]["name"])
        if upcoming is not None:
            self.enqueue(ds["metadata"]["namespace"], ds["metadata"]["name"], delay=upcoming - self.clock.now + 1.0)
