"""The kubelet's pod worker: what happens to a pod on its node, and when.

When a pod is bound to a node the kubelet creates its sandbox (volumes, IP from the node's podCIDR),
then starts its init containers in order and its app containers one after the other: image (present,
pulled on the node's serialised pull queue, or failing into ``ImagePullBackOff``), configuration
(``CreateContainerConfigError``), create, start. It watches what the process does (``runtime.run``:
exits, OOM kills), restarts per ``restartPolicy`` with the real crash back-off, runs probes, and on
deletion stops the containers within the grace period and removes the pod. Every transition is a
stage of ``runtime.STAGES`` (events and waiting states come from that table), at the virtual time the
real kubelet would reach it (reference §1, §2, §6, §16).

The component that watches pods and wakes the worker is ``controllers/kubelets.py``.

Cost: a pod that just runs an image costs 2 status writes (ContainerCreating with its IP, then
Running) and 2-3 timers (sandbox, pull end, start). Probes, back-offs and far-away exits are
background timers; nodes need no heartbeat timers (their Lease is not renewed in the sandbox yet).
"""

from __future__ import annotations

import functools
import hashlib
import math
from typing import TYPE_CHECKING, Any

from . import runtime
from .apierrors import APIError
from .images import InvalidImageName, PullError, default_pull_policy, parse_image, resolve_image
from .pod_env import ConfigError, MountError, pod_volumes, pull_credentials
from .pod_status import TERMINAL, ContainerRecord, PodRecord, pod_status, status_signature
from .runtime import MESSAGES, STAGE_BY_NAME

if TYPE_CHECKING:
    from .controllers.kubelets import Kubelet

SANDBOX_SECONDS = 0.5  # volumes, pause container, CNI: from noticing a pod to its IP
BACKOFF_SYNC_SECONDS = 1.0  # the pod worker's next sync after a failure: Error -> CrashLoopBackOff
ERROR_RESYNC_SECONDS = 10.0  # backOffPeriod: a pod whose sync failed (config, image name) is tried again
MOUNT_RETRY_INITIAL, MOUNT_RETRY_MAX = 0.5, 122.0  # volume manager: 500 ms doubling to 2m2s
FOREGROUND_EXIT_SECONDS = 120.0  # a container exit further away than this does not keep the cluster busy
RUN_HORIZON_SECONDS = 30 * 86400.0  # how far ahead a container's plan is run to find its exit
CACHED_PULL_FACTOR = 0.3  # a pull whose layers are already on the node only resolves the manifest
PULL_FAIL_SECONDS = (0.4, 1.2)  # the registry's answer to a pull that fails
START_ERROR_STARTED_AT = "1970-01-01T00:00:00Z"  # what containerd reports for a process that never ran
EPS = 1e-9
PROBE_FIELDS = (("startup", "startupProbe"), ("liveness", "livenessProbe"), ("readiness", "readinessProbe"))


