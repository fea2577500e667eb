"""The disruption controller (PodDisruptionBudget status), and the drain fault's eviction client.

:class:`DisruptionController` keeps each budget's status the way ``pkg/controller/disruption`` does,
which is what the Eviction API (``eviction.py``) checks:

- ``expectedPods``: with an integer ``minAvailable`` the number of pods the selector matches (terminating
  ones included); with a percentage or ``maxUnavailable`` the sum of the scales of their controllers
  (a Deployment's replicas, a bare ReplicaSet's, a StatefulSet's); pods without a controller are left
  out of that sum with an ``UnmanagedPods`` warning;
- ``desiredHealthy``: ``minAvailable`` (a percentage of expectedPods rounded up), or expectedPods minus
  ``maxUnavailable`` (rounded up);
- ``currentHealthy``: Ready pods that are not being deleted and not just evicted (``disruptedPods``:
  the API server's note, dropped once the pod is deleting, or after 2 minutes);
- ``disruptionsAllowed`` = currentHealthy - desiredHealthy (never below 0), and the ``DisruptionAllowed``
  condition (``SufficientPods`` / ``InsufficientPods``).

Its events come from ``controllermanager``, as the real controller's do (``NoPods`` `No matching pods
found`). It only works in namespaces that have budgets, so a cluster without any costs nothing.

:class:`Drainer` is the client side of ``Cluster.drain`` (the live view's drain button): kubectl drain's
loop, without holding the clock. It cordons, evicts what it may, and retries the evictions a budget
refused every 5 s (kubectl's retry delay) in the background, for at most DRAIN_FAULT_TIMEOUT.
"""

from __future__ import annotations

import math

from ..apierrors import APIError
from ..drain import EVICT_RETRY_SECONDS, DrainOptions, pods_for_deletion
from ..eviction import set_allowed_condition
from ..kubelet import set_schedulable
from ..labels import SelectorError, selector_from_label_selector
from .base import Component
from .podutil import controller_of, is_pod_ready, seconds

EVENT_SOURCE = "controllermanager"
DELETION_TIMEOUT = 120.0  # how long an evicted pod may take to get its deletionTimestamp
DRAIN_FAULT_TIMEOUT = 300.0
SCALED_KINDS = ("Deployment", "ReplicaSet", "StatefulSet", "ReplicationController")  # what has a scale


# --- pure helpers ------------------------------------------------------------------------------------


def scaled_value(value, total: int, round_up: bool = True) -> int:
    """intstr.GetScaledValueFromIntOrPercent; ValueError for a string that is not a percentage."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value)
    if not text.endswith("%"):
        raise ValueError("invalid value for IntOrString: invalid type: string is not a percentage")
    percent = int(text[:-1])
    return math.ceil(percent * total / 100) if round_up else math.floor(percent * total / 100)


def go_selector(selector: dict | None) -> str:
    """A LabelSelector as Go's ``%v`` prints it (the generated String())."""
    if selector is None:
        return "nil"
    labels = "".join(f"{k}: {v}," for k, v in sorted((selector.get("matchLabels") or {}).items()))
    exprs = "".join("&LabelSelectorRequirement{Key:%s,Operator:%s,Values:[%s],}," % (
        e.get("key", ""), e.get("operator", ""), " ".join(map(str, e.get("values") or [])))
        for e in selector.get("matchExpressions") or ())
    return f"&LabelSelector{{MatchLabels:map[string]string{{{labels}}},MatchExpressions:[]LabelSelectorRequirement{{{exprs}}},}}"


class CountError(Exception):
    """The expected number of pods cannot be computed (a pod whose controller has no scale)."""


