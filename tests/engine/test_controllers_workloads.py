"""Deployments and ReplicaSets in the simulated cluster, told as the lessons tell them (§3, §4, §5).

Pods become Running/Ready through tests/engine/helpers.py's stand-in kubelet until the real one
lands; the controllers only read pod status, so nothing here depends on which one runs.
"""

from __future__ import annotations

import json
import re
from functools import reduce

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.engine.apiserver import Quotas
from sandbox.engine.cluster import Cluster
from sandbox.engine.controllers.deployment import fenceposts, pod_template_hash
from tests.engine import oracle_util as ou
from tests.engine.helpers import active_pods, available_pods, events, install_fake_kubelet

SUFFIX = "[bcdfghjklmnpqrstvwxz2456789]{5}"
HASH = "[456789bcdf]{1,10}"


def deployment(
    name: str = "web", replicas: int = 3, image: str = "nginx:1.27", strategy: str = "", extra: str = ""
) -> str:
    return f"""\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: {name}}}
{strategy}{extra}  template:
    metadata:
      labels: {{app: {name}}}
    spec:
      containers:
      - name: nginx
        image: {image}
"""


def rolling(surge, unavailable) -> str:
    return f"  strategy:\n    rollingUpdate: {{maxSurge: {surge}, maxUnavailable: {unavailable}}}\n"


def replicaset(name: str = "web", replicas: int = 3) -> str:
    return f"""\
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: {name}
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: {name}}}
  template:
    metadata:
      labels: {{app: {name}}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
"""


def bare_pod(name: str, app: str = "web") -> str:
    return f"""\
apiVersion: v1
kind: Pod
metadata:
  name: {name}
  labels: {{app: {app}}}
spec:
  containers:
  - name: nginx
    image: nginx:1.27
"""


@pytest.fixture
def cluster() -> Cluster:
    c = Cluster(nodes=3, seed=7)
    install_fake_kubelet(c)
    return c


def apply(cluster: Cluster, text: str) -> None:
    result = cluster.apply(text)
    assert result.ok, result.output


def kubectl(cluster: Cluster, line: str) -> str:
    code, out = cluster.kubectl(line)
    assert code == 0, out
    return out


def names(objs: list[dict]) -> list[str]:
    return [o["metadata"]["name"] for o in objs]


def replicasets(cluster: Cluster) -> dict[str, dict]:
    return {rs["metadata"]["name"]: rs for rs in cluster.list("ReplicaSet")}


def owned_pods(cluster: Cluster, rs: dict) -> list[dict]:
    uid = rs["metadata"]["uid"]
    return [p for p in active_pods(cluster) if any(r["uid"] == uid for r in p["metadata"].get("ownerReferences", ()))]


def new_rs_name(cluster: Cluster, name: str = "web") -> str:
    d = cluster.get("Deployment", name)
    return f"{name}-{pod_template_hash(d['spec']['template'], d['status'].get('collisionCount'))}"


def run_checking(cluster: Cluster, check) -> int:
    """Run to stability one timer at a time, calling ``check()`` after every step; returns the steps."""
    steps = 0
    check()
    while not cluster.stable and cluster.step():
        check()
        steps += 1
    return steps


# --- naming (§3) ---------------------------------------------------------------------------------


