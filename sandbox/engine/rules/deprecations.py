"""Warnings the API server sends with a successful create: deprecated APIs and fields."""

from __future__ import annotations

from typing import Any, Callable, Iterator

from ..manifests import Document
from ..messages import CATALOGUE, Issue, issue
from ._common import Key, _d, _i, _items, _l, _s, _version, format_field_path
from .ingress import _INGRESS_CLASS_ANNOTATION
from .korean import josa
from .values import _go_quote

_DEPRECATED_APIS = {  # (apiVersion, kind): (deprecated in, unavailable in, replacement)
    ("autoscaling/v2beta2", "HorizontalPodAutoscaler"): ((1, 23), (1, 26), "autoscaling/v2 HorizontalPodAutoscaler"),
    ("storage.k8s.io/v1beta1", "CSIStorageCapacity"): ((1, 24), (1, 27), "storage.k8s.io/v1 CSIStorageCapacity"),
    ("v1", "Endpoints"): ((1, 33), None, "discovery.k8s.io/v1 EndpointSlice"),
}
for _kind in ("FlowSchema", "PriorityLevelConfiguration"):
    _group = "flowcontrol.apiserver.k8s.io"
    _DEPRECATED_APIS[(f"{_group}/v1beta1", _kind)] = ((1, 23), (1, 26), f"{_group}/v1beta2 {_kind}")
    _DEPRECATED_APIS[(f"{_group}/v1beta2", _kind)] = ((1, 26), (1, 29), f"{_group}/v1beta3 {_kind}")
    _DEPRECATED_APIS[(f"{_group}/v1beta3", _kind)] = ((1, 29), (1, 32), f"{_group}/v1 {_kind}")

_DEPRECATED_NODE_LABELS = {  # pkg/api/node/util.go
    "beta.kubernetes.io/arch": 'deprecated since v1.14; use "kubernetes.io/arch" instead',
    "beta.kubernetes.io/os": 'deprecated since v1.14; use "kubernetes.io/os" instead',
    "failure-domain.beta.kubernetes.io/region": 'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
    "failure-domain.beta.kubernetes.io/zone": 'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
    "beta.kubernetes.io/instance-type": 'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
}
_DEPRECATED_POD_ANNOTATIONS = {
    "scheduler.alpha.kubernetes.io/critical-pod": 'non-functional in v1.16+; use the "priorityClassName" field instead',
    "security.alpha.kubernetes.io/sysctls": 'non-functional in v1.11+; use the "sysctls" field instead',
    "security.alpha.kubernetes.io/unsafe-sysctls": 'non-functional in v1.11+; use the "sysctls" field instead',
}
_DEPRECATED_VOLUMES = (  # (source, warning, since which server version it is emitted)
    ("photonPersistentDisk", "deprecated in v1.11, non-functional in v1.16+", (1, 25)),
    ("gitRepo", "deprecated in v1.11", (1, 25)),
    ("scaleIO", "deprecated in v1.16, non-functional in v1.22+", (1, 25)),
    ("flocker", "deprecated in v1.22, non-functional in v1.25+", (1, 25)),
    ("storageos", "deprecated in v1.22, non-functional in v1.25+", (1, 25)),
    ("quobyte", "deprecated in v1.22, non-functional in v1.25+", (1, 25)),
    ("glusterfs", "deprecated in v1.25, non-functional in v1.26+", (1, 25)),
    ("cephfs", "deprecated in v1.28, non-functional in v1.31+", (1, 28)),
    ("rbd", "deprecated in v1.28, non-functional in v1.31+", (1, 28)),
)


def _templates(data: dict, kind: str) -> Iterator[tuple[tuple, dict]]:
    """(path of the template, template) for every pod template; a Pod is its own template at ()."""
    spec = _d(data.get("spec")) or {}
    if kind == "Pod":
        yield (), data
    elif kind in ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "ReplicationController", "Job"):
        if isinstance(spec.get("template"), dict):
            yield ("spec", "template"), spec["template"]
    elif kind == "CronJob":
        job = _d((_d(spec.get("jobTemplate")) or {}).get("spec")) or {}
        if isinstance(job.get("template"), dict):
            yield ("spec", "jobTemplate", "spec", "template"), job["template"]
    elif kind == "PodTemplate" and isinstance(data.get("template"), dict):
        yield ("template",), data["template"]


