"""The facade: one simulated cluster, as lessons, the CLI and the web app use it.

``Cluster(nodes=3, seed=1)`` boots what ``kubeadm init`` + ``join`` leaves behind: the four
namespaces, the ``kubernetes`` and ``kube-dns`` Services, a control-plane node named
``controlplane`` (with the kubeadm ``NoSchedule`` taint) and workers ``node01``, ``node02`` ...
``nodes`` counts every node, so ``nodes=1`` is a lone control plane on which ordinary pods do not
schedule until they tolerate the taint (or it is removed), exactly as on a real kubeadm cluster.

Engine I is the request path (store, API server, defaulting); engine II adds the simulation loop
(controllers, scheduler, kubelets) on the same clock and seeded RNG. Everything that decides an
outcome lives in the snapshot, so a restored cluster continues exactly as the original would.
"""

from __future__ import annotations

import gc
import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

from .apiserver import APIError, APIServer, Quotas
from .clock import DEFAULT_EPOCH, Clock, TimerQueue, format_time
from .controllers.ingress import admit_ingress, ingress_class
from .controllers.volumes import STANDARD_CLASS
from .events import EventRecorder
from .frames import LAZY_SUMMARY, FrameLog
from .manifests import Document, parse_documents
from .messages import issue
from .resources import by_kind, lookup
from .store import Store

__all__ = ["APIError", "ApplyResult", "Cluster", "Quotas"]

SNAPSHOT_VERSION = 2
# run(until="stable") never runs longer than this much virtual time, so it always returns.
STABLE_LIMIT_SECONDS = 3600.0
MAX_STEPS_PER_RUN = 5_000_000
LARGE_CLUSTER_OBJECTS = 1_000  # from this many stored objects on, run() relaxes garbage collection
# How many frames a snapshot keeps for clients that reconnect.
SNAPSHOT_FRAMES = 300
CONTROL_PLANE = "controlplane"
NODE_SUBNET = "192.168.56."  # node i gets .10+i (controlplane .10, node01 .11 ...)
CONTAINER_RUNTIME = "containerd://1.7.24"
OS_IMAGE = "Ubuntu 22.04.4 LTS"
KERNEL = "5.15.0-126-generic"
CAPACITY = {"cpu": "2", "ephemeral-storage": "20134592Ki", "hugepages-1Gi": "0", "hugepages-2Mi": "0",
            "memory": "4030148Ki", "pods": "110"}
# kubelet reserves the 100Mi hard eviction threshold and 10% of the disk (nodefs.available).
ALLOCATABLE = {"cpu": "2", "ephemeral-storage": "18556039957", "hugepages-1Gi": "0", "hugepages-2Mi": "0",
               "memory": "3927748Ki", "pods": "110"}
