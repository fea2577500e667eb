"""The CronJob controller (``pkg/controller/cronjob/cronjob_controllerv2.go``).

Each sync of a CronJob: reconcile ``status.active`` with the Jobs it owns (finished ones leave
with ``SawCompletedJob``, vanished ones with ``MissingJob``; ``lastSuccessfulTime`` follows the
newest completion), delete finished Jobs beyond ``successfulJobsHistoryLimit`` (3) and
``failedJobsHistoryLimit`` (1), then — unless suspended — find the most recent unmet schedule
time; if it is within ``startingDeadlineSeconds`` and the concurrency policy allows it (Forbid
skips while a Job is active, Replace deletes the active ones), create the Job
``<cronjob>-<scheduled time in minutes since the Unix epoch>`` from ``jobTemplate`` with the
``batch.kubernetes.io/cronjob-scheduled-timestamp`` annotation. The next sync is a background
timer at the next schedule time + 100 ms, so ``run(until="stable")`` does not wait for it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .. import cron
from ..apierrors import APIError
from ..store import copy_json
from .base import Component
from .jobutil import condition
from .podutil import controller_ref, owned, seconds

SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp"
NEXT_SCHEDULE_DELTA = 0.1
TOO_MANY_MISSED = 100


def job_name(cj: dict, scheduled: datetime) -> str:
    """getJobName: ``<name>-<Unix minutes of the scheduled time>``."""
    return f"{cj['metadata']['name']}-{int(scheduled.timestamp()) // 60}"


def job_for(cj: dict, scheduled: datetime) -> dict:
    """getJobFromTemplate2: the Job of one scheduled time (a pure builder)."""
    template = cj["spec"].get("jobTemplate") or {}
    tmeta = template.get("metadata") or {}
    zone = cron.location(cj["spec"].get("timeZone") or "UTC")
    annotations = {**(tmeta.get("annotations") or {}),
                   SCHEDULED_TIMESTAMP: scheduled.astimezone(zone).isoformat().replace("+00:00", "Z")}
    meta: dict = {"name": job_name(cj, scheduled), "namespace": cj["metadata"]["namespace"],
                  "annotations": annotations, "ownerReferences": [controller_ref(cj)]}
    if tmeta.get("labels"):
        meta["labels"] = dict(tmeta["labels"])
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta, "spec": copy_json(template.get("spec") or {})}


def finished_type(job: dict) -> str | None:
    status = job.get("status") or {}
    for type_ in ("Complete", "Failed"):
        if condition(status, type_) is not None:
            return type_
    return None


class CronJobController(Component):
    caller = "cronjob-controller"
    name = "cronjob"
    watches = ("CronJob", "Job")
    latency = 0.05

    def on_change(self, op: str, obj: dict) -> None:
        meta = obj["metadata"]
        if obj["kind"] == "CronJob":
            if op != "DELETED":
                self.enqueue(meta["namespace"], meta["name"])
            return
        ref = next((r for r in meta.get("ownerReferences") or () if r.get("controller")), None)
        if ref is not None and ref.get("kind") == "CronJob":
            self.enqueue(meta["namespace"], ref["name"])

    def start(self) -> None:
        for cj in self.store.list("CronJob"):
            self.enqueue(cj["metadata"]["namespace"], cj["metadata"]["name"])

    def reconcile(self, namespace: str, name: str) -> None:
        cj = self.store.get("CronJob", namespace, name)
        if cj is None:
            return
        jobs = sorted(owned(self.store, cj, "Job"), key=lambda j: j["metadata"]["name"])
        status = copy_json(cj.get("status") or {})
        self._track(cj, status, jobs)
        requeue = None
        if not cj["metadata"].get("deletionTimestamp"):
            requeue = self._schedule(cj, status)
        self._cleanup(cj, status)
        if status != (cj.get("status") or {}):
            try:
                self.api.update_status({**cj, "status": status})
            except APIError:
                self.enqueue(namespace, name)
        if requeue is not None:
            self.enqueue(namespace, name, delay=max(0.0, requeue), background=True)

    # --- the active list -----------------------------------------------------------------------

    def _track(self, cj: dict, status: dict, jobs: list[dict]) -> None:
        active = list(status.get("active") or [])
        uids = {j["metadata"]["uid"] for j in jobs}
        for job in jobs:
            found = any(ref.get("uid") == job["metadata"]["uid"] for ref in active)
            done = finished_type(job)
            if not found and done is None:
                self.event(cj, "Warning", "UnexpectedJob",
                           f"Saw a job that the controller did not create or forgot: {job['metadata']['name']}")
            elif found and done is not None:
                active = [ref for ref in active if ref.get("uid") != job["metadata"]["uid"]]
                self.event(cj, "Normal", "SawCompletedJob", f"Saw completed job: {job['metadata']['name']}, status: {done}")
            if done == "Complete":
                completed = (job.get("status") or {}).get("completionTime")
                last = status.get("lastSuccessfulTime")
                if completed and (last is None or seconds(self.clock, completed) > seconds(self.clock, last)):
                    status["lastSuccessfulTime"] = completed
        for ref in list(active):
            if ref.get("uid") not in uids:
                self.event(cj, "Normal", "MissingJob", f"Active job went missing: {ref.get('name')}")
                active = [r for r in active if r.get("uid") != ref.get("uid")]
        if active:
            status["active"] = active
        else:
            status.pop("active", None)

    # --- scheduling ----------------------------------------------------------------------------

    def _schedule(self, cj: dict, status: dict) -> float | None:
        """Start the Job of the most recent unmet schedule time; returns seconds until the next sync."""
        spec = cj["spec"]
        try:
            schedule = cron.parse(spec.get("schedule") or "", spec.get("timeZone"))
        except cron.CronError as exc:
            if (spec.get("timeZone") or "") and "location" in str(exc):
                self.event(cj, "Warning", "UnknownTimeZone", f"invalid timeZone: {spec['timeZone']!r}: {exc}")
            else:
                self.event(cj, "Warning", "UnparseableSchedule",
                           f"unparseable schedule: {spec.get('schedule')!r} : {exc}")
            return None
        if spec.get("suspend"):
            return None
        now = self.clock.datetime()
        earliest = self._earliest(cj, status)
        deadline = spec.get("startingDeadlineSeconds")
        start_from = earliest
        if deadline is not None:
            start_from = max(earliest, now - timedelta(seconds=int(deadline)))
        try:
            scheduled, missed = cron.most_recent(schedule, start_from, now)
        except cron.CronError as exc:
            self.event(cj, "Warning", "InvalidSchedule", f"invalid schedule: {spec.get('schedule')} : {exc}")
            return None
        if missed > TOO_MANY_MISSED:
            self.event(cj, "Warning", "TooManyMissedTimes", f"too many missed start times: {missed}. Set or decrease "
                       ".spec.startingDeadlineSeconds or check clock skew")
        if scheduled is None:
            return self._next_delay(cj, status, schedule, now)
        if deadline is not None and scheduled + timedelta(seconds=int(deadline)) < now:
            self.event(cj, "Warning", "MissSchedule",
                       f"Missed scheduled time to start a job: {scheduled.strftime('%a, %d %b %Y %H:%M:%S +0000')}")
            return self._next_delay(cj, status, schedule, now)
        name = job_name(cj, scheduled)
        last = status.get("lastScheduleTime")
        if any(ref.get("name") == name for ref in status.get("active") or ()) or (
                last and seconds(self.clock, last) == (scheduled - self.clock.epoch).total_seconds()):
            return self._next_delay(cj, status, schedule, now)
        policy = spec.get("concurrencyPolicy") or "Allow"
        if policy == "Forbid" and status.get("active"):
            self.event(cj, "Normal", "JobAlreadyActive",
                       "Not starting job because prior execution is running and concurrency policy is Forbid")
            return self._next_delay(cj, status, schedule, now)
        if policy == "Replace":
            for ref in list(status.get("active") or ()):
                if self._delete_job(cj, ref.get("name")):
                    status["active"] = [r for r in status.get("active") or () if r.get("uid") != ref.get("uid")]
            if not status.get("active"):
                status.pop("active", None)
        try:
            job = self.api.create(job_for(cj, scheduled), validate=False)
        except APIError as exc:
            if exc.reason == "AlreadyExists" or exc.code == "api.namespace_terminating":
                return self._next_delay(cj, status, schedule, now)
            self.event(cj, "Warning", "FailedCreate", f"Error creating job: {exc.message}")
            return None
        self.event(cj, "Normal", "SuccessfulCreate", f"Created job {job['metadata']['name']}")
        meta = job["metadata"]
        status.setdefault("active", []).append({"apiVersion": "batch/v1", "kind": "Job", "name": meta["name"],
                                                 "namespace": meta["namespace"], "resourceVersion": meta["resourceVersion"],
                                                 "uid": meta["uid"]})
        status["lastScheduleTime"] = scheduled.strftime("%Y-%m-%dT%H:%M:%SZ")
        return self._next_delay(cj, status, schedule, now)

    def _earliest(self, cj: dict, status: dict) -> datetime:
        stamp = status.get("lastScheduleTime") or cj["metadata"].get("creationTimestamp")
        return self.clock.datetime(seconds(self.clock, stamp) or 0.0)

    def _next_delay(self, cj: dict, status: dict, schedule: cron.Schedule, now: datetime) -> float | None:
        """nextScheduleTimeDuration: the next activation after the most recent one, + 100 ms."""
        earliest = self._earliest(cj, status)
        try:
            recent, missed = cron.most_recent(schedule, earliest, now)
        except cron.CronError:
            recent, missed = now, 1
        base = recent or (earliest if missed == 0 else now)
        following = schedule.next(base)
        if following is None:
            return None
        return (following - now).total_seconds() + NEXT_SCHEDULE_DELTA

    # --- history limits ------------------------------------------------------------------------

    def _cleanup(self, cj: dict, status: dict) -> None:
        """cleanupFinishedJobs: keep the newest N successful and M failed Jobs (by start time)."""
        jobs = owned(self.store, cj, "Job")
        for type_, field in (("Complete", "successfulJobsHistoryLimit"), ("Failed", "failedJobsHistoryLimit")):
            limit = cj["spec"].get(field)
            if limit is None:
                continue
            done = [j for j in jobs if finished_type(j) == type_ and not j["metadata"].get("deletionTimestamp")]
            done.sort(key=lambda j: ((j.get("status") or {}).get("startTime") or j["metadata"].get("creationTimestamp") or "",
                                     j["metadata"]["name"]))
            for job in done[: max(0, len(done) - int(limit))]:
                if self._delete_job(cj, job["metadata"]["name"]):
                    status["active"] = [r for r in status.get("active") or () if r.get("uid") != job["metadata"]["uid"]]
                    if not status["active"]:
                        status.pop("active")

    def _delete_job(self, cj: dict, name: str | None) -> bool:
        try:
            self.api.delete("Job", cj["metadata"]["namespace"], name or "", propagation="Background")
        except APIError as exc:
            if exc.reason != "NotFound":
                self.event(cj, "Warning", "FailedDelete", f"Deleted job: {exc.message}")
            return False
        self.event(cj, "Normal", "SuccessfulDelete", f"Deleted job {name}")
        return True
