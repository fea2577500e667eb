"""The endpoints controller's cached, incremental syncs write what a sync from scratch would."""

from __future__ import annotations

from sandbox.engine.cluster import Cluster
from sandbox.engine.controllers import endpoints as ep
from sandbox.engine.controllers.kubeproxy import kube_proxy, slice_endpoints
from sandbox.engine.labels import selector_from_map

APP = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: %(name)s}
spec:
  replicas: %(replicas)d
  selector: {matchLabels: {app: %(name)s}}
  template:
    metadata: {labels: {app: %(name)s, tier: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports: [{name: http, containerPort: %(port)d}]
---
apiVersion: v1
kind: Service
metadata: {name: %(name)s}
spec:
  selector: {app: %(name)s}
  ports: [{port: 80, targetPort: http}]
"""

TIER = """\
apiVersion: v1
kind: Service
metadata: {name: tier}
spec:
  selector: {tier: web}
  ports: [{port: 80, targetPort: %s}]
"""


def kubectl(cluster: Cluster, line: str) -> None:
    code, out = cluster.kubectl(line)
    assert code == 0, out


def assert_like_a_fresh_sync(cluster: Cluster) -> None:
    for svc in cluster.store.list("Service"):
        namespace, name = svc["metadata"]["namespace"], svc["metadata"]["name"]
        selector = svc["spec"].get("selector")
        if not selector:
            continue
        pods = sorted((ep.pod_facts(p) for p in cluster.store.select("Pod", namespace, selector_from_map(selector))),
                      key=lambda p: p.name)
        subsets, _ = ep.build_subsets(namespace, svc, pods)
        assert (cluster.store.get("Endpoints", namespace, name).get("subsets") or []) == subsets, name
        groups = ep.build_slice_endpoints(namespace, svc, pods)
        written = sorted((e["targetRef"]["name"], repr(e)) for s in cluster.store.select(
            "EndpointSlice", namespace, selector_from_map({"kubernetes.io/service-name": name}))
            for e in s.get("endpoints") or ())
        assert written == sorted((e["targetRef"]["name"], repr(e)) for _, eps in groups.values() for e in eps), name
        proxy = kube_proxy(cluster)
        expected = {e.ip: e for s in cluster.store.select("EndpointSlice", namespace, selector_from_map(
            {"kubernetes.io/service-name": name})) for e in slice_endpoints(s)}
        assert {e.ip: e for e in proxy.endpoints(namespace, name)} == expected, name


def test_endpoints_follow_scaling_relabelling_and_service_changes_like_a_fresh_sync():
    cluster = Cluster(nodes=3)
    for name, replicas, port in (("a", 4, 8080), ("b", 3, 9090)):
        assert cluster.apply(APP % {"name": name, "replicas": replicas, "port": port}).ok
    assert cluster.apply(TIER % "http").ok
    cluster.run()
    assert_like_a_fresh_sync(cluster)
    assert len(cluster.store.get("Endpoints", "default", "tier")["subsets"]) == 2  # two port sets
    steps = [
        "scale deployment a --replicas=7",
        "label pods -l app=b tier=db --overwrite",
        "scale deployment b --replicas=1",
        "label pods -l app=a tier- ",
        "scale deployment a --replicas=2",
    ]
    for step in steps:
        kubectl(cluster, step)
        cluster.run(seconds=0.5)  # mid-way: some pods still starting
        assert_like_a_fresh_sync(cluster)
        cluster.run()
        assert_like_a_fresh_sync(cluster)
    assert cluster.apply(TIER % 80).ok  # a Service spec change rebuilds every cached entry
    kubectl(cluster, "label pods -l app=b tier=web --overwrite")
    cluster.run()
    assert_like_a_fresh_sync(cluster)
    assert cluster.store.get("Endpoints", "default", "tier")["subsets"][0]["ports"] == [{"port": 80, "protocol": "TCP"}]
    kubectl(cluster, "delete deployment a")
    cluster.run(seconds=1)
    assert_like_a_fresh_sync(cluster)
    cluster.run()
    assert_like_a_fresh_sync(cluster)
