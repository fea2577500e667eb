"""`kubectl get`."""

from __future__ import annotations

from functools import cmp_to_key
from typing import Any

from .. import resources
from . import builder, jsonpath
from .client import APIFailure
from .common import Context, read_manifests, strip_managed_fields
from .output import GET_FORMATS, parse_output, print_objects
from .parser import Flag, KubectlError, error, flags
from .printers import TableOptions, render_tables
from .texts import text

FLAGS = flags(
    Flag("output", "o", "str"),
    Flag("selector", "l", "str"),
    Flag("field-selector", "", "str"),
    Flag("all-namespaces", "A", "bool", False),
    Flag("show-labels", "", "bool", False),
    Flag("show-kind", "", "bool", False),
    Flag("no-headers", "", "bool", False),
    Flag("sort-by", "", "str"),
    Flag("label-columns", "L", "list"),
    Flag("ignore-not-found", "", "bool", False),
    Flag("filename", "f", "list"),
    Flag("recursive", "R", "bool", False),
    Flag("watch", "w", "bool", False),
    Flag("watch-only", "", "bool", False),
    Flag("output-watch-events", "", "bool", False),
    Flag("chunk-size", "", "int", 500),
    Flag("show-managed-fields", "", "bool", False),
    Flag("server-print", "", "bool", True),
    Flag("allow-missing-template-keys", "", "bool", True),
    Flag("template", "", "str"),
    Flag("subresource", "", "str"),
    Flag("raw", "", "str"),
)

NO_TYPE = (
    'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported '
    "resources.\n\nerror: Required resource not specified.\n"
    'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n'
    "See 'kubectl get -h' for help and examples"
)


def run(ctx: Context) -> None:
    args = ctx.args
    if args["watch"] or args["watch-only"]:
        from .watch import run_watch  # runs the simulation while it watches

        if args["filename"]:
            raise error("watch is only supported on individual resources and resource collections, but 0 "
                        "resources were found")
        if not args.positional:
            raise KubectlError(NO_TYPE)
        run_watch(ctx)
        return
    if args["raw"]:
        raise KubectlError(text("server_side", ctx.language, flag="--raw"))
    out = parse_output(args["output"], GET_FORMATS)
    if args["show-labels"] and not out.is_table:
        raise error(f"--show-labels option cannot be used with {out.kind} printer")
    if args.positional and args["filename"]:
        raise error("when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well")
    if args["filename"]:
        found = _from_files(ctx)
        single = found.count == 1 and len(found.groups) == 1
    else:
        if not args.positional:
            raise KubectlError(NO_TYPE)
        request = builder.parse_args(args.positional)
        found = builder.fetch(ctx.client, request, namespace=ctx.namespace, all_namespaces=args["all-namespaces"],
                              selector=args["selector"], field_selector=args["field-selector"])
        single = request.single
    errors = found.errors
    if args["ignore-not-found"]:
        errors = [e for e in errors if not e.not_found]
    if args["sort-by"]:
        _sort(found, args["sort-by"])
    if out.is_table:
        groups = [(res, [strip_managed_fields(o) for o in objs]) for res, objs in found.groups]
        kinds = [res for res, objs in groups if objs]
        opts = TableOptions(wide=out.kind == "wide", all_namespaces=args["all-namespaces"],
                            show_kind=args["show-kind"] or len(kinds) > 1, show_labels=args["show-labels"],
                            no_headers=args["no-headers"], label_columns=list(args["label-columns"]))
        printed = render_tables(groups, ctx.age, opts)
        ctx.write(printed)
        if not printed and not errors and not args["ignore-not-found"]:
            all_namespaced = not args["all-namespaces"] and all(res.namespaced for res, objs in groups if objs)
            ctx.warn(f"No resources found in {ctx.namespace} namespace." if all_namespaced else "No resources found")
    else:
        objs = [strip_managed_fields(o, args["show-managed-fields"]) for o in found.objects]
        if single and errors:
            pass
        elif objs or not args["ignore-not-found"]:
            ctx.write(print_objects(objs, out, single=single, no_headers=args["no-headers"]))
    ctx.report(errors)


