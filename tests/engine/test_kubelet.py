"""The kubelet in the simulated cluster, told as the lessons tell it (reference §1, §2, §6, §8, §16).

Clusters here have one worker (``nodes=2``: the control plane is tainted), so every pod lands on
node01 and the node's image cache and pull queue are easy to follow. Times are virtual seconds:
a pod is bound 0.02 s after it is created and the kubelet has its sandbox (and IP) 0.55 s later.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from sandbox.engine import Cluster
from sandbox.engine.kubectl.watch import RememberingTable
from sandbox.engine.kubelet import kubelet_of

SANDBOX_AT = 0.57  # bind (0.02) + kubelet latency (0.05) + sandbox (0.5)


def pod(name: str, image: str = "busybox:1.36", command: list[str] | None = None, *, restart: str | None = None,
        container: str = "c", extra: str = "", spec_extra: str = "") -> str:
    lines = ["apiVersion: v1", "kind: Pod", f"metadata: {{name: {name}}}", "spec:"]
    if restart:
        lines.append(f"  restartPolicy: {restart}")
    if spec_extra:
        lines.append(spec_extra.rstrip("\n"))
    lines += ["  containers:", f"  - name: {container}", f"    image: {image}"]
    if command is not None:
        lines.append(f"    command: {json.dumps(command)}")
    text = "\n".join(lines) + "\n"
    return text + extra


@pytest.fixture
def cluster() -> Cluster:
    return Cluster(nodes=2, seed=1)


def apply(cluster: Cluster, text: str) -> None:
    result = cluster.apply(text)
    assert result.ok, result.output


def kubectl(cluster: Cluster, line: str) -> str:
    code, out = cluster.kubectl(line)
    assert code == 0, out
    return out


def events(cluster: Cluster, reason: str | None = None, obj: str | None = None) -> list[tuple[float, str, str]]:
    """(virtual time, reason, message) of every event recorded or repeated, in order."""
    return [(round(f["t"], 3), f["reason"], f["message"]) for f in cluster.frames()
            if f["type"] == "event" and (reason is None or f["reason"] == reason)
            and (obj is None or f["object"] == f"pod/{obj}")]


def statuses(cluster: Cluster, name: str) -> list[tuple[float, str, str, int]]:
    """(virtual time, STATUS, READY, RESTARTS) of every write of pod ``name``, as `get pods -w` sees them."""
    return [(round(f["t"], 3), f["summary"]["status"], f["summary"]["ready"], f["summary"]["restarts"])
            for f in cluster.frames() if f["type"] == "object" and f["kind"] == "Pod" and f["name"] == name]


def status_names(cluster: Cluster, name: str) -> list[str]:
    out: list[str] = []
    for _, status, _, _ in statuses(cluster, name):
        if not out or out[-1] != status:
            out.append(status)
    return out


def container_status(cluster: Cluster, name: str, index: int = 0) -> dict:
    return cluster.get("Pod", name)["status"]["containerStatuses"][index]


# --- a pod that runs (§1.5, §2) ------------------------------------------------------------------


def test_nginx_pod_goes_pending_containercreating_running_with_the_kubelets_events(cluster):
    apply(cluster, pod("web", "nginx:1.27", container="nginx"))
    cluster.run()
    assert status_names(cluster, "web") == ["Pending", "ContainerCreating", "Running"]
    seen = events(cluster, obj="web")
    assert [reason for _, reason, _ in seen] == ["Scheduled", "Pulling", "Pulled", "Created", "Started"]
    (t_sched, _, scheduled), (t_pull, _, pulling), (t_pulled, _, pulled), (t_created, _, created), \
        (t_started, _, started) = seen
    assert scheduled == "Successfully assigned default/web to node01"
    assert pulling == 'Pulling image "nginx:1.27"'
    assert re.fullmatch(r'Successfully pulled image "nginx:1\.27" in (\d+\.\d+)s \(\1s including waiting\)\. '
                        r"Image size: 72195292 bytes\.", pulled)
    assert created == "Created container: nginx" and started == "Started container nginx"
    # a 72 MB image takes a few seconds at registry speed; created at once, started 0.1 s later
    assert t_sched == 0.02 and t_pull == SANDBOX_AT and 3.5 < t_pulled - t_pull < 6.0
    assert t_created == t_pulled and round(t_started - t_created, 3) == 0.1
    assert re.fullmatch(r"NAME   READY   STATUS    RESTARTS   AGE\nweb    1/1     Running   0          [45]s\n",
                        kubectl(cluster, "get pods"))


def test_running_pod_has_ip_from_the_nodes_pod_cidr_and_the_kubelet_conditions_in_order(cluster):
    apply(cluster, pod("web", "nginx:1.27", container="nginx"))
    apply(cluster, pod("web2", "nginx:1.27", container="nginx"))
    cluster.run()
    status = cluster.get("Pod", "web")["status"]
    assert [c["type"] for c in status["conditions"]] == [
        "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]
    assert all(c["status"] == "True" for c in status["conditions"])
    assert status["phase"] == "Running" and status["hostIP"] == "192.168.56.11"
    assert (status["podIP"], cluster.get("Pod", "web2")["status"]["podIP"]) == ("10.244.1.2", "10.244.1.3")
    cs = status["containerStatuses"][0]
    assert re.fullmatch(r"containerd://[0-9a-f]{64}", cs["containerID"])
    assert cs["image"] == "docker.io/library/nginx:1.27"
    assert re.fullmatch(r"docker\.io/library/nginx@sha256:[0-9a-f]{64}", cs["imageID"])
    assert (cs["ready"], cs["started"], cs["restartCount"], cs["lastState"]) == (True, True, 0, {})
    assert set(cs["state"]) == {"running"}


def test_second_pod_of_the_same_image_on_the_node_finds_it_already_present(cluster):
    apply(cluster, pod("first", "nginx:1.27"))
    cluster.run()
    start = cluster.now
    apply(cluster, pod("second", "nginx:1.27"))
    cluster.run()
    assert [(reason, message) for _, reason, message in events(cluster, obj="second")][1:] == [
        ("Pulled", 'Container image "nginx:1.27" already present on machine'),
        ("Created", "Created container: c"),
        ("Started", "Started container c"),
    ]
    assert cluster.now - start < 1.0  # no pull: running within a second of being created


def test_pulls_on_one_node_wait_for_each_other(cluster):
    apply(cluster, pod("a", "nginx:1.27") + "---\n" + pod("b", "nginx:1.27"))
    cluster.run()
    pulled = [message for _, _, message in events(cluster, "Pulled")]
    first, second = (re.search(r"in (\S+) \((\S+) including waiting\)", m).groups() for m in pulled)
    assert first[0] == first[1]  # nothing to wait for
    assert second[0].endswith("ms") and second[1].endswith("s")  # layers already there, but it queued behind
    assert float(second[1].rstrip("s")) > float(first[0].rstrip("s"))


def test_image_pull_policy_always_pulls_again_and_never_refuses_a_missing_image(cluster):
    apply(cluster, pod("a", "nginx:1.27"))
    cluster.run()
    apply(cluster, pod("always", "nginx:1.27", extra="    imagePullPolicy: Always\n"))
    apply(cluster, pod("never", "redis:7.2", extra="    imagePullPolicy: Never\n"))
    cluster.run()
    assert [reason for _, reason, _ in events(cluster, obj="always")] == [
        "Scheduled", "Pulling", "Pulled", "Created", "Started"]
    assert [(r, m) for _, r, m in events(cluster, obj="never")][1:] == [
        ("ErrImageNeverPull", 'Container image "redis:7.2" is not present with pull policy of Never'),
        ("Failed", "Error: ErrImageNeverPull"),
    ]
    assert container_status(cluster, "never")["state"] == {"waiting": {
        "reason": "ErrImageNeverPull", "message": 'Container image "redis:7.2" is not present with pull policy of Never'}}


def test_invalid_image_name_is_inspect_failed(cluster):
    apply(cluster, pod("bad", "nginx:Latest!"))
    cluster.run()
    detail = 'Failed to apply default image tag "nginx:Latest!": couldn\'t parse image name "nginx:Latest!": ' \
             "invalid reference format"
    assert [(r, m) for _, r, m in events(cluster, obj="bad")][1:] == [
        ("InspectFailed", detail), ("Failed", "Error: InvalidImageName")]
    assert container_status(cluster, "bad")["state"]["waiting"] == {"reason": "InvalidImageName", "message": detail}


# --- image pull back-off (§2, §6) --------------------------------------------------------------------


def test_missing_image_backs_off_10_20_40_80_seconds_between_pull_attempts(cluster):
    apply(cluster, pod("bad", "nginx:doesnotexist"))
    cluster.run(seconds=300)
    assert status_names(cluster, "bad")[:5] == [
        "Pending", "ContainerCreating", "ErrImagePull", "ImagePullBackOff", "ErrImagePull"]
    pulls = [t for t, _, _ in events(cluster, "Pulling")]
    failures = [t for t, _, m in events(cluster, "Failed") if m == "Error: ErrImagePull"]
    assert len(pulls) == 5 and len(failures) == 5
    assert [round(pulls[i + 1] - failures[i], 3) for i in range(4)] == [10, 20, 40, 80]
    error = ('rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:doesnotexist": '
             'failed to resolve reference "docker.io/library/nginx:doesnotexist": docker.io/library/nginx:doesnotexist: '
             "not found")
    sequence = [(r, m) for _, r, m in events(cluster, obj="bad")][1:6]
    assert sequence == [("Pulling", 'Pulling image "nginx:doesnotexist"'),
                        ("Failed", f'Failed to pull image "nginx:doesnotexist": {error}'),
                        ("Failed", "Error: ErrImagePull"),
                        ("BackOff", 'Back-off pulling image "nginx:doesnotexist"'),
                        ("Failed", "Error: ImagePullBackOff")]
    waiting = container_status(cluster, "bad")["state"]["waiting"]
    assert waiting == {"reason": "ImagePullBackOff",
                       "message": f'Back-off pulling image "nginx:doesnotexist": ErrImagePull: {error}'}
    describe = kubectl(cluster, "describe pod bad")
    assert re.search(r"Normal\s+Pulling\s+\S+ \(x5 over \S+\)\s+kubelet\s+Pulling image", describe)


def test_fixing_the_image_of_a_pod_in_back_off_pulls_the_new_one_at_once(cluster):
    apply(cluster, pod("bad", "nginx:doesnotexist"))
    cluster.run(seconds=30)  # in a 20 s back-off now
    assert kubectl(cluster, "set image pod/bad c=nginx:1.27") == "pod/bad image updated\n"
    fixed = cluster.now
    cluster.run()
    assert cluster.now - fixed < 8
    cs = container_status(cluster, "bad")
    assert cs["image"] == "docker.io/library/nginx:1.27" and cs["ready"] and cs["restartCount"] == 0


def test_bad_image_pod_is_stable_in_image_pull_back_off(cluster):
    apply(cluster, pod("bad", "nginx:doesnotexist"))
    cluster.run()  # the retries are background work: the cluster settles in back-off
    assert kubectl(cluster, "get pods").splitlines()[1].split()[:3] == ["bad", "0/1", "ImagePullBackOff"]
    assert cluster.now < 5


# --- crashes and restarts (§1.2, §6) ------------------------------------------------------------------


def test_crash_loop_restarts_at_once_then_after_10_20_40_seconds(cluster):
    apply(cluster, pod("crashy", command=["sh", "-c", "exit 1"]))
    cluster.run(seconds=200)
    names = status_names(cluster, "crashy")
    assert names[:5] == ["Pending", "ContainerCreating", "Error", "CrashLoopBackOff", "Error"]
    started = [t for t, _, _ in events(cluster, "Started")]
    gaps = [round(b - a, 3) for a, b in zip(started, started[1:])]
    assert gaps[:5] == [0.1, 10.1, 20.1, 40.1, 80.1]  # each run ends at once; the restart comes after the back-off
    backoff = [m for _, r, m in events(cluster, "BackOff")]
    uid = cluster.get("Pod", "crashy")["metadata"]["uid"]
    assert backoff[0] == f"Back-off restarting failed container c in pod crashy_default({uid})"
    cs = container_status(cluster, "crashy")
    assert cs["state"]["waiting"]["reason"] == "CrashLoopBackOff"
    assert cs["state"]["waiting"]["message"] == f"back-off 2m40s restarting failed container=c pod=crashy_default({uid})"
    assert cs["lastState"]["terminated"]["reason"] == "Error" and cs["lastState"]["terminated"]["exitCode"] == 1
    assert cs["restartCount"] == 5
    assert cluster.get("Pod", "crashy")["status"]["phase"] == "Running"  # crash-looping pods stay Running
    row = kubectl(cluster, "get pods").splitlines()[1].split()
    assert row[:4] == ["crashy", "0/1", "CrashLoopBackOff", "5"]


def test_crash_back_off_resets_after_ten_minutes_of_running(cluster):
    apply(cluster, pod("slow", command=["sh", "-c", "sleep 700; exit 1"]))
    cluster.run(seconds=2200)
    started = [t for t, _, _ in events(cluster, "Started")]
    gaps = [round(b - a, 1) for a, b in zip(started, started[1:])]
    assert gaps == [700.1, 700.1, 700.1]  # every run lasts longer than 10 min: each restart is immediate


def test_sleep_5_with_restart_policy_never_completes_and_the_pod_succeeds(cluster):
    apply(cluster, pod("once", command=["sleep", "5"], restart="Never"))
    cluster.run()
    assert status_names(cluster, "once") == ["Pending", "ContainerCreating", "Running", "Completed"]
    p = cluster.get("Pod", "once")
    assert p["status"]["phase"] == "Succeeded"
    terminated = p["status"]["containerStatuses"][0]["state"]["terminated"]
    assert (terminated["reason"], terminated["exitCode"]) == ("Completed", 0)
    conditions = {c["type"]: (c["status"], c.get("reason")) for c in p["status"]["conditions"]}
    assert conditions == {"PodReadyToStartContainers": ("False", None), "Initialized": ("True", "PodCompleted"),
                          "Ready": ("False", "PodCompleted"), "ContainersReady": ("False", "PodCompleted"),
                          "PodScheduled": ("True", None)}
    started = next(t for t, r, _ in events(cluster, "Started"))
    assert round(cluster.now - started, 3) == 5.0


def test_failing_container_with_restart_policy_never_fails_the_pod(cluster):
    apply(cluster, pod("fail", command=["sh", "-c", "exit 3"], restart="Never"))
    cluster.run()
    p = cluster.get("Pod", "fail")
    assert p["status"]["phase"] == "Failed"
    assert kubectl(cluster, "get pods").splitlines()[1].split()[:4] == ["fail", "0/1", "Error", "0"]


def test_on_failure_restarts_a_failing_container_but_not_a_finished_one(cluster):
    apply(cluster, pod("ok", command=["sh", "-c", "sleep 1"], restart="OnFailure"))
    apply(cluster, pod("ko", command=["sh", "-c", "sleep 1; exit 2"], restart="OnFailure"))
    cluster.run(seconds=60)
    assert cluster.get("Pod", "ok")["status"]["phase"] == "Succeeded"
    assert container_status(cluster, "ok")["restartCount"] == 0
    assert cluster.get("Pod", "ko")["status"]["phase"] == "Running"
    assert container_status(cluster, "ko")["restartCount"] >= 2


def test_container_over_its_memory_limit_is_oom_killed_and_restarted(cluster):
    apply(cluster, pod("oom", "polinux/stress", ["stress", "--vm", "1", "--vm-bytes", "150M", "--vm-hang", "1"],
                       extra="    resources:\n      limits: {memory: 100Mi}\n"))
    cluster.run(seconds=30)
    assert "OOMKilled" in status_names(cluster, "oom")
    cs = container_status(cluster, "oom")
    assert cs["lastState"]["terminated"]["reason"] == "OOMKilled"
    assert cs["lastState"]["terminated"]["exitCode"] == 137
    assert cs["restartCount"] >= 2


def test_unknown_executable_is_a_start_error_reported_as_run_container_error(cluster):
    apply(cluster, pod("typo", command=["foo"]))
    cluster.run()
    failed = [m for _, r, m in events(cluster, "Failed")]
    message = ('failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create '
               'failed: unable to start container process: exec: "foo": executable file not found in $PATH: unknown')
    assert failed[0] == f"Error: {message}"
    assert "RunContainerError" in status_names(cluster, "typo")
    last = container_status(cluster, "typo")["lastState"]["terminated"]
    assert (last["reason"], last["exitCode"], last["startedAt"], last["message"]) == (
        "StartError", 128, "1970-01-01T00:00:00Z", message)


# --- configuration errors (§1.2, §2) -------------------------------------------------------------------


def test_missing_configmap_in_env_is_create_container_config_error_until_it_exists(cluster):
    env = "    env:\n    - name: GREETING\n      valueFrom:\n        configMapKeyRef: {name: app-config, key: greeting}\n"
    apply(cluster, pod("cfg", command=["sh", "-c", "echo $GREETING; sleep 3600"], extra=env))
    cluster.run()
    assert container_status(cluster, "cfg")["state"] == {"waiting": {
        "reason": "CreateContainerConfigError", "message": 'configmap "app-config" not found'}}
    assert ("Failed", 'Error: configmap "app-config" not found') in [(r, m) for _, r, m in events(cluster)]
    apply(cluster, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app-config}\ndata: {greeting: hello}\n")
    cluster.run()  # picked up at the kubelet's next retry, within 10 s
    assert container_status(cluster, "cfg")["ready"] is True
    assert kubectl(cluster, "logs cfg") == "hello\n"


def test_missing_configmap_volume_is_failed_mount_and_the_pod_stays_container_creating(cluster):
    volume = "  volumes:\n  - name: cfg\n    configMap: {name: app-config}\n"
    apply(cluster, pod("mnt", command=["sleep", "3600"], spec_extra=volume,
                       extra="    volumeMounts:\n    - {name: cfg, mountPath: /etc/cfg}\n"))
    cluster.run(seconds=20)
    assert kubectl(cluster, "get pods -o wide").splitlines()[1].split()[:6] == [
        "mnt", "0/1", "ContainerCreating", "0", "20s", "<none>"]
    assert events(cluster, "FailedMount")[0][2] == \
        'MountVolume.SetUp failed for volume "cfg" : configmap "app-config" not found'
    apply(cluster, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app-config}\ndata: {a: b}\n")
    cluster.run()
    assert cluster.get("Pod", "mnt")["status"]["phase"] == "Running"


# --- probes (§16) -----------------------------------------------------------------------------------


def test_liveness_probe_on_healthz_of_nginx_restarts_it_after_three_failures(cluster):
    probe = "    livenessProbe:\n      httpGet: {path: /healthz, port: 80}\n"
    apply(cluster, pod("live", "nginx:1.27", container="nginx", extra=probe))
    cluster.run(seconds=40)
    started = next(t for t, r, _ in events(cluster, "Started"))
    unhealthy = events(cluster, "Unhealthy")
    assert [m for _, _, m in unhealthy][:3] == ["Liveness probe failed: HTTP probe failed with statuscode: 404"] * 3
    killing = events(cluster, "Killing")
    assert killing[0][2] == "Container nginx failed liveness probe, will be restarted"
    assert killing[0][0] == unhealthy[2][0]  # killed on the third failure in a row
    assert 20 < killing[0][0] - started <= 30  # probes tick every 10 s
    assert container_status(cluster, "live")["restartCount"] == 1
    last = container_status(cluster, "live")["lastState"]["terminated"]
    assert (last["reason"], last["exitCode"]) == ("Completed", 0)  # nginx exits cleanly on SIGTERM
    describe = kubectl(cluster, "describe pod live")
    assert re.search(r"Warning\s+Unhealthy\s+\S+ \(x3 over \S+\)\s+kubelet\s+Liveness probe failed", describe)


def test_failing_readiness_probe_keeps_the_pod_running_but_not_ready(cluster):
    probe = "    readinessProbe:\n      httpGet: {path: /ready, port: 80}\n"
    apply(cluster, pod("ready", "nginx:1.27", container="nginx", extra=probe))
    cluster.run(seconds=60)
    assert kubectl(cluster, "get pods").splitlines()[1].split()[:4] == ["ready", "0/1", "Running", "0"]
    conditions = {c["type"]: c for c in cluster.get("Pod", "ready")["status"]["conditions"]}
    assert (conditions["Ready"]["status"], conditions["Ready"]["reason"], conditions["Ready"]["message"]) == (
        "False", "ContainersNotReady", "containers with unready status: [nginx]")
    assert {m for _, _, m in events(cluster, "Unhealthy")} == {
        "Readiness probe failed: HTTP probe failed with statuscode: 404"}
    assert events(cluster, "Killing") == []


def test_passing_readiness_probe_makes_the_pod_ready_at_its_first_tick(cluster):
    probe = "    readinessProbe:\n      httpGet: {path: /, port: 80}\n      periodSeconds: 5\n"
    apply(cluster, pod("ready", "nginx:1.27", container="nginx", extra=probe))
    cluster.run(seconds=20)
    writes = statuses(cluster, "ready")
    running = next(t for t, s, r, _ in writes if s == "Running")
    ready = next(t for t, s, r, _ in writes if r == "1/1")
    assert 0 < ready - running <= 10  # the first tick may come before nginx listens (it takes 0.1 s)


# --- termination (§6) --------------------------------------------------------------------------------


def test_deleted_pods_show_terminating_then_go_nginx_at_once_and_sleep_after_the_grace_period(cluster):
    apply(cluster, pod("web", "nginx:1.27", container="nginx") + "---\n" + pod("sleeper", command=["sleep", "3600"]))
    cluster.run()
    start = cluster.now
    cluster.delete("Pod", "web")
    cluster.delete("Pod", "sleeper")
    assert [line.split()[:4] for line in kubectl(cluster, "get pods").splitlines()[1:]] == [
        ["sleeper", "1/1", "Terminating", "0"], ["web", "1/1", "Terminating", "0"]]
    cluster.run(seconds=5)
    assert [p["metadata"]["name"] for p in cluster.list("Pod")] == ["sleeper"]
    assert ("Killing", "Stopping container nginx") in [(r, m) for _, r, m in events(cluster, obj="web")]
    cluster.run()
    assert cluster.list("Pod") == []
    gone = [f["t"] for f in cluster.frames() if f["type"] == "object" and f["op"] == "DELETED" and f["kind"] == "Pod"]
    assert gone[0] - start < 0.5 and 30 <= gone[1] - start < 31  # sleep ignores SIGTERM: killed after 30 s
    last = [s for s in statuses(cluster, "sleeper")][-1]
    assert last[1] == "Error"  # 137


def test_kubectl_delete_waits_for_the_pod_to_be_gone(cluster):
    apply(cluster, pod("sleeper", command=["sleep", "3600"]))
    cluster.run()
    start = cluster.now
    assert kubectl(cluster, "delete pod sleeper") == 'pod "sleeper" deleted\n'
    assert cluster.list("Pod") == [] and 30 <= cluster.now - start < 31
    apply(cluster, pod("sleeper", command=["sleep", "3600"]))
    cluster.run()
    start = cluster.now
    assert kubectl(cluster, "delete pod sleeper --wait=false") == 'pod "sleeper" deleted\n'
    assert cluster.now == start and cluster.get("Pod", "sleeper")["metadata"]["deletionTimestamp"]


# --- kubectl logs ---------------------------------------------------------------------------------------


def test_logs_of_echo_hello_and_of_a_loop_after_three_and_a_half_seconds(cluster):
    apply(cluster, pod("hello", command=["sh", "-c", "echo hello"], restart="Never"))
    apply(cluster, pod("loop", command=["sh", "-c", "while true; do echo hi; sleep 1; done"]))
    cluster.run()
    assert kubectl(cluster, "logs hello") == "hello\n"
    started = next(t for t, _, _ in events(cluster, "Started", obj="loop"))
    cluster.run(seconds=started + 3.5 - cluster.now)
    assert kubectl(cluster, "logs loop") == "hi\n" * 4  # at 0, 1, 2 and 3 s
    assert kubectl(cluster, "logs loop --tail 1") == "hi\n"
    stamped = kubectl(cluster, "logs loop --tail=2 --timestamps").splitlines()
    assert all(re.fullmatch(r"2025-01-01T00:00:\d\d(\.\d+)?Z hi", line) for line in stamped)


def test_logs_errors_are_the_kubelets_and_kubectls(cluster):
    apply(cluster, pod("bad", "nginx:doesnotexist"))
    apply(cluster, pod("web", "nginx:1.27", container="nginx"))
    cluster.run(seconds=0.6)
    code, out = cluster.kubectl("logs web")
    assert (code, out) == (1, 'Error from server (BadRequest): container "nginx" in pod "web" is waiting to start: '
                              "ContainerCreating\n")
    cluster.run(seconds=10)
    assert cluster.kubectl("logs bad") == (
        1, 'Error from server (BadRequest): container "c" in pod "bad" is waiting to start: trying and failing to pull '
           "image\n")
    assert cluster.kubectl("logs web --previous") == (
        1, 'Error from server (BadRequest): previous terminated container "nginx" in pod "web" not found\n')
    assert cluster.kubectl("logs web -c nope") == (1, "error: container nope is not valid for pod web\n")
    assert cluster.kubectl("logs nope") == (1, 'Error from server (NotFound): pods "nope" not found\n')


def test_logs_of_a_two_container_pod_default_to_the_first_and_say_so(cluster):
    text = pod("two", command=["sh", "-c", "echo a; sleep 3600"], container="a")
    text += "  - name: b\n    image: busybox:1.36\n    command: [sh, -c, 'echo b; sleep 3600']\n"
    apply(cluster, text)
    cluster.run()
    assert kubectl(cluster, "logs two") == 'Defaulted container "a" out of: a, b\na\n'
    assert kubectl(cluster, "logs two -c b") == "b\n"
    assert kubectl(cluster, "logs two --all-containers --prefix") == "[pod/two/a] a\n[pod/two/b] b\n"


def test_logs_previous_shows_the_crashed_instance_and_follow_says_the_sandbox_does_not_stream(cluster):
    apply(cluster, pod("crashy", command=["sh", "-c", "echo boom; sleep 2; exit 1"]))
    cluster.run(seconds=10)
    assert kubectl(cluster, "logs crashy --previous") == "boom\n"
    out = kubectl(cluster, "logs crashy -f")
    assert out.startswith("boom\n") and "-f" in out


def test_logs_of_a_deployment_pick_its_first_pod(cluster):
    kubectl(cluster, "create deployment web --image=nginx:1.27 --replicas=2")
    cluster.run()
    out = kubectl(cluster, "logs deploy/web")
    assert re.match(r"Found 2 pods, using pod/web-[a-z0-9]+-[a-z0-9]{5}\n/docker-entrypoint\.sh", out)


# --- nodes, faults --------------------------------------------------------------------------------------


def test_cordoned_node_gets_no_new_pods_and_uncordon_lets_them_in():
    cluster = Cluster(nodes=3, seed=1)
    assert kubectl(cluster, "cordon node01") == "node/node01 cordoned\n"
    assert kubectl(cluster, "cordon node01") == "node/node01 already cordoned\n"
    node = cluster.get("Node", "node01")
    assert node["spec"]["unschedulable"] is True
    assert {"effect": "NoSchedule", "key": "node.kubernetes.io/unschedulable"} in node["spec"]["taints"]
    assert re.search(r"node01 +Ready,SchedulingDisabled", kubectl(cluster, "get nodes"))
    kubectl(cluster, "create deployment web --image=nginx:1.27 --replicas=4")
    cluster.run()
    assert {p["spec"]["nodeName"] for p in cluster.list("Pod")} == {"node02"}
    assert kubectl(cluster, "uncordon node01") == "node/node01 uncordoned\n"
    assert "unschedulable" not in cluster.get("Node", "node01")["spec"]
    assert "taints" not in cluster.get("Node", "node01")["spec"]
    assert cluster.cordon("node02") is True and cluster.uncordon("node02") is True and cluster.uncordon("node02") is False


def test_kill_container_restarts_it_with_restart_count_1(cluster):
    apply(cluster, pod("web", "nginx:1.27", container="nginx"))
    cluster.run()
    assert cluster.kill_container("web") == "nginx"
    cluster.run()
    cs = container_status(cluster, "web")
    assert cs["restartCount"] == 1 and "running" in cs["state"]
    assert (cs["lastState"]["terminated"]["exitCode"], cs["lastState"]["terminated"]["reason"]) == (137, "Error")
    with pytest.raises(LookupError):
        cluster.kill_container("web", "nope")


def test_delete_pod_fault_is_a_graceful_deletion(cluster):
    apply(cluster, pod("web", "nginx:1.27"))
    cluster.run()
    assert cluster.delete_pod("web")["metadata"]["deletionTimestamp"]
    cluster.run()
    assert cluster.list("Pod") == []


# --- kubectl get --watch -----------------------------------------------------------------------------


def test_get_pods_watch_prints_a_row_per_change_while_the_sandbox_runs(cluster):
    apply(cluster, pod("web", "nginx:1.27", container="nginx"))
    out = kubectl(cluster, "get pods -w")
    lines = out.splitlines()
    assert lines[:4] == [
        "NAME   READY   STATUS    RESTARTS   AGE",
        "web    0/1     Pending   0          0s",
        "web    0/1     Pending   0          0s",  # bound
        "web    0/1     ContainerCreating   0          0s",  # the columns only ever widen
    ]
    assert re.fullmatch(r"web    1/1     Running             0          [45]s", lines[4])
    assert re.fullmatch(r"\(the sandbox stopped watching after [45]\.\d+s of simulated time: nothing more was about "
                        r"to happen\. A real `kubectl get --watch` keeps waiting; run the command again to watch on\.\)",
                        lines[5])
    assert len(lines) == 6
    ko = cluster.kubectl("get pods -w", language="ko")[1]
    assert ko.splitlines()[-1].startswith("(시뮬레이션 시간으로")


def test_remembering_table_never_narrows_columns():
    table = RememberingTable()
    assert table.render([["NAME", "STATUS", "AGE"], ["a", "Pending", "0s"]]) == \
        "NAME   STATUS    AGE\na      Pending   0s\n"
    assert table.render([["a", "ContainerCreating", "1s"]]) == "a      ContainerCreating   1s\n"
    assert table.render([["a", "Running", "2s"]]) == "a      Running             2s\n"


# --- init containers ----------------------------------------------------------------------------------


def test_init_containers_run_in_order_before_the_app_container(cluster):
    init = ("  initContainers:\n"
            "  - {name: first, image: busybox:1.36, command: [sh, -c, 'sleep 2']}\n"
            "  - {name: second, image: busybox:1.36, command: [sh, -c, 'sleep 2']}\n")
    apply(cluster, pod("web", "nginx:1.27", spec_extra=init))
    cluster.run()
    assert status_names(cluster, "web") == ["Pending", "Init:0/2", "Init:1/2", "PodInitializing", "Running"]
    started = [(m, t) for t, r, m in events(cluster, "Started")]
    assert [m for m, _ in started] == ["Started container first", "Started container second", "Started container c"]


def test_failing_init_container_with_restart_never_fails_the_pod(cluster):
    init = "  initContainers:\n  - {name: check, image: busybox:1.36, command: [sh, -c, 'exit 1']}\n"
    apply(cluster, pod("web", "nginx:1.27", restart="Never", spec_extra=init))
    cluster.run()
    assert cluster.get("Pod", "web")["status"]["phase"] == "Failed"
    assert kubectl(cluster, "get pods").splitlines()[1].split()[:3] == ["web", "0/1", "Init:Error"]


def test_init_container_waiting_for_a_service_finishes_once_the_service_exists(cluster):
    """The init-container example of the Kubernetes docs: `until nslookup myservice ...; do sleep 2; done`."""
    wait = ("until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace)"
            ".svc.cluster.local; do echo waiting for myservice; sleep 2; done")
    init = f"  initContainers:\n  - name: init-myservice\n    image: busybox:1.28\n    command: ['sh', '-c', '{wait}']\n"
    apply(cluster, pod("myapp", "busybox:1.28", ["sh", "-c", "echo The app is running! && sleep 3600"], spec_extra=init))
    cluster.run(seconds=20)
    assert kubectl(cluster, "get pods").splitlines()[1].split()[:3] == ["myapp", "0/1", "Init:0/1"]
    assert kubectl(cluster, "logs myapp -c init-myservice --tail 1") == "waiting for myservice\n"
    apply(cluster, "apiVersion: v1\nkind: Service\nmetadata: {name: myservice}\nspec:\n  ports: [{port: 80}]\n")
    created = cluster.now
    cluster.run()
    assert kubectl(cluster, "get pods").splitlines()[1].split()[:3] == ["myapp", "1/1", "Running"]
    done = container_status(cluster, "myapp")["state"]["running"]["startedAt"]
    assert 0 <= cluster.clock.seconds_since(done) and cluster.now - created < 4  # its next try gets through
    assert "Name:\tmyservice.default.svc.cluster.local" in kubectl(cluster, "logs myapp -c init-myservice")
    assert kubectl(cluster, "logs myapp") == \
        'Defaulted container "c" out of: c, init-myservice (init)\nThe app is running!\n'


# --- cost, snapshot, determinism -------------------------------------------------------------------------


def test_a_pod_that_just_runs_costs_two_status_writes_and_three_kubelet_timers(cluster):
    writes, timers = [], []
    update_status, call_at = cluster.api.update_status, cluster.timers.call_at

    def counting_update(obj, **kw):
        if obj.get("kind") == "Pod" and cluster.api.caller.startswith("kubelet"):
            writes.append(cluster.now)
        return update_status(obj, **kw)

    def counting_call_at(t, handler, *args, **kw):
        if handler == "kubelet.reconcile":
            timers.append(t)
        return call_at(t, handler, *args, **kw)

    cluster.api.update_status = counting_update
    cluster.timers.call_at = counting_call_at
    apply(cluster, pod("web", "nginx:1.27"))
    cluster.run()
    assert len(writes) == 2 and len(timers) == 3  # ContainerCreating (with its IP), Running; sandbox, pulled, started
    apply(cluster, pod("web2", "nginx:1.27"))
    cluster.run()
    assert len(writes) == 4 and len(timers) == 5  # the image is present: no pull timer


def _scenario() -> Cluster:
    c = Cluster(nodes=3, seed=11)
    probe = "    livenessProbe:\n      httpGet: {path: /healthz, port: 80}\n"
    apply(c, pod("web", "nginx:1.27", extra=probe) + "---\n" + pod("bad", "nginx:doesnotexist") + "---\n"
          + pod("crashy", command=["sh", "-c", "sleep 3; exit 1"]))
    return c


def test_snapshot_taken_mid_pull_continues_exactly_like_an_uninterrupted_run():
    uninterrupted = _scenario()
    uninterrupted.run(seconds=2.0)
    assert any(c.stage == "pulling" for r in kubelet_of(uninterrupted).pods.values() for c in r.containers)
    snap = json.loads(json.dumps(uninterrupted.snapshot()))
    restored = Cluster.restore(snap)
    uninterrupted.run(seconds=300)
    restored.run(seconds=300)
    since = snap["frames"]["seq"]
    assert restored.frames(since) == uninterrupted.frames(since)
    assert restored.store.dump() == uninterrupted.store.dump()
    assert restored.snapshot()["components"]["kubelet"] == uninterrupted.snapshot()["components"]["kubelet"]


def test_same_seed_gives_identical_frames():
    first, second = _scenario(), _scenario()
    first.run(seconds=120)
    second.run(seconds=120)
    assert first.frames() == second.frames()
    assert first.store.dump() == second.store.dump()


# --- golden scenarios: tests/engine/golden/scenarios/NAME.input.yaml -> NAME.output.yaml ----------------

GOLDEN = Path(__file__).parent / "golden" / "scenarios"


class _Literal(str):
    """A multi-line string written as a YAML block (``|``) so tables stay readable in a diff."""


def _literal(dumper: yaml.SafeDumper, value: _Literal) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")


yaml.SafeDumper.add_representer(_Literal, _literal)


def run_golden(text: str) -> dict:
    """Apply a scenario's manifests, run it, and describe the outcome as kubectl and the live view show it."""
    header, _, manifests = text.partition("\n---\n")
    options = yaml.safe_load(header)["scenario"]
    cluster = Cluster(nodes=options.get("nodes", 2), seed=options.get("seed", 1))
    apply(cluster, manifests)
    until = options.get("run", "stable")
    cluster.run() if until == "stable" else cluster.run(seconds=float(until))
    frames = []
    for f in cluster.frames():
        if f["type"] == "object" and f["kind"] == "Pod":
            s = f["summary"]
            frames.append(f"t={f['t']:.3f} pod/{f['name']} {f['op']}: {s['status']} {s['ready']} restarts={s['restarts']}")
        elif f["type"] == "event":
            count = f" (x{f['count']})" if f["count"] > 1 else ""
            frames.append(f"t={f['t']:.3f} {f['eventType']} {f['reason']} {f['object']}{count}: {f['message']}")
    return {
        "virtual_seconds": round(cluster.now, 3),
        "kubectl get pods -o wide": _Literal(kubectl(cluster, "get pods -o wide")),
        "kubectl get events": _Literal(kubectl(cluster, "get events")),
        "frames": frames,
    }


@pytest.mark.parametrize("name", sorted(p.name.removesuffix(".input.yaml") for p in GOLDEN.glob("*.input.yaml")))
def test_golden_scenario_matches_its_recorded_output(name, update_golden):
    """Rewrite with `pytest tests/engine/test_kubelet.py --update-golden` and review the diff."""
    produced = run_golden((GOLDEN / f"{name}.input.yaml").read_text())
    expected_path = GOLDEN / f"{name}.output.yaml"
    text = yaml.safe_dump(produced, sort_keys=False, allow_unicode=True, width=1000)
    if update_golden:
        expected_path.write_text(text)
    assert expected_path.exists(), f"no {expected_path.name} yet: run pytest with --update-golden and review it"
    assert text == expected_path.read_text()
