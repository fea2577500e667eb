"""`kubectl rollout status|history|undo|pause|resume|restart` for Deployments (§4.5-§4.7).

Ported from kubectl's ``pkg/cmd/rollout`` and ``pkg/polymorphichelpers`` (rollout_status.go,
history.go, rollback.go, objectpauser.go, objectresumer.go, objectrestarter.go). The sandbox is
simulated, so ``rollout status`` (watching by default) runs the cluster forward itself, one timer
at a time, until the rollout finishes or its progress deadline passes, printing each new waiting
line as the real watch would; when nothing could ever finish the rollout (a paused Deployment, or
no progress deadline and nothing left to happen) it stops and says why.
"""

from __future__ import annotations

import re
from typing import Any

from ..controllers.deployment import HASH_LABEL, REVISION, SKIPPED_ANNOTATIONS, equal_ignore_hash, get_condition
from ..controllers.replicaset import controller_of
from ..labels import SelectorError, selector_from_label_selector
from ..resources import Resource, by_kind
from . import rollout_apps, targets
from .client import APIFailure, Problem
from .common import Context, dry_run_strategy
from .describe import _describe_pod_template  # the describe printer kubectl reuses for a revision
from .output import ACTION_FORMATS, action, name_of, parse_output, print_each
from .parser import Flag, KubectlError, error, flags

SUBCOMMANDS = ("history", "pause", "restart", "resume", "status", "undo")
CHANGE_CAUSE = "kubernetes.io/change-cause"
RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"
# How long `rollout status` waits without any progress before giving up when no deadline would end it.
MAX_WAIT_SECONDS = 3600.0
NO_DEADLINE = 2**31 - 1

_COMMON = (
    Flag("filename", "f", "list"),
    Flag("recursive", "R", "bool", False),
    Flag("kustomize", "k", "str"),
    Flag("selector", "l", "str"),
)
_PRINT = (
    Flag("output", "o", "str"),
    Flag("show-managed-fields", "", "bool", False),
    Flag("allow-missing-template-keys", "", "bool", True),
    Flag("template", "", "str"),
)
FLAGS: dict[str, dict[str, Flag]] = {
    "status": flags(
        *_COMMON, Flag("revision", "", "int", 0), Flag("watch", "w", "bool", True), Flag("timeout", "", "str", "0s")
    ),
    "history": flags(*_COMMON, *_PRINT, Flag("revision", "", "int", 0)),
    "undo": flags(
        *_COMMON, *_PRINT, Flag("to-revision", "", "int", 0), Flag("dry-run", "", "str", None, no_opt="unchanged")
    ),
    "pause": flags(*_COMMON, *_PRINT, Flag("field-manager", "", "str", "kubectl-rollout")),
    "resume": flags(*_COMMON, *_PRINT, Flag("field-manager", "", "str", "kubectl-rollout")),
    "restart": flags(*_COMMON, *_PRINT, Flag("field-manager", "", "str", "kubectl-rollout")),
}
USAGE = {
    "rollout": ("Manage the rollout of one or many resources.", "kubectl rollout SUBCOMMAND [options]"),
    "rollout status": (
        "Show the status of the rollout.",
        "kubectl rollout status (TYPE NAME | TYPE/NAME) [flags] [options]",
    ),
    "rollout history": (
        "View previous rollout revisions and configurations.",
        "kubectl rollout history (TYPE NAME | TYPE/NAME) [flags] [options]",
    ),
    "rollout undo": (
        "Roll back to a previous rollout.",
        "kubectl rollout undo (TYPE NAME | TYPE/NAME) [flags] [options]",
    ),
    "rollout pause": ("Mark the provided resource as paused.", "kubectl rollout pause RESOURCE [options]"),
    "rollout resume": ("Resume a paused resource.", "kubectl rollout resume RESOURCE [options]"),
    "rollout restart": ("Restart a resource.", "kubectl rollout restart RESOURCE [options]"),
}
_TEXTS = {
    "paused": (
        'error: deployment "{name}" is paused, so its rollout cannot finish; kubectl would keep waiting '
        "until it is resumed (`kubectl rollout resume deployment/{name}`). The sandbox stopped waiting.",
        '오류: 디플로이먼트 "{name}"이(가) 일시 중지되어 있어 롤아웃이 끝날 수 없습니다. kubectl은 재개될 때까지 '
        "계속 기다립니다(`kubectl rollout resume deployment/{name}`). 샌드박스는 기다리기를 멈췄습니다.",
    ),
    "idle": (
        'error: nothing is left to happen that could finish the rollout of deployment "{name}", and it has no '
        "progress deadline to end the wait; kubectl would keep waiting. The sandbox stopped waiting.",
        '오류: 디플로이먼트 "{name}"의 롤아웃을 끝낼 수 있는 일이 더 이상 일어나지 않고, 기다림을 끝낼 진행 '
        "기한(progress deadline)도 없습니다. kubectl은 계속 기다리지만 샌드박스는 기다리기를 멈췄습니다.",
    ),
    "stuck": (
        'error: nothing more happened to deployment "{name}" for {seconds:g} seconds of simulated time and '
        "no progress deadline would end the wait; kubectl would keep waiting. The sandbox stopped waiting.",
        '오류: 시뮬레이션 시간으로 {seconds:g}초 동안 디플로이먼트 "{name}"에 아무 변화가 없고, 기다림을 끝낼 '
        "진행 기한(progress deadline)도 없습니다. kubectl은 계속 기다리지만 샌드박스는 기다리기를 멈췄습니다.",
    ),
    "kind": (
        "error: `kubectl rollout {command}` for {kind} is not supported by this sandbox yet (Deployments are).",
        "오류: 이 샌드박스는 아직 {kind}에 대한 `kubectl rollout {command}`를 지원하지 않습니다(디플로이먼트는 지원).",
    ),
}


