"""What the kubelet knows about a pod, and the ``status`` it reports from that (reference §1).

:class:`PodRecord` and :class:`ContainerRecord` are the kubelet's own memory of a pod (what the
runtime did and when, to the millisecond); :func:`pod_status` turns them into the API status, as
the kubelet's ``generateAPIPodStatus`` and ``convertToAPIContainerStatuses`` do: the phase by
``getPhase``, container states with their reasons, and the five kubelet conditions in their real
order (PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled).
Pure functions; nothing here talks to the API server.
"""

from __future__ import annotations

from typing import Any, Callable

TERMINAL = ("Succeeded", "Failed")
KUBELET_CONDITIONS = ("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled")


class ContainerRecord:
    """One container of a pod as the kubelet drives it (times are virtual seconds)."""

    __slots__ = (
        "name", "kind", "stage", "until", "retry", "waiting", "image", "image_id", "spec_image", "pull",
        "pull_failures", "attempt", "cid", "start", "end", "exit", "term", "last", "prev", "bo", "bo_at",
        "ready", "started", "probes", "restart", "stop", "net_since",
    )
    _DEFAULTS: dict[str, Any] = {
        "stage": "waiting", "until": None, "retry": None, "waiting": None, "image": None, "image_id": None,
        "spec_image": None, "pull": None, "pull_failures": 0, "attempt": -1, "cid": "", "start": None,
        "end": None, "exit": None, "term": None, "last": None, "prev": None, "bo": 0.0, "bo_at": 0.0,
        "ready": False, "started": False, "probes": None, "restart": False, "stop": None, "net_since": None,
    }

    def __init__(self, name: str, kind: str):
        self.name = name
        self.kind = kind  # "init" | "sidecar" | "app"
        for slot, value in self._DEFAULTS.items():
            setattr(self, slot, value)

    def to_json(self) -> dict:
        out = {"name": self.name, "kind": self.kind}
        for slot, default in self._DEFAULTS.items():
            value = getattr(self, slot)
            if value != default:
                out[slot] = value
        return out

    @classmethod
    def from_json(cls, data: dict) -> ContainerRecord:
        record = cls(data["name"], data["kind"])
        for slot in cls._DEFAULTS:
            if slot in data:
                setattr(record, slot, data[slot])
        return record


class PodRecord:
    """A pod the kubelet has accepted: its sandbox, IP and containers (init containers first)."""

    __slots__ = ("uid", "node", "anchor", "start_time", "ip", "sandbox", "containers", "busy", "phase",
                 "mount_error", "mount_failures", "retry", "killing", "waiting_on", "replan")

    def __init__(self, uid: str, node: str, anchor: float, start_time: str):
        self.uid = uid
        self.node = node
        self.anchor = anchor  # when the kubelet first synced the pod: probe workers tick from here
        self.start_time = start_time
        self.ip: str | None = None
        self.sandbox = False
        self.containers: list[ContainerRecord] = []
        self.busy: str | None = None  # the container the pod worker is pulling or creating
        self.phase = "Pending"
        self.mount_error: str | None = None
        self.mount_failures = 0
        self.retry: float | None = None  # next attempt at a failed volume mount
        self.killing: float | None = None  # when the kubelet began stopping the pod (deletion)
        self.waiting_on: list[list[str]] = []  # [kind, name] of ConfigMaps/Secrets it waits for
        self.replan: float | None = None  # the network changed: look again at processes waiting on it

    def container(self, name: str) -> ContainerRecord | None:
        for c in self.containers:
            if c.name == name:
                return c
        return None

    def to_json(self) -> dict:
        data = {slot: getattr(self, slot) for slot in self.__slots__ if slot != "containers"}
        data["containers"] = [c.to_json() for c in self.containers]
        return data

    @classmethod
    def from_json(cls, data: dict) -> PodRecord:
        record = cls(data["uid"], data["node"], data["anchor"], data["start_time"])
        for slot in cls.__slots__:
            if slot in data and slot != "containers":
                setattr(record, slot, data[slot])
        record.containers = [ContainerRecord.from_json(c) for c in data.get("containers", ())]
        return record


def status_signature(rec: PodRecord) -> tuple:
    """Everything of a record that the status shows: equal signatures, equal statuses."""
    return (rec.sandbox, rec.ip, rec.phase, rec.start_time, tuple(
        (c.stage in ("running", "stopping"), c.start, c.waiting, c.term, c.last, c.ready, c.started, c.attempt,
         c.cid, c.image, c.image_id) for c in rec.containers))


# --- container statuses (convertToAPIContainerStatuses) ----------------------------------------


def container_state(c: ContainerRecord, default_reason: str, stamp: Callable[[float], str]) -> tuple[dict, dict]:
    """(state, lastState) of a container record as the API shows them."""
    last = {"terminated": c.last} if c.last else {}
    if c.stage in ("running", "stopping"):
        return {"running": {"startedAt": stamp(c.start)}}, last
    if c.waiting:  # a reason the kubelet reported (back-off, pull or config error): kept until the next start
        reason, message = c.waiting
        waiting = {"reason": reason, "message": message} if message else {"reason": reason}
        return {"waiting": waiting}, ({"terminated": c.term} if c.term else last)
    if c.term:  # the last instance ended; a restart shows it until the new one runs
        return {"terminated": c.term}, last
    return {"waiting": {"reason": default_reason}}, last


