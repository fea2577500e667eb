"""`kubectl cordon` / `kubectl uncordon` (kubectl ``pkg/cmd/drain``: RunCordonOrUncordon).

kubectl only patches ``spec.unschedulable``; the node lifecycle controller then adds or removes the
``node.kubernetes.io/unschedulable:NoSchedule`` taint (reference §8). ``kubelet.set_schedulable``
does both in one step.
"""

from __future__ import annotations

from ..kubelet import set_schedulable
from . import builder
from .client import APIFailure
from .common import Context, dry_run_strategy
from .parser import Flag, KubectlError, flags

FLAGS = flags(Flag("selector", "l", "str"), Flag("dry-run", "", "str", None, no_opt="unchanged"))


def run(ctx: Context, cordon: bool) -> None:
    a = ctx.args
    verb = "cordon" if cordon else "uncordon"
    if not a.positional and not a["selector"]:
        raise KubectlError(f"error: USAGE: {verb} NODE [flags]\nSee 'kubectl {verb} -h' for help and examples")
    if a.positional and a["selector"]:
        raise KubectlError("error: error: cannot specify both a node name and a --selector option\n"
                           f"See 'kubectl {verb} -h' for help and examples")
    dry_run = dry_run_strategy(ctx)
    res = builder.lookup_type("nodes")
    if a["selector"]:
        nodes = ctx.client.list(res, None, a["selector"])
    else:
        nodes = [ctx.client.get(res, "", name) for name in a.positional]
    suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry_run, "")
    for node in nodes:
        name = node["metadata"]["name"]
        already = bool((node.get("spec") or {}).get("unschedulable")) == cordon
        if not already and dry_run == "none":
            try:
                set_schedulable(ctx.cluster.api, name, schedulable=not cordon)
            except APIFailure as exc:
                ctx.fail(f'error: unable to {verb} node "{name}": {exc.raw}')
                continue
        ctx.print(f"node/{name} {'already ' if already else ''}{verb}ed{suffix}")
