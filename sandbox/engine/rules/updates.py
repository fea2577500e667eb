"""Updates: fields the API server refuses to change, compared after the defaults it applied."""

from __future__ import annotations

import copy
from typing import Any

from ..manifests import Document
from ..messages import Issue
from ._common import _MAX_INT32, _d, _i, _l, _s
from .context import _Ctx
from .quantities import QuantityError, parse_quantity
from .syntax import _rule
from .values import GoValue, go_selector, go_strings


def _blank(value: Any) -> bool:
    return value is None or value == {} or value == [] or value == ""


_QUANTITY_PARENTS = {"limits", "requests", "capacity", "hard", "overhead", "sizeLimit"}


def semantic_equal(a: Any, b: Any, parent: str = "") -> bool:
    """apiequality.Semantic.DeepEqual on JSON data: nil equals empty, quantities compare by value."""
    if _blank(a) and _blank(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return all(semantic_equal(a.get(k), b.get(k), k) for k in set(a) | set(b))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(semantic_equal(x, y, parent) for x, y in zip(a, b))
    if a == b and type(a) is type(b) or (isinstance(a, (int, float)) and isinstance(b, (int, float))
                                          and not isinstance(a, bool) and not isinstance(b, bool) and a == b):
        return True
    if parent in _QUANTITY_PARENTS or parent == "":
        try:
            return parse_quantity(a).value == parse_quantity(b).value
        except QuantityError:
            return False
    return False


def _default_container(c: dict) -> dict:
    c = dict(c)
    image = c.get("image")
    if isinstance(image, str) and "imagePullPolicy" not in c:
        last = image.rsplit("/", 1)[-1]
        tagged = "@" in image or (":" in last and last.rsplit(":", 1)[1] != "latest")
        c["imagePullPolicy"] = "IfNotPresent" if tagged else "Always"
    c.setdefault("terminationMessagePath", "/dev/termination-log")
    c.setdefault("terminationMessagePolicy", "File")
    c["ports"] = [{"protocol": "TCP", **p} if isinstance(p, dict) else p for p in (_l(c.get("ports")) or [])]
    return c


def _default_pod_spec(spec: dict) -> dict:
    """The PodSpec defaults that a stored object has and a manifest may leave out."""
    spec = dict(spec)
    for key, value in (("restartPolicy", "Always"), ("dnsPolicy", "ClusterFirst"),
                       ("terminationGracePeriodSeconds", 30), ("schedulerName", "default-scheduler")):
        if spec.get(key) is None:
            spec[key] = value
    for group in ("containers", "initContainers"):
        if isinstance(spec.get(group), list):
            spec[group] = [_default_container(c) if isinstance(c, dict) else c for c in spec[group]]
    return spec


_SA_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount"


def _fill_from_old(new: dict, old: dict) -> dict:
    """Fields the server filled in on create (node, service account, token volume...) that a manifest omits."""
    merged = dict(new)
    for key, value in old.items():
        if key not in merged:
            merged[key] = copy.deepcopy(value)
    for group in ("containers", "initContainers"):
        new_list, old_list = _l(merged.get(group)), _l(old.get(group))
        if new_list is None or old_list is None or len(new_list) != len(old_list):
            continue
        filled = []
        for n, o in zip(new_list, old_list):
            if isinstance(n, dict) and isinstance(o, dict):
                n = {**{k: v for k, v in o.items() if k not in n}, **n}
                mounts, old_mounts = _l(n.get("volumeMounts")), _l(o.get("volumeMounts")) or []
                if mounts is not None:
                    paths = {m.get("mountPath") for m in mounts if isinstance(m, dict) and isinstance(
                        m.get("mountPath"), str)}
                    n["volumeMounts"] = mounts + [
                        m for m in old_mounts if isinstance(m, dict) and m.get("mountPath") == _SA_MOUNT_PATH
                        and m.get("mountPath") not in paths]
            filled.append(n)
        merged[group] = filled
    volumes, old_volumes = _l(merged.get("volumes")), _l(old.get("volumes")) or []
    if volumes is not None:
        names = {v.get("name") for v in volumes if isinstance(v, dict) and isinstance(v.get("name"), str)}
        merged["volumes"] = volumes + [
            v for v in old_volumes if isinstance(v, dict) and str(v.get("name", "")).startswith("kube-api-access-")
            and v.get("name") not in names]
    tolerations, old_tolerations = _l(merged.get("tolerations")), _l(old.get("tolerations")) or []
    if tolerations is not None:
        merged["tolerations"] = tolerations + [t for t in old_tolerations if isinstance(t, dict) and t.get("key") in (
            "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable") and t not in tolerations]
    return merged


_POD_UPDATABLE = (
    "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,"
    "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
    "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"
)


def _check_pod_update(ctx: _Ctx, old: dict, new: dict) -> None:
    old_spec, new_spec = _d(old.get("spec")) or {}, _d(new.get("spec")) or {}
    old_spec = _default_pod_spec(old_spec)
    new_spec = _default_pod_spec(_fill_from_old(new_spec, old_spec))
    for group in ("containers", "initContainers"):
        new_list, old_list = _l(new_spec.get(group)) or [], _l(old_spec.get(group)) or []
        if len(new_list) != len(old_list):
            ctx.forbidden("pod.update_forbidden", ("spec", group), "pod updates may not add or remove containers",
                          fields=f"spec.{group} (컨테이너 추가·삭제)")
            return
        for i, c in enumerate(new_list):
            image = c.get("image") if isinstance(c, dict) else None
            if image in (None, ""):
                ctx.required("container.image_required", ("spec", group, i, "image"))
            elif isinstance(image, str) and image != image.strip():
                ctx.invalid("value.invalid", ("spec", group, i, "image"), image, _rule("rule.image_whitespace"))
    new_deadline, old_deadline = new_spec.get("activeDeadlineSeconds"), old_spec.get("activeDeadlineSeconds")
    if _i(new_deadline) is not None:
        if not 0 <= new_deadline <= _MAX_INT32:
            ctx.invalid("value.out_of_range", ("spec", "activeDeadlineSeconds"), new_deadline,
                        _rule("rule.range", lo=0, hi=_MAX_INT32), lo=0, hi=_MAX_INT32)
            return
        if _i(old_deadline) is not None and old_deadline < new_deadline:
            ctx.invalid("value.invalid", ("spec", "activeDeadlineSeconds"), new_deadline, _rule("rule.deadline_grows"))
            return
    elif old_deadline is not None:
        ctx.invalid("value.invalid", ("spec", "activeDeadlineSeconds"), None, _rule("rule.deadline_removed"))
    new_tolerations = [t for t in (_l(new_spec.get("tolerations")) or []) if isinstance(t, dict)]
    for old_tol in (_l(old_spec.get("tolerations")) or []):
        if not isinstance(old_tol, dict):
            continue
        stripped = {k: v for k, v in old_tol.items() if k != "tolerationSeconds"}
        if not any(semantic_equal(stripped, {k: v for k, v in t.items() if k != "tolerationSeconds"})
                   for t in new_tolerations):
            ctx.forbidden("pod.update_forbidden", ("spec", "tolerations"), _rule("rule.toleration_modified"),
                          fields="spec.tolerations")
            break
    munged = copy.deepcopy(new_spec)
    for group in ("containers", "initContainers"):
        for c, o in zip(_l(munged.get(group)) or [], _l(old_spec.get(group)) or []):
            if isinstance(c, dict) and isinstance(o, dict):
                c["image"] = o.get("image")
    for field in ("activeDeadlineSeconds", "tolerations", "schedulingGates"):
        munged[field] = copy.deepcopy(old_spec.get(field))
    old_grace = _i(old_spec.get("terminationGracePeriodSeconds"))
    if old_grace is not None and old_grace < 0 and munged.get("terminationGracePeriodSeconds") == 1:
        munged["terminationGracePeriodSeconds"] = old_grace
    if not semantic_equal(munged, old_spec):
        changed = sorted(k for k in set(munged) | set(old_spec) if not semantic_equal(munged.get(k), old_spec.get(k)))
        ctx.forbidden("pod.update_forbidden", ("spec",), _POD_UPDATABLE,
                      fields=", ".join(f"spec.{k}" for k in changed), pos=("spec", changed[0]) if changed else None)


def _check_selector_immutable(ctx: _Ctx, old: dict, new: dict) -> None:
    old_sel = (_d(old.get("spec")) or {}).get("selector")
    new_sel = (_d(new.get("spec")) or {}).get("selector")
    if not semantic_equal(old_sel, new_sel):
        value = go_selector(new_sel) if isinstance(new_sel, dict) or new_sel is None else new_sel
        ctx.invalid("field.immutable", ("spec", "selector"), value, ("field is immutable", ""))


_STS_MUTABLE = ("replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy",
                "minReadySeconds")


def _normalized_sts_spec(spec: dict) -> dict:
    spec = {k: copy.deepcopy(v) for k, v in spec.items() if k not in _STS_MUTABLE}
    spec.setdefault("podManagementPolicy", "OrderedReady")
    spec.setdefault("revisionHistoryLimit", 10)
    claims = []
    for claim in _l(spec.get("volumeClaimTemplates")) or []:
        if isinstance(claim, dict):
            claim = {k: v for k, v in claim.items() if k not in ("status", "apiVersion", "kind")}
            meta = dict(_d(claim.get("metadata")) or {})
            meta.pop("creationTimestamp", None)
            claim["metadata"] = meta
            claim_spec = dict(_d(claim.get("spec")) or {})
            claim_spec.setdefault("volumeMode", "Filesystem")
            claim["spec"] = claim_spec
        claims.append(claim)
    spec["volumeClaimTemplates"] = claims
    return spec


def _check_statefulset_update(ctx: _Ctx, old: dict, new: dict) -> None:
    old_spec, new_spec = _d(old.get("spec")) or {}, _d(new.get("spec")) or {}
    old_norm, new_norm = _normalized_sts_spec(old_spec), _normalized_sts_spec(new_spec)
    if not semantic_equal(old_norm, new_norm):
        rule = "rule.sts_update" if ctx.at_least((1, 27)) else "rule.sts_update_old"
        changed = sorted(k for k in set(old_norm) | set(new_norm)
                         if not semantic_equal(old_norm.get(k), new_norm.get(k)))
        ctx.forbidden("statefulset.update_forbidden", ("spec",), _rule(rule), fields=", ".join(
            f"spec.{k}" for k in changed), pos=("spec", changed[0]) if changed else None)


def _check_service_update(ctx: _Ctx, old: dict, new: dict) -> None:
    old_spec, new_spec = _d(old.get("spec")) or {}, _d(new.get("spec")) or {}
    old_type, new_type = old_spec.get("type") or "ClusterIP", new_spec.get("type") or "ClusterIP"
    if "ExternalName" in (old_type, new_type):
        return
    old_ips = [x for x in (_l(old_spec.get("clusterIPs")) or []) if isinstance(x, str)]
    old_ip = _s(old_spec.get("clusterIP")) or ""
    if not old_ips and old_ip:
        old_ips = [old_ip]
    new_ip = _s(new_spec.get("clusterIP")) or ""
    new_ips = [x for x in (_l(new_spec.get("clusterIPs")) or []) if isinstance(x, str)]
    if not new_ip and not new_ips:  # patchAllocatedValues: an omitted IP keeps the allocated one
        new_ip, new_ips = old_ip, list(old_ips)
    elif old_ip and new_ip and new_ip != old_ip and (not new_ips or new_ips == old_ips):
        new_ips = [new_ip] + old_ips[1:]  # normalizeClusterIPs: the singular field changed, the plural follows
    elif new_ip and not new_ips:
        new_ips = [new_ip]
    if old_ips == ["None"] and new_ips == ["None"]:
        return
    path = ("spec", "clusterIPs")
    pos = ("spec", "clusterIPs") if _l(new_spec.get("clusterIPs")) else ("spec", "clusterIP")
    if len(old_ips) == len(new_ips):
        for i, ip in enumerate(old_ips):
            if ip != new_ips[i]:
                ctx.invalid("service.cluster_ip_immutable", path + (i,), go_strings(new_ips), "may not change once set",
                            pos=pos, old=ip)
    elif len(old_ips) > len(new_ips):
        if not new_ips:
            ctx.invalid("service.cluster_ip_immutable", path + (0,), go_strings(None),
                        "primary clusterIP can not be unset", pos=pos, old=old_ips[0])
        elif new_ips[0] != old_ips[0]:
            ctx.invalid("service.cluster_ip_immutable", path + (0,), go_strings(new_ips), "may not change once set",
                        pos=pos, old=old_ips[0])
    elif old_ips and new_ips[0] != old_ips[0]:
        ctx.invalid("service.cluster_ip_immutable", path + (0,), go_strings(new_ips), "may not change once set",
                    pos=pos, old=old_ips[0])


_JOB_GENERATED = ("controller-uid", "job-name", "batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name")


def _without_generated(value: Any, path: tuple) -> Any:
    value = copy.deepcopy(value)
    target = value
    for part in path[:-1]:
        target = target.get(part) if isinstance(target, dict) else None
    if isinstance(target, dict) and isinstance(target.get(path[-1]), dict):
        for key in _JOB_GENERATED:
            target[path[-1]].pop(key, None)
    return value


def _check_job_update(ctx: _Ctx, old: dict, new: dict) -> None:
    old_spec, new_spec = _d(old.get("spec")) or {}, _d(new.get("spec")) or {}
    if new_spec.get("completions") is not None and not semantic_equal(old_spec.get("completions"),
                                                                      new_spec.get("completions")):
        ctx.invalid("field.immutable", ("spec", "completions"), new_spec.get("completions"), ("field is immutable", ""))
    new_sel = new_spec.get("selector")
    if isinstance(new_sel, dict):
        old_sel = _without_generated(old_spec.get("selector"), ("matchLabels",))
        if not semantic_equal(old_sel, _without_generated(new_sel, ("matchLabels",))):
            ctx.invalid("field.immutable", ("spec", "selector"), go_selector(new_sel), ("field is immutable", ""))
    old_t, new_t = old_spec.get("template"), new_spec.get("template")
    if isinstance(old_t, dict) and isinstance(new_t, dict):
        old_t = _without_generated(old_t, ("metadata", "labels"))
        new_t = _without_generated(new_t, ("metadata", "labels"))
        old_t["spec"] = _default_pod_spec(_d(old_t.get("spec")) or {})
        new_t["spec"] = _default_pod_spec(_d(new_t.get("spec")) or {})
        if not semantic_equal(old_t, new_t):
            ctx.invalid("field.immutable", ("spec", "template"), GoValue("core.PodTemplateSpec{...}", new_t),
                        ("field is immutable", ""))


def _check_immutable_data(ctx: _Ctx, old: dict, new: dict) -> None:
    if ctx.kind == "Secret" and (old.get("type") or "Opaque") != (new.get("type") or "Opaque"):
        ctx.invalid("field.immutable", ("type",), new.get("type") or "Opaque", ("field is immutable", ""))
    if old.get("immutable") is not True:
        return
    if new.get("immutable") is not True:
        ctx.forbidden("field.immutable", ("immutable",), _rule("rule.immutable_set"))
    sections = ("data", "binaryData") if ctx.kind == "ConfigMap" else ("data",)
    for section in sections:
        if not semantic_equal(old.get(section), new.get(section), section):
            ctx.forbidden("field.immutable", (section,), _rule("rule.immutable_set"))


_UPDATE_CHECKS = {
    "Pod": _check_pod_update,
    "StatefulSet": _check_statefulset_update,
    "Service": _check_service_update,
    "Job": _check_job_update,
    "ConfigMap": _check_immutable_data,
    "Secret": _check_immutable_data,
}


def check_update(old: dict, new: dict, doc: Document | None, kube_version: str) -> list[Issue]:
    """Fields the API server refuses to change on update (``old`` as stored, ``new`` as submitted or merged)."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return []
    if doc is None:
        doc = Document("-", 0, new, {}, start=(None, None))
    ctx = _Ctx(doc, kube_version)
    ctx.data, ctx.kind = new, _s(new.get("kind")) or _s(old.get("kind")) or ""
    ctx.name = _s((_d(new.get("metadata")) or {}).get("name")) or _s((_d(old.get("metadata")) or {}).get("name")) or ""
    api_version = _s(new.get("apiVersion")) or ""
    if ctx.kind in ("Deployment", "ReplicaSet", "DaemonSet") and api_version.startswith("apps/"):
        _check_selector_immutable(ctx, old, new)
    check_fn = _UPDATE_CHECKS.get(ctx.kind)
    if check_fn is not None:
        check_fn(ctx, old, new)
    return ctx.issues
