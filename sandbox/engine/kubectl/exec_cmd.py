"""``kubectl exec POD [-c CONTAINER] -- COMMAND [args...]``: run a command in a running container.

The command runs in the simulated runtime (``runtime.exec_command``) against the container's plan,
so files it wrote and tools its image has behave as they would; network tools (``nslookup``,
``wget``, ``curl``, ``nc -z``) are answered by ``network.resolver_for`` from the cluster's current
Services, endpoints and DNS. When the kubelet offers its own ``exec_in_container(pod, container,
argv)``, that is used instead. Interactive sessions (``-it sh``) need a terminal the console lacks.
"""

from __future__ import annotations

from .. import network, runtime
from .common import Context
from .parser import Flag, KubectlError, error, flags
from .texts import text

FLAGS = flags(
    Flag("container", "c", "str"), Flag("stdin", "i", "bool", False), Flag("tty", "t", "bool", False),
    Flag("quiet", "q", "bool", False), Flag("pod-running-timeout", "", "str", "1m0s"),
    Flag("filename", "f", "list"),
)
SHELLS = {"sh", "bash", "ash", "/bin/sh", "/bin/bash", "/bin/ash", "zsh", "/bin/zsh"}
WORKLOAD_KINDS = {"deployment": "Deployment", "deploy": "Deployment", "deployments": "Deployment",
                  "replicaset": "ReplicaSet", "rs": "ReplicaSet", "replicasets": "ReplicaSet",
                  "statefulset": "StatefulSet", "sts": "StatefulSet", "daemonset": "DaemonSet", "ds": "DaemonSet",
                  "job": "Job", "jobs": "Job", "service": "Service", "svc": "Service", "services": "Service"}


def run(ctx: Context) -> None:
    a = ctx.args
    before = a.positional if a.dash_at < 0 else a.positional[: a.dash_at]
    command = list(a.after_dash) + ([] if a.dash_at < 0 else a.positional[a.dash_at:])
    if not before:
        raise error("pod, type/name or --filename must be specified")
    if a.dash_at < 0 and len(before) > 1:
        raise error("exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\n"
                    "See 'kubectl exec -h' for help and examples")
    if len(before) > 1:
        raise error(f"Unexpected args: {before[1:]}")  # kubectl: extra words before `--`
    if not command:
        raise error("you must specify at least one command for the container")
    if (a["stdin"] or a["tty"]) and command[0] in SHELLS and len(command) == 1:
        raise KubectlError(text("interactive", ctx.language))
    pod = _target_pod(ctx, before[0])
    meta, status = pod["metadata"], pod.get("status") or {}
    phase = status.get("phase")
    if phase in ("Succeeded", "Failed"):
        raise error(f"cannot exec into a container in a completed pod; current phase is {phase}")
    containers = [c["name"] for c in (pod.get("spec") or {}).get("containers") or ()]
    name = a["container"]
    if name is None:
        default = (meta.get("annotations") or {}).get("kubectl.kubernetes.io/default-container")
        name = default if default in containers else containers[0]
        if len(containers) > 1 and default not in containers and not a["quiet"]:
            ctx.warn(f'Defaulted container "{name}" out of: {", ".join(containers)}')
    elif name not in containers and name not in [c["name"] for c in pod["spec"].get("initContainers") or ()]:
        raise KubectlError(f"Error from server (BadRequest): container {name} is not valid for pod {meta['name']}")
    running = {spec["name"]: (spec, cs) for spec, cs in network.running_containers(pod)}
    if name not in running:
        raise error(f'unable to upgrade connection: container not found ("{name}")')
    spec, cs = running[name]
    result = _exec(ctx, pod, spec, cs, command)
    if result.error:
        ctx.print(result.error)
        _terminated(ctx, result.exit_code or 126)
        return
    if result.output:
        ctx.write(result.output + "\n")  # every line the process wrote ends with a newline
    if result.exit_code:
        _terminated(ctx, result.exit_code)


def _terminated(ctx: Context, code: int) -> None:
    ctx.fail(f"command terminated with exit code {code}")
    ctx.exit_code = code


def _exec(ctx: Context, pod: dict, spec: dict, cs: dict, command: list[str]) -> runtime.ExecResult:
    cluster = ctx.cluster
    for component in cluster.components:
        kubelet_exec = getattr(component, "exec_in_container", None)
        if callable(kubelet_exec):
            found = kubelet_exec(pod, spec["name"], command)
            if found is not None:
                return found
    behaviour = network.container_plan(cluster, pod, spec, cs)
    if behaviour is None:
        missing = f'unable to upgrade connection: container not found ("{spec["name"]}")'
        return runtime.ExecResult(126, "", error=missing)
    clock = cluster.clock
    elapsed = max(0.0, clock.seconds_since(cs["state"]["running"]["startedAt"]))
    return runtime.exec_command(behaviour, command, elapsed=elapsed,
                                resolver=network.resolver_for(cluster, pod),
                                started_at=clock.datetime(clock.now - elapsed))


def _target_pod(ctx: Context, word: str) -> dict:
    kind, _, name = word.rpartition("/")
    client = ctx.client
    pods = ctx.cluster.resource("pods")
    if not kind or kind.lower() in ("pod", "pods", "po"):
        return client.get(pods, ctx.namespace, name)
    target_kind = WORKLOAD_KINDS.get(kind.lower())
    if target_kind is None:
        raise error(f'the server doesn\'t have a resource type "{kind}"')
    res = ctx.cluster.resource(target_kind)
    obj = client.get(res, ctx.namespace, name)
    spec = obj.get("spec") or {}
    selector = spec.get("selector") or {}
    if target_kind != "Service":
        selector = selector.get("matchLabels") or {}
    text_selector = ",".join(f"{k}={v}" for k, v in sorted(selector.items()))
    found = client.list(pods, ctx.namespace, text_selector) if text_selector else []
    if not found:
        raise error(f"no pods found for {kind.lower()}/{name}")
    # kubectl picks the "best" pod: running and ready before others, then the oldest.
    found.sort(key=lambda p: ((p.get("status") or {}).get("phase") != "Running",
                              not any(c.get("type") == "Ready" and c.get("status") == "True"
                                      for c in (p.get("status") or {}).get("conditions") or ()),
                              p["metadata"].get("creationTimestamp") or "", p["metadata"]["name"]))
    return found[0]
