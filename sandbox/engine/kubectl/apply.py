"""`kubectl apply -f`, `kubectl create -f` and the manifest side of `delete -f`.

The manifest text is what the caller passes as stdin; any `-f NAME` (and `-f -`) reads it. Every
document is read and mapped to a known kind before anything is sent, as kubectl does: a YAML error
or an unknown kind changes nothing. Then each object goes to the API server in order; results
are printed as they come, API errors after them.
"""

from __future__ import annotations

import json
from typing import Any

from .. import resources, schema
from ..resources import Resource
from .client import APIFailure
from .common import Context, doc_error, dry_run_strategy, read_manifests
from .goyaml import to_yaml
from .output import ACTION_FORMATS, action, as_list, parse_output, print_each
from .parser import Flag, KubectlError, error, flags
from .texts import text

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"

APPLY_FLAGS = flags(
    Flag("filename", "f", "list"),
    Flag("output", "o", "str"),
    Flag("dry-run", "", "str", None, no_opt="unchanged"),
    Flag("recursive", "R", "bool", False),
    Flag("selector", "l", "str"),
    Flag("validate", "", "str", "strict", no_opt="strict"),
    Flag("server-side", "", "bool", False),
    Flag("force-conflicts", "", "bool", False),
    Flag("field-manager", "", "str", "kubectl-client-side-apply"),
    Flag("prune", "", "bool", False),
    Flag("all", "", "bool", False),
    Flag("force", "", "bool", False),
    Flag("grace-period", "", "int", -1),
    Flag("overwrite", "", "bool", True),
    Flag("wait", "", "bool", False),
    Flag("timeout", "", "str", "0s"),
    Flag("cascade", "", "str", "background", no_opt="background"),
    Flag("kustomize", "k", "str"),
    Flag("show-managed-fields", "", "bool", False),
    Flag("openapi-patch", "", "bool", True),
)

CREATE_FLAGS = flags(
    Flag("filename", "f", "list"),
    Flag("output", "o", "str"),
    Flag("dry-run", "", "str", None, no_opt="unchanged"),
    Flag("recursive", "R", "bool", False),
    Flag("selector", "l", "str"),
    Flag("validate", "", "str", "strict", no_opt="strict"),
    Flag("save-config", "", "bool", False),
    Flag("edit", "", "bool", False),
    Flag("raw", "", "str"),
    Flag("windows-line-endings", "", "bool", False),
    Flag("field-manager", "", "str", "kubectl-create"),
    Flag("kustomize", "k", "str"),
    Flag("show-managed-fields", "", "bool", False),
)


def shown_file(filename: str) -> str:
    return "STDIN" if filename == "-" else filename


def _check_namespace(ctx: Context, obj: dict, res: Resource) -> None:
    """Set the command's namespace on namespaced objects; refuse a conflicting one when -n was given."""
    meta = obj.setdefault("metadata", {})
    if not res.namespaced:
        return
    own = meta.get("namespace")
    if own and ctx.namespace_given and own != ctx.namespace:
        raise error(f'the namespace from the provided object "{own}" does not match the namespace "{ctx.namespace}". '
                    f"You must pass '--namespace={own}' to perform this operation.")
    if not own:
        meta["namespace"] = ctx.namespace


def load_objects(ctx: Context) -> list[tuple[str, Any, Resource, dict]]:
    """(file, document, resource, object) for every document; raises on the first unreadable one."""
    filenames = ctx.args["filename"]
    if ctx.args["kustomize"]:
        raise KubectlError(text("server_side", ctx.language, flag="-k/--kustomize"))
    if not filenames:
        raise error("must specify one of -f and -k")
    out = []
    version = getattr(ctx.cluster, "kube_version", schema.DEFAULT_VERSION)
    for filename, doc in read_manifests(ctx, filenames):
        shown = shown_file(filename)
        if doc.error is not None:
            raise KubectlError(doc_error(doc, shown))
        data = doc.data
        if not isinstance(data, dict):
            raise error(f"unable to decode \"{shown}\": json: cannot unmarshal {type(data).__name__} into Go value "
                        "of type struct")
        missing = [f"{f} not set" for f in ("apiVersion", "kind") if data.get(f) is None]
        if missing and ctx.args["validate"] not in ("false", "ignore"):
            detail = missing[0] if len(missing) == 1 else "[" + ", ".join(missing) + "]"
            raise error(f'error validating "{shown}": error validating data: {detail}; if you choose to ignore these '
                        "errors, turn validation off with --validate=false")
        if missing:
            from ..apiserver import go_json

            what = "Kind" if "kind not set" in missing else "apiVersion"
            raise error(f"unable to decode \"{shown}\": Object '{what}' is missing in '{go_json(data)}'")
        res = resources.by_kind(str(data["kind"]))
        served = res is not None and _served(version, str(data["apiVersion"]), str(data["kind"]))
        if not served:
            meta = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
            raise error(f'resource mapping not found for name: "{meta.get("name", "")}" namespace: '
                        f'"{meta.get("namespace", "")}" from "{shown}": no matches for kind "{data["kind"]}" in version '
                        f'"{data["apiVersion"]}"\nensure CRDs are installed first')
        _check_namespace(ctx, data, res)
        out.append((shown, doc, res, data))
    if not out:
        raise error(f"no objects passed to {'create' if ctx.args.command[:1] == ('create',) else 'apply'}")
    return out


