"""Commands that change existing objects: delete, scale, label, annotate, set image, patch."""

from __future__ import annotations

import json

import yaml

from . import targets
from .client import APIFailure, Problem
from .common import Context, dry_run_strategy, required_flag
from .output import ACTION_FORMATS, action, name_of, parse_output, print_each
from .parser import Flag, KubectlError, error, flags

_SELECT = (Flag("selector", "l", "str"), Flag("all", "", "bool", False), Flag("all-namespaces", "A", "bool", False),
           Flag("field-selector", "", "str"), Flag("filename", "f", "list"), Flag("recursive", "R", "bool", False),
           Flag("output", "o", "str"), Flag("dry-run", "", "str", None, no_opt="unchanged"))

DELETE_FLAGS = flags(
    *_SELECT, Flag("grace-period", "", "int", -1), Flag("force", "", "bool", False), Flag("now", "", "bool", False),
    Flag("cascade", "", "str", "background", no_opt="background"), Flag("wait", "", "bool", True),
    Flag("ignore-not-found", "", "bool", False), Flag("timeout", "", "str", "0s"), Flag("interactive", "i", "bool", False),
    Flag("raw", "", "str"), Flag("kustomize", "k", "str"),
)
SCALE_FLAGS = flags(*_SELECT, Flag("replicas", "", "int", -1), Flag("current-replicas", "", "int", -1),
                    Flag("resource-version", "", "str", ""), Flag("timeout", "", "str", "0s"),
                    Flag("show-managed-fields", "", "bool", False))
LABEL_FLAGS = flags(*_SELECT, Flag("overwrite", "", "bool", False), Flag("list", "", "bool", False),
                    Flag("local", "", "bool", False), Flag("resource-version", "", "str", ""),
                    Flag("field-manager", "", "str", "kubectl-label"), Flag("show-managed-fields", "", "bool", False))
SET_IMAGE_FLAGS = flags(*_SELECT, Flag("local", "", "bool", False), Flag("field-manager", "", "str", "kubectl-set"),
                        Flag("show-managed-fields", "", "bool", False))
PATCH_FLAGS = flags(
    Flag("patch", "p", "str"), Flag("patch-file", "", "str"), Flag("type", "", "str", "strategic"),
    Flag("filename", "f", "list"), Flag("recursive", "R", "bool", False), Flag("output", "o", "str"),
    Flag("dry-run", "", "str", None, no_opt="unchanged"), Flag("local", "", "bool", False),
    Flag("subresource", "", "str"), Flag("field-manager", "", "str", "kubectl-patch"),
    Flag("show-managed-fields", "", "bool", False),
)


# --- delete ----------------------------------------------------------------------------------


