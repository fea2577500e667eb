"""cluster_dot: the object graph as DOT, every student-written string escaped."""

from __future__ import annotations

from sandbox.diagrams import cluster_dot, dot_to_svg
from sandbox.engine import Cluster

from .conftest import DEPLOYMENT

SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: front
spec:
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
"""


def pod(name: str, node: str | None, labels: dict, owner: str | None = None) -> dict:
    meta = {"name": name, "namespace": "default", "labels": labels}
    if owner:
        meta["ownerReferences"] = [{"kind": "ReplicaSet", "name": owner, "controller": True}]
    return {"kind": "Pod", "metadata": meta, "spec": {"nodeName": node} if node else {}, "status": {"phase": "Pending"}}


def test_it_draws_ingress_service_pods_replicaset_deployment_with_pods_inside_nodes():
    cluster = Cluster()
    cluster.apply(DEPLOYMENT + "---\n" + SERVICE)
    cluster.run(seconds=30)
    dot = cluster_dot(cluster)
    assert "subgraph cluster_node0" in dot and 'label="controlplane"' in dot
    assert 'label="Deployment\\nweb"' in dot and 'label="Service\\nweb"' in dot and 'label="Ingress\\nfront"' in dot
    assert dot.count('label="ReplicaSet\\n') == 1
    assert dot.count("web-") >= 3  # the three pods
    svg = dot_to_svg(dot)
    assert svg.startswith("<svg")


def test_every_user_string_is_escaped():
    evil = 'x" ]; evil [label="pwn'
    objects = [
        {"kind": "Node", "metadata": {"name": "node01"}, "status": {}},
        pod(evil, "node01", {"app": "a"}, owner=evil),
        {"kind": "ReplicaSet", "metadata": {"name": evil, "namespace": "default"}},
        {"kind": "Service", "metadata": {"name": "s\\\n", "namespace": "default"}, "spec": {"selector": {"app": "a"}}},
    ]
    dot = cluster_dot(objects)
    assert 'evil [label="pwn' not in dot
    assert 'x\\" ]; evil [label=\\"pwn' in dot
    assert "s\\\\\\n" in dot
    dot_to_svg(dot)  # graphviz accepts it: the quoting held


def test_pods_without_a_node_and_services_link_to_matching_pods():
    objects = [
        pod("lonely", None, {"app": "a"}),
        pod("other", None, {"app": "b"}),
        {"kind": "Service", "metadata": {"name": "svc", "namespace": "default"}, "spec": {"selector": {"app": "a"}}},
    ]
    dot = cluster_dot(objects)
    ids = {line.split()[0] for line in dot.splitlines() if "lonely" in line}
    (lonely,) = ids
    assert any(line.strip().endswith(f"-> {lonely};") for line in dot.splitlines())
    assert dot.count("->") == 1
