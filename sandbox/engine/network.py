"""Cluster networking: DNS names (CoreDNS), kube-proxy's load balancing, NodePorts and Ingress traffic.

Three entry points:

* :func:`resolve` / :func:`lookup`: what CoreDNS answers for a name asked from a namespace (§9.4):
  Service A records, headless Services (ready pod IPs), ``host.subdomain`` records of pods behind a
  headless Service, pod A records (``10-244-1-5.ns.pod.cluster.local``, kubeadm's ``pods insecure``),
  ExternalName CNAMEs, NXDOMAIN otherwise; short names go through the pod's search path (ndots:5).
* :func:`request`: ``Cluster.request(url, n)`` sends ``n`` requests and reports which pods answered,
  as ``kube simulate --request`` prints it; each pod's share is recorded as served in the last second
  (``metrics.record_requests``), so metrics-server, ``kubectl top`` and the HPA see the load. Service names and ClusterIPs are asked from a client pod
  inside the cluster; node IPs (NodePorts) and Ingress hosts from outside. kube-proxy (iptables mode)
  picks a ready endpoint uniformly at random per connection with the cluster's seeded RNG; the
  iptables rules' ``--probability 1/(n-i)`` cascade is exactly a uniform pick, so one draw stands
  for the cascade. ``sessionAffinity: ClientIP`` keeps a client on its endpoint.
* :func:`resolver_for`: a resolver for the runtime's network calls (``nslookup``, ``wget``, ``curl``,
  ``nc -z`` inside a container), for the kubelet and ``kubectl exec``. It never changes state: its
  random picks are derived from the call, so replaying a container's plan gives the same answers.

Error keys, as a client would report them: ``connection refused`` (nothing listens on that port of
the pod, or of the node), ``no endpoints`` (the Service has no ready endpoint: kube-proxy installs a
REJECT rule, so curl itself says "Connection refused"; the report names the cause), ``timeout``
(an address nothing answers for, a ClusterIP on a port the Service does not have, a NodePort with
``externalTrafficPolicy: Local`` on a node without endpoints), ``could not resolve host``,
``404 Not Found`` (the ingress controller's default backend), ``503 Service Unavailable`` (an
Ingress backend without ready endpoints) and ``empty reply from server`` (the port is open but does
not speak HTTP). A pod's own HTTP answer, whatever its status, counts as answered by that pod
(``RequestReport.statuses`` has the codes). DNS lives in ``dns.py``, pods' answers in ``pod_http.py``.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import metrics, runtime
from .controllers.ingress import IngressController, host_matches, ingress_controller
from .controllers.ingress import route as ingress_route
from .controllers.kubeproxy import KubeProxy, kube_proxy
from .dns import CNAME, DNSAnswer, is_ip, lookup, resolve
from .pod_http import REFUSED, TIMEOUT, PodAnswers, container_plan, running_containers

if TYPE_CHECKING:
    from .cluster import Cluster

__all__ = ["CNAME", "DNSAnswer", "RequestReport", "container_plan", "lookup", "request", "resolve", "resolver_for",
           "running_containers"]

OUTSIDE_IP = "192.168.56.1"  # the student's machine, on the nodes' host-only network
CLIENT_IP = "10.244.255.254"  # the in-cluster client pod (outside every node's pod range: no clash)
CONNECT_TIMEOUT = 130.0  # seconds until a TCP connect to nowhere gives up (Linux SYN retries)

NO_ENDPOINTS = "no endpoints"  # (connection refused, timeout and empty reply: pod_http.py)
UNRESOLVED = "could not resolve host"
NOT_FOUND = "404 Not Found"
UNAVAILABLE = "503 Service Unavailable"

_NGINX_PAGE = ("<html>\n<head><title>{code} {text}</title></head>\n<body>\n<center><h1>{code} {text}</h1></center>\n"
               "<hr><center>nginx</center>\n</body>\n</html>\n")
CONTROLLER_PAGES = {
    NOT_FOUND: (404, _NGINX_PAGE.format(code=404, text="Not Found")),
    UNAVAILABLE: (503, _NGINX_PAGE.format(code=503, text="Service Temporarily Unavailable")),
}
_URL_RE = re.compile(r"^(?:([A-Za-z][A-Za-z0-9+.-]*)://)?([^/:?#]*)(?::(\d*))?([^#]*)")


# --- clients and routes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Client:
    label: str  # "outside", "client" (a throwaway pod inside the cluster) or "pod/NAME"
    ip: str
    node: str | None
    namespace: str | None  # search namespace; None: no cluster DNS (outside, dnsPolicy Default ...)
    pod: dict | None = None


@dataclass
class Hop:
    """Where a URL leads before load balancing: an error, or candidates to pick one from per connection."""

    error: str | None = None
    node: str | None = None  # the node the connection enters
    via: str | None = None  # "kube-proxy", "ingress-nginx" or None (straight to a pod)
    address: str | None = None  # the IP the client connects to
    namespace: str = ""
    candidates: list[tuple[str, str, int]] = field(default_factory=list)  # (pod name, pod IP, port)
    mode: str = "first"  # "random" | "affinity" | "round-robin" | "first"
    key: str = ""  # affinity or round-robin key
    affinity_seconds: int = 10800
    varies: bool = False  # the name had several addresses: each connection may go elsewhere


def parse_url(url: str) -> tuple[str, str, int, str]:
    """``(scheme, host, port, path)``; a URL without a scheme is http."""
    m = _URL_RE.match(url.strip())
    scheme = (m.group(1) or "http").lower() if m else "http"
    if scheme not in ("http", "https") or not m or not m.group(2):
        raise ValueError(f"unsupported URL {url!r}: use http://HOST[:PORT]/PATH")
    port = int(m.group(3)) if m.group(3) else (443 if scheme == "https" else 80)
    return scheme, m.group(2).lower(), port, m.group(4) or "/"


def _proxy(cluster: Cluster) -> KubeProxy:
    return kube_proxy(cluster)


def _ingress(cluster: Cluster) -> IngressController:
    return ingress_controller(cluster)


def _first_node(proxy: KubeProxy) -> str | None:
    names = sorted(proxy.nodes)
    workers = [n for n in names if n != "controlplane"]
    return (workers or names or [None])[0]


def ingress_hosts(cluster: Cluster) -> list[str]:
    """The hosts the ingress controller serves rules for (what outside clients can resolve)."""
    return [rule["host"] for ing in _ingress(cluster).served()
            for rule in (ing.get("spec") or {}).get("rules") or () if rule.get("host")]


def _is_ingress_host(cluster: Cluster, host: str) -> bool:
    return any(host_matches(h.lower(), host) for h in ingress_hosts(cluster))


def route(cluster: Cluster, client: Client, host: str, port: int, path: str, rng: random.Random) -> Hop:
    """Resolve a URL's host for ``client`` and follow it to the candidates that could answer."""
    proxy = _proxy(cluster)
    if host == "localhost" or host.startswith("127."):
        if client.pod is None:
            return Hop(error=REFUSED, address="127.0.0.1")
        ip = (client.pod.get("status") or {}).get("podIP") or ""
        return Hop(node=client.node, address="127.0.0.1", namespace=client.pod["metadata"]["namespace"],
                   candidates=[(client.pod["metadata"]["name"], ip, port)])
    if is_ip(host):
        return connect(cluster, client, host, port, host, path)
    answer = None
    if client.namespace is not None:
        answer = lookup(cluster, host, client.namespace)
        for _ in range(8):  # follow CNAMEs that stay inside the cluster
            if answer is None or answer.cname is None:
                break
            answer = lookup(cluster, answer.cname + ".", client.namespace)
    if answer is None:
        if client.namespace is None and _is_ingress_host(cluster, host):
            controller = _ingress(cluster)
            node_ip = controller.address()
            return _through_ingress(cluster, proxy, controller, proxy.node_by_ip.get(node_ip or ""), host, path,
                                    node_ip)
        return Hop(error=UNRESOLVED)
    if len(answer.addresses) > 1:
        hop = connect(cluster, client, answer.addresses[int(rng.random() * len(answer.addresses))], port, host, path)
        hop.varies = True
        return hop
    return connect(cluster, client, answer.addresses[0], port, host, path)


