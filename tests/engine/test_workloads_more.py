"""DaemonSets, StatefulSets, Jobs, CronJobs, the HorizontalPodAutoscaler and storage, told as scenarios.

Each test boots a fresh cluster (the real scheduler and kubelet run), applies manifests, moves the
virtual clock and checks what a student would see: pods, conditions, events and kubectl output
(reference §3, §5, §6, §8, §12, §14.3).
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.engine import cron
from sandbox.engine.cluster import Cluster
from sandbox.engine.controllers import hpautil
from sandbox.engine.controllers.volumes import env_for, files_for
from tests.engine.helpers import events

SUFFIX = "[bcdfghjklmnpqrstvwxz2456789]{5}"
EPOCH_MINUTES = 1735689600 // 60  # 2025-01-01T00:00:00Z, the default epoch


def apply(cluster: Cluster, text: str, namespace: str | None = None) -> None:
    result = cluster.apply(text, namespace=namespace)
    assert result.ok, result.output


def kubectl(cluster: Cluster, line: str) -> str:
    code, out = cluster.kubectl(line)
    assert code == 0, out
    return out


def names(cluster: Cluster, kind: str, namespace: str = "default") -> list[str]:
    return [o["metadata"]["name"] for o in cluster.list(kind, namespace)]


def events_of(cluster: Cluster, kind: str, reason: str) -> list[str]:
    """Messages of the events about objects of ``kind`` with ``reason``, oldest first."""
    found = [e for e in cluster.list("Event") if e["reason"] == reason and e["involvedObject"]["kind"] == kind]
    found.sort(key=lambda e: int(e["metadata"]["name"].rsplit(".", 1)[1], 16))
    return [e["message"] for e in found]


def ready(pod: dict) -> bool:
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in (pod.get("status") or {}).get("conditions") or ())


def run_until(cluster: Cluster, predicate, limit: float = 600.0) -> None:
    """Step the simulation until ``predicate()`` holds (at most ``limit`` virtual seconds)."""
    deadline = cluster.now + limit
    while not predicate():
        assert cluster.now < deadline, "the condition never came true"
        if not cluster.step():
            break
    assert predicate()


def daemonset(image: str = "nginx:1.27", tolerate_control_plane: bool = False) -> str:
    toleration = ("      tolerations:\n      - {key: node-role.kubernetes.io/control-plane, operator: Exists, "
                  "effect: NoSchedule}\n") if tolerate_control_plane else ""
    return f"""\
apiVersion: apps/v1
kind: DaemonSet
metadata: {{name: agent}}
spec:
  selector: {{matchLabels: {{app: agent}}}}
  template:
    metadata: {{labels: {{app: agent}}}}
    spec:
{toleration}      containers:
      - name: agent
        image: {image}
