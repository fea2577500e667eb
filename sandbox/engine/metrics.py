"""Simulated resource metrics: what metrics-server would report for pods and nodes.

The model (deliberately simple, so a lesson can reason about it):

* a running container uses ``IDLE_CPU_MILLICORES`` (1m) plus ``CPU_MILLICORES_PER_RPS`` (10m) for
  every request per second it serves, never more than its CPU limit;
* its memory is what the simulated runtime says its process needs (``runtime.Behaviour.memory_bytes``,
  e.g. 10Mi for nginx) plus ``MEMORY_BYTES_PER_RPS`` (256Ki) per request per second;
* the request rate of a pod is the average over the last ``WINDOW_SECONDS`` (60 s) of the requests the
  traffic simulator recorded for it (:func:`record_requests`), so usage rises with load and decays
  a minute after it stops, plus its share of any standing load set with :func:`set_load`
  (``cluster.set_load("web", 50)``: 50 requests per second spread evenly over the Ready pods of
  Deployment ``web``, as a Service would spread them);
* a node uses what its running pods use plus the system daemons' share (``SYSTEM_USAGE``).

Only Running pods have metrics (like metrics-server, which reports running containers). The
state that decides future values (recorded requests, standing loads) lives in the
``MetricsServer`` component so snapshots keep it.
"""

from __future__ import annotations

import json
from typing import Any

from .controllers.metrics_server import MetricsServer

IDLE_CPU_MILLICORES = 1
CPU_MILLICORES_PER_RPS = 10
MEMORY_BYTES_PER_RPS = 256 * 1024
DEFAULT_MEMORY_BYTES = 4 * 1024 * 1024
WINDOW_SECONDS = 60.0
# kubelet, container runtime, kube-proxy, and on the control plane the API server, etcd, ...
SYSTEM_USAGE = {"controlplane": (120, 1100 * 1024 * 1024), "worker": (25, 450 * 1024 * 1024)}
LOAD_KINDS = ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "ReplicationController")
_MEMORY_CACHE: dict[str, int] = {}


def server(cluster) -> MetricsServer:
    for component in cluster.components:
        if isinstance(component, MetricsServer):
            return component
    found = getattr(cluster, "_metrics_fallback", None)
    if found is None:  # a cluster without the simulation loop still answers `kubectl top`
        found = MetricsServer.__new__(MetricsServer)
        found.cluster, found.loads, found.records = cluster, {}, {}
        cluster._metrics_fallback = found
    return found


# --- feeding the model -------------------------------------------------------------------------------


def record_requests(cluster, pod_name: str, n: int, window_seconds: float = 1.0, namespace: str = "default") -> None:
    """The traffic simulator reports that ``pod_name`` answered ``n`` requests spread over the last
    ``window_seconds`` (ending now). ``pod_name`` may be ``namespace/name``."""
    if "/" in pod_name:
        namespace, pod_name = pod_name.split("/", 1)
    if n <= 0:
        return
    srv = server(cluster)
    now = cluster.clock.now
    window = max(0.0, float(window_seconds))
    entries = srv.records.setdefault(f"{namespace}/{pod_name}", [])
    entries.append([now - window, float(n), window])
    horizon = now - WINDOW_SECONDS
    entries[:] = [e for e in entries if e[0] + e[2] > horizon or (e[2] == 0 and e[0] > horizon)]


def set_load(cluster, target: str, rps: float, namespace: str = "default", kind: str = "Deployment") -> None:
    """A standing load of ``rps`` requests per second on a workload (0 removes it)."""
    if kind not in LOAD_KINDS:
        raise ValueError(f"set_load works on {', '.join(LOAD_KINDS)}, not {kind}")
    if rps < 0:
        raise ValueError("rps must not be negative")
    key = f"{kind}/{namespace}/{target}"
    srv = server(cluster)
    if rps:
        srv.loads[key] = float(rps)
    else:
        srv.loads.pop(key, None)


# --- reading it ------------------------------------------------------------------------------------


def recorded_rps(cluster, namespace: str, name: str) -> float:
    """Requests per second averaged over the trailing window, from what the traffic simulator recorded."""
    now = cluster.clock.now
    start = now - WINDOW_SECONDS
    total = 0.0
    for t0, count, window in server(cluster).records.get(f"{namespace}/{name}", ()):
        if window <= 0:
            total += count if start < t0 <= now else 0.0
            continue
        overlap = min(t0 + window, now) - max(t0, start)
        if overlap > 0:
            total += count * overlap / window
    return total / WINDOW_SECONDS


