"""Pod volumes (ValidateVolumes): one source each, names, paths and file modes."""

from __future__ import annotations

from typing import Any

from ._common import _i, _items
from .context import _Ctx
from .quantities import QuantityError, parse_quantity
from .syntax import _rule, dns1123_label

_VOLUME_SOURCES = (  # validateVolumeSource's order, with the path its "more than 1" error names
    ("emptyDir", "emptyDir"), ("hostPath", "hostPath"), ("gitRepo", "gitRepo"),
    ("gcePersistentDisk", "gcePersistentDisk"), ("awsElasticBlockStore", "awsElasticBlockStore"),
    ("secret", "secret"), ("nfs", "nfs"), ("iscsi", "iscsi"), ("glusterfs", "glusterfs"), ("flocker", "flocker"),
    ("persistentVolumeClaim", "persistentVolumeClaim"), ("rbd", "rbd"), ("cinder", "cinder"), ("cephfs", "cephFS"),
    ("quobyte", "quobyte"), ("downwardAPI", "downwarAPI"), ("fc", "fc"), ("flexVolume", "flexVolume"),
    ("configMap", "configMap"), ("azureFile", "azureFile"), ("vsphereVolume", "vsphereVolume"),
    ("photonPersistentDisk", "photonPersistentDisk"), ("portworxVolume", "portworxVolume"),
    ("azureDisk", "azureDisk"), ("storageos", "storageos"), ("projected", "projected"), ("scaleIO", "scaleIO"),
    ("csi", "csi"), ("ephemeral", "ephemeral"), ("image", "image"),
)
_HOST_PATH_TYPES = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"]


def _validate_volumes(ctx: _Ctx, path: tuple, volumes: Any) -> dict[str, dict]:
    """ValidateVolumes; returns the volumes that passed, by name (only those can be mounted)."""
    passed: dict[str, dict] = {}
    for i, vol in _items(volumes):
        vp = path + (i,)
        before = len(ctx.issues)
        found = 0
        for key, label in _VOLUME_SOURCES:
            source = vol.get(key)
            if source is None:
                continue
            if found:
                ctx.forbidden("volume.multiple_sources", vp + (label,), _rule("rule.one_volume_type"))
                continue
            found += 1
            if isinstance(source, dict):
                _validate_volume_source(ctx, vp + (key,), key, source)
        name = vol.get("name")
        failed = name is None or not isinstance(name, str)
        if name == "":
            ctx.required("value.required", vp + ("name",))
        elif isinstance(name, str):
            ctx.invalid_all("volume.name_invalid", vp + ("name",), name, dns1123_label(name))
            if name in passed:
                ctx.duplicate("volume.name_duplicate", vp + ("name",), name)
        if len(ctx.issues) == before and not failed:
            passed[name] = vol
    return passed


def _validate_volume_source(ctx: _Ctx, path: tuple, key: str, source: dict) -> None:
    if key == "hostPath":
        host_type = source.get("type")
        if source.get("path") == "":
            ctx.required("value.required", path + ("path",))
        elif isinstance(host_type, str) and host_type not in _HOST_PATH_TYPES:
            ctx.unsupported(path + ("type",), host_type, _HOST_PATH_TYPES)
    elif key in ("secret", "configMap"):
        field = "secretName" if key == "secret" else "name"
        if not source.get(field):
            ctx.required("value.required", path + (field,))
        _file_mode(ctx, path + ("defaultMode",), source.get("defaultMode"))
        for j, item in _items(source.get("items")):
            _key_to_path(ctx, path + ("items", j), item)
    elif key == "persistentVolumeClaim" and source.get("claimName") == "":
        ctx.required("value.required", path + ("claimName",))
    elif key == "nfs":
        for field in ("server", "path"):
            if source.get(field) == "":
                ctx.required("value.required", path + (field,))
        nfs_path = source.get("path")
        if isinstance(nfs_path, str) and not nfs_path.startswith("/"):
            ctx.invalid("value.invalid", path + ("path",), nfs_path, _rule("rule.absolute_path"))
    elif key == "emptyDir":
        try:
            negative = source.get("sizeLimit") is not None and parse_quantity(source["sizeLimit"]).value < 0
        except QuantityError:
            negative = False
        if negative:
            ctx.forbidden("value.invalid", path + ("sizeLimit",), "SizeLimit field must be a valid resource quantity")


def _file_mode(ctx: _Ctx, path: tuple, mode: Any) -> None:
    if _i(mode) is not None and not 0 <= mode <= 0o777:
        ctx.invalid("value.invalid", path, mode, _rule("rule.file_mode"))


def _key_to_path(ctx: _Ctx, path: tuple, item: dict) -> None:
    if item.get("key") == "":
        ctx.required("value.required", path + ("key",))
    target = item.get("path")
    if target == "":
        ctx.required("value.required", path + ("path",))
    elif isinstance(target, str):
        _local_path(ctx, path + ("path",), target, reserved=True)
    _file_mode(ctx, path + ("mode",), item.get("mode"))


def _local_path(ctx: _Ctx, path: tuple, target: str, reserved: bool = False) -> None:
    """validateLocalDescendingPath (+ ValidateLocalNonReservedPath)."""
    if target.startswith("/"):
        ctx.invalid("value.invalid", path, target, _rule("rule.relative_path"))
    if ".." in target.replace("\\", "/").split("/"):
        ctx.invalid("value.invalid", path, target, _rule("rule.no_backsteps"))
    if reserved and target.startswith("..") and not target.startswith("../"):
        ctx.invalid("value.invalid", path, target, _rule("rule.no_dotdot_start"))
