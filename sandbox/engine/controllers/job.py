"""The Job controller (§6): run pods to completion (``pkg/controller/job``, v1.32 behaviour).

Each sync of a Job:

1. count the pods that finished since the last sync: every pod carries the finalizer
   ``batch.kubernetes.io/job-tracking`` until its outcome is in ``status.succeeded`` /
   ``status.failed`` (a pod deleted before it succeeded counts as failed); then the finalizer goes;
2. decide whether the Job is done: ``SuccessCriteriaMet`` (completions reached; for a Job without
   completions, one success and no active pods), or ``FailureTarget`` with ``BackoffLimitExceeded``
   (more failures than ``backoffLimit``; with ``restartPolicy: OnFailure`` container restarts count)
   or ``DeadlineExceeded`` (``activeDeadlineSeconds``). Once the remaining pods are gone the terminal
   condition follows (``Complete`` + completionTime + event ``Completed``, or ``Failed`` + a Warning
   event with the reason), as the 1.31+ controller does;
3. otherwise keep ``min(parallelism, completions - succeeded)`` pods active, creating new ones only
   after the failure back-off (10 s doubling per failure since the last success, capped at 6 min);
   Indexed Jobs create the lowest pending completion indexes. ``suspend`` deletes the active pods.

A finished Job with ``ttlSecondsAfterFinished`` is deleted (foreground) that long after it finished,
which is the TTL-after-finished controller's job; it runs here on the same key.

Simplified: ``status.uncountedTerminatedPods`` is always empty because counting and removing the
finalizer happen in one step; no podFailurePolicy, successPolicy, backoffLimitPerIndex or adoption.
Deadlines and TTLs are background timers (like CronJob schedules): ``run(until="stable")`` does not
wait for them; the failure back-off is not (the Job is still making its way to an outcome).
"""

from __future__ import annotations

from ..apierrors import APIError
from .base import Component
from .jobutil import BACKOFF_LIMIT_EXCEEDED, COMPLETIONS_REACHED, DEADLINE_EXCEEDED, MAX_CREATE_PER_SYNC, \
    TRACKING_FINALIZER, completion_index, condition, finish_time, format_indexes, is_finished, job_pod, \
    new_condition, next_backoff, parse_indexes, remaining_backoff, removal_order, restarts, set_condition
from .podutil import is_active, is_pod_ready, is_terminating, owned_pods, phase, seconds


