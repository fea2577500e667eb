"""The endpoints controller follows pods only in namespaces that have a Service with a selector; pods that
were running before the first such Service still become its endpoints, after a restore too."""

from __future__ import annotations

from sandbox.engine.cluster import Cluster

WEB = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx:1.27, ports: [{containerPort: 80}]}]
"""

SERVICE = """\
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80}]
"""


def addresses(cluster: Cluster) -> list[str]:
    endpoints = cluster.store.get("Endpoints", "shop", "web")
    return sorted(a["ip"] for subset in endpoints.get("subsets") or () for a in subset.get("addresses") or ())


def pod_ips(cluster: Cluster) -> list[str]:
    return sorted(p["status"]["podIP"] for p in cluster.store.list("Pod", "shop"))


def test_pods_that_ran_before_the_first_service_become_its_endpoints():
    cluster = Cluster()
    assert cluster.apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n" + WEB).ok
    cluster.run(until="stable")
    controller = next(c for c in cluster.components if c.name == "endpoints")
    assert "shop" not in controller.tracked and not controller.pods.get("shop")

    assert cluster.apply(SERVICE).ok
    cluster.run(until="stable")
    assert "shop" in controller.tracked
    assert len(pod_ips(cluster)) == 3 and addresses(cluster) == pod_ips(cluster)

    restored = Cluster.restore(cluster.snapshot())
    restored.kubectl("scale deployment web -n shop --replicas=5")
    restored.run(until="stable")
    assert len(pod_ips(restored)) == 5 and addresses(restored) == pod_ips(restored)
