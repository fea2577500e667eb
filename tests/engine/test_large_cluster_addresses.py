"""Node and pod addresses stay valid and distinct past 255 nodes (the 5,000-node benchmark)."""

import ipaddress

from sandbox.engine.apiserver import Quotas
from sandbox.engine.cluster import Cluster, node_ip, pod_cidr
from sandbox.engine.network import CLIENT_IP

SERVICE_CIDR = ipaddress.ip_network("10.96.0.0/12")


def test_five_thousand_nodes_get_distinct_valid_addresses_and_pod_ranges():
    ips, ranges = set(), set()
    for index in range(5000):
        ip = ipaddress.ip_address(node_ip(index))
        net = ipaddress.ip_network(pod_cidr(index))
        assert ip not in ips and net not in ranges, index
        assert str(ip).rsplit(".", 1)[1] not in ("0", "255"), ip
        assert net.prefixlen == 24 and not net.overlaps(SERVICE_CIDR), net
        assert ipaddress.ip_address(CLIENT_IP) not in net, net
        ips.add(ip)
        ranges.add(net)


def test_small_clusters_keep_the_kubeadm_addresses():
    assert node_ip(0) == "192.168.56.10" and node_ip(2) == "192.168.56.12"
    assert pod_cidr(1) == "10.244.1.0/24" and pod_cidr(254) == "10.244.254.0/24"


def test_a_pod_on_node_300_gets_an_ip_from_that_nodes_range():
    cluster = Cluster(nodes=301, quotas=Quotas(nodes=400))
    cluster.apply("""\
apiVersion: v1
kind: Pod
metadata: {name: far}
spec:
  nodeSelector: {kubernetes.io/hostname: node300}
  containers: [{name: web, image: nginx:1.27}]
""")
    cluster.run(until="stable")
    pod = cluster.store.get("Pod", "default", "far")
    node = cluster.store.get("Node", "", "node300")
    assert pod["status"]["phase"] == "Running"
    assert ipaddress.ip_address(pod["status"]["podIP"]) in ipaddress.ip_network(node["spec"]["podCIDR"])
    assert node["spec"]["podCIDR"] == "10.245.45.0/24"
    assert pod["status"]["hostIP"] == "192.168.57.56"


def test_a_large_run_relaxes_garbage_collection_only_while_it_runs():
    import gc

    from sandbox.engine import cluster as cluster_module

    before = gc.get_threshold()
    cluster = Cluster(nodes=3)
    seen = []
    cluster.timers.register("probe", lambda: seen.append(gc.get_threshold()[0]))
    cluster.timers.call_later(1.0, "probe")
    cluster_module.LARGE_CLUSTER_OBJECTS, saved = 1, cluster_module.LARGE_CLUSTER_OBJECTS
    try:
        cluster.run(seconds=2)
    finally:
        cluster_module.LARGE_CLUSTER_OBJECTS = saved
    assert seen == [max(before[0], 100_000)]
    assert gc.get_threshold() == before
