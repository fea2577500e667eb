"""CoreDNS for the simulated cluster (§9.4): what a pod's resolver gets for a name.

Service A records (the ClusterIP), headless Services (one A record per ready endpoint), ``host.subdomain``
records of pods behind a headless Service (the endpoint's hostname, else its dashed IP), pod A records
(``10-244-1-5.ns.pod.cluster.local``, kubeadm's Corefile has ``pods insecure``), ExternalName CNAMEs,
NXDOMAIN otherwise. Short names go through the pod's search path (``ndots:5``). The records come from
kube-proxy's tables (the same Services and EndpointSlices CoreDNS watches).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .controllers.kubeproxy import KubeProxy, kube_proxy

if TYPE_CHECKING:
    from .cluster import Cluster

CLUSTER_DOMAIN = "cluster.local"
NDOTS = 5


class CNAME(str):
    """An ExternalName Service's answer: a canonical name instead of addresses."""


@dataclass(frozen=True)
class DNSAnswer:
    name: str  # the fully qualified name that answered
    addresses: tuple[str, ...] = ()
    cname: str | None = None
    service: tuple[str, str] | None = None  # (namespace, name) of a Service record
    headless: bool = False


def search_names(name: str, namespace: str) -> list[str]:
    """The names a pod's resolver tries (``search NS.svc.cluster.local svc.cluster.local cluster.local``,
    ``options ndots:5``): a name with fewer than five dots goes through the search list first."""
    name = name.lower()
    if name.endswith("."):
        return [name.rstrip(".")]
    searched = [f"{name}.{suffix}" for suffix in (f"{namespace}.svc.{CLUSTER_DOMAIN}", f"svc.{CLUSTER_DOMAIN}",
                                                   CLUSTER_DOMAIN)]
    return searched + [name] if name.count(".") < NDOTS else [name] + searched


def _dashed_ip(label: str) -> str | None:
    try:
        return str(ipaddress.IPv4Address(label.replace("-", ".")))
    except ValueError:
        return None


def lookup_fqdn(proxy: KubeProxy, fqdn: str) -> DNSAnswer | None:
    """CoreDNS's kubernetes plugin for one fully qualified name; None is NXDOMAIN."""
    if fqdn.endswith(f".pod.{CLUSTER_DOMAIN}"):
        parts = fqdn[: -len(f".pod.{CLUSTER_DOMAIN}")].split(".")
        ip = _dashed_ip(parts[0]) if len(parts) == 2 else None
        return DNSAnswer(fqdn, (ip,)) if ip else None
    if not fqdn.endswith(f".svc.{CLUSTER_DOMAIN}"):
        return None
    parts = fqdn[: -len(f".svc.{CLUSTER_DOMAIN}")].split(".")
    if len(parts) == 2:
        info = proxy.services.get((parts[1], parts[0]))
        if info is None:
            return None
        key = (info.namespace, info.name)
        if info.type == "ExternalName":
            return DNSAnswer(fqdn, (), info.external_name.lower().rstrip("."), key)
        if info.cluster_ip == "None":
            ips = tuple(dict.fromkeys(ep.ip for ep in proxy.ready_addresses(*key)))
            return DNSAnswer(fqdn, ips, None, key, headless=True) if ips else None
        return DNSAnswer(fqdn, (info.cluster_ip,), None, key) if info.cluster_ip else None
    if len(parts) == 3:
        info = proxy.services.get((parts[2], parts[1]))
        if info is None or info.cluster_ip != "None":
            return None
        for ep in proxy.ready_addresses(info.namespace, info.name):
            if ep.hostname == parts[0] or (not ep.hostname and ep.ip.replace(".", "-") == parts[0]):
                return DNSAnswer(fqdn, (ep.ip,), None, (info.namespace, info.name))
    return None


def lookup(cluster: Cluster, name: str, from_namespace: str = "default") -> DNSAnswer | None:
    """The first answer along a pod's search path; None is NXDOMAIN."""
    proxy = kube_proxy(cluster)
    for candidate in search_names(name, from_namespace):
        answer = lookup_fqdn(proxy, candidate)
        if answer is not None:
            return answer
    return None


def resolve(cluster: Cluster, name: str, from_namespace: str = "default") -> list[str] | CNAME:
    """Addresses for ``name`` asked from a pod in ``from_namespace``; a :class:`CNAME` for an
    ExternalName Service; an empty list for NXDOMAIN."""
    if is_ip(name):
        return [name]
    answer = lookup(cluster, name, from_namespace)
    if answer is None:
        return []
    if answer.cname is not None:
        return CNAME(answer.cname)
    return list(answer.addresses)




def is_ip(text: str) -> bool:
    try:
        ipaddress.IPv4Address(text)
        return True
    except ValueError:
        return False