"""


STATEFULSET = """\
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        volumeMounts: [{name: data, mountPath: /usr/share/nginx/html}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
"""


def job(name: str = "pi", spec: str = "", command: str = '["sh", "-c", "echo hi; sleep 5"]') -> str:
    return f"""\
apiVersion: batch/v1
kind: Job
metadata: {{name: {name}}}
spec:
{spec}  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox:1.36
        command: {command}
"""


def cronjob(schedule: str = "*/1 * * * *", extra: str = "", command: str = '["sh", "-c", "date; echo Hello"]') -> str:
    return f"""\
apiVersion: batch/v1
kind: CronJob
metadata: {{name: hello}}
spec:
  schedule: "{schedule}"
{extra}  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - name: hello
            image: busybox:1.36
            command: {command}
"""


WEB_WITH_HPA = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        resources: {requests: {cpu: 100m}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: %(min)d
  maxReplicas: %(max)d
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
"""


# --- DaemonSet -------------------------------------------------------------------------------------


def test_daemonset_runs_one_pod_per_worker_and_none_on_the_tainted_control_plane():
    cluster = Cluster(nodes=4)
    apply(cluster, daemonset())
    cluster.run()
    pods = cluster.list("Pod")
    assert sorted(p["spec"]["nodeName"] for p in pods) == ["node01", "node02", "node03"]
    assert all(re.fullmatch(f"agent-{SUFFIX}", p["metadata"]["name"]) and ready(p) for p in pods)
    status = cluster.get("DaemonSet", "agent")["status"]
    assert status == {"currentNumberScheduled": 3, "desiredNumberScheduled": 3, "numberAvailable": 3,
                      "numberMisscheduled": 0, "numberReady": 3, "observedGeneration": 1, "updatedNumberScheduled": 3}
    assert sorted(events(cluster, "SuccessfulCreate")) == sorted(f"Created pod: {p['metadata']['name']}" for p in pods)


def test_daemonset_also_runs_on_the_control_plane_when_it_tolerates_the_taint():
    cluster = Cluster(nodes=4)
    apply(cluster, daemonset(tolerate_control_plane=True))
    cluster.run()
    assert sorted(p["spec"]["nodeName"] for p in cluster.list("Pod")) == ["controlplane", "node01", "node02", "node03"]


def test_daemonset_gets_a_pod_on_the_extra_node_when_the_cluster_has_one_more():
    counts = []
    for nodes in (3, 4):
        cluster = Cluster(nodes=nodes)
        apply(cluster, daemonset())
        cluster.run()
        counts.append(len(cluster.list("Pod")))
    assert counts == [2, 3]


def test_daemonset_pods_are_pinned_with_match_fields_and_tolerate_node_problems_forever():
    cluster = Cluster(nodes=2)
    apply(cluster, daemonset())
    cluster.run()
    pod = cluster.list("Pod")[0]
    terms = pod["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"]
    assert terms == [{"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["node01"]}]}]
    tolerations = {(t["key"], t["effect"]): t for t in pod["spec"]["tolerations"]}
    for key in ("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"):
        assert tolerations[(key, "NoExecute")] == {"key": key, "operator": "Exists", "effect": "NoExecute"}
    assert ("node.kubernetes.io/unschedulable", "NoSchedule") in tolerations
    assert pod["metadata"]["labels"]["pod-template-generation"] == "1"
    revision = cluster.list("ControllerRevision")[0]
    assert revision["metadata"]["name"] == f"agent-{pod['metadata']['labels']['controller-revision-hash']}"


def test_daemonset_replaces_a_pod_on_a_cordoned_node_because_it_tolerates_unschedulable():
    cluster = Cluster(nodes=2)
    apply(cluster, daemonset())
    cluster.run()
    cluster.api.patch("Node", None, "node01", {"spec": {"unschedulable": True}}, "merge")
    cluster.delete("Pod", cluster.list("Pod")[0]["metadata"]["name"])
    cluster.run()
    pods = [p for p in cluster.list("Pod") if not p["metadata"].get("deletionTimestamp")]
    assert [p["spec"]["nodeName"] for p in pods] == ["node01"] and ready(pods[0])


def test_daemonset_rolling_update_keeps_at_most_one_node_unavailable():
    cluster = Cluster(nodes=4)
    apply(cluster, daemonset(tolerate_control_plane=True))
    cluster.run()
    kubectl(cluster, "set image daemonset/agent agent=nginx:1.26")
    worst = 0
    while cluster.step():
        serving = {p["spec"].get("nodeName") for p in cluster.list("Pod")
                   if ready(p) and not p["metadata"].get("deletionTimestamp")}
        worst = max(worst, 4 - len(serving))
        if cluster.stable:
            break
    images = {p["spec"]["containers"][0]["image"] for p in cluster.list("Pod")}
    assert images == {"nginx:1.26"} and worst == 1
    out = kubectl(cluster, "rollout history daemonset/agent")
    assert out == "daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n"
    assert kubectl(cluster, "rollout status daemonset/agent") == 'daemon set "agent" successfully rolled out\n'


def test_daemonset_rollout_undo_goes_back_to_the_previous_template():
    cluster = Cluster(nodes=2)
    apply(cluster, daemonset())
    cluster.run()
    kubectl(cluster, "set image daemonset/agent agent=nginx:1.26")
    cluster.run()
    assert kubectl(cluster, "rollout undo daemonset/agent") == "daemonset.apps/agent rolled back\n"
    cluster.run()
    assert [p["spec"]["containers"][0]["image"] for p in cluster.list("Pod")] == ["nginx:1.27"]
    revisions = {r["metadata"]["name"]: r["revision"] for r in cluster.list("ControllerRevision")}
    assert sorted(revisions.values()) == [2, 3]


# --- StatefulSet -------------------------------------------------------------------------------------


def test_statefulset_starts_pods_in_order_each_after_the_previous_is_ready():
    cluster = Cluster(nodes=3)
    apply(cluster, STATEFULSET)
    created: list[tuple[str, list[str]]] = []  # (new pod, ready pods at that moment)
    seen: set[str] = set()
    while cluster.step():
        pods = {p["metadata"]["name"]: p for p in cluster.list("Pod")}
        for name in sorted(set(pods) - seen):
            created.append((name, sorted(n for n, p in pods.items() if ready(p))))
        seen |= set(pods)
        if cluster.stable:
            break
    assert created == [("web-0", []), ("web-1", ["web-0"]), ("web-2", ["web-0", "web-1"])]
    assert events(cluster, "SuccessfulCreate")[:2] == ["create Claim data-web-0 Pod web-0 in StatefulSet web success",
                                                       "create Pod web-0 in StatefulSet web successful"]
    claims = cluster.list("PersistentVolumeClaim")
    assert [c["metadata"]["name"] for c in claims] == ["data-web-0", "data-web-1", "data-web-2"]
    assert all(c["status"]["phase"] == "Bound" and c["spec"]["volumeName"] == f"pvc-{c['metadata']['uid']}"
               for c in claims)


def test_statefulset_pods_have_a_stable_identity():
    cluster = Cluster(nodes=3)
    apply(cluster, STATEFULSET)
    cluster.run()
    pod = cluster.get("Pod", "web-1")
    status = cluster.get("StatefulSet", "web")["status"]
    assert pod["spec"]["hostname"] == "web-1" and pod["spec"]["subdomain"] == "web"
    assert pod["metadata"]["labels"] == {"app": "web", "statefulset.kubernetes.io/pod-name": "web-1",
                                         "apps.kubernetes.io/pod-index": "1",
                                         "controller-revision-hash": status["currentRevision"]}
    assert {"name": "data", "persistentVolumeClaim": {"claimName": "data-web-1"}} in pod["spec"]["volumes"]
    assert status["replicas"] == status["readyReplicas"] == status["availableReplicas"] == 3
    assert status["currentRevision"] == status["updateRevision"] and status["updatedReplicas"] == 3
    assert kubectl(cluster, "get sts").splitlines() == ["NAME   READY   AGE", "web    3/3     10s"]


def test_statefulset_scales_down_from_the_highest_ordinal_and_keeps_the_claims():
    cluster = Cluster(nodes=3)
    apply(cluster, STATEFULSET)
    cluster.run()
    kubectl(cluster, "scale statefulset web --replicas=1")
    order = []
    while cluster.step():
        for p in cluster.list("Pod"):
            if p["metadata"].get("deletionTimestamp") and p["metadata"]["name"] not in order:
                order.append(p["metadata"]["name"])
        if cluster.stable:
            break
    assert order == ["web-2", "web-1"] and names(cluster, "Pod") == ["web-0"]
    assert names(cluster, "PersistentVolumeClaim") == ["data-web-0", "data-web-1", "data-web-2"]
    assert events(cluster, "SuccessfulDelete") == ["delete Pod web-2 in StatefulSet web successful",
                                                   "delete Pod web-1 in StatefulSet web successful"]


def test_statefulset_deletes_the_claims_of_scaled_down_pods_when_the_policy_says_delete():
    cluster = Cluster(nodes=3)
    apply(cluster, STATEFULSET.replace("  serviceName: web\n", "  serviceName: web\n"
                                       "  persistentVolumeClaimRetentionPolicy: {whenScaled: Delete}\n"))
    cluster.run()
    kubectl(cluster, "scale statefulset web --replicas=2")
    cluster.run()
    assert names(cluster, "PersistentVolumeClaim") == ["data-web-0", "data-web-1"]


def test_statefulset_parallel_policy_creates_every_pod_at_once():
    cluster = Cluster(nodes=3)
    apply(cluster, STATEFULSET.replace("  serviceName: web\n", "  serviceName: web\n  podManagementPolicy: Parallel\n"))
    run_until(cluster, lambda: len(cluster.list("Pod")) == 3)
    assert not any(ready(p) for p in cluster.list("Pod"))


def test_statefulset_rolling_update_goes_in_reverse_ordinal_order_down_to_the_partition():
    cluster = Cluster(nodes=3)
    apply(cluster, STATEFULSET)
    cluster.run()
    cluster.api.patch("StatefulSet", "default", "web",
                      {"spec": {"updateStrategy": {"rollingUpdate": {"partition": 1}}}}, "merge")
    kubectl(cluster, "set image statefulset/web nginx=nginx:1.26")
    cluster.run()
    assert events(cluster, "SuccessfulDelete") == ["delete Pod web-2 in StatefulSet web successful",
                                                   "delete Pod web-1 in StatefulSet web successful"]
    images = {p["metadata"]["name"]: p["spec"]["containers"][0]["image"] for p in cluster.list("Pod")}
    assert images == {"web-0": "nginx:1.27", "web-1": "nginx:1.26", "web-2": "nginx:1.26"}
    assert kubectl(cluster, "rollout status sts/web") == "partitioned roll out complete: 2 new pods have been updated...\n"


# --- Job -------------------------------------------------------------------------------------------


def test_job_with_three_completions_runs_two_at_a_time_and_completes():
    cluster = Cluster(nodes=3)
    apply(cluster, job(spec="  completions: 3\n  parallelism: 2\n"))
    most = 0
    while cluster.step():
        active = [p for p in cluster.list("Pod") if p["status"]["phase"] not in ("Succeeded", "Failed")]
        most = max(most, len(active))
        if cluster.stable:
            break
    status = cluster.get("Job", "pi")["status"]
    assert most == 2 and status["succeeded"] == 3 and "failed" not in status
    assert [(c["type"], c["reason"], c["message"]) for c in status["conditions"]] == [
        ("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods"),
        ("Complete", "CompletionsReached", "Reached expected number of succeeded pods")]
    assert status["completionTime"] and status["ready"] == 0 and status["terminating"] == 0
    assert status["uncountedTerminatedPods"] == {}
    pods = cluster.list("Pod")
    assert all(re.fullmatch(f"pi-{SUFFIX}", p["metadata"]["name"]) and not p["metadata"].get("finalizers") for p in pods)
    assert events(cluster, "Completed") == ["Job completed"]
    assert len(events(cluster, "SuccessfulCreate")) == 3
    lines = kubectl(cluster, "get jobs").splitlines()
    assert lines[0] == "NAME   STATUS     COMPLETIONS   DURATION   AGE" and lines[1].startswith("pi     Complete   3/3 ")


def test_job_pods_carry_the_tracking_finalizer_until_counted():
    cluster = Cluster(nodes=2)
    apply(cluster, job())
    run_until(cluster, lambda: any(p["status"]["phase"] == "Running" for p in cluster.list("Pod")))
    assert cluster.list("Pod")[0]["metadata"]["finalizers"] == ["batch.kubernetes.io/job-tracking"]
    cluster.run()
    assert "finalizers" not in cluster.list("Pod")[0]["metadata"]


def test_failing_job_backs_off_10_then_20_seconds_and_fails_with_backoff_limit_exceeded():
    cluster = Cluster(nodes=2)
    apply(cluster, job(name="fail", spec="  backoffLimit: 2\n", command='["sh", "-c", "exit 1"]'))
    cluster.run()
    pods = sorted(cluster.list("Pod"), key=lambda p: p["metadata"]["creationTimestamp"])
    assert len(pods) == 3
    created = [cluster.clock.seconds_since(p["metadata"]["creationTimestamp"]) for p in pods]
    finished = [cluster.clock.seconds_since(p["status"]["containerStatuses"][0]["state"]["terminated"]["finishedAt"])
                for p in pods]
    assert [round(finished[i] - created[i + 1]) for i in range(2)] == [10, 20]
    status = cluster.get("Job", "fail")["status"]
    assert status["failed"] == 3 and "completionTime" not in status
    assert [(c["type"], c["reason"], c["message"]) for c in status["conditions"]] == [
        ("FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit"),
        ("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit")]
    warning = [e for e in cluster.list("Event") if e["reason"] == "BackoffLimitExceeded"]
    assert [(e["type"], e["message"]) for e in warning] == [("Warning", "Job has reached the specified backoff limit")]
    assert kubectl(cluster, "get jobs --no-headers").split()[1:3] == ["Failed", "0/1"]


def test_job_active_longer_than_its_deadline_fails_with_deadline_exceeded():
    cluster = Cluster(nodes=2)
    apply(cluster, job(name="slow", spec="  activeDeadlineSeconds: 20\n", command='["sleep", "3600"]'))
    cluster.run(seconds=80)
    status = cluster.get("Job", "slow")["status"]
    assert [c["type"] for c in status["conditions"]] == ["FailureTarget", "Failed"]
    assert status["conditions"][1]["reason"] == "DeadlineExceeded"
    assert status["conditions"][1]["message"] == "Job was active longer than specified deadline"
    assert status["failed"] == 1 and "active" not in status
    assert events(cluster, "DeadlineExceeded") == ["Job was active longer than specified deadline"]


def test_indexed_job_names_pods_by_index_and_records_completed_indexes():
    cluster = Cluster(nodes=3)
    apply(cluster, job(name="idx", spec="  completions: 3\n  parallelism: 3\n  completionMode: Indexed\n"))
    cluster.run()
    pods = cluster.list("Pod")
    by_index = {p["metadata"]["annotations"]["batch.kubernetes.io/job-completion-index"]: p for p in pods}
    assert sorted(by_index) == ["0", "1", "2"]
    for index, pod in by_index.items():
        assert re.fullmatch(f"idx-{index}-{SUFFIX}", pod["metadata"]["name"])
        assert pod["metadata"]["labels"]["batch.kubernetes.io/job-completion-index"] == index
        assert pod["spec"]["hostname"] == f"idx-{index}"
    assert cluster.get("Job", "idx")["status"]["completedIndexes"] == "0-2"


def test_job_is_deleted_ttl_seconds_after_it_finished():
    cluster = Cluster(nodes=2)
    apply(cluster, job(spec="  ttlSecondsAfterFinished: 30\n", command='["true"]'))
    cluster.run()
    assert names(cluster, "Job") == ["pi"]
    cluster.run(seconds=40)
    assert names(cluster, "Job") == [] and names(cluster, "Pod") == []


def test_suspended_job_creates_no_pods_until_resumed():
    cluster = Cluster(nodes=2)
    apply(cluster, job(spec="  suspend: true\n"))
    cluster.run()
    assert names(cluster, "Pod") == []
    assert cluster.get("Job", "pi")["status"]["conditions"][0]["reason"] == "JobSuspended"
    cluster.api.patch("Job", "default", "pi", {"spec": {"suspend": False}}, "merge")
    cluster.run()
    assert cluster.get("Job", "pi")["status"]["succeeded"] == 1
    assert events(cluster, "Resumed") == ["Job resumed"]


# --- CronJob ---------------------------------------------------------------------------------------


def test_cronjob_creates_a_job_every_minute_named_by_its_schedule_time_and_keeps_three():
    cluster = Cluster(nodes=2)
    apply(cluster, cronjob())
    cluster.run()
    assert names(cluster, "Job") == []  # the schedule is a background timer: nothing to wait for yet
    cluster.run(seconds=330)
    expected = [f"hello-{EPOCH_MINUTES + m}" for m in (3, 4, 5)]
    assert names(cluster, "Job") == expected
    assert events_of(cluster, "CronJob", "SuccessfulCreate") == [f"Created job hello-{EPOCH_MINUTES + m}"
                                                                 for m in range(1, 6)]
    assert events_of(cluster, "CronJob", "SuccessfulDelete") == [f"Deleted job hello-{EPOCH_MINUTES + m}" for m in (1, 2)]
    assert events_of(cluster, "CronJob", "SawCompletedJob")[0] == \
        f"Saw completed job: hello-{EPOCH_MINUTES + 1}, status: Complete"
    status = cluster.get("CronJob", "hello")["status"]
    assert status["lastScheduleTime"] == "2025-01-01T00:05:00Z" and "lastSuccessfulTime" in status
    job_meta = cluster.get("Job", expected[-1])["metadata"]
    assert job_meta["annotations"]["batch.kubernetes.io/cronjob-scheduled-timestamp"] == "2025-01-01T00:05:00Z"
    lines = kubectl(cluster, "get cronjobs").splitlines()
    assert lines == ["NAME    SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE",
                     "hello   */1 * * * *   <none>     False     0        30s             5m30s"]


def test_cronjob_keeps_one_failed_job():
    cluster = Cluster(nodes=2)
    apply(cluster, cronjob(extra="  failedJobsHistoryLimit: 1\n", command='["sh", "-c", "exit 1"]').replace(
        "    spec:\n      template:", "    spec:\n      backoffLimit: 0\n      template:"))
    cluster.run(seconds=200)
    failed = [j for j in cluster.list("Job") if any(c["type"] == "Failed" for c in j["status"].get("conditions") or ())]
    assert [j["metadata"]["name"] for j in failed] == [f"hello-{EPOCH_MINUTES + 3}"]


def test_cronjob_with_forbid_skips_runs_while_the_previous_job_is_active():
    cluster = Cluster(nodes=2)
    apply(cluster, cronjob(extra="  concurrencyPolicy: Forbid\n", command='["sleep", "150"]'))
    cluster.run(seconds=190)
    assert names(cluster, "Job") == [f"hello-{EPOCH_MINUTES + 1}"]
    assert "Not starting job because prior execution is running and concurrency policy is Forbid" in \
        events(cluster, "JobAlreadyActive")


def test_cronjob_with_replace_deletes_the_running_job():
    cluster = Cluster(nodes=2)
    apply(cluster, cronjob(extra="  concurrencyPolicy: Replace\n", command='["sleep", "150"]'))
    cluster.run(seconds=130)
    assert [j["metadata"]["name"] for j in cluster.list("Job") if not j["metadata"].get("deletionTimestamp")] == [
        f"hello-{EPOCH_MINUTES + 2}"]


def test_suspended_cronjob_creates_no_jobs():
    cluster = Cluster(nodes=2)
    apply(cluster, cronjob(extra="  suspend: true\n"))
    cluster.run(seconds=200)
    assert names(cluster, "Job") == []


@pytest.mark.parametrize("spec, after, expected", [
    ("*/15 * * * *", "2025-01-01T00:07:00", ["00:15", "00:30", "00:45"]),
    ("0 9 * * MON-FRI", "2025-01-03T10:00:00", ["2025-01-06 09:00", "2025-01-07 09:00"]),
    ("30 6-16/4 * * *", "2025-01-01T07:00:00", ["10:30", "14:30", "2025-01-02 06:30"]),
    ("@hourly", "2025-01-01T00:30:00", ["01:00", "02:00"]),
    ("@daily", "2025-01-01T00:30:00", ["2025-01-02 00:00"]),
    ("@weekly", "2025-01-01T00:00:00", ["2025-01-05 00:00"]),
    ("@monthly", "2025-01-15T00:00:00", ["2025-02-01 00:00"]),
    ("@yearly", "2025-01-15T00:00:00", ["2026-01-01 00:00"]),
    ("0 0 1,15 JAN *", "2025-01-01T00:00:00", ["2025-01-15 00:00", "2026-01-01 00:00"]),
    ("0 0 13 * FRI", "2025-01-01T00:00:00", ["2025-01-03 00:00", "2025-01-10 00:00", "2025-01-13 00:00"]),
    ("TZ=Asia/Seoul 0 9 * * *", "2025-01-01T01:00:00", ["2025-01-02 00:00"]),
])
def test_cron_schedule_next_times_follow_robfig_cron(spec, after, expected):
    schedule = cron.parse(spec)
    t = datetime.fromisoformat(after).replace(tzinfo=timezone.utc)
    got = []
    for _ in expected:
        t = schedule.next(t)
        got.append(t.strftime("%Y-%m-%d %H:%M") if " " in expected[len(got)] else t.strftime("%H:%M"))
    assert got == expected


def test_cron_time_zone_field_is_used_for_the_schedule():
    schedule = cron.parse("0 9 * * *", "Asia/Seoul")
    assert schedule.next(datetime(2025, 1, 1, tzinfo=timezone.utc)) == datetime(2025, 1, 2, tzinfo=timezone.utc)


@pytest.mark.parametrize("spec, message", [
    ("* * * *", "expected exactly 5 fields, found 4: * * * *"),
    ("60 * * * *", "end of range (60) above maximum (59): 60"),
    ("*/0 * * * *", "step of range should be a positive number: */0"),
    ("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"),
    ("@sometimes", "unrecognized descriptor: @sometimes"),
])
def test_cron_rejects_bad_schedules_with_robfigs_message(spec, message):
    with pytest.raises(cron.CronError, match=re.escape(message)):
        cron.parse(spec)


def test_cron_most_recent_schedule_counts_missed_runs():
    schedule = cron.parse("*/5 * * * *")
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    assert cron.most_recent(schedule, start, start + timedelta(minutes=17)) == (start + timedelta(minutes=15), 3)
    assert cron.most_recent(schedule, start, start + timedelta(minutes=4)) == (None, 0)


# --- HorizontalPodAutoscaler -------------------------------------------------------------------------


def hpa_cluster(low: int = 1, high: int = 10) -> Cluster:
    cluster = Cluster(nodes=3)
    apply(cluster, WEB_WITH_HPA % {"min": low, "max": high})
    cluster.run()
    cluster.run(seconds=60)  # past the HPA's CPU initialisation window
    return cluster


def replicas(cluster: Cluster) -> int:
    return cluster.get("Deployment", "web")["spec"]["replicas"]


def test_hpa_scales_up_under_load_and_down_only_after_the_stabilization_window():
    cluster = hpa_cluster()
    assert replicas(cluster) == 1
    cluster.set_load("web", 30)  # 30 rps x 10m per request on a 100m request: 301 % of the request
    cluster.run(seconds=60)
    assert replicas(cluster) == 7
    assert events(cluster, "SuccessfulRescale")[0] == \
        "New size: 4; reason: cpu resource utilization (percentage of request) above target"
    cluster.set_load("web", 0)
    quiet_from = cluster.now
    cluster.run(seconds=270)
    assert replicas(cluster) == 7  # recommendations of the last 5 minutes still ask for 7
    cluster.run(seconds=60)
    assert replicas(cluster) == 1
    assert events(cluster, "SuccessfulRescale")[-1] == "New size: 1; reason: All metrics below target"
    scaled_down = cluster.get("HorizontalPodAutoscaler", "web")["status"]["lastScaleTime"]
    last_busy_sync = quiet_from - 15  # the last recommendation made under load is at most one sync earlier
    assert cluster.now - cluster.clock.seconds_since(scaled_down) >= last_busy_sync + 300


def test_hpa_status_has_the_real_conditions_and_current_metrics():
    cluster = hpa_cluster()
    status = cluster.get("HorizontalPodAutoscaler", "web")["status"]
    assert [(c["type"], c["status"], c["reason"]) for c in status["conditions"]] == [
        ("AbleToScale", "True", "ReadyForNewScale"), ("ScalingActive", "True", "ValidMetricFound"),
        ("ScalingLimited", "False", "DesiredWithinRange")]
    assert status["currentMetrics"] == [{"type": "Resource", "resource": {"name": "cpu", "current": {
        "averageUtilization": 1, "averageValue": "1m"}}}]
    assert status["currentReplicas"] == 1 and status["desiredReplicas"] == 1
    out = kubectl(cluster, "get hpa").splitlines()
    assert out == ["NAME   REFERENCE        TARGETS       MINPODS   MAXPODS   REPLICAS   AGE",
                   "web    Deployment/web   cpu: 1%/50%   1         10        1          65s"]
    described = kubectl(cluster, "describe hpa web")
    assert "  resource cpu on pods  (as a percentage of request):  1% (1m) / 50%\n" in described
    assert "Deployment pods:                                       1 current / 1 desired\n" in described


def test_hpa_without_cpu_requests_reports_the_missing_request():
    cluster = Cluster(nodes=2)
    apply(cluster, (WEB_WITH_HPA % {"min": 1, "max": 3}).replace("        resources: {requests: {cpu: 100m}}\n", ""))
    cluster.run()
    cluster.run(seconds=60)
    pod = cluster.list("Pod")[0]["metadata"]["name"]
    condition = cluster.get("HorizontalPodAutoscaler", "web")["status"]["conditions"][1]
    assert condition["reason"] == "FailedGetResourceMetric"
    assert condition["message"] == ("the HPA was unable to compute the replica count: failed to get cpu utilization: "
                                    f"missing request for cpu in container nginx of Pod {pod}")
    assert (f"invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed "
            f"to get cpu utilization: missing request for cpu in container nginx of Pod {pod}") in \
        events(cluster, "FailedComputeMetricsReplicas")


def test_hpa_brings_replicas_into_range_first():
    cluster = Cluster(nodes=3)
    apply(cluster, (WEB_WITH_HPA % {"min": 2, "max": 4}).replace("replicas: 1", "replicas: 6"))
    cluster.run()
    assert replicas(cluster) == 4
    assert events(cluster, "SuccessfulRescale") == ["New size: 4; reason: Current number of replicas above Spec.MaxReplicas"]


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 20), st.integers(0, 20), st.integers(0, 200), st.integers(0, 60))
def test_hpa_limits_never_leave_min_and_max(low, extra, desired, delta_current):
    high = low + extra
    current = low + delta_current % (extra + 1)
    assert low <= hpautil.limit_legacy(current, desired, low, high)[0] <= high
    behavior = {"scaleUp": {"policies": [{"type": "Pods", "value": 4, "periodSeconds": 15},
                                         {"type": "Percent", "value": 100, "periodSeconds": 15}], "selectPolicy": "Max"},
                "scaleDown": {"policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}], "selectPolicy": "Max"}}
    got = hpautil.limit_with_behavior(current, desired, low, high, [[2, 0.0]], [[1, 0.0]], behavior, 5.0)[0]
    assert low <= got <= high


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 3), st.integers(0, 3), st.lists(st.integers(0, 80), min_size=1, max_size=4))
def test_hpa_never_scales_the_deployment_outside_min_and_max(low, extra, loads):
    high = low + extra
    cluster = Cluster(nodes=3)
    apply(cluster, WEB_WITH_HPA % {"min": low, "max": high})
    cluster.run()
    for rps in loads:
        cluster.set_load("web", rps)
        for _ in range(4):
            cluster.run(seconds=15)
            assert low <= replicas(cluster) <= high


def test_hpa_v1_target_cpu_utilization_is_honoured():
    cluster = Cluster(nodes=3)
    apply(cluster, WEB_WITH_HPA.split("---\n")[0])
    apply(cluster, """\
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 3
  targetCPUUtilizationPercentage: 50
""")
    cluster.run()
    cluster.run(seconds=60)
    cluster.set_load("web", 30)
    cluster.run(seconds=60)
    hpa = cluster.get("HorizontalPodAutoscaler", "web")
    assert replicas(cluster) == 3 and "currentCPUUtilizationPercentage" in hpa["status"]
    assert "autoscaling.alpha.kubernetes.io/conditions" in hpa["metadata"]["annotations"]
    assert kubectl(cluster, "get hpa --no-headers").split()[2:4] == ["cpu:", f"{hpa['status']['currentCPUUtilizationPercentage']}%/50%"]


# --- kubectl top ---------------------------------------------------------------------------------------


def test_top_pods_and_nodes_use_the_real_layout():
    cluster = hpa_cluster()
    pod = cluster.list("Pod")[0]["metadata"]["name"]
    assert kubectl(cluster, "top pods") == (
        "NAME                   CPU(cores)   MEMORY(bytes)   \n"
        f"{pod}   1m           10Mi            \n")
    lines = kubectl(cluster, "top nodes").splitlines()
    assert lines[0] == "NAME           CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   "
    assert lines[1].split() == ["controlplane", "120m", "6%", "1100Mi", "28%"]
    cluster.set_load("web", 20)
    assert kubectl(cluster, "top pod --no-headers").split()[1] == "201m"


def test_top_pod_without_metrics_answers_like_the_metrics_api():
    cluster = Cluster(nodes=2)
    code, out = cluster.kubectl("top pod nope")
    assert code == 1 and out == 'Error from server (NotFound): podmetrics.metrics.k8s.io "default/nope" not found\n'
    code, out = cluster.kubectl("top pods")
    assert code == 0 and out == "No resources found in default namespace.\n"


def test_recorded_requests_raise_usage_and_decay_after_a_minute():
    from sandbox.engine import metrics

    cluster = hpa_cluster()
    pod = cluster.list("Pod")[0]
    metrics.record_requests(cluster, pod["metadata"]["name"], 600, window_seconds=10)
    assert metrics.pod_metrics(cluster, pod)[0]["cpu"] == 1 + 100  # 600 requests / 60 s = 10 rps
    cluster.run(seconds=75)
    assert metrics.pod_metrics(cluster, pod)[0]["cpu"] == 1


# --- storage -----------------------------------------------------------------------------------------

CLAIM = """\
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
%s  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 2Gi}}
"""


def test_claim_without_a_class_and_without_volumes_stays_pending():
    cluster = Cluster(nodes=2)
    apply(cluster, CLAIM % '  storageClassName: ""\n')
    cluster.run()
    claim = cluster.get("PersistentVolumeClaim", "data")
    assert claim["status"]["phase"] == "Pending" and claim["spec"]["storageClassName"] == ""
    found = [e for e in cluster.list("Event") if e["reason"] == "FailedBinding"]
    assert [(e["type"], e["message"]) for e in found] == [
        ("Normal", "no persistent volumes available for this claim and no storage class is set")]


def test_claim_gets_the_default_class_and_a_provisioned_volume():
    cluster = Cluster(nodes=2)
    apply(cluster, CLAIM % "")
    cluster.run()
    claim = cluster.get("PersistentVolumeClaim", "data")
    volume = f"pvc-{claim['metadata']['uid']}"
    assert claim["spec"]["storageClassName"] == "standard" and claim["spec"]["volumeName"] == volume
    assert claim["status"] == {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "2Gi"}}
    assert claim["metadata"]["finalizers"] == ["kubernetes.io/pvc-protection"]
    pv = cluster.get("PersistentVolume", volume, namespace="")
    assert pv["spec"]["claimRef"]["name"] == "data" and pv["status"]["phase"] == "Bound"
    assert pv["spec"]["persistentVolumeReclaimPolicy"] == "Delete"
    assert events(cluster, "ProvisioningSucceeded") == [f"Successfully provisioned volume {volume}"]
    assert kubectl(cluster, "get sc").splitlines()[:2] == [
        "NAME                 PROVISIONER             RECLAIMPOLICY   VOLUMEBINDINGMODE   ALLOWVOLUMEEXPANSION   AGE",
        f"standard (default)   rancher.io/local-path   Delete          Immediate           false                  "
        f"{int(cluster.now)}s"]
    assert kubectl(cluster, "get pvc").splitlines()[1].split()[:6] == ["data", "Bound", volume, "2Gi", "RWO", "standard"]


