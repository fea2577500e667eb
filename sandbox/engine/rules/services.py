"""Service (ValidateService, and the allocation that runs before it)."""

from __future__ import annotations

from typing import Any

from ._common import _PROTOCOLS, _d, _i, _items, _l, _s
from .containers import _port_num_or_name
from .context import _Ctx, _spec
from .metadata import _validate_labels
from .syntax import _is_cidr, _is_ip, _rule, dns1123_label, dns1123_subdomain, qualified_name
from .values import GoValue, _go_quote, go_strings

_SERVICE_TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]
_NODE_PORT_RANGE = (30000, 32767)  # kube-apiserver --service-node-port-range default


def _service_cluster_ips(spec: dict) -> tuple[str, list, bool]:
    """(clusterIP, clusterIPs as the server sees them on create, whether clusterIPs was given)."""
    ip = _s(spec.get("clusterIP")) or ""
    given = [x for x in (_l(spec.get("clusterIPs")) or []) if isinstance(x, str)]
    ips = given if given else ([ip] if ip else [])  # normalizeClusterIPs on create
    return ip, ips, bool(given)


def _validate_cluster_ips(ctx: _Ctx, spec: dict, kind: str) -> None:
    """ValidateServiceClusterIPsRelatedFields (run once before allocation, once in validation)."""
    if kind == "ExternalName":
        return
    ip, ips, given = _service_cluster_ips(spec)
    path = ("spec", "clusterIPs")
    pos = ("spec", "clusterIPs") if given else ("spec", "clusterIP")
    if ip and ips and ips[0] != ip:
        ctx.invalid("service.cluster_ip_invalid", path, go_strings(ips), _rule("rule.cluster_ips_first"), pos=pos)
    elif not ip and given:
        ctx.invalid("service.cluster_ip_invalid", path, go_strings(ips), _rule("rule.cluster_ips_without_ip"), pos=pos)
    families = spec.get("ipFamilies")
    seen: set = set()
    for i, family in enumerate(_l(families) or []):
        if isinstance(family, str):
            if family not in ("IPv4", "IPv6"):
                ctx.unsupported(("spec", "ipFamilies", i), family, ["IPv4", "IPv6"])
            if family in seen:
                ctx.duplicate("value.duplicate", ("spec", "ipFamilies", i), family)
            seen.add(family)
    policy = spec.get("ipFamilyPolicy")
    if isinstance(policy, str) and policy not in ("PreferDualStack", "RequireDualStack", "SingleStack"):
        ctx.unsupported(("spec", "ipFamilyPolicy"), policy, ["PreferDualStack", "RequireDualStack", "SingleStack"])
    for i, value in enumerate(ips):
        if i == 0 and value == "None":
            if len(ips) > 1:
                ctx.invalid("service.cluster_ip_invalid", path, go_strings(ips), _rule("rule.cluster_ips_none"),
                            pos=pos)
            continue
        if not _is_ip(value):
            ctx.invalid("service.cluster_ip_invalid", path + (i,), value, _rule("rule.ip"),
                        pos=(path + (i,)) if given else ("spec", "clusterIP"))
    if len(ips) > 2:
        ctx.invalid("service.cluster_ip_invalid", path, go_strings(ips), _rule("rule.cluster_ips_max"), pos=pos)


def _service_allocation(ctx: _Ctx) -> bool:
    """What the Service REST storage rejects before validation; True when it rejected the request."""
    spec = _spec(ctx)
    if spec is None:
        return False
    kind = spec.get("type") or "ClusterIP"
    _validate_cluster_ips(ctx, spec, kind)
    if ctx.issues:
        return True
    if kind in ("NodePort", "LoadBalancer"):
        low, high = _NODE_PORT_RANGE
        for i, port in _items(spec.get("ports")):
            node_port = _i(port.get("nodePort"))
            if node_port and not low <= node_port <= high:
                ctx.invalid("service.node_port_range", ("spec", "ports", i, "nodePort"), node_port,
                            _rule("rule.node_port_range", low=low, high=high), low=low, high=high)
    return bool(ctx.issues)


