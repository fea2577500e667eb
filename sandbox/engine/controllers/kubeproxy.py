"""kube-proxy's (and CoreDNS's) view of the cluster: Services, EndpointSlices and node addresses (§9.3, §9.4).

Like the real kube-proxy this reads EndpointSlices, not pods: a pod that just became ready gets
traffic once the EndpointSlice controller has written it into a slice. The tables are an informer
cache kept current from watch events (the real proxy's rule sync is modelled as immediate); the
routing itself lives in ``sandbox/engine/network.py``. The only state that decides future behaviour
is the ``sessionAffinity: ClientIP`` table (client -> endpoint, like iptables' ``recent`` module),
which the snapshot keeps.
"""

from __future__ import annotations

import marshal

from typing import NamedTuple

from .base import Component
from .endpointslices import SERVICE_NAME


class Endpoint(NamedTuple):
    ip: str
    ports: tuple  # (port name, port number) pairs
    ready: bool
    serving: bool
    terminating: bool
    node: str
    pod: str  # targetRef name when the endpoint is a pod, else ""
    hostname: str

    def port(self, name: str) -> int | None:
        for port_name, number in self.ports:
            if port_name == name:
                return number
        return None


class ServiceInfo(NamedTuple):
    namespace: str
    name: str
    type: str
    cluster_ip: str  # "" for ExternalName, "None" for headless
    ports: tuple  # the spec.ports dicts
    affinity: bool  # sessionAffinity: ClientIP
    affinity_seconds: int
    local_external: bool  # externalTrafficPolicy: Local
    external_name: str


def service_info(svc: dict) -> ServiceInfo:
    meta, spec = svc["metadata"], svc.get("spec") or {}
    timeout = ((spec.get("sessionAffinityConfig") or {}).get("clientIP") or {}).get("timeoutSeconds") or 10800
    return ServiceInfo(
        namespace=meta.get("namespace") or "", name=meta["name"], type=spec.get("type") or "ClusterIP",
        cluster_ip=spec.get("clusterIP") or "", ports=tuple(spec.get("ports") or ()),
        affinity=spec.get("sessionAffinity") == "ClientIP", affinity_seconds=int(timeout),
        local_external=spec.get("externalTrafficPolicy") == "Local", external_name=spec.get("externalName") or "",
    )


def slice_endpoints(sl: dict) -> tuple[Endpoint, ...]:
    ports = tuple((p.get("name") or "", p.get("port")) for p in sl.get("ports") or () if p.get("port") is not None)
    out = []
    for ep in sl.get("endpoints") or ():
        conditions = ep.get("conditions") or {}
        ready = conditions.get("ready")
        ready = True if ready is None else bool(ready)  # unset means ready (discovery/v1)
        serving = conditions.get("serving")
        ref = ep.get("targetRef") or {}
        for address in (ep.get("addresses") or ())[:1]:
            out.append(Endpoint(ip=address, ports=ports, ready=ready, serving=ready if serving is None else serving,
                                terminating=bool(conditions.get("terminating")), node=ep.get("nodeName") or "",
                                pod=(ref.get("name") or "") if ref.get("kind", "Pod") == "Pod" else "",
                                hostname=ep.get("hostname") or ""))
    return tuple(out)


