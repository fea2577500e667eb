"""When a node fails, and when it is drained, told as the lessons tell it (reference §8, §2, §14.5).

Clusters here are ``Cluster(nodes=3)``: the tainted control plane and two workers. A node fails at
T = 20 s of virtual time, on one of its kubelet's 10 s Lease renewals, so the timeline is exact: the
node controller notices at T + 55 s (the first 5 s monitor tick after renewal + 50 s grace) and the pods
that tolerate the unreachable taint for the default 300 s are evicted at T + 355 s.
"""

from __future__ import annotations

import json

import pytest

from sandbox.engine import Cluster

T = 20.0
WEB = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports: [{containerPort: 80}]
"""
SERVICE = """\
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
"""
AGENT = """\
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers:
      - name: agent
        image: busybox:1.36
        command: [sleep, infinity]
"""
BARE = """\
apiVersion: v1
kind: Pod
metadata: {name: bare}
spec:
  nodeSelector: {kubernetes.io/hostname: node01}
  containers:
  - name: c
    image: busybox:1.36
    command: [sleep, infinity]
"""


def pdb(min_available: int | str = 2, name: str = "web-pdb", app: str = "web") -> str:
    return f"""\
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {{name: {name}}}
spec:
  minAvailable: {json.dumps(min_available)}
  selector: {{matchLabels: {{app: {app}}}}}
