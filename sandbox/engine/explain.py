"""``kubectl explain``: the v1.32 client's plaintext description of a kind or one of its fields.

It reads the same bundled schemas as ``schema.py``; ``schema.explain`` and ``schema.ExplainError``
still resolve here.
"""

from __future__ import annotations

import textwrap

from .schema import _load, _Version


class ExplainError(LookupError):
    """A field path that does not exist, worded as kubectl says it."""


def explain(kube_version: str, api_version: str, kind: str, field_path: list[str], recursive: bool = False) -> str:
    """``kubectl explain`` output (the v1.32 client's plaintext format) for a kind or one of its fields."""
    ver = _load(kube_version)
    name = ver.kinds.get((api_version, kind))
    if name is None:
        raise ExplainError(f'the server doesn\'t have a resource type "{kind.lower()}"')
    group, _, version = api_version.rpartition("/")
    out = [f"GROUP:      {group}\n"] if group else []
    out += [f"KIND:       {kind}\n", f"VERSION:    {version}\n", "\n"]
    schema = ver.defs[name]
    description = schema.get("description", "")
    for i, field in enumerate(field_path):
        parent = _explain_target(ver, schema)
        if field not in parent.get("properties", {}):
            raise ExplainError(f'field "{field}" does not exist')
        schema = parent["properties"][field]
        description = "\n".join(d for d in (schema.get("description", ""), _type_description(ver, schema)) if d)
        if i == len(field_path) - 1:
            out.append(f"FIELD: {field} <{_explain_type(ver, schema)}>\n\n")
    if description:
        out += ["DESCRIPTION:\n", _wrap(description, 4), "\n"]
    target = _explain_target(ver, schema)
    if target.get("properties"):
        out.append("FIELDS:\n")
        if recursive:
            _explain_recursive(ver, target, 1, out, {id(target)})
            return "".join(out)
        required = set(target.get("required", ()))
        for field, sub in target["properties"].items():
            mark = " -required-" if field in required else ""
            out.append(f"  {field}\t<{_explain_type(ver, sub)}>{mark}\n")
            if sub.get("description"):
                out.append(_wrap(sub["description"], 4))
            out.append("\n")
    return "".join(out)


def _explain_recursive(ver: _Version, target: dict, level: int, out: list[str], seen: set[int]) -> None:
    required = set(target.get("required", ()))
    for field, sub in target.get("properties", {}).items():
        mark = " -required-" if field in required else ""
        out.append(f"{'  ' * level}{field}\t<{_explain_type(ver, sub)}>{mark}\n")
        inner = _explain_target(ver, sub)
        if inner.get("properties") and id(inner) not in seen:
            _explain_recursive(ver, inner, level + 1, out, seen | {id(inner)})


def _explain_target(ver: _Version, schema: dict) -> dict:
    """The object schema whose fields a path continues into: through $ref, array items and map values."""
    for _ in range(8):
        if "$ref" in schema:
            schema = ver.defs[schema["$ref"].rpartition("/")[2]]
        elif isinstance(schema.get("items"), dict):
            schema = schema["items"]
        elif isinstance(schema.get("additionalProperties"), dict) and "properties" not in schema:
            schema = schema["additionalProperties"]
        else:
            break
    return schema


def _type_description(ver: _Version, schema: dict) -> str:
    while isinstance(schema.get("items"), dict):
        schema = schema["items"]
    if "$ref" in schema:
        return ver.defs[schema["$ref"].rpartition("/")[2]].get("description", "")
    return ""


def _explain_type(ver: _Version, schema: dict) -> str:
    ref = schema.get("$ref")
    if ref:
        name = ref.rpartition("/")[2]
        target = ver.defs[name]
        types = target.get("type")
        types = [types] if isinstance(types, str) else [t for t in (types or ()) if t != "null"]
        if types and types[0] in ("string", "integer", "number", "boolean"):
            return types[0]
        return name.rpartition(".")[2]
    types = schema.get("type")
    types = [types] if isinstance(types, str) else [t for t in (types or ()) if t != "null"]
    kind = types[0] if types else "Object"
    if kind == "array":
        return "[]" + _explain_type(ver, schema.get("items") or {})
    if kind == "object":
        extra = schema.get("additionalProperties")
        return "map[string]" + _explain_type(ver, extra) if isinstance(extra, dict) else "Object"
    return kind


def _wrap(text: str, indent: int) -> str:
    pad = " " * indent
    lines = []
    for paragraph in text.strip().split("\n"):
        wrapped = textwrap.wrap(paragraph, width=80 - indent, break_long_words=False, break_on_hyphens=False)
        lines.extend(pad + w for w in wrapped or [""])
    return "\n".join(lines) + "\n"
