"""`kubectl logs`: what a container printed, read from the kubelet at the current virtual time.

As kubectl's ``pkg/cmd/logs`` and ``polymorphichelpers/logsforobject.go`` choose the container: ``-c``,
else the ``kubectl.kubernetes.io/default-container`` annotation, else the first container (with
`Defaulted container "a" out of: a, b` on stderr when there are others); ``deploy/web`` and other
owners read the first of their pods in kubectl's ByLogging order. The kubelet's refusals come back as
the API server's 400s (`container "x" in pod "p" is waiting to start: ContainerCreating`).
The sandbox cannot stream: ``-f`` prints what exists and says so.
"""

from __future__ import annotations

import re
from functools import cmp_to_key
from typing import Any

from ..kubelet import kubelet_of
from ..labels import SelectorError, selector_from_label_selector
from ..pod_status import LogsError
from . import builder
from .common import Context
from .parser import Flag, KubectlError, error, flags

FLAGS = flags(
    Flag("container", "c", "str"), Flag("previous", "p", "bool", False), Flag("follow", "f", "bool", False),
    Flag("tail", "", "int", -1), Flag("timestamps", "", "bool", False), Flag("all-containers", "", "bool", False),
    Flag("prefix", "", "bool", False), Flag("since", "", "str"), Flag("since-time", "", "str"),
    Flag("limit-bytes", "", "int", 0), Flag("selector", "l", "str"), Flag("max-log-requests", "", "int", 5),
    Flag("ignore-errors", "", "bool", False), Flag("pod-running-timeout", "", "str", "20s"),
    Flag("insecure-skip-tls-verify-backend", "", "bool", False), Flag("all-pods", "", "bool", False),
)
USAGE_ERROR = ("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
               "POD or TYPE/NAME is a required argument for the logs command\n"
               "See 'kubectl logs -h' for help and examples")
DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container"
_TEXTS = {
    "follow": ("(the sandbox printed the logs written so far; `kubectl logs -f` keeps streaming new lines "
               "in a real cluster. Run the command again after the simulation has moved on.)",
               "(샌드박스는 지금까지 기록된 로그만 출력했습니다. 실제 클러스터에서 `kubectl logs -f`는 새 줄을 계속 "
               "보여 줍니다. 시뮬레이션이 진행된 뒤 명령을 다시 실행하세요.)"),
}
_DURATION = re.compile(r"(\d+(?:\.\d*)?)(ns|us|µs|ms|s|m|h)")
_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def run(ctx: Context) -> None:
    a = ctx.args
    args = list(a.positional)
    if not args and not a["selector"]:
        raise KubectlError(USAGE_ERROR)
    if a["selector"] and args:
        raise error("only a selector (-l) or a POD name is allowed")
    container = a["container"]
    if len(args) == 2 and "/" not in args[0]:
        if container:
            raise error("only one of -c or an inline [CONTAINER] arg is allowed")
        container = args.pop()
    elif len(args) > 1:
        raise error("only one of -c or an inline [CONTAINER] arg is allowed" if len(args) == 2 else
                    "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.")
    if a["all-containers"] and container:
        raise error("--all-containers=true should not be specified with container name " + container)
    since = _since(ctx)
    pods = _pods(ctx, args[0] if args else None)
    many = len(pods) > 1 or bool(a["selector"])
    if a["selector"] and len(pods) > a["max-log-requests"] and a["follow"]:
        raise error(f"you are attempting to follow {len(pods)} log streams, but maximum allowed concurrency is "
                    f"{a['max-log-requests']}, use --max-log-requests to increase the limit")
    for pod in pods:
        for name in _containers(ctx, pod, container, quiet=many):
            _print(ctx, pod, name, since, prefix=a["prefix"])
    if a["follow"]:
        en, ko = _TEXTS["follow"]
        ctx.warn(ko if ctx.language == "ko" else en)


def _pods(ctx: Context, target: str | None) -> list[dict]:
    """The pods to read: POD, pod/POD, TYPE/NAME (its first pod) or -l SELECTOR (all matching)."""
    client = ctx.client
    pod_res = builder.lookup_type("pods")
    if target is None:
        return client.list(pod_res, ctx.namespace, ctx.args["selector"])
    if "/" not in target:
        return [client.get(pod_res, ctx.namespace, target)]
    kind, _, name = target.partition("/")
    res = builder.lookup_type(kind)
    obj = client.get(res, ctx.namespace if res.namespaced else "", name)
    if res.kind == "Pod":
        return [obj]
    selector = _selector_of(obj)
    if selector is None:
        raise error(f"cannot get the logs from *v1.{res.kind}: selector for *v1.{res.kind} not implemented")
    candidates = [p for p in client.list(pod_res, ctx.namespace) if selector.matches((p["metadata"].get("labels") or {}))]
    if not candidates:
        raise error("timed out waiting for the condition")
    ordered = sorted(candidates, key=cmp_to_key(_by_logging))
    if len(ordered) > 1:
        ctx.warn(f"Found {len(ordered)} pods, using pod/{ordered[0]['metadata']['name']}")
    return [ordered[0]]


def _selector_of(obj: dict) -> Any:
    spec = obj.get("spec") or {}
    try:
        if obj.get("kind") in ("Service", "ReplicationController"):
            labels = spec.get("selector") or {}
            return selector_from_label_selector({"matchLabels": labels}) if labels else None
        if obj.get("kind") in ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job"):
            return selector_from_label_selector(spec.get("selector"))
    except SelectorError:
        return None
    return None