def expected_scale(store, pods: list[dict]) -> tuple[int, list[str]]:
    """getExpectedScale: (sum of the scales of the pods' controllers, names of pods without one)."""
    scales: dict[str, int] = {}
    unmanaged = []
    for pod in pods:
        ref = controller_of(pod)
        if ref is None:
            unmanaged.append(pod["metadata"]["name"])
            continue
        found = _controller_scale(store, pod["metadata"]["namespace"], ref)
        if found is None:
            raise CountError(f'found no controllers for pod "{pod["metadata"]["name"]}"')
        scales[found[0]] = found[1]
    return sum(scales.values()), unmanaged


def _controller_scale(store, namespace: str, ref: dict) -> tuple[str, int] | None:
    """(uid, replicas) of the controller that sets the pod's scale: a ReplicaSet's Deployment, else itself."""
    kind = ref.get("kind")
    if kind not in SCALED_KINDS or kind == "Deployment":
        return None
    owner = store.get(kind, namespace, ref.get("name") or "")
    if owner is None or owner["metadata"].get("uid") != ref.get("uid"):
        return None
    if kind == "ReplicaSet":
        parent = controller_of(owner)
        if parent is not None and parent.get("kind") == "Deployment":
            deployment = store.get("Deployment", namespace, parent.get("name") or "")
            if deployment is None or deployment["metadata"].get("uid") != parent.get("uid"):
                return None
            owner = deployment
    replicas = (owner.get("spec") or {}).get("replicas")
    return owner["metadata"]["uid"], 1 if replicas is None else int(replicas)


def expected_counts(store, pdb: dict, pods: list[dict]) -> tuple[int, int, list[str]]:
    """getExpectedPodCount: (expectedPods, desiredHealthy, unmanaged pods); raises CountError/ValueError."""
    spec = pdb.get("spec") or {}
    if spec.get("maxUnavailable") is not None:
        expected, unmanaged = expected_scale(store, pods)
        return expected, max(0, expected - scaled_value(spec["maxUnavailable"], expected)), unmanaged
    min_available = spec.get("minAvailable")
    if min_available is None:
        return 0, 0, []
    if isinstance(min_available, int) and not isinstance(min_available, bool):
        return len(pods), min_available, []
    expected, unmanaged = expected_scale(store, pods)
    return expected, scaled_value(min_available, expected), unmanaged


# --- the controller -----------------------------------------------------------------------------------


