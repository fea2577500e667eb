"""`kubectl drain` (kubectl ``pkg/cmd/drain`` + ``pkg/drain``, v1.32).

Cordon every node first (``node/node01 cordoned``), then per node: list its pods and refuse the whole
node when one may not go (``sandbox/engine/drain.py`` has the filters and their wording), print the
warnings, then evict every pod at once through the Eviction API. kubectl runs one goroutine per pod;
here they take turns on the virtual clock, which the command drives as `rollout status` does:

- each attempt prints ``evicting pod ns/name``; a budget that refuses (429) is answered with
  ``error when evicting pods/"name" -n "ns" (will retry after 5s): <message>`` and another attempt 5 s
  later; a pod already gone counts as done; any other error ends that pod with an error;
- after an eviction kubectl polls every second until the pod is gone (``pod/name evicted``);
- ``--timeout`` bounds the whole drain (``global timeout reached: 30s``); without it kubectl waits
  forever, the sandbox stops once the evictions are refused and nothing in the cluster is about to change.

``--disable-eviction`` deletes instead (``pod/name deleted``). A node with errors is reported as
``error: unable to drain node "n" due to error: ..., continuing command...`` and listed under ``There
are pending nodes to be drained:``; the errors themselves come last, as cmdutil.CheckErr prints them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..apierrors import APIError
from ..drain import EVICT_RETRY_SECONDS, POLL_SECONDS, DrainOptions, pods_for_deletion
from ..eviction import matching_budgets
from ..kubelet import set_schedulable
from ..labels import SelectorError, parse_label_selector
from ..runtime import go_duration
from . import builder
from .common import Context, dry_run_strategy
from .parser import Flag, KubectlError, error, flags
from .texts import text
from .watch import parse_duration

FLAGS = flags(
    Flag("force", "", "bool", False),
    Flag("ignore-daemonsets", "", "bool", False),
    Flag("delete-emptydir-data", "", "bool", False),
    Flag("delete-local-data", "", "bool", False),
    Flag("grace-period", "", "int", -1),
    Flag("timeout", "", "str", "0s"),
    Flag("selector", "l", "str"),
    Flag("pod-selector", "", "str"),
    Flag("disable-eviction", "", "bool", False),
    Flag("skip-wait-for-delete-timeout", "", "int", 0),
    Flag("chunk-size", "", "int", 500),
    Flag("dry-run", "", "str", None, no_opt="unchanged"),
)
LIMIT_SECONDS = 3600.0  # the sandbox's own bound on a drain without --timeout
EPS = 1e-9


@dataclass
class Failure:
    """An error as kubectl's drain passes it on: ``parts`` when it is an aggregate (utilerrors), ``shown``
    when CheckErr prints it otherwise than its text (an API error: `Error from server (...): ...`)."""

    text: str
    parts: list[str] | None = None
    shown: str | None = None

    @classmethod
    def aggregate(cls, parts: list[str]) -> Failure:
        return cls(parts[0] if len(parts) == 1 else "[" + ", ".join(parts) + "]", parts)


class Stopped(Exception):
    """The sandbox stops waiting for a drain that would go on forever (no --timeout)."""


@dataclass
class Worker:
    """One pod's eviction (a goroutine of evictPods): when it acts next, and whether it is waiting."""

    pod: dict
    at: float
    waiting: bool = False
    refused: tuple | None = None  # the budgets (name, resourceVersion) as they were at the last refusal
    done: bool = False
    error: str | None = None

    @property
    def namespace(self) -> str:
        return self.pod["metadata"]["namespace"]

    @property
    def name(self) -> str:
        return self.pod["metadata"]["name"]