def _from_files(ctx: Context) -> builder.Found:
    groups: list[tuple[resources.Resource, list[dict]]] = []
    errors: list[builder.Problem] = []
    client = ctx.client
    for filename, doc in read_manifests(ctx, ctx.args["filename"]):
        if doc.error is not None or not isinstance(doc.data, dict):
            raise error(f"error parsing {filename}: {doc.error.message_en if doc.error else 'not an object'}")
        res = resources.by_kind(doc.kind or "")
        if res is None:
            raise error(f'resource mapping not found for name: "{doc.name}" namespace: "" from "{filename}": '
                        f'no matches for kind "{doc.kind}" in version "{doc.api_version}"\nensure CRDs are installed first')
        ns = (doc.data.get("metadata") or {}).get("namespace") or ctx.namespace
        try:
            obj = client.get(res, ns, doc.name or "")
        except APIFailure as exc:
            errors.append(exc.problem)
            continue
        if groups and groups[-1][0] == res:
            groups[-1][1].append(obj)
        else:
            groups.append((res, [obj]))
    return builder.Found(groups, errors)


# --- --sort-by (kubectl get/sorter.go: RuntimeSort / TableSorter, isLess, sort.Sort) ----------


def _natural_less(a: str, b: str) -> bool:
    """github.com/fvbommel/sortorder NaturalLess, on UTF-8 bytes: digit runs compare as numbers."""
    s1, s2 = a.encode(), b.encode()
    i = j = 0
    while i < len(s1) and j < len(s2):
        c1, c2 = s1[i], s2[j]
        d1, d2 = 48 <= c1 <= 57, 48 <= c2 <= 57
        if d1 != d2:
            return d1
        if not d1:
            if c1 != c2:
                return c1 < c2
            i += 1
            j += 1
            continue
        while i < len(s1) and s1[i] == 48:
            i += 1
        while j < len(s2) and s2[j] == 48:
            j += 1
        nz1, nz2 = i, j
        while i < len(s1) and 48 <= s1[i] <= 57:
            i += 1
        while j < len(s2) and 48 <= s2[j] <= 57:
            j += 1
        if i - nz1 != j - nz2:
            return i - nz1 < j - nz2
        if s1[nz1:i] != s2[nz2:j]:
            return s1[nz1:i] < s2[nz2:j]
        if nz1 != nz2:
            return nz1 < nz2
    return len(s1) < len(s2)


def _quantity(text: str) -> Any:
    from ..defaults import parse_quantity

    try:
        return parse_quantity(text)
    except (ValueError, ZeroDivisionError):
        return None


def _is_less(a: Any, b: Any) -> bool:
    """kubectl's isLess for values read from unstructured objects (interface{} values)."""
    if a is None and b is None:
        return False
    if a is None:
        return True
    if b is None:
        return False
    if isinstance(a, bool):
        return (not a) and b is True
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(b, bool):
        return a < b
    if isinstance(a, str) and isinstance(b, str):
        qa, qb = _quantity(a), _quantity(b)
        if qa is not None and qb is not None:
            return qa < qb
        return _natural_less(a, b)
    if isinstance(a, list) and isinstance(b, list):
        for x, y in zip(a, b):
            if not _is_less(x, y):
                return False
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        raise error("unsortable type: map[string]interface {}")
    return False


def _sort(found: builder.Found, expr: str) -> None:
    field = jsonpath.relaxed(expr)
    try:
        keyed = [[jsonpath.values(expr, o) for o in objs] for _, objs in found.groups]
    except jsonpath.JSONPathError as exc:
        raise error(str(exc)) from None
    if found.count and not any(values for group in keyed for values in group):
        raise error(f'couldn\'t find any field with path "{field}" in the list of objects')

    def less(x: tuple, y: tuple) -> bool:
        if not x[0]:
            return True
        if not y[0]:
            return False
        return _is_less(x[0][0], y[0][0])

    try:
        from .describe import _go_sort  # Go's sort.Sort (pdqsort): ties land where kubectl puts them
    except ImportError:  # pragma: no cover - describe.py is written alongside this module
        def _go_sort(items: list, lt: Any) -> list:
            return sorted(items, key=cmp_to_key(lambda a, b: -1 if lt(a, b) else (1 if lt(b, a) else 0)))

    for i, (res, objs) in enumerate(found.groups):
        pairs = _go_sort(list(zip(keyed[i], objs)), less)
        found.groups[i] = (res, [o for _, o in pairs])
