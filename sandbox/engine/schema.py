"""The OpenAPI schema check: what the API server's strict decoder and schema rules reject.

Schemas are the ``kubernetes-validate`` package's bundled ``vX.Y.0-local-strict`` files (never
hand-written). ``_definitions.json`` of the version asked for is read once; each kind's schema is
then compiled, once, into a tree of small node objects shared per version (a definition such as
``io.k8s.api.core.v1.Container`` compiles to one node used by every kind that embeds it;
recursive definitions such as ``JSONSchemaProps`` point back at their own node). Validating a
document is one walk over its data: no schema lookups, no ``$ref`` resolution, no jsonschema.

Errors come in the two groups the real server produces:
- decode errors (unknown field, wrong JSON type, bad base64, bad quantity) stop the request
  before validation, worded as ``kubectl`` shows them;
- validation errors (required field missing, unsupported enum value) are reported with the
  API server's own validation errors.
"""

from __future__ import annotations

import importlib.resources
import importlib.util
import json
import re
import threading
from typing import Any

from .manifests import Document
from .messages import CATALOGUE, Issue, format_path, issue, suggest, with_hint

DEFAULT_VERSION = "1.32"


def _schema_root():
    """The bundled schema folder, found without importing kubernetes_validate (it loads jsonschema: ~150 ms)."""
    spec = importlib.util.find_spec("kubernetes_validate")
    reader = spec.loader.get_resource_reader(spec.name) if spec and spec.loader else None
    root = reader.files() if reader is not None else importlib.resources.files("kubernetes_validate")
    return root / "kubernetes-json-schema"


_ROOT = _schema_root()
_FOLDER = re.compile(r"^v1\.(\d+)\.0-local-strict$")
_MINORS = sorted(int(m.group(1)) for m in (_FOLDER.match(p.name) for p in _ROOT.iterdir()) if m)
SUPPORTED_VERSIONS: tuple[str, ...] = tuple(f"1.{minor}" for minor in _MINORS)
_VERSION = re.compile(r"^v?(\d+)\.(\d+)(?:\.\d+)?$")
_normalized: dict[str, str] = {}


def normalize_version(v: str) -> str:
    """``v1.32.4`` / ``1.32`` / ``1.32.0`` -> ``1.32``; ValueError for anything not bundled."""
    found = _normalized.get(v) if isinstance(v, str) else None
    if found is not None:
        return found
    m = _VERSION.match(v.strip()) if isinstance(v, str) else None
    short = f"{int(m.group(1))}.{int(m.group(2))}" if m else None
    if short not in SUPPORTED_VERSIONS:
        raise ValueError(
            f"unsupported Kubernetes version {v!r}: supported versions are {', '.join(SUPPORTED_VERSIONS)} "
            f"(a leading 'v' and a patch number, as in v{DEFAULT_VERSION}.4, are accepted)"
        )
    _normalized[v] = short
    return short


# --- loading one version's definitions ---------------------------------------------------------

_lock = threading.RLock()  # compilation publishes half-built nodes to its own cache; one compiler at a time


class _Version:
    """One Kubernetes version: its raw definitions, its served kinds and its compiled nodes."""

    def __init__(self, version: str):
        data = (_ROOT / f"v{version}.0-local-strict" / "_definitions.json").read_bytes()
        self.version = version
        self.defs: dict[str, dict] = json.loads(data)["$defs"]
        self.kinds: dict[tuple[str, str], str] = {}  # (apiVersion, kind) -> definition name
        for name, schema in self.defs.items():
            gvks = schema.get("x-kubernetes-group-version-kind")
            if not gvks or len(gvks) != 1:  # DeleteOptions, WatchEvent: one schema for every group
                continue
            gvk = gvks[0]
            meta = schema.get("properties", {}).get("metadata", {}).get("$ref", "")
            if gvk["kind"].endswith("List") or not meta.endswith(".ObjectMeta"):  # lists, Status, APIGroup ...
                continue
            api_version = f"{gvk['group']}/{gvk['version']}" if gvk["group"] else gvk["version"]
            self.kinds[(api_version, gvk["kind"])] = name
        self.nodes: dict[tuple[str, bool], Any] = {}  # (definition, in_status) -> node
        self.roots: dict[tuple[str, str], _Struct] = {}