def connect(cluster: Cluster, client: Client, ip: str, port: int, host: str, path: str = "/") -> Hop:
    """A TCP connection from ``client`` to ``ip:port``: a Service's ClusterIP, a node, a pod or nowhere."""
    proxy = _proxy(cluster)
    inside = client.label != "outside"
    key = proxy.by_cluster_ip.get(ip)
    if key is not None:
        if not inside:
            return Hop(error=TIMEOUT, address=ip)  # ClusterIPs exist only inside the cluster
        info = proxy.services[key]
        service_port = next((p for p in info.ports if p.get("port") == port and p.get("protocol", "TCP") == "TCP"),
                            None)
        if service_port is None:  # no rule for that port: the packets go nowhere
            return Hop(error=TIMEOUT, node=client.node, via="kube-proxy", address=ip)
        return _through_service(proxy, key, service_port, client, client.node, ip)
    node = proxy.node_by_ip.get(ip)
    if node is not None and node in proxy.unreachable:
        return Hop(error=TIMEOUT, address=ip)  # a lost node answers nothing
    if node is not None:
        controller = _ingress(cluster)
        if port in (80, 443) and controller.address() == ip:
            return _through_ingress(cluster, proxy, controller, node, host, path, ip)
        found = proxy.by_node_port.get(port)
        if found is None:
            return Hop(error=REFUSED, node=node, address=ip)
        return _through_service(proxy, found[0], found[1], client, node, ip, node_port=True)
    pod = _pod_by_ip(cluster, proxy, ip)
    if pod is not None and inside:
        return Hop(node=client.node, address=ip, namespace=pod[0], candidates=[(pod[1], ip, port)])
    return Hop(error=TIMEOUT, address=ip)


