"""Table rows for workloads, as the API server's printers (`pkg/printers/internalversion/printers.go`) build them.

Each function takes the object, an ``age`` function (timestamp -> `5m2s`) and ``wide``, and
returns the row's cells; ``COLUMNS`` holds the headers (wide extras after the ``|``).
"""

from __future__ import annotations

from typing import Any

from .format import human_duration


class Age:
    """AGE cells against the cluster's virtual clock (translateTimestampSince)."""

    def __init__(self, clock: Any):
        self.clock = clock

    def __call__(self, timestamp: str | None) -> str:
        if not timestamp:
            return "<unknown>"
        return human_duration(self.clock.seconds_since(timestamp))

    def between(self, start: str, end: str) -> str:
        return human_duration(self.clock.seconds_since(start) - self.clock.seconds_since(end))


def _get(obj: Any, *path: str, default: Any = None) -> Any:
    for key in path:
        if not isinstance(obj, dict):
            return default
        obj = obj.get(key)
    return default if obj is None else obj


def containers_cells(pod_spec: dict | None) -> list[str]:
    containers = _get(pod_spec or {}, "containers", default=[])
    return [",".join(c.get("name", "") for c in containers), ",".join(c.get("image", "") for c in containers)]


def format_label_selector(selector: dict | None) -> str:
    """metav1.FormatLabelSelector: `app=web,tier in (a,b)`, `<none>` when empty."""
    if not selector:
        return "<none>"
    parts = []
    for key, value in sorted((selector.get("matchLabels") or {}).items()):
        parts.append(f"{key}={value}")
    ops = {"In": "in", "NotIn": "notin"}
    for expr in selector.get("matchExpressions") or []:
        op = expr.get("operator")
        if op in ops:
            parts.append(f"{expr.get('key')} {ops[op]} ({','.join(expr.get('values') or [])})")
        elif op == "Exists":
            parts.append(expr.get("key", ""))
        elif op == "DoesNotExist":
            parts.append("!" + expr.get("key", ""))
    text = ",".join(parts)
    return text or "<none>"


def selector_string(selector: dict | None) -> str:
    """labels.Selector.String() of metav1.LabelSelectorAsSelector: requirements sorted by key."""
    if not selector:
        return ""
    reqs = [(k, f"{k}={v}") for k, v in (selector.get("matchLabels") or {}).items()]
    ops = {"In": "in", "NotIn": "notin"}
    for expr in selector.get("matchExpressions") or []:
        key, op = expr.get("key", ""), expr.get("operator")
        if op in ops:
            reqs.append((key, f"{key} {ops[op]} ({','.join(sorted(expr.get('values') or []))})"))
        elif op == "Exists":
            reqs.append((key, key))
        elif op == "DoesNotExist":
            reqs.append((key, "!" + key))
    return ",".join(text for _, text in sorted(reqs, key=lambda r: r[0]))


def format_labels(labels: dict | None) -> str:
    """labels.FormatLabels: sorted `k=v` joined by commas, `<none>` when empty."""
    if not labels:
        return "<none>"
    return ",".join(f"{k}={v}" for k, v in sorted(labels.items()))


# --- pods -------------------------------------------------------------------------------------


def _restartable(container: dict | None) -> bool:
    return bool(container) and container.get("restartPolicy") == "Always"


def _later(a: str | None, b: str | None) -> str | None:
    if not b:
        return a
    if not a:
        return b
    return max(a, b)