_versions: dict[str, _Version] = {}


def _load(kube_version: str) -> _Version:
    version = normalize_version(kube_version)
    found = _versions.get(version)
    if found is None:
        with _lock:
            found = _versions.get(version)
            if found is None:
                found = _versions[version] = _Version(version)
    return found


def has_schema(kube_version: str, api_version: str, kind: str) -> bool:
    """Whether ``kube_version`` has a schema for this built-in resource (lists and sub-types excluded)."""
    return (api_version, kind) in _load(kube_version).kinds


def served(kube_version: str) -> list[tuple[str, str]]:
    """Every (apiVersion, kind) with a schema in that version, sorted."""
    return sorted(_load(kube_version).kinds)


def get_schema(kube_version: str, api_version: str, kind: str) -> dict | None:
    """The raw JSON schema of a kind (shared: do not modify it), or None."""
    ver = _load(kube_version)
    name = ver.kinds.get((api_version, kind))
    return ver.defs[name] if name else None


def resolve(kube_version: str, ref_or_schema: dict) -> dict:
    """Follow ``$ref`` (``#/$defs/X`` or ``/api/_definitions.json#/$defs/X``) to the schema it names."""
    defs = _load(kube_version).defs
    seen = 0
    while "$ref" in ref_or_schema and seen < 8:
        ref_or_schema = defs[ref_or_schema["$ref"].rpartition("/")[2]]
        seen += 1
    return ref_or_schema


# --- compiled nodes ----------------------------------------------------------------------------
#
# Every node has ``accept`` (Python types that are valid without looking further: the fast path)
# and ``check(value, path, errs, owner)``, which appends error records to ``errs``. ``owner`` is
# the Go struct holding the field, for the decoder's "Go struct field Owner.path" wording.

_UNKNOWN, _TYPE, _REQUIRED, _ENUM, _BASE64, _QUANTITY = range(6)
_NO_TYPES: frozenset = frozenset()


class _Key(str):
    """A map key in a path: rendered ``labels[app]``, left out of the Go field path."""

    __slots__ = ()


class _Any:
    accept = frozenset({str, int, float, bool, list, dict})
    gotype = "interface {}"
    explain_type = "Object"

    def check(self, value, path, errs, owner):
        pass


class _Scalar:
    __slots__ = ("accept", "gotype", "explain_type", "low", "high", "base64")

    def __init__(self, accept, gotype, explain_type, low=None, high=None, base64=False):
        self.accept, self.gotype, self.explain_type = accept, gotype, explain_type
        self.low, self.high, self.base64 = low, high, base64

    def check(self, value, path, errs, owner):
        kind = type(value)
        if self.low is not None and (kind is int or kind is float and value.is_integer()):
            if not self.low <= value <= self.high:  # Go names the number it cannot fit: "number 4294967296"
                errs.append((_TYPE, path, value, owner, self, True))
        elif self.base64 and kind is str:
            offset = _base64_error(value)
            if offset is not None:
                errs.append((_BASE64, path, offset))
        elif kind not in self.accept:
            errs.append((_TYPE, path, value, owner, self, self.low is not None and kind is float))


class _Quantity:
    accept = frozenset({int, float})
    gotype = "resource.Quantity"
    explain_type = "Quantity"

    def check(self, value, path, errs, owner):
        problem = _parse_quantity(value.strip()) if type(value) is str else _QUANTITY_FORMAT
        if problem:
            errs.append((_QUANTITY, path, problem))


class _Enum:
    __slots__ = ("accept", "base", "allowed", "gotype", "explain_type")

    def __init__(self, base, allowed):
        self.accept, self.base, self.allowed = _NO_TYPES, base, allowed
        self.gotype, self.explain_type = base.gotype, base.explain_type

    def check(self, value, path, errs, owner):
        if type(value) not in self.base.accept:
            self.base.check(value, path, errs, owner)
        elif value not in self.allowed:
            errs.append((_ENUM, path, value, self.allowed))


class _OneOf:
    """Any branch that takes the value will do (the bundled schemas only use it for named types)."""

    __slots__ = ("accept", "branches", "gotype", "explain_type")

    def __init__(self, branches):
        self.accept, self.branches = _NO_TYPES, branches
        self.gotype = self.explain_type = "Object"

    def check(self, value, path, errs, owner):
        first = None
        for branch in self.branches:
            trial: list = []
            if type(value) not in branch.accept:
                branch.check(value, path, trial, owner)
            if not trial:
                return
            first = first or trial
        errs.extend(first or ())


