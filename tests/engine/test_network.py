"""Networking: Endpoints and EndpointSlices from pods, kube-proxy's load balancing, DNS, NodePorts, Ingress.

Pods are started by :func:`start_pods`, a stand-in kubelet that binds each pod to a worker and writes
the status a kubelet would (podIP, Ready, running containers); the controllers under test only read
pod status, so they see what they will see from the real kubelet.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.engine.cluster import Cluster
from sandbox.engine.controllers.endpoints import PodFacts, build_slice_endpoints, build_subsets
from sandbox.engine.controllers.ingress import path_matches, route
from sandbox.engine.network import CNAME, resolve

WEB = """\
apiVersion: v1
kind: Service
metadata: {{name: web, namespace: {ns}}}
spec:
  selector: {{app: web}}
  ports: [{{port: 8080, targetPort: {target}}}]
"""


def pod(name: str, labels: str = "app: web", image: str = "nginx:1.27", ports: str = "[{containerPort: 80}]",
        ns: str = "default", extra: str = "") -> str:
    return f"""\
apiVersion: v1
kind: Pod
metadata: {{name: {name}, namespace: {ns}, labels: {{{labels}}}}}
spec:
  {extra}containers:
  - name: app
    image: {image}
    ports: {ports}
---
"""


def boot(*docs: str, nodes: int = 3, seed: int = 1) -> Cluster:
    cluster = Cluster(nodes=nodes, seed=seed)
    result = cluster.apply("---\n".join(docs))
    assert result.ok, result.output
    cluster.run()
    start_pods(cluster)
    return cluster


def start_pods(cluster: Cluster, ready: bool = True) -> None:
    """Bind every pod that has no IP yet to a worker and report it Running (and Ready), then run.
    With the real kubelet in the loop, it does that itself: run until the pods have started."""
    if any("kubelet" in c.name for c in cluster.components):
        cluster.run()
        cluster.run(seconds=1)
        return
    workers = sorted(n["metadata"]["name"] for n in cluster.list("Node")
                     if "node-role.kubernetes.io/control-plane" not in n["metadata"]["labels"]) or ["controlplane"]
    used = {(p.get("status") or {}).get("podIP") for p in cluster.list("Pod", None)}
    for index, item in enumerate(cluster.list("Pod", None)):
        meta = item["metadata"]
        if (item.get("status") or {}).get("podIP") or meta.get("deletionTimestamp"):
            continue
        node = item["spec"].get("nodeName")
        if not node:
            node = workers[index % len(workers)]
            cluster.api.bind(meta["namespace"], meta["name"], node)
        node_index = 0 if node == "controlplane" else int(node[-2:])
        host = 10
        while f"10.244.{node_index}.{host}" in used:
            host += 1
        ip = f"10.244.{node_index}.{host}"
        used.add(ip)
        fresh = cluster.get("Pod", meta["name"], meta["namespace"])
        fresh["status"] = running_status(cluster, fresh, ip, node_index, ready)
        cluster.api.update_status(fresh)
    cluster.run()
    cluster.run(seconds=1)  # the containers' processes are up and listening (nginx takes 0.1 s)


def running_status(cluster: Cluster, item: dict, ip: str, node_index: int, ready: bool) -> dict:
    now = cluster.clock.timestamp()
    flag = "True" if ready else "False"
    return {
        "phase": "Running", "podIP": ip, "podIPs": [{"ip": ip}], "hostIP": f"192.168.56.{10 + node_index}",
        "startTime": now,
        "conditions": [{"type": t, "status": flag if t in ("Ready", "ContainersReady") else "True",
                        "lastProbeTime": None, "lastTransitionTime": now}
                       for t in ("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady",
                                 "PodScheduled")],
        "containerStatuses": [{"name": c["name"], "image": c["image"], "imageID": "", "ready": ready, "started": True,
                               "restartCount": 0, "state": {"running": {"startedAt": now}}}
                              for c in item["spec"]["containers"]],
    }


def set_ready(cluster: Cluster, name: str, ready: bool, namespace: str = "default") -> None:
    item = cluster.get("Pod", name, namespace)
    flag = "True" if ready else "False"
    for condition in item["status"]["conditions"]:
        if condition["type"] in ("Ready", "ContainersReady"):
            condition["status"] = flag
    for status in item["status"]["containerStatuses"]:
        status["ready"] = ready
    cluster.api.update_status(item)
    cluster.run()


def ip_of(cluster: Cluster, name: str, namespace: str = "default") -> str:
    return cluster.get("Pod", name, namespace)["status"]["podIP"]


def ips(addresses: list[dict] | None) -> list[str]:
    return [a["ip"] for a in addresses or ()]


def slices_of(cluster: Cluster, service: str, namespace: str = "default") -> list[dict]:
    return cluster.list("EndpointSlice", namespace, label_selector=f"kubernetes.io/service-name={service}")


def ok(cluster: Cluster, line: str) -> str:
    code, out = cluster.kubectl(line)
    assert code == 0, out
    return out


THREE = pod("web-a") + pod("web-b") + pod("web-c") + WEB.format(ns="default", target=80)


# --- Endpoints and EndpointSlices -------------------------------------------------------------------


def test_endpoints_list_ready_pods_with_their_target_port_when_pods_are_ready():
    cluster = boot(THREE)
    ep = cluster.get("Endpoints", "web")
    assert len(ep["subsets"]) == 1
    subset = ep["subsets"][0]
    assert ips(subset["addresses"]) == sorted(ip_of(cluster, n) for n in ("web-a", "web-b", "web-c"))
    assert "notReadyAddresses" not in subset
    assert subset["ports"] == [{"port": 80, "protocol": "TCP"}]
    address = subset["addresses"][0]
    assert address["targetRef"]["kind"] == "Pod" and address["nodeName"].startswith("node")


def test_endpoints_move_pod_between_addresses_and_not_ready_addresses_when_readiness_flips():
    cluster = boot(THREE)
    set_ready(cluster, "web-b", False)
    subset = cluster.get("Endpoints", "web")["subsets"][0]
    assert ips(subset["addresses"]) == sorted(ip_of(cluster, n) for n in ("web-a", "web-c"))
    assert ips(subset["notReadyAddresses"]) == [ip_of(cluster, "web-b")]
    conditions = {ep["targetRef"]["name"]: ep["conditions"] for ep in slices_of(cluster, "web")[0]["endpoints"]}
    assert conditions["web-b"] == {"ready": False, "serving": False, "terminating": False}
    set_ready(cluster, "web-b", True)
    subset = cluster.get("Endpoints", "web")["subsets"][0]
    assert len(subset["addresses"]) == 3 and "notReadyAddresses" not in subset


def test_terminating_pod_leaves_endpoints_but_stays_in_slice_as_terminating_when_deleted():
    cluster = boot(THREE)
    gone = ip_of(cluster, "web-a")
    cluster.delete("Pod", "web-a")  # graceful: the pod stays Terminating until its kubelet is done

    def terminating() -> dict | None:
        for sl in slices_of(cluster, "web"):
            for ep in sl["endpoints"] or ():
                if ep["targetRef"]["name"] == "web-a" and ep["conditions"]["terminating"]:
                    return ep["conditions"]
        return None

    while terminating() is None and cluster.step():
        pass
    conditions = terminating()
    assert conditions is not None and conditions["ready"] is False  # serving: as the kubelet reports readiness
    assert gone not in ips(cluster.get("Endpoints", "web")["subsets"][0]["addresses"])
    report = cluster.request("http://web:8080/", 300)
    assert "web-a" not in report.answered and sum(report.answered.values()) == 300
    cluster.run()
    assert [e["targetRef"]["name"] for e in slices_of(cluster, "web")[0]["endpoints"]] == ["web-b", "web-c"]


def test_terminating_ready_pod_is_serving_but_not_ready_in_its_slice_endpoint():
    facts = PodFacts(name="web-a", uid="u1", labels=(("app", "web"),), ip="10.244.1.5", ready=True, terminating=True,
                     terminal=False, node="node01", hostname="", subdomain="", ports=())
    svc = {"metadata": {"name": "web"}, "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}}
    ((ports, (endpoint,)),) = build_slice_endpoints("default", svc, [facts]).values()
    assert endpoint["conditions"] == {"ready": False, "serving": True, "terminating": True}
    assert ports == [{"name": "", "port": 80, "protocol": "TCP"}]
    assert build_subsets("default", svc, [facts]) == ([], False)  # Endpoints leave terminating pods out


def test_publish_not_ready_addresses_lists_unready_pods_as_addresses_when_set():
    svc = WEB.format(ns="default", target=80).replace("spec:\n", "spec:\n  publishNotReadyAddresses: true\n")
    cluster = boot(pod("web-a"), svc)
    set_ready(cluster, "web-a", False)
    subset = cluster.get("Endpoints", "web")["subsets"][0]
    assert ips(subset["addresses"]) == [ip_of(cluster, "web-a")]
    assert slices_of(cluster, "web")[0]["endpoints"][0]["conditions"]["ready"] is True


def test_named_target_port_resolves_per_pod_when_pods_name_different_ports():
    cluster = boot(pod("web-a", ports="[{containerPort: 80, name: http}]"),
                   pod("web-b", ports="[{containerPort: 8000, name: http}]"),
                   pod("web-c", ports="[{containerPort: 80, name: other}]"),
                   WEB.format(ns="default", target="http"))
    subsets = {s["ports"][0]["port"]: ips(s["addresses"]) for s in cluster.get("Endpoints", "web")["subsets"]}
    assert subsets == {80: [ip_of(cluster, "web-a")], 8000: [ip_of(cluster, "web-b")]}  # web-c has no "http"
    by_port = {(s["ports"] or [{}])[0].get("port"): [e["targetRef"]["name"] for e in s["endpoints"]]
               for s in slices_of(cluster, "web")}
    assert by_port == {80: ["web-a"], 8000: ["web-b"], None: ["web-c"]}
    assert ok(cluster, "describe svc web").count("Endpoints:") == 1


def test_endpoint_slices_are_labelled_owned_and_hold_at_most_100_endpoints_when_service_is_big():
    docs = [pod(f"web-{i:03d}") for i in range(150)]
    cluster = boot(*docs, WEB.format(ns="default", target=80))
    found = slices_of(cluster, "web")
    assert sorted(len(s["endpoints"]) for s in found) == [50, 100]
    for sl in found:
        meta = sl["metadata"]
        assert meta["generateName"] == "web-" and meta["name"].startswith("web-")
        assert meta["labels"]["endpointslice.kubernetes.io/managed-by"] == "endpointslice-controller.k8s.io"
        assert meta["ownerReferences"][0]["kind"] == "Service" and meta["ownerReferences"][0]["controller"] is True
        assert sl["addressType"] == "IPv4" and sl["ports"] == [{"name": "", "port": 80, "protocol": "TCP"}]
    out = ok(cluster, "get ep web")
    assert out.splitlines()[1].split(None, 1)[1].startswith("10.244.")
    assert " + 147 more..." in out


def test_service_matching_no_pods_gets_empty_endpoints_and_a_placeholder_slice_when_created():
    cluster = boot(WEB.format(ns="default", target=80))
    assert "subsets" not in cluster.get("Endpoints", "web")
    (placeholder,) = slices_of(cluster, "web")
    assert placeholder["endpoints"] is None and placeholder["ports"] is None
    assert ok(cluster, "get endpointslices").splitlines()[2].split()[1:4] == ["IPv4", "<unset>", "<unset>"]
    assert ok(cluster, "get ep web").splitlines()[1].split()[1] == "<none>"
    cluster.apply(pod("web-a"))
    cluster.run()
    start_pods(cluster)
    (filled,) = slices_of(cluster, "web")
    assert filled["metadata"]["name"] == placeholder["metadata"]["name"]  # the placeholder is reused
    assert [e["targetRef"]["name"] for e in filled["endpoints"]] == ["web-a"]


def test_service_without_selector_is_not_managed_but_its_endpoints_are_mirrored_when_written_by_hand():
    cluster = boot("""\
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  ports: [{port: 5432}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: db}
subsets:
- addresses: [{ip: 10.0.0.5}]
  ports: [{port: 5432}]
