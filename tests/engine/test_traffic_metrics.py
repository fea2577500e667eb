"""Traffic sent with ``cluster.request`` shows in the simulated metrics: ``kubectl top`` and the HPA."""

from __future__ import annotations

from sandbox.engine import metrics
from sandbox.engine.cluster import Cluster
from tests.engine.helpers import events

WEB = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: %(name)s}
spec:
  replicas: %(replicas)d
  selector: {matchLabels: {app: %(name)s}}
  template:
    metadata: {labels: {app: %(name)s}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports: [{containerPort: 80}]
        resources: {requests: {cpu: 100m}}
---
apiVersion: v1
kind: Service
metadata: {name: %(name)s}
spec:
  selector: {app: %(name)s}
  ports: [{port: 80}]
"""

HPA = """\
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 3
  maxReplicas: 10
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
"""


def apply(cluster: Cluster, text: str) -> None:
    result = cluster.apply(text)
    assert result.ok, result.output


def top_pods(cluster: Cluster) -> dict[str, str]:
    code, out = cluster.kubectl("top pods --no-headers")
    assert code == 0, out
    return {line.split()[0]: line.split()[1] for line in out.splitlines()}


def web_cluster(hpa: bool = False) -> Cluster:
    cluster = Cluster(nodes=3)
    apply(cluster, WEB % {"name": "web", "replicas": 3})
    apply(cluster, WEB % {"name": "other", "replicas": 2})
    if hpa:
        apply(cluster, HPA)
    cluster.run()
    cluster.run(seconds=60)  # past the HPA's CPU initialisation window
    return cluster


def test_requests_through_a_service_raise_cpu_on_exactly_the_serving_pods():
    cluster = web_cluster()
    web = {p["metadata"]["name"] for p in cluster.list("Pod") if p["metadata"]["labels"]["app"] == "web"}
    assert set(top_pods(cluster).values()) == {"1m"}
    report = cluster.request("http://web", 10_000)
    assert set(report.answered) == web and sum(report.answered.values()) == 10_000
    usage = top_pods(cluster)
    for pod, cpu in usage.items():
        # 1m idle + 10m per request per second, the requests averaged over metrics' 60 s window
        expected = 1 + round(report.answered[pod] / metrics.WINDOW_SECONDS * metrics.CPU_MILLICORES_PER_RPS) \
            if pod in web else 1
        assert cpu == f"{expected}m", (pod, usage)
    assert all(int(usage[pod][:-1]) > 500 for pod in web)  # ~3,333 requests each: ~556m


def test_served_requests_are_recorded_per_pod_in_its_namespace():
    cluster = web_cluster()
    report = cluster.request("http://web", 300)
    records = metrics.server(cluster).records
    assert {key: sum(entry[1] for entry in entries) for key, entries in records.items()} == {
        f"default/{pod}": float(count) for pod, count in report.answered.items()}
    assert all(entry[2] == 1.0 and entry[0] == cluster.now - 1.0 for entries in records.values() for entry in entries)


def test_requests_nobody_answers_are_not_recorded():
    cluster = web_cluster()
    apply(cluster, WEB % {"name": "web", "replicas": 0})
    cluster.run()
    report = cluster.request("http://web", 50)
    assert report.answered == {} and report.errors
    assert metrics.server(cluster).records == {}


def test_usage_from_requests_decays_after_the_window():
    cluster = web_cluster()
    cluster.request("http://web", 10_000)
    cluster.run(seconds=metrics.WINDOW_SECONDS + 5)
    assert set(top_pods(cluster).values()) == {"1m"}


def test_hpa_scales_up_on_cpu_driven_by_requests():
    cluster = web_cluster(hpa=True)
    assert cluster.get("Deployment", "web")["spec"]["replicas"] == 3
    for _ in range(4):  # 10,000 requests every 15 s: ~167 rps, ~5.5 times the pods' CPU request
        cluster.request("http://web", 10_000)
        cluster.run(seconds=15)
    assert cluster.get("Deployment", "web")["spec"]["replicas"] == 10
    assert events(cluster, "SuccessfulRescale")[0].endswith(
        "reason: cpu resource utilization (percentage of request) above target")


def test_hpa_stays_put_without_requests():
    cluster = web_cluster(hpa=True)
    cluster.run(seconds=60)
    assert cluster.get("Deployment", "web")["spec"]["replicas"] == 3
    assert events(cluster, "SuccessfulRescale") == []