class _Array:
    __slots__ = ("accept", "item", "gotype", "explain_type")

    def __init__(self, item):
        self.accept, self.item = _NO_TYPES, item
        self.gotype, self.explain_type = "[]" + item.gotype, "[]" + item.explain_type

    def check(self, value, path, errs, owner):
        if type(value) is not list:
            errs.append((_TYPE, path, value, owner, self, False))
            return
        item = self.item
        accept = item.accept
        for i, child in enumerate(value):
            if child is not None and type(child) not in accept:
                item.check(child, path + (i,), errs, owner)


class _Map:
    __slots__ = ("accept", "item", "gotype", "explain_type")

    def __init__(self, item):
        self.accept, self.item = _NO_TYPES, item
        self.gotype, self.explain_type = "map[string]" + item.gotype, "map[string]" + item.explain_type

    def check(self, value, path, errs, owner):
        if type(value) is not dict:
            errs.append((_TYPE, path, value, owner, self, False))
            return
        item = self.item
        accept = item.accept
        for key, child in value.items():
            if child is not None and type(child) not in accept:
                item.check(child, path + (_Key(key),), errs, owner)


class _Struct:
    """A Go struct: known fields only (strict decoding), required fields checked after decoding."""

    __slots__ = ("accept", "name", "goname", "gotype", "explain_type", "props", "required", "schema")

    def __init__(self, name: str, schema: dict):
        parts = name.split(".")
        self.accept = _NO_TYPES
        self.name, self.goname, self.schema = name, parts[-1], schema
        self.gotype = f"{parts[-2]}.{parts[-1]}"
        self.explain_type = parts[-1]
        self.props: dict[str, Any] = {}
        self.required: tuple[str, ...] = ()

    def check(self, value, path, errs, owner):
        if type(value) is not dict:
            errs.append((_TYPE, path, value, owner, self, False))
            return
        props = self.props
        goname = self.goname
        for key, child in value.items():
            node = props.get(key)
            if node is None:
                errs.append((_UNKNOWN, path, key, self))
            elif child is not None and type(child) not in node.accept:
                node.check(child, path + (key,), errs, goname)
        for key in self.required:
            if value.get(key) is None:  # null decodes to the zero value: still missing
                errs.append((_REQUIRED, path, key))


_ANY = _Any()
_QUANTITY_NODE = _Quantity()
_INT_OR_STRING = _Scalar(frozenset({str}), "int32", "IntOrString", -(2**31), 2**31 - 1)
_STRING = _Scalar(frozenset({str}), "string", "string")
_BYTES = _Scalar(_NO_TYPES, "[]uint8", "string", base64=True)
_BOOL = _Scalar(frozenset({bool}), "bool", "boolean")
_FLOAT = _Scalar(frozenset({int, float}), "float64", "number")
_INT32 = _Scalar(_NO_TYPES, "int32", "integer", -(2**31), 2**31 - 1)
_INT64 = _Scalar(_NO_TYPES, "int64", "integer", -(2**63), 2**63 - 1)
_NAMED = {  # definitions whose Go type decodes itself
    "io.k8s.apimachinery.pkg.api.resource.Quantity": _QUANTITY_NODE,
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": _INT_OR_STRING,
    "io.k8s.apimachinery.pkg.runtime.RawExtension": _ANY,  # any JSON, kept raw
}
# The 1.25-1.32 schemas mark StatefulSet spec.serviceName required; the server never did (kubernetes#130233).
_NOT_REQUIRED = {"io.k8s.api.apps.v1.StatefulSetSpec": {"serviceName"}}


def _compile_def(ver: _Version, name: str, in_status: bool):
    key = (name, in_status)
    node = ver.nodes.get(key)
    if node is not None:
        return node
    if name in _NAMED:
        node = ver.nodes[key] = _NAMED[name]
        return node
    schema = ver.defs[name]
    if "properties" not in schema:  # Time, FieldsV1, JSON ...: no fields, so no recursion through them
        node = ver.nodes[key] = _compile(ver, schema, in_status)
        return node
    node = ver.nodes[key] = _Struct(name, schema)  # registered before its fields: recursion finds it
    node.props = {field: _compile(ver, sub, in_status) for field, sub in schema["properties"].items()}
    if not in_status:  # status is reset on create: nothing in it is required
        skip = _NOT_REQUIRED.get(name, ())
        node.required = tuple(f for f in schema.get("required", ()) if f not in skip)
    return node


