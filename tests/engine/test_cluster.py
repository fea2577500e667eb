"""The Cluster facade: the kubeadm-like bootstrap, `kubectl apply -f` output, snapshot and restore."""

from __future__ import annotations

import json

import pytest

from sandbox.engine.apiserver import APIError, Quotas
from sandbox.engine.cluster import Cluster

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  containers:
  - name: app
    image: nginx:1.27
"""
DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
"""


@pytest.fixture(scope="module")
def booted() -> Cluster:
    return Cluster(nodes=3, seed=1)


def names(objects: list[dict]) -> list[str]:
    return [o["metadata"]["name"] for o in objects]


# --- bootstrap -------------------------------------------------------------------------------


def test_bootstrap_creates_the_four_namespaces_in_alphabetical_order_when_booted(booted):
    namespaces = booted.list("Namespace")
    assert names(namespaces) == ["default", "kube-node-lease", "kube-public", "kube-system"]
    assert all(ns["status"]["phase"] == "Active" for ns in namespaces)


def test_every_namespace_has_the_default_service_account_and_root_ca_when_booted(booted):
    for ns in ("default", "kube-node-lease", "kube-public", "kube-system"):
        assert names(booted.list("ServiceAccount", ns)) == ["default"]
        assert names(booted.list("ConfigMap", ns)) == ["kube-root-ca.crt"]


def test_kubernetes_service_takes_the_first_ip_of_the_range_when_booted(booted):
    svc = booted.get("Service", "kubernetes")
    assert svc["spec"]["clusterIP"] == "10.96.0.1"
    assert svc["spec"]["ports"] == [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}]
    assert svc["metadata"]["labels"] == {"component": "apiserver", "provider": "kubernetes"}
    assert "selector" not in svc["spec"]
    endpoints = booted.get("Endpoints", "kubernetes")
    assert endpoints["subsets"][0]["addresses"] == [{"ip": "192.168.56.10"}]


def test_kube_dns_service_listens_on_ten_with_dns_and_metrics_ports_when_booted(booted):
    svc = booted.get("Service", "kube-dns", "kube-system")
    assert svc["spec"]["clusterIP"] == "10.96.0.10"
    ports = [(p["name"], p["port"], p["protocol"]) for p in svc["spec"]["ports"]]
    assert ports == [("dns", 53, "UDP"), ("dns-tcp", 53, "TCP"), ("metrics", 9153, "TCP")]
    assert svc["spec"]["selector"] == {"k8s-app": "kube-dns"}


def test_nodes_are_controlplane_and_numbered_workers_when_booted(booted):
    nodes = booted.list("Node")
    assert names(nodes) == ["controlplane", "node01", "node02"]
    control = nodes[0]
    assert control["spec"]["taints"] == [{"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"}]
    assert control["metadata"]["labels"]["node-role.kubernetes.io/control-plane"] == ""
    for node in nodes[1:]:
        assert "taints" not in node["spec"]
        assert "node-role.kubernetes.io/control-plane" not in node["metadata"]["labels"]


