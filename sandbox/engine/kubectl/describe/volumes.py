"""Volumes as a pod shows them, the volume sources a PersistentVolume shares, and a claim's fields."""

from __future__ import annotations

from ._context import _Ctx
from ._multiline import _print_annotations_multiline, _print_labels_multiline
from ._values import _MAX_ANNOTATION_LEN, _b, _g, _go_slice, _int, _meta, _s
from ._writer import _Nested
from .quantity import _q, _qstr


def _optional_ptr(value) -> str:
    """%v of a Go *bool: `<nil>` when unset (a set pointer prints its address in kubectl)."""
    if value is None:
        return "<nil>"
    return _b(value)


def _describe_volumes(w, volumes, space: str) -> None:
    if not volumes:
        w.write(0, f"{space}Volumes:\t<none>\n")
        return
    w.write(0, f"{space}Volumes:\n")
    name_indent = " " if space else ""
    for vol in volumes:
        w.write(1, f"{name_indent}{_s(vol.get('name'))}:\n")
        _describe_volume_source(w, vol)


def _describe_volume_source(w, vol: dict) -> None:
    """The first source a volume has, as kubectl's describeVolumes switch prints it."""
    if vol.get("hostPath") is not None:
        _print_host_path(w, vol["hostPath"])
    elif _print_cloud_disk(w, vol):
        pass
    elif vol.get("gitRepo") is not None:
        gr = vol["gitRepo"]
        w.write(
            2,
            "Type:\tGitRepo (a volume that is pulled from git when the pod is created)\n"
            f"    Repository:\t{_s(gr.get('repository'))}\n    Revision:\t{_s(gr.get('revision'))}\n",
        )
    elif vol.get("emptyDir") is not None:
        ed = vol["emptyDir"]
        size = ed.get("sizeLimit")
        size_text = _qstr(size) if size is not None and _q(size).value > 0 else "<unset>"
        w.write(
            2,
            f"Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{_s(ed.get('medium'))}\n    SizeLimit:\t{size_text}\n",
        )
    elif vol.get("secret") is not None:
        sv = vol["secret"]
        w.write(
            2,
            f"Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{_s(sv.get('secretName'))}\n    Optional:\t{_b(sv.get('optional'))}\n",
        )
    elif vol.get("configMap") is not None:
        cv = vol["configMap"]
        w.write(
            2,
            f"Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{_s(cv.get('name'))}\n    Optional:\t{_b(cv.get('optional'))}\n",
        )
    elif vol.get("nfs") is not None:
        _print_nfs(w, vol["nfs"])
    elif vol.get("persistentVolumeClaim") is not None:
        pv = vol["persistentVolumeClaim"]
        w.write(
            2,
            "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n"
            f"    ClaimName:\t{_s(pv.get('claimName'))}\n    ReadOnly:\t{_b(pv.get('readOnly'))}\n",
        )
    elif vol.get("ephemeral") is not None:
        _print_ephemeral(w, vol["ephemeral"])
    elif vol.get("downwardAPI") is not None:
        _print_downward_api(w, vol["downwardAPI"])
    elif vol.get("projected") is not None:
        _print_projected(w, vol["projected"])
    elif vol.get("csi") is not None:
        csi = vol["csi"]
        w.write(
            2,
            "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n"
            f"    Driver:\t{_s(csi.get('driver'))}\n    FSType:\t{_s(csi.get('fsType'))}\n    ReadOnly:\t{_b(csi.get('readOnly'))}\n",
        )
        _print_csi_attributes(w, csi.get("volumeAttributes"))
    elif vol.get("image") is not None:
        im = vol["image"]
        w.write(
            2,
            f"Type:\tImage (a container image or OCI artifact)\n    Reference:\t{_s(im.get('reference'))}\n    PullPolicy:\t{_s(im.get('pullPolicy'))}\n",
        )
    else:
        w.write(1, "<unknown>\n")


def _print_ephemeral(w, ephemeral: dict) -> None:
    w.write(
        2,
        "Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n",
    )
    tmpl = ephemeral.get("volumeClaimTemplate")
    if tmpl is not None:
        pvc = {"metadata": tmpl.get("metadata") or {}, "spec": tmpl.get("spec") or {}}
        _print_pvc(_Nested(w, 2), pvc, full=False)