"""


def booted(*manifests: str, seed: int = 1) -> Cluster:
    cluster = Cluster(nodes=3, seed=seed)
    if manifests:
        result = cluster.apply("---\n".join(manifests))
        assert result.ok, result.output
    cluster.run(until="stable")
    return cluster


def failed_at_t(*manifests: str, seed: int = 1) -> Cluster:
    """A cluster whose node01 fails at T."""
    cluster = booted(*manifests, seed=seed)
    cluster.run(seconds=T - cluster.now)
    assert cluster.fail_node("node01") is True
    return cluster


def all_on_node01(*manifests: str) -> Cluster:
    """Every replica on node01 (node02 was cordoned while they were created), then node02 back."""
    cluster = Cluster(nodes=3, seed=1)
    cluster.cordon("node02")
    assert cluster.apply("---\n".join(manifests)).ok
    cluster.run(until="stable")
    cluster.uncordon("node02")
    cluster.run(until="stable")
    return cluster


def at(cluster: Cluster, t: float) -> None:
    cluster.run(seconds=t - cluster.now)


def kubectl(cluster: Cluster, line: str, code: int = 0) -> str:
    exit_code, out = cluster.kubectl(line)
    assert exit_code == code, out
    return out


def node(cluster: Cluster, name: str = "node01") -> dict:
    return cluster.get("Node", name, "")


def ready(obj: dict) -> str | None:
    return next((c["status"] for c in obj["status"].get("conditions") or () if c["type"] == "Ready"), None)


def taints(cluster: Cluster, name: str = "node01") -> list[tuple[str, str]]:
    return [(t["key"], t["effect"]) for t in node(cluster, name)["spec"].get("taints") or ()]


def pods(cluster: Cluster, app: str = "web") -> dict[str, dict]:
    return {p["metadata"]["name"]: p for p in cluster.list("Pod", label_selector=f"app={app}")}


def on(cluster: Cluster, node_name: str, app: str = "web") -> list[str]:
    return sorted(n for n, p in pods(cluster, app).items() if p["spec"].get("nodeName") == node_name)


def events(cluster: Cluster, reason: str) -> list[tuple[float, str, str, str]]:
    return [(round(f["t"], 2), f["object"], f["message"], f["source"]) for f in cluster.frames()
            if f["type"] == "event" and f["reason"] == reason]


def row(out: str, name: str) -> list[str]:
    return next(line.split() for line in out.splitlines() if line.split()[:1] == [name])


# --- a node fails ------------------------------------------------------------------------------------------


def test_after_a_node_fails_its_pods_come_back_on_other_nodes_after_five_minutes():
    cluster = failed_at_t(WEB)
    lost = on(cluster, "node01")
    assert len(lost) == 2 and len(on(cluster, "node02")) == 1

    at(cluster, T + 40)  # within the 50 s grace period nothing shows
    assert row(kubectl(cluster, "get nodes"), "node01")[1] == "Ready"
    assert taints(cluster) == []

    at(cluster, T + 55)
    assert row(kubectl(cluster, "get nodes"), "node01")[1] == "NotReady"
    conditions = node(cluster)["status"]["conditions"]
    assert {(c["type"], c["status"], c["reason"], c["message"]) for c in conditions} == {
        (kind, "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.")
        for kind in ("MemoryPressure", "DiskPressure", "PIDPressure", "Ready")}
    assert taints(cluster) == [("node.kubernetes.io/unreachable", "NoExecute"),
                               ("node.kubernetes.io/unreachable", "NoSchedule")]
    assert node(cluster)["spec"]["taints"][0]["timeAdded"] == "2025-01-01T00:01:15Z"
    assert events(cluster, "NodeNotReady") == [
        (T + 55, "node/node01", "Node node01 status is now: NodeNotReady", "node-controller")] + [
        (T + 55, f"pod/{name}", "Node is not ready", "node-controller") for name in lost]
    for name in lost:  # still Running and counted by their ReplicaSet, but no longer Ready
        pod = pods(cluster)[name]
        assert pod["status"]["phase"] == "Running" and ready(pod) == "False"
        assert not pod["metadata"].get("deletionTimestamp")

    at(cluster, T + 350)
    assert sorted(pods(cluster)) == sorted(lost + on(cluster, "node02"))  # nothing replaced yet

    at(cluster, T + 356)
    assert [e[:3] for e in events(cluster, "TaintManagerEviction")] == [
        (T + 355, f"pod/{name}", f"Marking for deletion Pod default/{name}") for name in lost]
    for name in lost:
        pod = pods(cluster)[name]
        assert pod["metadata"]["deletionTimestamp"]
        target = next(c for c in pod["status"]["conditions"] if c["type"] == "DisruptionTarget")
        assert (target["status"], target["reason"], target["message"]) == (
            "True", "DeletionByTaintManager", "Taint manager: deleting due to NoExecute taint")

    cluster.run(until="stable")
    out = kubectl(cluster, "get pods -o wide")
    for name in lost:  # no kubelet confirms: Terminating until the node comes back
        assert row(out, name)[2] == "Terminating"
    replacements = [n for n in pods(cluster) if n not in lost and n not in on(cluster, "node01")]
    assert len(replacements) == 3
    assert all(row(out, n)[2] == "Running" and row(out, n)[6] == "node02" for n in replacements)
    assert row(kubectl(cluster, "get deploy web"), "web")[1] == "3/3"

    assert cluster.recover_node("node01") is True
    cluster.run(until="stable")
    assert sorted(pods(cluster)) == sorted(replacements)  # the kubelet finished the deleted pods
    assert ready(node(cluster)) == "True" and taints(cluster) == []
    assert events(cluster, "NodeReady")[-1][1:] == ("node/node01", "Node node01 status is now: NodeReady", "kubelet")


def test_describe_node_shows_the_lost_node():
    cluster = failed_at_t(WEB)
    at(cluster, T + 60)
    out = kubectl(cluster, "describe node node01")
    assert ("Taints:             node.kubernetes.io/unreachable:NoExecute\n"
            "                    node.kubernetes.io/unreachable:NoSchedule\n") in out
    assert "  RenewTime:       Wed, 01 Jan 2025 00:00:20 +0000\n" in out  # the kubelet's last Lease renewal
    assert ("  Ready            Unknown   Wed, 01 Jan 2025 00:00:00 +0000   Wed, 01 Jan 2025 00:01:15 +0000   "
            "NodeStatusUnknown   Kubelet stopped posting node status.\n") in out
    assert "  Normal  NodeNotReady  5s    node-controller  Node node01 status is now: NodeNotReady" in out


def test_a_failed_and_cordoned_node_shows_both_in_get_nodes():
    cluster = failed_at_t(WEB)
    at(cluster, T + 60)
    kubectl(cluster, "cordon node01")
    assert row(kubectl(cluster, "get nodes"), "node01")[1] == "NotReady,SchedulingDisabled"
    assert ("node.kubernetes.io/unschedulable", "NoSchedule") in taints(cluster)


def test_daemonset_pods_stay_on_a_failed_node():
    cluster = failed_at_t(WEB, AGENT)
    agents = on(cluster, "node01", "agent")
    assert len(agents) == 1
    at(cluster, T + 400)
    agent = pods(cluster, "agent")[agents[0]]
    assert not agent["metadata"].get("deletionTimestamp") and ready(agent) == "False"
    assert all(f"pod/{agents[0]}" != e[1] for e in events(cluster, "TaintManagerEviction"))


def test_traffic_to_the_service_keeps_working_once_replacements_are_ready():
    cluster = failed_at_t(WEB, SERVICE)
    lost = on(cluster, "node01")
    at(cluster, T + 56)  # the lost pods are no longer Ready: the Service stops sending them traffic
    report = cluster.request("http://web/", n=50)
    assert report.errors == {} and set(report.answered) == set(on(cluster, "node02"))
    at(cluster, T + 356)
    cluster.run(until="stable")
    report = cluster.request("http://web/", n=90)
    assert report.errors == {} and len(report.answered) == 3 and not set(report.answered) & set(lost)


def test_a_pod_tolerating_unreachable_for_10_seconds_is_evicted_after_about_a_minute():
    quick = BARE.replace("metadata: {name: bare}", "metadata: {name: quick}").replace(
        "  containers:", "  tolerations:\n  - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute,"
        " tolerationSeconds: 10}\n  containers:")
    cluster = failed_at_t(quick)
    at(cluster, T + 64)
    assert not cluster.get("Pod", "quick")["metadata"].get("deletionTimestamp")
    at(cluster, T + 66)
    assert cluster.get("Pod", "quick")["metadata"]["deletionTimestamp"]
    assert events(cluster, "TaintManagerEviction") == [
        (T + 65, "pod/quick", "Marking for deletion Pod default/quick", "taint-eviction-controller")]


def test_pods_force_deleted_while_the_node_is_away_are_gone_when_it_returns():
    cluster = failed_at_t(WEB)
    lost = on(cluster, "node01")
    at(cluster, T + 360)
    out = kubectl(cluster, f"delete pod {lost[0]} --grace-period=0 --force")
    assert out.endswith(f'pod "{lost[0]}" force deleted\n')
    assert lost[0] not in pods(cluster)
    cluster.recover_node("node01")
    cluster.run(until="stable")
    assert on(cluster, "node01") == [] and len(pods(cluster)) == 3


def test_a_node_back_before_the_deadline_keeps_its_pods():
    cluster = failed_at_t(WEB)
    lost = on(cluster, "node01")
    at(cluster, T + 120)
    cluster.recover_node("node01")
    cluster.run(until="stable")
    assert sorted(pods(cluster)) == sorted(lost + on(cluster, "node02"))
    assert all(ready(p) == "True" for p in pods(cluster).values())
    assert taints(cluster) == []
    assert [e[2] for e in events(cluster, "TaintManagerEviction")] == [
        f"Cancelling deletion of Pod default/{name}" for name in lost]


def test_when_every_node_is_lost_nothing_is_evicted():
    """Full disruption: the controller assumes its own network is at fault and stops evicting."""
    cluster = booted(WEB)
    for name in ("controlplane", "node01", "node02"):
        cluster.fail_node(name)
    at(cluster, 600)
    assert all(("node.kubernetes.io/unreachable", "NoExecute") not in taints(cluster, n)
               for n in ("controlplane", "node01", "node02"))
    assert events(cluster, "TaintManagerEviction") == []


def test_a_healthy_cluster_keeps_no_node_timers():
    cluster = booted(WEB)
    assert not cluster.timers.pending("nodelifecycle:monitor")
    cluster.fail_node("node01")
    assert cluster.timers.pending("nodelifecycle:monitor")
    at(cluster, 100)
    cluster.recover_node("node01")
    cluster.run(until="stable")
    assert not cluster.timers.pending("nodelifecycle:monitor")


def test_fail_and_recover_say_when_nothing_changes():
    cluster = booted()
    assert cluster.recover_node("node01") is False
    assert cluster.fail_node("node01") is True
    assert cluster.fail_node("node01") is False
    with pytest.raises(Exception, match='nodes "node09" not found'):
        cluster.fail_node("node09")


def test_a_container_on_a_failed_node_cannot_be_killed_through_its_kubelet():
    cluster = failed_at_t(BARE)
    with pytest.raises(LookupError, match='node "node01" is not reachable'):
        cluster.kill_container("bare")


def test_a_snapshot_during_a_failure_continues_identically():
    cluster = failed_at_t(WEB)
    at(cluster, T + 100)
    snap = json.loads(json.dumps(cluster.snapshot()))
    copy = Cluster.restore(snap)
    for c in (cluster, copy):
        at(c, T + 400)
        c.recover_node("node01")
        c.run(until="stable")
    assert copy.store.dump() == cluster.store.dump()
    after = snap["frames"]["seq"]
    assert copy.frames(after) == cluster.frames(after)


def test_the_same_failure_plays_out_the_same_way():
    runs = []
    for _ in range(2):
        cluster = failed_at_t(WEB)
        at(cluster, T + 400)
        runs.append((cluster.frames(), cluster.snapshot()))
    assert runs[0] == runs[1]


# --- cordon, drain, disruption budgets ----------------------------------------------------------------------


def test_cordon_and_uncordon():
    cluster = booted(WEB)
    assert kubectl(cluster, "cordon node01") == "node/node01 cordoned\n"
    assert kubectl(cluster, "cordon node01") == "node/node01 already cordoned\n"
    assert row(kubectl(cluster, "get nodes"), "node01")[1] == "Ready,SchedulingDisabled"
    kubectl(cluster, "scale deployment web --replicas=5")
    cluster.run(until="stable")
    assert len(on(cluster, "node02")) >= 3  # new pods avoid the cordoned node; old ones stay
    assert kubectl(cluster, "uncordon node01") == "node/node01 uncordoned\n"
    assert row(kubectl(cluster, "get nodes"), "node01")[1] == "Ready"
    assert taints(cluster) == []


def test_drain_refuses_a_bare_pod_without_force():
    cluster = booted(WEB, BARE)
    out = kubectl(cluster, "drain node01", code=1)
    assert out == (
        "node/node01 cordoned\n"
        'error: unable to drain node "node01" due to error: cannot delete cannot delete Pods that declare no '
        "controller (use --force to override): default/bare, continuing command...\n"
        "There are pending nodes to be drained:\n"
        " node01\n"
        "cannot delete cannot delete Pods that declare no controller (use --force to override): default/bare\n")
    assert cluster.get("Pod", "bare")["metadata"].get("deletionTimestamp") is None  # nothing was evicted


def test_drain_refuses_daemonset_pods_without_ignore_daemonsets():
    cluster = booted(AGENT, BARE)
    agent = on(cluster, "node01", "agent")[0]
    out = kubectl(cluster, "drain node01", code=1)
    errors = [f"cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/{agent}",
              "cannot delete cannot delete Pods that declare no controller (use --force to override): default/bare"]
    errors.sort(key=lambda e: out.index(e))  # grouped in the order the pods are listed
    assert out == ("node/node01 cordoned\n"
                   f'error: unable to drain node "node01" due to error: [{errors[0]}, {errors[1]}], continuing command...\n'
                   "There are pending nodes to be drained:\n node01\n" + "".join(e + "\n" for e in errors))


def test_drain_with_ignore_daemonsets_and_force_evicts_the_rest():
    cluster = booted(AGENT, BARE)
    agent = on(cluster, "node01", "agent")[0]
    out = kubectl(cluster, "drain node01 --ignore-daemonsets --force")
    assert out == ("node/node01 cordoned\n"
                   f"Warning: ignoring DaemonSet-managed Pods: default/{agent}; "
                   "deleting Pods that declare no controller: default/bare\n"
                   "evicting pod default/bare\n"
                   "pod/bare evicted\n"
                   "node/node01 drained\n")
    assert on(cluster, "node01", "agent") == [agent]


def test_drain_with_a_budget_evicts_one_pod_at_a_time_as_replacements_become_ready():
    cluster = all_on_node01(WEB, pdb(2))
    first, second, third = on(cluster, "node01")
    healthy = []

    def watch(op: str, obj: dict) -> None:
        if obj.get("kind") == "Pod":
            healthy.append(sum(1 for p in pods(cluster).values()
                               if ready(p) == "True" and not p["metadata"].get("deletionTimestamp")))

    cluster.store.listeners.append(watch)
    out = kubectl(cluster, "drain node01 --ignore-daemonsets")
    cluster.store.listeners.remove(watch)
    refused = "(will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget."
    lines = out.splitlines()
    assert lines[:6] == ["node/node01 cordoned",
                         f"evicting pod default/{first}",
                         f"evicting pod default/{second}",
                         f'error when evicting pods/"{second}" -n "default" {refused}',
                         f"evicting pod default/{third}",
                         f'error when evicting pods/"{third}" -n "default" {refused}']
    assert lines[6] == f"pod/{first} evicted"
    assert lines[-1] == "node/node01 drained"
    evicted = [line.split("/", 1)[1].split()[0] for line in lines if line.endswith(" evicted")]
    assert evicted == [first, second, third]
    assert min(healthy) >= 2  # the budget held throughout
    cluster.run(until="stable")
    assert on(cluster, "node01") == [] and len(on(cluster, "node02")) == 3
    assert row(kubectl(cluster, "get pdb"), "web-pdb")[:4] == ["web-pdb", "2", "N/A", "1"]


def test_drain_gives_up_at_its_timeout_when_the_budget_never_allows():
    cluster = all_on_node01(WEB, pdb(3))
    names = on(cluster, "node01")
    start = cluster.now
    out = kubectl(cluster, "drain node01 --timeout=12s", code=1)
    assert cluster.now - start == pytest.approx(15)  # the third retry finds the deadline passed
    timeout = [f'error when evicting pods/"{n}" -n "default": global timeout reached: 12s' for n in names]
    assert out.endswith(f'error: unable to drain node "node01" due to error: [{", ".join(timeout)}], '
                        "continuing command...\nThere are pending nodes to be drained:\n node01\n"
                        + "".join(t + "\n" for t in timeout))
    assert f'There are pending pods in node "node01" when an error occurred: [{", ".join(timeout)}]\n' in out
    assert out.count("Cannot evict pod as it would violate the pod's disruption budget.") == 9


def test_drain_without_timeout_stops_when_nothing_can_change():
    cluster = all_on_node01(WEB, pdb(3))
    out = kubectl(cluster, "drain node01", code=1)
    assert out.splitlines()[-1].startswith("(the sandbox stopped draining after 0s of simulated time")
    assert "node/node01 drained" not in out


def test_drain_dry_run_and_disable_eviction():
    cluster = all_on_node01(WEB, pdb(3))
    names = on(cluster, "node01")
    assert kubectl(cluster, "drain node01 --dry-run=client") == (
        "node/node01 cordoned (dry run)\n" + "".join(f"evicting pod default/{n} (dry run)\n" for n in names)
        + "node/node01 drained (dry run)\n")
    assert not node(cluster)["spec"].get("unschedulable")
    out = kubectl(cluster, "drain node01 --disable-eviction --grace-period=0")  # deletes, ignoring the budget
    assert out == "node/node01 cordoned\n" + "".join(f"pod/{n} deleted\n" for n in names) + "node/node01 drained\n"


def test_get_and_describe_pdb():
    cluster = booted(WEB, pdb("50%", name="half"), pdb(2))
    out = kubectl(cluster, "get pdb")
    assert out.splitlines()[0].split() == ["NAME", "MIN", "AVAILABLE", "MAX", "UNAVAILABLE", "ALLOWED", "DISRUPTIONS",
                                           "AGE"]
    assert row(out, "half")[:4] == ["half", "50%", "N/A", "1"]
    assert row(out, "web-pdb")[:4] == ["web-pdb", "2", "N/A", "1"]
    status = cluster.get("PodDisruptionBudget", "web-pdb")["status"]
    assert {k: v for k, v in status.items() if k != "conditions"} == {
        "currentHealthy": 3, "desiredHealthy": 2, "disruptionsAllowed": 1, "expectedPods": 3, "observedGeneration": 1}
    assert [(c["type"], c["status"], c["reason"]) for c in status["conditions"]] == [
        ("DisruptionAllowed", "True", "SufficientPods")]
    described = kubectl(cluster, "describe pdb web-pdb")
    assert ("Min available:  2\nSelector:       app=web\nStatus:\n    Allowed disruptions:  1\n"
            "    Current:              3\n    Desired:              2\n    Total:                3\n") in described


def test_the_eviction_api_respects_the_budget():
    cluster = booted(WEB, pdb(2))
    first, second = sorted(pods(cluster))[:2]
    assert cluster.api.evict("default", first)["status"] == "Success"
    target = next(c for c in cluster.get("Pod", first)["status"]["conditions"] if c["type"] == "DisruptionTarget")
    assert (target["reason"], target["message"]) == ("EvictionByEvictionAPI", "Eviction API: evicting")
    with pytest.raises(Exception) as refused:
        cluster.api.evict("default", second)
    assert (refused.value.status, refused.value.reason, refused.value.message) == (
        429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.")
    cluster.run(until="stable")  # the replacement is Ready: one disruption allowed again
    assert cluster.api.evict("default", second)["status"] == "Success"
    with pytest.raises(Exception) as missing:
        cluster.api.evict("default", "nope")
    assert missing.value.status == 404
    cluster.apply(pdb(1, name="second-pdb"))
    cluster.run(until="stable")
    with pytest.raises(Exception) as two:
        cluster.api.evict("default", sorted(pods(cluster))[-1])
    assert (two.value.status, two.value.message) == (
        500, "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.")


def test_the_drain_fault_retries_refused_evictions_in_the_background():
    cluster = all_on_node01(WEB, pdb(2))
    first, second, third = on(cluster, "node01")
    out = cluster.drain("node01")
    assert out.splitlines()[:3] == ["node/node01 cordoned", f"evicting pod default/{first}",
                                    f"evicting pod default/{second}"]
    assert on(cluster, "node01") == [first, second, third]  # the clock has not moved: nothing is gone yet
    cluster.run(until="stable")
    assert on(cluster, "node01") == [] and len(on(cluster, "node02")) == 3


def test_the_drain_fault_refuses_a_bare_pod():
    cluster = booted(WEB, BARE)
    with pytest.raises(ValueError, match="cannot delete cannot delete Pods that declare no controller"):
        cluster.drain("node01")
    assert node(cluster)["spec"]["unschedulable"] is True  # cordoned all the same, as kubectl leaves it
