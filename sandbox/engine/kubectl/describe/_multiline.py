"""Multiline printers shared by the describers: labels, annotations, taints, tolerations, pods."""

from __future__ import annotations

from ._values import _LAST_APPLIED, _MAX_ANNOTATION_LEN, _int, _meta, _s
from .gosort import _go_sort


def _print_labels_multiline(w, title: str, labels, initial_indent: str = "", inner_indent: str = "\t") -> None:
    w.write(0, f"{initial_indent}{title}:{inner_indent}")
    keys = sorted((labels or {}).keys())
    if not keys:
        w.write_line("<none>")
        return
    for i, key in enumerate(keys):
        if i:
            w.write(0, initial_indent)
            w.write(0, inner_indent)
        w.write(0, f"{key}={_s(labels[key])}\n")


def _go_len(text: str) -> int:
    return len(text.encode("utf-8"))


def _shorten(text: str, max_length: int) -> str:
    raw = text.encode("utf-8")
    if len(raw) > max_length:
        return raw[:max_length].decode("utf-8", errors="ignore") + "..."
    return text


def _print_annotations_multiline(w, title: str, annotations) -> None:
    w.write(0, f"{title}:\t")
    keys = sorted(k for k in (annotations or {}) if k != _LAST_APPLIED)
    if not keys:
        w.write_line("<none>")
        return
    indent = "\t"
    for i, key in enumerate(keys):
        if i:
            w.write(0, indent)
        value = _s(annotations[key])
        if value.endswith("\n"):
            value = value[:-1]
        if _go_len(value) + _go_len(key) + 2 > _MAX_ANNOTATION_LEN or "\n" in value:
            w.write(0, f"{key}:\n")
            for line in value.split("\n"):
                w.write(0, f"{indent}  {_shorten(line, _MAX_ANNOTATION_LEN - 2)}\n")
        else:
            w.write(0, f"{key}: {value}\n")


def _taint_string(taint: dict) -> str:
    key, value, effect = taint.get("key", ""), taint.get("value", ""), taint.get("effect", "")
    if not effect:
        return f"{key}={value}:" if value else key
    return f"{key}={value}:{effect}" if value else f"{key}:{effect}"


def _print_taints_multiline(w, title: str, taints) -> None:
    w.write(0, f"{title}:\t")
    if not taints:
        w.write_line("<none>")
        return
    ordered = _go_sort(
        taints,
        lambda a, b: (a.get("effect", "") + "," + a.get("key", "")) < (b.get("effect", "") + "," + b.get("key", "")),
    )
    for i, taint in enumerate(ordered):
        if i:
            w.write(0, "\t")
        w.write(0, _taint_string(taint) + "\n")


def _print_tolerations_multiline(w, title: str, tolerations) -> None:
    w.write(0, f"{title}:\t")
    if not tolerations:
        w.write_line("<none>")
        return
    ordered = _go_sort(tolerations, lambda a, b: (a.get("key") or "") < (b.get("key") or ""))
    for i, tol in enumerate(ordered):
        if i:
            w.write(0, "\t")
        key, value, effect = tol.get("key") or "", tol.get("value") or "", tol.get("effect") or ""
        text = key
        if value:
            text += "=" + value
        if effect:
            text += ":" + effect
        if tol.get("operator") == "Exists" and not value:
            text += " op=Exists" if (key or effect) else "op=Exists"
        if tol.get("tolerationSeconds") is not None:
            text += f" for {_int(tol.get('tolerationSeconds'))}s"
        w.write(0, text + "\n")


def _print_pods_multiline(w, title: str, pods) -> None:
    w.write(0, f"{title}:\t")
    if not pods:
        w.write_line("<none>")
        return
    ordered = _go_sort(pods, lambda a, b: _meta(a).get("name", "") < _meta(b).get("name", ""))
    for i, pod in enumerate(ordered):
        if i:
            w.write(0, "\t")
        w.write(0, f"{_meta(pod).get('name', '')}\n")


def _sorted_names(mapping) -> list[str]:
    return sorted((mapping or {}).keys())
