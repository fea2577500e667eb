"""PersistentVolumeClaim: access modes, the storage request, class and volume mode."""

from __future__ import annotations

from ._common import Key, _d, _l
from .context import _Ctx, _spec
from .quantities import QuantityError, parse_quantity
from .selectors import _validate_selector
from .syntax import _rule, dns1123_subdomain

_ACCESS_MODES = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"]


def _validate_pvc(ctx: _Ctx) -> None:
    spec = _spec(ctx)
    if spec is None:
        return
    modes = spec.get("accessModes")
    if not _l(modes) and modes in (None, []):
        ctx.required("value.required", ("spec", "accessModes"), "at least 1 access mode is required")
    modes = [m for m in (_l(modes) or []) if isinstance(m, str)]
    for mode in modes:
        if mode not in _ACCESS_MODES:
            ctx.unsupported(("spec", "accessModes"), mode, _ACCESS_MODES)
    if "ReadWriteOncePod" in modes and any(m != "ReadWriteOncePod" and m in _ACCESS_MODES for m in modes):
        ctx.forbidden("value.forbidden", ("spec", "accessModes"),
                      "may not use ReadWriteOncePod with other access modes")
    _validate_selector(ctx, ("spec", "selector"), spec.get("selector"))
    requests = _d((_d(spec.get("resources")) or {}).get("requests"))
    path = ("spec", "resources", Key("storage"))
    if requests is None or "storage" not in requests:
        ctx.required("value.required", path, pos=("spec", "resources"))
    else:
        try:
            storage = parse_quantity(requests["storage"])
        except QuantityError:
            storage = None
        if storage is not None and storage.value <= 0:
            ctx.invalid("value.invalid", path, str(storage), _rule("rule.positive_quantity"),
                        pos=("spec", "resources", "requests", "storage"))
    class_name = spec.get("storageClassName")
    if isinstance(class_name, str) and class_name:
        ctx.invalid_all("value.invalid", ("spec", "storageClassName"), class_name, dns1123_subdomain(class_name))
    mode = spec.get("volumeMode")
    if isinstance(mode, str) and mode not in ("Block", "Filesystem"):
        ctx.unsupported(("spec", "volumeMode"), mode, ["Block", "Filesystem"])