def _through_service(proxy: KubeProxy, key: tuple[str, str], service_port: dict, client: Client, node: str | None,
                     address: str, node_port: bool = False) -> Hop:
    info = proxy.services[key]
    port_name = service_port.get("name") or ""
    usable = proxy.usable(key[0], key[1], port_name)
    if node_port and info.local_external and usable:
        usable = [ep for ep in usable if ep.node == node]
        if not usable:
            return Hop(error=TIMEOUT, node=node, via="kube-proxy", address=address)  # dropped
    if not usable:
        return Hop(error=NO_ENDPOINTS, node=node, via="kube-proxy", address=address)
    return Hop(node=node, via="kube-proxy", address=address, namespace=key[0],
               candidates=[(ep.pod, ep.ip, ep.port(port_name) or 0) for ep in usable],
               mode="affinity" if info.affinity else "random",
               key=f"{key[0]}/{key[1]}:{port_name}|{client.ip}", affinity_seconds=info.affinity_seconds)


def _through_ingress(cluster: Cluster, proxy: KubeProxy, controller: IngressController, node: str | None, host: str,
                     path: str, address: str | None) -> Hop:
    found = ingress_route(controller.served(), host, path)
    hop = Hop(node=node, via="ingress-nginx", address=address)
    if found.backend is None:
        hop.error = NOT_FOUND
        return hop
    namespace = found.ingress["metadata"]["namespace"]
    service = found.backend.get("service") or {}
    info = proxy.services.get((namespace, service.get("name") or ""))
    wanted = service.get("port") or {}
    service_port = None
    if info is not None and info.type != "ExternalName":
        service_port = next((p for p in info.ports if (wanted.get("number") is not None and
                                                       p.get("port") == wanted.get("number"))
                             or (wanted.get("name") and p.get("name") == wanted.get("name"))), None)
    if service_port is None:
        hop.error = UNAVAILABLE
        return hop
    port_name = service_port.get("name") or ""
    ready = [ep for ep in proxy.endpoints(namespace, info.name) if ep.ready and ep.port(port_name) is not None]
    if not ready:
        hop.error = UNAVAILABLE
        return hop
    hop.namespace = namespace
    hop.candidates = [(ep.pod, ep.ip, ep.port(port_name) or 0) for ep in ready]
    hop.mode, hop.key = "round-robin", f"{namespace}/{info.name}:{port_name}"
    return hop