def test_claim_binds_the_smallest_static_volume_that_fits():
    cluster = Cluster(nodes=2)
    for name, size in (("big", "10Gi"), ("small", "3Gi"), ("tiny", "1Gi")):
        apply(cluster, f"""\
apiVersion: v1
kind: PersistentVolume
metadata: {{name: {name}}}
spec:
  capacity: {{storage: {size}}}
  accessModes: [ReadWriteOnce]
  hostPath: {{path: /data/{name}}}
""")
    apply(cluster, CLAIM % '  storageClassName: ""\n')
    cluster.run()
    assert cluster.get("PersistentVolumeClaim", "data")["spec"]["volumeName"] == "small"
    phases = {pv["metadata"]["name"]: pv["status"]["phase"] for pv in cluster.list("PersistentVolume")}
    assert phases == {"big": "Available", "small": "Bound", "tiny": "Available"}
    kubectl(cluster, "delete pvc data")
    cluster.run()
    assert cluster.get("PersistentVolume", "small", namespace="")["status"]["phase"] == "Released"


def test_pod_with_an_unbound_claim_stays_pending_with_the_schedulers_message():
    cluster = Cluster(nodes=3)
    apply(cluster, CLAIM % '  storageClassName: ""\n')
    apply(cluster, """\
apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  containers: [{name: app, image: nginx:1.27}]
  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
""")
    cluster.run()
    pod = cluster.get("Pod", "app")
    assert pod["status"]["phase"] == "Pending" and not pod["spec"].get("nodeName")
    assert events(cluster, "FailedScheduling")[0] == (
        "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are "
        "available: 3 Preemption is not helpful for scheduling.")
    apply(cluster, """\
apiVersion: v1
kind: PersistentVolume
metadata: {name: manual}
spec:
  capacity: {storage: 5Gi}
  accessModes: [ReadWriteOnce]
  hostPath: {path: /data/manual}
""")
    cluster.run()
    assert ready(cluster.get("Pod", "app"))


