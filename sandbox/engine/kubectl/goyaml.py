"""YAML and JSON text exactly as kubectl prints objects (`-o yaml`, `-o json`, `--dry-run=client -o yaml`).

kubectl turns an object into JSON and then into YAML with sigs.k8s.io/yaml, which uses a fork of
go-yaml v2 (a port of libyaml). PyYAML's emitter is a port of the same libyaml, so the layout
(indentless sequences, 80-column folding, literal blocks) already agrees; what differs is decided
here: key order (go-yaml's "natural" sort), which strings must be double-quoted because go-yaml's
YAML 1.1 resolver would read them as something else (`"443"`, `"yes"`, `"2026-01-02"`, `"10:30"`, `""`),
and how numbers are written.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import yaml

_NOT_STRINGS = {
    "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE",
    "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE",
    "", "~", "null", "Null", "NULL", "<<",
    ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
}
_YAML_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_BASE60_FLOAT = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_TIMESTAMP = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2}))"
    r"|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d{1,9})?))?$"
)
_GO_INT = re.compile(r"^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$")


def _is_timestamp(text: str) -> bool:
    m = _TIMESTAMP.match(text)
    if not m:
        return False
    try:
        date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return False
    hms = [g for g in m.groups()[3:] if g is not None]
    if hms:
        h, mi, s = (int(x) for x in hms)
        return h < 24 and mi < 60 and s < 60
    return True


def resolves_to_non_string(text: str) -> bool:
    """True when go-yaml would read ``text`` unquoted as a bool, null, number or timestamp."""
    if text in _NOT_STRINGS:
        return True
    first = text[0]
    if first == ".":
        try:
            float(text)
            return True
        except ValueError:
            return False
    if first in "+-0123456789":
        if first.isdigit() and _is_timestamp(text):
            return True
        plain = text.replace("_", "")
        if _GO_INT.match(plain) or _YAML_FLOAT.match(plain):
            return True
        if _BASE60_FLOAT.match(text):
            return True
    return False


class _GoKey:
    """go-yaml v2's key order: letters by code point, digit runs by value, non-letters before letters."""

    __slots__ = ("s",)

    def __init__(self, s: str):
        self.s = s

    def __lt__(self, other: "_GoKey") -> bool:
        ar, br = self.s, other.s
        for i in range(min(len(ar), len(br))):
            a, b = ar[i], br[i]
            if a == b:
                continue
            al, bl = a.isalpha(), b.isalpha()
            if al and bl:
                return a < b
            if al or bl:
                return bl
            an = bn = 0
            if a == "0" or b == "0":
                j = i - 1
                while j >= 0 and ar[j].isdigit():
                    if ar[j] != "0":
                        an = bn = 1
                        break
                    j -= 1
            ai = i
            while ai < len(ar) and ar[ai].isdigit():
                an = an * 10 + int(ar[ai])
                ai += 1
            bi = i
            while bi < len(br) and br[bi].isdigit():
                bn = bn * 10 + int(br[bi])
                bi += 1
            if an != bn:
                return an < bn
            if ai != bi:
                return ai < bi
            return a < b
        return len(ar) < len(br)


def go_float(value: float) -> str:
    """How a float64 reaches kubectl's YAML: through JSON (integral values become ints) and then
    strconv.FormatFloat(v, 'g', -1, 64)."""
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    text = "".join(map(str, digits))
    exp = len(text) + exponent - 1  # position of the first digit
    minus = "-" if sign else ""
    if exp < -4 or exp >= 6:
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        return f"{minus}{mantissa}e{'+' if exp >= 0 else '-'}{abs(exp):02d}"
    if exp < 0:
        return f"{minus}0.{'0' * (-exp - 1)}{text}"
    whole, frac = text[: exp + 1], text[exp + 1:]
    return f"{minus}{whole.ljust(exp + 1, '0')}" + (f".{frac}" if frac else "")


_INT_TAG, _STR_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:str"
_UNPRINTABLE = re.compile("[\x85\U00010000-\U0010FFFF]")  # printable for PyYAML, not for go-yaml