def container_status(c: ContainerRecord, spec: dict, default_reason: str, stamp: Callable[[float], str]) -> dict:
    state, last = container_state(c, default_reason, stamp)
    status: dict[str, Any] = {}
    if c.cid:
        status["containerID"] = c.cid
    status.update({
        "image": c.image or spec.get("image", ""),
        "imageID": c.image_id or "",
        "lastState": last,
        "name": c.name,
        "ready": c.ready,
        "restartCount": max(0, c.attempt),
        "started": c.started,
        "state": state,
    })
    if c.cid and spec.get("volumeMounts"):
        status["volumeMounts"] = [_mount_status(m) for m in spec["volumeMounts"]]
    return status


def _mount_status(mount: dict) -> dict:
    out = {"mountPath": mount.get("mountPath"), "name": mount.get("name")}
    if mount.get("readOnly"):
        out["readOnly"] = True
        out["recursiveReadOnly"] = "Disabled"
    return out


# --- phase (kubelet getPhase) ------------------------------------------------------------------


def pod_phase(spec: dict, init_statuses: list[dict], statuses: list[dict], terminal: bool) -> str:
    """The pod phase from its container statuses, as ``pkg/kubelet/kubelet_pods.go`` getPhase decides it."""
    sidecars = {c.get("name") for c in spec.get("initContainers") or () if c.get("restartPolicy") == "Always"}
    pending_init = failed_init = 0
    sidecar_started = False
    for cs in init_statuses:
        state = cs.get("state") or {}
        if cs["name"] in sidecars:
            if cs.get("started"):
                sidecar_started = True
            elif "terminated" not in state:
                pending_init += 1
            continue
        if "running" in state:
            pending_init += 1
        elif "terminated" in state:
            if state["terminated"].get("exitCode"):
                failed_init += 1
        elif "waiting" in state:
            last = (cs.get("lastState") or {}).get("terminated")
            if last is not None:
                if last.get("exitCode"):
                    failed_init += 1
            else:
                pending_init += 1
        else:
            pending_init += 1
    running = waiting = stopped = succeeded = 0
    for cs in statuses:
        state = cs.get("state") or {}
        if "running" in state:
            running += 1
        elif "terminated" in state:
            stopped += 1
            if state["terminated"].get("exitCode") == 0:
                succeeded += 1
        elif "waiting" in state:
            if (cs.get("lastState") or {}).get("terminated") is not None:
                stopped += 1
            else:
                waiting += 1
    policy = spec.get("restartPolicy") or "Always"
    if failed_init and policy == "Never":
        return "Failed"
    if (pending_init and not sidecar_started) or waiting:
        return "Pending"
    if running:
        return "Running"
    if stopped:
        if terminal:
            return "Succeeded" if stopped == succeeded else "Failed"
        if policy == "Always":
            return "Running"
        if stopped == succeeded:
            return "Succeeded"
        if policy == "Never":
            return "Failed"
        return "Running"
    return "Pending"


# --- conditions (pkg/kubelet/status/generate.go) -----------------------------------------------


def _names(names: list[str]) -> str:
    return "[" + " ".join(names) + "]"  # Go's %v of a []string


def kubelet_conditions(spec: dict, phase: str, sandbox: bool, init_statuses: list[dict], statuses: list[dict],
                       other_conditions: dict[str, dict]) -> list[tuple[str, str, str | None, str | None]]:
    """The kubelet's own conditions as (type, status, reason, message), in the order it writes them."""
    sidecars = {c.get("name") for c in spec.get("initContainers") or () if c.get("restartPolicy") == "Always"}
    incomplete = []
    for cs in init_statuses:
        state = cs.get("state") or {}
        if cs["name"] in sidecars:
            if not cs.get("started"):
                incomplete.append(cs["name"])
        elif not ("terminated" in state and state["terminated"].get("exitCode") == 0):
            incomplete.append(cs["name"])
    if phase == "Succeeded":
        initialized = ("True", "PodCompleted", None)
    elif incomplete:
        initialized = ("False", "ContainersNotInitialized", f"containers with incomplete status: {_names(incomplete)}")
    else:
        initialized = ("True", None, None)
    unready = [cs["name"] for cs in init_statuses if cs["name"] in sidecars and not cs.get("ready")]
    unready += [cs["name"] for cs in statuses if not cs.get("ready")]
    if phase == "Succeeded":
        containers_ready = ("False", "PodCompleted", None)
    elif unready:
        containers_ready = ("False", "ContainersNotReady", f"containers with unready status: {_names(unready)}")
    else:
        containers_ready = ("True", None, None)
    ready = containers_ready
    if ready[0] == "True":
        problems = []
        for gate in spec.get("readinessGates") or ():
            kind = gate.get("conditionType")
            cond = other_conditions.get(kind)
            if cond is None:
                problems.append(f'corresponding condition of pod readiness gate "{kind}" does not exist.')
            elif cond.get("status") != "True":
                problems.append(f'the status of pod readiness gate "{kind}" is not "True", but {cond.get("status")}')
        if problems:
            ready = ("False", "ReadinessGatesNotReady", ", ".join(problems))
    to_start = "True" if sandbox and phase not in TERMINAL else "False"
    return [("PodReadyToStartContainers", to_start, None, None), ("Initialized", *initialized),
            ("Ready", *ready), ("ContainersReady", *containers_ready), ("PodScheduled", "True", None, None)]


