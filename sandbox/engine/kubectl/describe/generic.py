"""The generic describer, for kinds without a dedicated one: every field, labelled as kubectl labels it."""

from __future__ import annotations

from ._context import _Ctx
from ._multiline import _print_annotations_multiline, _print_labels_multiline
from ._values import _b, _go_float, _meta, _s
from .events import _describe_events, _events_for


def _camel_split(src: str) -> list[str]:
    """github.com/fatih/camelcase Split."""
    runs: list[list[str]] = []
    last = 0
    for ch in src:
        if ch.islower():
            cls = 1
        elif ch.isupper():
            cls = 2
        elif ch.isdigit():
            cls = 3
        else:
            cls = 4
        if cls == last and runs:
            runs[-1].append(ch)
        else:
            runs.append([ch])
        last = cls
    for i in range(len(runs) - 1):
        if runs[i] and runs[i + 1] and runs[i][0].isupper() and runs[i + 1][0].islower():
            runs[i + 1] = [runs[i][-1]] + runs[i + 1]
            runs[i] = runs[i][:-1]
    return ["".join(r) for r in runs if r]


def _go_title(word: str) -> str:
    """strings.Title: upper-case the first letter of every word (words split at non-letters)."""
    out = []
    prev_letter = False
    for ch in word:
        is_letter = ch.isalpha() or ch.isdigit() or ch == "_" or ch == "'"
        out.append(ch.upper() if is_letter and not prev_letter else ch)
        prev_letter = is_letter
    return "".join(out)


def _smart_label(field: str) -> str:
    if any(not (ch.isalpha() or ch == "-") for ch in field):
        return field
    parts = []
    for part in _camel_split(field):
        if part == "_":
            continue
        if part.upper() in ("API", "URL", "UID", "OSB", "GUID"):
            parts.append(part.upper())
        else:
            parts.append(_go_title(part))
    return " ".join(parts)


def _go_value(value) -> str:
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return _b(value)
    if isinstance(value, float):
        return _go_float(value)
    return str(value)


def _print_unstructured(w, level: int, content: dict, skip_prefix: str, skip: set[str]) -> None:
    for field in sorted(content):
        value = content[field]
        skip_expr = f"{skip_prefix}.{field}"
        if skip_expr in skip:
            continue
        if isinstance(value, dict):
            w.write(level, f"{_smart_label(field)}:\n")
            _print_unstructured(w, level + 1, value, skip_expr, skip)
        elif isinstance(value, list):
            w.write(level, f"{_smart_label(field)}:\n")
            for child in value:
                if isinstance(child, dict):
                    _print_unstructured(w, level + 1, child, skip_expr, skip)
                else:
                    w.write(level + 1, f"{_go_value(child)}\n")
        else:
            w.write(level, f"{_smart_label(field)}:\t{_go_value(value)}\n")


def _describe_generic(ctx: _Ctx, w, obj: dict, resource) -> None:
    meta = _meta(obj)
    events = _events_for(ctx, obj)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    skip = {
        ".metadata.managedFields",
        ".metadata.name",
        ".metadata.namespace",
        ".metadata.labels",
        ".metadata.annotations",
    }
    _print_unstructured(w, 0, obj, "", skip)
    _describe_events(ctx, w, events)
