"""What the API server checks on create: quantities decoded first, then each kind's validator."""

from __future__ import annotations

from typing import Any, Iterator

from ..manifests import Document
from ..messages import Issue, issue
from ._common import Key, _d, _items, format_field_path
from .autoscaling import _validate_hpa
from .batch import _validate_cronjob, _validate_job
from .cluster_scoped import _validate_namespace, _validate_node
from .config import _validate_config_map, _validate_secret
from .context import _Ctx
from .ingress import _validate_ingress
from .metadata import _NO_META_KINDS, _validate_finalizers, _validate_meta
from .networkpolicy import _validate_network_policy
from .podspec import _validate_pod, _validate_pod_template_kind
from .quantities import _QUANTITY_SUFFIX, QuantityError, parse_quantity
from .services import _service_allocation, _validate_service
from .storage import _validate_pvc
from .workloads import (
    _validate_daemonset,
    _validate_deployment,
    _validate_replicaset,
    _validate_replication_controller,
    _validate_statefulset,
)

# --- quantities are decoded before anything is validated ----------------------------------------


def _quantity_fields(data: dict, kind: str) -> Iterator[tuple[tuple, Any]]:
    """Every resource.Quantity in the object, with its path."""

    def pod_spec(path: tuple, spec: Any) -> Iterator[tuple[tuple, Any]]:
        if not isinstance(spec, dict):
            return
        for group in ("containers", "initContainers", "ephemeralContainers"):
            for i, c in _items(spec.get(group)):
                res = _d(c.get("resources")) or {}
                for section in ("limits", "requests"):
                    for name, value in (_d(res.get(section)) or {}).items():
                        yield path + (group, i, "resources", section, name), value
        for name, value in (_d(spec.get("overhead")) or {}).items():
            yield path + ("overhead", name), value
        for section in ("limits", "requests"):
            for name, value in (_d((_d(spec.get("resources")) or {}).get(section)) or {}).items():
                yield path + ("resources", section, name), value
        for i, vol in _items(spec.get("volumes")):
            empty = _d(vol.get("emptyDir")) or {}
            if empty.get("sizeLimit") is not None:
                yield path + ("volumes", i, "emptyDir", "sizeLimit"), empty["sizeLimit"]

    def resource_lists(path: tuple, obj: Any, sections: tuple) -> Iterator[tuple[tuple, Any]]:
        for section in sections:
            for name, value in (_d((_d(obj) or {}).get(section)) or {}).items():
                yield path + (section, name), value

    spec = _d(data.get("spec")) or {}
    if kind == "Pod":
        yield from pod_spec(("spec",), spec)
    elif kind in ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "ReplicationController", "Job"):
        yield from pod_spec(("spec", "template", "spec"), (_d(spec.get("template")) or {}).get("spec"))
        for i, claim in _items(spec.get("volumeClaimTemplates")):
            yield from resource_lists(("spec", "volumeClaimTemplates", i, "spec", "resources"),
                                      (_d(claim.get("spec")) or {}).get("resources"), ("limits", "requests"))
    elif kind == "CronJob":
        job = _d((_d(spec.get("jobTemplate")) or {}).get("spec")) or {}
        yield from pod_spec(("spec", "jobTemplate", "spec", "template", "spec"),
                            (_d(job.get("template")) or {}).get("spec"))
    elif kind == "PodTemplate":
        yield from pod_spec(("template", "spec"), (_d(data.get("template")) or {}).get("spec"))
    elif kind == "PersistentVolumeClaim":
        yield from resource_lists(("spec", "resources"), spec.get("resources"), ("limits", "requests"))
    elif kind == "PersistentVolume":
        yield from resource_lists(("spec",), spec, ("capacity",))
    elif kind == "ResourceQuota":
        yield from resource_lists(("spec",), spec, ("hard",))
    elif kind == "LimitRange":
        for i, limit in _items(spec.get("limits")):
            yield from resource_lists(("spec", "limits", i), limit,
                                      ("max", "min", "default", "defaultRequest", "maxLimitRequestRatio"))
    elif kind == "Node":
        yield from resource_lists(("status",), data.get("status"), ("capacity", "allocatable"))


def _sort_key(path: tuple) -> tuple:
    """JSON order: kubectl sends objects with their keys sorted, and the decoder stops at the first error."""
    return tuple((0, p, "") if isinstance(p, int) else (1, 0, p) for p in path)


def _quantity_decode_error(ctx: _Ctx) -> Issue | None:
    bad = []
    for path, value in _quantity_fields(ctx.data, ctx.kind):
        if value is None or isinstance(value, bool) or not isinstance(value, (str, int, float)):
            continue  # null is no quantity; other types are the schema's decode error
        try:
            parse_quantity(value)
        except QuantityError as exc:
            bad.append((_sort_key(path), path, str(exc)))
    if not bad:
        return None
    _, path, reason = min(bad)
    version = ctx.api_version.rpartition("/")[2]
    path = tuple(Key(p) if isinstance(p, str) and i and path[i - 1] in (
        "limits", "requests", "overhead", "capacity", "hard", "max", "min", "default", "defaultRequest",
        "maxLimitRequestRatio", "allocatable") else p for i, p in enumerate(path))
    return issue("quantity.invalid", format_field_path(path), ctx.doc.pos(path), file=ctx.doc.file, kind=ctx.kind,
                 version=version, reason=reason,
                 suffix_problem="suffix" if reason == _QUANTITY_SUFFIX else "format")


# --- the entry point ----------------------------------------------------------------------------

_VALIDATORS = {
    "Pod": _validate_pod,
    "PodTemplate": _validate_pod_template_kind,
    "Deployment": _validate_deployment,
    "ReplicaSet": _validate_replicaset,
    "ReplicationController": _validate_replication_controller,
    "DaemonSet": _validate_daemonset,
    "StatefulSet": _validate_statefulset,
    "Job": _validate_job,
    "CronJob": _validate_cronjob,
    "Service": _validate_service,
    "Ingress": _validate_ingress,
    "ConfigMap": _validate_config_map,
    "Secret": _validate_secret,
    "Namespace": _validate_namespace,
    "Node": _validate_node,
    "PersistentVolumeClaim": _validate_pvc,
    "NetworkPolicy": _validate_network_policy,
    "HorizontalPodAutoscaler": _validate_hpa,
}


def check(doc: Document, kube_version: str) -> list[Issue]:
    """What the API server of ``kube_version`` rejects on create beyond the schema, one Issue per cause."""
    if not isinstance(doc.data, dict):
        return []
    ctx = _Ctx(doc, kube_version)
    decode_error = _quantity_decode_error(ctx)
    if decode_error is not None:
        return [decode_error]  # the decoder refuses the whole request: nothing else is checked
    if ctx.kind == "Service" and _service_allocation(ctx):
        return ctx.issues  # IP family and node port allocation run, and fail, before validation
    if ctx.kind not in _NO_META_KINDS:
        _validate_meta(ctx)
        _validate_finalizers(ctx)
    validator = _VALIDATORS.get(ctx.kind)
    if validator is not None:
        validator(ctx)
    return ctx.issues
