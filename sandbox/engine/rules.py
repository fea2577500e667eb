"""What the real API server checks beyond the OpenAPI schema, worded as it words it.

The schema layer (``schema.py``) catches unknown fields and wrong types; this module does the rest
of what ``kubectl apply`` would meet on a real cluster: name and label syntax, selectors against
template labels, ports, duplicate names, enums, quantities, immutable fields on update, API versions
that are no longer served, and kinds that do not exist. Sources are the Go validators
(apimachinery ``pkg/util/validation``, ``pkg/apis/{core,apps,batch,networking}/validation``); each
rule reproduces the field path, the error type and the detail text exactly, so that
``message_en`` is what kubectl prints for a single cause:
``The {Kind} "{name}" is invalid: {path}: {Type}: {value}: {detail}``.

Defaults are applied in the head, not to the document: a check that the server runs after
defaulting (a Job template's restartPolicy, a Deployment's rolling-update percentages) reads the
defaulted value. Rules never raise on a value of the wrong type; they skip it, because the
schema layer reports it.
"""

from __future__ import annotations

import copy
import difflib
import ipaddress
import json
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Iterable, Iterator

import yaml

from . import resources
from .manifests import Document
from .messages import CATALOGUE, Issue, issue

__all__ = [
    "check",
    "check_update",
    "removed_api",
    "unknown_kind",
    "deprecation_warnings",
    "convert_ingress_v1beta1",
    "parse_quantity",
    "Quantity",
    "QuantityError",
]

# --- field paths -------------------------------------------------------------------------------


class Key(str):
    """A map key in a field path, printed ``labels[app]``; looks up positions like a plain key."""

    __slots__ = ()


def format_field_path(path: Iterable[str | int]) -> str:
    """``("spec", "containers", 0, "name")`` -> ``spec.containers[0].name``; ``Key`` parts as ``[key]``."""
    out: list[str] = []
    for part in path:
        if isinstance(part, Key) or isinstance(part, int):
            out.append(f"[{part}]")
        elif out:
            out.append("." + part)
        else:
            out.append(part)
    return "".join(out)


# --- reading values of any type without trusting them ------------------------------------------


def _d(value: Any) -> dict | None:
    return value if isinstance(value, dict) else None


def _l(value: Any) -> list | None:
    return value if isinstance(value, list) else None


