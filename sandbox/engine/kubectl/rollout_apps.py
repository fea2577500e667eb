"""`kubectl rollout status|history|undo` for DaemonSets and StatefulSets (their ControllerRevisions).

kubectl's ``DaemonSetStatusViewer`` / ``StatefulSetStatusViewer``, ``DaemonSetHistoryViewer`` /
``StatefulSetHistoryViewer`` and the two rollbackers (``pkg/polymorphichelpers``): history is the
owner's ControllerRevisions by ``revision``; undo patches the owner with a revision's stored
template (``--to-revision=0``: the one before the newest). ``rollout.py`` routes these kinds here.
"""

from __future__ import annotations

from typing import Any

from ..controllers import history as revisions
from ..resources import Resource
from . import targets
from .client import APIFailure
from .output import name_of
from .parser import KubectlError, error

KINDS = ("DaemonSet", "StatefulSet")
CHANGE_CAUSE = "kubernetes.io/change-cause"
MAX_WAIT_SECONDS = 3600.0
_TEXTS = {
    "idle": ('error: nothing is left to happen that could finish the rollout of {what} "{name}"; kubectl would keep '
             "waiting. The sandbox stopped waiting.",
             '오류: {what} "{name}"의 롤아웃을 끝낼 수 있는 일이 더 이상 일어나지 않습니다. kubectl은 계속 기다리지만 '
             "샌드박스는 기다리기를 멈췄습니다."),
}


def _history(ctx, obj: dict) -> dict[int, dict]:
    return {int(r.get("revision") or 0): r for r in revisions.revisions_of(ctx.cluster.store, obj)}


def history(ctx, res: Resource, obj: dict, out, revision: int, print_each) -> None:
    """ViewHistory: the REVISION / CHANGE-CAUSE table, or one revision's pod template."""
    found = _history(ctx, obj)
    if out.kind:
        chosen = [found[n] for n in sorted(found)]
        if revision > 0:
            if revision not in found:
                raise error("unable to find the specified revision")
            chosen = [found[revision]]
        ctx.write(print_each([_applied(obj, r) for r in chosen], out))
        return
    if revision > 0:
        if revision not in found:
            raise error("unable to find the specified revision")
        from .rollout import _template_text

        ctx.write(f"{name_of(obj, res)} with revision #{revision}\n"
                  f"{_template_text(revisions.template_of(found[revision]))}\n")
        return
    if not found:
        ctx.write(f"{name_of(obj, res)} \nNo rollout history found.\n")
        return
    rows = [("REVISION", "CHANGE-CAUSE")] + [
        (str(n), (found[n]["metadata"].get("annotations") or {}).get(CHANGE_CAUSE) or "<none>") for n in sorted(found)]
    width = max(len(r[0]) for r in rows) + 2
    ctx.write(f"{name_of(obj, res)} \n" + "".join(f"{r[0].ljust(width)}{r[1]}\n" for r in rows) + "\n")


def _applied(obj: dict, revision: dict) -> dict:
    """applyDaemonSetHistory / applyRevision: the owner with the revision's template."""
    return {**obj, "spec": {**(obj.get("spec") or {}), "template": revisions.template_of(revision)}}


def rollback(ctx, res: Resource, obj: dict, to_revision: int, dry_run: str) -> str:
    """DaemonSetRollbacker / StatefulSetRollbacker.Rollback."""
    if to_revision < 0:
        raise error(f"unable to find specified revision {to_revision} in history")
    found = _history(ctx, obj)
    target = None
    if to_revision == 0:
        if len(found) > 1:
            target = found[sorted(found)[-2]]
    else:
        target = found.get(to_revision)
    if target is None:
        raise error(f"unable to find specified revision {to_revision} in history")
    template = revisions.template_of(target)
    if dry_run == "client":
        from .rollout import _template_text

        return _template_text(template)
    if template == ((obj.get("spec") or {}).get("template") or {}):
        return f"skipped rollback (current template already matches revision {to_revision})"
    try:
        ctx.client.patch(res, targets.ns_of(obj), targets.name_of(obj), target.get("data") or {}, "strategic",
                         dry_run=dry_run == "server")
    except APIFailure as exc:
        raise error(f"failed restoring revision {to_revision}: {exc.raw}") from None
    return "rolled back"


