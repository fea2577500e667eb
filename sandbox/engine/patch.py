"""Patches as the API server applies them, and kubectl's client-side three-way apply merge.

- JSON merge patch (RFC 7386): maps merge recursively, ``null`` deletes, lists are replaced.
- Strategic merge patch: like a merge patch, but lists whose Kubernetes type declares a merge
  key (containers by ``name``, container ports by ``containerPort``, volume mounts by
  ``mountPath`` ...) are merged item by item; ``$patch: delete`` / ``$patch: replace`` directives.
- JSON patch (RFC 6902): add, remove, replace, move, copy, test.
- :func:`three_way_merge`: what ``kubectl apply`` computes from the last-applied configuration,
  the new manifest and the live object (fields dropped from the manifest are removed; fields
  the server or controllers set survive).
All functions return new data and leave their arguments alone.
"""

from __future__ import annotations

from typing import Any

from .store import copy_json


class PatchError(ValueError):
    """A patch that cannot be applied; ``str(exc)`` is the API server's message."""


_CONTAINER_LISTS = ("containers", "initContainers", "ephemeralContainers")
# patchMergeKey of list fields, from the Kubernetes API types (x-kubernetes-patch-merge-key).
_MERGE_KEYS = {
    "containers": "name",
    "initContainers": "name",
    "ephemeralContainers": "name",
    "volumes": "name",
    "imagePullSecrets": "name",
    "env": "name",
    "volumeMounts": "mountPath",
    "volumeDevices": "devicePath",
    "hostAliases": "ip",
    "topologySpreadConstraints": "topologyKey",
    "resourceClaims": "name",
    "schedulingGates": "name",
    "ownerReferences": "uid",
}
_PRIMITIVE_MERGE_LISTS = {("metadata", "finalizers")}


def merge_key(kind: str, path: tuple[str, ...]) -> str | None:
    """The merge key of the list at ``path`` (map keys only, list indexes left out), or None if atomic."""
    if not path:
        return None
    field = path[-1]
    parent = path[-2] if len(path) > 1 else ""
    if field == "ports":
        if parent in _CONTAINER_LISTS:
            return "containerPort"
        if kind == "Service" and path == ("spec", "ports"):
            return "port"
        return None
    if field == "conditions" and "status" in path:
        return "type"
    if field == "addresses" and kind == "Node" and path == ("status", "addresses"):
        return "type"
    if field in ("env", "volumeMounts", "volumeDevices") and parent not in _CONTAINER_LISTS:
        return None
    return _MERGE_KEYS.get(field)


def _identity(item: dict, key: str) -> Any:
    """What makes a list item the same item: its merge key, plus the protocol for ports.

    Service ports are merged by ``port`` alone in the real strategic merge patch, which mixes up
    53/TCP and 53/UDP (kubernetes/kubernetes#47249); matching on (port, protocol) keeps them apart.
    """
    if key in ("port", "containerPort"):
        return (item.get(key), item.get("protocol") or "TCP")
    return item.get(key)


def _is_primitive_merge(path: tuple[str, ...]) -> bool:
    return path[-2:] in _PRIMITIVE_MERGE_LISTS


# --- RFC 7386 ------------------------------------------------------------------------------