def merge_conditions(old: list[dict], new: list[tuple], now: str) -> list[dict]:
    """Conditions the kubelet does not own first (kept as they are), then its own; a condition keeps its
    lastTransitionTime while its status stays the same (the status manager's updateLastTransitionTime)."""
    before = {c.get("type"): c for c in old}
    out = [c for c in old if c.get("type") not in KUBELET_CONDITIONS]
    for kind, status, reason, message in new:
        previous = before.get(kind)
        same = previous is not None and previous.get("status") == status
        cond = {"lastProbeTime": None, "lastTransitionTime": previous.get("lastTransitionTime") if same else now,
                "status": status, "type": kind}
        if reason:
            cond["reason"] = reason
        if message:
            cond["message"] = message
        out.append(cond)
    return out


# --- the whole status --------------------------------------------------------------------------


def pod_status(pod: dict, rec: PodRecord, host_ip: str, stamp: Callable[[float], str], now: float,
               terminal: bool = False) -> dict:
    """The status the kubelet posts for ``pod`` from what it knows (``rec``)."""
    spec = pod.get("spec") or {}
    old = pod.get("status") or {}
    by_name = {c.name: c for c in rec.containers}
    has_init = bool(spec.get("initContainers"))
    init_statuses = [container_status(by_name[c["name"]], c, "PodInitializing", stamp)
                     for c in spec.get("initContainers") or () if c.get("name") in by_name]
    default = "PodInitializing" if has_init else "ContainerCreating"
    statuses = [container_status(by_name[c["name"]], c, default, stamp)
                for c in spec.get("containers") or () if c.get("name") in by_name]
    phase = old.get("phase") if old.get("phase") in TERMINAL else pod_phase(spec, init_statuses, statuses, terminal)
    if terminal and phase not in TERMINAL:
        phase = "Failed"  # a pod the kubelet stopped before its containers finished (1.27+: terminal phase first)
    rec.phase = phase
    others = {c.get("type"): c for c in old.get("conditions") or () if c.get("type") not in KUBELET_CONDITIONS}
    conditions = merge_conditions(old.get("conditions") or [],
                                  kubelet_conditions(spec, phase, rec.sandbox, init_statuses, statuses, others),
                                  stamp(now))
    status: dict[str, Any] = {"conditions": conditions, "containerStatuses": statuses,
                              "hostIP": host_ip, "hostIPs": [{"ip": host_ip}]}
    if init_statuses:
        status["initContainerStatuses"] = init_statuses
    status["phase"] = phase
    if rec.ip:
        status["podIP"] = rec.ip
        status["podIPs"] = [{"ip": rec.ip}]
    if old.get("qosClass"):
        status["qosClass"] = old["qosClass"]
    status["startTime"] = rec.start_time
    for key in ("nominatedNodeName", "reason", "message"):
        if old.get(key):
            status[key] = old[key]
    return status


# --- which instance `kubectl logs` reads ------------------------------------------------------------


class LogsError(Exception):
    """The kubelet cannot serve logs for this container (the API server answers 400 BadRequest)."""


def log_container_id(status: dict, container: str, pod: str, previous: bool) -> str:
    """Which container instance ``kubectl logs`` reads, from its status (kubelet validateContainerLogStatus)."""
    state, last = status.get("state") or {}, (status.get("lastState") or {}).get("terminated")
    if previous:
        if not last or not last.get("containerID"):
            raise LogsError(f'previous terminated container "{container}" in pod "{pod}" not found')
        return last["containerID"]
    if "running" in state:
        return status.get("containerID") or ""
    if "terminated" in state:
        if state["terminated"].get("containerID"):
            return state["terminated"]["containerID"]
        if last and last.get("containerID"):
            return last["containerID"]
        raise LogsError(f'container "{container}" in pod "{pod}" is terminated')
    if last is not None:
        if not last.get("containerID"):
            raise LogsError(f'container "{container}" in pod "{pod}" is terminated')
        return last["containerID"]
    if "waiting" in state:
        reason = state["waiting"].get("reason") or ""
        detail = {"ErrImagePull": "image can't be pulled",
                  "ImagePullBackOff": "trying and failing to pull image"}.get(reason, reason)
        raise LogsError(f'container "{container}" in pod "{pod}" is waiting to start: {detail}')
    raise LogsError(f'container "{container}" in pod "{pod}" is waiting to start - no logs yet')