def _pod_by_ip(cluster: Cluster, proxy: KubeProxy, ip: str) -> tuple[str, str] | None:
    """(namespace, name) of the pod with ``ip``: endpoints first, then every pod (rare: a bare pod IP)."""
    for key in list(proxy.slices):
        namespace = key[0]
        for ep in proxy.endpoints_of_slice(key):
            if ep.ip == ip and ep.pod:
                return namespace, ep.pod
    for pod in cluster.store.list("Pod"):
        status = pod.get("status") or {}
        if status.get("podIP") == ip and status.get("phase") not in ("Succeeded", "Failed"):
            return pod["metadata"]["namespace"], pod["metadata"]["name"]
    return None


# --- Cluster.request ----------------------------------------------------------------------------------


@dataclass
class RequestReport:
    """What ``n`` requests to one URL got: which pods answered how often, and the errors."""

    url: str
    sent: int
    answered: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)  # HTTP status codes received
    paths: list[dict] = field(default_factory=list)  # the request frames (one per distinct path)

    def to_json(self) -> dict:
        return {"url": self.url, "sent": self.sent, "answered": dict(sorted(self.answered.items())),
                "errors": dict(sorted(self.errors.items()))}


def _client(cluster: Cluster, proxy: KubeProxy, host: str, client: str) -> Client:
    outside = Client("outside", OUTSIDE_IP, None, None)
    if client == "outside":
        return outside
    if client not in ("auto", "inside"):
        namespace, _, name = client.rpartition("/")
        pod = cluster.store.get("Pod", namespace or "default", name)
        if pod is None:
            raise ValueError(f'no pod "{client}" to send requests from')
        return pod_client(pod)
    inside = Client("client", CLIENT_IP, _first_node(proxy), "default")
    if client == "inside":
        return inside
    if is_ip(host):
        return outside if host in proxy.node_by_ip else inside
    return inside if lookup(cluster, host, "default") is not None or not _is_ingress_host(cluster, host) else outside


def pod_client(pod: dict) -> Client:
    meta, spec, status = pod["metadata"], pod.get("spec") or {}, pod.get("status") or {}
    policy = spec.get("dnsPolicy") or "ClusterFirst"
    cluster_dns = policy == "ClusterFirstWithHostNet" or (policy == "ClusterFirst" and not spec.get("hostNetwork"))
    return Client(f"pod/{meta['name']}", status.get("podIP") or "", spec.get("nodeName"),
                  (meta.get("namespace") or "default") if cluster_dns else None, pod)