def run_delete(ctx: Context) -> None:
    a = ctx.args
    out = parse_output(a["output"], ("name",))
    dry_run = dry_run_strategy(ctx)
    cascade = a["cascade"]
    if cascade in ("true", "false"):
        ctx.warn(f"warning: --cascade={cascade} is deprecated (boolean value) and can be replaced with "
                 f"--cascade={'background' if cascade == 'true' else 'orphan'}.")
        cascade = "background" if cascade == "true" else "orphan"
    if cascade not in ("background", "foreground", "orphan"):
        raise error(f'invalid cascade value ({cascade}). Must be "background", "foreground", or "orphan".')
    grace = a["grace-period"]
    if a["now"]:
        if grace != -1:
            raise error("--now and --grace-period cannot be specified together")
        grace = 1
    if grace == 0 and not a["force"]:
        grace = 1  # kubectl's guard against accidental data loss
    if a["force"] and grace < 0:
        grace = 0
    if a["force"] and grace > 0:
        raise error("--force and --grace-period greater than 0 cannot be specified together")
    if a["interactive"]:
        raise error("--interactive can not be used when the input is not a terminal")  # the console has no prompt
    if grace == 0 and a["force"]:
        ctx.warn("Warning: Immediate deletion does not wait for confirmation that the running resource has been "
                 "terminated. The resource may continue to run on the cluster indefinitely.")
    objs, errors = targets.find(ctx, ctx.args.positional, file_verb="deleting")
    if a["ignore-not-found"]:
        errors = [e for e in errors if not e.not_found]
    operation = "force deleted" if grace == 0 else "deleted"
    operation += {"client": " (dry run)", "server": " (server dry run)"}.get(dry_run, "")
    propagation = {"background": "Background", "foreground": "Foreground", "orphan": "Orphan"}[cascade]
    deleted = []
    for res, obj in objs:
        if dry_run != "client":
            try:
                ctx.client.delete(res, targets.ns_of(obj), targets.name_of(obj), propagation=propagation,
                                  grace_period=None if grace < 0 else grace, dry_run=dry_run == "server")
                if dry_run == "none":
                    deleted.append((res, obj))
            except APIFailure as exc:
                # Found a moment ago but gone now: an owner deleted earlier in this command took it along (the
                # sandbox's garbage collector runs inside the request; kubectl, racing the real one, reports it).
                if not exc.not_found:
                    errors.append(exc.problem)
                    continue
        if out.kind == "name":
            ctx.print(name_of(obj, res))
        else:
            ctx.print(f'{res.kind_qualified} "{targets.name_of(obj)}" {operation}')
    if a["wait"] and deleted:
        from .watch import parse_duration, wait_for_deletion  # runs the simulation until they are gone

        timeout = parse_duration(a["timeout"], "--timeout", "kubectl delete")
        wait_for_deletion(ctx, deleted, None if grace < 0 else grace, timeout)
    if not objs and not errors and not ctx.args.has("filename") and (a["selector"] or a["all"] or a["field-selector"]):
        ctx.print("No resources found")
    ctx.report(errors)


# --- scale -----------------------------------------------------------------------------------

_SCALABLE = ("Deployment", "ReplicaSet", "StatefulSet", "ReplicationController")


def run_scale(ctx: Context) -> None:
    a = ctx.args
    if not a.has("replicas"):
        raise required_flag("replicas")
    out = parse_output(a["output"], ACTION_FORMATS)
    dry_run = dry_run_strategy(ctx)
    if a["replicas"] < 0:
        raise error("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0")
    objs, errors = targets.find(ctx, a.positional)
    if not objs and not errors:
        raise error("no objects passed to scale")
    for res, obj in objs:
        if res.kind not in _SCALABLE:
            text = "Error from server (NotFound): the server could not find the requested resource"
            errors.append(Problem(text, text, True))
            continue
        current = int((obj.get("spec") or {}).get("replicas", 1))
        if a["current-replicas"] >= 0 and a["current-replicas"] != current:
            errors.append(Problem.plain(f"Expected replicas to be {a['current-replicas']}, was {current}"))
            continue
        rv = a["resource-version"]
        if rv and rv != (obj.get("metadata") or {}).get("resourceVersion"):
            errors.append(Problem.plain(f"Expected resourceVersion to be {rv}, was "
                                        f"{(obj.get('metadata') or {}).get('resourceVersion')}"))
            continue
        try:
            result, _ = ctx.client.patch(res, targets.ns_of(obj), targets.name_of(obj),
                                         {"spec": {"replicas": a["replicas"]}}, "merge", dry_run=dry_run != "none")
        except APIFailure as exc:
            errors.append(exc.problem)
            continue
        if out.kind:
            ctx.write(print_each([result], out))
        else:
            ctx.print(action(name_of(obj, res), "scaled", dry_run))
    ctx.report(errors)


# --- label and annotate ----------------------------------------------------------------------