def merge_patch(target: Any, patch: Any) -> Any:
    if not isinstance(patch, dict):
        return copy_json(patch)
    result = copy_json(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


# --- strategic merge patch -----------------------------------------------------------------


def strategic_merge_patch(target: dict, patch: dict, kind: str) -> dict:
    if not isinstance(patch, dict):
        raise PatchError("strategic merge patch must be a JSON object")
    result = _smp_map(target if isinstance(target, dict) else {}, patch, kind, ())
    return result if result is not None else {}


def _smp_map(target: dict, patch: dict, kind: str, path: tuple[str, ...]) -> dict | None:
    directive = patch.get("$patch")
    if directive == "delete":
        return None
    if directive == "replace":
        return {k: copy_json(v) for k, v in patch.items() if k != "$patch"}
    result = copy_json(target)
    for key, value in patch.items():
        if key == "$patch" or key.startswith("$setElementOrder/") or key == "$retainKeys":
            continue
        if key.startswith("$deleteFromPrimitiveList/"):
            name = key.split("/", 1)[1]
            if isinstance(result.get(name), list):
                result[name] = [v for v in result[name] if v not in (value or [])]
            continue
        child = path + (key,)
        current = result.get(key)
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(current, dict):
            merged = _smp_map(current, value, kind, child)
            if merged is None:
                result.pop(key, None)
            else:
                result[key] = merged
        elif isinstance(value, dict):
            merged = _smp_map({}, value, kind, child)
            if merged is not None:
                result[key] = merged
        elif isinstance(value, list) and isinstance(current, list):
            result[key] = _smp_list(current, value, kind, child)
        elif isinstance(value, list):
            result[key] = _smp_list([], value, kind, child)
        else:
            result[key] = copy_json(value)
    return result


def _smp_list(current: list, patch: list, kind: str, path: tuple[str, ...]) -> list:
    if any(isinstance(item, dict) and item.get("$patch") == "replace" for item in patch):
        return [copy_json(i) for i in patch if not (isinstance(i, dict) and i.get("$patch") == "replace")]
    if _is_primitive_merge(path):
        out = list(current)
        out += [copy_json(v) for v in patch if v not in out]
        return out
    key = merge_key(kind, path)
    if key is None or not all(isinstance(i, dict) for i in patch):
        return [copy_json(i) for i in patch if not (isinstance(i, dict) and i.get("$patch") == "delete")]
    out = copy_json(current)
    for item in patch:
        if key not in item:
            raise PatchError(f"map: {item} does not contain declared merge key: {key}")
        ident = _identity(item, key)
        index = next((i for i, have in enumerate(out) if isinstance(have, dict) and _identity(have, key) == ident),
                     None)
        if item.get("$patch") == "delete":
            if index is not None:
                del out[index]
            continue
        if index is None:
            merged = _smp_map({}, item, kind, path)
            if merged is not None:
                out.append(merged)
        else:
            merged = _smp_map(out[index], item, kind, path)
            if merged is None:
                del out[index]
            else:
                out[index] = merged
    return out


# --- RFC 6902 ------------------------------------------------------------------------------


def json_patch(target: Any, operations: Any) -> Any:
    if not isinstance(operations, list):
        raise PatchError("json patch must be a list of operations")
    doc = copy_json(target)
    for op in operations:
        if not isinstance(op, dict) or "op" not in op or "path" not in op:
            raise PatchError(f"invalid JSON patch operation: {op}")
        name, path = op["op"], op["path"]
        if name == "add":
            doc = _add(doc, _pointer(path), copy_json(_required(op, "value")), name, path)
        elif name == "remove":
            doc, _ = _remove(doc, _pointer(path), name, path)
        elif name == "replace":
            doc, _ = _remove(doc, _pointer(path), name, path)
            doc = _add(doc, _pointer(path), copy_json(_required(op, "value")), name, path)
        elif name == "move":
            source = _required(op, "from")
            doc, value = _remove(doc, _pointer(source), name, source)
            doc = _add(doc, _pointer(path), value, name, path)
        elif name == "copy":
            source = _required(op, "from")
            doc = _add(doc, _pointer(path), copy_json(_lookup(doc, _pointer(source), name, source)), name, path)
        elif name == "test":
            if _lookup(doc, _pointer(path), name, path) != op.get("value"):
                raise PatchError(f"testing value {path} failed: test failed")
        else:
            raise PatchError(f"Unexpected kind: {name}")
    return doc


def _required(op: dict, field: str) -> Any:
    if field not in op:
        raise PatchError(f"{op['op']} operation missing {field!r}")
    return op[field]


def _pointer(path: str) -> list[str]:
    if path == "":
        return []
    if not path.startswith("/"):
        raise PatchError(f"invalid JSON pointer: {path!r}")
    return [part.replace("~1", "/").replace("~0", "~") for part in path[1:].split("/")]


def _missing(op: str, path: str) -> PatchError:
    return PatchError(f"jsonpatch {op} operation does not apply: doc is missing path: {path!r}")


def _lookup(doc: Any, parts: list[str], op: str, path: str) -> Any:
    for part in parts:
        if isinstance(doc, dict) and part in doc:
            doc = doc[part]
        elif isinstance(doc, list) and part.isdigit() and int(part) < len(doc):
            doc = doc[int(part)]
        else:
            raise _missing(op, path)
    return doc


def _add(doc: Any, parts: list[str], value: Any, op: str, path: str) -> Any:
    if not parts:
        return value
    parent = _lookup(doc, parts[:-1], op, path)
    last = parts[-1]
    if isinstance(parent, dict):
        parent[last] = value
    elif isinstance(parent, list):
        if last == "-":
            parent.append(value)
        elif last.isdigit() and int(last) <= len(parent):
            parent.insert(int(last), value)
        else:
            raise _missing(op, path)
    else:
        raise _missing(op, path)
    return doc


def _remove(doc: Any, parts: list[str], op: str, path: str) -> tuple[Any, Any]:
    if not parts:
        return None, doc
    parent = _lookup(doc, parts[:-1], op, path)
    last = parts[-1]
    if isinstance(parent, dict) and last in parent:
        return doc, parent.pop(last)
    if isinstance(parent, list) and last.isdigit() and int(last) < len(parent):
        return doc, parent.pop(int(last))
    raise _missing(op, path)


# --- kubectl apply: three-way merge ---------------------------------------------------------


def three_way_merge(original: dict | None, modified: dict, current: dict, kind: str) -> dict:
    """The live object after ``kubectl apply``: ``current`` changed to ``modified``, and fields that
    were in ``original`` (the last applied manifest) but are gone from ``modified`` removed."""
    return _twm_map(original if isinstance(original, dict) else {}, modified, current, kind, ())


def _twm_map(original: dict, modified: dict, current: dict, kind: str, path: tuple[str, ...]) -> dict:
    result = copy_json(current) if isinstance(current, dict) else {}
    for key in original:
        if key not in modified:
            result.pop(key, None)
    for key, value in modified.items():
        child = path + (key,)
        have = result.get(key)
        before = original.get(key)
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(have, dict):
            result[key] = _twm_map(before if isinstance(before, dict) else {}, value, have, kind, child)
        elif isinstance(value, list) and isinstance(have, list):
            result[key] = _twm_list(before if isinstance(before, list) else [], value, have, kind, child)
        else:
            result[key] = copy_json(value)
    return result


def _twm_list(original: list, modified: list, current: list, kind: str, path: tuple[str, ...]) -> list:
    if _is_primitive_merge(path):  # finalizers: keep what others added, drop what we removed
        out = [copy_json(v) for v in modified]
        out += [v for v in current if v not in out and v not in original]
        return out
    key = merge_key(kind, path)
    if key is None or not all(isinstance(i, dict) and key in i for i in modified):
        return copy_json(modified)
    by_key = {_identity(i, key): i for i in current if isinstance(i, dict)}
    before = {_identity(i, key): i for i in original if isinstance(i, dict)}
    wanted = {_identity(i, key) for i in modified}
    out = []
    for item in modified:
        ident = _identity(item, key)
        have = by_key.get(ident)
        if isinstance(have, dict):
            out.append(_twm_map(before.get(ident) or {}, item, have, kind, path))
        else:
            out.append(copy_json(item))
    # Items someone else added (not in the manifest now, never applied by us) stay, after ours.
    for item in current:
        if isinstance(item, dict):
            ident = _identity(item, key)
            if ident not in wanted and ident not in before:
                out.append(copy_json(item))
    return out