def _compile(ver: _Version, schema: dict, in_status: bool):
    ref = schema.get("$ref")
    if ref is not None:
        return _compile_def(ver, ref.rpartition("/")[2], in_status)
    types = schema.get("type")
    types = {types} if isinstance(types, str) else set(types or ())
    types.discard("null")
    for keyword in ("oneOf", "anyOf"):  # the bundled schemas: only in Quantity and IntOrString, named above
        if keyword in schema:
            return _OneOf([_compile(ver, branch, in_status) for branch in schema[keyword]])
    if "enum" in schema:
        return _Enum(_compile(ver, {k: v for k, v in schema.items() if k != "enum"}, in_status), tuple(schema["enum"]))
    if "properties" in schema:  # not in the bundled files, where every struct is a definition
        node = _Struct("inline.Object", schema)
        node.props = {field: _compile(ver, sub, in_status) for field, sub in schema["properties"].items()}
        node.required = () if in_status else tuple(schema.get("required", ()))
        return node
    if types == {"object"}:
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            return _Map(_compile(ver, extra, in_status))
        return _Map(_ANY)  # an object with no declared fields: FieldsV1, Patch ...
    if types == {"array"}:
        return _Array(_compile(ver, schema.get("items") or {}, in_status))
    if types == {"string"}:
        return _BYTES if schema.get("format") == "byte" else _STRING
    if types == {"integer"}:
        return _INT32 if schema.get("format") == "int32" else _INT64
    if types == {"number"}:
        return _FLOAT
    if types == {"boolean"}:
        return _BOOL
    return _ANY


def validator(kube_version: str, api_version: str, kind: str) -> _Struct | None:
    """The compiled root node of a kind, built on first use and cached per version."""
    ver = _load(kube_version)
    root = ver.roots.get((api_version, kind))
    if root is not None:
        return root
    name = ver.kinds.get((api_version, kind))
    if name is None:
        return None
    with _lock:
        root = ver.roots.get((api_version, kind))
        if root is None:
            node = _compile_def(ver, name, False)
            root = _Struct(name, node.schema)
            root.props, root.required = dict(node.props), node.required
            status = node.schema["properties"].get("status", {}).get("$ref")
            if status:  # status is reset on create: checked for shape, but nothing in it is required
                root.props["status"] = _compile_def(ver, status.rpartition("/")[2], True)
            ver.roots[(api_version, kind)] = root
    return root


# --- validating a document ---------------------------------------------------------------------


def validate(doc: Document, kube_version: str) -> tuple[list[Issue], list[Issue]]:
    """(decode_errors, validation_errors) of one parsed document; both empty when the schema is satisfied."""
    data = doc.data
    if not isinstance(data, dict):
        return [], []
    root = validator(kube_version, doc.api_version or "", doc.kind or "")
    if root is None:
        return [], []
    errs: list[tuple] = []
    root.check(data, (), errs, root.goname)
    if not errs:
        return [], []
    return _render(doc, errs)


_DECODE = {_UNKNOWN, _TYPE, _BASE64, _QUANTITY}


def _render(doc: Document, errs: list[tuple]) -> tuple[list[Issue], list[Issue]]:
    kind = doc.kind or ""
    context = {
        "kind": kind,
        "version": (doc.api_version or "").rpartition("/")[2],
        "file": "STDIN" if doc.file == "-" else doc.file,
        "name": doc.name or "",
    }
    decode: list[Issue] = []
    validation: list[Issue] = []
    for record in errs:
        item = _ISSUES[record[0]](doc, record, context)
        (decode if record[0] in _DECODE else validation).append(item)
    order = lambda i: (i.line or 0, i.column or 0)  # noqa: E731 - stable sort keeps walk order on ties
    return sorted(decode, key=order), sorted(validation, key=order)