""")
    assert cluster.get("Endpoints", "db")["subsets"][0]["addresses"] == [{"ip": "10.0.0.5"}]
    (mirrored,) = slices_of(cluster, "db")
    assert mirrored["metadata"]["labels"]["endpointslice.kubernetes.io/managed-by"] == \
        "endpointslicemirroring-controller.k8s.io"
    assert mirrored["endpoints"] == [{"addresses": ["10.0.0.5"], "conditions": {"ready": True}}]
    assert cluster.request("http://db:5432/", 10).to_json()["errors"] == {"timeout": 10}  # nobody has 10.0.0.5


def test_endpoints_follow_the_service_when_its_selector_changes_or_it_is_deleted():
    cluster = boot(THREE, pod("api-a", labels="app: api"))
    cluster.api.patch("Service", "default", "web", {"spec": {"selector": {"app": "api"}}})
    cluster.run()
    assert ips(cluster.get("Endpoints", "web")["subsets"][0]["addresses"]) == [ip_of(cluster, "api-a")]
    cluster.delete("Service", "web")
    cluster.run()
    assert [e["metadata"]["name"] for e in cluster.list("Endpoints", "default")] == ["kubernetes"]
    assert slices_of(cluster, "web") == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["ready", "unready", "delete", "relabel", "add"]),
                          st.integers(min_value=0, max_value=5)), max_size=12))
def test_endpoints_ready_addresses_equal_ready_matching_pods_when_stable(ops):
    """Property: at every stable point, Endpoints' ready addresses are exactly the IPs of the ready,
    non-terminating pods that match the selector."""
    cluster = boot(*(pod(f"web-{i}") for i in range(3)), WEB.format(ns="default", target=80))
    added = 3
    for op, index in ops:
        names = [p["metadata"]["name"] for p in cluster.list("Pod") if not p["metadata"].get("deletionTimestamp")]
        name = names[index % len(names)] if names else None
        if op == "add":
            cluster.apply(pod(f"web-{added}"))
            added += 1
            cluster.run()
            start_pods(cluster)
        elif name is None:
            continue
        elif op in ("ready", "unready"):
            set_ready(cluster, name, op == "ready")
        elif op == "delete":
            cluster.delete("Pod", name)
        else:
            labels = cluster.get("Pod", name)["metadata"]["labels"]
            labels["app"] = "web" if labels["app"] != "web" else "other"
            cluster.api.patch("Pod", "default", name, {"metadata": {"labels": labels}})
        cluster.run()
        expected = sorted(
            p["status"]["podIP"] for p in cluster.list("Pod") if p["metadata"]["labels"].get("app") == "web"
            and not p["metadata"].get("deletionTimestamp")
            and any(c["type"] == "Ready" and c["status"] == "True" for c in p["status"]["conditions"]))
        subsets = cluster.get("Endpoints", "web").get("subsets") or []
        assert sorted(a["ip"] for s in subsets for a in s.get("addresses") or ()) == expected


# --- kube-proxy ---------------------------------------------------------------------------------------


def test_requests_split_roughly_uniformly_and_repeatably_when_three_pods_are_ready():
    first = boot(THREE).request("http://web:8080/", 3000).to_json()
    assert sorted(first["answered"]) == ["web-a", "web-b", "web-c"]
    assert all(900 <= count <= 1100 for count in first["answered"].values()), first
    assert boot(THREE).request("http://web:8080/", 3000).to_json() == first  # same seed, same split
    assert boot(THREE, seed=2).request("http://web:8080/", 3000).to_json() != first


def test_service_routes_only_to_ready_pods_when_one_is_not_ready():
    cluster = boot(THREE)
    set_ready(cluster, "web-c", False)
    report = cluster.request("http://web.default.svc.cluster.local:8080/", 200)
    assert sorted(report.answered) == ["web-a", "web-b"] and report.errors == {}
    assert report.statuses == {200: 200}


def test_session_affinity_client_ip_sends_every_request_to_one_pod_when_set():
    svc = WEB.format(ns="default", target=80).replace("spec:\n", "spec:\n  sessionAffinity: ClientIP\n")
    cluster = boot(pod("web-a"), pod("web-b"), pod("web-c"), svc)
    first = cluster.request("http://web:8080/", 100).answered
    assert list(first.values()) == [100]
    assert cluster.request("http://web:8080/", 50).answered == {next(iter(first)): 50}


def test_request_reports_no_endpoints_when_no_pod_is_ready():
    cluster = boot(THREE)
    for name in ("web-a", "web-b", "web-c"):
        set_ready(cluster, name, False)
    assert cluster.request("http://web:8080/", 100).to_json() == {
        "url": "http://web:8080/", "sent": 100, "answered": {}, "errors": {"no endpoints": 100}}


def test_request_reports_connection_refused_when_the_container_does_not_listen_on_the_target_port():
    cluster = boot(pod("web-a"), WEB.format(ns="default", target=9999))
    assert cluster.request("http://web:8080/", 20).errors == {"connection refused": 20}


def test_request_reports_timeout_and_unresolved_host_when_address_or_name_is_wrong():
    cluster = boot(THREE)
    assert cluster.request("http://web:9090/", 5).errors == {"timeout": 5}  # the Service has no port 9090
    assert cluster.request("http://nope/", 5).errors == {"could not resolve host": 5}
    assert cluster.request("http://10.1.2.3/", 5).errors == {"timeout": 5}


def test_request_by_cluster_ip_reaches_the_pods_and_records_request_frames():
    cluster = boot(THREE)
    ip = cluster.get("Service", "web")["spec"]["clusterIP"]
    since = cluster.frame_log.seq
    report = cluster.request(f"http://{ip}:8080/", 30)
    assert sum(report.answered.values()) == 30
    frames = [f for f in cluster.frames(since) if f["type"] == "request"]
    assert len(frames) == len(report.answered)
    assert all(f["path"][0] == "client" and f["path"][2] == "kube-proxy" and f["path"][3].startswith("pod/web-")
               and f["status"] == 200 for f in frames)
    assert sum(f["count"] for f in frames) == 30


def test_nodeport_answers_from_outside_on_every_node_ip_when_service_is_nodeport():
    svc = WEB.format(ns="default", target=80).replace("spec:\n", "spec:\n  type: NodePort\n").replace(
        "targetPort: 80", "targetPort: 80, nodePort: 30080")
    cluster = boot(pod("web-a"), pod("web-b"), svc)
    for ip, node in (("192.168.56.10", "controlplane"), ("192.168.56.11", "node01"), ("192.168.56.12", "node02")):
        report = cluster.request(f"http://{ip}:30080/", 100)
        assert sorted(report.answered) == ["web-a", "web-b"] and report.errors == {}
        assert report.paths[0]["path"][:3] == ["outside", node, "kube-proxy"]
    assert cluster.request("http://192.168.56.11:30081/", 5).errors == {"connection refused": 5}
    ip = cluster.get("Service", "web")["spec"]["clusterIP"]
    assert cluster.request(f"http://{ip}:8080/", 5, client="outside").errors == {"timeout": 5}


def test_load_balancer_service_stays_pending_and_describe_says_why_when_there_is_no_cloud():
    svc = WEB.format(ns="default", target=80).replace("spec:\n", "spec:\n  type: LoadBalancer\n")
    cluster = boot(pod("web-a"), svc)
    row = ok(cluster, "get svc web").splitlines()[1].split()
    assert row[1] == "LoadBalancer" and row[3] == "<pending>"
    code, out = cluster.kubectl("describe svc web")
    assert code == 0 and "note (sandbox): service/web is a LoadBalancer" in out
    assert cluster.kubectl("describe svc web", language="ko")[1].count("참고(샌드박스)") == 1
    node_port = cluster.get("Service", "web")["spec"]["ports"][0]["nodePort"]
    assert cluster.request(f"http://192.168.56.11:{node_port}/", 10).answered == {"web-a": 10}


def test_snapshot_keeps_affinity_and_continues_identically_when_restored():
    svc = WEB.format(ns="default", target=80).replace("spec:\n", "spec:\n  sessionAffinity: ClientIP\n")
    cluster = boot(pod("web-a"), pod("web-b"), pod("web-c"), svc)
    first = cluster.request("http://web:8080/", 10).answered
    restored = Cluster.restore(cluster.snapshot())
    assert restored.request("http://web:8080/", 10).answered == first
    assert restored.request("http://web/", 10).to_json() == cluster.request("http://web/", 10).to_json()


# --- DNS ------------------------------------------------------------------------------------------------


CLIENT = pod("box", labels="app: box", image="busybox:1.36", ports="[]").replace(
    "    ports: []\n", "    command: [sleep, '3600']\n")


def test_nslookup_prints_like_busybox_when_the_service_exists():
    cluster = boot(THREE, CLIENT)
    ip = cluster.get("Service", "web")["spec"]["clusterIP"]
    assert ok(cluster, "exec box -- nslookup web") == (
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
        f"Name:\tweb.default.svc.cluster.local\nAddress: {ip}\n\n")
    code, out = cluster.kubectl("exec box -- nslookup nope")
    assert code == 1 and "** server can't find nope: NXDOMAIN" in out
    assert out.endswith("command terminated with exit code 1\n")


def test_short_names_resolve_in_the_own_namespace_and_need_the_namespace_across_when_resolved():
    cluster = boot("apiVersion: v1\nkind: Namespace\nmetadata: {name: other}\n",
                   pod("web-a", ns="other"), WEB.format(ns="other", target=80))
    ip = cluster.get("Service", "web", "other")["spec"]["clusterIP"]
    assert resolve(cluster, "web", "default") == []
    for name in ("web.other", "web.other.svc", "web.other.svc.cluster.local", "web.other.svc.cluster.local."):
        assert resolve(cluster, name, "default") == [ip]
    assert resolve(cluster, "web", "other") == [ip]
    assert resolve(cluster, "kubernetes.default") == ["10.96.0.1"]
    assert cluster.request("http://web.other:8080/", 10).answered == {"web-a": 10}


def test_headless_service_resolves_to_ready_pod_ips_and_pod_hostnames_when_cluster_ip_is_none():
    hostnamed = pod("db-0", labels="app: db", extra="hostname: db-0\n  subdomain: db\n  ")
    cluster = boot(pod("web-a"), pod("web-b"), pod("web-c"), hostnamed, """\
