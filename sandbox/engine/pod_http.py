"""What a pod answers on a port: the runtime's HTTP answer of the container that listens there.

The plan of each running container comes from the kubelet when it can describe it (resolved env,
mounted files), else from the container spec; plans are cached per container start, answers per
(pod, port, path) for one instant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from . import runtime
from .controllers.kubeproxy import kube_proxy

if TYPE_CHECKING:
    from .cluster import Cluster

REFUSED = "connection refused"
TIMEOUT = "timeout"
EMPTY_REPLY = "empty reply from server"
_CACHE_LIMIT = 4096


class PodAnswers:
    """HTTP answers of pods at the current virtual time, cached per (pod, port, path)."""

    def __init__(self, cluster: Cluster):
        self.cluster = cluster
        self.answers: dict[tuple, tuple[int, str, str | None]] = {}

    def answer(self, namespace: str, pod_name: str, ip: str, port: int, path: str,
               tcp: bool = False) -> tuple[int, str, str | None]:
        """(status, body, error key) of one request to ``ip:port`` of the pod."""
        key = (namespace, pod_name, ip, port, path, tcp)
        found = self.answers.get(key)
        if found is None:
            found = self.answers[key] = self._answer(namespace, pod_name, ip, port, path, tcp)
        return found

    def _answer(self, namespace: str, pod_name: str, ip: str, port: int, path: str,
                tcp: bool) -> tuple[int, str, str | None]:
        pod = self.cluster.store.get("Pod", namespace, pod_name) if pod_name else None
        status = (pod or {}).get("status") or {}
        if pod is None or (status.get("podIP") and status.get("podIP") != ip):
            return 0, "", TIMEOUT  # the endpoint is stale: nobody has that address any more
        if (pod.get("spec") or {}).get("nodeName") in kube_proxy(self.cluster).unreachable:
            return 0, "", TIMEOUT  # its node is lost: packets to it go nowhere
        clock = self.cluster.clock
        for container, behaviour, elapsed in self._running(pod):
            try:
                reply = runtime.http_answer(behaviour, port, path, elapsed=elapsed,
                                            started_at=clock.datetime(clock.now - elapsed))
            except Exception:  # noqa: BLE001 - a plan the runtime cannot run answers nothing
                continue
            if reply.error is None:
                return reply.status, reply.body, None
            if reply.error == "EOF":
                return 0, "", None if tcp else EMPTY_REPLY
        return 0, "", REFUSED

    def _running(self, pod: dict) -> list[tuple[dict, runtime.Behaviour, float]]:
        out = []
        for spec, cs in running_containers(pod):
            behaviour = container_plan(self.cluster, pod, spec, cs)
            if behaviour is not None:
                started = cs["state"]["running"]["startedAt"]
                out.append((spec, behaviour, max(0.0, self.cluster.clock.seconds_since(started))))
        return out


def running_containers(pod: dict) -> list[tuple[dict, dict]]:
    """(container spec, container status) of the pod's running containers, in spec order."""
    statuses = {cs.get("name"): cs for cs in (pod.get("status") or {}).get("containerStatuses") or ()}
    out = []
    for spec in (pod.get("spec") or {}).get("containers") or ():
        cs = statuses.get(spec.get("name"))
        if cs is not None and ((cs.get("state") or {}).get("running") or {}).get("startedAt"):
            out.append((spec, cs))
    return out


def container_plan(cluster: Cluster, pod: dict, spec: dict, cs: dict) -> runtime.Behaviour | None:
    """The runtime plan of a running container: the kubelet's own when it offers one (resolved env,
    mounted files), else one built from the container spec (literal env only); cached per start."""
    meta = pod["metadata"]
    cache = _behaviour_cache(cluster)
    key = (meta.get("uid"), spec["name"], cs.get("restartCount", 0), cs.get("containerID"),
           ((cs.get("state") or {}).get("running") or {}).get("startedAt"))
    if key in cache:
        return cache[key]
    behaviour = None
    provider = _behaviour_provider(cluster)
    if provider is not None:
        behaviour = provider(pod, spec["name"])
    if behaviour is None:
        try:
            behaviour = runtime.container_behaviour(
                spec, hostname=(pod.get("spec") or {}).get("hostname") or meta["name"],
                pod_ip=(pod.get("status") or {}).get("podIP") or "")
        except Exception:  # noqa: BLE001 - unknown image, bad command: nothing that listens
            behaviour = None
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = behaviour
    return behaviour


def _behaviour_cache(cluster: Cluster) -> dict:
    return kube_proxy(cluster).__dict__.setdefault("behaviours", {})


def _behaviour_provider(cluster: Cluster) -> Callable[[dict, str], runtime.Behaviour | None] | None:
    """The kubelet's own plan of a container (resolved env and mounted files), when it offers one:
    ``container_behaviour(pod, name)``, or its ``record_of`` / ``launch`` / ``real_plan`` trio."""
    for component in cluster.components:
        provider = getattr(component, "container_behaviour", None)
        if callable(provider):
            return provider
        if all(callable(getattr(component, attr, None)) for attr in ("record_of", "launch", "real_plan")):
            return lambda pod, name, kubelet=component: _kubelet_plan(kubelet, pod, name)
    return None


def _kubelet_plan(kubelet: Any, pod: dict, name: str) -> runtime.Behaviour | None:
    meta = pod["metadata"]
    spec = next((c for c in (pod.get("spec") or {}).get("containers") or () if c.get("name") == name), None)
    rec = kubelet.record_of(meta["namespace"], meta["name"])
    if spec is None or rec is None:
        return None
    try:
        launch = kubelet.launch(f"{meta['namespace']}/{meta['name']}", pod, rec, spec)
        return kubelet.real_plan(pod, rec, launch) if launch.plan is not None else None
    except Exception:  # noqa: BLE001 - a container the kubelet cannot describe: build it from the spec
        return None