def test_nodes_report_addresses_cidrs_capacity_conditions_and_versions_when_booted(booted):
    for index, node in enumerate(booted.list("Node")):
        name, labels, status = node["metadata"]["name"], node["metadata"]["labels"], node["status"]
        assert labels["kubernetes.io/hostname"] == name and labels["kubernetes.io/os"] == "linux"
        assert labels["kubernetes.io/arch"] == "amd64" and labels["beta.kubernetes.io/arch"] == "amd64"
        assert status["addresses"] == [{"address": f"192.168.56.{10 + index}", "type": "InternalIP"},
                                       {"address": name, "type": "Hostname"}]
        assert node["spec"]["podCIDR"] == f"10.244.{index}.0/24"
        assert status["capacity"]["cpu"] == "2" and status["capacity"]["pods"] == "110"
        assert status["capacity"]["memory"].endswith("Ki") and status["allocatable"]["memory"].endswith("Ki")
        conditions = {c["type"]: (c["status"], c["reason"]) for c in status["conditions"]}
        assert conditions == {"MemoryPressure": ("False", "KubeletHasSufficientMemory"),
                              "DiskPressure": ("False", "KubeletHasNoDiskPressure"),
                              "PIDPressure": ("False", "KubeletHasSufficientPID"),
                              "Ready": ("True", "KubeletReady")}
        ready = status["conditions"][-1]
        assert ready["message"] == "kubelet is posting ready status"
        info = status["nodeInfo"]
        assert info["kubeletVersion"] == "v1.32.0" and info["containerRuntimeVersion"].startswith("containerd://1.7.")
        assert info["osImage"] == "Ubuntu 22.04.4 LTS" and info["operatingSystem"] == "linux"
        assert info["architecture"] == "amd64"
    assert names(booted.list("Lease", "kube-node-lease")) == ["controlplane", "node01", "node02"]


def test_bootstrap_objects_are_created_at_time_zero_of_the_clock(booted):
    kinds = ("Namespace", "Node", "Service")
    stamps = {o["metadata"]["creationTimestamp"] for kind in kinds for o in booted.list(kind)}
    assert stamps == {"2025-01-01T00:00:00Z"}
    later = Cluster(epoch="2030-06-01T12:00:00Z")
    assert later.get("Node", "node01", None)["metadata"]["creationTimestamp"] == "2030-06-01T12:00:00Z"


def test_single_node_cluster_keeps_the_kubeadm_taint_on_its_control_plane():
    (node,) = Cluster(nodes=1).list("Node")
    assert node["metadata"]["name"] == "controlplane" and node["spec"]["taints"]


def test_node_count_beyond_the_quota_is_refused():
    with pytest.raises(ValueError, match="between 1 and 10"):
        Cluster(nodes=11)
    assert len(Cluster(nodes=12, quotas=Quotas(nodes=12)).list("Node")) == 12


def test_kubelet_version_follows_the_kube_version():
    assert Cluster(kube_version="1.31").list("Node")[0]["status"]["nodeInfo"]["kubeletVersion"] == "v1.31.0"


# --- apply ---------------------------------------------------------------------------------------


def test_apply_prints_one_line_per_document_when_all_succeed():
    cluster = Cluster()
    result = cluster.apply(DEPLOYMENT + "---\n" + POD.format(name="p"), file="app.yaml")
    assert result.ok and result.exit_code == 0
    assert result.output == "deployment.apps/web created\npod/p created"
    assert [action for _, action, _ in result.results] == ["created", "created"]
    assert cluster.apply(DEPLOYMENT).output == "deployment.apps/web unchanged"
    assert cluster.apply(DEPLOYMENT.replace("replicas: 2", "replicas: 3")).output == "deployment.apps/web configured"


def test_apply_continues_after_a_failing_document_and_prints_errors_last():
    cluster = Cluster()
    text = POD.format(name="a") + "---\n" + POD.format(name="b").replace("name: b", "name: b\n  namespace: dev") + \
        "---\n" + POD.format(name="c")
    result = cluster.apply(text, file="pods.yaml")
    assert not result.ok and result.exit_code == 1
    assert result.output.splitlines() == [
        "pod/a created",
        "pod/c created",
        'Error from server (NotFound): error when creating "pods.yaml": namespaces "dev" not found',
    ]
    assert isinstance(result.errors[0], APIError)


def test_apply_reports_a_yaml_syntax_error_as_kubectl_does_and_applies_the_rest():
    cluster = Cluster()
    broken = "apiVersion: v1\nkind: Pod\nmetadata: {name: [\n"
    result = cluster.apply(broken + "---\n" + POD.format(name="ok"), file="x.yaml")
    lines = result.output.splitlines()
    assert lines[0] == "pod/ok created"
    assert lines[1].startswith("error: error parsing x.yaml: error converting YAML to JSON: yaml: line ")
    assert not result.ok