def request(cluster: Cluster, url: str, n: int = 100, *, client: str = "auto") -> RequestReport:
    """Send ``n`` requests to ``url`` (see the module docstring) and count who answered."""
    if n < 0:
        raise ValueError("n must not be negative")
    _, host, port, path = parse_url(url)
    proxy = _proxy(cluster)
    who = _client(cluster, proxy, host, client)
    rng = cluster.rng
    report = RequestReport(url, n)
    picks: dict[tuple[int, int], int] = {}  # (hop index, candidate index or -1 for an error) -> connections
    hops: list[Hop] = []
    if n:
        hops.append(route(cluster, who, host, port, path, rng))
    if hops and hops[0].varies:  # a headless name: the client picks one of the addresses per connection
        for i in range(n):
            if i:
                hops.append(route(cluster, who, host, port, path, rng))
            hop = hops[-1]
            index = -1 if hop.error is not None else _pick(cluster, proxy, hop, rng)
            _count(picks, (len(hops) - 1, index), 1)
    elif hops and hops[0].error is not None:
        picks[(0, -1)] = n
    elif hops:
        _pick_many(cluster, proxy, hops[0], n, rng, picks)
    answers = PodAnswers(cluster)
    frames: dict[tuple, int] = {}
    served: dict[str, int] = {}  # "namespace/pod" -> requests it answered
    for (hop_index, index), count in picks.items():
        hop = hops[hop_index]
        trail = [who.label] + ([hop.node] if hop.node else []) + ([hop.via] if hop.via else [])
        if index < 0:
            _count(report.errors, hop.error, count)
            if hop.error in CONTROLLER_PAGES:
                _count(report.statuses, CONTROLLER_PAGES[hop.error][0], count)
            _count(frames, (tuple(trail), hop.error), count)
            continue
        pod_name, ip, target = hop.candidates[index]
        status, _, error = answers.answer(hop.namespace, pod_name, ip, target, path)
        trail.append(f"pod/{pod_name}" if pod_name else ip)
        if error is not None:
            _count(report.errors, error, count)
            _count(frames, (tuple(trail), error), count)
        else:
            _count(report.answered, pod_name or ip, count)
            _count(report.statuses, status, count)
            if pod_name:
                _count(served, f"{hop.namespace}/{pod_name}", count)
            _count(frames, (tuple(trail), status), count)
    report.paths = [{"path": list(trail), "status": status, "count": count}
                    for (trail, status), count in frames.items()]
    _record_frames(cluster, url, report.paths)
    for pod, count in served.items():  # the load shows in metrics-server, `kubectl top` and the HPA
        metrics.record_requests(cluster, pod, count, window_seconds=1.0)
    return report


def _pick(cluster: Cluster, proxy: KubeProxy, hop: Hop, rng: random.Random) -> int:
    count = len(hop.candidates)
    if hop.mode == "random":
        return int(rng.random() * count)
    if hop.mode == "round-robin":
        return _ingress(cluster).next_index(hop.key, count)
    if hop.mode == "affinity":
        return _sticky(cluster, proxy, hop, rng, record=True)
    return 0


def _pick_many(cluster: Cluster, proxy: KubeProxy, hop: Hop, n: int, rng: random.Random,
               picks: dict[tuple[int, int], int]) -> None:
    """``n`` connections through one hop (the common case, kept cheap: one draw per connection)."""
    count = len(hop.candidates)
    if hop.mode == "random":
        draw = rng.random
        tally = [0] * count
        for _ in range(n):
            tally[int(draw() * count)] += 1
        for index, value in enumerate(tally):
            if value:
                picks[(0, index)] = value
        return
    for _ in range(n):
        _count(picks, (0, _pick(cluster, proxy, hop, rng)), 1)


def _sticky(cluster: Cluster, proxy: KubeProxy, hop: Hop, rng: random.Random, record: bool) -> int:
    """ClientIP affinity: the endpoint this client used last, while it is usable and within the timeout."""
    now = cluster.clock.now
    entry = proxy.affinity.get(hop.key)
    ips = [c[1] for c in hop.candidates]
    if entry is not None and entry[0] in ips and now - entry[1] <= hop.affinity_seconds:
        index = ips.index(entry[0])
    else:
        index = int(rng.random() * len(ips))
    if record:
        proxy.affinity[hop.key] = [ips[index], now]
    return index


def _count(bucket: dict, key: Any, count: int) -> None:
    bucket[key] = bucket.get(key, 0) + count