def pod_status(pod: dict) -> tuple[str, int, int, int, str | None]:
    """(STATUS, ready, total, restarts, last restart time) by printPod's algorithm (reference §1.5)."""
    spec, status = pod.get("spec") or {}, pod.get("status") or {}
    phase = status.get("phase") or ""
    reason = status.get("reason") or phase
    for cond in status.get("conditions") or []:
        if cond.get("type") == "PodScheduled" and cond.get("reason") == "SchedulingGated":
            reason = "SchedulingGated"
    init_specs = {c.get("name"): c for c in spec.get("initContainers") or []}
    total = len(spec.get("containers") or []) + sum(1 for c in init_specs.values() if _restartable(c))
    ready = restarts = sidecar_restarts = 0
    last_restart = sidecar_last = None

    initializing = False
    init_statuses = status.get("initContainerStatuses") or []
    for i, cs in enumerate(init_statuses):
        state, last = cs.get("state") or {}, (cs.get("lastState") or {}).get("terminated")
        restarts += int(cs.get("restartCount") or 0)
        if last:
            last_restart = _later(last_restart, last.get("finishedAt"))
        sidecar = _restartable(init_specs.get(cs.get("name")))
        if sidecar:
            sidecar_restarts += int(cs.get("restartCount") or 0)
            if last:
                sidecar_last = _later(sidecar_last, last.get("finishedAt"))
        terminated, waiting = state.get("terminated"), state.get("waiting")
        if terminated is not None and int(terminated.get("exitCode") or 0) == 0:
            continue
        if sidecar and cs.get("started"):
            if cs.get("ready"):
                ready += 1
            continue
        if terminated is not None:
            if terminated.get("reason"):
                reason = "Init:" + terminated["reason"]
            elif terminated.get("signal"):
                reason = f"Init:Signal:{terminated['signal']}"
            else:
                reason = f"Init:ExitCode:{terminated.get('exitCode', 0)}"
        elif waiting is not None and waiting.get("reason") and waiting["reason"] != "PodInitializing":
            reason = "Init:" + waiting["reason"]
        else:
            reason = f"Init:{i}/{len(init_specs)}"
        initializing = True
        break

    conditions = {c.get("type"): c.get("status") for c in status.get("conditions") or []}
    if not initializing or conditions.get("Initialized") == "True":
        restarts, last_restart = sidecar_restarts, sidecar_last
        has_running = False
        for cs in reversed(status.get("containerStatuses") or []):
            state, last = cs.get("state") or {}, (cs.get("lastState") or {}).get("terminated")
            restarts += int(cs.get("restartCount") or 0)
            if last:
                last_restart = _later(last_restart, last.get("finishedAt"))
            waiting, terminated = state.get("waiting"), state.get("terminated")
            if waiting is not None and waiting.get("reason"):
                reason = waiting["reason"]
            elif terminated is not None and terminated.get("reason"):
                reason = terminated["reason"]
            elif terminated is not None:
                reason = (f"Signal:{terminated['signal']}" if terminated.get("signal")
                          else f"ExitCode:{terminated.get('exitCode', 0)}")
            elif cs.get("ready") and state.get("running") is not None:
                has_running = True
                ready += 1
        if reason == "Completed" and has_running:
            reason = "Running" if conditions.get("Ready") == "True" else "NotReady"

    deleting = bool((pod.get("metadata") or {}).get("deletionTimestamp"))
    if deleting and status.get("reason") == "NodeLost":
        reason = "Unknown"
    elif deleting and phase not in ("Succeeded", "Failed"):
        reason = "Terminating"
    return reason, ready, total, restarts, last_restart


def pod(obj: dict, age: Age, wide: bool) -> list[str]:
    reason, ready, total, restarts, last = pod_status(obj)
    restarts_cell = str(restarts)
    if restarts and last:
        restarts_cell = f"{restarts} ({age(last)} ago)"
    row = [obj["metadata"]["name"], f"{ready}/{total}", reason, restarts_cell, age(obj["metadata"].get("creationTimestamp"))]
    if wide:
        spec, status = obj.get("spec") or {}, obj.get("status") or {}
        ips = status.get("podIPs") or []
        ip = (ips[0].get("ip") if ips else "") or "<none>"
        gates = spec.get("readinessGates") or []
        gates_cell = "<none>"
        if gates:
            conds = {c.get("type"): c.get("status") for c in status.get("conditions") or []}
            true = sum(1 for g in gates if conds.get(g.get("conditionType")) == "True")
            gates_cell = f"{true}/{len(gates)}"
        row += [ip, spec.get("nodeName") or "<none>", status.get("nominatedNodeName") or "<none>", gates_cell]
    return row


# --- controllers ------------------------------------------------------------------------------