def test_apply_with_a_namespace_sets_it_and_refuses_a_different_one():
    cluster = Cluster()
    cluster.apply("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n")
    assert cluster.apply(POD.format(name="p"), namespace="dev").ok
    assert cluster.get("Pod", "p", "dev")["metadata"]["namespace"] == "dev"
    other = POD.format(name="q").replace("name: q", "name: q\n  namespace: default")
    result = cluster.apply(other, namespace="dev")
    assert result.output == (
        'error: the namespace from the provided object "default" does not match the namespace "dev". '
        "You must pass '--namespace=default' to perform this operation.")


def test_apply_dry_run_prints_server_dry_run_and_stores_nothing():
    cluster = Cluster()
    result = cluster.apply(POD.format(name="p"), dry_run=True)
    assert result.output == "pod/p created (server dry run)"
    assert cluster.list("Pod") == []


def test_apply_of_nothing_is_an_error():
    result = Cluster().apply("# just a comment\n")
    assert not result.ok and result.output == "error: no objects passed to apply"


def test_kubectl_reads_manifests_from_stdin_and_answers_in_the_asked_language():
    cluster = Cluster()
    manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: demo\n"
    assert cluster.kubectl("apply -f -", stdin=manifest) == (0, "configmap/settings created\n")
    code, output = cluster.kubectl("get configmap settings -o jsonpath={.data.mode}")
    assert (code, output) == (0, "demo")
    code, ko = cluster.kubectl("frobnicate", language="ko")
    assert code == 1 and "frobnicate" in ko


# --- snapshot and restore ------------------------------------------------------------------------


def test_snapshot_is_json_safe(booted):
    snap = booted.snapshot()
    assert json.loads(json.dumps(snap)) == snap
    assert snap["seed"] == 1 and snap["kube_version"] == "1.32"


def _next_names(cluster: Cluster, n: int = 3) -> list[str]:
    created = [cluster.api.create(json.loads(json.dumps({
        "apiVersion": "v1", "kind": "Pod", "metadata": {"generateName": "web-"},
        "spec": {"containers": [{"name": "app", "image": "nginx"}]}}))) for _ in range(n)]
    svc = cluster.api.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "svc"},
                              "spec": {"type": "NodePort", "ports": [{"port": 80}]}})
    return [c["metadata"]["name"] for c in created] + [c["metadata"]["uid"] for c in created] + [
        svc["spec"]["clusterIP"], str(svc["spec"]["ports"][0]["nodePort"])]


def test_restore_continues_with_the_same_names_as_an_uninterrupted_run():
    uninterrupted = Cluster(seed=5)
    uninterrupted.apply(DEPLOYMENT)
    interrupted = Cluster(seed=5)
    interrupted.apply(DEPLOYMENT)
    restored = Cluster.restore(json.loads(json.dumps(interrupted.snapshot())))
    assert _next_names(restored) == _next_names(uninterrupted)
    assert restored.store.resource_version == uninterrupted.store.resource_version
    assert restored.list("Deployment") == uninterrupted.list("Deployment")


def test_restore_keeps_allocations_and_the_clock():
    cluster = Cluster()
    cluster.clock.advance(42)
    cluster.apply("apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  type: NodePort\n"
                  "  ports: [{port: 80, nodePort: 30080}]\n")
    restored = Cluster.restore(json.loads(json.dumps(cluster.snapshot())))
    assert restored.now == 42
    result = restored.apply("apiVersion: v1\nkind: Service\nmetadata: {name: b}\nspec:\n  type: NodePort\n"
                            "  ports: [{port: 80, nodePort: 30080}]\n")
    assert "provided port is already allocated" in result.output


def test_restore_refuses_an_unknown_snapshot_version(booted):
    with pytest.raises(ValueError, match="snapshot version"):
        Cluster.restore({**booted.snapshot(), "version": 99})