class Sync:
    """One run of the pod worker: advance every container as far as the current time allows, run the
    probes that are due, post the status once, and set the timers for what comes next."""

    def __init__(self, kubelet: Kubelet, key: str, pod: dict, rec: PodRecord):
        self.k, self.key, self.pod, self.rec = kubelet, key, pod, rec
        self.now = kubelet.clock.now
        self.spec = pod["spec"]
        self.specs = {c["name"]: c for c in all_containers(pod)}
        self.node = kubelet.node_state(rec.node)
        self.fg: list[float] = []
        self.bg: list[float] = []

    # --- the loop ----------------------------------------------------------------------------

    def run(self) -> None:
        rec = self.rec
        if self.pod["metadata"].get("deletionTimestamp"):
            self.terminate()
            return
        if rec.phase in TERMINAL:
            return
        if not rec.sandbox and not self.sandbox():
            self.post()
            self.schedule()
            return
        if rec.replan is not None:
            self.replan()
        progress = True
        while progress:
            progress = False
            gate = True  # init containers run one at a time; app containers wait for all of them
            for c in rec.containers:
                spec = self.specs.get(c.name)
                if spec is None:
                    continue
                if self.advance(c, spec, gate):
                    progress = True
                if c.kind == "init":
                    gate = gate and c.stage == "done" and bool(c.term) and c.term.get("exitCode") == 0
                elif c.kind == "sidecar":
                    gate = gate and c.started
        self.probe()
        self.post()
        self.schedule()

    def sandbox(self) -> bool:
        """Volumes first (FailedMount keeps the pod in ContainerCreating without an IP), then the IP."""
        rec, k = self.rec, self.k
        if rec.retry is not None and rec.retry > self.now + EPS:
            self.bg.append(rec.retry)
            return False
        host_ip, _, _ = k.node_facts(rec.node)
        try:
            k.volumes[self.key] = pod_volumes(self.pod, k._getter, host_ip, "")
        except MountError as error:
            rec.mount_failures += 1
            delay = min(MOUNT_RETRY_MAX, MOUNT_RETRY_INITIAL * 2 ** (rec.mount_failures - 1))
            rec.retry = self.now + delay
            self.wait_for(error.waits_for)
            k.event(self.pod, "Warning", "FailedMount", error.message, host=rec.node)
            self.bg.append(rec.retry)
            return False
        rec.retry, rec.mount_error = None, None
        self.clear_waits()
        rec.sandbox = True
        rec.ip = host_ip if self.spec.get("hostNetwork") else k.allocate_ip(rec.node, self.key)
        self.trace("create", "sandbox")
        return True

    def advance(self, c: ContainerRecord, spec: dict, gate: bool) -> bool:
        """Move one container to its next stage if its time has come; True when something changed."""
        now, stage = self.now + EPS, c.stage
        if stage in ("waiting", "restarting", "pull-backoff", "crash-backoff", "config-error", "image-error"):
            due = c.until is None or c.until <= now or image_changed(c, spec)  # the pull back-off is per image
            if not due:
                self.later(c.until, background=stage not in ("restarting",))
                return False
            if not gate or (self.rec.busy and self.rec.busy != c.name):
                return False
            return self.begin(c, spec)
        if stage == "pulling":
            if c.until > now:
                self.later(c.until)
                return False
            return self.pulled(c, spec)
        if stage == "pull-error":
            if c.until > now:
                self.later(c.until)
                return False
            self.stage(c, "pull-backoff", spec, image=spec["image"], error=c.pull[4])
            c.waiting = ["ImagePullBackOff", MESSAGES["pull_backoff_waiting"].format(image=spec["image"], error=c.pull[4])]
            c.stage, c.until = "pull-backoff", c.retry
            return True
        if stage == "creating":
            if c.until > now:
                self.later(c.until)
                return False
            return self.started(c, spec)
        if stage == "running":
            if c.exit is not None:
                if c.exit[0] > now:
                    self.later(c.exit[0], background=c.exit[0] - self.now > FOREGROUND_EXIT_SECONDS)
                    return False
                self.exited(c, spec, c.exit[0], c.exit[1], c.exit[2])
                return True
            if c.spec_image != spec.get("image"):
                self.kill(c, spec, f"Container {c.name} definition changed, will be restarted", restart="spec")
                return True
            return False
        if stage == "stopping":
            if c.until > now:
                self.later(c.until)
                return False
            self.exited(c, spec, c.until, c.stop[0], c.stop[1])
            return True
        if stage == "exited" and c.until is not None:
            if c.until > now:
                self.later(c.until)
                return False
            values = {"backoff": runtime.go_backoff_string(c.retry - c.end), "container": c.name,
                      "pod": self.pod["metadata"]["name"], "namespace": self.pod["metadata"]["namespace"],
                      "uid": self.rec.uid}
            self.stage(c, "restart", spec, **values)
            c.waiting = ["CrashLoopBackOff", MESSAGES["crash_backoff_waiting"].format(**values)]
            c.stage, c.until = "crash-backoff", c.retry
            return True
        return False

    def replan(self) -> None:
        """The network changed at ``rec.replan``: find when waiting processes get through now."""
        k, rec, since = self.k, self.rec, self.rec.replan
        rec.replan = None
        for c in rec.containers:
            spec = self.specs.get(c.name)
            if spec is None or c.stage != "running" or c.exit is not None or c.net_since is None:
                continue
            launch = k.launch(self.key, self.pod, rec, spec)
            planned = k.planned_exit(self.pod, rec, launch, c.start, net_since=since)
            c.net_since = since
            if planned is not None:
                c.exit = [max(c.start + planned[0], self.now), planned[1], planned[2]]

    # --- image, create, start ----------------------------------------------------------------------

    def begin(self, c: ContainerRecord, spec: dict) -> bool:
        """inspect -> present | pull | never-pull | invalid-image (runtime.STAGES)."""
        k, image, now = self.k, spec.get("image") or "", self.now
        c.pull = [False, 0.0, 0.0, 0, None, None, None, image]  # [ok, seconds, total, size, error, ref, id, image]
        try:
            ref = parse_image_cached(image)
        except InvalidImageName as error:
            self.stage(c, "invalid-image", spec, error=error.message)
            c.waiting, c.stage, c.until = ["InvalidImageName", error.message], "image-error", now + ERROR_RESYNC_SECONDS
            return True
        canonical = ref.canonical
        policy = spec.get("imagePullPolicy") or default_pull_policy(image)  # the API server sets it; old objects may not
        present = self.node.images.get(canonical, math.inf) <= now + EPS
        if policy == "Never" and not present:
            self.stage(c, "never-pull", spec, image=image)
            c.waiting = ["ErrImageNeverPull", MESSAGES["never_pull"].format(image=image)]
            c.stage, c.until = "image-error", now + ERROR_RESYNC_SECONDS
            return True
        if present and policy != "Always":
            self.stage(c, "present", spec, image=image)
            c.pull = [True, 0.0, 0.0, 0, None, canonical, self.image_id(image, canonical), image]
            return self.create(c, spec)
        credentials, missing = pull_credentials(self.pod, k._getter)
        if missing:
            k.event(self.pod, "Warning", "FailedToRetrieveImagePullSecret",
                    f"Unable to retrieve some image pull secrets ({', '.join(missing)}); attempting to pull the "
                    "image may not succeed.", host=self.rec.node)
        begin = max(now, self.node.pull_free)
        result = resolve_image_cached(image, frozenset(credentials))
        if isinstance(result, PullError):
            seconds = round(k.cluster.rng.uniform(*PULL_FAIL_SECONDS), 3)
            c.pull = [False, seconds, 0.0, 0, result.message, canonical, None, image]
        else:
            cached = canonical in self.node.images
            seconds = runtime.pull_seconds(0 if cached else result.size_bytes, k.cluster.rng)
            if cached:
                seconds = round(seconds * CACHED_PULL_FACTOR, 3)
            c.pull = [True, seconds, 0.0, result.size_bytes, None, canonical, result.image_id, image]
            self.node.images[canonical] = min(self.node.images.get(canonical, math.inf), begin + seconds)
        end = begin + seconds
        c.pull[2] = round(end - now, 6)
        self.node.pull_free = end
        self.stage(c, "pull", spec, image=image)
        self.trace("pull", c.name)
        c.stage, c.until, self.rec.busy = "pulling", end, c.name
        self.later(end)
        return True

    def image_id(self, image: str, canonical: str) -> str:
        result = resolve_image_cached(image, frozenset())
        return canonical if isinstance(result, PullError) else result.image_id

    def pulled(self, c: ContainerRecord, spec: dict) -> bool:
        ok, seconds, total, size, error = c.pull[:5]
        if ok:
            self.k.event(self.pod, "Normal", "Pulled", runtime.pulled_message(spec["image"], seconds, total, size),
                         host=self.rec.node, field_path=self.field_path(c))
            return self.create(c, spec)
        self.rec.busy = None
        c.pull_failures += 1
        self.stage(c, "pull-failed", spec, image=spec["image"], error=error)
        c.waiting = ["ErrImagePull", error]
        c.stage, c.until = "pull-error", self.now + BACKOFF_SYNC_SECONDS
        c.retry = self.now + runtime.image_pull_backoff(c.pull_failures)
        return True

    def create(self, c: ContainerRecord, spec: dict) -> bool:
        c.pull_failures = 0
        try:
            self.k.launch(self.key, self.pod, self.rec, spec, fresh=True)
        except ConfigError as error:
            self.rec.busy = None
            self.stage(c, "config-error", spec, error=error.message)
            c.waiting = ["CreateContainerConfigError", error.message]
            c.stage, c.until = "config-error", self.now + ERROR_RESYNC_SECONDS
            self.wait_for(error.waits_for)
            return True
        self.clear_waits()
        self.stage(c, "create", spec, container=c.name)
        self.trace("create", c.name)
        c.stage, c.until, self.rec.busy = "creating", self.now + runtime.CREATE_SECONDS, c.name
        return True

    def started(self, c: ContainerRecord, spec: dict) -> bool:
        k, rec, now = self.k, self.rec, self.now
        rec.busy = None
        launch = k.launch(self.key, self.pod, rec, spec)
        if c.start is not None:  # the instance before this one: what `kubectl logs --previous` reads
            c.prev = [c.start, c.end, c.spec_image, c.cid]
        c.spec_image = spec["image"]
        if c.term:
            c.last = c.term
        c.term, c.waiting, c.restart, c.stop = None, None, False, None
        c.attempt += 1
        digest = hashlib.sha256(f"{rec.uid}/{c.name}/{c.attempt}".encode()).hexdigest()
        c.cid = f"containerd://{digest}"
        c.image, c.image_id = c.pull[5], c.pull[6]
        c.start, c.end = now, None
        if launch.error is not None:
            self.stage(c, "start-failed", spec, error=launch.error)
            c.stage = "exited"
            self.exited(c, spec, now, 128, "StartError", message=launch.error)
            if c.stage != "done":  # the sync that failed to start it reports RunContainerError until the next one
                c.waiting = ["RunContainerError", launch.error]
            return True
        self.stage(c, "start", spec, container=c.name)
        self.trace("start", c.name)
        c.stage = "running"
        planned = k.planned_exit(self.pod, rec, launch, now)
        c.exit = [now + planned[0], planned[1], planned[2]] if planned else None
        # A process that never ends while it waits on the network is looked at again when Services change.
        plan = launch.plan
        c.net_since = now if planned is None and not plan.long_running and uses_network(plan.steps) else None
        if c.net_since is not None:
            k.net_waiters[self.key] = None
        c.probes = {}
        for kind, field in PROBE_FIELDS:
            probe = spec.get(field)
            if isinstance(probe, dict):
                c.probes[kind] = [self.tick_after(now, probe), 0, 0]
        c.started = "startup" not in c.probes
        c.ready = c.started and "readiness" not in c.probes
        return True

    # --- endings ------------------------------------------------------------------------------

    def exited(self, c: ContainerRecord, spec: dict, at: float, code: int, reason: str, message: str | None = None) -> None:
        """The process ended at ``at``: terminated state, then done or a restart (now or after the back-off)."""
        c.end = at
        c.term = {"containerID": c.cid, "exitCode": code, "finishedAt": self.k.stamp(at), "reason": reason,
                  "startedAt": START_ERROR_STARTED_AT if reason == "StartError" else self.k.stamp(c.start)}
        if message:
            c.term["message"] = message
        c.exit, c.probes, c.ready, c.started, c.stop = None, None, False, False, None
        if self.rec.busy == c.name:
            self.rec.busy = None
        if not self.should_restart(c, code):
            c.stage, c.until, c.restart = "done", None, False
            return
        cause, c.restart = c.restart, False
        if cause == "spec":
            delay = 0.0  # a changed definition restarts at once, without touching the back-off
        elif c.bo and at - c.bo_at <= 2 * runtime.BACKOFF_CAP:
            delay = c.bo  # still in back-off since the last restart (flowcontrol.Backoff)
            c.bo, c.bo_at = min(runtime.BACKOFF_CAP, c.bo * 2), at
        else:
            delay, c.bo, c.bo_at = 0.0, runtime.RESTART_BACKOFF_BASE, at  # first restart, or the back-off expired
        if delay == 0:
            c.stage, c.until = "restarting", at
        else:
            c.stage, c.until, c.retry = "exited", at + BACKOFF_SYNC_SECONDS, at + delay

    def should_restart(self, c: ContainerRecord, code: int) -> bool:
        if self.rec.killing is not None:
            return False
        if c.kind == "sidecar":
            return True
        policy = self.spec.get("restartPolicy") or "Always"
        if c.kind == "init":
            return code != 0 and policy != "Never"
        if policy == "Always" or c.restart == "spec":
            return True
        return policy == "OnFailure" and (code != 0 or c.restart)

    def kill(self, c: ContainerRecord, spec: dict, message: str, restart: Any, grace: float | None = None) -> None:
        """Killing: SIGTERM now, gone after runtime.termination() (SIGKILL at the end of the grace period)."""
        launch = self.k.launch(self.key, self.pod, self.rec, spec)
        if grace is None:
            grace = float(self.spec.get("terminationGracePeriodSeconds", 30) or 0)
        seconds, code, reason = runtime.termination(launch.plan, grace) if launch.plan else (0.0, 137, "Error")
        self.k.event(self.pod, "Normal", "Killing", message, host=self.rec.node, field_path=self.field_path(c))
        self.trace("stop", c.name)
        end = self.now + seconds
        if c.exit is not None and c.exit[0] <= end:
            end, code, reason = c.exit[0], c.exit[1], c.exit[2]  # it ends on its own first
        # Still running (and as ready as it was) until it is gone: no status write for the kill itself.
        c.stage, c.until, c.stop, c.restart, c.exit, c.probes = "stopping", end, [code, reason], restart, None, None
        self.later(end)

    def terminate(self) -> None:
        """Graceful deletion: stop every running container, post the terminal status, delete the pod."""
        rec, meta = self.rec, self.pod["metadata"]
        if rec.killing is None:
            rec.killing = self.now
            rec.busy = None
            grace = meta.get("deletionGracePeriodSeconds")
            grace = float(grace if grace is not None else self.spec.get("terminationGracePeriodSeconds", 30) or 0)
            for c in rec.containers:
                spec = self.specs.get(c.name)
                if c.stage == "running" and spec is not None:
                    self.kill(c, spec, MESSAGES["killing"].format(container=c.name), restart=False, grace=grace)
                elif c.stage not in ("stopping", "done"):
                    c.stage, c.until = ("done" if c.term else "waiting"), None
        for c in rec.containers:
            if c.stage == "stopping":
                if c.until > self.now + EPS:
                    self.later(c.until)
                else:
                    self.exited(c, self.specs.get(c.name) or {}, c.until, c.stop[0], c.stop[1])
        if self.fg:
            self.post()
            self.schedule()
            return
        rec.sandbox = False
        self.post(terminal=True)
        self.k._remove(self.pod)

    # --- probes (§16) ------------------------------------------------------------------------------

    def tick_after(self, t: float, probe: dict) -> float:
        """The probe worker's next tick after ``t``: ticks every periodSeconds from when the pod was first synced."""
        period = float(probe.get("periodSeconds") or 10)
        n = math.floor((t - self.rec.anchor) / period + EPS) + 1
        return self.rec.anchor + n * period

    def probe(self) -> None:
        for c in self.rec.containers:
            if c.stage != "running" or not c.probes:
                continue
            spec = self.specs.get(c.name) or {}
            for kind, field in PROBE_FIELDS:
                state = c.probes.get(kind) if c.probes else None
                if state is None:
                    continue
                probe = spec[field]
                while c.stage == "running" and state[0] <= self.now + EPS:
                    at = state[0]
                    state[0] = self.tick_after(at, probe)
                    self.probe_once(c, spec, kind, probe, state, at)
                if c.stage == "running":
                    self.bg.append(state[0])

    def probe_once(self, c: ContainerRecord, spec: dict, kind: str, probe: dict, state: list, at: float) -> None:
        elapsed = at - c.start
        if elapsed + EPS < float(probe.get("initialDelaySeconds") or 0):
            return
        if kind != "startup" and not c.started:
            return
        if kind == "startup" and c.started:
            return
        launch = self.k.launch(self.key, self.pod, self.rec, spec)
        if launch.plan is None:
            return
        result = runtime.probe_result(probe, launch.plan, "running", self.rec.ip or "", elapsed=elapsed,
                                      files=launch.files, container=spec,
                                      resolver=self.k.resolver_for(self.pod, c.start, c.net_since),
                                      started_at=self.k.clock.datetime(c.start))
        if result.errored:
            self.k.event(self.pod, "Warning", "Unhealthy", runtime.unhealthy_message(kind, result), host=self.rec.node,
                         field_path=self.field_path(c))
            return
        if result.ok:
            state[1], state[2] = 0, state[2] + 1
            if kind == "startup":
                c.started = True
                c.ready = "readiness" not in c.probes
            elif kind == "readiness" and state[2] >= int(probe.get("successThreshold") or 1):
                c.ready = True
            return
        state[1], state[2] = state[1] + 1, 0
        self.k.event(self.pod, "Warning", "Unhealthy", runtime.unhealthy_message(kind, result), host=self.rec.node,
                     field_path=self.field_path(c))
        if state[1] < int(probe.get("failureThreshold") or 3):
            return
        if kind == "readiness":
            c.ready = False
            return
        restart = (self.spec.get("restartPolicy") or "Always") != "Never" or c.kind == "sidecar"
        message = MESSAGES["liveness_kill" if kind == "liveness" else "startup_kill"].format(container=c.name)
        if not restart:
            message = message.replace(", will be restarted", "")
        grace = probe.get("terminationGracePeriodSeconds")
        self.kill(c, spec, message, restart="probe" if restart else False,
                  grace=float(grace) if grace is not None else None)

    # --- helpers ---------------------------------------------------------------------------------

    def stage(self, c: ContainerRecord, name: str, spec: dict, **values: Any) -> None:
        """Record the events of a runtime.STAGES stage, filled with ``values``."""
        for type_, reason, template in STAGE_BY_NAME[name].events:
            self.k.event(self.pod, type_, reason, template.format(**values), host=self.rec.node,
                         field_path=self.field_path(c))

    def field_path(self, c: ContainerRecord) -> str:
        return f"spec.{'containers' if c.kind == 'app' else 'initContainers'}{{{c.name}}}"

    def trace(self, verb: str, what: str) -> None:
        api = self.k.api
        if api.trace_enabled and self.k.cluster.frame_log.traces:
            meta = self.pod["metadata"]
            api._trace(verb, "Container" if what != "sandbox" else "PodSandbox", meta["namespace"],
                       f"{meta['name']}/{what}", caller=f"kubelet/{self.rec.node}", callee="container-runtime")

    def later(self, t: float, background: bool = False) -> None:
        (self.bg if background else self.fg).append(t)

    def wait_for(self, what: tuple[str, str] | None) -> None:
        if what is None:
            return
        pair = list(what)
        if pair not in self.rec.waiting_on:
            self.rec.waiting_on.append(pair)
        self.k.waiters.setdefault((what[0], self.pod["metadata"]["namespace"], what[1]), {})[self.key] = None

    def clear_waits(self) -> None:
        namespace = self.pod["metadata"]["namespace"]
        if any(c.stage == "config-error" for c in self.rec.containers) or self.rec.retry is not None:
            return
        for kind, name in self.rec.waiting_on:
            self.k.waiters.get((kind, namespace, name), {}).pop(self.key, None)
        self.rec.waiting_on = []

    def post(self, terminal: bool = False) -> None:
        """Write the status if it changed (the status manager skips identical updates)."""
        k, rec, meta = self.k, self.rec, self.pod["metadata"]
        signature = status_signature(rec)
        posted = k.posted.get(self.key)
        if not terminal and posted is not None and posted == (signature, meta.get("resourceVersion")):
            return  # nothing the status shows has changed since the kubelet last wrote it
        host_ip = k.node_facts(rec.node)[0]
        status = pod_status(self.pod, rec, host_ip, k.stamp, self.now, terminal=terminal)
        if status == self.pod.get("status"):
            k.posted[self.key] = (signature, meta.get("resourceVersion"))
            return
        k.writing = self.key
        try:
            stored = k.api.update_status({"apiVersion": "v1", "kind": "Pod",
                                          "metadata": {"name": meta["name"], "namespace": meta["namespace"]},
                                          "status": status})
        except APIError:
            return
        finally:
            k.writing = None
        k.posted[self.key] = (signature, stored["metadata"].get("resourceVersion"))
        k.pod_cache[self.key] = stored

    def schedule(self) -> None:
        if not self.fg:  # settled: the next sync is far off, no need to keep the pod and its volumes in memory
            self.k.pod_cache.pop(self.key, None)
            self.k.volumes.pop(self.key, None)
            self.k.posted.pop(self.key, None)
        if self.rec.phase in TERMINAL and not self.pod["metadata"].get("deletionTimestamp"):
            return
        if self.fg:
            self.k._wake(self.key, min(self.fg))
        if self.bg:
            self.k._wake(self.key, min(self.bg), background=True)


