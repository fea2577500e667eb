"""`kubectl describe pod`, and the pod template that workload describers print."""

from __future__ import annotations

from ._context import _Ctx
from ._labels import _format_label_selector, _print_controller
from ._multiline import _print_annotations_multiline, _print_labels_multiline, _print_tolerations_multiline
from ._values import _g, _int, _meta, _rfc1123z, _s
from .containers import _describe_containers, _describe_resources
from .events import _describe_events, _search_events
from .gosort import _go_sort
from .quantity import _q
from .volumes import _describe_volumes


def _describe_topology_spread(w, constraints, space: str) -> None:
    if not constraints:
        return
    ordered = _go_sort(constraints, lambda a, b: (a.get("topologyKey") or "") < (b.get("topologyKey") or ""))
    w.write(0, f"{space}Topology Spread Constraints:\t")
    for i, tsc in enumerate(ordered):
        if i:
            w.write(0, space)
            w.write(0, "\t")
        text = f"{_s(tsc.get('topologyKey'))}:{_s(tsc.get('whenUnsatisfiable'))} when max skew {_int(tsc.get('maxSkew'))} is exceeded"
        if tsc.get("labelSelector") is not None:
            text += f" for selector {_format_label_selector(tsc['labelSelector'])}"
        w.write(0, text + "\n")