def _ready_since(pod: dict) -> str | None:
    for cond in (pod.get("status") or {}).get("conditions") or ():
        if cond.get("type") == "Ready" and cond.get("status") == "True":
            return cond.get("lastTransitionTime") or ""
    return None


def _by_logging(a: dict, b: dict) -> int:
    """kubectl's podutils.ByLogging: scheduled, Running, Ready (longest first), more restarts, older."""
    def node(p: dict) -> bool:
        return bool((p.get("spec") or {}).get("nodeName"))

    def phase(p: dict) -> int:
        return {"Running": 0, "Unknown": 1, "Pending": 2}.get((p.get("status") or {}).get("phase") or "", 0)

    def restarts(p: dict) -> int:
        return max((int(s.get("restartCount") or 0) for s in (p.get("status") or {}).get("containerStatuses") or ()),
                   default=0)

    if node(a) != node(b):
        return -1 if node(a) else 1
    if phase(a) != phase(b):
        return -1 if phase(a) < phase(b) else 1
    ra, rb = _ready_since(a), _ready_since(b)
    if (ra is not None) != (rb is not None):
        return -1 if ra is not None else 1
    if ra is not None and rb is not None and ra != rb:
        return -1 if (ra and (not rb or ra < rb)) else 1
    if restarts(a) != restarts(b):
        return -1 if restarts(a) > restarts(b) else 1
    ca, cb = a["metadata"].get("creationTimestamp") or "", b["metadata"].get("creationTimestamp") or ""
    if ca != cb:
        return -1 if (ca and (not cb or ca < cb)) else 1
    return 0


def _containers(ctx: Context, pod: dict, wanted: str | None, quiet: bool) -> list[str]:
    spec = pod.get("spec") or {}
    names = [c["name"] for c in spec.get("containers") or ()]
    inits = [c["name"] for c in spec.get("initContainers") or ()]
    ephemeral = [c["name"] for c in spec.get("ephemeralContainers") or ()]
    if ctx.args["all-containers"]:
        return inits + names + ephemeral
    name = pod["metadata"]["name"]
    if not wanted:
        default = (pod["metadata"].get("annotations") or {}).get(DEFAULT_CONTAINER)
        if default:
            if default in names + inits + ephemeral:
                wanted = default
            else:
                ctx.warn(f'Default container name "{default}" not found in pod {name}')
    if not wanted:
        wanted = names[0]
        if (len(names) > 1 or inits or ephemeral) and not quiet:
            listed = names + [f"{n} (init)" for n in inits] + [f"{n} (ephem)" for n in ephemeral]
            ctx.warn(f'Defaulted container "{wanted}" out of: {", ".join(listed)}')
    if wanted not in names + inits + ephemeral:
        raise error(f"container {wanted} is not valid for pod {name}")
    return [wanted]


def _print(ctx: Context, pod: dict, container: str, since: float | None, prefix: bool) -> None:
    a = ctx.args
    kubelet = kubelet_of(ctx.cluster)
    if not (pod.get("spec") or {}).get("nodeName") or kubelet is None:
        return  # no host assigned yet: the API server answers with an empty stream
    try:
        lines = kubelet.logs(pod, container, previous=a["previous"])
    except LogsError as exc:
        if not a["ignore-errors"]:
            raise KubectlError(f"Error from server (BadRequest): {exc}") from None
        ctx.fail(f"Error from server (BadRequest): {exc}")
        return
    if since is not None:
        lines = [(t, line) for t, line in lines if t >= since]
    tail = a["tail"]
    if tail >= 0:
        lines = lines[len(lines) - tail:] if tail else []
    head = f"[pod/{pod['metadata']['name']}/{container}] " if prefix else ""
    text = "".join(f"{head}{_stamp(ctx, t) + ' ' if a['timestamps'] else ''}{line}\n" for t, line in lines)
    if a["limit-bytes"] > 0:
        text = text.encode()[: a["limit-bytes"]].decode(errors="ignore")
    ctx.write(text)


def _stamp(ctx: Context, t: float) -> str:
    """RFC3339Nano as the CRI log file has it (trailing zeros of the fraction dropped)."""
    moment = ctx.cluster.clock.datetime(t)
    nanos = int(round((t - int(t)) * 1e9)) if t >= 0 else 0
    fraction = f"{nanos:09d}".rstrip("0")
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + (f".{fraction}" if fraction else "") + "Z"


def _since(ctx: Context) -> float | None:
    a = ctx.args
    if a["since"] and a["since-time"]:
        raise error("at most one of `sinceTime` or `sinceSeconds` may be specified")
    if a["since-time"]:
        from ..clock import parse_time

        try:
            moment = parse_time(a["since-time"])
        except ValueError:
            raise error(f'parsing time "{a["since-time"]}" as "2006-01-02T15:04:05Z07:00": cannot parse') from None
        return (moment - ctx.cluster.clock.epoch).total_seconds()
    if not a["since"]:
        return None
    text, pos, total = a["since"], 0, 0.0
    while pos < len(text):
        match = _DURATION.match(text, pos)
        if match is None:
            raise error(f'invalid argument "{text}" for "--since" flag: time: invalid duration "{text}"')
        total += float(match.group(1)) * _UNITS[match.group(2)]
        pos = match.end()
    if total <= 0:
        raise error("--since must be greater than 0")
    return ctx.cluster.now - total

