"""Service ClusterIPs and NodePorts: what is taken and how new ones are picked (§9.1).

Both ranges are split like the real allocators: a static band at the low end is kept for values
users choose; dynamic picks come at random (the cluster's seeded RNG) from the upper band, and
fall back to the static band only when the upper one is full.
"""

from __future__ import annotations

import ipaddress
import random
from collections.abc import Callable

from .apierrors import json_values
from .messages import Issue, issue

SERVICE_CIDR = ipaddress.ip_network("10.96.0.0/12")  # kubeadm default --service-cluster-ip-range
NODE_PORT_RANGE = (30000, 32767)  # --service-node-port-range


def _static_band(size: int, divisor: int, cap: int) -> int:
    return min(max(16, size // divisor), cap)


class ServiceAllocator:
    """The ClusterIPs and node ports in use, rebuilt from the stored Services after a restore."""

    def __init__(self, rng: random.Random, kube_version: str = "1.32"):
        self.rng = rng
        self.kube_version = kube_version
        self.ips: dict[str, str] = {}  # ip -> "namespace/name"
        self.ports: dict[int, str] = {}  # node port -> "namespace/name"
        size = SERVICE_CIDR.num_addresses
        self._ip_base = int(SERVICE_CIDR.network_address)
        self._ip_last = size - 2  # offsets 1 .. size-2 (no network or broadcast address)
        self._ip_static = _static_band(size, 16, 256)
        port_size = NODE_PORT_RANGE[1] - NODE_PORT_RANGE[0] + 1
        self._port_static = _static_band(port_size, 32, 128)

    @staticmethod
    def owner(svc: dict) -> str:
        meta = svc["metadata"]
        return f"{meta.get('namespace', '')}/{meta.get('name', '')}"

    def record(self, svc: dict) -> None:
        owner = self.owner(svc)
        spec = svc.get("spec") or {}
        for ip in spec.get("clusterIPs") or ([spec["clusterIP"]] if spec.get("clusterIP") else []):
            if ip and ip != "None":
                self.ips[ip] = owner
        for port in spec.get("ports") or []:
            if isinstance(port, dict) and port.get("nodePort"):
                self.ports[int(port["nodePort"])] = owner

    def forget(self, svc: dict) -> None:
        owner = self.owner(svc)
        spec = svc.get("spec") or {}
        for ip in spec.get("clusterIPs") or ([spec["clusterIP"]] if spec.get("clusterIP") else []):
            if self.ips.get(ip) == owner:
                del self.ips[ip]
        for port in spec.get("ports") or []:
            number = port.get("nodePort") if isinstance(port, dict) else None
            if number and self.ports.get(number) == owner:
                del self.ports[number]

    def allocate(self, svc: dict, old: dict | None = None) -> list[Issue]:
        """Fill clusterIP(s) and nodePorts of ``svc`` (keeping ``old``'s where unset); returns errors."""
        spec = svc.get("spec")
        if not isinstance(spec, dict):
            return []
        owner = self.owner(svc)
        old_spec = (old or {}).get("spec") or {}
        name = svc["metadata"].get("name", "")
        return self._allocate_ip(spec, old_spec, owner, name) + self._allocate_node_ports(spec, old_spec, owner, name)

    def _allocate_ip(self, spec: dict, old_spec: dict, owner: str, name: str) -> list[Issue]:
        if spec.get("type") == "ExternalName":
            if not spec.get("clusterIP") or spec.get("clusterIP") == old_spec.get("clusterIP"):
                spec.pop("clusterIP", None)  # §13.3: switching to ExternalName drops the allocated IP
                spec.pop("clusterIPs", None)
            return []
        requested = spec.get("clusterIP") or (spec.get("clusterIPs") or [None])[0]
        if not requested and old_spec.get("clusterIP"):  # updates keep the allocated IP (patchAllocatedValues)
            requested = old_spec["clusterIP"]
            spec["clusterIP"] = requested
            spec["clusterIPs"] = list(old_spec.get("clusterIPs") or [requested])
            return []
        if requested == "None":
            spec["clusterIP"] = "None"  # headless keeps None
            spec["clusterIPs"] = ["None"]
            return []
        if requested:
            problem = self._check_ip(requested, owner)
            if problem:
                shown = f'["{requested}"]' if json_values(self.kube_version) else f'[]string{{"{requested}"}}'
                return [issue("api.cluster_ip_unavailable", "spec.clusterIPs", value=shown, ip=requested,
                              problem=problem, name=name)]
            ip = requested
        else:
            ip = self._pick_ip()
            if ip is None:
                return [issue("api.cluster_ip_exhausted", "spec.clusterIPs", name=name)]
        spec["clusterIP"] = ip
        spec["clusterIPs"] = [ip]
        return []

    def _check_ip(self, text: str, owner: str) -> str | None:
        try:
            ip = ipaddress.ip_address(text)
        except ValueError:
            return None  # not an IP at all: the validation rules report that
        if ip not in SERVICE_CIDR or int(ip) - self._ip_base in (0, self._ip_last + 1):
            return f"provided IP is not in the valid range. The range of valid IPs is {SERVICE_CIDR}"
        if self.ips.get(text, owner) != owner:
            return "provided IP is already allocated"
        return None

    def _pick_ip(self) -> str | None:
        offset = _pick(self.rng, self._ip_static, self._ip_last, 1, lambda o: self._ip(o) in self.ips)
        return self._ip(offset) if offset is not None else None

    def _ip(self, offset: int) -> str:
        return str(ipaddress.ip_address(self._ip_base + offset))

    def _allocate_node_ports(self, spec: dict, old_spec: dict, owner: str, name: str) -> list[Issue]:
        ports = [p for p in spec.get("ports") or [] if isinstance(p, dict)]
        old_ports = {(p.get("port"), p.get("protocol", "TCP")): p.get("nodePort")
                     for p in old_spec.get("ports") or [] if isinstance(p, dict)}
        if spec.get("type") not in ("NodePort", "LoadBalancer"):
            for p in ports:  # a type that needs no node port drops the allocated ones
                if p.get("nodePort") and p["nodePort"] == old_ports.get((p.get("port"), p.get("protocol", "TCP"))):
                    del p["nodePort"]
            return []
        if spec.get("type") == "LoadBalancer" and spec.get("allocateLoadBalancerNodePorts") is False:
            return []
        issues: list[Issue] = []
        taken_here: set[int] = set()
        low, high = NODE_PORT_RANGE
        for i, p in enumerate(ports):
            if not p.get("nodePort"):
                kept = old_ports.get((p.get("port"), p.get("protocol", "TCP")))
                if kept:
                    p["nodePort"] = kept
                    taken_here.add(kept)
                continue
            port = p["nodePort"]
            if not isinstance(port, int):
                continue
            if not low <= port <= high:
                issues.append(issue("api.node_port_range", f"spec.ports[{i}].nodePort", port=port, low=low, high=high,
                                    name=name))
            elif self.ports.get(port, owner) != owner or port in taken_here:
                issues.append(issue("api.node_port_allocated", f"spec.ports[{i}].nodePort", port=port, name=name))
            taken_here.add(port)
        for p in ports:
            if not p.get("nodePort"):
                offset = _pick(self.rng, self._port_static, high - low, 0,
                               lambda o: (low + o) in self.ports or (low + o) in taken_here)
                if offset is None:
                    issues.append(issue("api.node_port_exhausted", "spec.ports", name=name))
                    break
                p["nodePort"] = low + offset
                taken_here.add(low + offset)
        return issues


def _pick(rng: random.Random, static: int, last: int, first: int, taken: Callable[[int], bool]) -> int | None:
    """A random free offset from the upper band [static, last], else from the static band [first, static)."""
    for lo, hi in ((static, last), (first, static - 1)):
        if hi < lo:
            continue
        for _ in range(32):  # random probes are enough while the band is mostly free
            offset = rng.randint(lo, hi)
            if not taken(offset):
                return offset
        start = rng.randint(lo, hi)  # then a scan from a random start
        for step in range(hi - lo + 1):
            offset = lo + (start - lo + step) % (hi - lo + 1)
            if not taken(offset):
                return offset
    return None