class DisruptionController(Component):
    name = "disruption"
    watches = ("PodDisruptionBudget", "Pod")
    latency = 0.05

    def __init__(self, cluster):
        super().__init__(cluster)
        self.budgets: dict[str, dict] = {}  # namespace -> {budget name: Selector} (derived)
        self.matched: dict[str, tuple] = {}  # pod key -> the budgets it matched at its last change (derived)

    def rebuild(self) -> None:
        self.budgets, self.matched = {}, {}
        for pdb in self.store.list("PodDisruptionBudget"):
            self._remember(pdb)
        for namespace, budgets in self.budgets.items():
            for pod in self.store.list("Pod", namespace):
                labels = pod["metadata"].get("labels") or {}
                found = tuple(n for n, sel in budgets.items() if sel is not None and sel.matches(labels))
                if found:
                    self.matched[f"{namespace}/{pod['metadata']['name']}"] = found

    def _remember(self, pdb: dict) -> None:
        try:
            selector = selector_from_label_selector((pdb.get("spec") or {}).get("selector"))
        except SelectorError:
            selector = None
        self.budgets.setdefault(pdb["metadata"]["namespace"], {})[pdb["metadata"]["name"]] = selector

    def start(self) -> None:
        for namespace, names in self.budgets.items():
            for name in names:
                self.enqueue(namespace, name)

    def on_change(self, op: str, obj: dict) -> None:
        meta = obj["metadata"]
        namespace = meta.get("namespace") or ""
        if obj["kind"] == "PodDisruptionBudget":
            if op == "DELETED":
                self.budgets.get(namespace, {}).pop(meta["name"], None)
                return
            self._remember(obj)
            self.enqueue(namespace, meta["name"])
            return
        budgets = self.budgets.get(namespace)
        if not budgets:
            return
        key = f"{namespace}/{meta['name']}"
        before = self.matched.pop(key, ())
        now: tuple = ()
        if op != "DELETED":
            labels = meta.get("labels") or {}
            now = tuple(name for name, selector in budgets.items() if selector is not None and selector.matches(labels))
            if now:
                self.matched[key] = now
        for name in dict.fromkeys(before + now):  # getPdbForPod, for the old labels and the new ones
            self.enqueue(namespace, name)

    def reconcile(self, namespace: str, name: str) -> None:
        pdb = self.store.get("PodDisruptionBudget", namespace, name)
        if pdb is None:
            return
        try:
            selector = selector_from_label_selector((pdb.get("spec") or {}).get("selector"))
        except SelectorError:
            return
        pods = self.store.select("Pod", namespace, selector)
        if not pods:
            self.event(pdb, "Normal", "NoPods", "No matching pods found", component=EVENT_SOURCE)
        try:
            expected, desired, unmanaged = expected_counts(self.store, pdb, pods)
        except (CountError, ValueError) as error:
            if isinstance(error, CountError):
                self.event(pdb, "Warning", "NoControllers", str(error), component=EVENT_SOURCE)
            self.event(pdb, "Warning", "CalculateExpectedPodCountFailed",
                       f"Failed to calculate the number of expected pods: {error}", component=EVENT_SOURCE)
            self._fail_safe(pdb, str(error))
            return
        if unmanaged:
            self.event(pdb, "Warning", "UnmanagedPods",
                       f"Pods selected by this PodDisruptionBudget (selector: {go_selector(pdb['spec'].get('selector'))}) "
                       "were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, "
                       "which may result in undefined behavior. To account for these pods please set "
                       '".spec.minAvailable" field of the PDB to an integer value.', component=EVENT_SOURCE)
        disrupted, recheck = self._disrupted_pods(pdb, pods)
        healthy = sum(1 for p in pods if not p["metadata"].get("deletionTimestamp")
                      and p["metadata"]["name"] not in disrupted and is_pod_ready(p))
        allowed = healthy - desired
        if expected <= 0 or allowed <= 0:
            allowed = 0
        old = pdb.get("status") or {}
        generation = int(pdb["metadata"].get("generation") or 0)
        status = {"conditions": old.get("conditions") or [], "currentHealthy": healthy, "desiredHealthy": desired,
                  "disruptionsAllowed": allowed, "expectedPods": expected, "observedGeneration": generation}
        if disrupted:
            status["disruptedPods"] = disrupted
        set_allowed_condition(status, generation, self.clock.timestamp())
        if status != old:
            pdb["status"] = status
            self.api.update_status(pdb)
        if recheck is not None:
            self.enqueue(namespace, name, delay=max(0.0, recheck - self.clock.now), background=True)

    def _disrupted_pods(self, pdb: dict, pods: list[dict]) -> tuple[dict, float | None]:
        """buildDisruptedPodMap: the evictions the API server noted whose pods are not deleting yet."""
        noted = (pdb.get("status") or {}).get("disruptedPods") or {}
        kept, recheck = {}, None
        for pod in pods:
            name = pod["metadata"]["name"]
            if pod["metadata"].get("deletionTimestamp") or name not in noted:
                continue
            expires = (seconds(self.clock, noted[name]) or 0.0) + DELETION_TIMEOUT
            if expires < self.clock.now:
                meta = pdb["metadata"]
                self.event(pod, "Warning", "NotDeleted",
                           f"Pod was expected by PDB {meta['namespace']}/{meta['name']} to be deleted but it wasn't",
                           component=EVENT_SOURCE)
                continue
            kept[name] = noted[name]
            recheck = expires if recheck is None else min(recheck, expires)
        return kept, recheck

    def _fail_safe(self, pdb: dict, message: str) -> None:
        status = dict(pdb.get("status") or {})
        status["disruptionsAllowed"] = 0
        generation = int(status.get("observedGeneration") or 0)
        conditions = [dict(c) for c in status.get("conditions") or () if c.get("type") != "DisruptionAllowed"]
        old = next((c for c in status.get("conditions") or () if c.get("type") == "DisruptionAllowed"), None)
        stamp = old.get("lastTransitionTime") if old and old.get("status") == "False" else self.clock.timestamp()
        conditions.append({"lastTransitionTime": stamp, "message": message, "observedGeneration": generation,
                           "reason": "SyncFailed", "status": "False", "type": "DisruptionAllowed"})
        status["conditions"] = conditions
        if status != pdb.get("status"):
            pdb["status"] = status
            self.api.update_status(pdb)


