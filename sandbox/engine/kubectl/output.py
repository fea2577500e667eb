"""`-o` printers other than tables: yaml, json, name, jsonpath, custom-columns; and action messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..resources import Resource, by_kind
from . import jsonpath
from .format import table
from .goyaml import to_json, to_yaml
from .parser import KubectlError, error
from .texts import SandboxError

GET_FORMATS = ("custom-columns", "custom-columns-file", "go-template", "go-template-file", "json", "jsonpath",
               "jsonpath-as-json", "jsonpath-file", "name", "template", "templatefile", "wide", "yaml")
ACTION_FORMATS = ("go-template", "go-template-file", "json", "jsonpath", "jsonpath-as-json", "jsonpath-file", "name",
                  "template", "templatefile", "yaml")


@dataclass(frozen=True)
class Output:
    kind: str = ""  # "" (table / message), wide, yaml, json, name, jsonpath, jsonpath-as-json, custom-columns
    arg: str = ""

    @property
    def is_table(self) -> bool:
        return self.kind in ("", "wide")


def parse_output(value: str | None, allowed: tuple[str, ...] = GET_FORMATS) -> Output:
    if not value:
        return Output()
    kind, eq, arg = value.partition("=")
    if kind not in allowed:
        raise error(f'unable to match a printer suitable for the output format "{value}", allowed formats are: '
                    + ",".join(allowed))
    if kind in ("jsonpath", "jsonpath-as-json", "custom-columns", "go-template", "template") and not arg:
        if kind == "custom-columns":
            raise error("custom-columns format specified but no custom columns given")
        raise error("template format specified but no template given")
    if kind.endswith("-file") or kind == "templatefile":
        raise error(f"open {arg}: no such file or directory")
    if kind in ("go-template", "template"):
        raise SandboxError("go_template")
    if kind in ("jsonpath", "jsonpath-as-json"):
        try:
            jsonpath.compile_template(arg)
        except jsonpath.JSONPathError as exc:
            raise error(str(exc)) from None
    if kind == "custom-columns":
        _columns(arg)
    return Output(kind, arg)


def resource_of(obj: dict) -> Resource | None:
    return by_kind(obj.get("kind", ""))


def name_of(obj: dict, resource: Resource | None = None) -> str:
    """`deployment.apps/web`: kubectl's name printer."""
    resource = resource or resource_of(obj)
    name = (obj.get("metadata") or {}).get("name", "")
    if resource is None:
        kind = (obj.get("kind") or "").lower()
        group = (obj.get("apiVersion") or "").rpartition("/")[0]
        return f"{kind}.{group}/{name}" if group else f"{kind}/{name}"
    return f"{resource.kind_qualified}/{name}"


def as_list(objs: list[dict]) -> dict:
    return {"apiVersion": "v1", "items": objs, "kind": "List", "metadata": {"resourceVersion": ""}}


def _columns(spec: str) -> list[tuple[str, str]]:
    columns = []
    for part in spec.split(","):
        header, sep, expr = part.partition(":")
        if not sep:
            raise error(f"unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>")
        try:
            jsonpath.compile_template(jsonpath.relaxed(expr))
        except jsonpath.JSONPathError as exc:
            raise error(str(exc)) from None
        columns.append((header, expr))
    return columns


def custom_columns(spec: str, objs: list[dict], no_headers: bool = False) -> str:
    columns = _columns(spec)
    rows = [] if no_headers else [[h for h, _ in columns]]
    for obj in objs:
        row = []
        for _, expr in columns:
            try:
                found = jsonpath.values(expr, obj)
            except jsonpath.JSONPathError as exc:
                raise error(str(exc)) from None
            row.append(",".join(jsonpath.go_value(v) for v in found) if found else "<none>")
        rows.append(row)
    return table(rows) + "\n" if rows else ""


def render_jsonpath(template: str, data: Any, as_json: bool = False) -> str:
    try:
        if as_json:
            tree = jsonpath.compile_template(template)
            results = [v for node in tree if node[0] == "path" for v in jsonpath.find(data, node[1])]
            return to_json(results)
        return jsonpath.render(template, data)
    except jsonpath.JSONPathError as exc:
        raise KubectlError(f"error: {exc}") from None


def print_objects(objs: list[dict], out: Output, *, single: bool, sort_keys: bool = True,
                  no_headers: bool = False) -> str:
    """What `get` prints for ``objs`` in a non-table format (``single``: one object asked for by name)."""
    data: Any = objs[0] if single and len(objs) == 1 else as_list(objs)
    if out.kind == "yaml":
        return to_yaml(data)
    if out.kind == "json":
        return to_json(data, sort_keys=sort_keys)
    if out.kind == "name":
        return "".join(name_of(o) + "\n" for o in objs)
    if out.kind in ("jsonpath", "jsonpath-as-json"):
        return render_jsonpath(out.arg, data, out.kind == "jsonpath-as-json")
    if out.kind == "custom-columns":
        return custom_columns(out.arg, objs, no_headers)
    raise AssertionError(out.kind)


def print_each(objs: list[dict], out: Output, *, sort_keys: bool = True) -> str:
    """Objects printed one by one, as create/apply/run print their results (`---` between YAML documents)."""
    parts = []
    for i, obj in enumerate(objs):
        if out.kind == "yaml":
            parts.append(("---\n" if i else "") + to_yaml(obj))
        elif out.kind == "json":
            parts.append(to_json(obj, sort_keys=sort_keys))
        elif out.kind == "name":
            parts.append(name_of(obj) + "\n")
        elif out.kind in ("jsonpath", "jsonpath-as-json"):
            parts.append(render_jsonpath(out.arg, obj, out.kind == "jsonpath-as-json"))
    return "".join(parts)


def action(obj_or_name: dict | str, verb: str, dry_run: str = "none") -> str:
    """`deployment.apps/web created`, `... (dry run)`, `... (server dry run)`."""
    name = obj_or_name if isinstance(obj_or_name, str) else name_of(obj_or_name)
    suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry_run, "")
    return f"{name} {verb}{suffix}\n"