def test_claim_in_use_stays_terminating_until_its_pod_is_gone():
    cluster = Cluster(nodes=2)
    apply(cluster, CLAIM % "")
    apply(cluster, """\
apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  containers: [{name: app, image: nginx:1.27}]
  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
""")
    cluster.run()
    cluster.delete("PersistentVolumeClaim", "data")
    cluster.run()
    assert cluster.get("PersistentVolumeClaim", "data")["metadata"]["deletionTimestamp"]
    cluster.delete("Pod", "app")
    cluster.run()
    assert names(cluster, "PersistentVolumeClaim") == [] and cluster.list("PersistentVolume") == []


def test_files_and_env_for_a_container_come_from_configmaps_and_secrets():
    cluster = Cluster(nodes=2)
    apply(cluster, """\
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {mode: fast, app.conf: "port=80"}
---
apiVersion: v1
kind: Secret
metadata: {name: pw}
stringData: {password: s3cret}
""")
    pod = {"metadata": {"name": "p", "namespace": "default"},
           "spec": {"volumes": [{"name": "conf", "configMap": {"name": "cfg"}}]}}
    container = {"name": "c", "volumeMounts": [{"name": "conf", "mountPath": "/etc/app"}],
                 "envFrom": [{"configMapRef": {"name": "cfg"}}],
                 "env": [{"name": "PW", "valueFrom": {"secretKeyRef": {"name": "pw", "key": "password"}}}]}
    assert files_for(cluster, pod, container) == {"/etc/app/app.conf": "port=80", "/etc/app/mode": "fast"}
    env, problem = env_for(cluster, pod, container)
    assert problem is None and env["mode"] == "fast" and env["PW"] == "s3cret"
    container["env"][0]["valueFrom"]["secretKeyRef"]["name"] = "missing"
    assert env_for(cluster, pod, container) == ({}, 'secret "missing" not found')