apiVersion: v1
kind: Service
metadata: {name: hl}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 80}]
""")
    set_ready(cluster, "web-c", False)
    assert sorted(resolve(cluster, "hl")) == sorted(ip_of(cluster, n) for n in ("web-a", "web-b"))
    assert resolve(cluster, "db-0.db.default.svc.cluster.local") == [ip_of(cluster, "db-0")]
    dashed = ip_of(cluster, "web-a").replace(".", "-")
    assert resolve(cluster, f"{dashed}.hl.default.svc.cluster.local") == [ip_of(cluster, "web-a")]
    assert cluster.get("Endpoints", "db")["subsets"][0]["addresses"][0]["hostname"] == "db-0"
    assert ok(cluster, "get svc hl").splitlines()[1].split()[2] == "None"
    report = cluster.request("http://hl/", 200)  # straight to pod IPs, a DNS pick per connection
    assert sorted(report.answered) == ["web-a", "web-b"]


def test_external_name_resolves_to_a_cname_and_pod_records_to_their_address():
    cluster = boot("""\
apiVersion: v1
kind: Service
metadata: {name: ext}
spec:
  type: ExternalName
  externalName: db.example.com
""")
    answer = resolve(cluster, "ext")
    assert isinstance(answer, CNAME) and answer == "db.example.com"
    assert resolve(cluster, "10-244-1-5.default.pod.cluster.local") == ["10.244.1.5"]
    assert resolve(cluster, "nothing.default.svc.cluster.local") == []


# --- kubectl exec -----------------------------------------------------------------------------------


def test_exec_wget_and_curl_reach_the_service_when_run_in_a_pod():
    cluster = boot(THREE, CLIENT, pod("web-z", labels="app: z"))
    assert "Welcome to nginx!" in ok(cluster, "exec box -- wget -qO- web:8080")
    code, out = cluster.kubectl("exec box -- wget -qO- http://web:8080/missing")
    assert code == 1 and "wget: server returned error: HTTP/1.1 404 Not Found" in out
    code, out = cluster.kubectl("exec web-z -- curl -s web:8080")  # nginx images carry curl
    assert code == 0 and "Welcome to nginx!" in out
    for name in ("web-a", "web-b", "web-c"):
        set_ready(cluster, name, False)
    code, out = cluster.kubectl("exec box -- wget -qO- web:8080")
    assert code == 1 and "Connection refused" in out


def test_exec_reports_kubectl_errors_when_the_target_is_wrong():
    cluster = boot(CLIENT)
    assert cluster.kubectl("exec nope -- ls") == (1, 'Error from server (NotFound): pods "nope" not found\n')
    assert cluster.kubectl("exec box ls")[1].startswith("error: exec [POD] [COMMAND] is not supported anymore")
    assert cluster.kubectl("exec box -c x -- ls") == (
        1, "Error from server (BadRequest): container x is not valid for pod box\n")
    assert cluster.kubectl("exec box --")[1] == "error: you must specify at least one command for the container\n"


# --- Ingress --------------------------------------------------------------------------------------------


COURSE = """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop}
spec:
  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /reservation, pathType: Prefix, backend: {service: {name: reservation-svc, port: {number: 80}}}}
      - {path: /vehicle, pathType: Prefix, backend: {service: {name: vehicle-svc, port: {number: 80}}}}
