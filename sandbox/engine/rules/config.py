"""ConfigMap and Secret: data keys, size and the keys each Secret type requires."""

from __future__ import annotations

from typing import Any

from ._common import Key, _d, _s
from .context import _Ctx
from .syntax import _blen, _rule, config_key

_MAX_CONFIG_SIZE = 1024 * 1024


def _validate_config_map(ctx: _Ctx) -> None:
    data, binary = _d(ctx.data.get("data")) or {}, _d(ctx.data.get("binaryData")) or {}
    total = 0
    for section, values in (("data", data), ("binaryData", binary)):
        for key, value in values.items():
            if not isinstance(key, str):
                continue
            path = (section, Key(key))
            ctx.invalid_all("configmap.key_invalid", path, key, config_key(key))
            if section == "data" and key in binary:
                ctx.invalid("configmap.key_invalid", path, key, _rule("rule.binary_duplicate"))
            total += _blen(value) if isinstance(value, str) else 0
    if total > _MAX_CONFIG_SIZE:
        ctx.add("configmap.too_long", (), "Too long", rule=f"must have at most {_MAX_CONFIG_SIZE} bytes",
                size=total, limit=_MAX_CONFIG_SIZE)


_SECRET_REQUIRED_KEYS = {
    "kubernetes.io/dockercfg": [".dockercfg"],
    "kubernetes.io/dockerconfigjson": [".dockerconfigjson"],
    "kubernetes.io/tls": ["tls.crt", "tls.key"],
}


def _validate_secret(ctx: _Ctx) -> None:
    data = _d(ctx.data.get("data")) or {}
    string_data = _d(ctx.data.get("stringData")) or {}
    keys: dict[str, Any] = {}
    for section, values in (("data", data), ("stringData", string_data)):
        for key, value in values.items():
            if isinstance(key, str):
                ctx.invalid_all("configmap.key_invalid", ("data", Key(key)), key, config_key(key), pos=(section, key))
                keys[key] = value
    kind = _s(ctx.data.get("type")) or "Opaque"
    for key in _SECRET_REQUIRED_KEYS.get(kind, []):
        if key not in keys:
            ctx.required("secret.key_required", ("data", Key(key)), pos=("data",), key=key, type=kind)
    if kind == "kubernetes.io/basic-auth" and "username" not in keys and "password" not in keys:
        for key in ("username", "password"):
            ctx.required("secret.key_required", ("data", Key(key)), pos=("data",), key=key, type=kind)
    if kind == "kubernetes.io/ssh-auth" and not keys.get("ssh-privatekey"):
        ctx.required("secret.key_required", ("data", Key("ssh-privatekey")), pos=("data",), key="ssh-privatekey",
                     type=kind)
    if kind == "kubernetes.io/service-account-token":
        annotations = _d((_d(ctx.data.get("metadata")) or {}).get("annotations")) or {}
        if not annotations.get("kubernetes.io/service-account.name"):
            ctx.required("secret.key_required", ("metadata", "annotations", Key("kubernetes.io/service-account.name")),
                         pos=("metadata",), key="kubernetes.io/service-account.name", type=kind)