NODE_CONDITIONS = (  # §8 kubelet conditions of a healthy node
    ("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
    ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
    ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
    ("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
)


@dataclass
class ApplyResult:
    """What ``kubectl apply -f`` did with each document, and what it printed."""

    results: list[tuple[Document, str | None, APIError | None]] = field(default_factory=list)
    ok: bool = True
    output: str = ""

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    @property
    def errors(self) -> list[APIError]:
        return [error for _, _, error in self.results if error is not None]


class Cluster:
    """A simulated Kubernetes cluster: ``apply``, ``kubectl``, ``get``, ``list``, ``delete``, ``snapshot``."""

    def __init__(
        self,
        nodes: int = 3,
        seed: int = 1,
        kube_version: str = "1.32",
        epoch: str = DEFAULT_EPOCH,
        quotas: Quotas | None = None,
        *,
        simulate: bool = True,
        traces: bool = True,
    ):
        quotas = quotas or Quotas()
        if not 1 <= nodes <= quotas.nodes:
            raise ValueError(f"nodes must be between 1 and {quotas.nodes} (the sandbox's node quota), got {nodes}")
        self._setup(seed, kube_version, Clock(epoch), quotas, Store(), simulate=simulate, traces=traces)
        self._bootstrap(nodes)
        self.frame_log.clear()  # the animation starts with the student's first command
        self._start()

    def _setup(self, seed: int, kube_version: str, clock: Clock, quotas: Quotas, store: Store, *,
               simulate: bool = True, traces: bool = True, frames: FrameLog | None = None) -> None:
        self.seed = seed
        self.kube_version = kube_version
        self.quotas = quotas
        self.clock = clock
        self.rng = random.Random(seed)
        self.store = store
        self.api = APIServer(store, clock, kube_version, self.rng, quotas)
        self.timers = TimerQueue(clock)
        self.events = EventRecorder(self.api)
        self.frame_log = frames or FrameLog(quotas.frames)
        self.frame_log.traces = traces
        # Without trace frames nobody reads the API server's call records: skip making them (large
        # clusters and the grader run this way).
        self.api.trace_enabled = traces
        self.simulate = simulate
        self.components: list = []
        self._watchers: dict[str, list] = {}
        store.listeners.append(self._on_store_change)
        self.api.on_trace = self._on_trace
        self.api.admission.append(lambda obj: admit_ingress(store, obj))  # the DefaultIngressClass plugin
        if simulate:
            # The control plane runs as components on the virtual clock: deletion waits for the
            # kubelet, and garbage collection and namespace cleanup are controllers' work.
            self.api.graceful_pod_deletion = True
            self.api.auto_gc = False
            self.api.auto_namespace_sync = False
            self.api.storage_protection = True  # the volume controller removes pvc/pv-protection
            for component_class in component_classes():
                component = component_class(self)
                self.components.append(component)
                for kind in component.watches:
                    self._watchers.setdefault(kind, []).append(component)

    def _start(self) -> None:
        """Let every component build its caches and look at the state it finds (after boot)."""
        for component in self.components:
            component.rebuild()
        for component in self.components:
            component.start()

    # --- the simulation loop ---------------------------------------------------------------------

    def run(self, until: str | None = "stable", seconds: float | None = None) -> float:
        """Advance virtual time: ``seconds=N`` runs exactly N seconds; ``until="stable"`` runs until
        no work is pending except background timers (heartbeats, probes, back-offs), at most
        STABLE_LIMIT_SECONDS. Returns the virtual seconds that passed."""
        with _fewer_collections(len(self.store)):
            return self._run(until, seconds)

    def _run(self, until: str | None, seconds: float | None) -> float:
        start = self.clock.now
        timers = self.timers
        steps = 0
        if seconds is not None:
            if seconds < 0:
                raise ValueError("seconds must not be negative")
            deadline = start + seconds
            while steps < MAX_STEPS_PER_RUN:
                next_time = timers.next_time()
                if next_time is None or next_time > deadline:
                    break
                timers.step()
                steps += 1
            self.clock.advance_to(max(deadline, self.clock.now))
        elif until == "stable":
            deadline = start + STABLE_LIMIT_SECONDS
            while timers.busy and steps < MAX_STEPS_PER_RUN:
                next_time = timers.next_time()
                if next_time is None or next_time > deadline:
                    break
                timers.step()
                steps += 1
        else:
            raise ValueError('run() needs until="stable" or seconds=N')
        return self.clock.now - start

    def step(self) -> bool:
        """Run the next timer (one step of the simulation); False when nothing is scheduled."""
        return self.timers.step()

    @property
    def stable(self) -> bool:
        return not self.timers.busy

    def frames(self, since: int = 0) -> list[dict]:
        """Frames after sequence number ``since`` (see frames.py for their shape)."""
        return self.frame_log.since(since)

    def _on_store_change(self, op: str, obj: dict) -> None:
        kind = obj.get("kind")
        log = self.frame_log
        if log.enabled:
            meta = obj.get("metadata") or {}
            if kind == "Event":  # its fields are filled in when someone reads the frame (see FrameLog)
                log.append({"t": self.clock.now, "type": "event", "op": op, LAZY_SUMMARY: self.store.last_blob})
            elif kind != "Lease":  # the summary is made when someone reads the frame (see FrameLog)
                log.append({"t": self.clock.now, "type": "object", "op": op, "kind": kind,
                            "namespace": meta.get("namespace"), "name": meta.get("name"),
                            "rv": meta.get("resourceVersion"), LAZY_SUMMARY: self.store.last_blob})
        for component in self._watchers.get(kind, ()):
            component.on_change(op, obj)
        for component in self._watchers.get("*", ()):
            component.on_change(op, obj)

    def _on_trace(self, t: float, caller: str, callee: str, verb: str, kind: str, namespace: str, name: str) -> None:
        log = self.frame_log
        if log.enabled and log.traces:
            log.append({"t": t, "type": "trace", "caller": caller, "callee": callee, "verb": verb, "kind": kind,
                        "namespace": namespace, "name": name})

    @property
    def now(self) -> float:
        """Virtual seconds since the epoch (read-only: time moves only when the simulation steps)."""
        return self.clock.now

    # --- bootstrap (kubeadm) -------------------------------------------------------------------

    def _bootstrap(self, nodes: int) -> None:
        api = self.api
        with api.acting_as("kubeadm"):
            for name in ("default", "kube-node-lease", "kube-public", "kube-system"):
                api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}, validate=False)
            names = [CONTROL_PLANE] + [f"node{i:02d}" for i in range(1, nodes)]
            for index, name in enumerate(names):
                node = api.create(self._node(name, index), validate=False)
                api.create(self._lease(node), validate=False)
            api.create(_KUBERNETES_SERVICE, validate=False)
            api.create(_kube_dns_service(), validate=False)
            api.create(self._kubernetes_endpoints(), validate=False)
            api.create(self._kubernetes_endpoint_slice(), validate=False)
            # Not kubeadm's: the sandbox comes with a simulated ingress-nginx (controllers/ingress.py).
            api.create(ingress_class(), validate=False)
            # ... and with a default StorageClass, as kind, k3s and minikube do (controllers/volumes.py).
            api.create(STANDARD_CLASS, validate=False)
        api.trace.clear()  # the animation starts with the student's first command

    def _node(self, name: str, index: int) -> dict:
        now = self.clock.timestamp()
        control_plane = name == CONTROL_PLANE
        labels = {
            "beta.kubernetes.io/arch": "amd64",
            "beta.kubernetes.io/os": "linux",
            "kubernetes.io/arch": "amd64",
            "kubernetes.io/hostname": name,
            "kubernetes.io/os": "linux",
        }
        spec: dict = {"podCIDR": pod_cidr(index), "podCIDRs": [pod_cidr(index)]}
        if control_plane:
            labels["node-role.kubernetes.io/control-plane"] = ""
            labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
            spec["taints"] = [{"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"}]
        return {
            "apiVersion": "v1",
            "kind": "Node",
            "metadata": {
                "name": name,
                "labels": labels,
                "annotations": {
                    "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///var/run/containerd/containerd.sock",
                    "node.alpha.kubernetes.io/ttl": "0",
                    "volumes.kubernetes.io/controller-managed-attach-detach": "true",
                },
            },
            "spec": spec,
            "status": {
                "addresses": [{"address": node_ip(index), "type": "InternalIP"},
                              {"address": name, "type": "Hostname"}],
                "allocatable": dict(ALLOCATABLE),
                "capacity": dict(CAPACITY),
                "conditions": [
                    {"lastHeartbeatTime": now, "lastTransitionTime": now, "message": message, "reason": reason,
                     "status": status, "type": kind}
                    for kind, status, reason, message in NODE_CONDITIONS
                ],
                "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
                "nodeInfo": {
                    "architecture": "amd64",
                    "bootID": self._hex_uuid(),
                    "containerRuntimeVersion": CONTAINER_RUNTIME,
                    "kernelVersion": KERNEL,
                    "kubeProxyVersion": self.kubelet_version,
                    "kubeletVersion": self.kubelet_version,
                    "machineID": f"{self.rng.getrandbits(128):032x}",
                    "operatingSystem": "linux",
                    "osImage": OS_IMAGE,
                    "systemUUID": self._hex_uuid(),
                },
            },
        }

    def _hex_uuid(self) -> str:
        text = f"{self.rng.getrandbits(128):032x}"
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"

    def _lease(self, node: dict) -> dict:
        name = node["metadata"]["name"]
        return {
            "apiVersion": "coordination.k8s.io/v1",
            "kind": "Lease",
            "metadata": {
                "name": name,
                "namespace": "kube-node-lease",
                "ownerReferences": [{"apiVersion": "v1", "kind": "Node", "name": name,
                                     "uid": node["metadata"]["uid"]}],
            },
            "spec": {"holderIdentity": name, "leaseDurationSeconds": 40,
                     "renewTime": self.clock.timestamp().replace("Z", ".000000Z")},
        }

    def _kubernetes_endpoints(self) -> dict:
        return {
            "apiVersion": "v1",
            "kind": "Endpoints",
            "metadata": {"name": "kubernetes", "namespace": "default",
                         "labels": {"endpointslice.kubernetes.io/skip-mirror": "true"}},
            "subsets": [{"addresses": [{"ip": node_ip(0)}],
                         "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}]}],
        }

    def _kubernetes_endpoint_slice(self) -> dict:
        return {
            "apiVersion": "discovery.k8s.io/v1",
            "kind": "EndpointSlice",
            "metadata": {"name": "kubernetes", "namespace": "default",
                         "labels": {"kubernetes.io/service-name": "kubernetes"}},
            "addressType": "IPv4",
            "endpoints": [{"addresses": [node_ip(0)], "conditions": {"ready": True}}],
            "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}],
        }

    @property
    def kubelet_version(self) -> str:
        """``v1.32.0`` for kube_version ``1.32`` (a patch number given in kube_version is kept)."""
        parts = self.kube_version.lstrip("v").split(".")
        return "v" + ".".join((parts + ["0", "0"])[:3])

    # --- requests ------------------------------------------------------------------------------

    def apply(self, text: str | bytes, file: str = "-", namespace: str | None = None,
              dry_run: bool = False) -> ApplyResult:
        """``kubectl apply -f FILE``: every document on its own; errors are listed after the successes."""
        documents = parse_documents(text, file)
        result = ApplyResult()
        done: list[str] = []
        failed: list[str] = []
        for doc in documents:
            action, error, line = self._apply_one(doc, file, namespace, dry_run)
            for warning in self.api.take_warnings():
                done.append(f"Warning: {warning}")
            result.results.append((doc, action, error))
            if error is not None:
                failed.append(error.kubectl_message(file=file))
            else:
                done.append(line)
        if not documents:
            failed.append("error: no objects passed to apply")
        result.ok = not failed
        result.output = "\n".join(done + failed)
        return result

    def _apply_one(self, doc: Document, file: str, namespace: str | None,
                   dry_run: bool) -> tuple[str | None, APIError | None, str]:
        if doc.error is not None:
            return None, APIError.from_issue(400, "BadRequest", doc.error, client_side=True), ""
        obj = doc.data
        if namespace and isinstance(obj, dict) and isinstance(obj.get("metadata"), dict):
            res = by_kind(obj.get("kind")) if isinstance(obj.get("kind"), str) else None
            if res is not None and res.namespaced:
                given = obj["metadata"].get("namespace")
                if given and given != namespace:
                    item = issue("api.namespace_mismatch", object_namespace=given, namespace=namespace)
                    return None, APIError.from_issue(400, "BadRequest", item, client_side=True), ""
                obj = {**obj, "metadata": {**obj["metadata"], "namespace": namespace}}
        try:
            stored, action = self.api.apply(obj, doc=doc, dry_run=dry_run)
        except APIError as error:
            return None, error, ""
        res = self.api.resource_for(stored["kind"])
        suffix = " (server dry run)" if dry_run else ""
        return action, None, f"{res.kind_qualified}/{stored['metadata']['name']} {action}{suffix}"

    def kubectl(self, line: str, stdin: str | None = None, language: str = "en") -> tuple[int, str]:
        """Run one kubectl command line against this cluster: (exit code, what kubectl prints).

        ``stdin`` is the text `-f -` (or `-f FILE`) reads; ``language`` picks ko/en for the
        sandbox's own messages (kubectl's and the API server's messages stay as the real ones)."""
        from .kubectl import run  # the emulator imports the engine, not the other way round

        return run(self, line, stdin=stdin, language=language)

    def get(self, kind: str, name: str, namespace: str = "default") -> dict:
        return self.api.get(kind, namespace, name)

    def list(self, kind: str, namespace: str | None = None, label_selector: str | None = None,
             field_selector: str | None = None) -> list[dict]:
        return self.api.list(kind, namespace, label_selector, field_selector)

    def delete(self, kind: str, name: str, namespace: str = "default", *, propagation: str = "Background",
               grace_period: int | None = None) -> dict:
        return self.api.delete(kind, namespace, name, propagation=propagation, grace_period=grace_period)

    def resource(self, name: str):
        """Resolve ``po``, ``deploy``, ``Service`` ... to a Resource (None if unknown)."""
        return by_kind(name) or lookup(name)

    def request(self, url: str, n: int = 100, *, client: str = "auto"):
        """Send ``n`` HTTP requests to ``url`` and count which pods answered (a ``network.RequestReport``).

        ``client``: ``auto`` (Service names and ClusterIPs from a pod inside, node IPs and Ingress
        hosts from outside), ``inside``, ``outside`` or ``NAMESPACE/POD`` to send from that pod."""
        from .network import request

        return request(self, url, n, client=client)

    def set_load(self, target: str, rps: float, namespace: str = "default", kind: str = "Deployment") -> None:
        """A lesson knob: a standing load of ``rps`` requests per second on a workload's Ready pods
        (spread evenly, as its Service would), which the simulated metrics turn into CPU usage
        (``kubectl top``, the HorizontalPodAutoscaler). ``rps=0`` removes it. See metrics.py."""
        from .metrics import set_load

        set_load(self, target, rps, namespace=namespace, kind=kind)

    # --- faults (what the live view's buttons do) -------------------------------------------

    def delete_pod(self, name: str, namespace: str = "default") -> dict:
        """Delete a pod as `kubectl delete pod` does: graceful, the kubelet stops it and removes it."""
        return self.api.delete("Pod", namespace, name)

    def kill_container(self, pod: str, container: str | None = None, namespace: str = "default") -> str:
        """Kill a running container's process (exit 137, Error); it restarts per restartPolicy.
        Returns the container's name; LookupError when nothing of that pod is running."""
        from .kubelet import kubelet_of

        kubelet = kubelet_of(self)
        if kubelet is None:
            raise LookupError("this cluster runs no kubelet")
        found = self.api.get("Pod", namespace, pod)  # NotFound as the API says it
        node = (found.get("spec") or {}).get("nodeName")
        if node in getattr(kubelet, "stopped", ()):
            raise LookupError(f'node "{node}" is not reachable: its kubelet has stopped')
        return kubelet.kill_container(namespace, pod, container)

    def fail_node(self, node: str) -> bool:
        """The node's kubelet stops: it posts no status, renews no Lease, runs no probes and no pod work
        (its containers go on running, unobserved). The node lifecycle controller notices after the grace
        period (NotReady, taints) and evicts its pods 5 minutes later. False when it had already failed."""
        kubelet = self._kubelet()
        self.api.get("Node", "", node)  # NotFound as the API says it
        if not kubelet.stop_node(node):
            return False
        self._component("nodelifecycle").watch()
        return True

    def recover_node(self, node: str) -> bool:
        """The node's kubelet comes back: Ready again, pods deleted meanwhile are finished. False when it
        had not failed."""
        kubelet = self._kubelet()
        self.api.get("Node", "", node)
        return kubelet.start_node(node)

    def drain(self, node: str) -> str:
        """`kubectl drain NODE --ignore-daemonsets --delete-emptydir-data` as a fault: cordon, then evict the
        node's pods through the Eviction API (PodDisruptionBudgets respected; refused evictions are retried
        every 5 s in the background). Returns what kubectl would have printed so far; raises ValueError
        with kubectl's refusal when pods without a controller are on the node."""
        return self._component("drainer").drain(node)

    def _kubelet(self):
        from .kubelet import kubelet_of

        kubelet = kubelet_of(self)
        if kubelet is None:
            raise LookupError("this cluster runs no kubelet")
        return kubelet

    def _component(self, name: str):
        found = next((c for c in self.components if c.name == name), None)
        if found is None:
            raise LookupError(f"this cluster runs no {name} component")
        return found

    def cordon(self, node: str) -> bool:
        """`kubectl cordon NODE`; False when it already was."""
        from .kubelet import set_schedulable

        return set_schedulable(self.api, node, schedulable=False)

    def uncordon(self, node: str) -> bool:
        """`kubectl uncordon NODE`; False when it already was schedulable."""
        from .kubelet import set_schedulable

        return set_schedulable(self.api, node, schedulable=True)

    # --- snapshot ------------------------------------------------------------------------------

    def snapshot(self) -> dict:
        """Everything needed to continue this cluster later; JSON-safe."""
        version, state, gauss = self.rng.getstate()
        return {
            "version": SNAPSHOT_VERSION,
            "seed": self.seed,
            "kube_version": self.kube_version,
            "epoch": format_time(self.clock.epoch),
            "now": self.clock.now,
            "rng": [version, list(state), gauss],
            "quotas": asdict(self.quotas),
            "store": self.store.dump(),
            "api": self.api.dump_state(),
            "timers": self.timers.dump(),
            "events": self.events.dump(),
            "components": {c.name: c.dump() for c in self.components},
            "frames": {"seq": self.frame_log.seq, "limit": self.frame_log.limit, "traces": self.frame_log.traces,
                       "frames": self.frame_log.since(max(0, self.frame_log.seq - SNAPSHOT_FRAMES))},
            "simulate": self.simulate,
            "kubectl_namespace": getattr(self, "kubectl_namespace", None),  # `kubectl config set-context --namespace`
        }

    @classmethod
    def restore(cls, snap: dict) -> Cluster:
        """A cluster that continues exactly where ``snap`` was taken (same names, IPs, uids next)."""
        if snap.get("version") != SNAPSHOT_VERSION:
            raise ValueError(f"unsupported snapshot version {snap.get('version')!r} (expected {SNAPSHOT_VERSION})")
        cluster = cls.__new__(cls)
        clock = Clock(snap["epoch"], snap.get("now", 0.0))
        frames = FrameLog.load(snap.get("frames", {}))
        frames.limit = snap.get("frames", {}).get("limit", frames.limit)
        cluster._setup(snap["seed"], snap["kube_version"], clock, Quotas(**snap.get("quotas", {})),
                       Store.load(snap["store"]), simulate=snap.get("simulate", True),
                       traces=snap.get("frames", {}).get("traces", True), frames=frames)
        version, state, gauss = snap["rng"]
        cluster.rng.setstate((version, tuple(state), gauss))
        cluster.api.load_state(snap.get("api", {}))
        cluster.timers.load(snap.get("timers", []))
        cluster.events.load(snap.get("events", {}))
        for component in cluster.components:
            component.load(snap.get("components", {}).get(component.name, {}))
            component.rebuild()
        if snap.get("kubectl_namespace"):
            cluster.kubectl_namespace = snap["kubectl_namespace"]
        return cluster


def component_classes() -> list:
    """The simulated control plane, in a fixed order (determinism): controllers, scheduler, kubelets."""
    from .controllers import COMPONENTS

    return list(COMPONENTS)


@contextmanager
def _fewer_collections(objects: int) -> Iterator[None]:
    """Python's cycle collector walks every live container again and again while a big cluster is
    built (the engine makes no cycles, so it finds nothing): in a large cluster, collect the
    youngest generation less often while the simulation runs."""
    if objects < LARGE_CLUSTER_OBJECTS:
        yield
        return
    with _gc_lock:  # several sandboxes may run in threads: the first one in relaxes, the last one out restores
        if not _gc_relaxed:
            _gc_saved[:] = gc.get_threshold()
            gc.set_threshold(max(_gc_saved[0], 100_000), *_gc_saved[1:])
        _gc_relaxed.append(None)
    try:
        yield
    finally:
        with _gc_lock:
            _gc_relaxed.pop()
            if not _gc_relaxed:
                gc.set_threshold(*_gc_saved)


_gc_lock = threading.Lock()
_gc_relaxed: list[None] = []
_gc_saved: list[int] = []


def node_ip(index: int) -> str:
    """192.168.56.10 for the control plane, .11, .12 ... for the workers; a large cluster's node
    network simply continues with 192.168.57.1 ... .254, 192.168.58.1 and on."""
    host = 10 + index
    if host < 255:
        return f"{NODE_SUBNET}{host}"
    rest = host - 255
    return f"192.168.{int(NODE_SUBNET.split('.')[2]) + 1 + rest // 254}.{rest % 254 + 1}"


def pod_cidr(index: int) -> str:
    """The /24 the node IPAM controller gives node ``index``: 10.244.<index>.0/24 as with kubeadm's
    flannel default (10.244.0.0/16) up to index 254; larger clusters (kube-controller-manager with a
    wider --cluster-cidr) continue in 10.245.0.0/24, 10.245.1.0/24 ... 10.244.255.0/24 is skipped:
    the simulated in-cluster client (network.CLIENT_IP) lives there."""
    if index < 255:
        return f"10.244.{index}.0/24"
    rest = index - 255
    return f"10.{(245 + rest // 256) % 256}.{rest % 256}.0/24"


_KUBERNETES_SERVICE = {  # §9.1: the API server's own Service, first IP of the range
    "apiVersion": "v1",
    "kind": "Service",
    "metadata": {"name": "kubernetes", "namespace": "default",
                 "labels": {"component": "apiserver", "provider": "kubernetes"}},
    "spec": {"clusterIP": "10.96.0.1", "ports": [{"name": "https", "port": 443, "protocol": "TCP",
                                                  "targetPort": 6443}], "type": "ClusterIP"},
}


def _kube_dns_service() -> dict:
    """§9.1: CoreDNS's Service at 10.96.0.10 (dns 53/UDP, dns-tcp 53/TCP, metrics 9153/TCP)."""
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {
            "name": "kube-dns",
            "namespace": "kube-system",
            "labels": {"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS"},
            "annotations": {"prometheus.io/port": "9153", "prometheus.io/scrape": "true"},
        },
        "spec": {
            "clusterIP": "10.96.0.10",
            "ports": [
                {"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
                {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53},
                {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153},
            ],
            "selector": {"k8s-app": "kube-dns"},
            "type": "ClusterIP",
        },
    }