def _parse_pairs(pairs: list[str], what: str) -> tuple[dict[str, str], list[str]]:
    updates: dict[str, str] = {}
    remove: list[str] = []
    for spec in pairs:
        if "=" in spec:
            if what == "label":
                parts = spec.split("=")
                if len(parts) != 2:
                    raise error(f"invalid label spec: {spec}")
            else:
                parts = spec.split("=", 1)
            if what == "label":
                from ..labels import label_value_errors

                problems = label_value_errors(parts[1])
                if problems:
                    raise error(f'invalid label value: "{spec}": {";".join(problems)}')
            updates[parts[0]] = parts[1]
        elif spec.endswith("-"):
            remove.append(spec[:-1])
        else:
            raise error(f"unknown {what} spec: {spec}")
    for key in remove:
        if key in updates:
            article = "a" if what == "label" else "an"
            raise error(f"can not both modify and remove {article} {what} in the same command")
    return updates, remove


def run_label(ctx: Context, what: str = "label") -> None:
    a = ctx.args
    field = "labels" if what == "label" else "annotations"
    resource_args, pairs = targets.split_pairs(a.positional, what)
    updates, remove = _parse_pairs(pairs, what)
    missing = "one or more resources must be specified as <resource> <name> or <resource>/<name>"
    if what == "label" and not updates and not remove and not a["list"]:
        raise error("at least one label update is required")
    if not resource_args and not a["filename"]:
        raise error(missing)
    if what == "annotation" and not updates and not remove and not a["list"]:
        raise error("at least one annotation update is required")
    out = parse_output(a["output"], ACTION_FORMATS)
    dry_run = dry_run_strategy(ctx)
    objs, errors = targets.find(ctx, resource_args, missing=missing)
    for res, obj in objs:
        current = dict((obj.get("metadata") or {}).get(field) or {})
        if a["list"]:
            for key, value in sorted(current.items()):
                ctx.print(f"{key}={value}")
            continue
        if not a["overwrite"]:
            clashes = [(k, current[k]) for k, v in updates.items() if k in current and current[k] != v]
            if what == "label" and clashes:
                errors.extend(Problem.plain(f"'{k}' already has a value ({v}), and --overwrite is false")
                              for k, v in clashes)
                continue
            clashes = [(k, v) for k, v in clashes if k != "kubernetes.io/change-cause"]
            if what == "annotation" and clashes:
                found = "; ".join(f"'{k}' already has a value ({v})" for k, v in clashes)
                errors.append(Problem.plain(
                    f"--overwrite is false but found the following declared annotation(s): {found}"))
                continue
        new = dict(current)
        for key in remove:
            if key not in new and what == "label":
                ctx.print(f'label "{key}" not found.')
            new.pop(key, None)
        new.update(updates)
        changed = new != current
        patch = {"metadata": {field: {**{k: None for k in remove if k in current},
                                      **{k: v for k, v in updates.items() if current.get(k) != v}}}}
        result = obj
        if changed:
            try:
                result, _ = ctx.client.patch(res, targets.ns_of(obj), targets.name_of(obj), patch, "merge",
                                             dry_run=dry_run != "none")
            except APIFailure as exc:
                errors.append(exc.problem)
                continue
        if out.kind:
            ctx.write(print_each([result], out))
            continue
        if what == "annotation":
            verb = "annotated"
        elif not changed:
            verb = "not labeled"
        elif not a["overwrite"] and len(json.dumps(new)) < len(json.dumps(current)):
            verb = "unlabeled"
        else:
            verb = "labeled"
        ctx.print(action(name_of(obj, res), verb, dry_run))
    ctx.report(errors)


# --- set image -------------------------------------------------------------------------------