class _Dumper(yaml.SafeDumper):
    def resolve(self, kind, value, implicit):  # noqa: ANN001 - PyYAML's signature
        """go-yaml's resolver instead of PyYAML's, so only what go-yaml would misread gets quoted."""
        if kind is yaml.ScalarNode and implicit[0]:
            if value == "null":
                return "tag:yaml.org,2002:null"
            if value in ("true", "false"):
                return "tag:yaml.org,2002:bool"
            if value and resolves_to_non_string(value):
                return _INT_TAG if _GO_INT.match(value) else "tag:yaml.org,2002:float"
            return _STR_TAG
        return super().resolve(kind, value, implicit)


def _repr_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _UNPRINTABLE.search(value):
        style = '"'
    elif "\n" in value:
        style = "|"
    elif resolves_to_non_string(value):
        style = '"'
    else:
        style = None
    return yaml.ScalarNode("tag:yaml.org,2002:str", value, style=style)


def _repr_dict(dumper: yaml.SafeDumper, value: dict) -> yaml.MappingNode:
    items = sorted(value.items(), key=lambda kv: _GoKey(str(kv[0])))
    return dumper.represent_mapping("tag:yaml.org,2002:map", items)


def _repr_float(dumper: yaml.SafeDumper, value: float) -> yaml.ScalarNode:
    return yaml.ScalarNode("tag:yaml.org,2002:float", go_float(value))


def _repr_none(dumper: yaml.SafeDumper, value: None) -> yaml.ScalarNode:
    return yaml.ScalarNode("tag:yaml.org,2002:null", "null")


def _repr_bool(dumper: yaml.SafeDumper, value: bool) -> yaml.ScalarNode:
    return yaml.ScalarNode("tag:yaml.org,2002:bool", "true" if value else "false")


def _repr_datetime(dumper: yaml.SafeDumper, value: datetime) -> yaml.ScalarNode:
    return _repr_str(dumper, value.strftime("%Y-%m-%dT%H:%M:%SZ"))


_Dumper.add_representer(str, _repr_str)
_Dumper.add_representer(dict, _repr_dict)
_Dumper.add_representer(float, _repr_float)
_Dumper.add_representer(type(None), _repr_none)
_Dumper.add_representer(bool, _repr_bool)
_Dumper.add_representer(datetime, _repr_datetime)
_Dumper.ignore_aliases = lambda self, data: True  # type: ignore[method-assign]


def to_yaml(obj: Any) -> str:
    """The object as kubectl's YAML printer writes it (ends with a newline)."""
    return yaml.dump(obj, Dumper=_Dumper, default_flow_style=False, allow_unicode=True, width=80, sort_keys=False)


def _go_json_float(value: float) -> str:
    """encoding/json's float64: shortest digits, exponent only below 1e-6 or from 1e21 (`1e-7`)."""
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    text = "".join(map(str, digits))
    exp = len(text) + exponent - 1
    minus = "-" if sign else ""
    if abs(value) < 1e-6 or abs(value) >= 1e21:
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        return f"{minus}{mantissa}e{'+' if exp >= 0 else '-'}{abs(exp)}"
    if exp < 0:
        return f"{minus}0.{'0' * (-exp - 1)}{text}"
    whole, frac = text[: exp + 1], text[exp + 1:]
    return f"{minus}{whole.ljust(exp + 1, '0')}" + (f".{frac}" if frac else "")


def _json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(v) for v in value]
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        return "\x00float:" + _go_json_float(value)
    return value


_FLOAT_RE = re.compile(r'"\\u0000float:([^"]*)"')


def _go_escape(text: str) -> str:
    # Go's encoding/json escapes HTML-significant characters and the JS line separators.
    text = (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return _FLOAT_RE.sub(r"\1", text)


def to_json(obj: Any, sort_keys: bool = True, indent: int = 4) -> str:
    """``json.MarshalIndent(obj, "", "    ")`` plus the newline kubectl's JSON printer adds.
    Objects read from the API server are maps (keys sorted); generated ones keep Go's struct order."""
    text = json.dumps(_json_ready(obj), indent=indent, sort_keys=sort_keys, ensure_ascii=False)
    return _go_escape(text) + "\n"


def to_compact_json(obj: Any) -> str:
    """``json.Marshal(obj)``: how jsonpath prints maps and lists."""
    text = json.dumps(_json_ready(obj), separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    return _go_escape(text)