def _print_downward_api(w, downward_api: dict) -> None:
    w.write(2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n")
    for item in downward_api.get("items") or []:
        if item.get("fieldRef") is not None:
            w.write(3, f"{_s(item['fieldRef'].get('fieldPath'))} -> {_s(item.get('path'))}\n")
        if item.get("resourceFieldRef") is not None:
            w.write(3, f"{_s(item['resourceFieldRef'].get('resource'))} -> {_s(item.get('path'))}\n")


def _print_projected(w, projected: dict) -> None:
    w.write(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n")
    for src in projected.get("sources") or []:
        if src.get("secret") is not None:
            w.write(
                2,
                f"SecretName:\t{_s(src['secret'].get('name'))}\n    SecretOptionalName:\t{_optional_ptr(src['secret'].get('optional'))}\n",
            )
        elif src.get("downwardAPI") is not None:
            w.write(2, "DownwardAPI:\ttrue\n")
        elif src.get("configMap") is not None:
            w.write(
                2,
                f"ConfigMapName:\t{_s(src['configMap'].get('name'))}\n    ConfigMapOptional:\t{_optional_ptr(src['configMap'].get('optional'))}\n",
            )
        elif src.get("serviceAccountToken") is not None:
            w.write(
                2, f"TokenExpirationSeconds:\t{_int(src['serviceAccountToken'].get('expirationSeconds'))}\n"
            )


def _print_cloud_disk(w, source: dict) -> bool:
    """GCE persistent disk and AWS EBS (pod volumes and PV sources print them the same way)."""
    if source.get("gcePersistentDisk") is not None:
        d = source["gcePersistentDisk"]
        w.write(
            2,
            "Type:\tGCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)\n"
            f"    PDName:\t{_s(d.get('pdName'))}\n    FSType:\t{_s(d.get('fsType'))}\n"
            f"    Partition:\t{_int(d.get('partition'))}\n    ReadOnly:\t{_b(d.get('readOnly'))}\n",
        )
        return True
    if source.get("awsElasticBlockStore") is not None:
        d = source["awsElasticBlockStore"]
        w.write(
            2,
            "Type:\tAWSElasticBlockStore (a Persistent Disk resource in AWS)\n"
            f"    VolumeID:\t{_s(d.get('volumeID'))}\n    FSType:\t{_s(d.get('fsType'))}\n"
            f"    Partition:\t{_int(d.get('partition'))}\n    ReadOnly:\t{_b(d.get('readOnly'))}\n",
        )
        return True
    return False


def _print_host_path(w, hp: dict) -> None:
    hp_type = hp.get("type")
    w.write(
        2,
        f"Type:\tHostPath (bare host directory volume)\n    Path:\t{_s(hp.get('path'))}\n    HostPathType:\t{_s(hp_type) if hp_type is not None else '<none>'}\n",
    )


def _print_nfs(w, nfs: dict) -> None:
    w.write(
        2,
        f"Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t{_s(nfs.get('server'))}\n    Path:\t{_s(nfs.get('path'))}\n    ReadOnly:\t{_b(nfs.get('readOnly'))}\n",
    )


def _print_csi_attributes(w, attributes) -> None:
    w.write(2, "VolumeAttributes:\t")
    if not attributes:
        w.write_line("<none>")
        return
    for i, key in enumerate(sorted(attributes)):
        if i:
            w.write(2, "")
            w.write(2, "\t")
        line = f"{key}={_s(attributes[key])}"
        if len(line) > _MAX_ANNOTATION_LEN:
            w.write(2, f"{line[:_MAX_ANNOTATION_LEN]}...\n")
        else:
            w.write(2, f"{line}\n")


# --------------------------------------------------------------------------------------------
# PersistentVolumeClaim fields (also printed for a pod's ephemeral volume)
# --------------------------------------------------------------------------------------------


def _storage_class(obj: dict) -> str:
    """A claim's or a volume's class: the beta annotation, else spec.storageClassName."""
    ann = _meta(obj).get("annotations") or {}
    if "volume.beta.kubernetes.io/storage-class" in ann:
        return ann["volume.beta.kubernetes.io/storage-class"]
    return _s(_g(obj, "spec", "storageClassName"))


def _access_modes(modes) -> str:
    modes = modes or []
    out = []
    for mode, short in (
        ("ReadWriteOnce", "RWO"),
        ("ReadOnlyMany", "ROX"),
        ("ReadWriteMany", "RWX"),
        ("ReadWriteOncePod", "RWOP"),
    ):
        if mode in modes:
            out.append(short)
    return ",".join(out)


def _print_pvc(w, pvc: dict, full: bool, ctx: _Ctx | None = None) -> None:
    meta, spec, status = _meta(pvc), pvc.get("spec") or {}, pvc.get("status") or {}
    if full:
        w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
        w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    w.write(0, f"StorageClass:\t{_storage_class(pvc)}\n")
    if full:
        if meta.get("deletionTimestamp"):
            w.write(0, f"Status:\tTerminating (lasts {ctx.since(meta['deletionTimestamp']) if ctx else '<unknown>'})\n")
        else:
            w.write(0, f"Status:\t{_s(status.get('phase'))}\n")
    w.write(0, f"Volume:\t{_s(spec.get('volumeName'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    if full:
        w.write(0, f"Finalizers:\t{_go_slice(meta.get('finalizers'))}\n")
    capacity = ""
    access = ""
    if spec.get("volumeName"):
        access = _access_modes(status.get("accessModes"))
        capacity = _qstr(_g(status, "capacity", "storage"))
    w.write(0, f"Capacity:\t{capacity}\n")
    w.write(0, f"Access Modes:\t{access}\n")
    if spec.get("volumeMode") is not None:
        w.write(0, f"VolumeMode:\t{_s(spec['volumeMode'])}\n")
    if spec.get("dataSource") is not None:
        ds = spec["dataSource"]
        w.write(0, "DataSource:\n")
        if ds.get("apiGroup") is not None:
            w.write(1, f"APIGroup:\t{_s(ds['apiGroup'])}\n")
        w.write(1, f"Kind:\t{_s(ds.get('kind'))}\n")
        w.write(1, f"Name:\t{_s(ds.get('name'))}\n")