def deprecation_warnings(doc: Document, kube_version: str) -> list[Issue]:
    """The warnings the API server sends back with a successful create (kubectl prints ``Warning: ...``)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    v = _version(kube_version)
    api_version, kind = _s(data.get("apiVersion")) or "", _s(data.get("kind")) or ""
    warnings: list[Issue] = []
    deprecated = _DEPRECATED_APIS.get((api_version, kind))
    if deprecated is not None and v >= deprecated[0] and (deprecated[1] is None or v < deprecated[1]):
        since, until, use = deprecated
        text = f"{api_version} {kind} is deprecated in v{since[0]}.{since[1]}+"
        if until is not None:
            text += f", unavailable in v{until[0]}.{until[1]}+"
        text += f"; use {use}"
        until_ko = f" {until[0]}.{until[1]}부터는 제공되지 않습니다." if until else ""
        warnings.append(issue("api.deprecated", "apiVersion", doc.pos(("apiVersion",)), severity="warning",
                              warning=text, api_version=api_version, kind=kind, since=f"{since[0]}.{since[1]}",
                              until_ko=until_ko, use=use, use_obj=josa(use, "을를")))
    for base, template in _templates(data, kind):
        warnings += _pod_warnings(doc, v, base, template)
    if kind == "Ingress":
        annotations = _d((_d(data.get("metadata")) or {}).get("annotations")) or {}
        if _INGRESS_CLASS_ANNOTATION in annotations:
            text = (f'annotation "{_INGRESS_CLASS_ANNOTATION}" is deprecated, '
                    "please use 'spec.ingressClassName' instead")
            warnings.append(issue("field.deprecated", f"metadata.annotations[{_INGRESS_CLASS_ANNOTATION}]",
                                  doc.pos(("metadata", "annotations", _INGRESS_CLASS_ANNOTATION)), severity="warning",
                                  warning=text, reason_ko=CATALOGUE["warning.ingress_class"].ko))
    return warnings


def _pod_warnings(doc: Document, v: tuple[int, int], base: tuple, template: dict) -> list[Issue]:
    """pkg/api/pod/warnings.go for one pod template (or a Pod)."""
    out: list[Issue] = []

    def warn(code: str, path: tuple, text: str, ko_key: str, **params: Any) -> None:
        path_text = format_field_path(path)
        ko = CATALOGUE[ko_key].ko.format(path=path_text, **params)
        out.append(issue(code, path_text, doc.pos(path), severity="warning", warning=f"{path_text}: {text}",
                         reason_ko=ko))

    spec = _d(template.get("spec")) or {}
    sp = base + ("spec",)
    meta = _d(template.get("metadata")) or {}
    _scheduling_warnings(warn, sp, spec)
    for key, text in _DEPRECATED_POD_ANNOTATIONS.items():
        if key in (_d(meta.get("annotations")) or {}):
            warn("field.deprecated", base + ("metadata", "annotations", Key(key)), text, "warning.annotation", key=key)
    for i, vol in _items(spec.get("volumes")):
        for source, text, since in _DEPRECATED_VOLUMES:
            if vol.get(source) is not None and v >= since:
                warn("field.deprecated", sp + ("volumes", i, source), text, "warning.volume", source=source)
    if len(_l(spec.get("imagePullSecrets")) or []) > 1:
        seen: set = set()
        for i, secret in _items(spec.get("imagePullSecrets")):
            name = secret.get("name")
            if not isinstance(name, str):
                continue
            if name in seen:
                warn("field.warning", sp + ("imagePullSecrets", i, "name"), f"duplicate name {_go_quote(str(name))}",
                     "warning.duplicate")
            seen.add(name)
    grace = _i(spec.get("terminationGracePeriodSeconds"))
    if grace is not None and grace < 0 and v >= (1, 27):
        warn("field.warning", sp + ("terminationGracePeriodSeconds",),
             "must be >= 0; negative values are invalid and will be treated as 1", "warning.negative_grace")
    _container_warnings(warn, v, sp, spec)
    return out


def _scheduling_warnings(warn: Callable[..., None], sp: tuple, spec: dict) -> None:
    """Deprecated node labels in node selectors, affinity terms and spread constraints; null spread selectors."""
    for key in (_d(spec.get("nodeSelector")) or {}):
        if key in _DEPRECATED_NODE_LABELS:
            warn("field.deprecated", sp + ("nodeSelector", Key(key)), _DEPRECATED_NODE_LABELS[key],
                 "warning.node_label", label=key)
    node = _d((_d(spec.get("affinity")) or {}).get("nodeAffinity")) or {}
    required = _d(node.get("requiredDuringSchedulingIgnoredDuringExecution")) or {}
    terms = [(sp + ("affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution",
                    "nodeSelectorTerms", i), t) for i, t in _items(required.get("nodeSelectorTerms"))]
    preferred = "preferredDuringSchedulingIgnoredDuringExecution"
    terms += [(sp + ("affinity", "nodeAffinity", preferred, i, "preference"), _d(p.get("preference")) or {})
              for i, p in _items(node.get(preferred))]
    for tp, term in terms:
        for j, expr in _items(term.get("matchExpressions")):
            key = expr.get("key")
            if isinstance(key, str) and key in _DEPRECATED_NODE_LABELS:
                warn("field.deprecated", tp + ("matchExpressions", j, "key"),
                     f"{key} is {_DEPRECATED_NODE_LABELS[key]}", "warning.node_label", label=key)
    for i, constraint in _items(spec.get("topologySpreadConstraints")):
        key = constraint.get("topologyKey")
        cp = sp + ("topologySpreadConstraints", i)
        if isinstance(key, str) and key in _DEPRECATED_NODE_LABELS:
            warn("field.deprecated", cp + ("topologyKey",), f"{key} is {_DEPRECATED_NODE_LABELS[key]}",
                 "warning.node_label", label=key)
        if constraint.get("labelSelector") is None:
            warn("field.warning", cp + ("labelSelector",), "a null labelSelector results in matching no pod",
                 "warning.null_selector")


def _container_warnings(warn: Callable[..., None], v: tuple[int, int], sp: tuple, spec: dict) -> None:
    """Env vars that hide an earlier one; container ports that repeat or overlap (from 1.29)."""
    containers = [(sp + ("initContainers", i), c) for i, c in _items(spec.get("initContainers"))]
    containers += [(sp + ("containers", i), c) for i, c in _items(spec.get("containers"))]
    ports: dict[str, list] = {}
    for cp, c in containers:
        seen_env: set = set()
        for i, var in _items(c.get("env")):
            name = var.get("name")
            if not isinstance(name, str):
                continue
            if name in seen_env:
                ref = f"$({name})"
                value = var.get("value") if isinstance(var.get("value"), str) else ""
                if var.get("valueFrom") is not None or value == ref or ref not in value:
                    warn("field.warning", cp + ("env", i),
                         f"hides previous definition of {_go_quote(name)}, which may be dropped when using apply",
                         "warning.env_hidden", name=name)
            seen_env.add(name)
        if v < (1, 29):
            continue
        for j, port in _items(c.get("ports")):
            key = f"{port.get('containerPort')}/{_s(port.get('protocol')) or 'TCP'}"
            here = cp + ("ports", j)
            host_ip, host_port = _s(port.get("hostIP")) or "", _i(port.get("hostPort")) or 0
            for other_path, other_ip, other_port in ports.get(key, []):
                other = format_field_path(other_path)
                if host_ip == other_ip and host_port == other_port:
                    warn("field.warning", here, f"duplicate port definition with {other}", "warning.duplicate_port",
                         other=other)
                elif host_port == 0 or other_port == 0:
                    warn("field.warning", here, f"overlapping port definition with {other}",
                         "warning.duplicate_port", other=other)
                elif host_port == other_port and (host_ip == "") != (other_ip == ""):
                    warn("field.warning", here, f"dangerously ambiguous port definition with {other}",
                         "warning.duplicate_port", other=other)
            ports.setdefault(key, []).append((here, host_ip, host_port))
