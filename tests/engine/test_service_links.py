"""Service links: a container's environment names the Services of its namespace that existed when
it started, and the API server's `kubernetes` Service everywhere (enableServiceLinks: false keeps
only the latter), as the kubelet does."""

from sandbox.engine.cluster import Cluster

SERVICE = """\
apiVersion: v1
kind: Service
metadata: {{name: {name}, namespace: {namespace}}}
spec:
  selector: {{app: {name}}}
  ports: [{{port: {port}}}]
"""

POD = """\
apiVersion: v1
kind: Pod
metadata: {{name: {name}, namespace: {namespace}}}
spec:
  enableServiceLinks: {links}
  restartPolicy: Never
  containers:
  - name: show
    image: busybox:1.36
    command: ["sh", "-c", "echo db=$DB_SERVICE_HOST:$DB_SERVICE_PORT cache=$CACHE_SERVICE_PORT api=$KUBERNETES_SERVICE_PORT"]
"""


def start(cluster: Cluster, name: str, namespace: str = "default", links: str = "true") -> str:
    result = cluster.apply(POD.format(name=name, namespace=namespace, links=links))
    assert result.ok, result.output
    cluster.run(until="stable")
    return cluster.kubectl(f"logs {name} -n {namespace}")[1].strip()


def test_a_pod_sees_the_services_that_existed_when_it_started_and_only_its_namespaces():
    cluster = Cluster()
    cluster.apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: other}\n")
    assert cluster.apply(SERVICE.format(name="db", namespace="default", port=5432)).ok
    db_ip = cluster.store.get("Service", "default", "db")["spec"]["clusterIP"]

    assert start(cluster, "first") == f"db={db_ip}:5432 cache= api=443"
    assert cluster.apply(SERVICE.format(name="cache", namespace="default", port=6379)).ok
    assert start(cluster, "second") == f"db={db_ip}:5432 cache=6379 api=443"
    assert cluster.kubectl("logs first")[1].strip() == f"db={db_ip}:5432 cache= api=443"  # fixed at start
    assert start(cluster, "elsewhere", namespace="other") == "db=: cache= api=443"
    assert start(cluster, "unlinked", links="false") == "db=: cache= api=443"