def _unknown_issue(doc: Document, record: tuple, ctx: dict) -> Issue:
    _, path, key, node = record
    full = path + (key,)
    pos = doc.pos(full)
    where = _path(path) or ctx["kind"]
    item = issue("field.unknown", _path(full), pos, line=pos[0], field=key, where=where, **ctx)
    close = suggest(key, node.props)
    if close is not None:
        return with_hint(item, *_hint("hint.did_you_mean", field=close))
    moved = _find_nested(node, key)
    if moved is not None:
        return with_hint(item, *_hint("hint.belongs_under", field=key, parent=moved))
    names = sorted(node.props)
    shown = ", ".join(f"`{n}`" for n in names[:12]) + (", ..." if len(names) > 12 else "")
    explain = ".".join([ctx["kind"].lower(), *(p for p in path if type(p) is str)])
    return with_hint(item, *_hint("hint.valid_fields", fields=shown, explain=explain))


def _find_nested(node: _Struct, key: str, depth: int = 3) -> str | None:
    """Where ``key`` is a field a level or two down (``runAsUser`` -> ``securityContext``), breadth first."""
    frontier = [("", node)]
    for _ in range(depth):
        following = []
        for prefix, struct in frontier:
            for name, child in struct.props.items():
                while isinstance(child, (_Array, _Map)):
                    child = child.item
                if isinstance(child, _Struct) and child is not struct:
                    dotted = f"{prefix}.{name}" if prefix else name
                    if key in child.props:
                        return dotted
                    following.append((dotted, child))
        frontier = following[:200]
    return None


_GO_KIND = {str: "string", bool: "bool", int: "number", float: "number", list: "array", dict: "object"}
_KO_KIND = {str: "문자열", bool: "불리언", int: "숫자", float: "숫자", list: "목록", dict: "매핑"}
_KO_WANTED = {"string": "문자열", "integer": "정수", "number": "숫자", "boolean": "불리언(true/false)",
              "IntOrString": "정수나 문자열", "Quantity": "수량(예: 500m, 128Mi)"}


def _type_issue(doc: Document, record: tuple, ctx: dict) -> Issue:
    _, path, value, owner, node, with_number = record
    pos = doc.pos(path)
    got = _GO_KIND.get(type(value), "value")
    if with_number:  # Go names the number it could not fit: "number 3.5", "number 4294967296"
        got = f"number {_yaml_scalar(value)}"
    gofield = ".".join([owner, *(p for p in path if type(p) is str and not isinstance(p, _Key))])
    wanted = node.explain_type
    wanted_ko = _KO_WANTED.get(wanted) or ("목록" if wanted.startswith("[]") else "매핑")
    got_ko = _KO_KIND.get(type(value), "값")
    if type(value) is str:
        got_ko += f' "{value}"' if len(value) <= 40 else ""
    elif not isinstance(value, (list, dict)):
        got_ko += f" {_yaml_scalar(value)}"
    item = issue("field.type", _path(path), pos, line=pos[0], got=got, gofield=gofield, gotype=node.gotype,
                 wanted_ko=wanted_ko, got_ko=got_ko, **ctx)
    field = next((p for p in reversed(path) if type(p) is str), ctx["kind"])
    written = "- " if path and type(path[-1]) is int else f"{field}: "  # a list item or a field
    if type(value) is str and wanted in ("integer", "number", "IntOrString") and _NUMBER.match(value):
        return with_hint(item, *_hint("hint.unquote", example=written + value.strip()))
    if wanted == "string" and isinstance(value, (bool, int, float)):
        return with_hint(item, *_hint("hint.quote", example=f'{written}"{_yaml_scalar(value)}"'))
    if type(value) is dict and wanted.startswith("[]"):
        return with_hint(item, *_hint("hint.want_list", field=field))
    if type(value) is list and isinstance(node, (_Struct, _Map)):
        return with_hint(item, *_hint("hint.want_mapping", field=field))
    explain = ".".join([ctx["kind"].lower(), *(p for p in path if type(p) is str and not isinstance(p, _Key))])
    return with_hint(item, *_hint("hint.see_explain", field=field, wanted=wanted, explain=explain))


def _required_issue(doc: Document, record: tuple, ctx: dict) -> Issue:
    _, path, key = record
    pos = doc.pos(path)
    parent = _path(path) or ctx["kind"]
    return issue("field.required", _path(path + (key,)), pos, line=pos[0], field=key, parent=parent, **ctx)


