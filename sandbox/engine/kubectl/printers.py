"""`kubectl get` tables: per-kind columns, NAMESPACE / LABELS / -L columns, kind prefixes, one table per kind."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..resources import Resource
from . import printers_cluster, printers_workloads
from .format import table
from .printers_workloads import Age

COLUMNS = {**printers_workloads.COLUMNS, **printers_cluster.COLUMNS}
ROWS = {**printers_workloads.ROWS, **printers_cluster.ROWS}


@dataclass
class TableOptions:
    wide: bool = False
    all_namespaces: bool = False
    show_kind: bool = False
    show_labels: bool = False
    no_headers: bool = False
    label_columns: list[str] = field(default_factory=list)


def _default_row(obj: dict, age: Age, wide: bool) -> list[str]:
    return [obj["metadata"]["name"], age(obj["metadata"].get("creationTimestamp"))]


def headers_for(resource: Resource, wide: bool) -> list[str]:
    if resource.kind == "Event" and wide:
        return list(printers_cluster.WIDE_EVENT_COLUMNS)
    base, extra = COLUMNS.get(resource.kind, (["NAME", "AGE"], []))
    return base + (extra if wide else [])


def rows_for(resource: Resource, objs: list[dict], age: Age, opts: TableOptions) -> list[list[str]]:
    """Header (unless --no-headers) and one row per object, decorated as kubectl decorates them."""
    make = ROWS.get(resource.kind, _default_row)
    headers = headers_for(resource, opts.wide)
    name_index = headers.index("NAME") if "NAME" in headers else -1
    with_namespace = opts.all_namespaces and resource.namespaced
    out: list[list[str]] = []
    if not opts.no_headers:
        row = list(headers)
        if with_namespace:
            row.insert(0, "NAMESPACE")
        row += [label.split("/")[-1].upper() for label in opts.label_columns]
        if opts.show_labels:
            row.append("LABELS")
        out.append(row)
    for obj in objs:
        cells = make(obj, age, opts.wide)
        meta = obj.get("metadata") or {}
        if opts.show_kind and name_index >= 0:
            cells[name_index] = f"{resource.kind_qualified}/{cells[name_index]}"
        if with_namespace:
            cells.insert(0, meta.get("namespace", ""))
        labels = meta.get("labels") or {}
        cells += [labels.get(label, "") for label in opts.label_columns]
        if opts.show_labels:
            cells.append(printers_workloads.format_labels(labels))
        out.append(cells)
    return out


def render_tables(groups: list[tuple[Resource, list[dict]]], age: Age, opts: TableOptions) -> str:
    """Tables for each kind in turn; a blank line between kinds (not with --no-headers)."""
    blocks: list[str] = []
    for resource, objs in groups:
        if not objs:
            continue
        text = table(rows_for(resource, objs, age, opts))
        if blocks and not opts.no_headers:
            blocks.append("")
        blocks.append(text)
    return "\n".join(blocks) + ("\n" if blocks else "")