def image_changed(c: ContainerRecord, spec: dict) -> bool:
    """Whether the pod's image for this container is not the one the last pull attempt was for."""
    return c.stage in ("pull-backoff", "image-error") and bool(c.pull) and c.pull[7] != spec.get("image")


def uses_network(steps: Any) -> bool:
    """Whether a plan makes network calls (``("net", NetworkCall)`` steps, however deeply nested)."""
    if isinstance(steps, (tuple, list)):
        if steps and steps[0] == "net":
            return True
        return any(uses_network(step) for step in steps if isinstance(step, (tuple, list)))
    return False


def pod_key(pod: dict) -> str:
    return f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"


def as_tuple(value: Any) -> tuple | None:
    return tuple(str(v) for v in value) if isinstance(value, list) else None


def as_list(value: Any) -> list | None:
    return list(value) if value is not None else None


def all_containers(pod: dict) -> list[dict]:
    spec = pod.get("spec") or {}
    return list(spec.get("initContainers") or ()) + list(spec.get("containers") or ())


@functools.lru_cache(maxsize=1024)
def parse_image_cached(image: str) -> Any:
    """images.parse_image, memoised: a pod of a ReplicaSet has the image of the thousand before it."""
    return parse_image(image)


@functools.lru_cache(maxsize=1024)
def resolve_image_cached(image: str, credentials: frozenset) -> Any:
    """images.resolve_image, memoised (the catalogue is fixed; a PullError is raised again each time)."""
    try:
        return resolve_image(image, credentials=credentials)
    except PullError as error:
        return error