def _enum_issue(doc: Document, record: tuple, ctx: dict) -> Issue:
    _, path, value, allowed = record
    supported = ", ".join(f'"{a}"' for a in allowed)
    return issue("field.enum", _path(path), doc.pos(path), value=value, supported=supported, **ctx)


def _base64_issue(doc: Document, record: tuple, ctx: dict) -> Issue:
    _, path, offset = record
    pos = doc.pos(path)
    return issue("field.base64", _path(path), pos, line=pos[0], offset=offset, **ctx)


def _quantity_issue(doc: Document, record: tuple, ctx: dict) -> Issue:
    _, path, problem = record
    pos = doc.pos(path)
    code = "field.quantity_suffix" if problem is _QUANTITY_SUFFIX else "field.quantity"
    return issue(code, _path(path), pos, line=pos[0], **ctx)


_ISSUES = {_UNKNOWN: _unknown_issue, _TYPE: _type_issue, _REQUIRED: _required_issue, _ENUM: _enum_issue,
           _BASE64: _base64_issue, _QUANTITY: _quantity_issue}


def _hint(code: str, **params: Any) -> tuple[str, str]:
    entry = CATALOGUE[code]
    return entry.en.format(**params), entry.ko.format(**params)


def _path(path: tuple) -> str:
    """The API server's field path; map keys as ``labels[app]``."""
    out = ""
    start = 0
    for i, part in enumerate(path):
        if isinstance(part, _Key):
            out = _join(out, format_path(path[start:i])) + f"[{part}]"
            start = i + 1
    return _join(out, format_path(path[start:]))


def _join(head: str, tail: str) -> str:
    if not head or not tail:
        return head + tail
    return head + tail if tail.startswith("[") else f"{head}.{tail}"


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


_NUMBER = re.compile(r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$")


# --- what Go's decoders do with strings: base64 ([]byte) and resource.Quantity -----------------

_B64 = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
_NEWLINES = frozenset(b"\r\n")


def _base64_error(text: str) -> int | None:
    """The byte offset Go's base64.StdEncoding reports ("illegal base64 data at input byte N"), or None."""
    src = text.encode("utf-8")
    n = len(src)
    si = 0
    while si < n:
        j = 0
        while j < 4:
            if si == n:
                if j == 0:
                    return None
                return si - j  # a quantum cut short, without padding
            ch = src[si]
            si += 1
            if ch in _B64:
                j += 1
                continue
            if ch in _NEWLINES:
                continue
            if ch != 0x3D or j < 2:  # not "=", or "=" too early
                return si - 1
            if j == 2:  # "==" expected
                while si < n and src[si] in _NEWLINES:
                    si += 1
                if si == n:
                    return n
                if src[si] != 0x3D:
                    return si - 1
                si += 1
            while si < n and src[si] in _NEWLINES:
                si += 1
            return si if si < n else None  # anything after the padding is garbage
    return None


_QUANTITY_FORMAT = "format"
_QUANTITY_SUFFIX = "suffix"
_QUANTITY_PARTS = re.compile(r"^[+-]?0*(\d*)(?:\.(\d*))?([eEinumkKMGTP]*)([-+]?\d*)$")
_SUFFIXES = {"", "n", "u", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"}


def _parse_quantity(text: str) -> str | None:
    """None for a valid quantity, else which of resource.ParseQuantity's errors it gives."""
    if not text:
        return _QUANTITY_FORMAT
    m = _QUANTITY_PARTS.match(text)
    if m is None:
        return _QUANTITY_FORMAT
    suffix = m.group(3) + m.group(4)
    if suffix in _SUFFIXES:
        return None
    if len(suffix) > 1 and suffix[0] in "eE" and re.fullmatch(r"[+-]?\d+", suffix[1:]):
        return None  # decimal exponent: 1e3, 5E-2
    return _QUANTITY_SUFFIX


# --- kubectl explain lives in explain.py ------------------------------------------------------


def __getattr__(name: str) -> Any:
    """``schema.explain`` and ``schema.ExplainError``, loaded on first use: validating never needs them."""
    if name in ("explain", "ExplainError"):
        from . import explain as explain_module  # explain imports this module: a late import keeps them acyclic

        return getattr(explain_module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