def _served(version: str, api_version: str, kind: str) -> bool:
    try:
        return schema.has_schema(version, api_version, kind)
    except Exception:  # noqa: BLE001 - no schema data: trust the resource table
        res = resources.by_kind(kind)
        return res is not None and res.api_version == api_version


def last_applied(obj: dict) -> str:
    """The annotation kubectl apply stores: the manifest as compact JSON, `annotations: {}` included."""
    from ..apiserver import go_json

    copy = json.loads(json.dumps(obj))
    meta = copy.setdefault("metadata", {})
    annotations = dict(meta.get("annotations") or {})
    annotations.pop(LAST_APPLIED, None)
    meta["annotations"] = annotations
    return go_json(copy) + "\n"


def with_last_applied(obj: dict) -> dict:
    copy = json.loads(json.dumps(obj))
    meta = copy.setdefault("metadata", {})
    value = last_applied(obj)
    meta["annotations"] = {**(meta.get("annotations") or {}), LAST_APPLIED: value}
    return copy


def run_apply(ctx: Context) -> None:
    args = ctx.args
    if args["server-side"]:
        raise KubectlError(text("server_side", ctx.language, flag="--server-side"))
    if args["prune"]:
        raise KubectlError(text("server_side", ctx.language, flag="--prune"))
    out = parse_output(args["output"], ACTION_FORMATS)
    dry_run = dry_run_strategy(ctx)
    items = load_objects(ctx)
    client = ctx.client
    printed: list[dict] = []
    problems = []
    for shown, doc, res, obj in items:
        try:
            if dry_run == "client":
                result, verb = _client_dry_apply(ctx, res, obj)
            else:
                result, verb = client.apply(obj, dry_run=dry_run == "server", doc=doc, file=shown)
        except APIFailure as exc:
            problems.append(exc.problem)
            continue
        if out.kind:
            printed.append(result)
        else:
            ctx.print(action(result, verb, dry_run))
    if printed:
        if len(printed) == 1 or out.kind not in ("yaml", "json"):
            ctx.write(print_each(printed, out))
        else:
            listed = as_list(printed)
            listed["metadata"] = {}
            ctx.write(to_yaml(listed) if out.kind == "yaml" else print_each([listed], out))
    ctx.report(problems)


def _client_dry_apply(ctx: Context, res: Resource, obj: dict) -> tuple[dict, str]:
    """What `apply --dry-run=client` reports: created for a new object, else configured or unchanged."""
    meta = obj.get("metadata") or {}
    try:
        current = ctx.client.get(res, meta.get("namespace", ""), meta.get("name", ""))
    except APIFailure as exc:
        if not exc.not_found:
            raise
        return with_last_applied(obj), "created"
    modified = with_last_applied(obj)
    original_text = ((current.get("metadata") or {}).get("annotations") or {}).get(LAST_APPLIED)
    original = json.loads(original_text) if original_text else None
    try:
        from ..patch import three_way_merge

        merged = three_way_merge(original, modified, current, res.kind)
    except Exception:  # noqa: BLE001 - fall back to a plain comparison
        merged = modified
    return merged, ("unchanged" if merged == current else "configured")


def run_create_from_files(ctx: Context) -> None:
    args = ctx.args
    if args["edit"]:
        raise KubectlError(text("edit", ctx.language, target="TYPE/NAME"))
    out = parse_output(args["output"], ACTION_FORMATS)
    dry_run = dry_run_strategy(ctx)
    items = load_objects(ctx)
    client = ctx.client
    printed: list[dict] = []
    problems = []
    for shown, doc, res, obj in items:
        if args["save-config"]:
            obj = with_last_applied(obj)
        try:
            if dry_run == "client":
                result = obj
            else:
                result = client.create(obj, dry_run=dry_run == "server", doc=doc, file=shown)
        except APIFailure as exc:
            problems.append(exc.problem)
            continue
        if out.kind:
            printed.append(result)
        else:
            ctx.print(action(result, "created", dry_run))
    if printed:
        ctx.write(print_each(printed, out))
    ctx.report(problems)
