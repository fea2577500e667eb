"""Small pod helpers the workload controllers share (DaemonSet, StatefulSet, Job, HPA).

The pod builder itself is the ReplicaSet controller's :func:`~.replicaset.pod_for` (a pure copy
of ``spec.template`` with the controller ownerReference, like ``controller.GetPodFromTemplate``);
what lives here are the questions every controller asks about a pod (``podutil`` in
``pkg/api/v1/pod`` and ``pkg/controller``), all read from the pod status the kubelet writes.
"""

from __future__ import annotations

from ..store import copy_json
from .replicaset import controller_of, controller_ref, is_pod_ready, pod_for

__all__ = ["controller_of", "controller_ref", "is_pod_ready", "pod_for"]


def seconds(clock, timestamp: str | None) -> float | None:
    """An API timestamp as virtual seconds since the cluster's epoch (None when unset)."""
    if not timestamp:
        return None
    return clock.now - clock.seconds_since(timestamp)


def phase(pod: dict) -> str:
    return (pod.get("status") or {}).get("phase") or ""


def is_terminating(pod: dict) -> bool:
    return bool(pod["metadata"].get("deletionTimestamp"))


def is_finished(pod: dict) -> bool:
    return phase(pod) in ("Succeeded", "Failed")


def is_active(pod: dict) -> bool:
    """controller.IsPodActive: not finished and not being deleted."""
    return not is_terminating(pod) and not is_finished(pod)


def condition(pod: dict, type_: str) -> dict | None:
    for c in (pod.get("status") or {}).get("conditions") or ():
        if c.get("type") == type_:
            return c
    return None


def is_running_and_ready(pod: dict) -> bool:
    return phase(pod) == "Running" and is_pod_ready(pod)


def ready_since(pod: dict, clock) -> float | None:
    ready = condition(pod, "Ready")
    if ready is None or ready.get("status") != "True":
        return None
    return seconds(clock, ready.get("lastTransitionTime"))


def is_available(pod: dict, min_ready_seconds: int, clock) -> bool:
    """podutil.IsPodAvailable: Ready for at least ``minReadySeconds``."""
    since = ready_since(pod, clock)
    if since is None:
        return False
    return min_ready_seconds <= 0 or since + min_ready_seconds <= clock.now


def available_at(pod: dict, min_ready_seconds: int, clock) -> float | None:
    """When a Ready pod becomes available (None if it is not Ready)."""
    since = ready_since(pod, clock)
    return None if since is None else since + max(0, min_ready_seconds)


def owned_pods(store, owner: dict) -> list[dict]:
    """The pods whose controller ownerReference is ``owner`` (by name)."""
    uid = owner["metadata"]["uid"]
    return [p for p in store.dependents(uid)
            if p.get("kind") == "Pod" and (controller_of(p) or {}).get("uid") == uid]


def owned(store, owner: dict, kind: str) -> list[dict]:
    uid = owner["metadata"]["uid"]
    return [o for o in store.dependents(uid)
            if o.get("kind") == kind and (controller_of(o) or {}).get("uid") == uid]


def pod_from_template(owner: dict, template: dict | None = None, *, name: str | None = None,
                      generate_name: str | None = None) -> dict:
    """:func:`pod_for` with another template (a revision's) and an explicit name or generateName."""
    source = owner if template is None else {**owner, "spec": {**(owner.get("spec") or {}), "template": template}}
    pod = pod_for(source)
    meta = pod["metadata"]
    if name is not None:
        meta.pop("generateName", None)
        meta["name"] = name
    elif generate_name is not None:
        meta["generateName"] = generate_name
    meta["labels"] = dict(meta.get("labels") or {})
    pod["spec"] = copy_json(pod["spec"])
    return pod


def creation_order_key(pod: dict) -> tuple:
    return (pod["metadata"].get("creationTimestamp") or "", pod["metadata"]["name"])
