"""Frames: every state change of a sandbox as a small JSON record the browser can animate.

``{"seq": 42, "t": 12.5, "type": "object" | "event" | "trace" | "request", ...}``; ``seq`` strictly increases
per sandbox, ``t`` is virtual seconds since the cluster's epoch. Object frames carry a compact
summary (what a pod card or a node box shows), not the whole object: the page asks for
``describe`` or YAML when a student clicks. ``request`` frames come from ``Cluster.request``
(network.py): one per distinct path a batch of requests took, ``{"url", "path": ["client", "node01",
"kube-proxy", "pod/web-..."], "status": 200 | "no endpoints" | ..., "count"}``.
"""

from __future__ import annotations

import marshal
from collections import deque
from typing import Any

from .kubectl.printers_workloads import pod_status


def summarize(obj: dict) -> dict[str, Any]:
    """What the live view needs to draw ``obj`` (kind-specific, small, JSON-safe)."""
    kind = obj.get("kind")
    meta = obj.get("metadata") or {}
    spec = obj.get("spec") or {}
    status = obj.get("status") or {}
    if kind == "Pod":
        reason, ready, total, restarts, _ = pod_status(obj)
        owner = next((r for r in meta.get("ownerReferences") or () if r.get("controller")), None)
        return {
            "phase": status.get("phase"), "status": reason, "ready": f"{ready}/{total}", "restarts": restarts,
            "node": spec.get("nodeName"), "ip": status.get("podIP"), "labels": meta.get("labels") or {},
            "owner": f"{owner['kind']}/{owner['name']}" if owner else None,
            "deleting": bool(meta.get("deletionTimestamp")),
        }
    if kind == "Node":
        conditions = {c.get("type"): c.get("status") for c in status.get("conditions") or ()}
        roles = sorted(k.split("/", 1)[1] for k in meta.get("labels") or {} if k.startswith("node-role.kubernetes.io/"))
        return {"ready": conditions.get("Ready") == "True", "unschedulable": bool(spec.get("unschedulable")),
                "roles": roles, "taints": [t.get("key") for t in spec.get("taints") or ()]}
    if kind in ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"):
        owner = next((r for r in meta.get("ownerReferences") or () if r.get("controller")), None)
        return {"replicas": spec.get("replicas", status.get("desiredNumberScheduled")),
                "ready": status.get("readyReplicas", status.get("numberReady", 0)) or 0,
                "updated": status.get("updatedReplicas", 0) or 0,
                "available": status.get("availableReplicas", status.get("numberAvailable", 0)) or 0,
                "owner": f"{owner['kind']}/{owner['name']}" if owner else None,
                "revision": (meta.get("annotations") or {}).get("deployment.kubernetes.io/revision")}
    if kind == "Service":
        return {"type": spec.get("type"), "clusterIP": spec.get("clusterIP"), "selector": spec.get("selector") or {},
                "ports": [{"port": p.get("port"), "nodePort": p.get("nodePort"), "name": p.get("name")}
                          for p in spec.get("ports") or ()]}
    if kind == "Ingress":
        return {"rules": [{"host": r.get("host"), "paths": [
            {"path": p.get("path"), "service": ((p.get("backend") or {}).get("service") or {}).get("name")}
            for p in (r.get("http") or {}).get("paths") or ()]} for r in spec.get("rules") or ()]}
    if kind == "Namespace":
        return {"phase": status.get("phase")}
    return {}


# An object or event frame may carry the stored object's blob under this key instead of its summary
# (object) or its fields (event): they are made the first time the frame is read, so frames nobody
# reads (a large cluster's, the grader's, the oldest ones pushed out of the log) cost almost nothing.
LAZY_SUMMARY = "_blob"


def _materialize(frame: dict) -> dict:
    blob = frame.pop(LAZY_SUMMARY, None)
    if blob is None:
        return frame
    obj = marshal.loads(blob)
    if frame["type"] == "event":
        ref = obj.get("involvedObject") or {}
        source = obj.get("source") or {}
        frame.update({"reason": obj.get("reason"), "message": obj.get("message"), "eventType": obj.get("type"),
                      "object": f"{str(ref.get('kind', '')).lower()}/{ref.get('name')}",
                      "namespace": (obj.get("metadata") or {}).get("namespace"), "count": obj.get("count", 1),
                      "source": source.get("component"), "host": source.get("host")})
    else:
        frame["summary"] = summarize(obj)
    return frame


class FrameLog:
    """A bounded, ordered log of frames; readers ask for everything after a sequence number."""

    def __init__(self, limit: int = 10_000, start_seq: int = 0):
        self.limit = limit
        self.seq = start_seq
        self._frames: deque[dict] = deque(maxlen=limit)
        self.enabled = True
        self.traces = True  # at large scale trace frames may be dropped; objects and events never are

    def append(self, frame: dict) -> None:
        if not self.enabled:
            return
        self.seq += 1
        frame["seq"] = self.seq
        self._frames.append(frame)

    def since(self, seq: int = 0) -> list[dict]:
        """Frames with ``seq`` greater than ``seq``, oldest first (older ones may have been dropped)."""
        frames = self._frames
        if not frames or frames[-1]["seq"] <= seq:
            return []
        first = frames[0]["seq"]
        start = max(0, seq - first + 1)
        return [_materialize(frames[i]) for i in range(start, len(frames))]

    def clear(self) -> None:
        """Forget every frame; sequence numbers restart at 0 (only before anyone has read them)."""
        self._frames.clear()
        self.seq = 0

    @property
    def oldest_seq(self) -> int:
        return self._frames[0]["seq"] if self._frames else self.seq + 1

    def dump(self) -> dict:
        return {"seq": self.seq, "limit": self.limit, "frames": [_materialize(f) for f in self._frames]}

    @classmethod
    def load(cls, data: dict) -> FrameLog:
        log = cls(data.get("limit", 10_000), data.get("seq", 0))
        log._frames.extend(data.get("frames", ()))
        return log