def deployment(obj: dict, age: Age, wide: bool) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    row = [obj["metadata"]["name"], f"{int(status.get('readyReplicas') or 0)}/{int(spec.get('replicas') or 0)}",
           str(int(status.get("updatedReplicas") or 0)), str(int(status.get("availableReplicas") or 0)),
           age(obj["metadata"].get("creationTimestamp"))]
    if wide:
        row += containers_cells(_get(spec, "template", "spec")) + [selector_string(spec.get("selector"))]
    return row


def replicaset(obj: dict, age: Age, wide: bool) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    row = [obj["metadata"]["name"], str(int(spec.get("replicas") or 0)), str(int(status.get("replicas") or 0)),
           str(int(status.get("readyReplicas") or 0)), age(obj["metadata"].get("creationTimestamp"))]
    if wide:
        row += containers_cells(_get(spec, "template", "spec")) + [selector_string(spec.get("selector"))]
    return row


def replicationcontroller(obj: dict, age: Age, wide: bool) -> list[str]:
    spec = obj.get("spec") or {}
    row = replicaset(obj, age, False)
    if wide:
        row += containers_cells(_get(spec, "template", "spec")) + [format_labels(spec.get("selector"))]
    return row


def statefulset(obj: dict, age: Age, wide: bool) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    row = [obj["metadata"]["name"], f"{int(status.get('readyReplicas') or 0)}/{int(spec.get('replicas') or 0)}",
           age(obj["metadata"].get("creationTimestamp"))]
    if wide:
        row += containers_cells(_get(spec, "template", "spec"))
    return row


def daemonset(obj: dict, age: Age, wide: bool) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    counts = ("desiredNumberScheduled", "currentNumberScheduled", "numberReady", "updatedNumberScheduled", "numberAvailable")
    row = [obj["metadata"]["name"], *(str(int(status.get(c) or 0)) for c in counts),
           format_labels(_get(spec, "template", "spec", "nodeSelector")), age(obj["metadata"].get("creationTimestamp"))]
    if wide:
        row += containers_cells(_get(spec, "template", "spec")) + [selector_string(spec.get("selector"))]
    return row


def _has_condition(obj: dict, kind: str) -> bool:
    return any(c.get("type") == kind and c.get("status") == "True" for c in _get(obj, "status", "conditions", default=[]))


def job(obj: dict, age: Age, wide: bool) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    succeeded = int(status.get("succeeded") or 0)
    if spec.get("completions") is not None:
        completions = f"{succeeded}/{spec['completions']}"
    elif int(spec.get("parallelism") or 0) > 1:
        completions = f"{succeeded}/1 of {spec['parallelism']}"
    else:
        completions = f"{succeeded}/1"
    duration = ""
    start, end = status.get("startTime"), status.get("completionTime")
    if start and not end:
        duration = age(start)
    elif start and end:
        duration = age.between(start, end)
    for cond, label in (("Complete", "Complete"), ("Failed", "Failed")):
        if _has_condition(obj, cond):
            state = label
            break
    else:
        if obj["metadata"].get("deletionTimestamp"):
            state = "Terminating"
        elif _has_condition(obj, "Suspended"):
            state = "Suspended"
        elif _has_condition(obj, "FailureTarget"):
            state = "FailureTarget"
        elif _has_condition(obj, "SuccessCriteriaMet"):
            state = "SuccessCriteriaMet"
        else:
            state = "Running"
    row = [obj["metadata"]["name"], state, completions, duration, age(obj["metadata"].get("creationTimestamp"))]
    if wide:
        row += containers_cells(_get(spec, "template", "spec")) + [format_label_selector(spec.get("selector"))]
    return row


def cronjob(obj: dict, age: Age, wide: bool) -> list[str]:
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    suspend = spec.get("suspend")
    last = status.get("lastScheduleTime")
    row = [obj["metadata"]["name"], spec.get("schedule", ""), spec.get("timeZone") or "<none>",
           "<unset>" if suspend is None else ("True" if suspend else "False"), str(len(status.get("active") or [])),
           age(last) if last else "<none>", age(obj["metadata"].get("creationTimestamp"))]
    if wide:
        tmpl = _get(spec, "jobTemplate", "spec", default={})
        row += containers_cells(_get(tmpl, "template", "spec")) + [format_label_selector(tmpl.get("selector"))]
    return row


