"""`kubectl describe node`: conditions, capacity, system info and what its pods request."""

from __future__ import annotations

import math

from ._context import _Ctx
from ._multiline import _print_annotations_multiline, _print_labels_multiline, _print_taints_multiline, _sorted_names
from ._values import _GO_MIN_INT64, _b, _g, _meta, _rfc1123z, _s
from .events import _describe_events, _search_events
from .quantity import _add_resource_list, _max_resource_list, _qstr, _Quantity, _resource_list


def _node_roles(labels) -> list[str]:
    roles = set()
    for key, value in (labels or {}).items():
        if key.startswith("node-role.kubernetes.io/"):
            role = key[len("node-role.kubernetes.io/") :]
            if role:
                roles.add(role)
        elif key == "kubernetes.io/role" and value:
            roles.add(value)
    return sorted(roles)


_STANDARD_CONTAINER_RESOURCES = {"cpu", "memory", "ephemeral-storage"}


def _describe_node(ctx: _Ctx, w, node: dict) -> None:
    meta, spec, status = _meta(node), node.get("spec") or {}, node.get("status") or {}
    name = meta.get("name") or ""
    pods = [
        p
        for p in ctx.list("Pod", None)
        if _g(p, "spec", "nodeName") == name and _g(p, "status", "phase") not in ("Succeeded", "Failed")
    ]
    events = _search_events(ctx, node, "Node", meta.get("uid"), namespace="")
    events += _search_events(ctx, node, "Node", name, namespace="")

    w.write(0, f"Name:\t{name}\n")
    roles = _node_roles(meta.get("labels"))
    w.write(0, f"Roles:\t{','.join(roles) if roles else '<none>'}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"CreationTimestamp:\t{_rfc1123z(meta.get('creationTimestamp'))}\n")
    _print_taints_multiline(w, "Taints", spec.get("taints"))
    w.write(0, f"Unschedulable:\t{_b(spec.get('unschedulable'))}\n")
    _describe_node_lease(ctx, w, name)
    conditions = status.get("conditions") or []
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n")
        w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
        for c in conditions:
            w.write(
                1,
                f"{_s(c.get('type'))} \t{_s(c.get('status'))} \t{_rfc1123z(c.get('lastHeartbeatTime'))} \t"
                f"{_rfc1123z(c.get('lastTransitionTime'))} \t{_s(c.get('reason'))} \t{_s(c.get('message'))}\n",
            )
    w.write(0, "Addresses:\n")
    for addr in status.get("addresses") or []:
        w.write(1, f"{_s(addr.get('type'))}:\t{_s(addr.get('address'))}\n")
    for title, key in (("Capacity", "capacity"), ("Allocatable", "allocatable")):
        if status.get(key):
            w.write(0, f"{title}:\n")
            for res in _sorted_names(status[key]):
                w.write(0, f"  {res}:\t{_qstr(status[key][res])}\n")
    info = status.get("nodeInfo") or {}
    w.write(0, "System Info:\n")
    for label, key in (
        ("Machine ID", "machineID"),
        ("System UUID", "systemUUID"),
        ("Boot ID", "bootID"),
        ("Kernel Version", "kernelVersion"),
        ("OS Image", "osImage"),
        ("Operating System", "operatingSystem"),
        ("Architecture", "architecture"),
        ("Container Runtime Version", "containerRuntimeVersion"),
        ("Kubelet Version", "kubeletVersion"),
        ("Kube-Proxy Version", "kubeProxyVersion"),
    ):
        w.write(0, f"  {label}:\t{_s(info.get(key))}\n")
    if spec.get("podCIDR"):
        w.write(0, f"PodCIDR:\t{spec['podCIDR']}\n")
    if spec.get("podCIDRs"):
        w.write(0, f"PodCIDRs:\t{','.join(spec['podCIDRs'])}\n")
    if spec.get("providerID"):
        w.write(0, f"ProviderID:\t{spec['providerID']}\n")
    _describe_node_resource(ctx, w, pods, node)
    _describe_events(ctx, w, events)


def _describe_node_lease(ctx: _Ctx, w, name: str) -> None:
    """The node's heartbeat Lease in kube-node-lease (kubectl prints the error when there is none)."""
    lease = ctx.get("Lease", "kube-node-lease", name)
    if lease is not None:
        lspec = lease.get("spec") or {}
        w.write(0, "Lease:\n")
        holder = lspec.get("holderIdentity")
        w.write(1, f"HolderIdentity:\t{'<unset>' if holder is None else _s(holder)}\n")
        acquire = lspec.get("acquireTime")
        w.write(1, f"AcquireTime:\t{_rfc1123z(acquire) if acquire else '<unset>'}\n")
        renew = lspec.get("renewTime")
        w.write(1, f"RenewTime:\t{_rfc1123z(renew) if renew else '<unset>'}\n")
    else:
        w.write(0, f'Lease:\tFailed to get lease: leases.coordination.k8s.io "{name}" not found\n')


def _describe_node_resource(ctx: _Ctx, w, pods: list[dict], node: dict) -> None:
    status = node.get("status") or {}
    w.write(0, f"Non-terminated Pods:\t({len(pods)} in total)\n")
    w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
    w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")
    allocatable = _resource_list(status.get("allocatable") or status.get("capacity"))
    zero = _Quantity()
    alloc_cpu = allocatable.get("cpu", zero).milli_value()
    alloc_mem = allocatable.get("memory", zero).int_value()
    for pod in pods:
        req, lim = _pod_requests_and_limits(pod)
        cpu_req, cpu_lim = req.get("cpu", zero), lim.get("cpu", zero)
        mem_req, mem_lim = req.get("memory", zero), lim.get("memory", zero)
        w.write(
            1,
            f"{_s(_meta(pod).get('namespace'))}\t{_s(_meta(pod).get('name'))}\t\t"
            f"{cpu_req} ({_percent(cpu_req.milli_value(), alloc_cpu)}%)\t"
            f"{cpu_lim} ({_percent(cpu_lim.milli_value(), alloc_cpu)}%)\t"
            f"{mem_req} ({_percent(mem_req.int_value(), alloc_mem)}%)\t"
            f"{mem_lim} ({_percent(mem_lim.int_value(), alloc_mem)}%)\t"
            f"{ctx.since(_meta(pod).get('creationTimestamp'))}\n",
        )
    w.write(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n")
    w.write(1, "Resource\tRequests\tLimits\n")
    w.write(1, "--------\t--------\t------\n")
    reqs: dict = {}
    limits: dict = {}
    for pod in pods:
        preq, plim = _pod_requests_and_limits(pod)
        _add_resource_list(reqs, preq)
        _add_resource_list(limits, plim)

    def frac(q: _Quantity, total: int, milli: bool) -> int:
        if total == 0:
            return 0
        return _percent(q.milli_value() if milli else q.int_value(), total)

    alloc_eph = allocatable.get("ephemeral-storage", zero).int_value()
    for res, total, milli in (
        ("cpu", alloc_cpu, True),
        ("memory", alloc_mem, False),
        ("ephemeral-storage", alloc_eph, False),
    ):
        rq, lm = reqs.get(res, zero), limits.get(res, zero)
        w.write(1, f"{res}\t{rq} ({frac(rq, total, milli)}%)\t{lm} ({frac(lm, total, milli)}%)\n")
    huge = sorted(r for r in allocatable if r.startswith("hugepages-"))
    ext = sorted(
        r
        for r in allocatable
        if not r.startswith("hugepages-")
        and r not in _STANDARD_CONTAINER_RESOURCES
        and r != "pods"
        and not r.startswith("requests.")
        and not r.startswith("limits.")
    )
    for res in huge:
        rq, lm = reqs.get(res, zero), limits.get(res, zero)
        total = allocatable[res].int_value()
        w.write(1, f"{res}\t{rq} ({frac(rq, total, False)}%)\t{lm} ({frac(lm, total, False)}%)\n")
    for res in ext:
        w.write(1, f"{res}\t{reqs.get(res, zero)}\t{limits.get(res, zero)}\n")
def _pod_requests_and_limits(pod: dict) -> tuple[dict, dict]:
    """kubectl/pkg/util/resource PodRequestsAndLimits."""
    spec = pod.get("spec") or {}
    statuses = {s.get("name"): s for s in _g(pod, "status", "containerStatuses", default=[]) or []}
    reqs: dict = {}
    for c in spec.get("containers") or []:
        creqs = _resource_list(_g(c, "resources", "requests"))
        cs = statuses.get(c.get("name"))
        if cs is not None and cs.get("allocatedResources"):
            alloc = _resource_list(cs.get("allocatedResources"))
            if _g(pod, "status", "resize") == "Infeasible":
                creqs = alloc
            else:
                merged = dict(creqs)
                _max_resource_list(merged, alloc)
                creqs = merged
        _add_resource_list(reqs, creqs)
    _add_init_containers(reqs, spec, "requests")
    if spec.get("overhead"):
        _add_resource_list(reqs, _resource_list(spec.get("overhead")))

    limits: dict = {}
    for c in spec.get("containers") or []:
        _add_resource_list(limits, _resource_list(_g(c, "resources", "limits")))
    _add_init_containers(limits, spec, "limits")
    if spec.get("overhead"):
        for name, quantity in _resource_list(spec.get("overhead")).items():
            if name in limits:
                limits[name] = limits[name].add(quantity)
    return reqs, limits


def _add_init_containers(total: dict, spec: dict, key: str) -> None:
    """The init containers' part of ``total`` (``key``: requests or limits): a restartable (sidecar) one adds
    to it; any other counts together with the sidecars started before it, and ``total`` is at least the largest."""
    restartable: dict = {}
    init: dict = {}
    for c in spec.get("initContainers") or []:
        amounts = _resource_list(_g(c, "resources", key))
        if c.get("restartPolicy") == "Always":
            _add_resource_list(total, amounts)
            _add_resource_list(restartable, amounts)
            amounts = dict(restartable)
        else:
            tmp: dict = {}
            _add_resource_list(tmp, amounts)
            _add_resource_list(tmp, restartable)
            amounts = tmp
        _max_resource_list(init, amounts)
    _max_resource_list(total, init)


def _percent(numerator: int, denominator: int) -> int:
    """int64(float64(a) / float64(b) * 100) as Go computes it (NaN/Inf -> MinInt64 on amd64)."""
    if denominator == 0:
        return _GO_MIN_INT64
    value = float(numerator) / float(denominator) * 100
    if math.isinf(value) or math.isnan(value):
        return _GO_MIN_INT64
    return int(value)
