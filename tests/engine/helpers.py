"""Test helpers for the simulation: a stand-in kubelet until the real one lands.

:func:`install_fake_kubelet` makes pods Running and Ready a few virtual seconds after they appear
(after they are bound, when a scheduler component runs), and finishes the graceful deletion of
bound pods. It only writes pod status through ``api.update_status``, as a kubelet would, so the
controllers under test see the same thing they will see from the real kubelet. It steps aside
when a real kubelet component is registered. Pods whose image ends in ``:broken`` never become
ready (a stand-in for ImagePullBackOff, to test progress deadlines).

Timers go by handler name, so after ``Cluster.restore`` call :func:`install_fake_kubelet` again
before running: pending readiness timers from the snapshot then continue.
"""

from __future__ import annotations

from typing import Any

from sandbox.engine.cluster import Cluster

READY_AFTER = 2.0  # virtual seconds from "can start" to Running/Ready
TERMINATE_AFTER = 1.0  # virtual seconds a bound pod spends Terminating
BROKEN = ":broken"


def _has_component(cluster: Cluster, word: str) -> bool:
    return any(word in c.name for c in cluster.components)


def install_fake_kubelet(
    cluster: Cluster, ready_after: float = READY_AFTER, terminate_after: float = TERMINATE_AFTER
) -> None:
    if _has_component(cluster, "kubelet"):
        return  # the real lifecycle runs
    timers, store = cluster.timers, cluster.store
    with_scheduler = _has_component(cluster, "scheduler")

    def on_change(op: str, obj: dict) -> None:
        if obj.get("kind") != "Pod" or op == "DELETED":
            return
        meta, spec = obj["metadata"], obj.get("spec") or {}
        key = f"{meta.get('namespace')}/{meta['name']}"
        if meta.get("deletionTimestamp"):
            if spec.get("nodeName"):
                timers.call_later(
                    terminate_after,
                    "fakekubelet.finish",
                    meta.get("namespace"),
                    meta["name"],
                    meta.get("uid"),
                    key=f"fakekubelet-finish:{key}",
                )
            return
        if (obj.get("status") or {}).get("phase") != "Pending" or (with_scheduler and not spec.get("nodeName")):
            return
        timers.call_later(
            ready_after,
            "fakekubelet.ready",
            meta.get("namespace"),
            meta["name"],
            meta.get("uid"),
            key=f"fakekubelet-ready:{key}",
        )

    def ready(namespace: str, name: str, uid: str) -> None:
        pod = store.get("Pod", namespace, name)
        if pod is None or pod["metadata"].get("uid") != uid or pod["metadata"].get("deletionTimestamp"):
            return
        if (pod.get("status") or {}).get("phase") != "Pending":
            return
        if any(str(c.get("image", "")).endswith(BROKEN) for c in pod["spec"].get("containers") or ()):
            return
        set_ready(cluster, pod, True)

    def finish(namespace: str, name: str, uid: str) -> None:
        pod = store.get("Pod", namespace, name)
        if pod is not None and pod["metadata"].get("uid") == uid:
            with cluster.api.acting_as(f"kubelet/{pod['spec'].get('nodeName')}"):
                cluster.api.delete("Pod", namespace, name, grace_period=0)

    timers.register("fakekubelet.ready", ready)
    timers.register("fakekubelet.finish", finish)
    store.listeners.append(on_change)


def set_ready(cluster: Cluster, pod: dict, ready: bool = True) -> dict:
    """Write a Running pod status with every container ready (or not), as the kubelet reports it."""
    now = cluster.clock.timestamp()
    status: dict[str, Any] = dict(pod.get("status") or {})
    flag = "True" if ready else "False"
    old = {c.get("type"): c for c in status.get("conditions") or ()}

    def condition(type_: str, value: str) -> dict:
        same = old.get(type_, {}).get("status") == value
        return {
            "lastProbeTime": None,
            "lastTransitionTime": old[type_]["lastTransitionTime"] if same else now,
            "status": value,
            "type": type_,
        }

    status.update(
        {
            "phase": "Running",
            "startTime": status.get("startTime") or now,
            "conditions": [
                condition("PodReadyToStartContainers", "True"),
                condition("Initialized", "True"),
                condition("Ready", flag),
                condition("ContainersReady", flag),
                condition("PodScheduled", "True"),
            ],
            "containerStatuses": [
                {
                    "name": c["name"],
                    "image": c.get("image"),
                    "imageID": "",
                    "ready": ready,
                    "started": True,
                    "restartCount": 0,
                    "state": {"running": {"startedAt": status.get("startTime") or now}},
                }
                for c in pod["spec"].get("containers") or ()
            ],
        }
    )
    with cluster.api.acting_as(f"kubelet/{pod['spec'].get('nodeName') or 'none'}"):
        return cluster.api.update_status({**pod, "status": status})


def active_pods(cluster: Cluster, namespace: str = "default") -> list[dict]:
    """Pods that count (not terminating, not finished), by name."""
    return [
        p
        for p in cluster.list("Pod", namespace)
        if not p["metadata"].get("deletionTimestamp")
        and (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed")
    ]


def available_pods(cluster: Cluster, namespace: str = "default") -> list[dict]:
    return [
        p
        for p in active_pods(cluster, namespace)
        if any(
            c.get("type") == "Ready" and c.get("status") == "True"
            for c in (p.get("status") or {}).get("conditions") or ()
        )
    ]


def events(cluster: Cluster, reason: str | None = None, namespace: str = "default") -> list[str]:
    """Event messages in the order they were first recorded (optionally of one reason)."""
    found = [e for e in cluster.list("Event", namespace) if reason is None or e["reason"] == reason]
    found.sort(key=lambda e: int(e["metadata"]["name"].rsplit(".", 1)[1], 16))  # names grow with creation
    return [e["message"] for e in found]