# --- the whole namespace, and snapshots -------------------------------------------------------------------


def test_deleting_a_namespace_drains_every_workload_and_its_volumes():
    cluster = Cluster(nodes=3)
    kubectl(cluster, "create namespace lab")
    apply(cluster, STATEFULSET, namespace="lab")
    apply(cluster, daemonset(), namespace="lab")
    apply(cluster, cronjob(command='["sleep", "30"]'), namespace="lab")
    apply(cluster, job(), namespace="lab")
    cluster.run()
    cluster.run(seconds=70)
    assert cluster.list("PersistentVolume") and cluster.list("Pod", "lab")
    kubectl(cluster, "delete namespace lab")
    cluster.run()
    assert "lab" not in names(cluster, "Namespace", None)
    for kind in ("Pod", "PersistentVolumeClaim", "Job", "ControllerRevision", "StatefulSet", "DaemonSet", "CronJob"):
        assert cluster.list(kind, "lab") == []
    assert cluster.list("PersistentVolume") == []


def test_snapshot_and_restore_continue_exactly_like_the_original():
    def build() -> Cluster:
        cluster = Cluster(nodes=3)
        apply(cluster, WEB_WITH_HPA % {"min": 1, "max": 5})
        apply(cluster, cronjob())
        apply(cluster, STATEFULSET)
        cluster.run(seconds=40)
        cluster.set_load("web", 30)
        return cluster

    original = build()
    original.run(seconds=100)
    snapshot = json.loads(json.dumps(original.snapshot()))
    original.run(seconds=300)
    restored = Cluster.restore(snapshot)
    restored.run(seconds=300)
    for line in ("get all", "get events", "get hpa -o yaml", "get pvc", "get cronjob -o yaml"):
        assert original.kubectl(line) == restored.kubectl(line), line
