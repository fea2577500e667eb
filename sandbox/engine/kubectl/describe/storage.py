"""`kubectl describe` for storage: PersistentVolumeClaim, PersistentVolume, StorageClass."""

from __future__ import annotations

from ._context import _Ctx
from ._labels import _format_labels
from ._multiline import _print_annotations_multiline, _print_labels_multiline, _print_pods_multiline
from ._values import _b, _g, _go_slice, _meta, _print_bool_ptr, _rfc1123z, _s
from .events import _describe_events, _events_for
from .quantity import _qstr
from .volumes import (
    _access_modes,
    _print_cloud_disk,
    _print_csi_attributes,
    _print_host_path,
    _print_nfs,
    _print_pvc,
    _storage_class,
)


def _describe_pvc(ctx: _Ctx, w, pvc: dict) -> None:
    meta, status = _meta(pvc), pvc.get("status") or {}
    ns_pods = ctx.list("Pod", meta.get("namespace"))
    pods = []
    for pod in ns_pods:
        for vol in _g(pod, "spec", "volumes") or []:
            if _g(vol, "persistentVolumeClaim", "claimName") == meta.get("name"):
                pods.append(pod)
    for ref in meta.get("ownerReferences") or []:
        if ref.get("kind") != "Pod":
            continue
        owner = next((p for p in ns_pods if _meta(p).get("uid") == ref.get("uid")), None)
        if owner is None or any(_meta(p).get("uid") == _meta(owner).get("uid") for p in pods):
            continue
        pods.append(owner)
    events = _events_for(ctx, pvc)
    _print_pvc(w, pvc, True, ctx)
    _print_pods_multiline(w, "Used By", pods)
    if status.get("conditions"):
        w.write(0, "Conditions:\n")
        w.write(1, "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n")
        w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
        for c in status["conditions"]:
            w.write(
                1,
                f"{_s(c.get('type'))} \t{_s(c.get('status'))} \t{_rfc1123z(c.get('lastProbeTime'))} \t"
                f"{_rfc1123z(c.get('lastTransitionTime'))} \t{_s(c.get('reason'))} \t{_s(c.get('message'))}\n",
            )
    _describe_events(ctx, w, events)


def _describe_pv(ctx: _Ctx, w, pv: dict) -> None:
    meta, spec, status = _meta(pv), pv.get("spec") or {}, pv.get("status") or {}
    events = _events_for(ctx, pv)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Finalizers:\t{_go_slice(meta.get('finalizers'))}\n")
    w.write(0, f"StorageClass:\t{_storage_class(pv)}\n")
    if meta.get("deletionTimestamp"):
        w.write(0, f"Status:\tTerminating (lasts {ctx.since(meta['deletionTimestamp'])})\n")
    else:
        w.write(0, f"Status:\t{_s(status.get('phase'))}\n")
    claim = spec.get("claimRef")
    if claim is not None:
        w.write(0, f"Claim:\t{_s(claim.get('namespace'))}/{_s(claim.get('name'))}\n")
    else:
        w.write(0, "Claim:\t\n")
    w.write(0, f"Reclaim Policy:\t{_s(spec.get('persistentVolumeReclaimPolicy'))}\n")
    w.write(0, f"Access Modes:\t{_access_modes(spec.get('accessModes'))}\n")
    if spec.get("volumeMode") is not None:
        w.write(0, f"VolumeMode:\t{_s(spec['volumeMode'])}\n")
    w.write(0, f"Capacity:\t{_qstr(_g(spec, 'capacity', 'storage'))}\n")
    w.write(0, "Node Affinity:\t")
    required = _g(spec, "nodeAffinity", "required")
    if required is None:
        w.write_line("<none>")
    else:
        w.write_line("")
        w.write(1, "Required Terms:\t")
        terms = required.get("nodeSelectorTerms") or []
        _print_terms_multiline(w, 2, terms, "matchExpressions", lambda req: _s(req.get("operator")).lower())
    w.write(0, f"Message:\t{_s(status.get('message'))}\n")
    w.write(0, "Source:\n")
    if spec.get("hostPath") is not None:
        _print_host_path(w, spec["hostPath"])
    elif _print_cloud_disk(w, spec):
        pass
    elif spec.get("nfs") is not None:
        _print_nfs(w, spec["nfs"])
    elif spec.get("local") is not None:
        w.write(
            2,
            f"Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t{_s(spec['local'].get('path'))}\n",
        )
    elif spec.get("csi") is not None:
        csi = spec["csi"]
        w.write(
            2,
            "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n"
            f"    Driver:\t{_s(csi.get('driver'))}\n    FSType:\t{_s(csi.get('fsType'))}\n"
            f"    VolumeHandle:\t{_s(csi.get('volumeHandle'))}\n    ReadOnly:\t{_b(csi.get('readOnly'))}\n",
        )
        _print_csi_attributes(w, csi.get("volumeAttributes"))
    else:
        w.write(1, "<unknown>\n")
    _describe_events(ctx, w, events)


def _describe_storage_class(ctx: _Ctx, w, sc: dict) -> None:
    meta = _meta(sc)
    ann = meta.get("annotations") or {}
    events = _events_for(ctx, sc)
    default = (
        "Yes"
        if "true"
        in (
            ann.get("storageclass.kubernetes.io/is-default-class"),
            ann.get("storageclass.beta.kubernetes.io/is-default-class"),
        )
        else "No"
    )
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"IsDefaultClass:\t{default}\n")
    w.write(0, f"Annotations:\t{_format_labels(ann)}\n")
    w.write(0, f"Provisioner:\t{_s(sc.get('provisioner'))}\n")
    w.write(0, f"Parameters:\t{_format_labels(sc.get('parameters'))}\n")
    w.write(0, f"AllowVolumeExpansion:\t{_print_bool_ptr(sc.get('allowVolumeExpansion'))}\n")
    if not sc.get("mountOptions"):
        w.write(0, "MountOptions:\t<none>\n")
    else:
        w.write(0, "MountOptions:\n")
        for option in sc["mountOptions"]:
            w.write(1, f"{_s(option)}\n")
    if sc.get("reclaimPolicy") is not None:
        w.write(0, f"ReclaimPolicy:\t{_s(sc['reclaimPolicy'])}\n")
    if sc.get("volumeBindingMode") is not None:
        w.write(0, f"VolumeBindingMode:\t{_s(sc['volumeBindingMode'])}\n")
    if sc.get("allowedTopologies") is not None:
        w.write(0, "AllowedTopologies:\t")
        _print_terms_multiline(w, 1, sc["allowedTopologies"], "matchLabelExpressions", lambda req: "in")
    _describe_events(ctx, w, events)


def _print_terms_multiline(w, level: int, terms, requirements: str, operator) -> None:
    """Selector terms after a title: `<none>`, or one `Term i:` each with a requirement a line (``requirements``
    names a term's list of them; ``operator`` words one's operator)."""
    if not terms:
        w.write_line("<none>")
        return
    w.write_line("")
    for i, term in enumerate(terms):
        w.write(level, f"Term {i}:\t")
        reqs = term.get(requirements) or []
        if not reqs:
            w.write_line("<none>")
            continue
        for j, req in enumerate(reqs):
            if j:
                w.write(level, "\t")
            text = f"{_s(req.get('key'))} {operator(req)}"
            if req.get("values"):
                text += f" [{', '.join(req['values'])}]"
            w.write(0, text + "\n")
