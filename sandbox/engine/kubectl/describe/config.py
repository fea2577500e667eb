"""`kubectl describe` for configuration: ConfigMap, Secret, ServiceAccount."""

from __future__ import annotations

import base64
import binascii

from ._context import _Ctx
from ._multiline import _print_annotations_multiline, _print_labels_multiline
from ._values import _meta, _s
from .events import _describe_events, _events_for


def _describe_configmap(ctx: _Ctx, w, cm: dict) -> None:
    meta = _meta(cm)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, "\nData\n====\n")
    data = cm.get("data") or {}
    for key in sorted(data):
        w.write(0, f"{key}:\n----\n")
        w.write(0, f"{_s(data[key])}\n")
        w.write(0, "\n")
    w.write(0, "\nBinaryData\n====\n")
    binary = cm.get("binaryData") or {}
    for key in sorted(binary):
        w.write(0, f"{key}: {len(_b64decode(binary[key]))} bytes\n")
    w.write(0, "\n")
    _describe_events(ctx, w, _events_for(ctx, cm))


def _b64decode(value) -> bytes:
    if value is None:
        return b""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    try:
        return base64.b64decode(str(value), validate=False)
    except (binascii.Error, ValueError):
        return str(value).encode("utf-8")


def _describe_secret(ctx: _Ctx, w, secret: dict) -> None:
    meta = _meta(secret)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"\nType:\t{_s(secret.get('type'))}\n")
    w.write(0, "\nData\n====\n")
    data = secret.get("data") or {}
    for key in sorted(data):
        raw = _b64decode(data[key])
        if key == "token" and secret.get("type") == "kubernetes.io/service-account-token":
            w.write(0, f"{key}:\t{raw.decode('utf-8', errors='replace')}\n")
        else:
            w.write(0, f"{key}:\t{len(raw)} bytes\n")


def _describe_service_account(ctx: _Ctx, w, sa: dict) -> None:
    meta = _meta(sa)
    secrets = ctx.list("Secret", meta.get("namespace"))
    existing = {_meta(s).get("name") for s in secrets}
    tokens = [
        s
        for s in secrets
        if s.get("type") == "kubernetes.io/service-account-token"
        and (_meta(s).get("annotations") or {}).get("kubernetes.io/service-account.name") == meta.get("name")
        and (_meta(s).get("annotations") or {}).get("kubernetes.io/service-account.uid") == _s(meta.get("uid"))
    ]
    missing = {
        r.get("name")
        for r in (sa.get("secrets") or []) + (sa.get("imagePullSecrets") or [])
        if r.get("name") not in existing
    }
    events = _events_for(ctx, sa)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    groups = {
        "Image pull secrets:": [_s(r.get("name")) for r in sa.get("imagePullSecrets") or []],
        "Mountable secrets: ": [_s(r.get("name")) for r in sa.get("secrets") or []],
        "Tokens:            ": [_s(_meta(s).get("name")) for s in tokens],
    }
    for header in sorted(groups):
        names = groups[header]
        if not names:
            w.write(0, f"{header}\t<none>\n")
            continue
        prefix = header
        for name in names:
            w.write(0, f"{prefix}\t{name}{' (not found)' if name in missing else ''}\n")
            prefix = " " * 19
    _describe_events(ctx, w, events)