def run_set_image(ctx: Context) -> None:
    a = ctx.args
    resource_args, pairs = targets.split_pairs(a.positional, "image")
    missing = "one or more resources must be specified as <resource> <name> or <resource>/<name>"
    invalid = ([Problem.plain(missing)] if not resource_args and not a["filename"] else []) + (
        [Problem.plain("at least one image update is required")] if not pairs else [])
    if invalid:  # Validate() returns every problem at once (an aggregate)
        ctx.report(invalid)
        return
    images: dict[str, str] = {}
    for pair in pairs:
        name, sep, image = pair.partition("=")
        if not sep or not name or not image:
            raise error(f"invalid image update {pair}: expected CONTAINER_NAME=IMAGE")
        images[name] = image
    out = parse_output(a["output"], ACTION_FORMATS)
    dry_run = dry_run_strategy(ctx)
    objs, errors = targets.find(ctx, resource_args, missing=missing)
    for res, obj in objs:
        spec = targets.pod_spec_of(obj)
        if spec is None:
            errors.append(Problem.plain(f"{name_of(obj, res)} the object is not a pod or does not have a pod "
                                        f"template: *v1.{res.kind}"))
            continue
        changes: dict[str, list[dict]] = {"containers": [], "initContainers": []}
        for name, image in images.items():
            found = False
            for list_name in ("initContainers", "containers"):
                for c in spec.get(list_name) or []:
                    if name == "*" or c.get("name") == name:
                        found = True
                        if c.get("image") != image:
                            changes[list_name].append({"name": c.get("name"), "image": image})
            if not found:
                errors.append(Problem.plain(f'unable to find container named "{name}"'))
        changes = {k: v for k, v in changes.items() if v}
        if not changes:
            continue
        patch = targets.nest(targets.pod_spec_path(res.kind), changes)
        try:
            result, _ = ctx.client.patch(res, targets.ns_of(obj), targets.name_of(obj), patch, "strategic",
                                         dry_run=dry_run != "none")
        except APIFailure as exc:
            errors.append(exc.problem)
            continue
        if out.kind:
            ctx.write(print_each([result], out))
        else:
            ctx.print(action(name_of(obj, res), "image updated", dry_run))
    ctx.report(errors)


# --- patch -----------------------------------------------------------------------------------


def run_patch(ctx: Context) -> None:
    a = ctx.args
    patch_text = a["patch"]
    if a["patch-file"]:
        if patch_text:
            raise error("--patch and --patch-file are mutually exclusive")
        if ctx.stdin is None:
            raise error(f"unable to read patch file: open {a['patch-file']}: no such file or directory")
        patch_text = ctx.stdin
    if not patch_text:
        raise error("must specify --patch or --patch-file containing the contents of the patch")
    kind = a["type"]
    if kind not in ("json", "merge", "strategic"):
        raise error(f'--type must be one of [json merge strategic], not "{kind}"')
    try:
        patch = yaml.safe_load(patch_text)
    except yaml.YAMLError as exc:
        problem = str(exc).splitlines()[0]
        raise error(f'unable to parse "{patch_text}": yaml: {problem}') from None
    if kind == "json" and not isinstance(patch, list):
        raise error('unable to parse "%s": json: cannot unmarshal object into Go value of type jsonpatch.Patch'
                    % patch_text)
    if kind != "json" and not isinstance(patch, dict):
        raise KubectlError("Error from server (BadRequest): json: cannot unmarshal %s into Go value of type "
                           "map[string]interface {}" % ("array" if isinstance(patch, list) else "string"))
    out = parse_output(a["output"], ACTION_FORMATS)
    dry_run = dry_run_strategy(ctx)
    ctx.args.values.setdefault("selector", None)
    ctx.args.values.setdefault("all", False)
    ctx.args.values.setdefault("all-namespaces", False)
    ctx.args.values.setdefault("field-selector", None)
    missing = "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'"
    objs, errors = targets.find(ctx, a.positional, use_selector=False, use_all=False, missing=missing)
    for res, obj in objs:
        try:
            result, changed = ctx.client.patch(res, targets.ns_of(obj), targets.name_of(obj), patch, kind,
                                               dry_run=dry_run != "none")
        except APIFailure as exc:
            errors.append(exc.problem)
            continue
        if out.kind:
            ctx.write(print_each([result], out))
            continue
        ctx.print(action(name_of(obj, res), "patched" if changed else "patched (no change)", dry_run))
    ctx.report(errors)