def run(ctx: Context) -> None:
    a = ctx.args
    if not a.positional and not a["selector"]:
        raise KubectlError("error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples")
    if a.positional and a["selector"]:
        raise KubectlError("error: error: cannot specify both a node name and a --selector option\n"
                           "See 'kubectl drain -h' for help and examples")
    dry_run = dry_run_strategy(ctx)
    if a.has("delete-local-data"):
        ctx.warn("Flag --delete-local-data has been deprecated, This option is deprecated and will be deleted. "
                 "Use --delete-emptydir-data.")
    timeout = parse_duration(a["timeout"], "--timeout", "kubectl drain")
    if a["pod-selector"]:
        try:
            parse_label_selector(a["pod-selector"])
        except SelectorError:
            raise error("--pod-selector=<pod_selector> must be a valid label selector") from None
    options = DrainOptions(force=a["force"], ignore_daemonsets=a["ignore-daemonsets"],
                           delete_emptydir_data=a["delete-emptydir-data"] or a["delete-local-data"],
                           pod_selector=a["pod-selector"], skip_wait_for_delete_timeout=a["skip-wait-for-delete-timeout"])
    res = builder.lookup_type("nodes")
    if a["selector"]:
        nodes = ctx.client.list(res, None, a["selector"])
    else:
        nodes = [ctx.client.get(res, "", name) for name in a.positional]
    suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry_run, "")
    for node in nodes:  # RunCordonOrUncordon(true)
        name = node["metadata"]["name"]
        already = bool((node.get("spec") or {}).get("unschedulable"))
        if not already and dry_run == "none":
            try:
                set_schedulable(ctx.cluster.api, name, schedulable=False)
            except APIError as exc:
                ctx.warn(f'error: unable to cordon node "{name}": {exc.message}')
                continue
        ctx.print(f"node/{name} {'already ' if already else ''}cordoned{suffix}")
    fatal: list[Failure] = []
    pending: list[str] = []
    for node in nodes:
        name = node["metadata"]["name"]
        try:
            failure = _drain_node(ctx, name, options, dry_run, timeout)
        except Stopped as stop:
            ctx.fail(str(stop))
            return
        if failure is None:
            ctx.print(f"node/{name} drained{suffix}")
        else:
            ctx.warn(f'error: unable to drain node "{name}" due to error: {failure.text}, continuing command...')
            fatal.append(failure)
            pending.append(name)
    if pending:
        ctx.warn("There are pending nodes to be drained:\n" + "".join(f" {n}\n" for n in pending))
        _check_err(ctx, fatal)


def _check_err(ctx: Context, fatal: list[Failure]) -> None:
    """cmdutil.CheckErr on the aggregate of the nodes' errors: an aggregate prints one line per error."""
    if len(fatal) == 1:
        failure = fatal[0]
        if failure.parts is not None:
            ctx.fail("\n".join(failure.parts))
        else:
            ctx.fail(failure.shown or (failure.text if failure.text.startswith("error: ") else f"error: {failure.text}"))
        return
    ctx.fail("\n".join(f.shown or f.text for f in fatal))


def _drain_node(ctx: Context, node: str, options: DrainOptions, dry_run: str, timeout: float) -> Failure | None:
    """deleteOrEvictPodsSimple: None when the node is drained."""
    api = ctx.cluster.api
    try:
        listing = pods_for_deletion(api, node, options)
    except APIError as exc:
        return Failure(exc.message, shown=exc.kubectl_message())
    errors = listing.errors()
    if errors:
        return Failure.aggregate(errors)
    if listing.warnings():
        ctx.warn(f"Warning: {listing.warnings()}")
    pods = listing.pods()
    if dry_run == "client":
        for pod in pods:
            ctx.print(f"evicting pod {pod['metadata']['namespace']}/{pod['metadata']['name']} (dry run)")
        return None
    grace = ctx.args["grace-period"]
    grace = grace if grace >= 0 else None
    if ctx.args["disable-eviction"]:
        failure = _delete_pods(ctx, pods, grace, timeout, dry_run == "server")
    else:
        failure = _evict_pods(ctx, pods, grace, timeout, dry_run == "server")
    if failure is not None:
        pending = pods_for_deletion(api, node, options)
        if pending.pods():
            ctx.warn(f'There are pending pods in node "{node}" when an error occurred: {failure.text}\n'
                     + "".join(f"pod/{p['metadata']['name']}\n" for p in pending.pods()))
        if pending.errors():
            ctx.warn("Following errors occurred while getting the list of pods to delete:\n"
                     + Failure.aggregate(pending.errors()).text)
    return failure


# --- running the clock while kubectl waits ----------------------------------------------------------------


def _advance(cluster, t: float) -> None:
    """Let the cluster run up to virtual time ``t`` (timers due at ``t`` first), as kubectl sleeps."""
    timers = cluster.timers
    while True:
        next_time = timers.next_time()
        if next_time is None or next_time > t + EPS:
            break
        timers.step()
    cluster.clock.advance_to(max(t, cluster.now))


def _evict_pods(ctx: Context, pods: list[dict], grace: int | None, timeout: float, server: bool) -> Failure | None:
    """evictPods: every pod's eviction loop, then its wait for the pod to be gone."""
    cluster = ctx.cluster
    start = cluster.now
    deadline = start + timeout if timeout > 0 else None
    workers = [Worker(pod, start) for pod in pods]
    errors: list[str] = []
    while True:
        active = [w for w in workers if not w.done]
        if not active:
            break
        t = min(w.at for w in active)
        if deadline is None and _stuck(cluster, active, t, start):
            raise Stopped(text("drain_stopped", ctx.language, seconds=go_duration(cluster.now - start)))
        _advance(cluster, t)
        for w in active:
            if w.at <= t + EPS:
                _step(ctx, w, t, deadline, timeout, grace, server)
                if w.done and w.error:
                    errors.append(w.error)
    return Failure.aggregate(errors) if errors else None