"""


def backend(name: str) -> str:
    return f"""\
apiVersion: v1
kind: Service
metadata: {{name: {name}}}
spec:
  selector: {{app: {name}}}
  ports: [{{port: 80}}]
---
""" + pod(f"{name}-pod", labels=f"app: {name}")


def test_ingress_routes_course_example_by_path_and_answers_404_for_the_rest():
    cluster = boot(backend("reservation-svc"), backend("vehicle-svc"), COURSE)
    assert cluster.request("http://shop.example.com/reservation/x", 100).answered == {"reservation-svc-pod": 100}
    assert cluster.request("http://shop.example.com/vehicle", 100).answered == {"vehicle-svc-pod": 100}
    assert cluster.request("http://shop.example.com/", 100).to_json()["errors"] == {"404 Not Found": 100}
    assert cluster.request("http://shop.example.com/reservations", 10).errors == {"404 Not Found": 10}
    report = cluster.request("http://shop.example.com/reservation/x", 1)
    assert report.paths[0]["path"] == ["outside", "node01", "ingress-nginx", "pod/reservation-svc-pod"]


def test_ingress_address_appears_after_the_controller_syncs_and_an_event_says_so():
    cluster = boot(backend("reservation-svc"))
    cluster.apply(COURSE)
    cluster.run(seconds=5)
    assert cluster.get("Ingress", "shop")["status"] == {"loadBalancer": {}}
    assert ok(cluster, "get ing shop").splitlines()[1].split()[3] == "80"  # ADDRESS still empty
    cluster.run()
    assert cluster.get("Ingress", "shop")["status"]["loadBalancer"]["ingress"] == [{"ip": "192.168.56.11"}]
    events = [(e["reason"], e["message"], e["source"]["component"]) for e in cluster.list("Event", "default")
              if e["involvedObject"]["kind"] == "Ingress"]
    assert events == [("Sync", "Scheduled for sync", "nginx-ingress-controller")]
    assert "Normal  Sync" in ok(cluster, "describe ing shop")


def test_ingress_gets_the_default_class_and_an_address_when_the_controller_serves_it():
    cluster = boot(backend("reservation-svc"), backend("vehicle-svc"), COURSE)
    ing = cluster.get("Ingress", "shop")
    assert ing["spec"]["ingressClassName"] == "nginx"  # DefaultIngressClass admission
    assert ing["status"]["loadBalancer"]["ingress"] == [{"ip": "192.168.56.11"}]
    assert ok(cluster, "get ing").splitlines()[1].split()[:5] == ["shop", "nginx", "shop.example.com",
                                                                  "192.168.56.11", "80"]
    out = ok(cluster, "describe ing shop")
    assert f"/reservation   reservation-svc:80 ({ip_of(cluster, 'reservation-svc-pod')}:80)" in out
    assert ok(cluster, "get ingressclass").splitlines()[1].split()[:2] == ["nginx", "k8s.io/ingress-nginx"]


def test_ingress_of_another_class_is_not_served_when_no_controller_claims_it():
    other = COURSE.replace("spec:\n", "spec:\n  ingressClassName: traefik\n")
    cluster = boot(backend("reservation-svc"), other)
    assert cluster.get("Ingress", "shop")["status"] == {"loadBalancer": {}}
    assert cluster.request("http://shop.example.com/reservation", 10).errors == {"could not resolve host": 10}
    assert cluster.request("http://192.168.56.11/reservation", 10).errors == {"404 Not Found": 10}


def test_ingress_answers_503_when_the_backend_has_no_ready_endpoints():
    cluster = boot(backend("reservation-svc"), COURSE)
    set_ready(cluster, "reservation-svc-pod", False)
    assert cluster.request("http://shop.example.com/reservation", 10).errors == {"503 Service Unavailable": 10}
    assert cluster.request("http://shop.example.com/vehicle", 10).errors == {"503 Service Unavailable": 10}


def test_ingress_balances_round_robin_and_uses_default_backend_and_wildcards_when_configured():
    cluster = boot(backend("a"), backend("b"), pod("a-pod2", labels="app: a"), """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: mixed}