def hostname(pod: dict) -> str:
    """The pod's hostname: spec.hostname, else its name (at most 63 characters)."""
    return ((pod.get("spec") or {}).get("hostname") or pod["metadata"]["name"])[:63]


def kubelet_of(cluster: Any) -> Any:
    """The cluster's kubelet component (controllers/kubelets.py), or None in a cluster that only stores objects."""
    return next((c for c in getattr(cluster, "components", ()) if c.name == "kubelet"), None)


# --- cordon (kubectl drain's cordon helper + the node lifecycle controller's taint) -----------------

UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable"


def set_schedulable(api: Any, node: str, schedulable: bool) -> bool:
    """Cordon or uncordon ``node``: ``spec.unschedulable`` as kubectl patches it, and the
    ``node.kubernetes.io/unschedulable:NoSchedule`` taint the node lifecycle controller keeps in step
    with it (TaintNodesByCondition; the sandbox applies it in the same step). False when already so."""
    current = api.get("Node", "", node)
    spec = current.get("spec") or {}
    if bool(spec.get("unschedulable")) != schedulable:
        return False
    api.patch("Node", "", node, {"spec": {"unschedulable": None if schedulable else True}}, "strategic")
    taints = [t for t in spec.get("taints") or () if t.get("key") != UNSCHEDULABLE_TAINT]
    if not schedulable:
        taints.append({"effect": "NoSchedule", "key": UNSCHEDULABLE_TAINT})
    with api.acting_as("node-lifecycle-controller"):
        api.patch("Node", "", node, {"spec": {"taints": taints or None}}, "merge")
    return True