def usage(path: str) -> str:
    description, line = USAGE.get(path, USAGE["rollout"])
    more = (
        'Use "kubectl rollout <command> --help" for more information about a given command.\n'
        if path == "rollout"
        else ""
    )
    return (
        f"{description}\n\nUsage:\n  {line}\n\n{more}"
        'Use "kubectl options" for a list of global command-line options (applies to all commands).\n'
    )


def run(ctx: Context) -> None:
    """Entry point for `kubectl rollout SUB ...` once the line is parsed (ctx.args.command[1] is SUB)."""
    sub = ctx.args.command[1]
    for name, default in (("all", False), ("all-namespaces", False), ("field-selector", None)):
        ctx.args.values.setdefault(name, default)
    RUNNERS[sub](ctx)


def _text(ctx: Context, key: str, **params: Any) -> str:
    english, korean = _TEXTS[key]
    return (korean if ctx.language == "ko" else english).format(**params)


def _targets(ctx: Context) -> tuple[list[tuple[Resource, dict]], list[Problem]]:
    sub = ctx.args.command[1]
    missing = f"Required resource not specified.\nSee 'kubectl rollout {sub} -h' for help and examples"
    return targets.find(ctx, ctx.args.positional, use_all=False, missing=missing)


def _unsupported(ctx: Context, res: Resource) -> KubectlError | None:
    """kubectl's answer for kinds without a rollout (or the sandbox's, for kinds it does not roll out yet)."""
    if res.kind in ("Deployment", "DaemonSet", "StatefulSet"):
        return None  # DaemonSets and StatefulSets: rollout_apps.py
    group_kind = f"{res.kind}.{res.group}" if res.group else res.kind
    sub = ctx.args.command[1]
    if sub == "status":
        return error(f"no status viewer has been implemented for {group_kind}")
    if sub == "history":
        return error(f'no history viewer has been implemented for "{group_kind}"')
    return error(f'no rollbacker has been implemented for "{group_kind}"')


# --- the Deployment's ReplicaSets (deploymentutil.GetAllReplicaSets) -------------------------------------


def _replicasets(ctx: Context, d: dict) -> list[dict]:
    """The ReplicaSets the Deployment controls whose labels match its selector, oldest first."""
    meta = d["metadata"]
    try:
        selector = selector_from_label_selector(d["spec"].get("selector"))
    except SelectorError:
        return []
    listed = ctx.client.list(by_kind("ReplicaSet"), meta.get("namespace"), str(selector))
    found = [rs for rs in listed if (controller_of(rs) or {}).get("uid") == meta.get("uid")]
    return sorted(found, key=lambda rs: (rs["metadata"].get("creationTimestamp") or "", rs["metadata"]["name"]))


def _revision(rs: dict) -> int | None:
    try:
        return int((rs["metadata"].get("annotations") or {}).get(REVISION) or "")
    except ValueError:
        return None