def status_line(obj: dict) -> tuple[str, bool]:
    """The status viewers: (line, done); an OnDelete strategy is an error."""
    name, spec, status = obj["metadata"]["name"], obj.get("spec") or {}, obj.get("status") or {}
    strategy = spec.get("updateStrategy") or {}
    if (strategy.get("type") or "RollingUpdate") != "RollingUpdate":
        raise error("rollout status is only available for RollingUpdate strategy type")
    generation, observed = int(obj["metadata"].get("generation") or 0), int(status.get("observedGeneration") or 0)
    if obj["kind"] == "DaemonSet":
        if generation > observed:
            return "Waiting for daemon set spec update to be observed...\n", False
        desired = int(status.get("desiredNumberScheduled") or 0)
        updated, available = int(status.get("updatedNumberScheduled") or 0), int(status.get("numberAvailable") or 0)
        if updated < desired:
            return (f'Waiting for daemon set "{name}" rollout to finish: {updated} out of {desired} new pods have been '
                    "updated...\n"), False
        if available < desired:
            return f'Waiting for daemon set "{name}" rollout to finish: {available} of {desired} updated pods are available...\n', False
        return f'daemon set "{name}" successfully rolled out\n', True
    if observed == 0 or generation > observed:
        return "Waiting for statefulset spec update to be observed...\n", False
    replicas = int(spec.get("replicas", 1))
    ready = int(status.get("readyReplicas") or 0)
    if ready < replicas:
        return f"Waiting for {replicas - ready} pods to be ready...\n", False
    rolling = strategy.get("rollingUpdate")
    updated = int(status.get("updatedReplicas") or 0)
    if rolling is not None:
        if rolling.get("partition") is not None:
            wanted = replicas - int(rolling["partition"])
            if updated < wanted:
                return (f"Waiting for partitioned roll out to finish: {updated} out of {wanted} new pods have been "
                        "updated...\n"), False
        return f"partitioned roll out complete: {updated} new pods have been updated...\n", True
    if status.get("updateRevision") != status.get("currentRevision"):
        return (f"waiting for statefulset rolling update to complete {updated} pods at revision "
                f"{status.get('updateRevision')}...\n"), False
    return (f"statefulset rolling update complete {int(status.get('currentReplicas') or 0)} pods at revision "
            f"{status.get('currentRevision')}...\n"), True


def watch(ctx, obj: dict, timeout: float) -> None:
    """Run the simulation until the rollout is done, printing each new line as the watch would."""
    cluster = ctx.cluster
    kind, namespace, name = obj["kind"], obj["metadata"].get("namespace") or "", obj["metadata"]["name"]
    start = cluster.now
    last_line, last_change, last_rv = None, start, None
    while True:
        current = cluster.store.get(kind, namespace, name)
        if current is None:
            raise error("object has been deleted")
        if current["metadata"].get("resourceVersion") != last_rv:
            last_rv = current["metadata"].get("resourceVersion")
            line, done = status_line(current)
            if line != last_line:
                ctx.write(line)
                last_line, last_change = line, cluster.now
            if done:
                return
        next_time = cluster.timers.next_time()
        if timeout and (next_time is None or next_time > start + timeout):
            cluster.clock.advance_to(max(start + timeout, cluster.now))
            raise error("timed out waiting for the condition")
        if next_time is None or cluster.stable or next_time - last_change > MAX_WAIT_SECONDS:
            raise KubectlError(_text(ctx, "idle", what="daemon set" if kind == "DaemonSet" else "statefulset", name=name))
        cluster.step()


def _text(ctx, key: str, **params: Any) -> str:
    english, korean = _TEXTS[key]
    return (korean if ctx.language == "ko" else english).format(**params)