class KubeProxy(Component):
    caller = "kube-proxy"
    name = "kubeproxy"
    watches = ("Service", "EndpointSlice", "Node")

    def __init__(self, cluster):
        super().__init__(cluster)
        self.affinity: dict[str, list] = {}  # "ns/svc:port|client ip" -> [endpoint ip, last used]
        self._rebuilding = False
        self._reset()

    def _reset(self) -> None:
        self.services: dict[tuple[str, str], ServiceInfo] = {}
        self.by_cluster_ip: dict[str, tuple[str, str]] = {}
        self.by_node_port: dict[int, tuple[tuple[str, str], dict]] = {}
        # (ns, slice) -> [svc, endpoints or None until first read, the slice's stored blob until then]
        self.slices: dict[tuple[str, str], list] = {}
        self.service_slices: dict[tuple[str, str], dict[str, None]] = {}  # (ns, svc) -> slice names
        self.nodes: dict[str, str] = {}  # node name -> InternalIP
        self.node_by_ip: dict[str, str] = {}
        self.unreachable: set[str] = set()  # nodes whose Ready condition is Unknown (the node is lost)
        self._usable: dict[tuple[str, str], dict[str, list[Endpoint]]] = {}  # (ns, svc) -> port name -> endpoints

    def rebuild(self) -> None:
        self._reset()
        self._rebuilding = True  # the objects come from a list here, not from a write (no blob to keep)
        try:
            for kind in ("Node", "Service", "EndpointSlice"):
                for obj in self.store.list(kind):
                    self.on_change("ADDED", obj)
        finally:
            self._rebuilding = False

    # --- the informer ------------------------------------------------------------------------

    def on_change(self, op: str, obj: dict) -> None:
        kind, meta = obj["kind"], obj["metadata"]
        namespace = meta.get("namespace") or ""
        if kind == "Service":
            key = (namespace, meta["name"])
            self._drop_service(key)
            if op != "DELETED":
                info = service_info(obj)
                self.services[key] = info
                if info.cluster_ip and info.cluster_ip != "None":
                    self.by_cluster_ip[info.cluster_ip] = key
                for port in info.ports:
                    if port.get("nodePort"):
                        self.by_node_port[int(port["nodePort"])] = (key, port)
            self._invalidate(key)
        elif kind == "EndpointSlice":
            key = (namespace, meta["name"])
            old = self.slices.pop(key, None)
            if old is not None:
                members = self.service_slices.get((namespace, old[0]))
                if members is not None:
                    members.pop(meta["name"], None)
                    if not members:
                        del self.service_slices[(namespace, old[0])]
                self._invalidate((namespace, old[0]))
            service = (meta.get("labels") or {}).get(SERVICE_NAME)
            if op != "DELETED" and service and obj.get("addressType", "IPv4") == "IPv4":
                # Read when traffic comes (see endpoints()): a busy cluster rewrites slices far more often
                # than anyone sends requests. The write's blob is immutable, so it can wait.
                self.slices[key] = ([service, slice_endpoints(obj), None] if self._rebuilding
                                    else [service, None, self.store.last_blob])
                self.service_slices.setdefault((namespace, service), {})[meta["name"]] = None
                self._invalidate((namespace, service))
        elif kind == "Node":
            self.unreachable.discard(meta["name"])
            if op != "DELETED" and any(c.get("type") == "Ready" and c.get("status") == "Unknown"
                                       for c in (obj.get("status") or {}).get("conditions") or ()):
                self.unreachable.add(meta["name"])
            old_ip = self.nodes.pop(meta["name"], None)
            if old_ip is not None and self.node_by_ip.get(old_ip) == meta["name"]:
                del self.node_by_ip[old_ip]
            if op != "DELETED":
                ip = next((a.get("address") for a in (obj.get("status") or {}).get("addresses") or ()
                           if a.get("type") == "InternalIP"), None)
                if ip:
                    self.nodes[meta["name"]] = ip
                    self.node_by_ip[ip] = meta["name"]

    def _drop_service(self, key: tuple[str, str]) -> None:
        info = self.services.pop(key, None)
        if info is None:
            return
        if self.by_cluster_ip.get(info.cluster_ip) == key:
            del self.by_cluster_ip[info.cluster_ip]
        for port in info.ports:
            if port.get("nodePort") and self.by_node_port.get(int(port["nodePort"]), (None,))[0] == key:
                del self.by_node_port[int(port["nodePort"])]

    def endpoints_of_slice(self, key: tuple[str, str]) -> tuple[Endpoint, ...]:
        """The endpoints of slice ``key`` ((namespace, name)), decoded on first use."""
        entry = self.slices[key]
        if entry[1] is None:
            entry[1], entry[2] = slice_endpoints(marshal.loads(entry[2])), None
        return entry[1]

    def _invalidate(self, key: tuple[str, str]) -> None:
        self._usable.pop(key, None)

    # --- queries -----------------------------------------------------------------------------

    def endpoints(self, namespace: str, service: str) -> list[Endpoint]:
        """Every endpoint of the Service's slices (an address listed twice counts once), in slice order."""
        seen: dict[str, Endpoint] = {}
        for name in sorted(self.service_slices.get((namespace, service), ())):
            for ep in self.endpoints_of_slice((namespace, name)):
                seen.setdefault(ep.ip, ep)
        return list(seen.values())

    def usable(self, namespace: str, service: str, port_name: str) -> list[Endpoint]:
        """Where kube-proxy sends a connection to the Service's port ``port_name``: the ready endpoints,
        or when none is ready the serving terminating ones (ProxyTerminatingEndpoints)."""
        per_port = self._usable.setdefault((namespace, service), {})
        found = per_port.get(port_name)
        if found is None:
            with_port = [ep for ep in self.endpoints(namespace, service) if ep.port(port_name) is not None]
            found = [ep for ep in with_port if ep.ready] or [ep for ep in with_port if ep.serving and ep.terminating]
            per_port[port_name] = found
        return found

    def ready_addresses(self, namespace: str, service: str) -> list[Endpoint]:
        """What CoreDNS answers for a headless Service: its ready endpoints."""
        return [ep for ep in self.endpoints(namespace, service) if ep.ready]

    # --- snapshot ------------------------------------------------------------------------------

    def dump(self) -> dict:
        return {"affinity": self.affinity}

    def load(self, data: dict) -> None:
        self.affinity = {k: list(v) for k, v in (data.get("affinity") or {}).items()}


def kube_proxy(cluster) -> KubeProxy:
    """The cluster's kube-proxy tables (a cluster built with ``simulate=False`` gets a private copy
    read from the store, so networking queries still work)."""
    for component in cluster.components:
        if isinstance(component, KubeProxy):
            return component
    extra = cluster.__dict__.setdefault("_network_components", {})
    if KubeProxy not in extra:
        extra[KubeProxy] = KubeProxy(cluster)
        extra[KubeProxy].rebuild()
    return extra[KubeProxy]
