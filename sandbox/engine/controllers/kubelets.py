"""The kubelets as one component: the node agent of every node, keyed by pod.

The pod worker itself (what happens to a pod and its containers, and when) is ``sandbox/engine/kubelet.py``;
this component is the part that talks to the cluster, as ``scheduling.py`` is for ``scheduler.py``: it
watches pods (and the ConfigMaps and Secrets a waiting pod needs), wakes the pod worker at the virtual
times it asked for, keeps each node's images, pull queue and pod IPs, and saves all of it in snapshots.
``stop_node``/``start_node`` stop and restart one node's kubelet (``Cluster.fail_node``/``recover_node``; the
node lifecycle controller, ``nodelifecycle.py``, notices the silence).
"""

from __future__ import annotations

import math
from typing import Any

from .. import runtime
from ..apierrors import APIError
from ..kubelet import (
    RUN_HORIZON_SECONDS, SANDBOX_SECONDS, Sync, all_containers, as_list, as_tuple, hostname, image_changed, pod_key,
)
from ..pod_env import ConfigError, container_env, container_files, pod_volumes, service_env
from ..pod_status import TERMINAL, ContainerRecord, PodRecord, log_container_id
from ..runtime import StartError
from .base import Component


class NodeState:
    """What one node's kubelet keeps: its images, its pull queue and its pod IPs."""

    __slots__ = ("images", "pull_free", "last_ip", "ips")

    def __init__(self) -> None:
        self.images: dict[str, float] = {}  # canonical reference -> when it is on disk
        self.pull_free = 0.0  # serializeImagePulls: the next pull starts when the last one ends
        self.last_ip = 1  # host-local IPAM: the next address after the last one handed out
        self.ips: dict[int, str] = {}  # host octet -> pod key

    def to_json(self) -> dict:
        return {"images": self.images, "pull_free": self.pull_free, "last_ip": self.last_ip,
                "ips": {str(k): v for k, v in self.ips.items()}}

    @classmethod
    def from_json(cls, data: dict) -> NodeState:
        state = cls()
        state.images = dict(data.get("images", {}))
        state.pull_free = data.get("pull_free", 0.0)
        state.last_ip = data.get("last_ip", 1)
        state.ips = {int(k): v for k, v in data.get("ips", {}).items()}
        return state


class Launch:
    """A container ready to run: its environment and files, and the plan ``runtime`` made of them."""

    __slots__ = ("env", "files", "plan", "error", "key")

    def __init__(self, env: dict, files: dict, plan: runtime.Behaviour | None, error: str | None, key: tuple):
        self.env, self.files, self.plan, self.error, self.key = env, files, plan, error, key