def _history(ctx: Context) -> None:
    a = ctx.args
    out = parse_output(a["output"], ACTION_FORMATS)
    objs, errors = _targets(ctx)
    for res, obj in objs:
        problem = _unsupported(ctx, res)
        if problem is not None:
            raise problem
        if res.kind in rollout_apps.KINDS:
            rollout_apps.history(ctx, res, obj, out, a["revision"], print_each)
            continue
        history: dict[int, dict] = {}
        for rs in _replicasets(ctx, obj):
            number = _revision(rs)
            if number is not None:
                history[number] = rs
        if out.kind:
            chosen = [history[n] for n in sorted(history)]
            if a["revision"] > 0:
                if a["revision"] not in history:
                    raise error("unable to find the specified revision")
                chosen = [history[a["revision"]]]
            ctx.write(print_each(chosen, out))
            continue
        if a["revision"] > 0:
            if a["revision"] not in history:
                raise error("unable to find the specified revision")
            text = _template_text(_history_template(history[a["revision"]]))
            ctx.write(f"{name_of(obj, res)} with revision #{a['revision']}\n{text}\n")
            continue
        if not history:
            ctx.write(f"{name_of(obj, res)} \nNo rollout history found.\n")
            continue
        rows = [("REVISION", "CHANGE-CAUSE")] + [
            (str(n), (history[n]["metadata"].get("annotations") or {}).get(CHANGE_CAUSE) or "<none>")
            for n in sorted(history)
        ]
        width = max(len(r[0]) for r in rows) + 2  # tabwriter: minwidth 0, padding 2
        table = "".join(f"{r[0].ljust(width)}{r[1]}\n" for r in rows)
        ctx.write(f"{name_of(obj, res)} \n{table}\n")
    ctx.report(errors)


def _history_template(rs: dict) -> dict:
    """The revision's pod template, with the RS's change-cause copied onto it (as ViewHistory does)."""
    template = dict(rs["spec"].get("template") or {})
    meta = dict(template.get("metadata") or {})
    cause = (rs["metadata"].get("annotations") or {}).get(CHANGE_CAUSE)
    if cause:
        meta["annotations"] = {**(meta.get("annotations") or {}), CHANGE_CAUSE: cause}
    return {**template, "metadata": meta}


