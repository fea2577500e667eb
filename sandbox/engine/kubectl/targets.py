"""Which objects a write command acts on: `TYPE NAME`, `TYPE/NAME`, `TYPE -l sel`, `TYPE --all`, `-f FILE`."""

from __future__ import annotations

from typing import Any

from .. import resources
from ..resources import Resource
from . import builder
from .client import APIFailure, Problem
from .common import Context, read_manifests
from .parser import KubectlError, error

NO_RESOURCES = (
    "You must provide one or more resources by argument or filename.\n"
    "Example resource specifications include:\n"
    "   '-f rsrc.yaml'\n"
    "   '--filename=rsrc.json'\n"
    "   '<resource> <name>'\n"
    "   '<resource>'"
)


def split_pairs(args: list[str], pair_type: str) -> tuple[list[str], list[str]]:
    """cmdutil.GetResourcesAndPairs: resources first, then `key=value` / `key-` pairs."""
    resources_, pairs, found = [], [], False
    for arg in args:
        is_pair = ("=" in arg and not arg.startswith("=")) or (arg.endswith("-") and arg != "-")
        if is_pair:
            found = True
            pairs.append(arg)
        elif found:
            raise error(f"all resources must be specified before {pair_type} changes: {arg}")
        else:
            resources_.append(arg)
    return resources_, pairs


def find(ctx: Context, args: list[str], *, use_selector: bool = True, use_all: bool = True,
         missing: str = NO_RESOURCES, file_verb: str | None = None) -> tuple[list[tuple[Resource, dict]], list[Problem]]:
    """(resource, object) pairs the arguments name, and the API errors met on the way (``file_verb``:
    how an error for an object read from -f is worded, e.g. `error when deleting "x.yaml": ...`)."""
    a = ctx.args
    selector = a["selector"] if use_selector else None
    select_all = bool(a["all"]) if use_all else False
    filenames = a["filename"] or []
    if filenames:
        if args:
            raise error("when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well")
        return _from_files(ctx, filenames, file_verb)
    if not args:
        raise error(missing)
    if select_all and selector:
        raise error("setting 'all' parameter but found a non empty selector. ")
    request = builder.parse_args(args)
    if not request.has_names and not selector and not select_all and not a["field-selector"]:
        raise error("resource(s) were provided, but no name was specified")
    found = builder.fetch(ctx.client, request, namespace=ctx.namespace, all_namespaces=bool(a["all-namespaces"]),
                          selector=selector, field_selector=a["field-selector"])
    return [(res, obj) for res, objs in found.groups for obj in objs], found.errors


def _from_files(ctx: Context, filenames: list[str],
                file_verb: str | None = None) -> tuple[list[tuple[Resource, dict]], list[Problem]]:
    out, errors = [], []
    for filename, doc in read_manifests(ctx, filenames):
        if doc.error is not None or not isinstance(doc.data, dict):
            message = doc.error.message_en if doc.error else "not an object"
            raise KubectlError(f"error: error parsing {'STDIN' if filename == '-' else filename}: {message}")
        res = resources.by_kind(doc.kind or "")
        if res is None:
            raise error(f'resource mapping not found for name: "{doc.name}" namespace: "" from "{filename}": '
                        f'no matches for kind "{doc.kind}" in version "{doc.api_version}"\n'
                        "ensure CRDs are installed first")
        ns = (doc.data.get("metadata") or {}).get("namespace") or ctx.namespace
        try:
            out.append((res, ctx.client.get(res, ns, doc.name or "")))
        except APIFailure as exc:
            if file_verb and exc.error is not None:
                shown = "STDIN" if filename == "-" else filename
                text = exc.error.kubectl_message(verb=file_verb, file=shown).rstrip("\n")
                exc = APIFailure(text, exc.error, file_verb, shown)
            errors.append(exc.problem)
    return out, errors


def ns_of(obj: dict) -> str:
    return (obj.get("metadata") or {}).get("namespace") or ""


def name_of(obj: dict) -> str:
    return (obj.get("metadata") or {}).get("name") or ""


def pod_spec_of(obj: dict) -> dict | None:
    """The pod spec inside a pod, a workload template or a CronJob's job template."""
    kind, spec = obj.get("kind"), obj.get("spec") or {}
    if kind == "Pod":
        return spec
    if kind == "CronJob":
        return (((spec.get("jobTemplate") or {}).get("spec") or {}).get("template") or {}).get("spec")
    template = spec.get("template")
    return template.get("spec") if isinstance(template, dict) else None


def pod_spec_path(kind: str) -> tuple[str, ...]:
    if kind == "Pod":
        return ("spec",)
    if kind == "CronJob":
        return ("spec", "jobTemplate", "spec", "template", "spec")
    return ("spec", "template", "spec")


def nest(path: tuple[str, ...], value: Any) -> dict:
    for key in reversed(path):
        value = {key: value}
    return value