def test_three_replica_deployment_creates_one_replicaset_and_three_pods_when_applied(cluster):
    apply(cluster, deployment())
    cluster.run()
    [rs] = cluster.list("ReplicaSet")
    template_hash = rs["metadata"]["labels"]["pod-template-hash"]
    assert re.fullmatch(HASH, template_hash)
    assert rs["metadata"]["name"] == f"web-{template_hash}" == new_rs_name(cluster)
    assert rs["spec"]["selector"]["matchLabels"] == {"app": "web", "pod-template-hash": template_hash}
    pods = cluster.list("Pod")
    assert len(pods) == 3
    d = cluster.get("Deployment", "web")
    for pod in pods:
        assert re.fullmatch(f"web-{template_hash}-{SUFFIX}", pod["metadata"]["name"])
        assert pod["metadata"]["labels"] == {"app": "web", "pod-template-hash": template_hash}
        assert pod["metadata"]["ownerReferences"] == [
            {
                "apiVersion": "apps/v1",
                "kind": "ReplicaSet",
                "name": rs["metadata"]["name"],
                "uid": rs["metadata"]["uid"],
                "controller": True,
                "blockOwnerDeletion": True,
            }
        ]
    assert rs["metadata"]["ownerReferences"][0]["uid"] == d["metadata"]["uid"]
    assert rs["metadata"]["annotations"] == {
        "deployment.kubernetes.io/revision": "1",
        "deployment.kubernetes.io/desired-replicas": "3",
        "deployment.kubernetes.io/max-replicas": "4",
    }
    assert d["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "1"
    assert events(cluster, "ScalingReplicaSet") == [f"Scaled up replica set {rs['metadata']['name']} from 0 to 3"]
    assert sorted(events(cluster, "SuccessfulCreate")) == sorted(f"Created pod: {n}" for n in names(pods))


def test_deployment_is_available_with_real_conditions_when_its_pods_are_ready(cluster):
    apply(cluster, deployment())
    cluster.run()
    d = cluster.get("Deployment", "web")
    rs = new_rs_name(cluster)
    status = {k: v for k, v in d["status"].items() if k != "conditions"}
    assert status == {
        "observedGeneration": 1,
        "replicas": 3,
        "updatedReplicas": 3,
        "readyReplicas": 3,
        "availableReplicas": 3,
    }
    conditions = [(c["type"], c["status"], c["reason"], c["message"]) for c in d["status"]["conditions"]]
    assert conditions == [
        ("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability."),
        ("Progressing", "True", "NewReplicaSetAvailable", f'ReplicaSet "{rs}" has successfully progressed.'),
    ]
    assert cluster.get("ReplicaSet", rs)["status"] == {
        "replicas": 3,
        "fullyLabeledReplicas": 3,
        "readyReplicas": 3,
        "availableReplicas": 3,
        "observedGeneration": 1,
    }
    assert kubectl(cluster, "get deploy web").splitlines()[1].split()[:4] == ["web", "3/3", "3", "3"]


def _fnv1a_32(data: bytes) -> int:
    """FNV-1a written differently: a fold over the bytes with the published offset basis and prime."""
    return reduce(lambda h, b: ((h ^ b) * 16777619) % 2**32, data, 2166136261)


def test_pod_template_hash_is_fnv32a_of_the_template_when_checked_independently(cluster):
    assert [_fnv1a_32(s) for s in (b"", b"a", b"foobar")] == [0x811C9DC5, 0xE40C292C, 0xBF9CF968]  # FNV test vectors
    apply(cluster, deployment())
    cluster.run()
    d = cluster.get("Deployment", "web")
    template = d["spec"]["template"]
    data = json.dumps(template, sort_keys=True, separators=(",", ":")).encode()
    expected = str(_fnv1a_32(data)).translate(str.maketrans("0123456789", "456789bcdf"))
    assert cluster.list("ReplicaSet")[0]["metadata"]["name"] == f"web-{expected}"
    # a collision count is hashed as 8 little-endian bytes after the template
    with_collision = str(_fnv1a_32(data + b"\x01\x00\x00\x00\x00\x00\x00\x00"))
    assert pod_template_hash(template, 1) == with_collision.translate(str.maketrans("0123456789", "456789bcdf"))
    assert pod_template_hash(template, 0) != pod_template_hash(template)


def test_hash_collision_bumps_collision_count_and_picks_another_name_when_the_name_is_taken(cluster):
    apply(cluster, deployment(extra="  paused: true\n"))  # paused: no ReplicaSet yet
    cluster.run()
    template = cluster.get("Deployment", "web")["spec"]["template"]
    taken = f"web-{pod_template_hash(template)}"
    apply(cluster, replicaset(name="other").replace("name: other\n", f"name: {taken}\n", 1))
    kubectl(cluster, "rollout resume deployment/web")
    cluster.run()
    d = cluster.get("Deployment", "web")
    assert d["status"]["collisionCount"] == 1
    mine = f"web-{pod_template_hash(template, 1)}"
    assert sorted(replicasets(cluster)) == sorted([taken, mine])
    assert len(owned_pods(cluster, cluster.get("ReplicaSet", mine))) == 3


@pytest.mark.parametrize(("replicas", "surge", "unavailable"), [(1, 1, 0), (3, 1, 0), (4, 1, 1), (10, 3, 2)])
def test_default_fenceposts_round_surge_up_and_unavailable_down_when_25_percent(replicas, surge, unavailable):
    d = {
        "spec": {
            "replicas": replicas,
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
        }
    }
    assert fenceposts(d) == (surge, unavailable)


# --- the ReplicaSet controller (§5) --------------------------------------------------------------


def test_replicaset_creates_a_replacement_with_a_new_name_when_a_pod_is_deleted(cluster):
    apply(cluster, deployment())
    cluster.run()
    before = names(cluster.list("Pod"))
    victim = before[0]
    assert kubectl(cluster, f"delete pod {victim}") == f'pod "{victim}" deleted\n'
    cluster.run()
    after = names(active_pods(cluster))
    assert len(after) == 3 and victim not in after
    [replacement] = set(after) - set(before)
    assert re.fullmatch(f"{new_rs_name(cluster)}-{SUFFIX}", replacement)
    assert events(cluster, "SuccessfulCreate")[-1] == f"Created pod: {replacement}"


def test_scaling_3_to_5_to_2_records_events_and_deletes_not_ready_pods_first_when_scaled(cluster):
    apply(cluster, deployment())
    cluster.run()
    rs = new_rs_name(cluster)
    first = set(names(cluster.list("Pod")))
    assert kubectl(cluster, "scale deployment web --replicas=5") == "deployment.apps/web scaled\n"
    cluster.run(seconds=0.5)  # the two new pods exist but are not ready yet
    added = set(names(active_pods(cluster))) - first
    assert len(added) == 2 and not set(names(available_pods(cluster))) & added
    kubectl(cluster, "scale deployment web --replicas=2")
    cluster.run()
    assert events(cluster, "ScalingReplicaSet") == [
        f"Scaled up replica set {rs} from 0 to 3",
        f"Scaled up replica set {rs} from 3 to 5",
        f"Scaled down replica set {rs} from 5 to 2",
    ]
    deleted = [m.removeprefix("Deleted pod: ") for m in events(cluster, "SuccessfulDelete")]
    assert len(deleted) == 3 and set(deleted[:2]) == added  # not-ready pods go first
    assert len(active_pods(cluster)) == 2 and set(names(active_pods(cluster))) < first


def placed_pod(name: str, node: str = "", image: str = "nginx:1.27") -> str:
    where = f"  nodeName: {node}\n" if node else "  nodeSelector: {disktype: none}\n"  # no node has that label
    return bare_pod(name).replace(
        "  containers:\n  - name: nginx\n    image: nginx:1.27\n",
        f"{where}  containers:\n  - name: nginx\n    image: {image}\n",
    )


def test_scale_down_deletes_unscheduled_then_not_ready_then_doubled_up_pods_first(cluster):
    apply(
        cluster,
        "---\n".join(
            [
                placed_pod("ready-a", "node01"),
                placed_pod("ready-b", "node01"),
                placed_pod("ready-c", "node02"),
                placed_pod("not-ready", "node02", image="nginx:1.27:broken"),
                placed_pod("unscheduled"),
            ]
        ),
    )
    apply(cluster, replicaset(replicas=5))  # adopts all five
    cluster.run()
    assert len(owned_pods(cluster, cluster.get("ReplicaSet", "web"))) == 5
    assert events(cluster, "SuccessfulCreate") == []
    kubectl(cluster, "scale rs web --replicas=2")
    cluster.run()
    deleted = [m.removeprefix("Deleted pod: ") for m in events(cluster, "SuccessfulDelete")]
    # unassigned first, then not ready, then a pod of the node that has two of them (rank 2 > 1)
    assert deleted[:2] == ["unscheduled", "not-ready"] and deleted[2] in ("ready-a", "ready-b")
    assert len(names(active_pods(cluster))) == 2 and "ready-c" in names(active_pods(cluster))


def test_replicaset_adopts_two_matching_bare_pods_and_creates_only_one_when_scaled_to_three(cluster):
    apply(cluster, bare_pod("bare-a") + "---\n" + bare_pod("bare-b"))
    apply(cluster, replicaset(replicas=3))
    cluster.run()
    rs = cluster.get("ReplicaSet", "web")
    assert len(events(cluster, "SuccessfulCreate")) == 1
    pods = active_pods(cluster)
    assert len(pods) == 3 and {"bare-a", "bare-b"} <= set(names(pods))
    for pod in pods:
        refs = pod["metadata"]["ownerReferences"]
        assert refs == [
            {
                "apiVersion": "apps/v1",
                "kind": "ReplicaSet",
                "name": "web",
                "uid": rs["metadata"]["uid"],
                "controller": True,
                "blockOwnerDeletion": True,
            }
        ]
    assert rs["status"]["replicas"] == 3 and rs["status"]["availableReplicas"] == 3


def test_pod_is_released_and_replaced_when_its_labels_stop_matching(cluster):
    apply(cluster, replicaset(replicas=2))
    cluster.run()
    victim = names(cluster.list("Pod"))[0]
    kubectl(cluster, f"label pod {victim} app=debug --overwrite")
    cluster.run()
    assert "ownerReferences" not in cluster.get("Pod", victim)["metadata"]
    owned = owned_pods(cluster, cluster.get("ReplicaSet", "web"))
    assert len(owned) == 2 and victim not in names(owned)


def test_orphan_delete_of_a_replicaset_leaves_its_pods_running_without_owner(cluster):
    apply(cluster, replicaset(replicas=3))
    cluster.run()
    pods = names(cluster.list("Pod"))
    assert kubectl(cluster, "delete rs web --cascade=orphan") == 'replicaset.apps "web" deleted\n'
    cluster.run()
    assert cluster.list("ReplicaSet") == []
    left = cluster.list("Pod")
    assert names(left) == pods
    assert all("ownerReferences" not in p["metadata"] for p in left)


def test_background_delete_of_a_deployment_removes_its_replicaset_and_pods(cluster):
    apply(cluster, deployment())
    cluster.run()
    kubectl(cluster, "delete deployment web")
    cluster.run()
    assert cluster.list("ReplicaSet") == [] and cluster.list("Pod") == []


def test_reapplied_deployment_adopts_its_orphaned_replicaset_when_deleted_with_cascade_orphan(cluster):
    apply(cluster, deployment())
    cluster.run()
    rs_name, pods = new_rs_name(cluster), names(cluster.list("Pod"))
    kubectl(cluster, "delete deployment web --cascade=orphan")
    cluster.run()
    assert "ownerReferences" not in cluster.get("ReplicaSet", rs_name)["metadata"]
    apply(cluster, deployment())
    cluster.run()
    rs = cluster.get("ReplicaSet", rs_name)
    assert list(replicasets(cluster)) == [rs_name] and names(cluster.list("Pod")) == pods
    assert rs["metadata"]["ownerReferences"][0]["uid"] == cluster.get("Deployment", "web")["metadata"]["uid"]
    assert cluster.get("Deployment", "web")["status"]["availableReplicas"] == 3


def test_failed_create_reports_the_quota_error_and_retries_when_the_pod_quota_is_full():
    cluster = Cluster(nodes=3, seed=7, quotas=Quotas(pods=2, replicas_per_workload=10))
    install_fake_kubelet(cluster)
    apply(cluster, deployment())
    cluster.run(seconds=5)
    rs = new_rs_name(cluster)
    assert len(cluster.list("Pod")) == 2
    failed = events(cluster, "FailedCreate")
    assert re.fullmatch(
        rf'Error creating: pods "{rs}-{SUFFIX}" is forbidden: exceeded quota: sandbox, requested: '
        r"pods=1, used: pods=2, limited: pods=2",
        failed[0],
    )
    warnings = [e for e in cluster.list("Event") if e["reason"] == "FailedCreate"]
    assert len(warnings) > 3 and {e["type"] for e in warnings} == {"Warning"}  # retried with back-off
    failure = [c for c in cluster.get("ReplicaSet", rs)["status"]["conditions"] if c["type"] == "ReplicaFailure"]
    assert failure[0]["reason"] == "FailedCreate" and failure[0]["message"] == failed[0].removeprefix(
        "Error creating: "
    )
    d_conditions = {c["type"]: c for c in cluster.get("Deployment", "web")["status"]["conditions"]}
    assert d_conditions["ReplicaFailure"]["reason"] == "FailedCreate"
    cluster.quotas.pods = 3  # room again: the back-off retry creates the last pod and clears the failure
    cluster.run(seconds=120)
    cluster.run()
    assert len(active_pods(cluster)) == 3
    assert "conditions" not in cluster.get("ReplicaSet", rs)["status"]
    assert "ReplicaFailure" not in {c["type"] for c in cluster.get("Deployment", "web")["status"]["conditions"]}


def test_min_ready_seconds_delays_availability_when_set(cluster):
    apply(cluster, deployment(extra="  minReadySeconds: 10\n"))
    while len(available_pods(cluster)) < 3:  # until every pod is Ready
        assert cluster.step()
    ready_at = cluster.now
    cluster.run(seconds=5)
    rs = cluster.get("ReplicaSet", new_rs_name(cluster))
    assert rs["spec"]["minReadySeconds"] == 10
    assert rs["status"]["readyReplicas"] == 3 and "availableReplicas" not in rs["status"]
    cluster.run()
    assert cluster.get("ReplicaSet", new_rs_name(cluster))["status"]["availableReplicas"] == 3
    assert cluster.get("Deployment", "web")["status"]["availableReplicas"] == 3
    assert ready_at + 10 < cluster.now < ready_at + 13


# --- rolling updates (§4.3) ----------------------------------------------------------------------


def test_rolling_update_of_3_never_exceeds_4_pods_or_drops_below_3_available_when_surge_1_unavailable_0(cluster):
    apply(cluster, deployment(strategy=rolling(1, 0)))
    cluster.run()
    old = new_rs_name(cluster)
    assert kubectl(cluster, "set image deployment/web nginx=nginx:1.28") == "deployment.apps/web image updated\n"
    seen: list[tuple[int, int]] = []

    def check() -> None:
        total, available = len(active_pods(cluster)), len(available_pods(cluster))
        assert total <= 4 and available >= 3, (cluster.now, total, available)
        seen.append((total, available))

    assert run_checking(cluster, check) > 10
    new = new_rs_name(cluster)
    assert (4, 3) in seen and seen[-1] == (3, 3)
    assert events(cluster, "ScalingReplicaSet")[1:] == [  # §4.3 worked example
        f"Scaled up replica set {new} from 0 to 1",
        f"Scaled down replica set {old} from 3 to 2",
        f"Scaled up replica set {new} from 1 to 2",
        f"Scaled down replica set {old} from 2 to 1",
        f"Scaled up replica set {new} from 2 to 3",
        f"Scaled down replica set {old} from 1 to 0",
    ]
    assert all(p["spec"]["containers"][0]["image"] == "nginx:1.28" for p in active_pods(cluster))
    assert cluster.get("Deployment", "web")["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "2"


def test_rolling_update_of_10_stays_within_13_pods_and_8_available_when_defaults_resolve_to_3_and_2(cluster):
    apply(cluster, deployment(replicas=10))
    cluster.run()
    old = new_rs_name(cluster)
    kubectl(cluster, "set image deployment/web nginx=nginx:1.28")

    def check() -> None:
        total, available = len(active_pods(cluster)), len(available_pods(cluster))
        assert total <= 13 and available >= 8, (cluster.now, total, available)

    run_checking(cluster, check)
    new = new_rs_name(cluster)
    scaling = events(cluster, "ScalingReplicaSet")[1:]
    assert scaling[:2] == [f"Scaled up replica set {new} from 0 to 3", f"Scaled down replica set {old} from 10 to 8"]
    assert scaling[-1] == f"Scaled down replica set {old} from {scaling[-1].split()[-3]} to 0"
    assert len(owned_pods(cluster, cluster.get("ReplicaSet", new))) == 10


def test_scaling_during_a_stuck_rollout_splits_the_change_proportionally_when_two_replicasets_are_active(cluster):
    apply(cluster, deployment(replicas=10))
    cluster.run()
    old = new_rs_name(cluster)
    kubectl(cluster, "set image deployment/web nginx=nginx:1.28:broken")  # the new pods never become ready
    cluster.run()
    new = new_rs_name(cluster)
    assert {k: rs["spec"]["replicas"] for k, rs in replicasets(cluster).items()} == {old: 8, new: 5}  # 13 = 10 + 3
    mark = len(events(cluster, "ScalingReplicaSet"))
    kubectl(cluster, "scale deployment web --replicas=20")
    cluster.run(seconds=0.06)
    # 20 + 5 surge = 25 allowed, 13 there: old 8 * 25/13 = 15.4 -> 15, new 5 * 25/13 = 9.6 -> 10
    assert events(cluster, "ScalingReplicaSet")[mark : mark + 2] == [
        f"Scaled up replica set {old} from 8 to 15",
        f"Scaled up replica set {new} from 5 to 10",
    ]
    rs = replicasets(cluster)
    assert rs[old]["metadata"]["annotations"]["deployment.kubernetes.io/max-replicas"] == "25"


def test_recreate_scales_the_old_replicaset_to_zero_before_creating_new_pods(cluster):
    apply(cluster, deployment(strategy="  strategy: {type: Recreate}\n"))
    cluster.run()
    old = new_rs_name(cluster)
    kubectl(cluster, "set image deployment/web nginx=nginx:1.28")

    def check() -> None:
        images = {p["spec"]["containers"][0]["image"] for p in cluster.list("Pod")}  # terminating ones too
        assert len(images) <= 1, (cluster.now, images)

    run_checking(cluster, check)
    new = new_rs_name(cluster)
    assert events(cluster, "ScalingReplicaSet") == [
        f"Scaled up replica set {old} from 0 to 3",
        f"Scaled down replica set {old} from 3 to 0",
        f"Scaled up replica set {new} from 0 to 3",
    ]
    assert len(available_pods(cluster)) == 3
    assert replicasets(cluster)[new]["metadata"]["annotations"]["deployment.kubernetes.io/max-replicas"] == "3"


def test_paused_deployment_does_not_roll_out_until_resumed(cluster):
    apply(cluster, deployment())
    cluster.run()
    assert kubectl(cluster, "rollout pause deployment/web") == "deployment.apps/web paused\n"
    kubectl(cluster, "set image deployment/web nginx=nginx:1.28")
    kubectl(cluster, "set image deployment/web nginx=nginx:1.29")
    cluster.run()
    assert len(replicasets(cluster)) == 1
    progressing = [c for c in cluster.get("Deployment", "web")["status"]["conditions"] if c["type"] == "Progressing"]
    assert [(c["status"], c["reason"], c["message"]) for c in progressing] == [
        ("Unknown", "DeploymentPaused", "Deployment is paused")
    ]
    code, out = cluster.kubectl("rollout status deployment/web")
    assert code == 1 and out.startswith(
        'Waiting for deployment "web" rollout to finish: 0 out of 3 new replicas have been updated...\n'
        'error: deployment "web" is paused'
    )
    assert kubectl(cluster, "rollout resume deployment/web") == "deployment.apps/web resumed\n"
    cluster.run()
    assert len(replicasets(cluster)) == 2
    assert {p["spec"]["containers"][0]["image"] for p in active_pods(cluster)} == {"nginx:1.29"}
    assert kubectl(cluster, "rollout history deployment/web").splitlines()[2:] == [
        "1         <none>",
        "2         <none>",
        "",
    ]


def test_revision_history_limit_1_keeps_only_the_newest_old_replicaset_when_rolled_three_times(cluster):
    apply(cluster, deployment(extra="  revisionHistoryLimit: 1\n"))
    cluster.run()
    for tag in ("1.25", "1.26", "1.27-alpine"):  # tags the image catalogue knows, so each rollout completes
        kubectl(cluster, f"set image deployment/web nginx=nginx:{tag}")
        cluster.run()
    left = replicasets(cluster)
    assert len(left) == 2
    revisions = sorted(int(rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"]) for rs in left.values())
    assert revisions == [3, 4]
    assert kubectl(cluster, "rollout history deployment/web") == (
        "deployment.apps/web \nREVISION  CHANGE-CAUSE\n3         <none>\n4         <none>\n\n"
    )


# --- kubectl rollout (§4.5, §4.7) ---------------------------------------------------------------


def test_rollout_undo_restores_the_previous_template_and_renumbers_revisions(cluster):
    apply(cluster, deployment())
    cluster.run()
    code, out = cluster.kubectl("rollout undo deployment/web")
    assert (code, out) == (1, 'error: no rollout history found for deployment "web"\n')
    first = new_rs_name(cluster)
    kubectl(cluster, "set image deployment/web nginx=nginx:1.28")
    cluster.run()
    second = new_rs_name(cluster)
    assert kubectl(cluster, "rollout undo deployment/web") == "deployment.apps/web rolled back\n"
    cluster.run()
    assert new_rs_name(cluster) == first
    assert {p["spec"]["containers"][0]["image"] for p in active_pods(cluster)} == {"nginx:1.27"}
    annotations = cluster.get("ReplicaSet", first)["metadata"]["annotations"]
    assert annotations["deployment.kubernetes.io/revision"] == "3"
    assert annotations["deployment.kubernetes.io/revision-history"] == "1"
    assert cluster.get("Deployment", "web")["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "3"
    assert kubectl(cluster, "rollout history deployment/web") == (
        "deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n"
    )
    assert kubectl(cluster, "rollout undo deployment/web --to-revision=3") == (
        "deployment.apps/web skipped rollback (current template already matches revision 3)\n"
    )
    code, out = cluster.kubectl("rollout undo deployment/web --to-revision=1")
    assert (code, out) == (1, "error: unable to find specified revision 1 in history\n")
    kubectl(cluster, "rollout undo deployment/web --to-revision=2")
    cluster.run()
    assert new_rs_name(cluster) == second
    assert cluster.get("ReplicaSet", second)["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "4"
    kubectl(cluster, "rollout pause deployment/web")
    code, out = cluster.kubectl("rollout undo deployment/web")
    assert (code, out) == (
        1,
        "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n",
    )


def test_rollout_history_shows_change_causes_and_one_revision_template_when_asked(cluster):
    apply(cluster, deployment())
    cluster.run()
    kubectl(cluster, "annotate deployment/web kubernetes.io/change-cause='nginx 1.28'")
    kubectl(cluster, "set image deployment/web nginx=nginx:1.28")
    cluster.run()
    assert kubectl(cluster, "rollout history deployment/web") == (
        "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         nginx 1.28\n\n"
    )
    assert kubectl(cluster, "rollout history deployment/web --revision=2") == (
        "deployment.apps/web with revision #2\n"
        "Pod Template:\n"
        f"  Labels:\tapp=web\n\tpod-template-hash={new_rs_name(cluster).removeprefix('web-')}\n"
        "  Annotations:\tkubernetes.io/change-cause: nginx 1.28\n"
        "  Containers:\n   nginx:\n    Image:\tnginx:1.28\n    Port:\t<none>\n    Host Port:\t<none>\n"
        "    Environment:\t<none>\n    Mounts:\t<none>\n  Volumes:\t<none>\n  Node-Selectors:\t<none>\n"
        "  Tolerations:\t<none>\n\n"
    )
    code, out = cluster.kubectl("rollout history deployment/web --revision=5")
    assert (code, out) == (1, "error: unable to find the specified revision\n")


def test_rollout_status_prints_each_waiting_line_once_and_finishes_when_watching(cluster):
    apply(cluster, deployment())
    cluster.run()
    kubectl(cluster, "set image deployment/web nginx=nginx:1.28")
    start = cluster.now
    out = kubectl(cluster, "rollout status deployment/web")
    lines = out.splitlines()
    assert lines[0] == "Waiting for deployment spec update to be observed..."
    assert lines[-1] == 'deployment "web" successfully rolled out'
    assert len(lines) == len(set(lines))
    assert 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...' in lines
    assert 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...' in lines
    assert cluster.now > start and cluster.get("Deployment", "web")["status"]["updatedReplicas"] == 3
    assert (
        kubectl(cluster, "rollout status deployment/web --watch=false") == 'deployment "web" successfully rolled out\n'
    )


def test_rollout_status_fails_with_the_deadline_error_when_pods_never_become_ready(cluster):
    apply(cluster, deployment(extra="  progressDeadlineSeconds: 60\n"))
    cluster.run()
    kubectl(cluster, "set image deployment/web nginx=nginx:1.28:broken")
    start = cluster.now
    code, out = cluster.kubectl("rollout status deployment/web")
    assert code == 1
    assert out.splitlines()[-1] == 'error: deployment "web" exceeded its progress deadline'
    assert start + 60 < cluster.now < start + 90
    progressing = [c for c in cluster.get("Deployment", "web")["status"]["conditions"] if c["type"] == "Progressing"]
    assert [(c["status"], c["reason"]) for c in progressing] == [("False", "ProgressDeadlineExceeded")]
    assert progressing[0]["message"] == f'ReplicaSet "{new_rs_name(cluster)}" has timed out progressing.'


def test_rollout_status_gives_up_with_the_real_timeout_error_when_timeout_passes(cluster):
    apply(cluster, deployment())
    cluster.run()
    kubectl(cluster, "set image deployment/web nginx=nginx:1.28:broken")
    start = cluster.now
    code, out = cluster.kubectl("rollout status deployment/web --timeout=30s")
    assert code == 1 and out.splitlines()[-1] == "error: timed out waiting for the condition"
    assert cluster.now == start + 30


def test_rollout_status_stops_waiting_and_says_why_when_nothing_could_finish_the_rollout(cluster):
    apply(cluster, deployment(extra="  progressDeadlineSeconds: 2147483647\n"))  # no deadline
    cluster.run()
    kubectl(cluster, "set image deployment/web nginx=nginx:1.28:broken")
    code, out = cluster.kubectl("rollout status deployment/web")
    assert code == 1 and out.splitlines()[-1].startswith(
        "error: nothing is left to happen that could finish the rollout"
    )
    code, out = cluster.kubectl("rollout status deployment/web", language="ko")
    assert code == 1 and out.splitlines()[-1].startswith("오류: ")


def test_rollout_status_without_watch_prints_only_the_current_line(cluster):
    apply(cluster, deployment())
    cluster.run(seconds=0.5)
    assert kubectl(cluster, "rollout status deploy web --watch=false") == (
        'Waiting for deployment "web" rollout to finish: 0 of 3 updated replicas are available...\n'
    )
    assert cluster.now == 0.5


def test_rollout_restart_rolls_out_new_pods_with_the_restarted_at_annotation(cluster):
    apply(cluster, deployment())
    cluster.run()
    before = set(names(cluster.list("Pod")))
    assert kubectl(cluster, "rollout restart deployment/web") == "deployment.apps/web restarted\n"
    annotations = cluster.get("Deployment", "web")["spec"]["template"]["metadata"]["annotations"]
    assert annotations == {"kubectl.kubernetes.io/restartedAt": cluster.clock.timestamp()}
    cluster.run()
    after = active_pods(cluster)
    assert len(after) == 3 and not before & set(names(after))


@pytest.mark.kubectl
@pytest.mark.skipif(not ou.kubectl_available(), reason=f"{ou.KUBECTL} (real kubectl client) not installed")
def test_rollout_history_and_status_match_the_real_kubectl_when_it_reads_the_same_objects(cluster):
    apply(cluster, deployment())
    cluster.run()
    kubectl(cluster, "annotate deployment/web kubernetes.io/change-cause='nginx 1.28'")
    kubectl(cluster, "set image deployment/web nginx=nginx:1.28")
    cluster.run()
    kubectl(cluster, "rollout undo deployment/web")
    cluster.run()
    kubectl(cluster, "set image deployment/web nginx=nginx:1.29:broken")
    cluster.run(seconds=5)
    objs = cluster.list("Deployment") + cluster.list("ReplicaSet")
    with ou.FakeAPIServer(objs) as server:
        for args in (
            ("rollout", "history", "deployment/web"),
            ("rollout", "history", "deployment/web", "--revision=3"),
            ("rollout", "status", "deployment/web", "--watch=false"),
        ):
            real = server.kubectl(*args)[0]
            ours = cluster.kubectl(" ".join(args))[1]
            assert ours == real, ou.show_diff(real, ours)


# --- properties and snapshots ---------------------------------------------------------------------

OPS = st.lists(
    st.one_of(
        st.tuples(st.just("scale"), st.integers(0, 5)),
        st.tuples(st.just("image"), st.sampled_from(["nginx:1.27", "nginx:1.28", "nginx:1.29"])),
        st.tuples(st.just("delete"), st.integers(0, 9)),
        st.tuples(st.just("undo"), st.just(0)),
        st.tuples(st.just("wait"), st.sampled_from([0.05, 0.5, 3.0])),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPS)
def test_random_scale_image_delete_and_undo_keep_the_invariants_when_the_cluster_settles(ops):
    cluster = Cluster(nodes=2, seed=11)
    install_fake_kubelet(cluster)
    apply(cluster, deployment(replicas=2))
    rvs: list[int] = []
    for op, arg in ops:
        if op == "scale":
            cluster.kubectl(f"scale deployment web --replicas={arg}")
        elif op == "image":
            cluster.kubectl(f"set image deployment/web nginx={arg}")
        elif op == "delete":
            pods = active_pods(cluster)
            if pods:
                cluster.kubectl(f"delete pod {pods[arg % len(pods)]['metadata']['name']} --wait=false")
        elif op == "undo":
            cluster.kubectl("rollout undo deployment/web")
        else:
            cluster.run(seconds=arg)
        rvs.append(cluster.store.resource_version)
    cluster.run()
    rvs.append(cluster.store.resource_version)
    assert rvs == sorted(rvs)
    object_rvs = [int(f["rv"]) for f in cluster.frames() if f["type"] == "object" and f.get("rv")]
    assert object_rvs == sorted(set(object_rvs))  # every write has its own, larger resourceVersion
    d = cluster.get("Deployment", "web")
    want = d["spec"]["replicas"]
    for rs in cluster.list("ReplicaSet"):
        assert len(owned_pods(cluster, rs)) == rs["spec"]["replicas"] == rs["status"]["replicas"]
    for pod in cluster.list("Pod"):
        assert sum(1 for r in pod["metadata"].get("ownerReferences", ()) if r.get("controller")) <= 1
    assert len(active_pods(cluster)) == want
    assert replicasets(cluster)[new_rs_name(cluster)]["spec"]["replicas"] == want
    assert (
        d["status"].get("updatedReplicas", 0) == want
        and d["status"]["observedGeneration"] == d["metadata"]["generation"]
    )


FENCEPOST = st.sampled_from(["0", "1", "2", "3", '"25%"', '"50%"'])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(replicas=st.integers(1, 8), surge=FENCEPOST, unavailable=FENCEPOST, ready_after=st.sampled_from([0.5, 2.0, 7.0]))
def test_rolling_update_stays_within_surge_and_unavailability_at_every_step_for_any_fenceposts(
    replicas, surge, unavailable, ready_after
):
    if surge == unavailable == "0":
        return  # validation forbids both 0
    cluster = Cluster(nodes=3, seed=replicas)
    install_fake_kubelet(cluster, ready_after=ready_after)
    apply(cluster, deployment(replicas=replicas, strategy=rolling(surge, unavailable)))
    cluster.run()
    most, fewest = fenceposts(cluster.get("Deployment", "web"))
    kubectl(cluster, "set image deployment/web nginx=nginx:1.28")

    def check() -> None:
        assert len(active_pods(cluster)) <= replicas + most, cluster.now
        assert len(available_pods(cluster)) >= replicas - fewest, cluster.now

    run_checking(cluster, check)
    assert {p["spec"]["containers"][0]["image"] for p in available_pods(cluster)} == {"nginx:1.28"}
    assert len(available_pods(cluster)) == replicas


def _rolled(cluster: Cluster) -> Cluster:
    apply(cluster, deployment(replicas=4))
    cluster.run()
    kubectl(cluster, "set image deployment/web nginx=nginx:1.28")
    return cluster


def test_snapshot_mid_rollout_restores_and_finishes_like_an_uninterrupted_run():
    uninterrupted = Cluster(nodes=3, seed=5)
    install_fake_kubelet(uninterrupted)
    _rolled(uninterrupted)
    interrupted = Cluster(nodes=3, seed=5)
    install_fake_kubelet(interrupted)
    _rolled(interrupted)
    interrupted.run(seconds=2.1)  # new pods created, some old ones going
    assert len(interrupted.list("ReplicaSet")) == 2
    restored = Cluster.restore(json.loads(json.dumps(interrupted.snapshot())))
    install_fake_kubelet(restored)
    restored.run()
    uninterrupted.run(seconds=2.1)
    uninterrupted.run()
    assert restored.now == uninterrupted.now
    assert restored.store.dump() == uninterrupted.store.dump()
    assert events(restored) == events(uninterrupted)