class JobController(Component):
    caller = "job-controller"
    name = "job"
    watches = ("Job", "Pod")
    latency = 0.05

    def __init__(self, cluster):
        super().__init__(cluster)
        self.backoff: dict[str, list] = {}  # job uid -> [failures after last success, last failure time]

    def on_change(self, op: str, obj: dict) -> None:
        meta = obj["metadata"]
        if obj["kind"] == "Job":
            if op == "DELETED":
                self.backoff.pop(meta.get("uid"), None)
            else:
                self.enqueue(meta["namespace"], meta["name"], meta["uid"])
            return
        ref = next((r for r in meta.get("ownerReferences") or () if r.get("controller")), None)
        if ref is not None and ref.get("kind") == "Job":
            self.enqueue(meta["namespace"], ref["name"], ref.get("uid") or "")

    def start(self) -> None:
        for job in self.store.list("Job"):
            self.enqueue(job["metadata"]["namespace"], job["metadata"]["name"], job["metadata"]["uid"])

    # --- one sync ----------------------------------------------------------------------------------

    def reconcile(self, namespace: str, name: str, uid: str = "") -> None:
        job = self.store.get("Job", namespace, name)
        if job is None or (uid and job["metadata"]["uid"] != uid):
            self._release_orphans(namespace, uid)  # the Job is gone: its pods must not stay blocked
            return
        pods = owned_pods(self.store, job)
        status = dict(job.get("status") or {})
        if is_finished(job):
            self._release(job, pods, status, count=False)
            self._expire(job)
            return
        spec = job["spec"]
        now = self.clock.timestamp()
        suspended = bool(spec.get("suspend"))
        self._suspend_condition(job, status, suspended, now)
        if status.get("startTime") is None and not suspended:
            status["startTime"] = now
        self._release(job, pods, status, count=True)
        pods = [p for p in owned_pods(self.store, job)]
        active = [p for p in pods if is_active(p)]
        finished = self._finished_condition(job, status, active)
        if finished is not None:
            set_condition(status, finished)
            self._delete_pods(job, active)
            active = []
        elif suspended:
            self._delete_pods(job, active)
            active = []
        else:
            active += self._manage(job, status, active)
        pods = owned_pods(self.store, job)
        terminating = sum(1 for p in pods if is_terminating(p) and phase(p) not in ("Succeeded", "Failed"))
        status["active"] = len([p for p in pods if is_active(p)])
        status["ready"] = sum(1 for p in pods if is_active(p) and is_pod_ready(p))
        status["terminating"] = terminating
        if finished is not None and terminating == 0 and not any(TRACKING_FINALIZER in (p["metadata"].get("finalizers") or ())
                                                                 for p in pods):
            self._enact_finished(job, status, finished, now)
        self._write(job, status)
        self._requeue_deadline(job, status, finished)

    def _suspend_condition(self, job: dict, status: dict, suspended: bool, now: str) -> None:
        was = condition(status, "Suspended") is not None
        if suspended and not was:
            set_condition(status, new_condition("Suspended", ("JobSuspended", "Job suspended"), now))
            self.event(job, "Normal", "Suspended", "Job suspended")
        elif not suspended and was:
            set_condition(status, new_condition("Suspended", ("JobResumed", "Job resumed"), now, "False"))
            status["startTime"] = now  # the deadline starts again
            self.event(job, "Normal", "Resumed", "Job resumed")

    def _finished_condition(self, job: dict, status: dict, active: list[dict]) -> dict | None:
        """The interim condition the Job has or reaches now (FailureTarget / SuccessCriteriaMet)."""
        for type_ in ("FailureTarget", "SuccessCriteriaMet"):
            existing = condition(status, type_)
            if existing is not None:
                return existing
        spec, now = job["spec"], self.clock.timestamp()
        limit = int(spec.get("backoffLimit", 6))
        failed = int(status.get("failed") or 0) + len((status.get("uncountedTerminatedPods") or {}).get("failed") or ())
        on_failure = ((spec.get("template") or {}).get("spec") or {}).get("restartPolicy") == "OnFailure"
        restarted = restarts(active) if on_failure else 0
        if failed > limit or (on_failure and (restarted > 0 if limit == 0 else restarted >= limit)):
            return new_condition("FailureTarget", BACKOFF_LIMIT_EXCEEDED, now)
        deadline = spec.get("activeDeadlineSeconds")
        started = seconds(self.clock, status.get("startTime"))
        if deadline is not None and started is not None and not spec.get("suspend") and \
                self.clock.now - started >= int(deadline):
            return new_condition("FailureTarget", DEADLINE_EXCEEDED, now)
        succeeded = int(status.get("succeeded") or 0)
        completions = spec.get("completions")
        if spec.get("completionMode") == "Indexed":
            done = completions is not None and len(parse_indexes(status.get("completedIndexes"))) >= int(completions)
        elif completions is None:
            done = succeeded > 0 and not active
        else:
            done = succeeded >= int(completions)
        return new_condition("SuccessCriteriaMet", COMPLETIONS_REACHED, now) if done else None

    def _enact_finished(self, job: dict, status: dict, interim: dict, now: str) -> None:
        if interim["type"] == "SuccessCriteriaMet":
            set_condition(status, new_condition("Complete", COMPLETIONS_REACHED, now))
            status["completionTime"] = now
            self.event(job, "Normal", "Completed", "Job completed")
        else:
            set_condition(status, new_condition("Failed", (interim["reason"], interim["message"]), now))
            self.event(job, "Warning", interim["reason"], interim["message"])

    # --- counting finished pods --------------------------------------------------------------------

    def _release(self, job: dict, pods: list[dict], status: dict, count: bool) -> None:
        """trackJobStatusAndRemoveFinalizers: a finished pod's uid goes to uncountedTerminatedPods,
        its finalizer is removed, and once that is done it is counted in succeeded/failed."""
        indexed = job["spec"].get("completionMode") == "Indexed"
        completed = parse_indexes(status.get("completedIndexes"))
        completions = job["spec"].get("completions")
        uncounted = status.get("uncountedTerminatedPods") or {}
        pending = {"succeeded": list(uncounted.get("succeeded") or []), "failed": list(uncounted.get("failed") or [])}
        succeeded_at, failed_at = [], []
        for pod in pods:
            meta = pod["metadata"]
            if TRACKING_FINALIZER not in (meta.get("finalizers") or ()):
                continue
            outcome = phase(pod) if phase(pod) in ("Succeeded", "Failed") else (
                "Failed" if is_terminating(pod) else None)
            if outcome is None:
                continue
            uid = meta["uid"]
            if count and uid not in pending["succeeded"] and uid not in pending["failed"]:
                if outcome == "Succeeded":
                    index = completion_index(pod) if indexed else None
                    if not indexed or (index is not None and index not in completed and
                                       (completions is None or index < int(completions))):
                        pending["succeeded"].append(uid)
                        succeeded_at.append(finish_time(pod, self.clock))
                        if index is not None:
                            completed.add(index)
                else:
                    pending["failed"].append(uid)
                    failed_at.append(finish_time(pod, self.clock))
            self._remove_finalizer(pod)
        for outcome in ("succeeded", "failed"):
            still = []
            for uid in pending[outcome]:
                pod = self.store.get_by_uid(uid)
                if pod is not None and TRACKING_FINALIZER in (pod["metadata"].get("finalizers") or ()):
                    still.append(uid)
                else:
                    status[outcome] = int(status.get(outcome) or 0) + 1
            pending[outcome] = still
        status["uncountedTerminatedPods"] = {k: v for k, v in pending.items() if v}
        if indexed and completed:
            status["completedIndexes"] = format_indexes(completed)
        uid = job["metadata"]["uid"]
        record = next_backoff(self.backoff.get(uid, [0, None]), succeeded_at, failed_at)
        if record != [0, None]:
            self.backoff[uid] = record
        else:
            self.backoff.pop(uid, None)

    def _remove_finalizer(self, pod: dict) -> bool:
        """Drop the tracking finalizer; a deleted pod keeps it until its containers have stopped
        (terminal phase or end of the grace period), so it still shows as Terminating meanwhile."""
        meta = pod["metadata"]
        if is_terminating(pod) and phase(pod) not in ("Succeeded", "Failed") and (pod.get("spec") or {}).get("nodeName"):
            until = seconds(self.clock, meta["deletionTimestamp"])
            if until is not None and until > self.clock.now:
                owner = next((r for r in meta.get("ownerReferences") or () if r.get("controller")), {})
                self.enqueue(meta["namespace"], owner.get("name", ""), owner.get("uid", ""),
                             delay=until - self.clock.now)
                return False
        finalizers = [f for f in meta.get("finalizers") or () if f != TRACKING_FINALIZER]
        try:
            self.api.patch("Pod", meta["namespace"], meta["name"], {"metadata": {"finalizers": finalizers or None}},
                           "merge", validate=False)
        except APIError:
            return False
        return True

    def _release_orphans(self, namespace: str, uid: str) -> None:
        if not uid:
            return
        for pod in self.store.dependents(uid):
            if pod.get("kind") == "Pod" and TRACKING_FINALIZER in (pod["metadata"].get("finalizers") or ()):
                if not is_active(pod) or not (pod.get("spec") or {}).get("nodeName"):
                    self._remove_finalizer(pod)
        self.backoff.pop(uid, None)

    # --- creating and deleting pods ------------------------------------------------------------------

    def _manage(self, job: dict, status: dict, active: list[dict]) -> list[dict]:
        """manageJob: delete surplus pods, or create missing ones once the back-off allows it."""
        spec = job["spec"]
        parallelism = int(spec.get("parallelism", 1))
        succeeded = int(status.get("succeeded") or 0)
        completions = spec.get("completions")
        if completions is None:
            want = len(active) if succeeded > 0 else parallelism
        else:
            want = max(0, min(parallelism, int(completions) - succeeded))
        if len(active) > want:
            self._delete_pods(job, removal_order(active)[: len(active) - want])
            return []
        if len(active) == want:
            return []
        wait = remaining_backoff(self.backoff.get(job["metadata"]["uid"], [0, None]), self.clock.now)
        if wait > 0:
            self.enqueue(job["metadata"]["namespace"], job["metadata"]["name"], job["metadata"]["uid"], delay=wait)
            return []
        count = min(want - len(active), MAX_CREATE_PER_SYNC)
        indexes: list[int | None] = [None] * count
        if spec.get("completionMode") == "Indexed":
            taken = parse_indexes(status.get("completedIndexes")) | {completion_index(p) for p in active}
            indexes = [i for i in range(int(completions or 0)) if i not in taken][:count]
        created = []
        for index in indexes:
            try:
                pod = self.api.create(job_pod(job, index), validate=False)
            except APIError as exc:
                if exc.code != "api.namespace_terminating":
                    self.event(job, "Warning", "FailedCreate", f"Error creating: {exc.message}")
                break
            created.append(pod)
            self.event(job, "Normal", "SuccessfulCreate", f"Created pod: {pod['metadata']['name']}")
        return created

    def _delete_pods(self, job: dict, pods: list[dict]) -> None:
        for pod in pods:
            try:
                self.api.delete("Pod", pod["metadata"]["namespace"], pod["metadata"]["name"])
            except APIError as exc:
                if exc.reason != "NotFound":
                    self.event(job, "Warning", "FailedDelete", f"Error deleting: {exc.message}")
                continue
            self.event(job, "Normal", "SuccessfulDelete", f"Deleted pod: {pod['metadata']['name']}")

    # --- status, deadlines, TTL --------------------------------------------------------------------

    def _write(self, job: dict, status: dict) -> None:
        for key in ("active", "succeeded", "failed"):
            if not status.get(key):
                status.pop(key, None)
        if status != (job.get("status") or {}):
            try:
                self.api.update_status({**job, "status": status})
            except APIError:
                self.enqueue(job["metadata"]["namespace"], job["metadata"]["name"], job["metadata"]["uid"])

    def _requeue_deadline(self, job: dict, status: dict, finished: dict | None) -> None:
        deadline = job["spec"].get("activeDeadlineSeconds")
        started = seconds(self.clock, status.get("startTime"))
        key = (job["metadata"]["namespace"], job["metadata"]["name"], job["metadata"]["uid"])
        if finished is None and deadline is not None and started is not None and not job["spec"].get("suspend"):
            self.enqueue(*key, delay=max(0.0, started + int(deadline) - self.clock.now), background=True)

    def _expire(self, job: dict) -> None:
        """The TTL-after-finished controller: delete the Job ``ttlSecondsAfterFinished`` after it finished."""
        ttl = job["spec"].get("ttlSecondsAfterFinished")
        if ttl is None or job["metadata"].get("deletionTimestamp"):
            return
        status = job.get("status") or {}
        done = status.get("completionTime") or (condition(status, "Failed") or {}).get("lastTransitionTime")
        finished_at = seconds(self.clock, done)
        if finished_at is None:
            return
        expire_at = finished_at + int(ttl)
        meta = job["metadata"]
        if self.clock.now < expire_at:
            self.enqueue(meta["namespace"], meta["name"], meta["uid"], delay=expire_at - self.clock.now,
                         background=True)
            return
        with self.api.acting_as("ttl-after-finished-controller"):
            try:
                self.api.delete("Job", meta["namespace"], meta["name"], propagation="Foreground")
            except APIError:
                pass

    # --- snapshot ----------------------------------------------------------------------------------

    def dump(self) -> dict:
        return {"backoff": dict(sorted(self.backoff.items()))}

    def load(self, data: dict) -> None:
        self.backoff = {k: list(v) for k, v in (data.get("backoff") or {}).items()}
