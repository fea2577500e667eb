"""Pure pieces of the Job controller: pod builder, completion indexes, back-off, conditions.

Kept apart from ``job.py`` so the controller reads in one screen; everything here is a function
of its arguments (``pkg/controller/job``: ``indexed_job_utils.go``, ``backoff_utils.go``,
``job_controller.go`` helpers).
"""

from __future__ import annotations

from .podutil import is_pod_ready, pod_from_template, seconds

TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking"
COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index"
JOB_COMPLETION_INDEX_ENV = "JOB_COMPLETION_INDEX"
BACKOFF_BASE, BACKOFF_MAX = 10.0, 360.0  # DefaultJobPodFailureBackOff, MaxJobPodFailureBackOff
MAX_CREATE_PER_SYNC = 500  # MaxPodCreateDeletePerSync

COMPLETIONS_REACHED = ("CompletionsReached", "Reached expected number of succeeded pods")
BACKOFF_LIMIT_EXCEEDED = ("BackoffLimitExceeded", "Job has reached the specified backoff limit")
DEADLINE_EXCEEDED = ("DeadlineExceeded", "Job was active longer than specified deadline")


# --- pods --------------------------------------------------------------------------------------------


def job_pod(job: dict, index: int | None) -> dict:
    """The pod a Job creates: template copy, ``<job>-`` (or ``<job>-<index>-``) generateName, the
    tracking finalizer and, for Indexed Jobs, the completion index annotation, label, hostname and
    the ``JOB_COMPLETION_INDEX`` variable."""
    name = job["metadata"]["name"]
    prefix = f"{name}-" if index is None else f"{name}-{index}-"
    pod = pod_from_template(job, generate_name=prefix)
    meta, spec = pod["metadata"], pod["spec"]
    meta["finalizers"] = list(meta.get("finalizers") or []) + [TRACKING_FINALIZER]
    if index is not None:
        meta["annotations"] = {**(meta.get("annotations") or {}), COMPLETION_INDEX: str(index)}
        meta["labels"][COMPLETION_INDEX] = str(index)
        if not spec.get("hostname"):
            spec["hostname"] = f"{name}-{index}"
        env_var = {"name": JOB_COMPLETION_INDEX_ENV, "valueFrom": {"fieldRef": {
            "apiVersion": "v1", "fieldPath": f"metadata.annotations['{COMPLETION_INDEX}']"}}}
        for key in ("initContainers", "containers"):
            for container in spec.get(key) or ():
                if not any(e.get("name") == JOB_COMPLETION_INDEX_ENV for e in container.get("env") or ()):
                    container["env"] = list(container.get("env") or []) + [dict(env_var)]
    return pod


def completion_index(pod: dict) -> int | None:
    meta = pod["metadata"]
    value = (meta.get("annotations") or {}).get(COMPLETION_INDEX) or (meta.get("labels") or {}).get(COMPLETION_INDEX)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def format_indexes(indexes: set[int]) -> str:
    """``0-2,4,6-7`` as status.completedIndexes writes it."""
    out: list[str] = []
    ordered = sorted(indexes)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        out.append(str(ordered[i]) if i == j else f"{ordered[i]}-{ordered[j]}")
        i = j + 1
    return ",".join(out)


def parse_indexes(text: str | None) -> set[int]:
    found: set[int] = set()
    for part in (text or "").split(","):
        if not part:
            continue
        first, _, last = part.partition("-")
        try:
            found.update(range(int(first), int(last or first) + 1))
        except ValueError:
            continue
    return found


def removal_order(pods: list[dict]) -> list[dict]:
    """activePodsForRemoval: unscheduled, pending, not ready and newer pods go first."""
    return sorted(pods, key=lambda p: (bool((p.get("spec") or {}).get("nodeName")),
                                       (p.get("status") or {}).get("phase") == "Running", is_pod_ready(p),
                                       _negated(p["metadata"].get("creationTimestamp") or ""), p["metadata"]["name"]))


def _negated(text: str) -> tuple:
    return tuple(-ord(ch) for ch in text)


# --- back-off ------------------------------------------------------------------------------------------


def finish_time(pod: dict, clock) -> float:
    """getFinishedTime: the last container's finishedAt, else Ready=False, else deletion, else now."""
    status = pod.get("status") or {}
    finished = [seconds(clock, (s.get("state") or {}).get("terminated", {}).get("finishedAt"))
                for s in (status.get("containerStatuses") or []) + (status.get("initContainerStatuses") or [])]
    finished = [t for t in finished if t is not None]
    if finished:
        return max(finished)
    for c in status.get("conditions") or ():
        if c.get("type") == "Ready" and c.get("status") == "False" and c.get("lastTransitionTime"):
            return seconds(clock, c["lastTransitionTime"]) or clock.now
    deleted = seconds(clock, pod["metadata"].get("deletionTimestamp"))
    return min(deleted, clock.now) if deleted is not None else clock.now


def next_backoff(record: list, succeeded: list[float], failed: list[float]) -> list:
    """newBackoffRecord: ``[failures after the last success, time of the last failure]``."""
    failures, last = record
    if not succeeded:
        if not failed:
            return record
        return [failures + len(failed), max(failed)]
    last_success = max(succeeded)
    later = sorted(t for t in failed if t > last_success)
    return [len(later), later[-1] if later else None]


def remaining_backoff(record: list, now: float) -> float:
    """getRemainingTime: 10 s doubling per failure since the last success, capped at 6 minutes."""
    failures, last = record
    if not failures or last is None:
        return 0.0
    delay = BACKOFF_BASE
    for _ in range(1, int(failures)):
        delay *= 2
        if delay >= BACKOFF_MAX:
            delay = BACKOFF_MAX
            break
    return max(0.0, delay - (now - last))


# --- conditions ----------------------------------------------------------------------------------------


def condition(status: dict, type_: str) -> dict | None:
    for c in status.get("conditions") or ():
        if c.get("type") == type_ and c.get("status") == "True":
            return c
    return None


def new_condition(type_: str, reason_message: tuple[str, str], timestamp: str, status: str = "True") -> dict:
    reason, message = reason_message
    return {"lastProbeTime": timestamp, "lastTransitionTime": timestamp, "message": message, "reason": reason,
            "status": status, "type": type_}


def set_condition(status: dict, new: dict) -> None:
    """Add ``new``, or update the condition of its type (keeping lastTransitionTime when the status stays)."""
    conditions = list(status.get("conditions") or [])
    for i, c in enumerate(conditions):
        if c.get("type") == new["type"]:
            if c.get("status") == new["status"] and c.get("reason") == new["reason"]:
                return
            if c.get("status") == new["status"]:
                new = {**new, "lastTransitionTime": c.get("lastTransitionTime")}
            conditions[i] = new
            status["conditions"] = conditions
            return
    conditions.append(new)
    status["conditions"] = conditions


def is_finished(job: dict) -> bool:
    status = job.get("status") or {}
    return condition(status, "Complete") is not None or condition(status, "Failed") is not None


def restarts(pods: list[dict]) -> int:
    total = 0
    for pod in pods:
        status = pod.get("status") or {}
        for s in (status.get("containerStatuses") or []) + (status.get("initContainerStatuses") or []):
            total += int(s.get("restartCount") or 0)
    return total
