"""Go's rendering of values in field errors (apimachinery field/errors.go): ``%#v`` or JSON."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ._common import _items, _l, _s, _str_map


@dataclass(frozen=True)
class GoValue:
    """A value printed as Go prints it: ``%#v`` up to 1.33, JSON from 1.34 (reference §19)."""

    go: str
    json: Any


def _go_quote(text: str) -> str:
    """Go's ``%q`` (strconv.Quote)."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch in "\a\b\f\n\r\t\v":
            out.append({"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}[ch])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif not ch.isprintable():
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _go_json(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _go_float(value: float) -> str:
    if value == int(value) and abs(value) < 1e21:
        return str(int(value))
    text = repr(value)
    m = re.match(r"^(-?[\d.]+)e([+-])(\d+)$", text)
    return f"{m.group(1)}e{m.group(2)}{int(m.group(3)):02d}" if m else text


def go_map(labels: dict | None) -> GoValue:
    """A ``map[string]string`` (nil when None)."""
    if labels is None:
        return GoValue("map[string]string(nil)", None)
    body = ", ".join(f"{_go_quote(k)}:{_go_quote(v)}" for k, v in sorted(labels.items()))
    return GoValue(f"map[string]string{{{body}}}", dict(labels))


def go_strings(values: list | None) -> GoValue:
    if values is None:
        return GoValue("[]string(nil)", None)
    return GoValue("[]string{" + ", ".join(_go_quote(v) for v in values) + "}", list(values))


def go_selector(selector: dict | None) -> GoValue:
    """A ``*metav1.LabelSelector`` as field errors print it (dereferenced; nil prints ``null``)."""
    if selector is None:
        return GoValue("null", None)
    labels = _str_map(selector.get("matchLabels"))
    exprs = [e for _, e in _items(selector.get("matchExpressions"))]
    parts = []
    for e in exprs:
        values = [v for v in (_l(e.get("values")) or []) if isinstance(v, str)] if e.get("values") is not None else None
        parts.append(
            f"v1.LabelSelectorRequirement{{Key:{_go_quote(_s(e.get('key')) or '')}, "
            f"Operator:{_go_quote(_s(e.get('operator')) or '')}, Values:{go_strings(values).go}}}"
        )
    reqs = "[]v1.LabelSelectorRequirement(nil)" if selector.get("matchExpressions") is None else (
        "[]v1.LabelSelectorRequirement{" + ", ".join(parts) + "}")
    go = f"v1.LabelSelector{{MatchLabels:{go_map(labels if selector.get('matchLabels') is not None else None).go}, " \
         f"MatchExpressions:{reqs}}}"
    as_json: dict = {}
    if labels:
        as_json["matchLabels"] = labels
    if exprs:
        as_json["matchExpressions"] = [
            {k: v for k, v in (("key", e.get("key")), ("operator", e.get("operator")), ("values", e.get("values")))
             if v is not None} for e in exprs
        ]
    return GoValue(go, as_json)


def go_int_or_string(value: int | str) -> GoValue:
    """An ``intstr.IntOrString`` (``Type:0`` for an int, ``Type:1`` for a string)."""
    if isinstance(value, str):
        return GoValue(f"intstr.IntOrString{{Type:1, IntVal:0, StrVal:{_go_quote(value)}}}", value)
    return GoValue(f'intstr.IntOrString{{Type:0, IntVal:{value}, StrVal:""}}', value)


def render_value(value: Any, json_values: bool) -> str:
    """The ``{value}`` part of a field error: strings quoted, numbers plain, the rest ``%#v`` or JSON."""
    if isinstance(value, GoValue):
        return _go_json(value.json) if json_values else value.go
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _go_float(value)
    if isinstance(value, str):
        return _go_quote(value)
    if value is None:
        return "null"
    return _go_json(value)


def _human_value(value: Any) -> str:
    """The value as the Korean text shows it."""
    if isinstance(value, GoValue):
        return _go_json(value.json)
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return render_value(value, True)
    return _go_json(value)


_OMIT = object()
_NO_VALUE_TYPES = ("Required value", "Forbidden", "Too long", "Internal error")


def field_error_text(path: str, etype: str, value: Any = _OMIT, detail: str = "", json_values: bool = False) -> str:
    """``path: Type[: value][: detail]`` as ``field.Error.Error()`` renders it."""
    body = etype
    if etype not in _NO_VALUE_TYPES and value is not _OMIT:
        body = f"{etype}: {render_value(value, json_values)}"
    if detail:
        body += f": {detail}"
    return f"{path}: {body}"