def _service_port_value(protocol: str, port: int) -> GoValue:
    go = (f'core.ServicePort{{Name:"", Protocol:{_go_quote(protocol)}, AppProtocol:(*string)(nil), Port:{port}, '
          f'TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:""}}, NodePort:0}}')
    return GoValue(go, {"Name": "", "Protocol": protocol, "AppProtocol": None, "Port": port, "TargetPort": 0,
                        "NodePort": 0})


def _validate_service(ctx: _Ctx) -> None:
    spec = _spec(ctx)
    if spec is None:
        return
    kind = spec.get("type") or "ClusterIP"
    ip, ips, given = _service_cluster_ips(spec)
    headless = ips == ["None"]
    ports = spec.get("ports")
    if not _l(ports) and (ports is None or ports == []) and not headless and kind != "ExternalName":
        ctx.required("service.ports_required", ("spec", "ports"))
    _validate_service_type_fields(ctx, spec, kind, ips, given)
    names: set = set()
    port_list = list(_items(ports))
    for i, port in port_list:
        _validate_service_port(ctx, ("spec", "ports", i), port, len(_l(ports) or []) > 1, names)
    _validate_labels(ctx, ("spec", "selector"), spec.get("selector"))
    _validate_session_affinity(ctx, spec)
    _validate_cluster_ips(ctx, spec, kind)
    for i, external in enumerate(_l(spec.get("externalIPs")) or []):
        if isinstance(external, str) and not _is_ip(external):
            ctx.invalid("value.invalid", ("spec", "externalIPs", i), external, _rule("rule.ip"))
    if isinstance(kind, str) and kind not in _SERVICE_TYPES:
        ctx.unsupported(("spec", "type"), kind, _SERVICE_TYPES, code="service.type_unsupported")
    _validate_port_uniqueness(ctx, port_list, kind)
    _validate_load_balancer_fields(ctx, spec, kind)
    policy = spec.get("internalTrafficPolicy")
    if isinstance(policy, str) and policy not in ("Cluster", "Local"):
        ctx.unsupported(("spec", "internalTrafficPolicy"), policy, ["Cluster", "Local"])


def _validate_service_type_fields(ctx: _Ctx, spec: dict, kind: Any, ips: list, given: bool) -> None:
    """What the type rules out: a headless NodePort or LoadBalancer, cluster IPs on an ExternalName."""
    if kind in ("LoadBalancer", "NodePort") and ips == ["None"]:
        ctx.invalid("service.cluster_ip_invalid", ("spec", "clusterIPs", 0), "None",
                    _rule("rule.headless_type", type=kind), pos=("spec", "clusterIP"))
    elif kind == "ExternalName":
        for field in ("clusterIPs", "ipFamilies", "ipFamilyPolicy"):
            present = ips if field == "clusterIPs" else spec.get(field)
            if present:
                ctx.forbidden("value.forbidden", ("spec", field), _rule("rule.external_name_forbidden"),
                              pos=("spec", "clusterIP") if field == "clusterIPs" and not given else None)
        name = spec.get("externalName")
        cname = name[:-1] if isinstance(name, str) and name.endswith(".") else name
        if cname in (None, ""):
            ctx.required("service.external_name_required", ("spec", "externalName"))
        elif isinstance(cname, str):
            ctx.invalid_all("value.invalid", ("spec", "externalName"), cname, dns1123_subdomain(cname))


