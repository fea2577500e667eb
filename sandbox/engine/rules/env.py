"""A container's environment: env names, valueFrom sources, downward API field paths and envFrom."""

from __future__ import annotations

import re
from typing import Any

from ._common import _d, _items
from .context import _Ctx
from .metadata import _mask_trailing_dash
from .syntax import _rule, config_key, dns1123_subdomain, env_var_name, qualified_name


def _validate_env(ctx: _Ctx, path: tuple, env: Any) -> None:
    relaxed = ctx.at_least((1, 32))
    for j, var in _items(env):
        ep = path + (j,)
        name = var.get("name")
        if name == "":
            ctx.required("value.required", ep + ("name",))
        elif isinstance(name, str):
            ctx.invalid_all("env.name_invalid", ep + ("name",), name, env_var_name(name, relaxed))
        source = var.get("valueFrom")
        if isinstance(source, dict):
            _validate_env_source(ctx, ep + ("valueFrom",), source, var.get("value"))


_ENV_FIELD_PATHS = ["metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName",
                    "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"]
_DOWNWARD_LABELS = {"metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid",
                    "spec.nodeName", "spec.restartPolicy", "spec.serviceAccountName", "spec.schedulerName",
                    "status.phase", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs", "spec.host"}
_RESOURCE_FIELDS = ["limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu",
                    "requests.ephemeral-storage", "requests.memory"]


def _validate_env_source(ctx: _Ctx, path: tuple, source: dict, value: Any) -> None:
    kinds = [k for k in ("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef")
             if source.get(k) is not None]
    field_ref = _d(source.get("fieldRef"))
    if field_ref is not None:
        _validate_field_ref(ctx, path + ("fieldRef",), field_ref)
    resource_ref = _d(source.get("resourceFieldRef"))
    if resource_ref is not None:
        resource = resource_ref.get("resource")
        if resource == "":
            ctx.required("value.required", path + ("resourceFieldRef", "resource"))
        elif isinstance(resource, str) and resource not in _RESOURCE_FIELDS and not resource.startswith(
                ("requests.hugepages-", "limits.hugepages-")):
            ctx.unsupported(path + ("resourceFieldRef", "resource"), resource, _RESOURCE_FIELDS)
    for key in ("configMapKeyRef", "secretKeyRef"):
        ref = _d(source.get(key))
        if ref is None:
            continue
        name = ref.get("name", "")
        if isinstance(name, str):
            ctx.invalid_all("value.invalid", path + (key, "name"), name, dns1123_subdomain(name))
        ref_key = ref.get("key")
        if ref_key == "":
            ctx.required("value.required", path + (key, "key"))
        elif isinstance(ref_key, str):
            ctx.invalid_all("configmap.key_invalid", path + (key, "key"), ref_key, config_key(ref_key))
    if not kinds:
        ctx.invalid("value.invalid", path, "", _rule("rule.env_source_required"))
    elif isinstance(value, str) and value:
        ctx.invalid("value.invalid", path, "", _rule("rule.env_source_with_value"))
    elif len(kinds) > 1:
        ctx.invalid("value.invalid", path, "", _rule("rule.one_field"))


def _validate_field_ref(ctx: _Ctx, path: tuple, ref: dict) -> None:
    version = ref.get("apiVersion") or "v1"
    field = ref.get("fieldPath")
    if field == "":
        ctx.required("value.required", path + ("fieldPath",))
    if not isinstance(field, str) or not field or not isinstance(version, str):
        return
    m = re.fullmatch(r"(.+)\['(.*)'\]", field)
    if version != "v1":
        problem = f"unsupported pod version: {version}"
    elif m and m.group(1) not in ("metadata.annotations", "metadata.labels"):
        problem = f"field label does not support subscript: {field}"
    elif not m and field not in _DOWNWARD_LABELS:
        problem = f"field label not supported: {field}"
    else:
        problem = ""
    if problem:
        ctx.invalid("value.invalid", path + ("fieldPath",), field, f"error converting fieldPath: {problem}")
    elif m:
        key = m.group(2).lower() if m.group(1) == "metadata.annotations" else m.group(2)
        ctx.invalid_all("label.invalid", path, key, qualified_name(key), part="키")
    elif field not in _ENV_FIELD_PATHS:
        ctx.unsupported(path + ("fieldPath",), "spec.nodeName" if field == "spec.host" else field, _ENV_FIELD_PATHS)


def _validate_env_from(ctx: _Ctx, path: tuple, sources: Any) -> None:
    relaxed = ctx.at_least((1, 32))
    for j, source in _items(sources):
        sp = path + (j,)
        prefix = source.get("prefix")
        if isinstance(prefix, str) and prefix:
            ctx.invalid_all("env.name_invalid", sp + ("prefix",), prefix, env_var_name(prefix, relaxed))
        present = [k for k in ("configMapRef", "secretRef") if source.get(k) is not None]
        for key in present:
            ref = _d(source.get(key)) or {}
            name = ref.get("name", "")
            if name == "":
                ctx.required("value.required", sp + (key, "name"))
            elif isinstance(name, str):
                ctx.invalid_all("value.invalid", sp + (key, "name"), name, dns1123_subdomain(_mask_trailing_dash(name)))
        if not present:
            ctx.invalid("value.invalid", path, "", _rule("rule.env_from_required"), pos=sp)
        elif len(present) > 1:
            ctx.invalid("value.invalid", path, "", _rule("rule.one_field"), pos=sp)