def _record_frames(cluster: Cluster, url: str, paths: list[dict]) -> None:
    log = cluster.frame_log
    if not log.enabled:
        return
    for item in paths:
        log.append({"t": cluster.clock.now, "type": "request", "url": url, **item})


# --- the runtime's network calls -----------------------------------------------------------------------


def resolver_for(cluster: Cluster, pod: dict) -> runtime.Resolver:
    """Answers ``nslookup``/``wget``/``curl``/``nc -z`` run inside ``pod``'s containers, from the current
    cluster state. Pure: random picks are derived from the call and ``elapsed``, nothing is recorded."""
    namespace, name = pod["metadata"].get("namespace") or "default", pod["metadata"]["name"]
    memo: list = [None, None]  # (time, resourceVersion) -> PodAnswers: cheap repeated calls (loops)

    def answers() -> PodAnswers:
        stamp = (cluster.clock.now, cluster.store.resource_version)
        if memo[0] != stamp:
            memo[0], memo[1] = stamp, PodAnswers(cluster)
        return memo[1]

    def answer(call: runtime.NetworkCall, elapsed: float) -> runtime.NetworkAnswer:
        current = cluster.store.get("Pod", namespace, name) or pod
        who = pod_client(current)
        seed = f"{cluster.seed}|{current['metadata'].get('uid')}|{call.tool}|{call.url or call.host}|{elapsed:.6f}"
        rng = random.Random(seed)
        if call.kind == "dns":
            return _dns_answer(cluster, who, call.host)
        host = call.host.lower()
        hop = route(cluster, who, host, call.port or 80, call.path, rng)
        if hop.error is None:
            proxy = _proxy(cluster)
            if hop.mode == "affinity":
                index = _sticky(cluster, proxy, hop, rng, record=False)
            elif hop.mode == "round-robin":
                index = _ingress(cluster).round_robin.get(hop.key, 0) % len(hop.candidates)
            else:
                index = int(rng.random() * len(hop.candidates)) if hop.mode == "random" else 0
            pod_name, ip, target = hop.candidates[index]
            status, body, error = answers().answer(hop.namespace, pod_name, ip, target, call.path,
                                                   tcp=call.kind == "tcp")
            if error is None:
                return runtime.NetworkAnswer(address=hop.address, status=status or None, body=body)
            hop.error = error
        return _error_answer(hop)

    return answer


network_resolver = resolver_for


def _error_answer(hop: Hop) -> runtime.NetworkAnswer:
    if hop.error in CONTROLLER_PAGES:
        status, body = CONTROLLER_PAGES[hop.error]
        return runtime.NetworkAnswer(address=hop.address, status=status, body=body)
    if hop.error == UNRESOLVED:
        return runtime.NetworkAnswer(error="no such host")
    if hop.error == TIMEOUT:
        return runtime.NetworkAnswer(error="timeout", address=hop.address, seconds=CONNECT_TIMEOUT)
    return runtime.NetworkAnswer(error="connection refused", address=hop.address)


def _dns_answer(cluster: Cluster, who: Client, host: str) -> runtime.NetworkAnswer:
    host = host.lower()
    if host == "localhost":
        return runtime.NetworkAnswer(address="127.0.0.1", name="localhost")
    if is_ip(host):
        return runtime.NetworkAnswer(address=host, name=host)
    answer = lookup(cluster, host, who.namespace) if who.namespace is not None else None
    for _ in range(8):
        if answer is None or answer.cname is None:
            break
        answer = lookup(cluster, answer.cname + ".", who.namespace or "default")
    if answer is None or not answer.addresses:
        return runtime.NetworkAnswer(error="no such host")
    # runtime.network_output prints one Name/Address pair; busybox prints one pair per A record,
    # so the further pairs of a headless Service ride along in the address text.
    text = f"\nName:\t{answer.name}\nAddress: ".join(answer.addresses)
    return runtime.NetworkAnswer(address=text, name=answer.name)