def hpa(obj: dict, age: Age, wide: bool) -> list[str]:
    """printHorizontalPodAutoscaler + formatHPAMetrics (metrics matched to statuses by position;
    autoscaling/v1 objects read as their v2 conversion)."""
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    ref = spec.get("scaleTargetRef") or {}
    metrics, currents = spec.get("metrics") or [], status.get("currentMetrics") or []
    if obj.get("apiVersion") == "autoscaling/v1":
        target = spec.get("targetCPUUtilizationPercentage")
        metrics = [{"type": "Resource", "resource": {"name": "cpu", "target": {
            "type": "Utilization", "averageUtilization": 80 if target is None else target}}}]
        have = status.get("currentCPUUtilizationPercentage")
        currents = [] if have is None else [{"type": "Resource", "resource": {"name": "cpu",
                                                                              "current": {"averageUtilization": have}}}]
    targets = []
    for i, metric in enumerate(metrics):
        now = (currents[i] if i < len(currents) else {}).get("resource") or {}
        if metric.get("type") != "Resource":
            targets.append("<unknown>/<unknown>")
            continue
        name = _get(metric, "resource", "name")
        target = _get(metric, "resource", "target", default={})
        if target.get("averageValue") is not None:
            have = _get(now, "current", "averageValue")
            targets.append(f"{name}: {have if have is not None else '<unknown>'}/{target.get('averageValue')}")
        else:
            have = _get(now, "current", "averageUtilization")
            wanted = "<auto>" if target.get("averageUtilization") is None else f"{target['averageUtilization']}%"
            targets.append(f"{name}: {'<unknown>' if have is None else f'{have}%'}/{wanted}")
    if len(targets) > 2:
        targets_cell = f"{', '.join(targets[:2])} + {len(targets) - 2} more..."
    else:
        targets_cell = ", ".join(targets) if targets else "<none>"
    low = spec.get("minReplicas")
    return [obj["metadata"]["name"], f"{ref.get('kind', '')}/{ref.get('name', '')}", targets_cell,
            "<unset>" if low is None else str(low), str(spec.get("maxReplicas", 0)),
            str(int(status.get("currentReplicas") or 0)), age(obj["metadata"].get("creationTimestamp"))]


def controllerrevision(obj: dict, age: Age, wide: bool) -> list[str]:
    """printControllerRevision: CONTROLLER is ``<kind>.<group>/<name>`` of the controller owner."""
    ref = next((r for r in obj["metadata"].get("ownerReferences") or () if r.get("controller")), None)
    controller = "<none>"
    if ref is not None:
        group = (ref.get("apiVersion") or "").rpartition("/")[0]
        kind = str(ref.get("kind") or "").lower()
        controller = f"{kind}.{group}/{ref.get('name')}" if group else f"{kind}/{ref.get('name')}"
    return [obj["metadata"]["name"], controller, str(obj.get("revision") or 0), age(obj["metadata"].get("creationTimestamp"))]


COLUMNS: dict[str, tuple[list[str], list[str]]] = {
    "Pod": (["NAME", "READY", "STATUS", "RESTARTS", "AGE"], ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"]),
    "Deployment": (["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"]),
    "ReplicaSet": (["NAME", "DESIRED", "CURRENT", "READY", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"]),
    "ReplicationController": (["NAME", "DESIRED", "CURRENT", "READY", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"]),
    "StatefulSet": (["NAME", "READY", "AGE"], ["CONTAINERS", "IMAGES"]),
    "DaemonSet": (["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"],
                  ["CONTAINERS", "IMAGES", "SELECTOR"]),
    "Job": (["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"]),
    "CronJob": (["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"],
                ["CONTAINERS", "IMAGES", "SELECTOR"]),
    "HorizontalPodAutoscaler": (["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"], []),
    "ControllerRevision": (["NAME", "CONTROLLER", "REVISION", "AGE"], []),
}

ROWS = {
    "Pod": pod, "Deployment": deployment, "ReplicaSet": replicaset, "ReplicationController": replicationcontroller,
    "StatefulSet": statefulset, "DaemonSet": daemonset, "Job": job, "CronJob": cronjob, "HorizontalPodAutoscaler": hpa,
    "ControllerRevision": controllerrevision,
}