spec:
  defaultBackend: {service: {name: b, port: {number: 80}}}
  rules:
  - host: "*.foo.com"
    http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: a, port: {number: 80}}}}]
""")
    assert cluster.request("http://bar.foo.com/", 10).answered == {"a-pod": 5, "a-pod2": 5}
    assert cluster.request("http://192.168.56.11/anything", 4).answered == {"b-pod": 4}  # no host: default
    assert cluster.request("http://baz.bar.foo.com/", 3).errors == {"could not resolve host": 3}


def test_ingress_exact_beats_prefix_and_element_wise_prefix_when_paths_tie():
    cluster = boot(backend("exact"), backend("prefix"), backend("deep"), """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: paths}
spec:
  rules:
  - http:
      paths:
      - {path: /foo, pathType: Prefix, backend: {service: {name: prefix, port: {number: 80}}}}
      - {path: /foo, pathType: Exact, backend: {service: {name: exact, port: {number: 80}}}}
      - {path: /aaa/bbb, pathType: Prefix, backend: {service: {name: deep, port: {number: 80}}}}
""")
    node = "http://192.168.56.11"
    assert cluster.request(f"{node}/foo", 2).answered == {"exact-pod": 2}
    assert cluster.request(f"{node}/foo/", 2).answered == {"prefix-pod": 2}
    assert cluster.request(f"{node}/aaa/bbb/ccc", 2).answered == {"deep-pod": 2}
    assert cluster.request(f"{node}/aaa/bbbxyz", 2).errors == {"404 Not Found": 2}


MATCHING_TABLE = [  # §10, from the Ingress documentation: (type, paths, request, matching path or None)
    ("Prefix", ["/"], "/anything/at/all", "/"),
    ("Exact", ["/foo"], "/foo", "/foo"),
    ("Exact", ["/foo"], "/bar", None),
    ("Exact", ["/foo"], "/foo/", None),
    ("Exact", ["/foo/"], "/foo", None),
    ("Prefix", ["/foo"], "/foo", "/foo"),
    ("Prefix", ["/foo"], "/foo/", "/foo"),
    ("Prefix", ["/foo/"], "/foo", "/foo/"),
    ("Prefix", ["/foo/"], "/foo/", "/foo/"),
    ("Prefix", ["/aaa/bb"], "/aaa/bbb", None),
    ("Prefix", ["/aaa/bbb/"], "/aaa/bbb", "/aaa/bbb/"),
    ("Prefix", ["/aaa/bbb"], "/aaa/bbb/ccc", "/aaa/bbb"),
    ("Prefix", ["/aaa/bbb"], "/aaa/bbbxyz", None),
    ("Prefix", ["/", "/aaa"], "/aaa/ccc", "/aaa"),
    ("Prefix", ["/", "/aaa", "/aaa/bbb"], "/aaa/bbb", "/aaa/bbb"),
    ("Prefix", ["/", "/aaa", "/aaa/bbb"], "/ccc", "/"),
    ("Prefix", ["/aaa"], "/ccc", None),
    ("Mixed", ["/foo"], "/foo", "/foo"),
]


@pytest.mark.parametrize(("path_type", "paths", "request_path", "expected"), MATCHING_TABLE)
def test_ingress_matching_follows_the_documented_table(path_type, paths, request_path, expected):
    items = []
    for path in paths:
        types = ["Prefix", "Exact"] if path_type == "Mixed" else [path_type]
        items += [{"path": path, "pathType": t, "backend": {"service": {"name": f"{t}{path}", "port": {"number": 80}}}}
                  for t in types]
    ingress = {"metadata": {"name": "t", "namespace": "default", "creationTimestamp": "2025-01-01T00:00:00Z"},
               "spec": {"rules": [{"http": {"paths": items}}]}}
    found = route([ingress], "foo.com", request_path)
    assert found.path == expected
    if path_type == "Mixed":
        assert found.path_type == "Exact"


@pytest.mark.parametrize(("rule_host", "host", "matches"), [
    ("foo.bar.com", "foo.bar.com", True), ("*.foo.com", "bar.foo.com", True),
    ("*.foo.com", "baz.bar.foo.com", False), ("*.foo.com", "foo.com", False), ("foo.bar.com", "bar.com", False),
])
def test_ingress_hosts_match_exactly_or_by_one_wildcard_label(rule_host, host, matches):
    path = {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "s", "port": {"number": 1}}}}
    ingress = {"metadata": {"name": "t", "namespace": "default"},
               "spec": {"rules": [{"host": rule_host, "http": {"paths": [path]}}]}}
    assert (route([ingress], host, "/").backend is not None) is matches


def test_implementation_specific_is_matched_like_prefix_and_describe_says_so():
    assert path_matches("ImplementationSpecific", "/foo", "/foo/bar")
    assert not path_matches("ImplementationSpecific", "/foo", "/foobar")
    cluster = boot(backend("a"), """\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: impl}