def _stuck(cluster, active: list[Worker], t: float, start: float) -> bool:
    """No --timeout: stop when every eviction left is being refused and nothing is about to change."""
    if t - start > LIMIT_SECONDS:
        return True
    if cluster.timers.busy:
        return False
    return all(not w.waiting and w.refused is not None and w.refused == _budgets(cluster, w.pod) for w in active)


def _budgets(cluster, pod: dict) -> tuple:
    """What an eviction of ``pod`` is decided on: its budgets' versions (equal: the same answer)."""
    return tuple((b["metadata"]["name"], b["metadata"].get("resourceVersion"))
                 for b in matching_budgets(cluster.store, pod))


def _step(ctx: Context, w: Worker, t: float, deadline: float | None, timeout: float, grace: int | None,
          server: bool) -> None:
    api = ctx.cluster.api
    if not w.waiting:
        ctx.print(f"evicting pod {w.namespace}/{w.name}{' (server dry run)' if server else ''}")
        if deadline is not None and t >= deadline - EPS:
            w.done = True
            w.error = (f'error when evicting pods/"{w.name}" -n "{w.namespace}": global timeout reached: '
                       f"{go_duration(timeout)}")
            return
        try:
            api.evict(w.namespace, w.name, grace_period=grace, dry_run=server)
        except APIError as exc:
            if exc.status == 404:
                w.done = True
            elif exc.status == 429:
                ctx.warn(f'error when evicting pods/"{w.name}" -n "{w.namespace}" (will retry after 5s): {exc.message}')
                w.at = t + EVICT_RETRY_SECONDS
                w.pod = ctx.cluster.store.get("Pod", w.namespace, w.name) or w.pod  # kubectl re-reads the pod
                w.refused = _budgets(ctx.cluster, w.pod)
            else:
                w.done = True
                w.error = f'error when evicting pods/"{w.name}" -n "{w.namespace}": {exc.message}'
            return
        if server:
            w.done = True
            return
        w.waiting = True
    _poll(ctx, w, t, deadline, "evicted", f'error when waiting for pod "{w.name}" in namespace "{w.namespace}" '
          "to terminate: context deadline exceeded")


def _poll(ctx: Context, w: Worker, t: float, deadline: float | None, verb: str, timeout_error: str) -> None:
    """One poll of waitForDelete: gone (or replaced by a pod of the same name) -> ``pod/name <verb>``."""
    current = ctx.cluster.store.get("Pod", w.namespace, w.name)
    skip = ctx.args["skip-wait-for-delete-timeout"]
    if current is None or current["metadata"].get("uid") != w.pod["metadata"].get("uid"):
        ctx.print(f"pod/{w.name} {verb}")
        w.done = True
    elif skip > 0 and current["metadata"].get("deletionTimestamp") and \
            int(ctx.cluster.clock.seconds_since(current["metadata"]["deletionTimestamp"])) > skip:
        ctx.print(f'pod "{w.name}" has DeletionTimestamp older than {skip} seconds, skipping')
        w.done = True
    elif deadline is not None and t >= deadline - EPS:
        w.done, w.error = True, timeout_error
    else:
        w.at = t + POLL_SECONDS if deadline is None else min(t + POLL_SECONDS, deadline)


def _delete_pods(ctx: Context, pods: list[dict], grace: int | None, timeout: float, server: bool) -> Failure | None:
    """deletePods (--disable-eviction): delete them all, then wait until they are gone."""
    api, cluster = ctx.cluster.api, ctx.cluster
    for pod in pods:
        meta = pod["metadata"]
        try:
            api.delete("Pod", meta["namespace"], meta["name"], grace_period=grace, dry_run=server)
        except APIError as exc:
            if exc.status != 404:
                return Failure(exc.message, shown=exc.kubectl_message())
    if server:
        return None
    start = cluster.now
    deadline = start + timeout if timeout > 0 else None
    workers = [Worker(pod, start, waiting=True) for pod in pods]
    while True:
        active = [w for w in workers if not w.done]
        if not active:
            return None
        t = min(w.at for w in active)
        if deadline is None and t - start > LIMIT_SECONDS:
            raise Stopped(text("drain_stopped", ctx.language, seconds=go_duration(cluster.now - start)))
        _advance(cluster, t)
        for w in active:
            _poll(ctx, w, t, deadline, "deleted", "context deadline exceeded")
            if w.done and w.error:
                return Failure(w.error)