def _s(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _i(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str_map(value: Any) -> dict[str, str] | None:
    """A ``map[string]string``: the string entries of a mapping (others are the schema's business)."""
    if not isinstance(value, dict):
        return None
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}


def _items(value: Any) -> Iterator[tuple[int, dict]]:
    """(index, item) for the mapping items of a list."""
    for i, item in enumerate(value if isinstance(value, list) else ()):
        if isinstance(item, dict):
            yield i, item


def _version(kube_version: str) -> tuple[int, int]:
    m = re.match(r"^v?(\d+)\.(\d+)", str(kube_version).strip())
    return (int(m.group(1)), int(m.group(2))) if m else (1, 32)


# --- Go's rendering of values in field errors (apimachinery field/errors.go) --------------------


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


# --- Korean particles ---------------------------------------------------------------------------

# Whether a word, read aloud in Korean, ends in a final consonant (받침); digits as Sino-Korean numbers.
_DIGIT_BATCHIM = {"0": True, "1": True, "2": False, "3": True, "4": False, "5": False, "6": True, "7": True,
                  "8": True, "9": False}
_WORD_BATCHIM = {
    "pod": False, "job": True, "set": True, "role": True, "binding": True, "definition": True,
    "configuration": True, "revision": True, "condition": True, "connection": True, "version": True,
    "claim": True, "quota": False, "range": False, "secret": True, "map": True, "account": False,
    "node": False, "namespace": False, "service": False, "endpoints": False, "event": False,
    "ingress": False, "class": False, "policy": False, "budget": False, "autoscaler": False,
    "deployment": False, "controller": False, "template": False, "slice": False, "schema": False,
    "lease": False, "request": False, "review": False, "attachment": False, "driver": False,
    "capacity": False, "volume": True, "persistentvolume": True, "admission": True, "beta": False,
    "alpha": False,
}


def _batchim(word: str) -> bool:
    word = word.rstrip(" `'\")]}").lower()
    if not word:
        return False
    if word[-1].isdigit():
        return _DIGIT_BATCHIM[word[-1]]
    if "\uac00" <= word[-1] <= "\ud7a3":
        return (ord(word[-1]) - 0xAC00) % 28 != 0
    token = re.split(r"[^a-z]+", word)[-1] if re.search(r"[a-z]$", word) else word
    for end, has in sorted(_WORD_BATCHIM.items(), key=lambda kv: -len(kv[0])):
        if token.endswith(end):
            return has
    return token[-1] in "lmnkpbt" if token else False


def josa(word: str, pair: str) -> str:
    """``word`` with the right particle of ``pair`` ("은는", "이가", "을를", "과와")."""
    return word + (pair[0] if _batchim(word) else pair[1])


# --- name and label syntax (apimachinery pkg/util/validation) -----------------------------------

_DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DNS1123_SUBDOMAIN = _DNS1123_LABEL + "(\\." + _DNS1123_LABEL + ")*"
_DNS1035_LABEL = "[a-z]([-a-z0-9]*[a-z0-9])?"
_QUALIFIED_NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_LABEL_VALUE = "(" + _QUALIFIED_NAME + ")?"
_WILDCARD = "\\*\\." + _DNS1123_SUBDOMAIN
_CONFIG_KEY = "[-._a-zA-Z0-9]+"
_ENV_NAME = "[-._a-zA-Z][-._a-zA-Z0-9]*"
_PERCENT = "[0-9]+%"

Rule = tuple[str, str]  # (English detail exactly as the server gives it, Korean explanation)


def _rule(code: str, **params: Any) -> Rule:
    entry = CATALOGUE[code]
    return entry.en.format(**params), entry.ko.format(**params)


def _prefixed(prefix_en: str, prefix_ko: str, rules: list[Rule]) -> list[Rule]:
    return [(prefix_en + en, prefix_ko + ko) for en, ko in rules]


def _blen(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def dns1123_label(value: str) -> list[Rule]:
    errs = []
    if _blen(value) > 63:
        errs.append(_rule("rule.max_len", max=63))
    if not re.fullmatch(_DNS1123_LABEL, value):
        if re.fullmatch(_DNS1123_SUBDOMAIN, value):
            errs.append(_rule("rule.no_dots"))
        else:
            errs.append(_rule("rule.dns1123_label"))
    return errs


def dns1123_subdomain(value: str) -> list[Rule]:
    errs = []
    if _blen(value) > 253:
        errs.append(_rule("rule.max_len", max=253))
    if not re.fullmatch(_DNS1123_SUBDOMAIN, value):
        errs.append(_rule("rule.dns1123_subdomain"))
    return errs


def dns1035_label(value: str) -> list[Rule]:
    errs = []
    if _blen(value) > 63:
        errs.append(_rule("rule.max_len", max=63))
    if not re.fullmatch(_DNS1035_LABEL, value):
        errs.append(_rule("rule.dns1035_label"))
    return errs


def wildcard_subdomain(value: str) -> list[Rule]:
    errs = []
    if _blen(value) > 253:
        errs.append(_rule("rule.max_len", max=253))
    if not re.fullmatch(_WILDCARD, value):
        errs.append(_rule("rule.wildcard_subdomain"))
    return errs


def path_segment_name(value: str) -> list[Rule]:
    """apimachinery path.IsValidPathSegmentName: what RBAC object names must be."""
    if value in (".", ".."):
        return [_rule("rule.path_segment_dots", name=value)]
    return [_rule("rule.path_segment_char", char=c) for c in ("/", "%") if c in value]


def qualified_name(value: str) -> list[Rule]:
    """A label key or annotation key: ``[prefix/]name``."""
    parts = value.split("/")
    errs: list[Rule] = []
    if len(parts) == 1:
        name = parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            errs.append(_rule("rule.prefix_empty"))
        else:
            errs += _prefixed("prefix part ", CATALOGUE["rule.prefix_part"].ko, dns1123_subdomain(prefix))
    else:
        return [_rule("rule.qualified_name")]
    if not name:
        errs.append(_rule("rule.name_part_empty"))
    elif _blen(name) > 63:
        errs += _prefixed("name part ", CATALOGUE["rule.name_part"].ko, [_rule("rule.max_len", max=63)])
    if not re.fullmatch(_QUALIFIED_NAME, name):
        errs.append(_rule("rule.name_part_syntax"))
    return errs


def label_value(value: str) -> list[Rule]:
    errs = []
    if _blen(value) > 63:
        errs.append(_rule("rule.max_len", max=63))
    if not re.fullmatch(_LABEL_VALUE, value):
        errs.append(_rule("rule.label_value"))
    return errs


def port_name(value: str) -> list[Rule]:
    """IANA_SVC_NAME: what a container port's name must be."""
    errs = []
    if _blen(value) > 15:
        errs.append(_rule("rule.max_len", max=15))
    if not re.fullmatch("[-a-z0-9]+", value):
        errs.append(_rule("rule.port_name_chars"))
    if not re.search("[a-z]", value):
        errs.append(_rule("rule.port_name_letter"))
    if "--" in value:
        errs.append(_rule("rule.port_name_hyphens"))
    if value and (value[0] == "-" or value[-1] == "-"):
        errs.append(_rule("rule.port_name_ends"))
    return errs


def _chdir_prefix(value: str) -> list[Rule]:
    if value in (".", ".."):
        return [_rule("rule.not_dots", name=value)]
    if value.startswith(".."):
        return [_rule("rule.no_dotdot_prefix")]
    return []


def config_key(value: str) -> list[Rule]:
    errs = []
    if _blen(value) > 253:
        errs.append(_rule("rule.max_len", max=253))
    if not re.fullmatch(_CONFIG_KEY, value):
        errs.append(_rule("rule.config_key"))
    return errs + _chdir_prefix(value)


def env_var_name(value: str, relaxed: bool) -> list[Rule]:
    if relaxed:  # RelaxedEnvironmentVariableValidation, on by default from 1.32
        errs = [] if value else [_rule("rule.env_name_empty")]
        if any(ord(c) > 0x7E or ord(c) < 0x20 or c == "=" for c in value):
            errs.append(_rule("rule.env_name_relaxed"))
        return errs
    errs = [] if re.fullmatch(_ENV_NAME, value) else [_rule("rule.env_name")]
    return errs + _chdir_prefix(value)


def is_percent(value: str) -> bool:
    return re.fullmatch(_PERCENT, value) is not None


def _is_ip(value: str) -> bool:
    """netutils.ParseIPSloppy: IPv4 may carry leading zeros; no zone, no brackets."""
    if not isinstance(value, str) or not value or "%" in value:
        return False
    if re.fullmatch(r"\d{1,3}(\.\d{1,3}){3}", value):
        return all(int(p) <= 255 for p in value.split("."))
    try:
        return isinstance(ipaddress.ip_address(value), ipaddress.IPv6Address)
    except ValueError:
        return False


def _is_cidr(value: str) -> bool:
    if not isinstance(value, str) or "/" not in value:
        return False
    ip, _, bits = value.partition("/")
    if not _is_ip(ip) or not bits.isdigit():
        return False
    return int(bits) <= (32 if "." in ip and ":" not in ip else 128)


# --- quantities (apimachinery pkg/api/resource) --------------------------------------------------


class QuantityError(ValueError):
    """Why ``resource.ParseQuantity`` refuses a string; ``str()`` is its error text."""


_QUANTITY_FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
_QUANTITY_SUFFIX = "unable to parse quantity's suffix"
_BINARY = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_DECIMAL_SUFFIX = {v: k for k, v in _DECIMAL.items()}
_MAX_QUANTITY = Fraction(2**63 - 1)


@dataclass(frozen=True)
class Quantity:
    """A parsed quantity: its exact value and the format its canonical form is printed in."""

    value: Fraction
    format: str  # "BinarySI" | "DecimalSI" | "DecimalExponent"

    def __str__(self) -> str:
        return _canonical(self)


def _split_quantity(text: str) -> tuple[bool, str, str, str]:
    """parseQuantityString: (positive, numerator, denominator, suffix) or QuantityError."""
    positive, pos, end = True, 0, len(text)
    if end and text[0] in "+-":
        positive, pos = text[0] != "-", 1
    while pos < end and text[pos] == "0":
        pos += 1
    if pos >= end:
        return positive, "0", "", ""
    start = pos
    while pos < end and text[pos] in "0123456789":
        pos += 1
    num = text[start:pos] or "0"
    denom = ""
    if pos < end and text[pos] == ".":
        pos += 1
        start = pos
        while pos < end and text[pos] in "0123456789":
            pos += 1
        denom = text[start:pos]
    suffix_start = pos
    while pos < end and text[pos] in "eEinumkKMGTP":
        pos += 1
    if pos < end and text[pos] in "+-":
        pos += 1
    while pos < end and text[pos] in "0123456789":
        pos += 1
    if pos < end:
        raise QuantityError(_QUANTITY_FORMAT)
    return positive, num, denom, text[suffix_start:]


def parse_quantity(text: Any) -> Quantity:
    """``resource.ParseQuantity`` for a YAML value (strings as written, numbers as JSON sends them)."""
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise QuantityError(_QUANTITY_FORMAT)
    if isinstance(text, float):
        text = _go_float(text) if text == text and abs(text) != float("inf") else "x"
    text = str(text).strip()
    if not text:
        raise QuantityError(_QUANTITY_FORMAT)
    positive, num, denom, suffix = _split_quantity(text)
    if suffix in _BINARY:
        base, exponent, fmt = 2, _BINARY[suffix], "BinarySI"
    elif suffix in _DECIMAL:
        base, exponent, fmt = 10, _DECIMAL[suffix], "DecimalSI"
    elif len(suffix) > 1 and suffix[0] in "eE" and re.fullmatch(r"[+-]?\d{1,18}", suffix[1:]):
        base, exponent, fmt = 10, int(suffix[1:]), "DecimalExponent"
    else:
        raise QuantityError(_QUANTITY_SUFFIX)
    value = Fraction(int(num + denom), 10 ** len(denom)) * Fraction(base) ** exponent
    if not positive:
        value = -value
    scaled = abs(value) * 10**9  # values finer than a nano are rounded up, away from zero
    if scaled.denominator != 1:
        nanos = -(-scaled.numerator // scaled.denominator)
        value = Fraction(nanos if value > 0 else -nanos, 10**9)
    if abs(value) > _MAX_QUANTITY:
        value = _MAX_QUANTITY if value > 0 else -_MAX_QUANTITY
    return Quantity(value, fmt)


def _canonical(q: Quantity) -> str:
    """Quantity.String(): the canonical form the server prints (``1.5`` -> ``1500m``, ``1024Mi`` -> ``1Gi``)."""
    value, fmt = q.value, q.format
    if value == 0:
        return "0"
    if fmt == "BinarySI" and (-1024 < value < 1024 or value.denominator != 1):
        fmt = "DecimalSI"
    sign = "-" if value < 0 else ""
    value = abs(value)
    if fmt == "BinarySI":
        amount, times = int(value), 0
        while amount >= 1024 and amount % 1024 == 0 and times < 6:
            amount //= 1024
            times += 1
        return f"{sign}{amount}{['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][times]}"
    scale = 0
    while (value * 10**scale).denominator != 1:
        scale += 1
    mantissa, exponent = int(value * 10**scale), -scale
    while mantissa >= 10 and mantissa % 10 == 0:
        mantissa //= 10
        exponent += 1
    rem = exponent - 3 * int(exponent / 3)  # Go's % truncates toward zero
    if rem in (1, -2):
        mantissa, exponent = mantissa * 10, exponent - 1
    elif rem in (2, -1):
        mantissa, exponent = mantissa * 100, exponent - 2
    if fmt == "DecimalSI" and exponent in _DECIMAL_SUFFIX:
        return f"{sign}{mantissa}{_DECIMAL_SUFFIX[exponent]}"
    return f"{sign}{mantissa}" + (f"e{exponent}" if exponent else "")


# --- one document's validation run --------------------------------------------------------------


class _Ctx:
    """The document under validation and the issues found so far."""

    def __init__(self, doc: Document, kube_version: str):
        self.doc = doc
        self.data: dict = doc.data if isinstance(doc.data, dict) else {}
        self.v = _version(kube_version)
        self.json = self.v >= (1, 34)
        self.kind = _s(self.data.get("kind")) or ""
        self.api_version = _s(self.data.get("apiVersion")) or ""
        meta = _d(self.data.get("metadata")) or {}
        self.name = _s(meta.get("name")) or _s(meta.get("generateName")) or ""
        self.issues: list[Issue] = []

    def add(self, code: str, path: tuple, etype: str, value: Any = _OMIT, rule: Rule | str = "", *,
            pos: tuple | None = None, severity: str = "error", **params: Any) -> Issue:
        path_text = format_field_path(path)
        en, ko = rule if isinstance(rule, tuple) else (rule, rule)
        text = field_error_text(path_text, etype, value, en, self.json)
        item = issue(
            code, path_text, self.doc.pos(pos if pos is not None else path), severity=severity,
            kind=self.kind, name=_go_quote(self.name)[1:-1], field_error=text,
            value=_human_value(value) if value is not _OMIT else "", reason=ko, **params,
        )
        self.issues.append(item)
        return item

    def required(self, code: str, path: tuple, rule: Rule | str = "", **kw: Any) -> None:
        self.add(code, path, "Required value", rule=rule, **kw)

    def invalid(self, code: str, path: tuple, value: Any, rule: Rule | str, **kw: Any) -> None:
        self.add(code, path, "Invalid value", value, rule, **kw)

    def invalid_all(self, code: str, path: tuple, value: Any, rules: list[Rule], **kw: Any) -> None:
        for rule in rules:
            self.invalid(code, path, value, rule, **kw)

    def unsupported(self, path: tuple, value: Any, supported: list[str], code: str = "value.unsupported",
                    **kw: Any) -> None:
        listed = ", ".join(_go_quote(s) for s in supported)
        self.add(code, path, "Unsupported value", value, f"supported values: {listed}", supported=listed, **kw)

    def duplicate(self, code: str, path: tuple, value: Any, **kw: Any) -> None:
        self.add(code, path, "Duplicate value", value, **kw)

    def forbidden(self, code: str, path: tuple, rule: Rule | str, **kw: Any) -> None:
        self.add(code, path, "Forbidden", rule=rule, **kw)

    def nonnegative(self, path: tuple, value: Any) -> None:
        if _i(value) is not None and value < 0:
            self.invalid("value.negative", path, value, _rule("rule.nonnegative"))

    def at_least(self, version: tuple[int, int]) -> bool:
        return self.v >= version


def _empty(value: Any) -> bool:
    """Present but empty: what the server reports as Required when the schema had nothing to say."""
    return value == "" or value == [] or value == {}


# --- ObjectMeta (apimachinery pkg/api/validation/objectmeta.go) ---------------------------------

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


# --- label selectors (apimachinery meta/v1/validation, labels/selector.go) ----------------------

_SELECTOR_OPS = ("In", "NotIn", "Exists", "DoesNotExist")


def _validate_selector(ctx: _Ctx, path: tuple, selector: Any) -> bool:
    """ValidateLabelSelector; True when the selector also converts (LabelSelectorAsSelector succeeds)."""
    if not isinstance(selector, dict):
        return True
    before = len(ctx.issues)
    _validate_labels(ctx, path + ("matchLabels",), selector.get("matchLabels"))
    for i, expr in _items(selector.get("matchExpressions")):
        p = path + ("matchExpressions", i)
        op, values = expr.get("operator"), expr.get("values")
        values = values if isinstance(values, list) else []
        if op in ("In", "NotIn"):
            if not values:
                ctx.required("selector.invalid", p + ("values",), _rule("rule.selector_values_required"))
        elif op in ("Exists", "DoesNotExist"):
            if values:
                ctx.forbidden("selector.invalid", p + ("values",), _rule("rule.selector_values_forbidden"))
        elif isinstance(op, str):
            ctx.invalid("selector.invalid", p + ("operator",), op, _rule("rule.selector_operator"))
        key = expr.get("key")
        if isinstance(key, str):
            ctx.invalid_all("label.invalid", p + ("key",), key, qualified_name(key), part="키")
        for j, value in enumerate(values):
            if isinstance(value, str):
                ctx.invalid_all("label.invalid", p + ("values", j), value, label_value(value), part="값")
    return len(ctx.issues) == before


def _selector_is_empty(selector: dict) -> bool:
    return not (_d(selector.get("matchLabels")) or _l(selector.get("matchExpressions")))


def selector_matches(selector: dict, labels: dict[str, str]) -> bool:
    """Whether a metav1.LabelSelector (matchLabels and matchExpressions) selects ``labels``."""
    for key, value in (_str_map(selector.get("matchLabels")) or {}).items():
        if labels.get(key) != value:
            return False
    for _, expr in _items(selector.get("matchExpressions")):
        key, op = expr.get("key"), expr.get("operator")
        values = [v for v in (_l(expr.get("values")) or []) if isinstance(v, str)]
        if not isinstance(key, str):
            continue
        has = key in labels
        if op == "In" and not (has and labels[key] in values):
            return False
        if op == "NotIn" and has and labels[key] in values:
            return False
        if op == "Exists" and not has:
            return False
        if op == "DoesNotExist" and has:
            return False
    return True


def _template_labels(template: Any) -> dict[str, str] | None:
    meta = _d(_d(template).get("metadata")) if _d(template) else None
    labels = meta.get("labels") if meta else None
    return _str_map(labels) if isinstance(labels, dict) else None


def _mismatch(ctx: _Ctx, path: tuple, labels: dict | None) -> None:
    ctx.invalid("selector.mismatch", path, go_map(labels), _rule("rule.selector_mismatch"))


# --- PodSpec (pkg/apis/core/validation ValidatePodSpec) ------------------------------------------

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
_PROTOCOLS = ["SCTP", "TCP", "UDP"]  # sets.List: sorted
_MAX_INT32 = 2**31 - 1


def _validate_pod_spec(ctx: _Ctx, path: tuple, spec: dict, is_pod: bool, absent: bool = False) -> None:
    """ValidatePodSpec; ``absent`` when the manifest has no spec here at all (the schema then says nothing)."""
    volumes = _validate_volumes(ctx, path + ("volumes",), spec.get("volumes"))
    containers = spec.get("containers")
    if absent and containers is None:
        containers = []
    names = _validate_containers(ctx, path + ("containers",), containers, volumes, is_pod)
    _validate_init_containers(ctx, path + ("initContainers",), spec.get("initContainers"), names, volumes, is_pod)
    policy = spec.get("restartPolicy")
    if isinstance(policy, str) and policy and policy not in ("Always", "OnFailure", "Never"):
        ctx.unsupported(path + ("restartPolicy",), policy, ["Always", "OnFailure", "Never"])
    dns = spec.get("dnsPolicy")
    if isinstance(dns, str) and dns and dns not in ("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"):
        ctx.unsupported(path + ("dnsPolicy",), dns, ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"])
    if dns == "None":
        config = spec.get("dnsConfig")
        if not isinstance(config, dict):
            ctx.required("value.required", path + ("dnsConfig",), "must provide `dnsConfig` when `dnsPolicy` is None")
        elif not _l(config.get("nameservers")):
            ctx.required("value.required", path + ("dnsConfig", "nameservers"),
                         "must provide at least one DNS nameserver when `dnsPolicy` is None")
    _validate_labels(ctx, path + ("nodeSelector",), spec.get("nodeSelector"))
    for field, rules in (("serviceAccountName", dns1123_subdomain), ("nodeName", dns1123_subdomain),
                         ("hostname", dns1123_label), ("subdomain", dns1123_label),
                         ("priorityClassName", dns1123_subdomain)):
        value = spec.get(field)
        if isinstance(value, str) and value:
            ctx.invalid_all("value.invalid", path + (field,), value, rules(value))
    deadline = _i(spec.get("activeDeadlineSeconds"))
    if deadline is not None and not 1 <= deadline <= _MAX_INT32:
        ctx.invalid("value.out_of_range", path + ("activeDeadlineSeconds",), deadline,
                    _rule("rule.range", lo=1, hi=_MAX_INT32), lo=1, hi=_MAX_INT32)
    preemption = spec.get("preemptionPolicy")
    if isinstance(preemption, str) and preemption not in ("PreemptLowerPriority", "Never"):
        ctx.unsupported(path + ("preemptionPolicy",), preemption, ["PreemptLowerPriority", "Never"])
    _validate_tolerations(ctx, path + ("tolerations",), spec.get("tolerations"))
    _validate_affinity(ctx, path + ("affinity",), spec.get("affinity"))
    if spec.get("hostNetwork") is True:
        for i, c in _items(spec.get("containers")):
            for j, port in _items(c.get("ports")):
                host, cport = _i(port.get("hostPort")), _i(port.get("containerPort"))
                if host and cport is not None and host != cport:
                    ctx.invalid("value.invalid", path + ("containers", i, "ports", j, "hostPort"), host,
                                _rule("rule.host_network_port"))


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


def _validate_containers(ctx: _Ctx, path: tuple, containers: Any, volumes: dict, is_pod: bool) -> set:
    if containers == []:
        ctx.required("containers.required", path)
    names: set = set()
    for i, c in _items(containers):
        cp = path + (i,)
        _validate_container(ctx, cp, c, volumes, is_pod)
        name = c.get("name")
        name = "" if name is None else name
        if isinstance(name, str):
            if name in names:
                ctx.duplicate("container.name_duplicate", cp + ("name",), name)
            else:
                names.add(name)
        lifecycle = c.get("lifecycle")
        if isinstance(lifecycle, dict):
            _validate_lifecycle(ctx, cp + ("lifecycle",), lifecycle)
        _validate_probes(ctx, cp, c)
        if c.get("restartPolicy") is not None and ctx.at_least((1, 29)):
            ctx.forbidden("value.forbidden", cp + ("restartPolicy",), _rule("rule.restart_policy_non_init"))
    _host_port_conflicts(ctx, path, list(_items(containers)))
    return names


def _validate_init_containers(ctx: _Ctx, path: tuple, containers: Any, regular: set, volumes: dict,
                              is_pod: bool) -> None:
    names = set(regular)
    for i, c in _items(containers):
        cp = path + (i,)
        _validate_container(ctx, cp, c, volumes, is_pod)
        restart = c.get("restartPolicy")
        sidecar = ctx.at_least((1, 29)) and restart == "Always"
        if ctx.at_least((1, 29)) and isinstance(restart, str) and restart != "Always":
            ctx.unsupported(cp + ("restartPolicy",), restart, ["Always"])
        name = c.get("name")
        name = "" if name is None else name
        if isinstance(name, str):
            if name in names:
                ctx.duplicate("container.name_duplicate", cp + ("name",), name)
            elif name:
                names.add(name)
        _host_port_conflicts(ctx, path, [(i, c)])
        if sidecar:
            if isinstance(c.get("lifecycle"), dict):
                _validate_lifecycle(ctx, cp + ("lifecycle",), c["lifecycle"])
            _validate_probes(ctx, cp, c)
            continue
        rule = _rule("rule.init_container_field_old" if not ctx.at_least((1, 28)) else "rule.init_container_field")
        for field in ("lifecycle", "livenessProbe", "readinessProbe", "startupProbe"):
            if c.get(field) is not None:
                ctx.forbidden("value.forbidden", cp + (field,), rule)


def _host_port_conflicts(ctx: _Ctx, path: tuple, containers: list) -> None:
    seen: set = set()
    for i, c in containers:
        for j, port in _items(c.get("ports")):
            host = _i(port.get("hostPort"))
            if not host:
                continue
            key = f"{_s(port.get('protocol')) or 'TCP'}/{_s(port.get('hostIP')) or ''}/{host}"
            if key in seen:
                ctx.duplicate("value.duplicate", path + (i, "ports", j, "hostPort"), key)
            seen.add(key)


def _validate_container(ctx: _Ctx, cp: tuple, c: dict, volumes: dict, is_pod: bool) -> None:
    name = c.get("name")
    if name == "":
        ctx.required("container.name_required", cp + ("name",))
    elif isinstance(name, str):
        ctx.invalid_all("container.name_invalid", cp + ("name",), name, dns1123_label(name))
    image = c.get("image")
    if image is None or image == "":
        ctx.required("container.image_required", cp + ("image",))
    elif is_pod and isinstance(image, str) and image != image.strip():
        ctx.invalid("value.invalid", cp + ("image",), image, _rule("rule.image_whitespace"))
    policy = c.get("terminationMessagePolicy")
    if isinstance(policy, str) and policy and policy not in ("File", "FallbackToLogsOnError"):
        ctx.unsupported(cp + ("terminationMessagePolicy",), policy, ["File", "FallbackToLogsOnError"])
    _validate_container_ports(ctx, cp + ("ports",), c.get("ports"))
    _validate_env(ctx, cp + ("env",), c.get("env"))
    _validate_env_from(ctx, cp + ("envFrom",), c.get("envFrom"))
    _validate_mounts(ctx, cp + ("volumeMounts",), c.get("volumeMounts"), volumes)
    pull = c.get("imagePullPolicy")
    if isinstance(pull, str) and pull and pull not in ("Always", "IfNotPresent", "Never"):
        ctx.unsupported(cp + ("imagePullPolicy",), pull, ["Always", "IfNotPresent", "Never"])
    res = c.get("resources")
    if isinstance(res, dict):
        _validate_resources(ctx, cp + ("resources",), res)
    security = _d(c.get("securityContext")) or {}
    for field in ("runAsUser", "runAsGroup"):
        ident = _i(security.get(field))
        if ident is not None and not 0 <= ident <= 4294967295:
            ctx.invalid("value.out_of_range", cp + ("securityContext", field), ident,
                        _rule("rule.range", lo=0, hi=4294967295), lo=0, hi=4294967295)


def _validate_container_ports(ctx: _Ctx, path: tuple, ports: Any) -> None:
    names: set = set()
    for j, port in _items(ports):
        pp = path + (j,)
        name = port.get("name")
        if isinstance(name, str) and name:
            rules = port_name(name)
            if rules:
                ctx.invalid_all("port.name_invalid", pp + ("name",), name, rules)
            elif name in names:
                ctx.duplicate("port.name_duplicate", pp + ("name",), name)
            else:
                names.add(name)
        cport = _i(port.get("containerPort"))
        if cport == 0:
            ctx.required("value.required", pp + ("containerPort",))
        elif cport is not None and not 1 <= cport <= 65535:
            ctx.invalid("port.out_of_range", pp + ("containerPort",), cport, _rule("rule.port_range"), lo=1, hi=65535)
        host = _i(port.get("hostPort"))
        if host and not 1 <= host <= 65535:
            ctx.invalid("port.out_of_range", pp + ("hostPort",), host, _rule("rule.port_range"), lo=1, hi=65535)
        protocol = port.get("protocol")
        if isinstance(protocol, str) and protocol and protocol not in _PROTOCOLS:
            ctx.unsupported(pp + ("protocol",), protocol, _PROTOCOLS)


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


def _validate_mounts(ctx: _Ctx, path: tuple, mounts: Any, volumes: dict) -> None:
    paths: set = set()
    for j, mount in _items(mounts):
        mp = path + (j,)
        name = mount.get("name", "")
        if name == "":
            ctx.required("value.required", mp + ("name",))
        if isinstance(name, str) and name not in volumes:
            ctx.add("volume_mount.not_found", mp + ("name",), "Not found", name)
        target = mount.get("mountPath")
        if target == "":
            ctx.required("value.required", mp + ("mountPath",))
        if isinstance(target, str):
            if target in paths:
                ctx.invalid("value.invalid", mp + ("mountPath",), target, _rule("rule.unique"))
            paths.add(target)
        sub = mount.get("subPath")
        if isinstance(sub, str) and sub:
            _local_path(ctx, path + ("subPath",), sub)


_PROBE_HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
_LIFECYCLE_HANDLERS = ("exec", "httpGet", "tcpSocket", "sleep")


def _validate_probes(ctx: _Ctx, cp: tuple, c: dict) -> None:
    for field in ("livenessProbe", "readinessProbe", "startupProbe"):
        probe = c.get(field)
        if not isinstance(probe, dict):
            continue
        pp = cp + (field,)
        _validate_handler(ctx, pp, probe, _PROBE_HANDLERS)
        for number in ("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold",
                       "failureThreshold"):
            ctx.nonnegative(pp + (number,), probe.get(number))
        grace = probe.get("terminationGracePeriodSeconds")
        if field == "readinessProbe" and grace is not None:
            ctx.invalid("value.invalid", pp + ("terminationGracePeriodSeconds",), grace,
                        _rule("rule.readiness_grace"))
        elif _i(grace) is not None and grace <= 0:
            ctx.invalid("value.invalid", pp + ("terminationGracePeriodSeconds",), grace, _rule("rule.positive"))
        success = _i(probe.get("successThreshold"))
        if field != "readinessProbe" and success not in (None, 0, 1):  # 0 is defaulted to 1
            ctx.invalid("probe.success_threshold", pp + ("successThreshold",), success, "must be 1", probe=field)


def _validate_lifecycle(ctx: _Ctx, path: tuple, lifecycle: dict) -> None:
    for hook in ("postStart", "preStop"):
        handler = lifecycle.get(hook)
        if isinstance(handler, dict):
            _validate_handler(ctx, path + (hook,), handler, _LIFECYCLE_HANDLERS)


def _validate_handler(ctx: _Ctx, path: tuple, handler: dict, kinds: tuple) -> None:
    found = False
    for kind in kinds:
        action = handler.get(kind)
        if action is None:
            continue
        if found:
            ctx.forbidden("probe.handler_multiple", path + (kind,), _rule("rule.one_handler"))
            continue
        found = True
        if not isinstance(action, dict):
            continue
        if kind == "exec" and action.get("command") == []:
            ctx.required("value.required", path + ("exec", "command"))
        elif kind in ("httpGet", "tcpSocket"):
            _port_num_or_name(ctx, path + (kind, "port"), action.get("port"))
            scheme = action.get("scheme")
            if kind == "httpGet" and isinstance(scheme, str) and scheme and scheme not in ("HTTP", "HTTPS"):
                ctx.unsupported(path + (kind, "scheme"), scheme, ["HTTP", "HTTPS"])
            for _, header in _items(action.get("httpHeaders") if kind == "httpGet" else None):
                name = header.get("name")
                if isinstance(name, str) and not re.fullmatch("[-A-Za-z0-9]+", name):
                    ctx.invalid("value.invalid", path + (kind, "httpHeaders"), name, _rule("rule.http_header"))
        elif kind == "grpc":
            _port_num_or_name(ctx, path + (kind, "port"), action.get("port"), numbers_only=True)
    if not found:
        ctx.required("probe.handler_required", path, _rule("rule.handler_required"))


def _port_num_or_name(ctx: _Ctx, path: tuple, port: Any, numbers_only: bool = False) -> None:
    """ValidatePortNumOrName for an IntOrString port (a named port must be an IANA_SVC_NAME)."""
    if _i(port) is not None:
        if not 1 <= port <= 65535:
            ctx.invalid("port.out_of_range", path, port, _rule("rule.port_range"), lo=1, hi=65535)
    elif isinstance(port, str) and not numbers_only:
        ctx.invalid_all("port.name_invalid", path, port, port_name(port))


_STANDARD_RESOURCES = {
    "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage",
    "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods", "services", "replicationcontrollers",
    "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims", "storage", "requests.storage",
    "services.nodeports", "services.loadbalancers",
}


def _native_resource(name: str) -> bool:
    return "/" not in name or "kubernetes.io/" in name


def _overcommit_allowed(name: str) -> bool:
    return _native_resource(name) and not name.startswith("hugepages-")


def _container_resource_name(name: str) -> list[Rule]:
    errs = qualified_name(name)
    if errs:
        return errs
    if "/" not in name:
        if name not in _STANDARD_RESOURCES and not name.startswith(("hugepages-", "requests.hugepages-")):
            errs.append(_rule("rule.resource_standard"))
        if name not in ("cpu", "memory", "ephemeral-storage") and not name.startswith("hugepages-"):
            errs.append(_rule("rule.resource_container"))
    elif not _native_resource(name) and (name.startswith("requests.") or qualified_name("requests." + name)):
        errs.append(_rule("rule.resource_extended"))
    return errs


def _validate_resources(ctx: _Ctx, path: tuple, res: dict) -> None:
    limits = {k: v for k, v in (_d(res.get("limits")) or {}).items() if isinstance(k, str)}
    requests = {k: v for k, v in (_d(res.get("requests")) or {}).items() if isinstance(k, str)}
    parsed_limits: dict[str, Quantity] = {}
    for section, values in (("limits", limits), ("requests", requests)):
        for name, raw in values.items():
            qp = path + (section, Key(name))
            ctx.invalid_all("resources.name_invalid", qp, name, _container_resource_name(name))
            try:
                quantity = parse_quantity(raw)
            except QuantityError:
                continue  # a decode error, reported before validation
            if quantity.value < 0:
                ctx.invalid("quantity.negative", qp, str(quantity), _rule("rule.nonnegative"))
            if section == "limits":
                parsed_limits[name] = quantity
                continue
            limit = parsed_limits.get(name)
            if limit is not None:
                if quantity.value != limit.value and not _overcommit_allowed(name):
                    ctx.invalid("resources.request_exceeds_limit", path + ("requests",), str(quantity),
                                f"must be equal to {name} limit of {limit}", resource=name, limit=str(limit),
                                pos=qp, relation="같아야")
                elif quantity.value > limit.value:
                    ctx.invalid("resources.request_exceeds_limit", path + ("requests",), str(quantity),
                                f"must be less than or equal to {name} limit of {limit}", resource=name,
                                limit=str(limit), pos=qp, relation="같거나 작아야")
            elif not _overcommit_allowed(name) and name not in limits:
                ctx.required("value.required", path + ("limits",), "Limit must be set for non overcommitable resources",
                             pos=qp)


def _validate_tolerations(ctx: _Ctx, path: tuple, tolerations: Any) -> None:
    for i, tol in _items(tolerations):
        tp = path + (i,)
        key, op, value, effect = tol.get("key"), tol.get("operator"), tol.get("value"), tol.get("effect")
        key = key if isinstance(key, str) else ""
        op = op if isinstance(op, str) else ""
        value = value if isinstance(value, str) else ""
        if key:
            ctx.invalid_all("label.invalid", tp + ("key",), key, qualified_name(key), part="키")
        if not key and op != "Exists":
            ctx.invalid("value.invalid", tp + ("operator",), op, _rule("rule.toleration_empty_key"))
        if tol.get("tolerationSeconds") is not None and effect != "NoExecute":
            ctx.invalid("value.invalid", tp + ("effect",), effect if isinstance(effect, str) else "",
                        _rule("rule.toleration_seconds"))
        if op in ("Equal", ""):
            errs = label_value(value)
            if errs:
                ctx.invalid("label.invalid", tp + ("operator",), value,
                            (";".join(e[0] for e in errs), " ".join(e[1] for e in errs)), part="값")
        elif op == "Exists":
            if value:
                ctx.invalid("value.invalid", tp + ("operator",), value, _rule("rule.toleration_exists_value"))
        else:
            ctx.unsupported(tp + ("operator",), op, ["Equal", "Exists"])
        if isinstance(effect, str) and effect and effect not in ("NoSchedule", "PreferNoSchedule", "NoExecute"):
            ctx.unsupported(tp + ("effect",), effect, ["NoSchedule", "PreferNoSchedule", "NoExecute"])


def _validate_affinity(ctx: _Ctx, path: tuple, affinity: Any) -> None:
    if not isinstance(affinity, dict):
        return
    node = _d(affinity.get("nodeAffinity")) or {}
    required = _d(node.get("requiredDuringSchedulingIgnoredDuringExecution"))
    rp = path + ("nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")
    if required is not None:
        if not _l(required.get("nodeSelectorTerms")):
            ctx.required("value.required", rp, "must have at least one node selector term")
        for i, term in _items(required.get("nodeSelectorTerms")):
            _node_selector_term(ctx, rp + (i,), term, strict=True)
    pp = path + ("nodeAffinity", "preferredDuringSchedulingIgnoredDuringExecution")
    for i, pref in _items(node.get("preferredDuringSchedulingIgnoredDuringExecution")):
        _weight(ctx, pp + (i, "weight"), pref.get("weight"))
        if isinstance(pref.get("preference"), dict):
            _node_selector_term(ctx, pp + (i, "preference"), pref["preference"], strict=False)
    for kind in ("podAffinity", "podAntiAffinity"):
        pod = _d(affinity.get(kind)) or {}
        kp = path + (kind, "requiredDuringSchedulingIgnoredDuringExecution")
        for i, term in _items(pod.get("requiredDuringSchedulingIgnoredDuringExecution")):
            _pod_affinity_term(ctx, kp + (i,), term)
        kp = path + (kind, "preferredDuringSchedulingIgnoredDuringExecution")
        for i, weighted in _items(pod.get("preferredDuringSchedulingIgnoredDuringExecution")):
            _weight(ctx, kp + (i, "weight"), weighted.get("weight"))
            if isinstance(weighted.get("podAffinityTerm"), dict):
                _pod_affinity_term(ctx, kp + (i, "podAffinityTerm"), weighted["podAffinityTerm"])


def _weight(ctx: _Ctx, path: tuple, weight: Any) -> None:
    if _i(weight) is not None and not 1 <= weight <= 100:
        ctx.invalid("value.out_of_range", path, weight, _rule("rule.weight"), lo=1, hi=100)


def _node_selector_term(ctx: _Ctx, path: tuple, term: dict, strict: bool) -> None:
    for j, req in _items(term.get("matchExpressions")):
        rp = path + ("matchExpressions", j)
        op, values = req.get("operator"), _l(req.get("values")) or []
        if op in ("In", "NotIn"):
            if not values:
                ctx.required("selector.invalid", rp + ("values",), _rule("rule.selector_values_required"))
        elif op in ("Exists", "DoesNotExist"):
            if values:
                ctx.forbidden("selector.invalid", rp + ("values",), _rule("rule.selector_values_forbidden"))
        elif op in ("Gt", "Lt"):
            if len(values) != 1:
                ctx.required("selector.invalid", rp + ("values",), _rule("rule.selector_single_value"))
        elif isinstance(op, str):
            ctx.invalid("selector.invalid", rp + ("operator",), op, _rule("rule.selector_operator"))
        key = req.get("key")
        if isinstance(key, str):
            ctx.invalid_all("label.invalid", rp + ("key",), key, qualified_name(key), part="키")
        if strict:
            for k, value in enumerate(values):
                if isinstance(value, str):
                    ctx.invalid_all("label.invalid", rp + ("values", k), value, label_value(value), part="값")


def _pod_affinity_term(ctx: _Ctx, path: tuple, term: dict) -> None:
    for field in ("labelSelector", "namespaceSelector"):
        _validate_selector(ctx, path + (field,), term.get(field))
    for namespace in _l(term.get("namespaces")) or []:
        if isinstance(namespace, str):
            ctx.invalid_all("value.invalid", path + ("namespace",), namespace, dns1123_label(namespace))
    topology = term.get("topologyKey")
    if topology == "":
        ctx.required("value.required", path + ("topologyKey",), "can not be empty")
    if isinstance(topology, str):
        ctx.invalid_all("label.invalid", path + ("topologyKey",), topology, qualified_name(topology), part="키")


# --- workloads (pkg/apis/apps/validation, pkg/apis/batch/validation) ----------------------------


def _spec(ctx: _Ctx, path: tuple = ("spec",)) -> dict | None:
    """The object's spec: {} when absent (the server sees a zero-valued struct), None when not a mapping."""
    value: Any = ctx.data
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    if value is None:
        return {}
    return value if isinstance(value, dict) else None


def _pod_template(ctx: _Ctx, path: tuple, template: dict, validate_spec: bool = True) -> None:
    """ValidatePodTemplateSpec: labels and annotations (reported under ``template.labels``) and the PodSpec."""
    meta = _d(template.get("metadata")) or {}
    _validate_labels(ctx, path + ("labels",), meta.get("labels"), pos=path + ("metadata", "labels"))
    _validate_annotations(ctx, path + ("annotations",), meta.get("annotations"), pos=path + ("metadata", "annotations"))
    spec = template.get("spec")
    absent = spec is None
    spec = {} if spec is None else spec
    if validate_spec and isinstance(spec, dict):
        _validate_pod_spec(ctx, path + ("spec",), spec, is_pod=False, absent=absent)
        if _l(spec.get("ephemeralContainers")):
            ctx.forbidden("value.forbidden", path + ("spec", "ephemeralContainers"), _rule("rule.no_ephemeral"))


def _template_restart_policy(ctx: _Ctx, path: tuple, template: dict, allowed: list[str], controller: str) -> None:
    """The restart policies a controller accepts, read after defaulting (a template without one is Always)."""
    spec = _d(template.get("spec")) or {}
    policy = spec.get("restartPolicy")
    policy = "Always" if policy in (None, "") else policy
    if isinstance(policy, str) and policy not in allowed:
        ctx.unsupported(path + ("spec", "restartPolicy"), policy, allowed, code="restart_policy.unsupported",
                        controller=controller, allowed=" 또는 ".join(allowed))


def _no_active_deadline(ctx: _Ctx, path: tuple, template: dict, owner: str) -> None:
    if (_d(template.get("spec")) or {}).get("activeDeadlineSeconds") is not None:
        ctx.forbidden("value.forbidden", path + ("spec", "activeDeadlineSeconds"),
                      _rule("rule.no_active_deadline", owner=owner))


def _apps_selector(ctx: _Ctx, spec: dict, empty_for: str) -> tuple[str, dict | None]:
    """Validate spec.selector; returns ("nothing" | "ok" | "invalid" | "skip", selector)."""
    selector = spec.get("selector")
    if selector is None:
        return "nothing", None  # the schema reports it missing; the server also finds no template match
    if not isinstance(selector, dict):
        return "skip", None
    ok = _validate_selector(ctx, ("spec", "selector"), selector)
    if _selector_is_empty(selector):
        ctx.invalid("selector.empty", ("spec", "selector"), go_selector(selector),
                    _rule("rule.selector_empty", kind=empty_for))
    return ("ok" if ok else "invalid"), selector


def _check_template_match(ctx: _Ctx, state: str, selector: dict | None, template: dict,
                          guard_empty: bool = True) -> None:
    labels = _template_labels(template)
    path = ("spec", "template", "metadata", "labels")
    if state == "nothing":
        _mismatch(ctx, path, labels)
    elif state == "ok" and selector is not None:
        if guard_empty and _selector_is_empty(selector):
            return
        if not selector_matches(selector, labels or {}):
            _mismatch(ctx, path, labels)


def _template_of(spec: dict, key: str = "template") -> dict | None:
    template = spec.get(key)
    if template is None:
        return {}
    return template if isinstance(template, dict) else None


def _validate_replicaset_like(ctx: _Ctx, spec: dict) -> dict | None:
    """What Deployment and ReplicaSet share: replicas, selector, template (ValidatePodTemplateSpecForReplicaSet)."""
    ctx.nonnegative(("spec", "replicas"), spec.get("replicas"))
    ctx.nonnegative(("spec", "minReadySeconds"), spec.get("minReadySeconds"))
    state, selector = _apps_selector(ctx, spec, "deployment")
    template = _template_of(spec)
    if state == "invalid":
        ctx.invalid("selector.invalid", ("spec", "selector"), go_selector(selector), _rule("rule.selector_unparsable"))
    if template is None:
        return None
    _check_template_match(ctx, state, selector, template)
    _pod_template(ctx, ("spec", "template"), template)
    _template_restart_policy(ctx, ("spec", "template"), template, ["Always"], ctx.kind)
    _no_active_deadline(ctx, ("spec", "template"), template, "ReplicaSet")
    return template


def _validate_deployment(ctx: _Ctx) -> None:
    spec = _spec(ctx)
    if spec is None:
        return
    _validate_replicaset_like(ctx, spec)
    _validate_deployment_strategy(ctx, spec.get("strategy"))
    ctx.nonnegative(("spec", "revisionHistoryLimit"), spec.get("revisionHistoryLimit"))
    deadline = _i(spec.get("progressDeadlineSeconds"))
    if deadline is not None:
        ctx.nonnegative(("spec", "progressDeadlineSeconds"), deadline)
        if deadline <= (_i(spec.get("minReadySeconds")) or 0):
            ctx.invalid("value.invalid", ("spec", "progressDeadlineSeconds"), deadline,
                        _rule("rule.progress_deadline"))


def _int_or_percent(value: Any) -> int:
    """getIntOrPercentValue: a percentage's number, an int, or (Atoi of a bad string) 0."""
    if isinstance(value, str):
        if is_percent(value):
            return int(value[:-1])
        return int(value) if re.fullmatch(r"[+-]?\d+", value) else 0
    return _i(value) or 0


def _positive_int_or_percent(ctx: _Ctx, path: tuple, value: Any) -> None:
    if isinstance(value, str):
        if not is_percent(value):
            ctx.invalid("strategy.invalid", path, go_int_or_string(value), _rule("rule.percent"))
    elif _i(value) is not None and value < 0:
        ctx.invalid("value.negative", path, value, _rule("rule.nonnegative"))


def _not_over_100(ctx: _Ctx, path: tuple, value: Any) -> None:
    if isinstance(value, str) and is_percent(value) and int(value[:-1]) > 100:
        ctx.invalid("strategy.invalid", path, go_int_or_string(value), _rule("rule.max_percent"))


def _strategy_value(struct: str, pointer: str, strategy: dict) -> GoValue:
    rolling = strategy.get("rollingUpdate")
    ref = f"(*apps.{pointer})(nil)" if rolling is None else f"(*apps.{pointer})(0xc000000000)"
    go = f"apps.{struct}{{Type:{_go_quote(str(strategy.get('type')))}, RollingUpdate:{ref}}}"
    return GoValue(go, {"Type": strategy.get("type"), "RollingUpdate": rolling})


def _validate_deployment_strategy(ctx: _Ctx, strategy: Any) -> None:
    strategy = {} if strategy is None else strategy
    if not isinstance(strategy, dict):
        return
    path = ("spec", "strategy")
    kind = strategy.get("type") or "RollingUpdate"
    rolling = strategy.get("rollingUpdate")
    if kind == "Recreate":
        if rolling is not None:
            ctx.forbidden("strategy.invalid", path + ("rollingUpdate",), _rule("rule.recreate_rolling"))
    elif kind == "RollingUpdate":
        rolling = {} if rolling is None else rolling
        if not isinstance(rolling, dict):
            return
        unavailable = rolling.get("maxUnavailable")
        surge = rolling.get("maxSurge")
        unavailable = "25%" if unavailable is None else unavailable  # apps/v1 defaults
        surge = "25%" if surge is None else surge
        rp = path + ("rollingUpdate",)
        _positive_int_or_percent(ctx, rp + ("maxUnavailable",), unavailable)
        _positive_int_or_percent(ctx, rp + ("maxSurge",), surge)
        if _int_or_percent(unavailable) == 0 and _int_or_percent(surge) == 0 and _intstr(unavailable):
            ctx.invalid("strategy.invalid", rp + ("maxUnavailable",), go_int_or_string(unavailable),
                        _rule("rule.both_zero"))
        _not_over_100(ctx, rp + ("maxUnavailable",), unavailable)
    elif isinstance(kind, str):
        ctx.unsupported(path, _strategy_value("DeploymentStrategy", "RollingUpdateDeployment", strategy),
                        ["Recreate", "RollingUpdate"])


def _intstr(value: Any) -> bool:
    return isinstance(value, str) or _i(value) is not None


def _validate_replicaset(ctx: _Ctx) -> None:
    spec = _spec(ctx)
    if spec is not None:
        _validate_replicaset_like(ctx, spec)


def _validate_replication_controller(ctx: _Ctx) -> None:
    spec = _spec(ctx)
    if spec is None:
        return
    ctx.nonnegative(("spec", "minReadySeconds"), spec.get("minReadySeconds"))
    ctx.nonnegative(("spec", "replicas"), spec.get("replicas"))
    template = spec.get("template")
    selector = spec.get("selector")
    if (selector is not None and not isinstance(selector, dict)) or \
            (template is not None and not isinstance(template, dict)):
        return
    labels = _template_labels(template)
    selector = _str_map(selector) or {}
    if not selector and labels:  # v1 defaulting: the selector comes from the template's labels
        selector = dict(labels)
    if not selector:
        ctx.required("selector.required", ("spec", "selector"))
    if template is None:
        ctx.required("value.required", ("spec", "template"))
        return
    if selector and not all((labels or {}).get(k) == v for k, v in selector.items()):
        _mismatch(ctx, ("spec", "template", "metadata", "labels"), labels)
    _pod_template(ctx, ("spec", "template"), template)
    _template_restart_policy(ctx, ("spec", "template"), template, ["Always"], ctx.kind)
    _no_active_deadline(ctx, ("spec", "template"), template, "ReplicationController")


def _validate_daemonset(ctx: _Ctx) -> None:
    spec = _spec(ctx)
    if spec is None:
        return
    selector = spec.get("selector")
    template = _template_of(spec)
    ok = True
    if isinstance(selector, dict):
        ok = _validate_selector(ctx, ("spec", "selector"), selector)
        if _selector_is_empty(selector):
            ctx.invalid("selector.empty", ("spec", "selector"), go_selector(selector),
                        _rule("rule.selector_empty", kind="daemonset"))
    if template is None:
        return
    if selector is None:
        _mismatch(ctx, ("spec", "template", "metadata", "labels"), _template_labels(template))
    elif isinstance(selector, dict) and ok:
        _check_template_match(ctx, "ok", selector, template, guard_empty=False)
    _pod_template(ctx, ("spec", "template"), template)
    _template_restart_policy(ctx, ("spec", "template"), template, ["Always"], ctx.kind)
    _no_active_deadline(ctx, ("spec", "template"), template, "DaemonSet")
    for field in ("minReadySeconds", "templateGeneration", "revisionHistoryLimit"):
        ctx.nonnegative(("spec", field), spec.get(field))
    strategy = spec.get("updateStrategy")
    strategy = {} if strategy is None else strategy
    if not isinstance(strategy, dict):
        return
    kind = strategy.get("type") or "RollingUpdate"
    path = ("spec", "updateStrategy")
    if kind == "RollingUpdate":
        rolling = strategy.get("rollingUpdate")
        rolling = {} if rolling is None else rolling
        if not isinstance(rolling, dict):
            return
        unavailable = rolling.get("maxUnavailable")
        surge = rolling.get("maxSurge")
        unavailable = 1 if unavailable is None else unavailable
        surge = 0 if surge is None else surge
        rp = path + ("rollingUpdate",)
        for field, value in (("maxUnavailable", unavailable), ("maxSurge", surge)):
            _positive_int_or_percent(ctx, rp + (field,), value)
        for field, value in (("maxUnavailable", unavailable), ("maxSurge", surge)):
            _not_over_100(ctx, rp + (field,), value)
        has_unavailable, has_surge = _int_or_percent(unavailable) != 0, _int_or_percent(surge) != 0
        if has_unavailable and has_surge and _intstr(surge):
            ctx.invalid("strategy.invalid", rp + ("maxSurge",), go_int_or_string(surge), _rule("rule.ds_both_set"))
        elif not has_unavailable and not has_surge:
            ctx.required("strategy.invalid", rp + ("maxUnavailable",), _rule("rule.ds_both_zero"))
    elif kind != "OnDelete" and isinstance(kind, str):
        ctx.unsupported(path, _strategy_value("DaemonSetUpdateStrategy", "RollingUpdateDaemonSet", strategy),
                        ["RollingUpdate", "OnDelete"])


def _validate_statefulset(ctx: _Ctx) -> None:
    spec = _spec(ctx)
    if spec is None:
        return
    policy = spec.get("podManagementPolicy")
    if isinstance(policy, str) and policy and policy not in ("OrderedReady", "Parallel"):
        ctx.invalid("value.invalid", ("spec", "podManagementPolicy"), policy, _rule("rule.pod_management"))
    strategy = spec.get("updateStrategy")
    if isinstance(strategy, dict):
        kind = strategy.get("type") or "RollingUpdate"
        rolling = strategy.get("rollingUpdate")
        if kind == "OnDelete" and rolling is not None:
            partition = _i((_d(rolling) or {}).get("partition")) or 0
            value = GoValue(
                f"apps.RollingUpdateStatefulSetStrategy{{Partition:{partition}, "
                f"MaxUnavailable:(*intstr.IntOrString)(nil)}}", rolling)
            ctx.invalid("strategy.invalid", ("spec", "updateStrategy", "rollingUpdate"), value,
                        _rule("rule.sts_on_delete_rolling"))
        elif kind == "RollingUpdate" and isinstance(rolling, dict):
            ctx.nonnegative(("spec", "updateStrategy", "rollingUpdate", "partition"), rolling.get("partition"))
        elif kind not in ("OnDelete", "RollingUpdate") and isinstance(kind, str):
            value = _strategy_value("StatefulSetUpdateStrategy", "RollingUpdateStatefulSetStrategy", strategy)
            ctx.invalid("strategy.invalid", ("spec", "updateStrategy"), value, _rule("rule.sts_strategy"))
    retention = spec.get("persistentVolumeClaimRetentionPolicy")
    if isinstance(retention, dict) and ctx.at_least((1, 27)):
        for field in ("whenDeleted", "whenScaled"):
            value = retention.get(field)
            if isinstance(value, str) and value not in ("Retain", "Delete"):
                ctx.unsupported(("spec", "persistentVolumeClaimRetentionPolicy", field), value, ["Retain", "Delete"])
    ctx.nonnegative(("spec", "replicas"), spec.get("replicas"))
    ctx.nonnegative(("spec", "minReadySeconds"), spec.get("minReadySeconds"))
    ordinals = _d(spec.get("ordinals")) or {}
    start = _i(ordinals.get("start"))
    if start is not None and start < 0 and ctx.at_least((1, 27)):
        ctx.invalid("value.negative", ("spec", "ordinals.start"), start, _rule("rule.nonnegative"),
                    pos=("spec", "ordinals", "start"))
    state, selector = _apps_selector(ctx, spec, "statefulset")
    if state == "invalid":
        ctx.invalid("selector.invalid", ("spec", "selector"), go_selector(selector), "")
    template = _template_of(spec)
    if template is None:
        return
    if state != "invalid":
        _check_template_match(ctx, state, selector, template)
    # The server checks only the labels and annotations of a StatefulSet's pod template (the PodSpec is
    # validated when the controller creates the pods): ValidatePodTemplateSpecForStatefulSet.
    _pod_template(ctx, ("spec", "template"), template, validate_spec=False)
    _template_restart_policy(ctx, ("spec", "template"), template, ["Always"], ctx.kind)
    _no_active_deadline(ctx, ("spec", "template"), template, "StatefulSet")


def _job_generated_labels(ctx: _Ctx, name: str, uid: str) -> tuple[dict, dict]:
    """The selector and template labels a Job's generated selector adds (batch strategy generateSelector)."""
    if ctx.at_least((1, 27)):
        selector = {"batch.kubernetes.io/controller-uid": uid}
        template = {"controller-uid": uid, "batch.kubernetes.io/controller-uid": uid,
                    "job-name": name, "batch.kubernetes.io/job-name": name}
    else:
        selector = {"controller-uid": uid}
        template = {"controller-uid": uid, "job-name": name}
    return selector, template


def _validate_job_spec(ctx: _Ctx, path: tuple, spec: dict) -> dict | None:
    """validateJobSpec: counts, the pod template and its restart policy."""
    for field in ("parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished"):
        ctx.nonnegative(path + (field,), spec.get(field))
    template = _template_of(spec)
    if template is None:
        return None
    _pod_template(ctx, path + ("template",), template)
    _template_restart_policy(ctx, path + ("template",), template, ["OnFailure", "Never"], "Job")
    return template


def _validate_job(ctx: _Ctx) -> None:
    spec = _spec(ctx)
    if spec is None:
        return
    template = _validate_job_spec(ctx, ("spec",), spec)
    selector = spec.get("selector")
    if selector is not None and not isinstance(selector, dict) or template is None:
        return
    labels = dict(_template_labels(template) or {})
    meta = _d(ctx.data.get("metadata")) or {}
    if spec.get("manualSelector") is True:
        if selector is None:
            ctx.required("selector.required", ("spec", "selector"))
            _mismatch(ctx, ("spec", "template", "metadata", "labels"), _template_labels(template))
        elif _validate_selector(ctx, ("spec", "selector"), selector) and not selector_matches(selector, labels):
            _mismatch(ctx, ("spec", "template", "metadata", "labels"), _template_labels(template))
        return
    if selector is None:
        return  # generated from the Job's uid: always matches
    uid = _s(meta.get("uid")) or "<uid>"
    added_selector, added_template = _job_generated_labels(ctx, ctx.name, uid)
    effective = copy.deepcopy(selector)
    effective["matchLabels"] = {**(_str_map(selector.get("matchLabels")) or {}), **added_selector}
    for key, value in added_template.items():
        labels.setdefault(key, value)
    if not _validate_selector(ctx, ("spec", "selector"), selector):
        return
    if not selector_matches(effective, added_template):
        ctx.invalid("selector.not_generated", ("spec", "selector"), go_selector(effective),
                    _rule("rule.selector_not_generated"))
    if not selector_matches(effective, labels):
        ctx.invalid("selector.mismatch", ("spec", "template", "metadata", "labels"), go_map(labels),
                    _rule("rule.selector_mismatch"))


_CRON_BOUNDS = (  # robfig/cron v3 (what the CronJob controller parses with)
    (0, 59, None), (0, 23, None), (1, 31, None),
    (1, 12, {m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())}),
    (0, 6, {d: i for i, d in enumerate("sun mon tue wed thu fri sat".split())}),
)
_CRON_DESCRIPTORS = {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}


def cron_error(schedule: str) -> str | None:
    """Why ``cron.ParseStandard`` refuses a schedule, in its words; None when it parses."""
    spec = schedule
    if not spec:
        return "empty spec string"
    if spec.startswith(("TZ=", "CRON_TZ=")):
        if " " not in spec:
            return "missing spec after timezone"
        spec = spec[spec.index(" "):].strip()
    if spec.startswith("@"):
        if spec in _CRON_DESCRIPTORS:
            return None
        if spec.startswith("@every "):
            duration = spec[len("@every "):]
            if re.fullmatch(r"([0-9]*(\.[0-9]*)?(ns|us|µs|μs|ms|s|m|h))+|0", duration.strip()):
                return None
            return f'failed to parse duration {spec}: time: invalid duration "{duration}"'
        return f"unrecognized descriptor: {spec}"
    fields = spec.split()
    if len(fields) != 5:
        return f"expected exactly 5 fields, found {len(fields)}: [{' '.join(fields)}]"
    for text, (low, high, names) in zip(fields, _CRON_BOUNDS):
        for expr in text.split(","):
            problem = _cron_range(expr, low, high, names)
            if problem:
                return problem
    return None


def _cron_int(expr: str) -> tuple[int | None, str | None]:
    if not re.fullmatch(r"[+-]?\d+", expr):
        return None, f'failed to parse int from {expr}: strconv.Atoi: parsing {_go_quote(expr)}: invalid syntax'
    num = int(expr)
    if num < 0:
        return None, f"negative number ({num}) not allowed: {expr}"
    return num, None


def _cron_range(expr: str, low: int, high: int, names: dict | None) -> str | None:
    range_step = expr.split("/")
    bounds = range_step[0].split("-")
    if bounds[0] in ("*", "?"):
        start, end = low, high
    else:
        values = []
        if len(bounds) > 2:
            return f"too many hyphens: {expr}"
        for part in bounds:
            if names and part.lower() in names:
                values.append(names[part.lower()])
                continue
            num, problem = _cron_int(part)
            if problem:
                return problem
            values.append(num)
        start, end = values[0], values[-1]
    if len(range_step) == 2:
        step, problem = _cron_int(range_step[1])
        if problem:
            return problem
        if len(bounds) == 1:
            end = high
    elif len(range_step) > 2:
        return f"too many slashes: {expr}"
    else:
        step = 1
    if start < low:
        return f"beginning of range ({start}) below minimum ({low}): {expr}"
    if end > high:
        return f"end of range ({end}) above maximum ({high}): {expr}"
    if start > end:
        return f"beginning of range ({start}) beyond end of range ({end}): {expr}"
    if step == 0:
        return f"step of range should be a positive number: {expr}"
    return None


def _validate_cronjob(ctx: _Ctx) -> None:
    spec = _spec(ctx)
    if spec is None:
        return
    schedule = spec.get("schedule")
    if schedule == "":
        ctx.required("value.required", ("spec", "schedule"))
    elif isinstance(schedule, str):
        problem = cron_error(schedule)
        if problem:
            ctx.invalid("cronjob.schedule_invalid", ("spec", "schedule"), schedule, problem)
    for field in ("startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"):
        ctx.nonnegative(("spec", field), spec.get(field))
    policy = spec.get("concurrencyPolicy")
    if isinstance(policy, str) and policy and policy not in ("Allow", "Forbid", "Replace"):
        ctx.unsupported(("spec", "concurrencyPolicy"), policy, ["Allow", "Forbid", "Replace"])
    job_spec = _spec(ctx, ("spec", "jobTemplate", "spec"))
    if job_spec is None:
        return
    path = ("spec", "jobTemplate", "spec")
    _validate_job_spec(ctx, path, job_spec)
    selector = job_spec.get("selector")
    if isinstance(selector, dict):
        ctx.invalid("selector.generated", path + ("selector",), go_selector(selector),
                    _rule("rule.selector_will_be_generated"))
    if job_spec.get("manualSelector") is True:
        ctx.unsupported(path + ("manualSelector",), True, ["nil", "false"])


def _validate_pod(ctx: _Ctx) -> None:
    spec = _spec(ctx)
    if spec is not None:
        _validate_pod_spec(ctx, ("spec",), spec, is_pod=True, absent=ctx.data.get("spec") is None)


def _validate_pod_template_kind(ctx: _Ctx) -> None:
    template = _template_of(ctx.data)
    if template is not None:
        _pod_template(ctx, ("template",), template)


# --- Service (ValidateService, and the allocation that runs before it) -------------------------

_SERVICE_TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]
_NODE_PORT_RANGE = (30000, 32767)  # kube-apiserver --service-node-port-range default


def _service_cluster_ips(spec: dict) -> tuple[str, list, bool]:
    """(clusterIP, clusterIPs as the server sees them on create, whether clusterIPs was given)."""
    ip = _s(spec.get("clusterIP")) or ""
    given = [x for x in (_l(spec.get("clusterIPs")) or []) if isinstance(x, str)]
    ips = given if given else ([ip] if ip else [])  # normalizeClusterIPs on create
    return ip, ips, bool(given)


def _validate_cluster_ips(ctx: _Ctx, spec: dict, kind: str) -> None:
    """ValidateServiceClusterIPsRelatedFields (run once before allocation, once in validation)."""
    if kind == "ExternalName":
        return
    ip, ips, given = _service_cluster_ips(spec)
    path = ("spec", "clusterIPs")
    pos = ("spec", "clusterIPs") if given else ("spec", "clusterIP")
    if ip and ips and ips[0] != ip:
        ctx.invalid("service.cluster_ip_invalid", path, go_strings(ips), _rule("rule.cluster_ips_first"), pos=pos)
    elif not ip and given:
        ctx.invalid("service.cluster_ip_invalid", path, go_strings(ips), _rule("rule.cluster_ips_without_ip"), pos=pos)
    families = spec.get("ipFamilies")
    seen: set = set()
    for i, family in enumerate(_l(families) or []):
        if isinstance(family, str):
            if family not in ("IPv4", "IPv6"):
                ctx.unsupported(("spec", "ipFamilies", i), family, ["IPv4", "IPv6"])
            if family in seen:
                ctx.duplicate("value.duplicate", ("spec", "ipFamilies", i), family)
            seen.add(family)
    policy = spec.get("ipFamilyPolicy")
    if isinstance(policy, str) and policy not in ("PreferDualStack", "RequireDualStack", "SingleStack"):
        ctx.unsupported(("spec", "ipFamilyPolicy"), policy, ["PreferDualStack", "RequireDualStack", "SingleStack"])
    for i, value in enumerate(ips):
        if i == 0 and value == "None":
            if len(ips) > 1:
                ctx.invalid("service.cluster_ip_invalid", path, go_strings(ips), _rule("rule.cluster_ips_none"),
                            pos=pos)
            continue
        if not _is_ip(value):
            ctx.invalid("service.cluster_ip_invalid", path + (i,), value, _rule("rule.ip"),
                        pos=(path + (i,)) if given else ("spec", "clusterIP"))
    if len(ips) > 2:
        ctx.invalid("service.cluster_ip_invalid", path, go_strings(ips), _rule("rule.cluster_ips_max"), pos=pos)


def _service_allocation(ctx: _Ctx) -> bool:
    """What the Service REST storage rejects before validation; True when it rejected the request."""
    spec = _spec(ctx)
    if spec is None:
        return False
    kind = spec.get("type") or "ClusterIP"
    _validate_cluster_ips(ctx, spec, kind)
    if ctx.issues:
        return True
    if kind in ("NodePort", "LoadBalancer"):
        low, high = _NODE_PORT_RANGE
        for i, port in _items(spec.get("ports")):
            node_port = _i(port.get("nodePort"))
            if node_port and not low <= node_port <= high:
                ctx.invalid("service.node_port_range", ("spec", "ports", i, "nodePort"), node_port,
                            _rule("rule.node_port_range", low=low, high=high), low=low, high=high)
    return bool(ctx.issues)


def _service_port_value(protocol: str, port: int) -> GoValue:
    go = (f'core.ServicePort{{Name:"", Protocol:{_go_quote(protocol)}, AppProtocol:(*string)(nil), Port:{port}, '
          f'TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:""}}, NodePort:0}}')
    return GoValue(go, {"Name": "", "Protocol": protocol, "AppProtocol": None, "Port": port, "TargetPort": 0,
                        "NodePort": 0})


def _validate_service(ctx: _Ctx) -> None:
    spec = _spec(ctx)
    if spec is None:
        return
    kind = spec.get("type") or "ClusterIP"
    ip, ips, given = _service_cluster_ips(spec)
    headless = ips == ["None"]
    ports = spec.get("ports")
    if not _l(ports) and (ports is None or ports == []) and not headless and kind != "ExternalName":
        ctx.required("service.ports_required", ("spec", "ports"))
    if kind in ("LoadBalancer", "NodePort") and headless:
        ctx.invalid("service.cluster_ip_invalid", ("spec", "clusterIPs", 0), "None",
                    _rule("rule.headless_type", type=kind), pos=("spec", "clusterIP"))
    elif kind == "ExternalName":
        for field in ("clusterIPs", "ipFamilies", "ipFamilyPolicy"):
            present = ips if field == "clusterIPs" else spec.get(field)
            if present:
                ctx.forbidden("value.forbidden", ("spec", field), _rule("rule.external_name_forbidden"),
                              pos=("spec", "clusterIP") if field == "clusterIPs" and not given else None)
        name = spec.get("externalName")
        cname = name[:-1] if isinstance(name, str) and name.endswith(".") else name
        if cname in (None, ""):
            ctx.required("service.external_name_required", ("spec", "externalName"))
        elif isinstance(cname, str):
            ctx.invalid_all("value.invalid", ("spec", "externalName"), cname, dns1123_subdomain(cname))
    names: set = set()
    port_list = list(_items(ports))
    for i, port in port_list:
        _validate_service_port(ctx, ("spec", "ports", i), port, len(_l(ports) or []) > 1, names)
    _validate_labels(ctx, ("spec", "selector"), spec.get("selector"))
    affinity = spec.get("sessionAffinity") or "None"
    config = spec.get("sessionAffinityConfig")
    if isinstance(affinity, str) and affinity not in ("ClientIP", "None"):
        ctx.unsupported(("spec", "sessionAffinity"), affinity, ["ClientIP", "None"])
    elif affinity == "ClientIP":
        timeout = _i(((_d(config) or {}).get("clientIP") or {}).get("timeoutSeconds")
                     if isinstance((_d(config) or {}).get("clientIP"), dict) else None)
        if timeout is not None and not 0 < timeout <= 86400:
            ctx.invalid("value.invalid", ("spec", "sessionAffinityConfig", "clientIP", "timeoutSeconds"), timeout,
                        _rule("rule.affinity_timeout"))
    elif affinity == "None" and config is not None:
        ctx.forbidden("value.forbidden", ("spec", "sessionAffinityConfig"), _rule("rule.affinity_config_none"))
    _validate_cluster_ips(ctx, spec, kind)
    for i, external in enumerate(_l(spec.get("externalIPs")) or []):
        if isinstance(external, str) and not _is_ip(external):
            ctx.invalid("value.invalid", ("spec", "externalIPs", i), external, _rule("rule.ip"))
    if isinstance(kind, str) and kind not in _SERVICE_TYPES:
        ctx.unsupported(("spec", "type"), kind, _SERVICE_TYPES, code="service.type_unsupported")
    if kind == "ClusterIP":
        for i, port in port_list:
            if _i(port.get("nodePort")):
                ctx.forbidden("service.node_port_forbidden", ("spec", "ports", i, "nodePort"),
                              _rule("rule.node_port_cluster_ip"))
    node_ports: set = set()
    for i, port in port_list:
        node_port = _i(port.get("nodePort"))
        if node_port:
            key = (_s(port.get("protocol")) or "TCP", node_port)
            if key in node_ports:
                ctx.duplicate("value.duplicate", ("spec", "ports", i, "nodePort"), node_port)
            node_ports.add(key)
    seen_ports: set = set()
    for i, port in port_list:
        protocol, number = _s(port.get("protocol")) or "TCP", _i(port.get("port"))
        if number is None:
            continue
        if (protocol, number) in seen_ports:
            ctx.duplicate("service.port_duplicate", ("spec", "ports", i), _service_port_value(protocol, number),
                          port=number, protocol=protocol)
        seen_ports.add((protocol, number))
    for field in ("loadBalancerSourceRanges", "allocateLoadBalancerNodePorts", "loadBalancerClass"):
        if spec.get(field) is not None and spec.get(field) != [] and kind != "LoadBalancer":
            label = "LoadBalancerSourceRanges" if field == "loadBalancerSourceRanges" else field
            ctx.forbidden("value.forbidden", ("spec", label), _rule("rule.load_balancer_only"), pos=("spec", field))
    for i, cidr in enumerate(_l(spec.get("loadBalancerSourceRanges")) or []):
        if isinstance(cidr, str) and not _is_cidr(cidr.strip()):
            ctx.invalid("value.invalid", ("spec", "LoadBalancerSourceRanges", i), cidr.strip(), _rule("rule.cidr"),
                        pos=("spec", "loadBalancerSourceRanges", i))
    policy = spec.get("internalTrafficPolicy")
    if isinstance(policy, str) and policy not in ("Cluster", "Local"):
        ctx.unsupported(("spec", "internalTrafficPolicy"), policy, ["Cluster", "Local"])


def _validate_service_port(ctx: _Ctx, path: tuple, port: dict, require_name: bool, names: set) -> None:
    name = port.get("name")
    if require_name and name in (None, ""):
        ctx.required("service.port_name_required", path + ("name",))
    elif isinstance(name, str) and name:
        ctx.invalid_all("port.name_invalid", path + ("name",), name, dns1123_label(name))
        if name in names:
            ctx.duplicate("value.duplicate", path + ("name",), name)
        else:
            names.add(name)
    number = _i(port.get("port"))
    if number is not None and not 1 <= number <= 65535:
        ctx.invalid("port.out_of_range", path + ("port",), number, _rule("rule.port_range"), lo=1, hi=65535)
    protocol = port.get("protocol")
    if isinstance(protocol, str) and protocol and protocol not in _PROTOCOLS:
        ctx.unsupported(path + ("protocol",), protocol, _PROTOCOLS)
    target = port.get("targetPort")
    if target in (None, 0, ""):
        target = number  # defaulted to the port
    if target is not None:
        _port_num_or_name(ctx, path + ("targetPort",), target)
    app = port.get("appProtocol")
    if isinstance(app, str):
        ctx.invalid_all("value.invalid", path + ("appProtocol",), app, qualified_name(app))


# --- Ingress (networking.k8s.io/v1) -------------------------------------------------------------

_PATH_TYPES = ["Exact", "ImplementationSpecific", "Prefix"]


def _validate_ingress(ctx: _Ctx) -> None:
    spec = _spec(ctx)
    if spec is None:
        return
    rules, default = spec.get("rules"), spec.get("defaultBackend")
    if not _l(rules) and default is None:
        value = GoValue("[]networking.IngressRule(nil)", None) if rules is None else GoValue(
            "[]networking.IngressRule{}", [])
        ctx.invalid("ingress.rules_required", ("spec",), value, _rule("rule.ingress_rules_required"))
    if isinstance(default, dict):
        _ingress_backend(ctx, ("spec", "defaultBackend"), default)
    for i, rule in _items(rules):
        rp = ("spec", "rules", i)
        host = rule.get("host")
        if isinstance(host, str) and host:
            if _is_ip(host):
                ctx.invalid("ingress.host_invalid", rp + ("host",), host, _rule("rule.host_not_ip"))
            rules_for = wildcard_subdomain(host) if "*" in host else dns1123_subdomain(host)
            ctx.invalid_all("ingress.host_invalid", rp + ("host",), host, rules_for)
        http = rule.get("http")
        if not isinstance(http, dict):
            continue
        if http.get("paths") == []:
            ctx.required("value.required", rp + ("http", "paths"))
        for j, item in _items(http.get("paths")):
            _ingress_path(ctx, rp + ("http", "paths", j), item)
    for i, tls in _items(spec.get("tls")):
        for j, host in enumerate(_l(tls.get("hosts")) or []):
            if isinstance(host, str):
                rules_for = wildcard_subdomain(host) if "*" in host else dns1123_subdomain(host)
                ctx.invalid_all("ingress.host_invalid", ("spec", "tls", i, "hosts", j), host, rules_for)
        secret = tls.get("secretName")
        if isinstance(secret, str) and secret:
            ctx.invalid_all("value.invalid", ("spec", "tls", i, "secretName"), secret, dns1123_subdomain(secret))
    class_name = spec.get("ingressClassName")
    if isinstance(class_name, str):
        ctx.invalid_all("value.invalid", ("spec", "ingressClassName"), class_name, dns1123_subdomain(class_name))
        annotations = _d((_d(ctx.data.get("metadata")) or {}).get("annotations")) or {}
        annotated = annotations.get(_INGRESS_CLASS_ANNOTATION)
        if isinstance(annotated, str) and annotated != class_name:
            ctx.invalid("value.invalid", ("annotations", _INGRESS_CLASS_ANNOTATION), annotated,
                        _rule("rule.ingress_class_mismatch"),
                        pos=("metadata", "annotations", _INGRESS_CLASS_ANNOTATION))


_INGRESS_CLASS_ANNOTATION = "kubernetes.io/ingress.class"
_BAD_PATH_SEQUENCES = ("//", "/./", "/../", "%2f", "%2F")
_BAD_PATH_SUFFIXES = ("/..", "/.")


def _ingress_path(ctx: _Ctx, path: tuple, item: dict) -> None:
    kind = item.get("pathType")
    if kind is None:
        ctx.required("ingress.path_type_required", path + ("pathType",), _rule("rule.path_type_required"))
        return
    value = item.get("path")
    value = "" if value is None else value
    if kind in ("Exact", "Prefix"):
        if isinstance(value, str):
            if not value.startswith("/"):
                ctx.invalid("ingress.path_not_absolute", path + ("path",), value, _rule("rule.absolute_path"))
            for bad in _BAD_PATH_SEQUENCES if value else ():
                if bad in value:
                    ctx.invalid("value.invalid", path + ("path",), value, _rule("rule.path_sequence", bad=bad))
            for bad in _BAD_PATH_SUFFIXES if value else ():
                if value.endswith(bad):
                    ctx.invalid("value.invalid", path + ("path",), value, _rule("rule.path_suffix", bad=bad))
    elif kind == "ImplementationSpecific":
        if isinstance(value, str) and value and not value.startswith("/"):
            ctx.invalid("ingress.path_not_absolute", path + ("path",), value, _rule("rule.absolute_path"))
    elif isinstance(kind, str):
        ctx.unsupported(path + ("pathType",), kind, _PATH_TYPES)
    backend = item.get("backend")
    if isinstance(backend, dict):
        _ingress_backend(ctx, path + ("backend",), backend)


def _ingress_backend(ctx: _Ctx, path: tuple, backend: dict) -> None:
    resource, service = backend.get("resource"), backend.get("service")
    if resource is not None and service is not None:
        ctx.invalid("ingress.backend_invalid", path, "", _rule("rule.backend_both"))
        return
    if isinstance(resource, dict):
        group = resource.get("apiGroup")
        if isinstance(group, str):
            ctx.invalid_all("value.invalid", path + ("resource", "apiGroup"), group, dns1123_subdomain(group))
        for field in ("kind", "name"):
            value = resource.get(field)
            if value == "":
                ctx.required("value.required", path + ("resource", field))
            elif isinstance(value, str):
                ctx.invalid_all("value.invalid", path + ("resource", field), value, path_segment_name(value))
    elif isinstance(service, dict):
        name = service.get("name")
        if name == "":
            ctx.required("value.required", path + ("service", "name"))
        elif isinstance(name, str):
            ctx.invalid_all("value.invalid", path + ("service", "name"), name, dns1035_label(name))
        port = _d(service.get("port")) or {}
        port_name_value, number = _s(port.get("name")) or "", _i(port.get("number")) or 0
        if port_name_value and number:
            ctx.invalid("ingress.backend_invalid", path, "", _rule("rule.backend_port_both"))
        elif port_name_value:
            ctx.invalid_all("port.name_invalid", path + ("service", "port", "name"), port_name_value,
                            port_name(port_name_value))
        elif number:
            if not 1 <= number <= 65535:
                ctx.invalid("port.out_of_range", path + ("service", "port", "number"), number,
                            _rule("rule.port_range"), lo=1, hi=65535)
        else:
            ctx.required("ingress.backend_invalid", path, _rule("rule.backend_port_required"),
                         pos=path + ("service", "port"))
    elif resource is None and service is None:
        ctx.invalid("ingress.backend_invalid", path, "", _rule("rule.backend_required"))


# --- ConfigMap, Secret, Namespace, Node, PersistentVolumeClaim, NetworkPolicy, HPA ---------------

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


def _validate_namespace(ctx: _Ctx) -> None:
    spec = _d(ctx.data.get("spec")) or {}
    for i, name in enumerate(_l(spec.get("finalizers")) or []):
        _finalizer(ctx, ("spec", "finalizers"), name, pos=("spec", "finalizers", i))


def _validate_node(ctx: _Ctx) -> None:
    spec = _d(ctx.data.get("spec")) or {}
    seen: set = set()
    for i, taint in _items(spec.get("taints")):
        tp = ("metadata", "taints", i)  # the server names the path under metadata (ValidateNode)
        pos = ("spec", "taints", i)
        key, value, effect = taint.get("key"), taint.get("value"), taint.get("effect")
        if isinstance(key, str):
            ctx.invalid_all("label.invalid", tp + ("key",), key, qualified_name(key), pos=pos + ("key",), part="키")
        if isinstance(value, str):
            errs = label_value(value)
            if errs:
                ctx.invalid("label.invalid", tp + ("value",), value,
                            (";".join(e[0] for e in errs), " ".join(e[1] for e in errs)), pos=pos + ("value",),
                            part="값")
        if effect in (None, ""):
            ctx.required("value.required", tp + ("effect",), pos=pos)
        elif isinstance(effect, str) and effect not in ("NoSchedule", "PreferNoSchedule", "NoExecute"):
            ctx.unsupported(tp + ("effect",), effect, ["NoSchedule", "PreferNoSchedule", "NoExecute"],
                            pos=pos + ("effect",))
        if isinstance(key, str) and isinstance(effect, str):
            if (key, effect) in seen:
                go = (f"core.Taint{{Key:{_go_quote(key)}, Value:{_go_quote(value if isinstance(value, str) else '')}, "
                      f"Effect:{_go_quote(effect)}, TimeAdded:(*v1.Time)(nil)}}")
                ctx.add("value.duplicate", tp, "Duplicate value", GoValue(go, taint),
                        "taints must be unique by key and effect pair", pos=pos)
            seen.add((key, effect))
    for i, cidr in enumerate(_l(spec.get("podCIDRs")) or []):
        if isinstance(cidr, str) and not _is_cidr(cidr):
            ctx.invalid("value.invalid", ("spec", "podCIDRs", i), cidr, _rule("rule.cidr"))


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


def _validate_network_policy(ctx: _Ctx) -> None:
    spec = _spec(ctx)
    if spec is None:
        return
    _validate_selector(ctx, ("spec", "podSelector"), spec.get("podSelector"))
    for direction, peers_key in (("ingress", "from"), ("egress", "to")):
        for i, rule in _items(spec.get(direction)):
            rp = ("spec", direction, i)
            for j, port in _items(rule.get("ports")):
                _network_policy_port(ctx, rp + ("ports", j), port)
            for j, peer in _items(rule.get(peers_key)):
                _network_policy_peer(ctx, rp + (peers_key, j), peer)
    types = _l(spec.get("policyTypes")) or []
    if len(types) > 2:
        ctx.invalid("value.invalid", ("spec", "policyTypes"), GoValue("&[]networking.PolicyType{...}", types),
                    "may not specify more than two policyTypes")
        return
    for i, kind in enumerate(types):
        if isinstance(kind, str) and kind not in ("Ingress", "Egress"):
            ctx.unsupported(("spec", "policyTypes", i), kind, ["Ingress", "Egress"])


def _network_policy_port(ctx: _Ctx, path: tuple, port: dict) -> None:
    protocol = port.get("protocol")
    if isinstance(protocol, str) and protocol not in ("TCP", "UDP", "SCTP"):
        ctx.unsupported(path + ("protocol",), protocol, ["TCP", "UDP", "SCTP"])
    number, end = port.get("port"), _i(port.get("endPort"))
    if _i(number) is not None:
        if not 1 <= number <= 65535:
            ctx.invalid("port.out_of_range", path + ("port",), number, _rule("rule.port_range"), lo=1, hi=65535)
        if end is not None:
            if end < number:
                ctx.invalid("value.invalid", path + ("endPort",), end, "must be greater than or equal to `port`")
            if not 1 <= end <= 65535:
                ctx.invalid("port.out_of_range", path + ("endPort",), end, _rule("rule.port_range"), lo=1, hi=65535)
    elif isinstance(number, str):
        if end is not None:
            ctx.invalid("value.invalid", path + ("endPort",), end, "may not be specified when `port` is non-numeric")
        ctx.invalid_all("port.name_invalid", path + ("port",), number, port_name(number))
    elif end is not None:
        ctx.invalid("value.invalid", path + ("endPort",), end, "may not be specified when `port` is not specified")


def _network_policy_peer(ctx: _Ctx, path: tuple, peer: dict) -> None:
    present = [k for k in ("podSelector", "namespaceSelector", "ipBlock") if peer.get(k) is not None]
    for key in ("podSelector", "namespaceSelector"):
        _validate_selector(ctx, path + (key,), peer.get(key))
    block = _d(peer.get("ipBlock"))
    if block is not None:
        cidr = block.get("cidr")
        if cidr == "":
            ctx.required("value.required", path + ("ipBlock", "cidr"))
        elif isinstance(cidr, str) and not _is_cidr(cidr):
            ctx.invalid("value.invalid", path + ("ipBlock", "cidr"), cidr, _rule("rule.cidr"))
    if not present:
        ctx.required("value.required", path, "must specify a peer")
    elif len(present) > 1 and "ipBlock" in present:
        ctx.forbidden("value.forbidden", path, "may not specify both ipBlock and another peer")


def _validate_hpa(ctx: _Ctx) -> None:
    spec = _spec(ctx)
    if spec is None:
        return
    minimum = spec.get("minReplicas")
    minimum = 1 if minimum is None else _i(minimum)
    maximum = _i(spec.get("maxReplicas"))
    if minimum is not None and minimum < 1:
        ctx.invalid("value.invalid", ("spec", "minReplicas"), minimum, _rule("rule.min_value", min=1))
    if maximum is not None:
        if maximum < 1:
            ctx.invalid("value.invalid", ("spec", "maxReplicas"), maximum, _rule("rule.greater_than_zero"))
        if minimum is not None and maximum < minimum:
            ctx.invalid("value.invalid", ("spec", "maxReplicas"), maximum, _rule("rule.max_below_min"))
    ref = _d(spec.get("scaleTargetRef")) or {}
    for field in ("kind", "name"):
        value = ref.get(field)
        if value == "":
            ctx.required("value.required", ("spec", "scaleTargetRef", field))
        elif isinstance(value, str):
            ctx.invalid_all("value.invalid", ("spec", "scaleTargetRef", field), value, path_segment_name(value))
    target = _i(spec.get("targetCPUUtilizationPercentage"))
    if target is not None and target < 1:
        ctx.invalid("value.invalid", ("spec", "targetCPUUtilizationPercentage"), target,
                    _rule("rule.greater_than_zero"))


# --- quantities are decoded before anything is validated ----------------------------------------


def _quantity_fields(data: dict, kind: str) -> Iterator[tuple[tuple, Any]]:
    """Every resource.Quantity in the object, with its path."""

    def pod_spec(path: tuple, spec: Any) -> Iterator[tuple[tuple, Any]]:
        if not isinstance(spec, dict):
            return
        for group in ("containers", "initContainers", "ephemeralContainers"):
            for i, c in _items(spec.get(group)):
                res = _d(c.get("resources")) or {}
                for section in ("limits", "requests"):
                    for name, value in (_d(res.get(section)) or {}).items():
                        yield path + (group, i, "resources", section, name), value
        for name, value in (_d(spec.get("overhead")) or {}).items():
            yield path + ("overhead", name), value
        for section in ("limits", "requests"):
            for name, value in (_d((_d(spec.get("resources")) or {}).get(section)) or {}).items():
                yield path + ("resources", section, name), value
        for i, vol in _items(spec.get("volumes")):
            empty = _d(vol.get("emptyDir")) or {}
            if empty.get("sizeLimit") is not None:
                yield path + ("volumes", i, "emptyDir", "sizeLimit"), empty["sizeLimit"]

    def resource_lists(path: tuple, obj: Any, sections: tuple) -> Iterator[tuple[tuple, Any]]:
        for section in sections:
            for name, value in (_d((_d(obj) or {}).get(section)) or {}).items():
                yield path + (section, name), value

    spec = _d(data.get("spec")) or {}
    if kind == "Pod":
        yield from pod_spec(("spec",), spec)
    elif kind in ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "ReplicationController", "Job"):
        yield from pod_spec(("spec", "template", "spec"), (_d(spec.get("template")) or {}).get("spec"))
        for i, claim in _items(spec.get("volumeClaimTemplates")):
            yield from resource_lists(("spec", "volumeClaimTemplates", i, "spec", "resources"),
                                      (_d(claim.get("spec")) or {}).get("resources"), ("limits", "requests"))
    elif kind == "CronJob":
        job = _d((_d(spec.get("jobTemplate")) or {}).get("spec")) or {}
        yield from pod_spec(("spec", "jobTemplate", "spec", "template", "spec"),
                            (_d(job.get("template")) or {}).get("spec"))
    elif kind == "PodTemplate":
        yield from pod_spec(("template", "spec"), (_d(data.get("template")) or {}).get("spec"))
    elif kind == "PersistentVolumeClaim":
        yield from resource_lists(("spec", "resources"), spec.get("resources"), ("limits", "requests"))
    elif kind == "PersistentVolume":
        yield from resource_lists(("spec",), spec, ("capacity",))
    elif kind == "ResourceQuota":
        yield from resource_lists(("spec",), spec, ("hard",))
    elif kind == "LimitRange":
        for i, limit in _items(spec.get("limits")):
            yield from resource_lists(("spec", "limits", i), limit,
                                      ("max", "min", "default", "defaultRequest", "maxLimitRequestRatio"))
    elif kind == "Node":
        yield from resource_lists(("status",), data.get("status"), ("capacity", "allocatable"))


def _sort_key(path: tuple) -> tuple:
    """JSON order: kubectl sends objects with their keys sorted, and the decoder stops at the first error."""
    return tuple((0, p, "") if isinstance(p, int) else (1, 0, p) for p in path)


def _quantity_decode_error(ctx: _Ctx) -> Issue | None:
    bad = []
    for path, value in _quantity_fields(ctx.data, ctx.kind):
        if value is None or isinstance(value, bool) or not isinstance(value, (str, int, float)):
            continue  # null is no quantity; other types are the schema's decode error
        try:
            parse_quantity(value)
        except QuantityError as exc:
            bad.append((_sort_key(path), path, str(exc)))
    if not bad:
        return None
    _, path, reason = min(bad)
    version = ctx.api_version.rpartition("/")[2]
    path = tuple(Key(p) if isinstance(p, str) and i and path[i - 1] in (
        "limits", "requests", "overhead", "capacity", "hard", "max", "min", "default", "defaultRequest",
        "maxLimitRequestRatio", "allocatable") else p for i, p in enumerate(path))
    return issue("quantity.invalid", format_field_path(path), ctx.doc.pos(path), file=ctx.doc.file, kind=ctx.kind,
                 version=version, reason=reason,
                 suffix_problem="suffix" if reason == _QUANTITY_SUFFIX else "format")


# --- the entry point ----------------------------------------------------------------------------

_VALIDATORS = {
    "Pod": _validate_pod,
    "PodTemplate": _validate_pod_template_kind,
    "Deployment": _validate_deployment,
    "ReplicaSet": _validate_replicaset,
    "ReplicationController": _validate_replication_controller,
    "DaemonSet": _validate_daemonset,
    "StatefulSet": _validate_statefulset,
    "Job": _validate_job,
    "CronJob": _validate_cronjob,
    "Service": _validate_service,
    "Ingress": _validate_ingress,
    "ConfigMap": _validate_config_map,
    "Secret": _validate_secret,
    "Namespace": _validate_namespace,
    "Node": _validate_node,
    "PersistentVolumeClaim": _validate_pvc,
    "NetworkPolicy": _validate_network_policy,
    "HorizontalPodAutoscaler": _validate_hpa,
}


def check(doc: Document, kube_version: str) -> list[Issue]:
    """What the API server of ``kube_version`` rejects on create beyond the schema, one Issue per cause."""
    if not isinstance(doc.data, dict):
        return []
    ctx = _Ctx(doc, kube_version)
    decode_error = _quantity_decode_error(ctx)
    if decode_error is not None:
        return [decode_error]  # the decoder refuses the whole request: nothing else is checked
    if ctx.kind == "Service" and _service_allocation(ctx):
        return ctx.issues  # IP family and node port allocation run, and fail, before validation
    if ctx.kind not in _NO_META_KINDS:
        _validate_meta(ctx)
        _validate_finalizers(ctx)
    validator = _VALIDATORS.get(ctx.kind)
    if validator is not None:
        validator(ctx)
    return ctx.issues


# --- updates: fields that may not change --------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is None or value == {} or value == [] or value == ""


_QUANTITY_PARENTS = {"limits", "requests", "capacity", "hard", "overhead", "sizeLimit"}


def semantic_equal(a: Any, b: Any, parent: str = "") -> bool:
    """apiequality.Semantic.DeepEqual on JSON data: nil equals empty, quantities compare by value."""
    if _blank(a) and _blank(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return all(semantic_equal(a.get(k), b.get(k), k) for k in set(a) | set(b))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(semantic_equal(x, y, parent) for x, y in zip(a, b))
    if a == b and type(a) is type(b) or (isinstance(a, (int, float)) and isinstance(b, (int, float))
                                          and not isinstance(a, bool) and not isinstance(b, bool) and a == b):
        return True
    if parent in _QUANTITY_PARENTS or parent == "":
        try:
            return parse_quantity(a).value == parse_quantity(b).value
        except QuantityError:
            return False
    return False


def _default_container(c: dict) -> dict:
    c = dict(c)
    image = c.get("image")
    if isinstance(image, str) and "imagePullPolicy" not in c:
        last = image.rsplit("/", 1)[-1]
        tagged = "@" in image or (":" in last and last.rsplit(":", 1)[1] != "latest")
        c["imagePullPolicy"] = "IfNotPresent" if tagged else "Always"
    c.setdefault("terminationMessagePath", "/dev/termination-log")
    c.setdefault("terminationMessagePolicy", "File")
    c["ports"] = [{"protocol": "TCP", **p} if isinstance(p, dict) else p for p in (_l(c.get("ports")) or [])]
    return c


def _default_pod_spec(spec: dict) -> dict:
    """The PodSpec defaults that a stored object has and a manifest may leave out."""
    spec = dict(spec)
    for key, value in (("restartPolicy", "Always"), ("dnsPolicy", "ClusterFirst"),
                       ("terminationGracePeriodSeconds", 30), ("schedulerName", "default-scheduler")):
        if spec.get(key) is None:
            spec[key] = value
    for group in ("containers", "initContainers"):
        if isinstance(spec.get(group), list):
            spec[group] = [_default_container(c) if isinstance(c, dict) else c for c in spec[group]]
    return spec


_SA_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount"


def _fill_from_old(new: dict, old: dict) -> dict:
    """Fields the server filled in on create (node, service account, token volume...) that a manifest omits."""
    merged = dict(new)
    for key, value in old.items():
        if key not in merged:
            merged[key] = copy.deepcopy(value)
    for group in ("containers", "initContainers"):
        new_list, old_list = _l(merged.get(group)), _l(old.get(group))
        if new_list is None or old_list is None or len(new_list) != len(old_list):
            continue
        filled = []
        for n, o in zip(new_list, old_list):
            if isinstance(n, dict) and isinstance(o, dict):
                n = {**{k: v for k, v in o.items() if k not in n}, **n}
                mounts, old_mounts = _l(n.get("volumeMounts")), _l(o.get("volumeMounts")) or []
                if mounts is not None:
                    paths = {m.get("mountPath") for m in mounts if isinstance(m, dict) and isinstance(
                        m.get("mountPath"), str)}
                    n["volumeMounts"] = mounts + [
                        m for m in old_mounts if isinstance(m, dict) and m.get("mountPath") == _SA_MOUNT_PATH
                        and m.get("mountPath") not in paths]
            filled.append(n)
        merged[group] = filled
    volumes, old_volumes = _l(merged.get("volumes")), _l(old.get("volumes")) or []
    if volumes is not None:
        names = {v.get("name") for v in volumes if isinstance(v, dict) and isinstance(v.get("name"), str)}
        merged["volumes"] = volumes + [
            v for v in old_volumes if isinstance(v, dict) and str(v.get("name", "")).startswith("kube-api-access-")
            and v.get("name") not in names]
    tolerations, old_tolerations = _l(merged.get("tolerations")), _l(old.get("tolerations")) or []
    if tolerations is not None:
        merged["tolerations"] = tolerations + [t for t in old_tolerations if isinstance(t, dict) and t.get("key") in (
            "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable") and t not in tolerations]
    return merged


_POD_UPDATABLE = (
    "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,"
    "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
    "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"
)


def _check_pod_update(ctx: _Ctx, old: dict, new: dict) -> None:
    old_spec, new_spec = _d(old.get("spec")) or {}, _d(new.get("spec")) or {}
    old_spec = _default_pod_spec(old_spec)
    new_spec = _default_pod_spec(_fill_from_old(new_spec, old_spec))
    for group in ("containers", "initContainers"):
        new_list, old_list = _l(new_spec.get(group)) or [], _l(old_spec.get(group)) or []
        if len(new_list) != len(old_list):
            ctx.forbidden("pod.update_forbidden", ("spec", group), "pod updates may not add or remove containers",
                          fields=f"spec.{group} (컨테이너 추가·삭제)")
            return
        for i, c in enumerate(new_list):
            image = c.get("image") if isinstance(c, dict) else None
            if image in (None, ""):
                ctx.required("container.image_required", ("spec", group, i, "image"))
            elif isinstance(image, str) and image != image.strip():
                ctx.invalid("value.invalid", ("spec", group, i, "image"), image, _rule("rule.image_whitespace"))
    new_deadline, old_deadline = new_spec.get("activeDeadlineSeconds"), old_spec.get("activeDeadlineSeconds")
    if _i(new_deadline) is not None:
        if not 0 <= new_deadline <= _MAX_INT32:
            ctx.invalid("value.out_of_range", ("spec", "activeDeadlineSeconds"), new_deadline,
                        _rule("rule.range", lo=0, hi=_MAX_INT32), lo=0, hi=_MAX_INT32)
            return
        if _i(old_deadline) is not None and old_deadline < new_deadline:
            ctx.invalid("value.invalid", ("spec", "activeDeadlineSeconds"), new_deadline, _rule("rule.deadline_grows"))
            return
    elif old_deadline is not None:
        ctx.invalid("value.invalid", ("spec", "activeDeadlineSeconds"), None, _rule("rule.deadline_removed"))
    new_tolerations = [t for t in (_l(new_spec.get("tolerations")) or []) if isinstance(t, dict)]
    for old_tol in (_l(old_spec.get("tolerations")) or []):
        if not isinstance(old_tol, dict):
            continue
        stripped = {k: v for k, v in old_tol.items() if k != "tolerationSeconds"}
        if not any(semantic_equal(stripped, {k: v for k, v in t.items() if k != "tolerationSeconds"})
                   for t in new_tolerations):
            ctx.forbidden("pod.update_forbidden", ("spec", "tolerations"), _rule("rule.toleration_modified"),
                          fields="spec.tolerations")
            break
    munged = copy.deepcopy(new_spec)
    for group in ("containers", "initContainers"):
        for c, o in zip(_l(munged.get(group)) or [], _l(old_spec.get(group)) or []):
            if isinstance(c, dict) and isinstance(o, dict):
                c["image"] = o.get("image")
    for field in ("activeDeadlineSeconds", "tolerations", "schedulingGates"):
        munged[field] = copy.deepcopy(old_spec.get(field))
    old_grace = _i(old_spec.get("terminationGracePeriodSeconds"))
    if old_grace is not None and old_grace < 0 and munged.get("terminationGracePeriodSeconds") == 1:
        munged["terminationGracePeriodSeconds"] = old_grace
    if not semantic_equal(munged, old_spec):
        changed = sorted(k for k in set(munged) | set(old_spec) if not semantic_equal(munged.get(k), old_spec.get(k)))
        ctx.forbidden("pod.update_forbidden", ("spec",), _POD_UPDATABLE,
                      fields=", ".join(f"spec.{k}" for k in changed), pos=("spec", changed[0]) if changed else None)


def _check_selector_immutable(ctx: _Ctx, old: dict, new: dict) -> None:
    old_sel = (_d(old.get("spec")) or {}).get("selector")
    new_sel = (_d(new.get("spec")) or {}).get("selector")
    if not semantic_equal(old_sel, new_sel):
        value = go_selector(new_sel) if isinstance(new_sel, dict) or new_sel is None else new_sel
        ctx.invalid("field.immutable", ("spec", "selector"), value, ("field is immutable", ""))


_STS_MUTABLE = ("replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy",
                "minReadySeconds")


def _normalized_sts_spec(spec: dict) -> dict:
    spec = {k: copy.deepcopy(v) for k, v in spec.items() if k not in _STS_MUTABLE}
    spec.setdefault("podManagementPolicy", "OrderedReady")
    spec.setdefault("revisionHistoryLimit", 10)
    claims = []
    for claim in _l(spec.get("volumeClaimTemplates")) or []:
        if isinstance(claim, dict):
            claim = {k: v for k, v in claim.items() if k not in ("status", "apiVersion", "kind")}
            meta = dict(_d(claim.get("metadata")) or {})
            meta.pop("creationTimestamp", None)
            claim["metadata"] = meta
            claim_spec = dict(_d(claim.get("spec")) or {})
            claim_spec.setdefault("volumeMode", "Filesystem")
            claim["spec"] = claim_spec
        claims.append(claim)
    spec["volumeClaimTemplates"] = claims
    return spec


def _check_statefulset_update(ctx: _Ctx, old: dict, new: dict) -> None:
    old_spec, new_spec = _d(old.get("spec")) or {}, _d(new.get("spec")) or {}
    old_norm, new_norm = _normalized_sts_spec(old_spec), _normalized_sts_spec(new_spec)
    if not semantic_equal(old_norm, new_norm):
        rule = "rule.sts_update" if ctx.at_least((1, 27)) else "rule.sts_update_old"
        changed = sorted(k for k in set(old_norm) | set(new_norm)
                         if not semantic_equal(old_norm.get(k), new_norm.get(k)))
        ctx.forbidden("statefulset.update_forbidden", ("spec",), _rule(rule), fields=", ".join(
            f"spec.{k}" for k in changed), pos=("spec", changed[0]) if changed else None)


def _check_service_update(ctx: _Ctx, old: dict, new: dict) -> None:
    old_spec, new_spec = _d(old.get("spec")) or {}, _d(new.get("spec")) or {}
    old_type, new_type = old_spec.get("type") or "ClusterIP", new_spec.get("type") or "ClusterIP"
    if "ExternalName" in (old_type, new_type):
        return
    old_ips = [x for x in (_l(old_spec.get("clusterIPs")) or []) if isinstance(x, str)]
    old_ip = _s(old_spec.get("clusterIP")) or ""
    if not old_ips and old_ip:
        old_ips = [old_ip]
    new_ip = _s(new_spec.get("clusterIP")) or ""
    new_ips = [x for x in (_l(new_spec.get("clusterIPs")) or []) if isinstance(x, str)]
    if not new_ip and not new_ips:  # patchAllocatedValues: an omitted IP keeps the allocated one
        new_ip, new_ips = old_ip, list(old_ips)
    elif old_ip and new_ip and new_ip != old_ip and (not new_ips or new_ips == old_ips):
        new_ips = [new_ip] + old_ips[1:]  # normalizeClusterIPs: the singular field changed, the plural follows
    elif new_ip and not new_ips:
        new_ips = [new_ip]
    if old_ips == ["None"] and new_ips == ["None"]:
        return
    path = ("spec", "clusterIPs")
    pos = ("spec", "clusterIPs") if _l(new_spec.get("clusterIPs")) else ("spec", "clusterIP")
    if len(old_ips) == len(new_ips):
        for i, ip in enumerate(old_ips):
            if ip != new_ips[i]:
                ctx.invalid("service.cluster_ip_immutable", path + (i,), go_strings(new_ips), "may not change once set",
                            pos=pos, old=ip)
    elif len(old_ips) > len(new_ips):
        if not new_ips:
            ctx.invalid("service.cluster_ip_immutable", path + (0,), go_strings(None),
                        "primary clusterIP can not be unset", pos=pos, old=old_ips[0])
        elif new_ips[0] != old_ips[0]:
            ctx.invalid("service.cluster_ip_immutable", path + (0,), go_strings(new_ips), "may not change once set",
                        pos=pos, old=old_ips[0])
    elif old_ips and new_ips[0] != old_ips[0]:
        ctx.invalid("service.cluster_ip_immutable", path + (0,), go_strings(new_ips), "may not change once set",
                    pos=pos, old=old_ips[0])


_JOB_GENERATED = ("controller-uid", "job-name", "batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name")


def _without_generated(value: Any, path: tuple) -> Any:
    value = copy.deepcopy(value)
    target = value
    for part in path[:-1]:
        target = target.get(part) if isinstance(target, dict) else None
    if isinstance(target, dict) and isinstance(target.get(path[-1]), dict):
        for key in _JOB_GENERATED:
            target[path[-1]].pop(key, None)
    return value


def _check_job_update(ctx: _Ctx, old: dict, new: dict) -> None:
    old_spec, new_spec = _d(old.get("spec")) or {}, _d(new.get("spec")) or {}
    if new_spec.get("completions") is not None and not semantic_equal(old_spec.get("completions"),
                                                                      new_spec.get("completions")):
        ctx.invalid("field.immutable", ("spec", "completions"), new_spec.get("completions"), ("field is immutable", ""))
    new_sel = new_spec.get("selector")
    if isinstance(new_sel, dict):
        old_sel = _without_generated(old_spec.get("selector"), ("matchLabels",))
        if not semantic_equal(old_sel, _without_generated(new_sel, ("matchLabels",))):
            ctx.invalid("field.immutable", ("spec", "selector"), go_selector(new_sel), ("field is immutable", ""))
    old_t, new_t = old_spec.get("template"), new_spec.get("template")
    if isinstance(old_t, dict) and isinstance(new_t, dict):
        old_t = _without_generated(old_t, ("metadata", "labels"))
        new_t = _without_generated(new_t, ("metadata", "labels"))
        old_t["spec"] = _default_pod_spec(_d(old_t.get("spec")) or {})
        new_t["spec"] = _default_pod_spec(_d(new_t.get("spec")) or {})
        if not semantic_equal(old_t, new_t):
            ctx.invalid("field.immutable", ("spec", "template"), GoValue("core.PodTemplateSpec{...}", new_t),
                        ("field is immutable", ""))


def _check_immutable_data(ctx: _Ctx, old: dict, new: dict) -> None:
    if ctx.kind == "Secret" and (old.get("type") or "Opaque") != (new.get("type") or "Opaque"):
        ctx.invalid("field.immutable", ("type",), new.get("type") or "Opaque", ("field is immutable", ""))
    if old.get("immutable") is not True:
        return
    if new.get("immutable") is not True:
        ctx.forbidden("field.immutable", ("immutable",), _rule("rule.immutable_set"))
    sections = ("data", "binaryData") if ctx.kind == "ConfigMap" else ("data",)
    for section in sections:
        if not semantic_equal(old.get(section), new.get(section), section):
            ctx.forbidden("field.immutable", (section,), _rule("rule.immutable_set"))


_UPDATE_CHECKS = {
    "Pod": _check_pod_update,
    "StatefulSet": _check_statefulset_update,
    "Service": _check_service_update,
    "Job": _check_job_update,
    "ConfigMap": _check_immutable_data,
    "Secret": _check_immutable_data,
}


def check_update(old: dict, new: dict, doc: Document | None, kube_version: str) -> list[Issue]:
    """Fields the API server refuses to change on update (``old`` as stored, ``new`` as submitted or merged)."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return []
    if doc is None:
        doc = Document("-", 0, new, {}, start=(None, None))
    ctx = _Ctx(doc, kube_version)
    ctx.data, ctx.kind = new, _s(new.get("kind")) or _s(old.get("kind")) or ""
    ctx.name = _s((_d(new.get("metadata")) or {}).get("name")) or _s((_d(old.get("metadata")) or {}).get("name")) or ""
    api_version = _s(new.get("apiVersion")) or ""
    if ctx.kind in ("Deployment", "ReplicaSet", "DaemonSet") and api_version.startswith("apps/"):
        _check_selector_immutable(ctx, old, new)
    check_fn = _UPDATE_CHECKS.get(ctx.kind)
    if check_fn is not None:
        check_fn(ctx, old, new)
    return ctx.issues


# --- API versions that are no longer served (reference §11) --------------------------------------


@dataclass(frozen=True)
class _Removal:
    removed: tuple[int, int]
    replacements: tuple[tuple[tuple[int, int], str], ...]  # (served since, apiVersion) of the replacement


def _removals() -> dict[tuple[str, str], _Removal]:
    table: dict[tuple[str, str], _Removal] = {}

    def add(removed: tuple[int, int], api_versions: Iterable[str], kinds: Iterable[str], *replacements) -> None:
        for api_version in api_versions:
            for kind in kinds:
                table[(api_version, kind)] = _Removal(removed, tuple(replacements))

    workloads = ("Deployment", "DaemonSet", "ReplicaSet")
    add((1, 16), ["extensions/v1beta1"], workloads, ((1, 9), "apps/v1"))
    add((1, 16), ["apps/v1beta1"], ("Deployment", "StatefulSet", "ControllerRevision"), ((1, 9), "apps/v1"))
    add((1, 16), ["apps/v1beta2"], (*workloads, "StatefulSet", "ControllerRevision"), ((1, 9), "apps/v1"))
    add((1, 16), ["extensions/v1beta1"], ["NetworkPolicy"], ((1, 8), "networking.k8s.io/v1"))
    add((1, 16), ["extensions/v1beta1"], ["PodSecurityPolicy"], ((1, 10), "policy/v1beta1"))
    add((1, 22), ["extensions/v1beta1", "networking.k8s.io/v1beta1"], ["Ingress"], ((1, 19), "networking.k8s.io/v1"))
    add((1, 22), ["networking.k8s.io/v1beta1"], ["IngressClass"], ((1, 19), "networking.k8s.io/v1"))
    v122 = {
        "apiextensions.k8s.io": (["CustomResourceDefinition"], (1, 16)),
        "admissionregistration.k8s.io": (["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"], (1, 16)),
        "apiregistration.k8s.io": (["APIService"], (1, 10)),
        "authentication.k8s.io": (["TokenReview"], (1, 6)),
        "authorization.k8s.io": (["SubjectAccessReview", "LocalSubjectAccessReview", "SelfSubjectAccessReview",
                                  "SelfSubjectRulesReview"], (1, 6)),
        "certificates.k8s.io": (["CertificateSigningRequest"], (1, 19)),
        "coordination.k8s.io": (["Lease"], (1, 14)),
        "rbac.authorization.k8s.io": (["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"], (1, 8)),
        "scheduling.k8s.io": (["PriorityClass"], (1, 14)),
        "storage.k8s.io": (["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"], (1, 6)),
    }
    for group, (kinds, since) in v122.items():
        add((1, 22), [f"{group}/v1beta1"], kinds, (since, f"{group}/v1"))
    add((1, 25), ["batch/v1beta1"], ["CronJob"], ((1, 21), "batch/v1"))
    add((1, 25), ["discovery.k8s.io/v1beta1"], ["EndpointSlice"], ((1, 21), "discovery.k8s.io/v1"))
    add((1, 25), ["events.k8s.io/v1beta1"], ["Event"], ((1, 19), "events.k8s.io/v1"))
    add((1, 25), ["autoscaling/v2beta1"], ["HorizontalPodAutoscaler"], ((1, 23), "autoscaling/v2"))
    add((1, 25), ["policy/v1beta1"], ["PodDisruptionBudget"], ((1, 21), "policy/v1"))
    add((1, 25), ["policy/v1beta1"], ["PodSecurityPolicy"])
    add((1, 25), ["node.k8s.io/v1beta1"], ["RuntimeClass"], ((1, 20), "node.k8s.io/v1"))
    flow = ("FlowSchema", "PriorityLevelConfiguration")
    group = "flowcontrol.apiserver.k8s.io"
    add((1, 26), [f"{group}/v1beta1"], flow, ((1, 23), f"{group}/v1beta2"), ((1, 26), f"{group}/v1beta3"),
        ((1, 29), f"{group}/v1"))
    add((1, 26), ["autoscaling/v2beta2"], ["HorizontalPodAutoscaler"], ((1, 23), "autoscaling/v2"))
    add((1, 27), ["storage.k8s.io/v1beta1"], ["CSIStorageCapacity"], ((1, 24), "storage.k8s.io/v1"))
    add((1, 29), [f"{group}/v1beta2"], flow, ((1, 26), f"{group}/v1beta3"), ((1, 29), f"{group}/v1"))
    add((1, 32), [f"{group}/v1beta3"], flow, ((1, 29), f"{group}/v1"))
    return table


REMOVED_APIS = _removals()


def _replacement(removal: _Removal, v: tuple[int, int]) -> tuple[str, tuple[int, int]] | None:
    """The newest replacement served at ``v`` (a removed replacement is followed to its own)."""
    served = [(since, api) for since, api in removal.replacements if since <= v]
    return (served[-1][1], served[-1][0]) if served else None


def _mapping_params(doc: Document) -> dict:
    data = doc.data if isinstance(doc.data, dict) else {}
    meta = _d(data.get("metadata")) or {}
    return {
        "name": _go_quote(_s(meta.get("name")) or "")[1:-1],
        "namespace": _go_quote(_s(meta.get("namespace")) or "")[1:-1],
        "file": doc.file,
        "kind": _s(data.get("kind")) or "",
        "api_version": _s(data.get("apiVersion")) or "",
    }


def removed_api(doc: Document, kube_version: str) -> Issue | None:
    """The kubectl error for an apiVersion that ``kube_version`` no longer serves, with the one to use."""
    params = _mapping_params(doc)
    removal = REMOVED_APIS.get((params["api_version"], params["kind"]))
    v = _version(kube_version)
    if removal is None or v < removal.removed:
        return None
    removed = f"{removal.removed[0]}.{removal.removed[1]}"
    replacement = _replacement(removal, (removal.removed[0], 99))
    kind = params["kind"]
    if replacement is None:  # PodSecurityPolicy: gone, no successor API
        use, use_ko = CATALOGUE["hint.removed_psp"].en, CATALOGUE["hint.removed_psp"].ko
        target = ""
    else:
        target, since = replacement
        chained = REMOVED_APIS.get((target, kind))
        if chained is not None and v >= chained.removed:  # e.g. extensions/v1beta1 PSP -> policy/v1beta1, gone too
            follow = _replacement(chained, v)
            target = follow[0] if follow else ""
        hint = CATALOGUE["hint.removed_use"]
        use = hint.en.format(kind=kind, target=target) if target else CATALOGUE["hint.removed_psp"].en
        use_ko = hint.ko.format(kind=kind, target=target) if target else CATALOGUE["hint.removed_psp"].ko
    converted = ""
    if kind == "Ingress" and isinstance(doc.data, dict):
        converted = yaml.safe_dump(convert_ingress_v1beta1(doc.data), sort_keys=False, allow_unicode=True,
                                   default_flow_style=False)
        use += CATALOGUE["hint.removed_ingress"].en.format(manifest=converted)
        use_ko += CATALOGUE["hint.removed_ingress"].ko.format(manifest=converted)
    target_ko = josa(target, "을를") if target else "Pod Security Admission을"
    item = issue("api.removed", "apiVersion", doc.pos(("apiVersion",)), removed=removed,
                 kind_topic=josa(kind, "은는"), target=target or "-", target_ko=target_ko, **params)
    item.hint, item.hint_ko = use, use_ko
    return item


# --- kinds that do not exist --------------------------------------------------------------------

_BUILTIN_GROUPS = {r.group for r in resources.RESOURCES} | {"extensions", "policy", "metrics.k8s.io"}
_BUILTIN_KINDS = sorted({r.kind for r in resources.RESOURCES} - {"Binding", "ComponentStatus"})


def unknown_kind(doc: Document, kube_version: str) -> Issue:
    """kubectl's mapping error for a kind/apiVersion with no schema, with what was probably meant."""
    params = _mapping_params(doc)
    kind, api_version = params["kind"], params["api_version"]
    group = api_version.rpartition("/")[0] if "/" in api_version else ""
    known = resources.by_kind(kind)
    item = issue("kind.unknown", "kind", doc.pos(("kind",)), kind_object=josa(kind, "을를"), **params)
    if known is not None:
        entry = CATALOGUE["hint.kind_api_version"]
        pos = doc.pos(("apiVersion",))
        item.line, item.column, item.path = pos[0], pos[1], "apiVersion"
        fmt = {"kind": kind, "api_version": api_version, "preferred": known.api_version}
        item.hint, item.hint_ko = entry.en.format(**fmt), entry.ko.format(**fmt)
        return item
    if group in _BUILTIN_GROUPS:
        lowered = {k.lower(): k for k in _BUILTIN_KINDS}
        guess = lowered.get(kind.lower()) or next(iter(difflib.get_close_matches(kind, _BUILTIN_KINDS, 1, 0.75)), None)
        if guess is not None:
            target = resources.by_kind(guess)
            entry = CATALOGUE["hint.kind_did_you_mean" if target.api_version == api_version
                              else "hint.kind_did_you_mean_version"]
            fmt = {"guess": guess, "preferred": target.api_version, "guess_obj": josa(f"`{guess}`", "을를"),
                   "preferred_obj": josa(f"`apiVersion: {target.api_version}`", "을를")}
            item.hint, item.hint_ko = entry.en.format(**fmt), entry.ko.format(**fmt)
            return item
    entry = CATALOGUE["hint.kind_custom"]
    item.hint, item.hint_ko = entry.en.format(kind=kind), entry.ko.format(kind=kind)
    return item


# --- warnings: deprecated APIs and fields --------------------------------------------------------

_DEPRECATED_APIS = {  # (apiVersion, kind): (deprecated in, unavailable in, replacement)
    ("autoscaling/v2beta2", "HorizontalPodAutoscaler"): ((1, 23), (1, 26), "autoscaling/v2 HorizontalPodAutoscaler"),
    ("storage.k8s.io/v1beta1", "CSIStorageCapacity"): ((1, 24), (1, 27), "storage.k8s.io/v1 CSIStorageCapacity"),
    ("v1", "Endpoints"): ((1, 33), None, "discovery.k8s.io/v1 EndpointSlice"),
}
for _kind in ("FlowSchema", "PriorityLevelConfiguration"):
    _group = "flowcontrol.apiserver.k8s.io"
    _DEPRECATED_APIS[(f"{_group}/v1beta1", _kind)] = ((1, 23), (1, 26), f"{_group}/v1beta2 {_kind}")
    _DEPRECATED_APIS[(f"{_group}/v1beta2", _kind)] = ((1, 26), (1, 29), f"{_group}/v1beta3 {_kind}")
    _DEPRECATED_APIS[(f"{_group}/v1beta3", _kind)] = ((1, 29), (1, 32), f"{_group}/v1 {_kind}")

_DEPRECATED_NODE_LABELS = {  # pkg/api/node/util.go
    "beta.kubernetes.io/arch": 'deprecated since v1.14; use "kubernetes.io/arch" instead',
    "beta.kubernetes.io/os": 'deprecated since v1.14; use "kubernetes.io/os" instead',
    "failure-domain.beta.kubernetes.io/region": 'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
    "failure-domain.beta.kubernetes.io/zone": 'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
    "beta.kubernetes.io/instance-type": 'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
}
_DEPRECATED_POD_ANNOTATIONS = {
    "scheduler.alpha.kubernetes.io/critical-pod": 'non-functional in v1.16+; use the "priorityClassName" field instead',
    "security.alpha.kubernetes.io/sysctls": 'non-functional in v1.11+; use the "sysctls" field instead',
    "security.alpha.kubernetes.io/unsafe-sysctls": 'non-functional in v1.11+; use the "sysctls" field instead',
}
_DEPRECATED_VOLUMES = (  # (source, warning, since which server version it is emitted)
    ("photonPersistentDisk", "deprecated in v1.11, non-functional in v1.16+", (1, 25)),
    ("gitRepo", "deprecated in v1.11", (1, 25)),
    ("scaleIO", "deprecated in v1.16, non-functional in v1.22+", (1, 25)),
    ("flocker", "deprecated in v1.22, non-functional in v1.25+", (1, 25)),
    ("storageos", "deprecated in v1.22, non-functional in v1.25+", (1, 25)),
    ("quobyte", "deprecated in v1.22, non-functional in v1.25+", (1, 25)),
    ("glusterfs", "deprecated in v1.25, non-functional in v1.26+", (1, 25)),
    ("cephfs", "deprecated in v1.28, non-functional in v1.31+", (1, 28)),
    ("rbd", "deprecated in v1.28, non-functional in v1.31+", (1, 28)),
)


def _templates(data: dict, kind: str) -> Iterator[tuple[tuple, dict]]:
    """(path of the template, template) for every pod template; a Pod is its own template at ()."""
    spec = _d(data.get("spec")) or {}
    if kind == "Pod":
        yield (), data
    elif kind in ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "ReplicationController", "Job"):
        if isinstance(spec.get("template"), dict):
            yield ("spec", "template"), spec["template"]
    elif kind == "CronJob":
        job = _d((_d(spec.get("jobTemplate")) or {}).get("spec")) or {}
        if isinstance(job.get("template"), dict):
            yield ("spec", "jobTemplate", "spec", "template"), job["template"]
    elif kind == "PodTemplate" and isinstance(data.get("template"), dict):
        yield ("template",), data["template"]


def deprecation_warnings(doc: Document, kube_version: str) -> list[Issue]:
    """The warnings the API server sends back with a successful create (kubectl prints ``Warning: ...``)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    v = _version(kube_version)
    api_version, kind = _s(data.get("apiVersion")) or "", _s(data.get("kind")) or ""
    warnings: list[Issue] = []
    deprecated = _DEPRECATED_APIS.get((api_version, kind))
    if deprecated is not None and v >= deprecated[0] and (deprecated[1] is None or v < deprecated[1]):
        since, until, use = deprecated
        text = f"{api_version} {kind} is deprecated in v{since[0]}.{since[1]}+"
        if until is not None:
            text += f", unavailable in v{until[0]}.{until[1]}+"
        text += f"; use {use}"
        until_ko = f" {until[0]}.{until[1]}부터는 제공되지 않습니다." if until else ""
        warnings.append(issue("api.deprecated", "apiVersion", doc.pos(("apiVersion",)), severity="warning",
                              warning=text, api_version=api_version, kind=kind, since=f"{since[0]}.{since[1]}",
                              until_ko=until_ko, use=use, use_obj=josa(use, "을를")))
    for base, template in _templates(data, kind):
        warnings += _pod_warnings(doc, v, base, template)
    if kind == "Ingress":
        annotations = _d((_d(data.get("metadata")) or {}).get("annotations")) or {}
        if _INGRESS_CLASS_ANNOTATION in annotations:
            text = (f'annotation "{_INGRESS_CLASS_ANNOTATION}" is deprecated, '
                    "please use 'spec.ingressClassName' instead")
            warnings.append(issue("field.deprecated", f"metadata.annotations[{_INGRESS_CLASS_ANNOTATION}]",
                                  doc.pos(("metadata", "annotations", _INGRESS_CLASS_ANNOTATION)), severity="warning",
                                  warning=text, reason_ko=CATALOGUE["warning.ingress_class"].ko))
    return warnings


def _pod_warnings(doc: Document, v: tuple[int, int], base: tuple, template: dict) -> list[Issue]:
    """pkg/api/pod/warnings.go for one pod template (or a Pod)."""
    out: list[Issue] = []

    def warn(code: str, path: tuple, text: str, ko_key: str, **params: Any) -> None:
        path_text = format_field_path(path)
        ko = CATALOGUE[ko_key].ko.format(path=path_text, **params)
        out.append(issue(code, path_text, doc.pos(path), severity="warning", warning=f"{path_text}: {text}",
                         reason_ko=ko))

    spec = _d(template.get("spec")) or {}
    sp = base + ("spec",)
    meta = _d(template.get("metadata")) or {}
    for key in (_d(spec.get("nodeSelector")) or {}):
        if key in _DEPRECATED_NODE_LABELS:
            warn("field.deprecated", sp + ("nodeSelector", Key(key)), _DEPRECATED_NODE_LABELS[key],
                 "warning.node_label", label=key)
    node = _d((_d(spec.get("affinity")) or {}).get("nodeAffinity")) or {}
    required = _d(node.get("requiredDuringSchedulingIgnoredDuringExecution")) or {}
    terms = [(sp + ("affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution",
                    "nodeSelectorTerms", i), t) for i, t in _items(required.get("nodeSelectorTerms"))]
    preferred = "preferredDuringSchedulingIgnoredDuringExecution"
    terms += [(sp + ("affinity", "nodeAffinity", preferred, i, "preference"), _d(p.get("preference")) or {})
              for i, p in _items(node.get(preferred))]
    for tp, term in terms:
        for j, expr in _items(term.get("matchExpressions")):
            key = expr.get("key")
            if isinstance(key, str) and key in _DEPRECATED_NODE_LABELS:
                warn("field.deprecated", tp + ("matchExpressions", j, "key"),
                     f"{key} is {_DEPRECATED_NODE_LABELS[key]}", "warning.node_label", label=key)
    for i, constraint in _items(spec.get("topologySpreadConstraints")):
        key = constraint.get("topologyKey")
        cp = sp + ("topologySpreadConstraints", i)
        if isinstance(key, str) and key in _DEPRECATED_NODE_LABELS:
            warn("field.deprecated", cp + ("topologyKey",), f"{key} is {_DEPRECATED_NODE_LABELS[key]}",
                 "warning.node_label", label=key)
        if constraint.get("labelSelector") is None:
            warn("field.warning", cp + ("labelSelector",), "a null labelSelector results in matching no pod",
                 "warning.null_selector")
    for key, text in _DEPRECATED_POD_ANNOTATIONS.items():
        if key in (_d(meta.get("annotations")) or {}):
            warn("field.deprecated", base + ("metadata", "annotations", Key(key)), text, "warning.annotation", key=key)
    for i, vol in _items(spec.get("volumes")):
        for source, text, since in _DEPRECATED_VOLUMES:
            if vol.get(source) is not None and v >= since:
                warn("field.deprecated", sp + ("volumes", i, source), text, "warning.volume", source=source)
    if len(_l(spec.get("imagePullSecrets")) or []) > 1:
        seen: set = set()
        for i, secret in _items(spec.get("imagePullSecrets")):
            name = secret.get("name")
            if not isinstance(name, str):
                continue
            if name in seen:
                warn("field.warning", sp + ("imagePullSecrets", i, "name"), f"duplicate name {_go_quote(str(name))}",
                     "warning.duplicate")
            seen.add(name)
    grace = _i(spec.get("terminationGracePeriodSeconds"))
    if grace is not None and grace < 0 and v >= (1, 27):
        warn("field.warning", sp + ("terminationGracePeriodSeconds",),
             "must be >= 0; negative values are invalid and will be treated as 1", "warning.negative_grace")
    containers = [(sp + ("initContainers", i), c) for i, c in _items(spec.get("initContainers"))]
    containers += [(sp + ("containers", i), c) for i, c in _items(spec.get("containers"))]
    ports: dict[str, list] = {}
    for cp, c in containers:
        seen_env: set = set()
        for i, var in _items(c.get("env")):
            name = var.get("name")
            if not isinstance(name, str):
                continue
            if name in seen_env:
                ref = f"$({name})"
                value = var.get("value") if isinstance(var.get("value"), str) else ""
                if var.get("valueFrom") is not None or value == ref or ref not in value:
                    warn("field.warning", cp + ("env", i),
                         f"hides previous definition of {_go_quote(name)}, which may be dropped when using apply",
                         "warning.env_hidden", name=name)
            seen_env.add(name)
        if v < (1, 29):
            continue
        for j, port in _items(c.get("ports")):
            key = f"{port.get('containerPort')}/{_s(port.get('protocol')) or 'TCP'}"
            here = cp + ("ports", j)
            host_ip, host_port = _s(port.get("hostIP")) or "", _i(port.get("hostPort")) or 0
            for other_path, other_ip, other_port in ports.get(key, []):
                other = format_field_path(other_path)
                if host_ip == other_ip and host_port == other_port:
                    warn("field.warning", here, f"duplicate port definition with {other}", "warning.duplicate_port",
                         other=other)
                elif host_port == 0 or other_port == 0:
                    warn("field.warning", here, f"overlapping port definition with {other}",
                         "warning.duplicate_port", other=other)
                elif host_port == other_port and (host_ip == "") != (other_ip == ""):
                    warn("field.warning", here, f"dangerously ambiguous port definition with {other}",
                         "warning.duplicate_port", other=other)
            ports.setdefault(key, []).append((here, host_ip, host_port))
    return out


# --- converting an Ingress from extensions/v1beta1 or networking.k8s.io/v1beta1 -------------------


def _convert_backend(backend: Any) -> Any:
    if not isinstance(backend, dict) or "service" in backend or "resource" in backend:
        return copy.deepcopy(backend)
    out = {k: copy.deepcopy(v) for k, v in backend.items() if k not in ("serviceName", "servicePort")}
    if "serviceName" in backend or "servicePort" in backend:
        port = backend.get("servicePort")
        if isinstance(port, str) and re.fullmatch(r"\d+", port):
            port = int(port)
        service: dict = {"name": backend.get("serviceName")}
        if _i(port) is not None:
            service["port"] = {"number": port}
        elif isinstance(port, str):
            service["port"] = {"name": port}
        out["service"] = service
    return out


def _convert_path(path: Any) -> Any:
    if isinstance(path, str):
        if path.endswith("/*"):
            return path[:-2] or "/"
        if path.endswith("*") and not path.endswith(".*"):
            return path[:-1] or "/"
    return path


def convert_ingress_v1beta1(obj: dict) -> dict:
    """An extensions/v1beta1 or networking.k8s.io/v1beta1 Ingress rewritten for networking.k8s.io/v1.

    ``serviceName``/``servicePort`` become ``service.name`` and ``service.port.number`` (int) or
    ``.name``; ``spec.backend`` becomes ``spec.defaultBackend``; each path gets ``pathType: Prefix``
    unless it has one, and a trailing ``/*`` glob is dropped (``/reservation/*`` -> ``/reservation``);
    the ``kubernetes.io/ingress.class`` annotation becomes ``spec.ingressClassName``.
    """
    src = obj if isinstance(obj, dict) else {}
    out: dict = {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress"}
    meta = copy.deepcopy(_d(src.get("metadata")) or {})
    annotations = _d(meta.get("annotations"))
    class_name = None
    if annotations is not None and _INGRESS_CLASS_ANNOTATION in annotations:
        class_name = annotations.pop(_INGRESS_CLASS_ANNOTATION)
        if not annotations:
            meta.pop("annotations")
    out["metadata"] = meta
    spec_in = _d(src.get("spec")) or {}
    spec: dict = {}
    if class_name is not None or spec_in.get("ingressClassName") is not None:
        spec["ingressClassName"] = spec_in.get("ingressClassName", class_name)
    backend = spec_in.get("defaultBackend", spec_in.get("backend"))
    if backend is not None:
        spec["defaultBackend"] = _convert_backend(backend)
    for key, value in spec_in.items():
        if key in ("backend", "defaultBackend", "ingressClassName", "rules"):
            continue
        spec[key] = copy.deepcopy(value)
    if "rules" in spec_in:
        rules = []
        for rule in _l(spec_in.get("rules")) or []:
            if not isinstance(rule, dict):
                rules.append(copy.deepcopy(rule))
                continue
            rule = copy.deepcopy(rule)
            http = _d(rule.get("http"))
            if http is not None:
                paths = []
                for item in _l(http.get("paths")) or []:
                    if isinstance(item, dict):
                        converted = {"path": _convert_path(item.get("path", "/"))}
                        converted["pathType"] = item.get("pathType") or "Prefix"
                        converted["backend"] = _convert_backend(item.get("backend"))
                        converted.update({k: v for k, v in item.items() if k not in ("path", "pathType", "backend")})
                        item = converted
                    paths.append(item)
                http["paths"] = paths
            rules.append(rule)
        spec["rules"] = rules
    out["spec"] = spec
    return out