def _validate_session_affinity(ctx: _Ctx, spec: dict) -> None:
    affinity = spec.get("sessionAffinity") or "None"
    config = spec.get("sessionAffinityConfig")
    if isinstance(affinity, str) and affinity not in ("ClientIP", "None"):
        ctx.unsupported(("spec", "sessionAffinity"), affinity, ["ClientIP", "None"])
    elif affinity == "ClientIP":
        timeout = _i(((_d(config) or {}).get("clientIP") or {}).get("timeoutSeconds")
                     if isinstance((_d(config) or {}).get("clientIP"), dict) else None)
        if timeout is not None and not 0 < timeout <= 86400:
            ctx.invalid("value.invalid", ("spec", "sessionAffinityConfig", "clientIP", "timeoutSeconds"), timeout,
                        _rule("rule.affinity_timeout"))
    elif affinity == "None" and config is not None:
        ctx.forbidden("value.forbidden", ("spec", "sessionAffinityConfig"), _rule("rule.affinity_config_none"))


def _validate_port_uniqueness(ctx: _Ctx, port_list: list, kind: Any) -> None:
    """Node ports only where the type allocates them; node ports and (protocol, port) pairs used once."""
    if kind == "ClusterIP":
        for i, port in port_list:
            if _i(port.get("nodePort")):
                ctx.forbidden("service.node_port_forbidden", ("spec", "ports", i, "nodePort"),
                              _rule("rule.node_port_cluster_ip"))
    node_ports: set = set()
    for i, port in port_list:
        node_port = _i(port.get("nodePort"))
        if node_port:
            key = (_s(port.get("protocol")) or "TCP", node_port)
            if key in node_ports:
                ctx.duplicate("value.duplicate", ("spec", "ports", i, "nodePort"), node_port)
            node_ports.add(key)
    seen_ports: set = set()
    for i, port in port_list:
        protocol, number = _s(port.get("protocol")) or "TCP", _i(port.get("port"))
        if number is None:
            continue
        if (protocol, number) in seen_ports:
            ctx.duplicate("service.port_duplicate", ("spec", "ports", i), _service_port_value(protocol, number),
                          port=number, protocol=protocol)
        seen_ports.add((protocol, number))


def _validate_load_balancer_fields(ctx: _Ctx, spec: dict, kind: Any) -> None:
    for field in ("loadBalancerSourceRanges", "allocateLoadBalancerNodePorts", "loadBalancerClass"):
        if spec.get(field) is not None and spec.get(field) != [] and kind != "LoadBalancer":
            label = "LoadBalancerSourceRanges" if field == "loadBalancerSourceRanges" else field
            ctx.forbidden("value.forbidden", ("spec", label), _rule("rule.load_balancer_only"), pos=("spec", field))
    for i, cidr in enumerate(_l(spec.get("loadBalancerSourceRanges")) or []):
        if isinstance(cidr, str) and not _is_cidr(cidr.strip()):
            ctx.invalid("value.invalid", ("spec", "LoadBalancerSourceRanges", i), cidr.strip(), _rule("rule.cidr"),
                        pos=("spec", "loadBalancerSourceRanges", i))


def _validate_service_port(ctx: _Ctx, path: tuple, port: dict, require_name: bool, names: set) -> None:
    name = port.get("name")
    if require_name and name in (None, ""):
        ctx.required("service.port_name_required", path + ("name",))
    elif isinstance(name, str) and name:
        ctx.invalid_all("port.name_invalid", path + ("name",), name, dns1123_label(name))
        if name in names:
            ctx.duplicate("value.duplicate", path + ("name",), name)
        else:
            names.add(name)
    number = _i(port.get("port"))
    if number is not None and not 1 <= number <= 65535:
        ctx.invalid("port.out_of_range", path + ("port",), number, _rule("rule.port_range"), lo=1, hi=65535)
    protocol = port.get("protocol")
    if isinstance(protocol, str) and protocol and protocol not in _PROTOCOLS:
        ctx.unsupported(path + ("protocol",), protocol, _PROTOCOLS)
    target = port.get("targetPort")
    if target in (None, 0, ""):
        target = number  # defaulted to the port
    if target is not None:
        _port_num_or_name(ctx, path + ("targetPort",), target)
    app = port.get("appProtocol")
    if isinstance(app, str):
        ctx.invalid_all("value.invalid", path + ("appProtocol",), app, qualified_name(app))
