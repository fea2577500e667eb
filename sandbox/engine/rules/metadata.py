"""ObjectMeta (apimachinery pkg/api/validation/objectmeta.go): names, labels, annotations, finalizers."""

from __future__ import annotations

from typing import Any

from .. import resources
from ._common import _d, _l
from .context import _Ctx
from .syntax import (
    _blen,
    _rule,
    dns1035_label,
    dns1123_label,
    dns1123_subdomain,
    label_value,
    path_segment_name,
    qualified_name,
)

_RBAC_KINDS = {"Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"}
_NO_META_KINDS = {  # virtual resources: their metadata is not validated as an object's
    "TokenReview", "SubjectAccessReview", "SelfSubjectAccessReview", "LocalSubjectAccessReview",
    "SelfSubjectRulesReview", "SelfSubjectReview", "Binding", "ComponentStatus", "Eviction",
}


def _name_rules(ctx: _Ctx) -> tuple[Any, str]:
    """The name function the server uses for this kind, and the kind of name it demands."""
    kind = ctx.kind
    if kind == "Namespace":
        return dns1123_label, "label"
    if kind == "Service":
        return dns1035_label, "dns1035"
    if kind == "StatefulSet" and ctx.at_least((1, 27)):  # kubernetes#114172
        return dns1123_label, "label"
    if kind in _RBAC_KINDS or kind in ("FlowSchema", "PriorityLevelConfiguration"):
        return path_segment_name, "segment"
    return dns1123_subdomain, "subdomain"


def _mask_trailing_dash(name: str) -> str:
    """apimachinery maskTrailingDash: a generateName may end in '-' (it is masked, quirk included)."""
    return name[:-2] + "a" if len(name) > 1 and name.endswith("-") else name


def _validate_meta(ctx: _Ctx) -> None:
    meta = ctx.data.get("metadata")
    if meta is not None and not isinstance(meta, dict):
        return
    meta = meta or {}
    name_fn, _ = _name_rules(ctx)
    name, generate = meta.get("name"), meta.get("generateName")
    if isinstance(generate, str) and generate:
        masked = generate if name_fn is path_segment_name else _mask_trailing_dash(generate)
        ctx.invalid_all("name.invalid", ("metadata", "generateName"), generate, name_fn(masked))
    if name in (None, "") and not (isinstance(generate, str) and generate):
        ctx.required("name.required", ("metadata", "name"), "name or generateName is required")
    elif isinstance(name, str) and name:
        ctx.invalid_all("name.invalid", ("metadata", "name"), name, name_fn(name))
        if ctx.kind == "CronJob" and _blen(name) > 52:  # the controller appends an 11-character suffix
            ctx.invalid("name.invalid", ("metadata", "name"), name, _rule("rule.cronjob_name"))
    namespace = meta.get("namespace")
    if isinstance(namespace, str) and namespace and resources.is_namespaced(ctx.kind):
        ctx.invalid_all("namespace.invalid", ("metadata", "namespace"), namespace, dns1123_label(namespace))
    _validate_labels(ctx, ("metadata", "labels"), meta.get("labels"))
    _validate_annotations(ctx, ("metadata", "annotations"), meta.get("annotations"))


def _validate_labels(ctx: _Ctx, path: tuple, labels: Any, pos: tuple | None = None) -> None:
    """unversionedvalidation.ValidateLabels: keys are qualified names, values label values."""
    if not isinstance(labels, dict):
        return
    for key, value in labels.items():
        if isinstance(key, str):
            ctx.invalid_all("label.invalid", path, key, qualified_name(key), pos=pos or path + (key,), part="키")
        if isinstance(value, str):
            ctx.invalid_all("label.invalid", path, value, label_value(value), pos=pos or path + (key,), part="값")


_ANNOTATIONS_LIMIT = 256 * 1024


def _validate_annotations(ctx: _Ctx, path: tuple, annotations: Any, pos: tuple | None = None) -> None:
    if not isinstance(annotations, dict):
        return
    total = 0
    for key, value in annotations.items():
        if isinstance(key, str):  # the rule is a qualified name, except that case does not matter
            ctx.invalid_all("annotation.invalid", path, key, qualified_name(key.lower()), pos=pos or path + (key,))
            total += _blen(key)
        if isinstance(value, str):
            total += _blen(value)
    if total > _ANNOTATIONS_LIMIT:
        ctx.add("annotation.too_long", path, "Too long", rule=f"must have at most {_ANNOTATIONS_LIMIT} bytes",
                pos=pos, size=total, limit=_ANNOTATIONS_LIMIT)


_STANDARD_FINALIZERS = {"kubernetes", "orphan", "foregroundDeletion"}


def _finalizer(ctx: _Ctx, path: tuple, name: Any, pos: tuple | None = None) -> None:
    if not isinstance(name, str):
        return
    ctx.invalid_all("value.invalid", path, name, qualified_name(name), pos=pos)
    if "/" not in name and name not in _STANDARD_FINALIZERS:
        ctx.invalid("value.invalid", path, name, _rule("rule.finalizer"), pos=pos)


def _validate_finalizers(ctx: _Ctx) -> None:
    meta = _d(ctx.data.get("metadata")) or {}
    for i, name in enumerate(_l(meta.get("finalizers")) or []):
        _finalizer(ctx, ("metadata", "finalizers", i), name)