def _describe_pod_template(w, template) -> None:
    w.write(0, "Pod Template:\n")
    if template is None:
        w.write(1, "<unset>")
        return
    meta = template.get("metadata") or {}
    spec = template.get("spec") or {}
    _print_labels_multiline(w, "  Labels", meta.get("labels"))
    if meta.get("annotations"):
        _print_annotations_multiline(w, "  Annotations", meta.get("annotations"))
    if spec.get("serviceAccountName"):
        w.write(1, f"Service Account:\t{spec['serviceAccountName']}\n")
    if spec.get("initContainers"):
        _describe_containers(w, "Init Containers", spec.get("initContainers"), None, None, "  ")
    _describe_containers(w, "Containers", spec.get("containers"), None, None, "  ")
    _describe_volumes(w, spec.get("volumes"), "  ")
    _describe_topology_spread(w, spec.get("topologySpreadConstraints"), "  ")
    if spec.get("priorityClassName"):
        w.write(1, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    _print_labels_multiline(w, "  Node-Selectors", spec.get("nodeSelector"))
    _print_tolerations_multiline(w, "  Tolerations", spec.get("tolerations"))


def _qos_class(pod: dict) -> str:
    qos = _g(pod, "status", "qosClass")
    if qos:
        return qos
    requests: dict = {}
    limits: dict = {}
    guaranteed = True
    spec = pod.get("spec") or {}
    for c in list(spec.get("containers") or []) + list(spec.get("initContainers") or []):
        for name, raw in (_g(c, "resources", "requests") or {}).items():
            if name not in ("cpu", "memory"):
                continue
            q = _q(raw)
            if q.value > 0:
                requests[name] = requests[name].add(q) if name in requests else q
        found = set()
        for name, raw in (_g(c, "resources", "limits") or {}).items():
            if name not in ("cpu", "memory"):
                continue
            q = _q(raw)
            if q.value > 0:
                found.add(name)
                limits[name] = limits[name].add(q) if name in limits else q
        if not {"cpu", "memory"} <= found:
            guaranteed = False
    if not requests and not limits:
        return "BestEffort"
    if guaranteed:
        for name, req in requests.items():
            if name not in limits or limits[name].cmp(req) != 0:
                guaranteed = False
                break
    if guaranteed and len(requests) == len(limits):
        return "Guaranteed"
    return "Burstable"


def _describe_pod(ctx: _Ctx, w, pod: dict) -> None:
    meta, spec, status = _meta(pod), pod.get("spec") or {}, pod.get("status") or {}
    uid = meta.get("uid")
    mirror = (meta.get("annotations") or {}).get("kubernetes.io/config.mirror")
    if mirror is not None:
        uid = mirror
    events = _search_events(ctx, pod, None, uid)
    _describe_pod_head(ctx, w, pod)
    if spec.get("resources") is not None:
        w.write(0, "Resources:\n")
        _describe_resources(w, spec.get("resources"), 1)
    if spec.get("initContainers"):
        _describe_containers(
            w, "Init Containers", spec.get("initContainers"), status.get("initContainerStatuses"), pod, ""
        )
    _describe_containers(w, "Containers", spec.get("containers"), status.get("containerStatuses"), pod, "")
    if spec.get("ephemeralContainers"):
        _describe_containers(
            w,
            "Ephemeral Containers",
            spec.get("ephemeralContainers"),
            status.get("ephemeralContainerStatuses"),
            pod,
            "",
        )
    _describe_pod_conditions(w, spec, status)
    _describe_volumes(w, spec.get("volumes"), "")
    w.write(0, f"QoS Class:\t{_qos_class(pod)}\n")
    _print_labels_multiline(w, "Node-Selectors", spec.get("nodeSelector"))
    _print_tolerations_multiline(w, "Tolerations", spec.get("tolerations"))
    _describe_topology_spread(w, spec.get("topologySpreadConstraints"), "")
    _describe_events(ctx, w, events)


def _describe_pod_head(ctx: _Ctx, w, pod: dict) -> None:
    """From Name to NominatedNodeName: identity, placement, labels, phase and addresses."""
    meta, spec, status = _meta(pod), pod.get("spec") or {}, pod.get("status") or {}
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    if spec.get("priority") is not None:
        w.write(0, f"Priority:\t{_int(spec.get('priority'))}\n")
    if spec.get("priorityClassName"):
        w.write(0, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    if spec.get("runtimeClassName"):
        w.write(0, f"Runtime Class Name:\t{spec['runtimeClassName']}\n")
    if spec.get("serviceAccountName"):
        w.write(0, f"Service Account:\t{spec['serviceAccountName']}\n")
    if not spec.get("nodeName"):
        w.write(0, "Node:\t<none>\n")
    else:
        w.write(0, f"Node:\t{spec['nodeName']}/{_s(status.get('hostIP'))}\n")
    if status.get("startTime"):
        w.write(0, f"Start Time:\t{_rfc1123z(status['startTime'])}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    if meta.get("deletionTimestamp") and status.get("phase") not in ("Failed", "Succeeded"):
        w.write(0, f"Status:\tTerminating (lasts {ctx.since(meta['deletionTimestamp'])})\n")
        w.write(0, f"Termination Grace Period:\t{_int(meta.get('deletionGracePeriodSeconds'))}s\n")
    else:
        w.write(0, f"Status:\t{_s(status.get('phase'))}\n")
    if status.get("reason"):
        w.write(0, f"Reason:\t{status['reason']}\n")
    if status.get("message"):
        w.write(0, f"Message:\t{status['message']}\n")
    seccomp = _g(spec, "securityContext", "seccompProfile")
    if seccomp is not None:
        w.write(0, f"SeccompProfile:\t{_s(seccomp.get('type'))}\n")
        if seccomp.get("type") == "Localhost":
            w.write(0, f"LocalhostProfile:\t{_s(seccomp.get('localhostProfile'))}\n")
    w.write(0, f"IP:\t{_s(status.get('podIP'))}\n")
    pod_ips = status.get("podIPs") or []
    if not pod_ips:
        w.write(0, "IPs:\t<none>\n")
    else:
        w.write(0, "IPs:\n")
        for ip in pod_ips:
            w.write(1, f"IP:\t{_s(ip.get('ip'))}\n")
    controlled = _print_controller(pod)
    if controlled:
        w.write(0, f"Controlled By:\t{controlled}\n")
    if status.get("nominatedNodeName"):
        w.write(0, f"NominatedNodeName:\t{status['nominatedNodeName']}\n")


def _describe_pod_conditions(w, spec: dict, status: dict) -> None:
    conditions = status.get("conditions") or []
    if spec.get("readinessGates"):
        w.write(0, "Readiness Gates:\n  Type\tStatus\n")
        for gate in spec["readinessGates"]:
            value = "<none>"
            for c in conditions:
                if c.get("type") == gate.get("conditionType"):
                    value = _s(c.get("status"))
                    break
            w.write(1, f"{_s(gate.get('conditionType'))} \t{value} \n")
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\n")
        for c in conditions:
            w.write(1, f"{_s(c.get('type'))} \t{_s(c.get('status'))} \n")