# --- the drain fault ------------------------------------------------------------------------------------


class Drainer(Component):
    """``Cluster.drain``: kubectl drain's eviction loop for the live view, retrying in the background."""

    caller = "kubectl"
    name = "drainer"

    def __init__(self, cluster):
        super().__init__(cluster)
        self.jobs: dict[str, dict] = {}  # node -> {"pods": [[namespace, name], ...], "until": t}
        self.timers.register("drainer.retry", self._retry)

    def drain(self, node: str) -> str:
        """Cordon ``node`` and evict its pods (DaemonSet pods stay, emptyDir data goes); returns the lines
        kubectl would print so far. ValueError with kubectl's refusal for pods without a controller."""
        api, lines = self.api, []
        with api.acting_as(self.caller):
            api.get("Node", "", node)
            cordoned = set_schedulable(api, node, schedulable=False)
            lines.append(f"node/{node} {'cordoned' if cordoned else 'already cordoned'}")
            listing = pods_for_deletion(api, node, DrainOptions(ignore_daemonsets=True, delete_emptydir_data=True))
            errors = listing.errors()
            if errors:
                text = errors[0] if len(errors) == 1 else "[" + ", ".join(errors) + "]"
                raise ValueError("\n".join(lines + [f'error: unable to drain node "{node}" due to error: {text}']))
            if listing.warnings():
                lines.append(f"Warning: {listing.warnings()}")
            refused = []
            for pod in listing.pods():
                namespace, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
                lines.append(f"evicting pod {namespace}/{name}")
                error = self._evict(namespace, name)
                if error is not None:
                    lines.append(error)
                    refused.append([namespace, name])
        if refused:
            self.jobs[node] = {"pods": refused, "until": self.clock.now + DRAIN_FAULT_TIMEOUT}
            self._later(node)
        return "\n".join(lines)

    def _evict(self, namespace: str, name: str) -> str | None:
        """One eviction; the line kubectl prints when the budget refuses it (then it is retried), else None."""
        try:
            self.api.evict(namespace, name)
        except APIError as error:
            if error.status == 429:
                return (f'error when evicting pods/"{name}" -n "{namespace}" (will retry after 5s): '
                        f"{error.message}")
        return None  # evicted, gone meanwhile, or refused for good (kubectl gives up on that pod)

    def _later(self, node: str) -> None:
        self.timers.call_later(EVICT_RETRY_SECONDS, "drainer.retry", node, key=f"drainer:{node}")

    def _retry(self, node: str) -> None:
        job = self.jobs.get(node)
        if job is None:
            return
        refused = []
        with self.api.acting_as(self.caller):
            for namespace, name in job["pods"]:
                if self.store.exists("Pod", namespace, name) and self._evict(namespace, name) is not None:
                    refused.append([namespace, name])
        if refused and self.clock.now + EVICT_RETRY_SECONDS <= job["until"]:
            job["pods"] = refused
            self._later(node)
        else:
            del self.jobs[node]

    def dump(self) -> dict:
        return {"jobs": self.jobs} if self.jobs else {}

    def load(self, data: dict) -> None:
        self.jobs = {k: dict(v) for k, v in data.get("jobs", {}).items()}