class Kubelet(Component):
    caller = "kubelet"
    name = "kubelet"
    watches = ("Pod", "ConfigMap", "Secret", "Service", "EndpointSlice")
    latency = 0.05

    def __init__(self, cluster):
        super().__init__(cluster)
        self.pods: dict[str, PodRecord] = {}  # "namespace/name" -> record
        self.nodes: dict[str, NodeState] = {}
        self.waiters: dict[tuple, dict[str, None]] = {}  # (kind, namespace, name) -> pod keys
        self.net_waiters: dict[str, None] = {}  # pods with a process looping on the network (derived)
        self.resolver = None  # a fixed resolver for every container (tests); else network.resolver_for(pod)
        self._plans: dict[tuple, Any] = {}  # template key -> Behaviour or StartError text (derived)
        self._launches: dict[tuple, Launch] = {}  # (pod key, container) -> Launch (derived)
        self._node_facts: dict[str, tuple[str, str, dict]] = {}  # node -> (IP, podCIDR prefix, allocatable)
        # Derived, rebuilt on demand (not in snapshots): what a pod's sandbox mounted, the Services of a
        # namespace (for their environment variables), the status last posted per pod, timestamps.
        self.volumes: dict[str, dict] = {}
        self.posted: dict[str, tuple] = {}
        # The pod as the kubelet last wrote it, while nobody else has written it since: saves reading it back.
        self.pod_cache: dict[str, dict] = {}
        self.writing: str | None = None
        self._services: dict[str, list[dict]] = {}
        self._links: dict[tuple[str, bool], dict[str, str]] = {}  # (namespace, enableServiceLinks) -> variables
        self._stamps: dict[int, str] = {}
        # Nodes whose kubelet is stopped (Cluster.fail_node) -> when it stopped: it posts nothing, renews
        # no Lease and syncs no pod until start_node; their containers go on running unobserved.
        self.stopped: dict[str, float] = {}

    # --- watching --------------------------------------------------------------------------

    def rebuild(self) -> None:
        self.waiters = {}
        self.net_waiters = {key: None for key, rec in self.pods.items()
                            if any(c.net_since is not None for c in rec.containers)}
        for key, rec in self.pods.items():
            namespace = key.split("/", 1)[0]
            for kind, name in rec.waiting_on:
                self.waiters.setdefault((kind, namespace, name), {})[key] = None

    def start(self) -> None:
        for pod in self.store.list("Pod"):
            if pod["spec"].get("nodeName") and (pod.get("status") or {}).get("phase") not in TERMINAL:
                self._wake(pod_key(pod), self.clock.now + self.latency + SANDBOX_SECONDS)

    def on_change(self, op: str, obj: dict) -> None:
        kind, meta = obj["kind"], obj["metadata"]
        if kind in ("Service", "EndpointSlice"):
            if kind == "Service":
                self._services.pop(meta.get("namespace"), None)
                self._links.clear()  # "kubernetes" in default is in every namespace's variables
            self._network_changed()
            return
        if kind != "Pod":
            for key in list(self.waiters.get((kind, meta.get("namespace"), meta["name"]), ())):
                rec = self.pods.get(key)
                if rec is None:
                    continue
                # Picked up at the next retry, as the real kubelet does; foreground, so a student who
                # creates the missing ConfigMap and runs until stable sees the pod start.
                times = [c.until for c in rec.containers if c.stage == "config-error" and c.until is not None]
                if rec.retry is not None:
                    times.append(rec.retry)
                self._wake(key, min(times) if times else self.clock.now)
            return
        key = f"{meta['namespace']}/{meta['name']}"
        if key != self.writing:
            self.pod_cache.pop(key, None)
        rec = self.pods.get(key)
        if op == "DELETED":
            if rec is not None and rec.uid == meta.get("uid"):
                self._forget(key, rec)
            return
        node = (obj.get("spec") or {}).get("nodeName")
        if not node:
            return
        if rec is None or rec.uid != meta.get("uid"):
            if (obj.get("status") or {}).get("phase") not in TERMINAL:
                self._wake(key, self.clock.now + self.latency + (0.0 if meta.get("deletionTimestamp") else SANDBOX_SECONDS))
        elif meta.get("deletionTimestamp") and rec.killing is None:
            self._wake(key, self.clock.now + self.latency)
        elif self._spec_changed(obj, rec):
            self._wake(key, self.clock.now + self.latency)

    def _network_changed(self) -> None:
        """A Service or its endpoints changed: a process looping on nslookup or wget may get through now."""
        now = self.clock.now
        for key in list(self.net_waiters):
            rec = self.pods.get(key)
            if rec is None or not any(c.net_since is not None and c.stage == "running" and c.exit is None
                                      for c in rec.containers):
                del self.net_waiters[key]
            elif rec.replan is None:
                rec.replan = now
                self._wake(key, now + self.latency)

    def _spec_changed(self, pod: dict, rec: PodRecord) -> bool:
        spec = pod.get("spec") or {}
        if spec.get("readinessGates"):
            return True  # a gate's condition may have changed
        for c in list(spec.get("initContainers") or ()) + list(spec.get("containers") or ()):
            crec = rec.container(c.get("name"))
            if crec is not None and crec.spec_image and crec.spec_image != c.get("image") and crec.stage == "running":
                return True
            if crec is not None and image_changed(crec, c):
                return True
        return False

    def _wake(self, key: str, t: float, background: bool = False) -> None:
        namespace, name = key.split("/", 1)
        prefix = "kubelet~bg:" if background else "kubelet:"
        self.timers.call_at(t, "kubelet.reconcile", namespace, name, recurring=background, key=prefix + key)

    def _forget(self, key: str, rec: PodRecord) -> None:
        del self.pods[key]
        node = self.nodes.get(rec.node)
        if node is not None and rec.ip:
            octet = int(rec.ip.rsplit(".", 1)[1])
            if node.ips.get(octet) == key:  # hostNetwork pods have the node's IP, not one of its pod IPs
                del node.ips[octet]
        for kind, name in rec.waiting_on:
            self.waiters.get((kind, key.split("/", 1)[0], name), {}).pop(key, None)
        for c in rec.containers:
            self._launches.pop((key, c.name), None)
        self.volumes.pop(key, None)
        self.posted.pop(key, None)
        self.pod_cache.pop(key, None)
        self.net_waiters.pop(key, None)
        self.timers.cancel_key("kubelet:" + key)
        self.timers.cancel_key("kubelet~bg:" + key)

    # --- one pod sync ------------------------------------------------------------------------

    def _run_reconcile(self, namespace: str, name: str) -> None:
        self.reconcile(namespace, name)

    def reconcile(self, namespace: str, name: str) -> None:
        key = f"{namespace}/{name}"
        pod = self.pod_cache.get(key)
        if pod is None:
            pod = self.store.get("Pod", namespace, name)
        rec = self.pods.get(key)
        if rec is not None and (pod is None or pod["metadata"].get("uid") != rec.uid):
            self._forget(key, rec)
            rec = None
        if pod is None or not pod["spec"].get("nodeName"):
            return
        node = pod["spec"]["nodeName"]
        if node in self.stopped:
            return  # a stopped kubelet does nothing; start_node syncs every pod of its node again
        with self.api.acting_as(f"kubelet/{node}"):
            if rec is None:
                if (pod.get("status") or {}).get("phase") in TERMINAL or not self.store.exists("Node", "", node):
                    return  # finished, or bound to a node no kubelet runs on: it stays Pending
                if pod["metadata"].get("deletionTimestamp"):
                    self._remove(pod)
                    return
                rec = self._admit(key, pod, node)
            Sync(self, key, pod, rec).run()

    def _admit(self, key: str, pod: dict, node: str) -> PodRecord:
        anchor = max(0.0, self.clock.now - SANDBOX_SECONDS)
        rec = PodRecord(pod["metadata"]["uid"], node, anchor, self.clock.timestamp(anchor))
        spec = pod["spec"]
        for c in spec.get("initContainers") or ():
            rec.containers.append(ContainerRecord(c["name"], "sidecar" if c.get("restartPolicy") == "Always" else "init"))
        for c in spec.get("containers") or ():
            rec.containers.append(ContainerRecord(c["name"], "app"))
        self.pods[key] = rec
        return rec

    def _remove(self, pod: dict) -> None:
        meta = pod["metadata"]
        try:
            self.api.delete("Pod", meta["namespace"], meta["name"], grace_period=0)
        except APIError:
            pass

    # --- node facts ----------------------------------------------------------------------------

    def node_state(self, node: str) -> NodeState:
        state = self.nodes.get(node)
        if state is None:
            state = self.nodes[node] = NodeState()
        return state

    def node_facts(self, node: str) -> tuple[str, str, dict]:
        """(InternalIP, podCIDR prefix like ``10.244.1.``, allocatable) of a node."""
        facts = self._node_facts.get(node)
        if facts is None:
            obj = self.store.get("Node", "", node) or {}
            addresses = (obj.get("status") or {}).get("addresses") or ()
            ip = next((a.get("address") for a in addresses if a.get("type") == "InternalIP"), "") or ""
            cidr = (obj.get("spec") or {}).get("podCIDR") or "10.244.0.0/24"
            prefix = cidr.split("/", 1)[0].rsplit(".", 1)[0] + "."
            facts = self._node_facts[node] = (ip, prefix, dict((obj.get("status") or {}).get("allocatable") or {}))
        return facts

    def allocate_ip(self, node: str, key: str) -> str:
        """host-local IPAM: the next free address after the last one given out, .2 to .254, wrapping."""
        state = self.node_state(node)
        candidate = state.last_ip
        for _ in range(253):
            candidate = candidate + 1 if candidate < 254 else 2
            if candidate not in state.ips:
                state.ips[candidate] = key
                state.last_ip = candidate
                return self.node_facts(node)[1] + str(candidate)
        raise RuntimeError(f"no free pod IP on node {node}")

    # --- launching containers -------------------------------------------------------------------

    def launch(self, key: str, pod: dict, rec: PodRecord, spec: dict, fresh: bool = False) -> Launch:
        """Environment, files and plan of a container (cached until it is created again); raises ConfigError."""
        cached = None if fresh else self._launches.get((key, spec["name"]))
        if cached is not None and cached.key[0] == spec.get("image"):
            return cached
        host_ip, _, allocatable = self.node_facts(rec.node)
        get = self._getter
        namespace = pod["metadata"]["namespace"]
        links_key = (namespace, pod["spec"].get("enableServiceLinks", True) is not False)
        links = self._links.get(links_key)
        if links is None:
            services = self.services(namespace) + (self.services("default") if namespace != "default" else [])
            links = self._links[links_key] = service_env(services, *links_key)
        env = container_env(pod, spec, get, [], host_ip, rec.ip or "", allocatable, links=links)
        volumes = self.volumes.get(key)
        if volumes is None:
            volumes = self.volumes[key] = pod_volumes(pod, get, host_ip, rec.ip or "")
        files = container_files(pod, spec, volumes)
        limits = (spec.get("resources") or {}).get("limits") or {}
        plan_key = (spec.get("image"), as_tuple(spec.get("command")), as_tuple(spec.get("args")), tuple(env.items()),
                    limits.get("memory"), tuple(sorted(files.items())))
        plan = self._plans.get(plan_key)
        if plan is None:
            try:
                plan = runtime.behaviour(spec["image"], spec.get("command"), spec.get("args"), env, files=files,
                                         memory_limit=limits.get("memory"))
            except StartError as error:
                plan = error.message
            except LookupError:
                plan = f'failed to create containerd task: image "{spec["image"]}" has no known behaviour'
            if len(self._plans) > 4096:
                self._plans.clear()
            self._plans[plan_key] = plan
        launch = Launch(env, files, plan if not isinstance(plan, str) else None, plan if isinstance(plan, str) else None,
                        plan_key)
        if len(self._launches) > 4096:  # derived and deterministic: recomputed when needed again
            self._launches.pop(next(iter(self._launches)))
        self._launches[(key, spec["name"])] = launch
        return launch

    def services(self, namespace: str) -> list[dict]:
        found = self._services.get(namespace)
        if found is None:
            found = self._services[namespace] = self.store.list("Service", namespace)
        return found

    def stamp(self, t: float) -> str:
        """An API timestamp (whole seconds) of virtual time ``t``, memoised: the kubelet writes many."""
        second = math.floor(t)
        text = self._stamps.get(second)
        if text is None:
            if len(self._stamps) > 4096:
                self._stamps.clear()
            text = self._stamps[second] = self.clock.timestamp(second)
        return text

    def _getter(self, kind: str, namespace: str, name: str) -> dict | None:
        return self.store.get(kind, namespace, name)

    def real_plan(self, pod: dict, rec: PodRecord, launch: Launch) -> runtime.Behaviour:
        """The plan with the pod's hostname and IP filled in (logs, HTTP answers, exit times)."""
        return runtime.behaviour(launch.key[0], as_list(launch.key[1]), as_list(launch.key[2]), dict(launch.key[3]),
                                 files=launch.files, hostname=hostname(pod), pod_ip=rec.ip or "",
                                 memory_limit=launch.key[4])

    def planned_exit(self, pod: dict, rec: PodRecord, launch: Launch, start: float,
                     net_since: float | None = None) -> tuple[float, int, str] | None:
        """(seconds after ``start``, exit code, reason) the container's process ends with, or None."""
        plan = launch.plan
        if plan is None:
            return None
        if plan.long_running:
            return (plan.oom_after, 137, "OOMKilled") if plan.oom_after is not None else None
        state = runtime.run(self.real_plan(pod, rec, launch), RUN_HORIZON_SECONDS, files=launch.files,
                            resolver=self.resolver_for(pod, start, net_since))
        return state.exit

    def resolver_for(self, pod: dict, start: float, net_since: float | None = None) -> Any:
        """Network answers for a container of ``pod`` that started at ``start``: the cluster as it is now
        (network.resolver_for); before ``net_since`` (when the network changed while it waited) nothing
        answered, which is why it was still waiting."""
        if self.resolver is not None:
            return self.resolver
        try:
            from .. import network
        except ImportError:  # pragma: no cover - an engine without the network layer
            return None
        live = network.resolver_for(self.cluster, pod)
        if net_since is None:
            return live
        cut = net_since - start

        def answer(call: runtime.NetworkCall, elapsed: float) -> runtime.NetworkAnswer:
            return live(call, elapsed) if elapsed + 1e-9 >= cut else runtime.offline_resolver(call, elapsed)

        return answer

    # --- faults and queries ------------------------------------------------------------------------

    def kill_container(self, namespace: str, pod_name: str, container: str | None = None) -> str:
        """The container's process is killed (exit 137): it ends now and restarts per policy.
        Returns the container's name; raises LookupError when there is no running container to kill."""
        key = f"{namespace}/{pod_name}"
        rec = self.pods.get(key)
        if rec is None:
            raise LookupError(f'pod "{pod_name}" has no running containers')
        running = [c for c in rec.containers if c.stage == "running" and (container is None or c.name == container)]
        if not running:
            what = f'container "{container}"' if container else "containers"
            raise LookupError(f'pod "{pod_name}" has no running {what}')
        target = running[0]
        target.exit = [self.clock.now, 137, "Error"]
        self.reconcile(namespace, pod_name)
        return target.name

    def record_of(self, namespace: str, name: str) -> PodRecord | None:
        return self.pods.get(f"{namespace}/{name}")

    def logs(self, pod: dict, container: str, previous: bool = False) -> list[tuple[float, str]]:
        """What the container wrote, as (virtual time, line), oldest first; raises LogsError with the
        kubelet's message (validateContainerLogStatus) when there is nothing to read."""
        meta = pod["metadata"]
        statuses = {s.get("name"): s for s in list((pod.get("status") or {}).get("initContainerStatuses") or ())
                    + list((pod.get("status") or {}).get("containerStatuses") or ())}
        cid = log_container_id(statuses.get(container) or {}, container, meta["name"], previous)
        rec = self.record_of(meta["namespace"], meta["name"])
        c = rec.container(container) if rec is not None else None
        if c is None or not cid:
            return []
        if cid == c.cid and c.start is not None:
            start, end, image = c.start, c.end, c.spec_image
        elif c.prev and cid == c.prev[3]:
            start, end, image = c.prev[0], c.prev[1], c.prev[2]
        else:
            return []  # an older instance: the kubelet keeps the logs of the last two
        spec = next((s for s in all_containers(pod) if s.get("name") == container), None)
        if spec is None or start is None:
            return []
        try:
            launch = self.launch(pod_key(pod), pod, rec, {**spec, "image": image}, fresh=image != spec.get("image"))
        except ConfigError:
            return []
        if launch.plan is None:
            return []  # the process never started (StartError)
        until = (end if end is not None else self.clock.now) - start
        net_since = c.net_since if cid == c.cid else None
        state = runtime.run(self.real_plan(pod, rec, launch), max(0.0, until), files=launch.files,
                            resolver=self.resolver_for(pod, start, net_since), started_at=self.clock.datetime(start))
        return [(start + t, line) for t, _, line in state.logs]

    # --- a node's kubelet stops and starts (Cluster.fail_node / recover_node) -------------------------

    def stop_node(self, node: str) -> bool:
        """The kubelet of ``node`` stops: no status, no Lease renewal, no probes, no pod work. Its last
        heartbeats are written as they were (the Lease's last renewal, the last status report), since
        healthy kubelets' heartbeats are implicit. False when it was already stopped."""
        if node in self.stopped:
            return False
        self.stopped[node] = self.clock.now
        with self.api.acting_as(f"kubelet/{node}"):
            self._post_heartbeats(node, last_renewal(self.clock.now), last_report(self.clock.now))
        for key, rec in self.pods.items():
            if rec.node == node:
                self.timers.cancel_key("kubelet:" + key)
                self.timers.cancel_key("kubelet~bg:" + key)
        return True

    def start_node(self, node: str) -> bool:
        """The kubelet of ``node`` comes back: it posts Ready (event ``NodeReady``) and syncs every pod bound
        to it, finishing the ones deleted meanwhile. False when it was running."""
        if self.stopped.pop(node, None) is None:
            return False
        now = self.clock.now
        with self.api.acting_as(f"kubelet/{node}"):
            self._post_heartbeats(node, now, now, ready=True)
        for key, rec in list(self.pods.items()):
            if rec.node != node:
                continue
            namespace, name = key.split("/", 1)
            pod = self.store.get("Pod", namespace, name)
            if pod is None or pod["metadata"].get("uid") != rec.uid:
                self._forget(key, rec)  # force-deleted while the kubelet was away
                continue
            self._skip_missed_probes(pod, rec)
        for pod in self.store.pods_on_node(node):
            if (pod.get("status") or {}).get("phase") not in TERMINAL:
                self.pod_cache.pop(pod_key(pod), None)
                self._wake(pod_key(pod), now + self.latency)
        return True

    def _post_heartbeats(self, node: str, renewed: float, reported: float, ready: bool = False) -> None:
        """Write the Lease renewal and the node status as the kubelet last posted them; ``ready``: post
        the healthy conditions again (after a stop), with the ``NodeReady`` event when Ready changes."""
        from ..cluster import NODE_CONDITIONS  # the boot-time conditions of a healthy node

        lease = self.store.get("Lease", "kube-node-lease", node)
        if lease is not None:
            stamp = self.clock.timestamp(renewed).replace("Z", ".000000Z")
            if (lease.get("spec") or {}).get("renewTime") != stamp:
                lease.setdefault("spec", {})["renewTime"] = stamp
                self.api.update(lease, validate=False)
        obj = self.store.get("Node", "", node)
        if obj is None:
            return
        now, beat = self.clock.now, self.clock.timestamp(reported)
        conditions = [dict(c) for c in (obj.get("status") or {}).get("conditions") or ()]
        was_ready = next((c.get("status") for c in conditions if c.get("type") == "Ready"), None)
        if ready:
            healthy = {kind: (status, reason, message) for kind, status, reason, message in NODE_CONDITIONS}
            for c in conditions:
                if c.get("type") in healthy:
                    status, reason, message = healthy[c["type"]]
                    if c.get("status") != status:
                        c["lastTransitionTime"] = beat
                    c.update(status=status, reason=reason, message=message)
        for c in conditions:
            if c.get("lastHeartbeatTime") and self.clock.seconds_since(c["lastHeartbeatTime"]) > now - reported:
                c["lastHeartbeatTime"] = beat  # older than the last report: the report came after it
        if conditions != (obj.get("status") or {}).get("conditions"):
            obj["status"]["conditions"] = conditions
            self.api.update_status(obj)
        if ready and was_ready != "True":
            self.event(node_ref(node), "Normal", "NodeReady", f"Node {node} status is now: NodeReady", host=node)

    def _skip_missed_probes(self, pod: dict, rec: PodRecord) -> None:
        """No probe ran while the kubelet was stopped: each prober resumes at its next tick from now."""
        specs = {c.get("name"): c for c in all_containers(pod)}
        now = self.clock.now
        for c in rec.containers:
            for kind, state in (c.probes or {}).items():
                probe = (specs.get(c.name) or {}).get(PROBE_SPEC_FIELDS[kind]) or {}
                period = float(probe.get("periodSeconds") or 10)
                if state[0] <= now:
                    state[0] = rec.anchor + (math.floor((now - rec.anchor) / period + 1e-9) + 1) * period

    # --- snapshot -----------------------------------------------------------------------------------

    def dump(self) -> dict:
        data = {"pods": {k: r.to_json() for k, r in self.pods.items()},
                "nodes": {k: n.to_json() for k, n in self.nodes.items()}}
        if self.stopped:
            data["stopped"] = dict(self.stopped)
        return data

    def load(self, data: dict) -> None:
        self.pods = {k: PodRecord.from_json(v) for k, v in data.get("pods", {}).items()}
        self.nodes = {k: NodeState.from_json(v) for k, v in data.get("nodes", {}).items()}
        self.stopped = dict(data.get("stopped", {}))


# The kubelet's heartbeats (reference §8): the Lease is renewed every 10 s, the node status is reported
# at least every 5 minutes. In the sandbox they are implicit while the kubelet runs; when it stops, these
# give the times of its last renewal and report (nodes registered at time 0, as the cluster boots them).
LEASE_RENEW_SECONDS = 10.0
STATUS_REPORT_SECONDS = 300.0
PROBE_SPEC_FIELDS = {"startup": "startupProbe", "liveness": "livenessProbe", "readiness": "readinessProbe"}


def node_ref(name: str) -> dict:
    """How the kubelet and the node controller name a node in its events: the uid is the node's name."""
    return {"apiVersion": "v1", "kind": "Node", "metadata": {"name": name, "uid": name}}


def last_renewal(now: float) -> float:
    return math.floor(now / LEASE_RENEW_SECONDS + 1e-9) * LEASE_RENEW_SECONDS


def last_report(now: float) -> float:
    return math.floor(now / STATUS_REPORT_SECONDS + 1e-9) * STATUS_REPORT_SECONDS