class _RawWriter:
    """describe's PrefixWriter straight into a buffer: kubectl prints a revision without a tabwriter."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, level: int, text: str) -> None:
        self.parts.append("  " * level + text)

    def write_line(self, *args: Any) -> None:
        self.parts.append(" ".join(str(a) for a in args) + "\n")


def _template_text(template: dict) -> str:
    writer = _RawWriter()
    _describe_pod_template(writer, template)
    return "".join(writer.parts)


# --- undo (rollback.go) ----------------------------------------------------------------------------


def _undo(ctx: Context) -> None:
    a = ctx.args
    out = parse_output(a["output"], ACTION_FORMATS)
    dry_run = dry_run_strategy(ctx)
    objs, errors = _targets(ctx)
    for res, obj in objs:
        problem = _unsupported(ctx, res)
        if problem is not None:
            raise problem
        if res.kind in rollout_apps.KINDS:
            result = rollout_apps.rollback(ctx, res, obj, a["to-revision"], dry_run)
        else:
            result = _rollback(ctx, res, obj, a["to-revision"], dry_run)
        if out.kind:
            ctx.write(print_each([ctx.client.get(res, targets.ns_of(obj), targets.name_of(obj))], out))
        else:
            ctx.print(action(name_of(obj, res), result, dry_run))
    ctx.report(errors)


def _rollback(ctx: Context, res: Resource, d: dict, to_revision: int, dry_run: str) -> str:
    if to_revision < 0:
        raise error(f"unable to find specified revision {to_revision} in history")
    target = _rollback_target(ctx, d, to_revision)
    if dry_run == "client":
        return _template_text(target["spec"]["template"])
    if d["spec"].get("paused"):
        raise error(
            "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again"
        )
    if equal_ignore_hash(target["spec"].get("template"), d["spec"].get("template")):
        return f"skipped rollback (current template already matches revision {_revision(target)})"
    template = dict(target["spec"]["template"])
    meta = dict(template.get("metadata") or {})
    labels = {k: v for k, v in (meta.get("labels") or {}).items() if k != HASH_LABEL}
    if labels:
        meta["labels"] = labels
    else:
        meta.pop("labels", None)
    template["metadata"] = meta
    annotations = {k: v for k, v in (d["metadata"].get("annotations") or {}).items() if k in SKIPPED_ANNOTATIONS}
    annotations.update(
        {k: v for k, v in (target["metadata"].get("annotations") or {}).items() if k not in SKIPPED_ANNOTATIONS}
    )
    patch = [
        {"op": "replace", "path": "/spec/template", "value": template},
        {"op": "replace", "path": "/metadata/annotations", "value": annotations},
    ]
    try:
        ctx.client.patch(res, targets.ns_of(d), targets.name_of(d), patch, "json", dry_run=dry_run == "server")
    except APIFailure as exc:
        raise error(f"failed restoring revision {to_revision}: {exc.raw}") from None
    return "rolled back"


def _rollback_target(ctx: Context, d: dict, to_revision: int) -> dict:
    """deploymentRevision: the RS of ``to_revision``, or (0) the second newest revision."""
    latest, previous = (-1, None), (-1, None)
    for rs in _replicasets(ctx, d):
        number = _revision(rs)
        if number is None:
            continue
        if to_revision == 0:
            if latest[0] < number:
                previous, latest = latest, (number, rs)
            elif previous[0] < number:
                previous = (number, rs)
        elif number == to_revision:
            return rs
    if to_revision > 0:
        raise error(f"unable to find specified revision {to_revision} in history")
    if previous[1] is None:
        raise error(f'no rollout history found for deployment "{d["metadata"]["name"]}"')
    return previous[1]


# --- pause, resume, restart (objectpauser.go, objectresumer.go, objectrestarter.go) ----------------------


def _pause(ctx: Context) -> None:
    _patch_each(
        ctx,
        "paused",
        lambda d: "is already paused" if d["spec"].get("paused") else None,
        lambda d: {"spec": {"paused": True}},
        "pausing is not supported",
    )


def _resume(ctx: Context) -> None:
    _patch_each(
        ctx,
        "resumed",
        lambda d: None if d["spec"].get("paused") else "is not paused",
        lambda d: {"spec": {"paused": None}},
        "resuming is not supported",
    )


def _restart(ctx: Context) -> None:
    def change(d: dict) -> dict:
        return {"spec": {"template": {"metadata": {"annotations": {RESTARTED_AT: ctx.cluster.clock.timestamp()}}}}}

    def refuse(d: dict) -> str | None:
        return "can't restart paused deployment (run rollout resume first)" if d["spec"].get("paused") else None

    _patch_each(ctx, "restarted", refuse, change, "restarting is not supported")


def _patch_each(ctx: Context, verb: str, refuse, change, unsupported: str) -> None:
    """set.CalculatePatches + one strategic merge patch per object, as pause/resume/restart do."""
    a = ctx.args
    out = parse_output(a["output"], ACTION_FORMATS)
    objs, errors = _targets(ctx)
    for res, obj in objs:
        subject = f'{res.qualified} "{targets.name_of(obj)}"'
        if res.kind == "Deployment":
            reason = refuse(obj)
        else:  # objectrestarter also restarts DaemonSets and StatefulSets; pause/resume are Deployment-only
            reason = None if verb == "restarted" and res.kind in rollout_apps.KINDS else unsupported
        if reason is not None:
            errors.append(Problem(f"error: {subject} {reason}", f"error: {subject} {reason}"))
            continue
        patch = change(obj)
        if verb == "restarted" and _template_annotation(obj, RESTARTED_AT) == ctx.cluster.clock.timestamp():
            text = (
                f"failed to create patch for {targets.name_of(obj)}: if restart has already been triggered within "
                "the past second, please wait before attempting to trigger another"
            )
            errors.append(Problem(f"error: {text}", text))
            continue
        try:
            result, _ = ctx.client.patch(res, targets.ns_of(obj), targets.name_of(obj), patch, "strategic")
        except APIFailure as exc:
            errors.append(Problem(f"error: failed to patch: {exc.raw}", f"failed to patch: {exc.raw}"))
            continue
        if out.kind:
            ctx.write(print_each([result], out))
        else:
            ctx.print(action(name_of(obj, res), verb))
    ctx.report(errors)


def _template_annotation(d: dict, key: str) -> str | None:
    return ((((d.get("spec") or {}).get("template") or {}).get("metadata") or {}).get("annotations") or {}).get(key)


# --- status (rollout_status.go) --------------------------------------------------------------------


def status_line(d: dict, revision: int = 0) -> tuple[str, bool]:
    """DeploymentStatusViewer.Status: (the line kubectl prints, whether the rollout is done); errors raise."""
    name, spec, status = d["metadata"]["name"], d.get("spec") or {}, d.get("status") or {}
    if revision > 0:
        current = _revision(d)
        if current is None:
            raise error(f'cannot get the revision of deployment "{name}": invalid revision')
        if current != revision:
            raise error(f"desired revision ({revision}) is different from the running revision ({current})")
    if int(d["metadata"].get("generation") or 0) > int(status.get("observedGeneration") or 0):
        return "Waiting for deployment spec update to be observed...\n", False
    condition = get_condition(status, "Progressing")
    if condition is not None and condition.get("reason") == "ProgressDeadlineExceeded":
        raise error(f'deployment "{name}" exceeded its progress deadline')
    replicas = int(spec.get("replicas", 1))
    updated, total = int(status.get("updatedReplicas") or 0), int(status.get("replicas") or 0)
    available = int(status.get("availableReplicas") or 0)
    prefix = f'Waiting for deployment "{name}" rollout to finish: '
    if updated < replicas:
        return f"{prefix}{updated} out of {replicas} new replicas have been updated...\n", False
    if total > updated:
        return f"{prefix}{total - updated} old replicas are pending termination...\n", False
    if available < updated:
        return f"{prefix}{available} of {updated} updated replicas are available...\n", False
    return f'deployment "{name}" successfully rolled out\n', True


def _status(ctx: Context) -> None:
    a = ctx.args
    timeout = _duration(a["timeout"])
    objs, errors = _targets(ctx)
    if errors:
        ctx.report(errors)
        return
    if len(objs) != 1:
        raise error(
            f"rollout status is only supported on individual resources and resource collections, but "
            f"{len(objs)} resources were found"
        )
    res, d = objs[0]
    problem = _unsupported(ctx, res)
    if problem is not None:
        raise problem
    if res.kind in rollout_apps.KINDS:
        if not a["watch"]:
            ctx.write(rollout_apps.status_line(d)[0])
        else:
            rollout_apps.watch(ctx, d, timeout)
        return
    if not a["watch"]:
        ctx.write(status_line(d, a["revision"])[0])
        return
    _watch(ctx, d, a["revision"], timeout)


def _watch(ctx: Context, d: dict, revision: int, timeout: float) -> None:
    """Run the simulation until the rollout is done, printing each new line as the watch sees it."""
    cluster = ctx.cluster
    namespace, name = d["metadata"].get("namespace") or "", d["metadata"]["name"]
    start = cluster.now
    last_line, last_change, last_rv = None, start, None
    while True:
        current = cluster.store.get("Deployment", namespace, name)  # what the watch stream would deliver
        if current is None:
            raise error("object has been deleted")
        if current["metadata"].get("resourceVersion") != last_rv:
            last_rv = current["metadata"].get("resourceVersion")
            line, done = status_line(current, revision)
            if line != last_line:
                ctx.write(line)
                last_line, last_change = line, cluster.now
            if done:
                return
        next_time = cluster.timers.next_time()
        if timeout and (next_time is None or next_time > start + timeout):
            cluster.clock.advance_to(max(start + timeout, cluster.now))
            raise error("timed out waiting for the condition")
        if current["spec"].get("paused") and cluster.stable:
            raise KubectlError(_text(ctx, "paused", name=name))
        deadline = (current.get("spec") or {}).get("progressDeadlineSeconds")
        no_deadline = deadline is None or deadline == NO_DEADLINE
        if next_time is None or (no_deadline and cluster.stable):
            raise KubectlError(_text(ctx, "idle", name=name))
        if next_time - last_change > MAX_WAIT_SECONDS:
            raise KubectlError(_text(ctx, "stuck", name=name, seconds=MAX_WAIT_SECONDS))
        cluster.step()


RUNNERS = {
    "status": _status,
    "history": _history,
    "undo": _undo,
    "pause": _pause,
    "resume": _resume,
    "restart": _restart,
}

_DURATION = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")
_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def _duration(text: str) -> float:
    """Go's time.ParseDuration, in seconds."""
    if text in ("0", ""):
        return 0.0
    body = text.lstrip("+-")
    pos, total = 0, 0.0
    while pos < len(body):
        match = _DURATION.match(body, pos)
        if match is None:
            break
        total += float(match.group(1)) * _UNITS[match.group(2)]
        pos = match.end()
    if not body or pos != len(body):
        raise error(
            f'invalid argument "{text}" for "--timeout" flag: time: invalid duration "{text}"\n'
            "See 'kubectl rollout status --help' for usage."
        )
    return -total if text.startswith("-") else total