def standing_rps(cluster) -> dict[tuple[str, str], float]:
    """Each Ready pod's share of the standing loads: {(namespace, pod): rps}."""
    from .labels import SelectorError, selector_from_label_selector

    shares: dict[tuple[str, str], float] = {}
    for key, rps in sorted(server(cluster).loads.items()):
        kind, namespace, name = key.split("/", 2)
        owner = cluster.store.get(kind, namespace, name)
        if owner is None:
            continue
        try:
            selector = selector_from_label_selector((owner.get("spec") or {}).get("selector"))
        except SelectorError:
            continue
        pods = [p for p in cluster.store.select("Pod", namespace, selector) if _serving(p)]
        for pod in pods:
            pod_key = (namespace, pod["metadata"]["name"])
            shares[pod_key] = shares.get(pod_key, 0.0) + rps / len(pods)
    return shares


def _serving(pod: dict) -> bool:
    status = pod.get("status") or {}
    return (not pod["metadata"].get("deletionTimestamp") and status.get("phase") == "Running"
            and any(c.get("type") == "Ready" and c.get("status") == "True" for c in status.get("conditions") or ()))


def _running_containers(pod: dict) -> list[dict]:
    status = pod.get("status") or {}
    if status.get("phase") != "Running":
        return []
    running = {s.get("name") for s in status.get("containerStatuses") or () if (s.get("state") or {}).get("running")}
    return [c for c in (pod.get("spec") or {}).get("containers") or () if c.get("name") in running]


def _cpu_limit(container: dict) -> int | None:
    from .scheduler import cpu_millis

    limit = ((container.get("resources") or {}).get("limits") or {}).get("cpu")
    try:
        return cpu_millis(limit) if limit is not None else None
    except (ValueError, ArithmeticError):
        return None


def _base_memory(container: dict) -> int:
    key = json.dumps([container.get("image"), container.get("command"), container.get("args")], sort_keys=True)
    found = _MEMORY_CACHE.get(key)
    if found is None:
        from . import runtime

        try:
            found = int(runtime.container_behaviour(container).memory_bytes)
        except Exception:  # noqa: BLE001 - an unknown image or a command the runtime cannot plan
            found = DEFAULT_MEMORY_BYTES
        if len(_MEMORY_CACHE) < 4096:
            _MEMORY_CACHE[key] = found
    return found


def pod_metrics(cluster, pod: dict, shares: dict | None = None) -> list[dict[str, Any]] | None:
    """Per-container usage ``[{"name", "cpu" (millicores), "memory" (bytes)}]``, None without metrics."""
    containers = _running_containers(pod)
    if not containers:
        return None
    meta = pod["metadata"]
    shares = standing_rps(cluster) if shares is None else shares
    rps = recorded_rps(cluster, meta["namespace"], meta["name"]) + shares.get((meta["namespace"], meta["name"]), 0.0)
    per_container = rps / len(containers)  # the sandbox does not know which container served them
    out = []
    for container in containers:
        cpu = IDLE_CPU_MILLICORES + int(round(per_container * CPU_MILLICORES_PER_RPS))
        limit = _cpu_limit(container)
        if limit is not None:
            cpu = min(cpu, limit)
        memory = _base_memory(container) + int(per_container * MEMORY_BYTES_PER_RPS)
        out.append({"name": container["name"], "cpu": cpu, "memory": memory})
    return out


def node_metrics(cluster, node: dict, shares: dict | None = None) -> dict[str, int] | None:
    """``{"cpu": millicores, "memory": bytes}`` of a Ready node (None when it is not reporting)."""
    conditions = {c.get("type"): c.get("status") for c in (node.get("status") or {}).get("conditions") or ()}
    if conditions.get("Ready") != "True":
        return None
    labels = node["metadata"].get("labels") or {}
    role = "controlplane" if "node-role.kubernetes.io/control-plane" in labels else "worker"
    cpu, memory = SYSTEM_USAGE[role]
    shares = standing_rps(cluster) if shares is None else shares
    for pod in cluster.store.pods_on_node(node["metadata"]["name"]):
        for usage in pod_metrics(cluster, pod, shares) or ():
            cpu += usage["cpu"]
            memory += usage["memory"]
    return {"cpu": cpu, "memory": memory}