spec:
  rules:
  - http:
      paths: [{path: /a, pathType: ImplementationSpecific, backend: {service: {name: a, port: {number: 80}}}}]
""")
    assert "matched like Prefix" in cluster.kubectl("describe ing impl")[1]


# --- kubectl -------------------------------------------------------------------------------------------


def test_expose_creates_a_service_that_routes_to_the_deployments_pods():
    cluster = boot("""\
apiVersion: apps/v1
kind: Deployment
metadata: {name: hello}
spec:
  replicas: 2
  selector: {matchLabels: {app: hello}}
  template:
    metadata: {labels: {app: hello}}
    spec:
      containers:
      - {name: hello, image: "gcr.io/google-samples/hello-app:1.0", ports: [{containerPort: 8080}]}
""")
    assert ok(cluster, "expose deployment hello --port=80 --target-port=8080") == "service/hello exposed\n"
    cluster.run()
    report = cluster.request("http://hello/", 100)
    assert len(report.answered) == 2 and sum(report.answered.values()) == 100
    first = sorted(report.answered)[0]
    assert ok(cluster, f"expose pod {first} --name=one --port=8080") == "service/one exposed\n"
    cluster.run()  # the pod's labels are the selector: its sibling (same template labels) matches too
    assert cluster.get("Service", "one")["spec"]["selector"] == cluster.get("Pod", first)["metadata"]["labels"]
    assert sum(cluster.request("http://one:8080/", 5).answered.values()) == 5


def test_get_endpointslices_lists_at_most_three_ports_and_addresses():
    cluster = boot(*(pod(f"web-{i}") for i in range(5)), WEB.format(ns="default", target=80))
    row = ok(cluster, "get endpointslices").splitlines()
    header, line = row[0].split(), row[2]
    assert header == ["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"]
    assert line.split()[1:3] == ["IPv4", "80"] and line.split()[3].count(",") == 2 and "+ 2 more..." in line


def test_requests_to_a_lost_node_and_its_pods_time_out_until_endpoints_drop_them():
    svc = WEB.format(ns="default", target=80).replace("spec:\n", "spec:\n  type: NodePort\n").replace(
        "targetPort: 80", "targetPort: 80, nodePort: 30080")
    cluster = boot(pod("web-a"), pod("web-b"), svc)
    lost = cluster.get("Pod", "web-a")["spec"]["nodeName"]
    node = cluster.get("Node", lost, "")
    for condition in node["status"]["conditions"]:
        condition["status"] = "Unknown"  # what the node lifecycle controller writes for a silent kubelet
    cluster.api.update_status(node)
    lost_ip = next(a["address"] for a in node["status"]["addresses"] if a["type"] == "InternalIP")
    assert cluster.request(f"http://{lost_ip}:30080/", 5).errors == {"timeout": 5}
    report = cluster.request("http://web:8080/", 200)
    assert report.errors.get("timeout", 0) > 0 and report.answered.get("web-b", 0) > 0
