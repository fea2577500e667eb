"""The scheduler algorithm (reference §7): filters and their reason texts, scores, the cut-off on
nodes searched, the FailedScheduling message, and the node index it runs on."""

from __future__ import annotations

import copy
import random
from decimal import Decimal

import pytest

from sandbox.engine import scheduler as S
from sandbox.engine.scheduler import (
    FILTER_PLUGINS,
    NodeIndex,
    NodeInfo,
    failed_scheduling_message,
    filter_node,
    filter_node_status,
    num_feasible_nodes_to_find,
    parse_quantity,
    pod_requests,
    schedule,
    score_nodes,
    tolerates,
)

CONTROL_PLANE_TAINT = {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}
DEFAULT_TOLERATIONS = [
    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
    {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
]


def node(name: str, cpu: str = "2", memory: str = "4Gi", pods: str = "110", *, labels: dict | None = None,
         taints: list | None = None, unschedulable: bool = False, hostname: bool = True) -> dict:
    all_labels = {"kubernetes.io/hostname": name} if hostname else {}
    all_labels.update(labels or {})
    spec: dict = {}
    if taints:
        spec["taints"] = taints
    if unschedulable:
        spec["unschedulable"] = True
    return {"apiVersion": "v1", "kind": "Node", "metadata": {"name": name, "labels": all_labels}, "spec": spec,
            "status": {"allocatable": {"cpu": cpu, "memory": memory, "pods": pods},
                       "capacity": {"cpu": cpu, "memory": memory, "pods": pods},
                       "conditions": [{"type": "Ready", "status": "True"}]}}


def control_plane(name: str = "controlplane", **kw) -> dict:
    return node(name, taints=[dict(CONTROL_PLANE_TAINT)], labels={"node-role.kubernetes.io/control-plane": ""}, **kw)


def pod(name: str = "web", cpu: str | None = None, memory: str | None = None, *, owner: str | None = None,
        limits: dict | None = None, node_name: str | None = None, namespace: str = "default", **spec) -> dict:
    resources: dict = {}
    requests = {k: v for k, v in (("cpu", cpu), ("memory", memory)) if v is not None}
    if requests:
        resources["requests"] = requests
    if limits:
        resources["limits"] = limits
    meta: dict = {"name": name, "namespace": namespace}
    if owner:
        meta["ownerReferences"] = [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": owner, "uid": f"uid-{owner}",
                                    "controller": True}]
    body = {"containers": [{"name": "app", "image": "nginx:1.27", "resources": resources}],
            "tolerations": copy.deepcopy(DEFAULT_TOLERATIONS), **spec}
    if node_name:
        body["nodeName"] = node_name
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": body}


def info(n: dict, pods: list | None = None) -> NodeInfo:
    return NodeInfo.from_node(n, pods or [])


def kubeadm(workers: int = 2, **kw) -> NodeIndex:
    return NodeIndex([control_plane()] + [node(f"node{i:02d}", **kw) for i in range(1, workers + 1)])


# --- each filter's reason, exactly ------------------------------------------------------------------------------------


def test_cordoned_node_reports_node_s_were_unschedulable():
    assert filter_node(pod(), info(node("n1", unschedulable=True))) == "node(s) were unschedulable"


def test_pod_pinned_to_another_node_reports_node_name_mismatch():
    assert filter_node(pod(node_name="n2"), info(node("n1"))) == "node(s) didn't match the requested node name"


def test_control_plane_taint_without_value_prints_empty_value_in_braces():
    assert filter_node(pod(), info(control_plane())) == \
        "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"


def test_taint_with_value_prints_key_colon_space_value():
    n = node("gpu1", taints=[{"key": "gpu", "value": "true", "effect": "NoSchedule"}])
    assert filter_node(pod(), info(n)) == "node(s) had untolerated taint {gpu: true}"


def test_no_execute_taints_also_filter_but_prefer_no_schedule_does_not():
    assert filter_node(pod(), info(node("n", taints=[{"key": "k", "effect": "NoExecute"}]))) == \
        "node(s) had untolerated taint {k: }"
    assert filter_node(pod(), info(node("n", taints=[{"key": "k", "effect": "PreferNoSchedule"}]))) is None


def test_first_untolerated_taint_in_node_order_is_reported():
    n = node("n", taints=[{"key": "a", "value": "1", "effect": "NoSchedule"},
                          {"key": "b", "value": "2", "effect": "NoSchedule"}])
    p = pod(tolerations=[{"key": "a", "operator": "Exists"}])
    assert filter_node(p, info(n)) == "node(s) had untolerated taint {b: 2}"


def test_node_selector_mismatch_reports_node_affinity_selector():
    assert filter_node(pod(nodeSelector={"disktype": "ssd"}), info(node("n1"))) == \
        "node(s) didn't match Pod's node affinity/selector"
    assert filter_node(pod(nodeSelector={"disktype": "ssd"}), info(node("n1", labels={"disktype": "ssd"}))) is None


def test_host_port_in_use_reports_no_free_ports():
    taken = pod("a", node_name="n1")
    taken["spec"]["containers"][0]["ports"] = [{"containerPort": 80, "hostPort": 8080, "protocol": "TCP"}]
    wanted = pod("b")
    wanted["spec"]["containers"][0]["ports"] = [{"containerPort": 80, "hostPort": 8080}]
    assert filter_node(wanted, info(node("n1"), [taken])) == \
        "node(s) didn't have free ports for the requested pod ports"


@pytest.mark.parametrize("have, want, conflict", [
    (("0.0.0.0", "TCP", 80), ("0.0.0.0", "TCP", 80), True),
    (("0.0.0.0", "TCP", 80), ("0.0.0.0", "UDP", 80), False),
    (("10.0.0.1", "TCP", 80), ("10.0.0.2", "TCP", 80), False),
    (("10.0.0.1", "TCP", 80), ("0.0.0.0", "TCP", 80), True),
    (("0.0.0.0", "TCP", 80), ("10.0.0.2", "TCP", 80), True),
    (("0.0.0.0", "TCP", 80), ("0.0.0.0", "TCP", 81), False),
])
def test_host_ports_conflict_like_host_port_info(have, want, conflict):
    def with_port(name, ip, protocol, port, node_name=None):
        p = pod(name, node_name=node_name)
        p["spec"]["containers"][0]["ports"] = [{"containerPort": 80, "hostIP": ip, "protocol": protocol, "hostPort": port}]
        return p
    ni = info(node("n1"), [with_port("a", *have, node_name="n1")])
    assert (filter_node(with_port("b", *want), ni) is not None) is conflict


def test_insufficient_cpu_and_memory_are_both_reported_for_one_node():
    n = info(node("n1", cpu="1", memory="1Gi"))
    failure = filter_node_status(pod(cpu="2", memory="2Gi"), n)
    assert failure.plugin == "NodeResourcesFit"
    assert failure.reasons == ("Insufficient cpu", "Insufficient memory")
    assert filter_node(pod(cpu="2", memory="2Gi"), n) == "Insufficient cpu"
    assert filter_node(pod(memory="2Gi"), n) == "Insufficient memory"


def test_requests_count_against_allocatable_not_capacity():
    n = node("n1", cpu="4")
    n["status"]["allocatable"]["cpu"] = "3800m"
    assert filter_node(pod(cpu="3900m"), info(n)) == "Insufficient cpu"
    assert filter_node(pod(cpu="3800m"), info(n)) is None


def test_the_111th_pod_on_a_node_gets_too_many_pods_even_without_requests():
    bound = [pod(f"p{i}", node_name="n1") for i in range(110)]
    ni = info(node("n1"), bound)
    assert ni.requested == (0, 0, 110)
    assert filter_node(pod("one-more"), ni) == "Too many pods"
    assert filter_node(pod("one-more"), info(node("n1"), bound[:109])) is None


def test_too_many_pods_comes_before_insufficient_cpu():
    ni = info(node("n1", cpu="1", pods="1"), [pod("a", node_name="n1")])
    assert filter_node_status(pod(cpu="2"), ni).reasons == ("Too many pods", "Insufficient cpu")


def test_extended_resources_report_insufficient_with_their_name():
    p = pod()
    p["spec"]["containers"][0]["resources"] = {"limits": {"nvidia.com/gpu": "1"}}
    assert filter_node(p, info(node("n1"))) == "Insufficient nvidia.com/gpu"
    gpu_node = node("g1")
    gpu_node["status"]["allocatable"]["nvidia.com/gpu"] = "1"
    assert filter_node(p, info(gpu_node)) is None


# --- filter order ------------------------------------------------------------------------------------------------------


def test_filter_plugins_run_in_the_default_profile_order():
    plugins = [name for name, _ in FILTER_PLUGINS]
    assert plugins[:5] == ["NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity", "NodePorts"]
    assert set(plugins[5:]) == {"NodeResourcesFit"}
    assert ("NodeResourcesFit", "Too many pods") in FILTER_PLUGINS
    assert [name for name, _ in S.SCORE_PLUGINS] == ["TaintToleration", "NodeAffinity", "PodTopologySpread",
                                                     "NodeResourcesFit", "NodeResourcesBalancedAllocation"]
    assert dict(S.SCORE_PLUGINS) == {"TaintToleration": 3, "NodeAffinity": 2, "PodTopologySpread": 2,
                                     "NodeResourcesFit": 1, "NodeResourcesBalancedAllocation": 1}


def test_cordoned_node_with_a_taint_reports_unschedulable_not_the_taint():
    n = node("n1", unschedulable=True, taints=[{"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"},
                                               {"key": "gpu", "value": "true", "effect": "NoSchedule"}])
    assert filter_node(pod(cpu="100", nodeSelector={"x": "y"}), info(n)) == "node(s) were unschedulable"


def test_taint_is_reported_before_selector_mismatch_and_selector_before_resources():
    tainted = info(node("n1", cpu="1", taints=[{"key": "gpu", "value": "true", "effect": "NoSchedule"}]))
    plain = info(node("n2", cpu="1"))
    p = pod(cpu="4", nodeSelector={"disktype": "ssd"})
    assert filter_node(p, tainted) == "node(s) had untolerated taint {gpu: true}"
    assert filter_node(p, plain) == "node(s) didn't match Pod's node affinity/selector"
    assert filter_node(pod(cpu="4"), plain) == "Insufficient cpu"


def test_pod_tolerating_the_unschedulable_taint_may_use_a_cordoned_node():
    p = pod(tolerations=[{"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"}])
    assert filter_node(p, info(node("n1", unschedulable=True))) is None


# --- tolerations -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("toleration, taint, expected", [
    ({"key": "gpu", "operator": "Equal", "value": "true", "effect": "NoSchedule"},
     {"key": "gpu", "value": "true", "effect": "NoSchedule"}, True),
    ({"key": "gpu", "value": "true", "effect": "NoSchedule"},  # operator defaults to Equal
     {"key": "gpu", "value": "true", "effect": "NoSchedule"}, True),
    ({"key": "gpu", "operator": "Equal", "value": "false", "effect": "NoSchedule"},
     {"key": "gpu", "value": "true", "effect": "NoSchedule"}, False),
    ({"key": "gpu", "operator": "Equal", "effect": "NoSchedule"},  # Equal without value only matches an empty value
     {"key": "gpu", "value": "true", "effect": "NoSchedule"}, False),
    ({"key": "node-role.kubernetes.io/control-plane", "operator": "Exists", "effect": "NoSchedule"},
     CONTROL_PLANE_TAINT, True),
    ({"key": "gpu", "operator": "Exists"}, {"key": "gpu", "value": "x", "effect": "NoExecute"}, True),  # any effect
    ({"key": "gpu", "operator": "Exists", "effect": "NoExecute"},
     {"key": "gpu", "value": "x", "effect": "NoSchedule"}, False),  # effect must match when given
    ({"key": "other", "operator": "Exists"}, {"key": "gpu", "effect": "NoSchedule"}, False),
    ({"operator": "Exists"}, {"key": "anything", "value": "v", "effect": "NoExecute"}, True),  # tolerates everything
    ({"operator": "Exists", "effect": "NoSchedule"}, {"key": "k", "effect": "NoExecute"}, False),
    ({"key": "gpu", "operator": "Lt", "value": "1"}, {"key": "gpu", "value": "0", "effect": "NoSchedule"}, False),
])
def test_toleration_semantics(toleration, taint, expected):
    assert tolerates([toleration], taint) is expected
    assert S.toleration_tolerates(toleration, taint) is expected


def test_default_tolerations_do_not_tolerate_the_control_plane_taint():
    assert not tolerates(DEFAULT_TOLERATIONS, CONTROL_PLANE_TAINT)
    assert not tolerates(None, CONTROL_PLANE_TAINT)


# --- requests -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, value", [
    ("500m", Decimal("0.5")), ("1", Decimal(1)), ("0.5", Decimal("0.5")), ("2Gi", Decimal(2 * 2**30)),
    ("128Mi", Decimal(128 * 2**20)), ("1G", Decimal(10**9)), ("1e3", Decimal(1000)), ("1E-3", Decimal("0.001")),
    ("100k", Decimal(100_000)), ("250u", Decimal("0.00025")), ("+1", Decimal(1)), (".5", Decimal("0.5")),
    (2, Decimal(2)), (0.25, Decimal("0.25")),
])
def test_parse_quantity(text, value):
    assert parse_quantity(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1.5.2", "10 Mi", "1KB", "Mi", "1e", "1ee3", " 1", True, None])
def test_parse_quantity_rejects_malformed_quantities(text):
    with pytest.raises(ValueError):
        parse_quantity(text)


def test_milli_and_byte_values_round_up_like_quantity():
    assert S.cpu_millis("0.1m") == 1
    assert S.cpu_millis("1") == 1000
    assert S.quantity_value("0.5") == 1


def test_requests_default_from_limits_when_only_limits_are_set():
    assert pod_requests(pod(limits={"cpu": "500m", "memory": "256Mi"})) == (500, 256 * 2**20)
    assert pod_requests(pod(cpu="100m", limits={"cpu": "500m", "memory": "256Mi"})) == (100, 256 * 2**20)


def test_pod_without_requests_requests_nothing_but_scores_as_100m_and_200mb():
    assert pod_requests(pod()) == (0, 0)
    assert pod_requests(pod(), non_zero=True) == (100, 200 * 2**20)
    assert pod_requests(pod(cpu="0"), non_zero=True) == (0, 200 * 2**20)  # an explicit 0 stays 0


def test_containers_add_up_and_init_containers_take_the_max():
    p = pod(cpu="200m", memory="100Mi")
    p["spec"]["containers"].append({"name": "side", "image": "x", "resources": {"requests": {"cpu": "300m"}}})
    p["spec"]["initContainers"] = [
        {"name": "migrate", "image": "x", "resources": {"requests": {"cpu": "1", "memory": "50Mi"}}},
        {"name": "warm", "image": "x", "resources": {"requests": {"cpu": "100m", "memory": "300Mi"}}},
    ]
    assert pod_requests(p) == (1000, 300 * 2**20)


def test_sidecar_init_containers_add_to_the_pod_and_to_later_init_containers():
    p = pod(cpu="200m")
    p["spec"]["initContainers"] = [
        {"name": "proxy", "image": "x", "restartPolicy": "Always", "resources": {"requests": {"cpu": "100m"}}},
        {"name": "setup", "image": "x", "resources": {"requests": {"cpu": "250m"}}},
    ]
    assert pod_requests(p)[0] == 350  # max(200 + 100, 100 + 250)


def test_pod_overhead_is_added():
    p = pod(cpu="100m", memory="64Mi", overhead={"cpu": "250m", "memory": "120Mi"})
    assert pod_requests(p) == (350, 184 * 2**20)


def test_node_info_sums_the_requests_of_its_pods():
    ni = info(node("n1"), [pod("a", "250m", "64Mi", node_name="n1"), pod("b", "500m", node_name="n1")])
    assert ni.allocatable == (2000, 4 * 2**30, 110)
    assert ni.requested == (750, 64 * 2**20, 2)


# --- the FailedScheduling message -------------------------------------------------------------------------------------


def test_failed_scheduling_message_single_control_plane_example_is_byte_exact():
    assert failed_scheduling_message(1, {"node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }": 1}) \
        == ("0/1 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. "
            "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.")


def test_failed_scheduling_message_mixes_unresolvable_and_resource_reasons():
    reasons = {"node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }": 1, "Insufficient cpu": 2}
    assert failed_scheduling_message(3, reasons) == (
        "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
        "2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, "
        "2 No preemption victims found for incoming pod.")


def test_failed_scheduling_histogram_is_sorted_as_strings():
    reasons = {"Insufficient cpu": 2, "node(s) had untolerated taint {gpu: true}": 1,
               "node(s) didn't match Pod's node affinity/selector": 2}
    assert failed_scheduling_message(5, reasons) == (
        "0/5 nodes are available: 1 node(s) had untolerated taint {gpu: true}, 2 Insufficient cpu, "
        "2 node(s) didn't match Pod's node affinity/selector. preemption: 0/5 nodes are available: "
        "2 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.")


def test_ten_sorts_before_two_in_the_histogram():
    reasons = {"Insufficient cpu": 10, "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }": 2}
    assert failed_scheduling_message(12, reasons) == (
        "0/12 nodes are available: 10 Insufficient cpu, "
        "2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. "
        "preemption: 0/12 nodes are available: 10 No preemption victims found for incoming pod, "
        "2 Preemption is not helpful for scheduling.")


def test_no_nodes_at_all_says_no_nodes_available():
    assert failed_scheduling_message(0, {}) == "no nodes available to schedule pods"
    result = schedule(pod(), NodeIndex(), random.Random(1))
    assert result.node is None and result.message == "no nodes available to schedule pods"


def test_message_without_preemption_has_no_suffix():
    assert failed_scheduling_message(2, {"Insufficient memory": 2}, preemption=False) == \
        "0/2 nodes are available: 2 Insufficient memory."


def test_schedule_reports_the_kubeadm_three_node_example():
    index = kubeadm(2)
    result = schedule(pod(cpu="3"), index, random.Random(1))
    assert result.node is None
    assert result.diagnosis == {"node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }": 1,
                                "Insufficient cpu": 2}
    assert result.message == (
        "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
        "2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, "
        "2 No preemption victims found for incoming pod.")


def test_a_node_short_of_cpu_and_memory_counts_in_both_reasons_but_once_for_preemption():
    index = NodeIndex([node("n1", cpu="1", memory="1Gi"), node("n2", cpu="1", memory="1Gi")])
    result = schedule(pod(cpu="2", memory="2Gi"), index, random.Random(1))
    assert result.diagnosis == {"Insufficient cpu": 2, "Insufficient memory": 2}
    assert result.message == ("0/2 nodes are available: 2 Insufficient cpu, 2 Insufficient memory. preemption: "
                              "0/2 nodes are available: 2 No preemption victims found for incoming pod.")


def test_host_port_conflicts_are_worth_trying_preemption():
    taken = pod("a", node_name="n1")
    taken["spec"]["containers"][0]["ports"] = [{"containerPort": 80, "hostPort": 80}]
    index = NodeIndex([node("n1")], [taken])
    wanted = pod("b")
    wanted["spec"]["containers"][0]["ports"] = [{"containerPort": 80, "hostPort": 80}]
    assert schedule(wanted, index, random.Random(1)).message == (
        "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports. "
        "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.")


def test_preemption_policy_never_says_not_eligible():
    result = schedule(pod(cpu="9", preemptionPolicy="Never"), NodeIndex([node("n1")]), random.Random(1))
    assert result.message == ("0/1 nodes are available: 1 Insufficient cpu. "
                              "preemption: not eligible due to preemptionPolicy=Never.")


def test_daemonset_pod_pinned_by_match_fields_counts_the_other_nodes_as_not_satisfying_node_affinity():
    index = kubeadm(3, cpu="1")
    ds_pod = pod("ds-x", cpu="2", tolerations=[{"operator": "Exists"}], affinity={"nodeAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
            {"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["node02"]}]}]}}})
    result = schedule(ds_pod, index, random.Random(1))
    assert result.message == (
        "0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn't satisfy plugin(s) [NodeAffinity]. "
        "preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, "
        "3 Preemption is not helpful for scheduling.")
    assert result.evaluated_nodes == 1
    small = copy.deepcopy(ds_pod)
    small["spec"]["containers"][0]["resources"] = {}
    assert schedule(small, index, random.Random(1)).node == "node02"


def test_conflicting_match_fields_terms_fail_in_prefilter():
    p = pod(affinity={"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
        {"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["node01"]},
                         {"key": "metadata.name", "operator": "In", "values": ["node02"]}]}]}}})
    assert schedule(p, kubeadm(2), random.Random(1)).message == (
        "0/3 nodes are available: pod affinity terms conflict. "
        "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.")


# --- node affinity -----------------------------------------------------------------------------------------------------


def required(*terms) -> dict:
    return {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": list(terms)}}}


@pytest.mark.parametrize("expression, fits", [
    ({"key": "disktype", "operator": "In", "values": ["ssd", "nvme"]}, True),
    ({"key": "disktype", "operator": "In", "values": ["hdd"]}, False),
    ({"key": "disktype", "operator": "NotIn", "values": ["hdd"]}, True),
    ({"key": "missing", "operator": "NotIn", "values": ["x"]}, True),
    ({"key": "disktype", "operator": "Exists"}, True),
    ({"key": "missing", "operator": "Exists"}, False),
    ({"key": "missing", "operator": "DoesNotExist"}, True),
    ({"key": "disktype", "operator": "DoesNotExist"}, False),
    ({"key": "cores", "operator": "Gt", "values": ["8"]}, True),
    ({"key": "cores", "operator": "Gt", "values": ["16"]}, False),
    ({"key": "cores", "operator": "Lt", "values": ["17"]}, True),
    ({"key": "disktype", "operator": "Gt", "values": ["1"]}, False),  # label is not an integer
    ({"key": "cores", "operator": "Gt", "values": ["x"]}, False),  # term does not parse: never matches
    ({"key": "disktype", "operator": "In", "values": []}, False),
])
def test_required_node_affinity_operators(expression, fits):
    n = info(node("n1", labels={"disktype": "ssd", "cores": "16"}))
    assert (filter_node(pod(affinity=required({"matchExpressions": [expression]})), n) is None) is fits


def test_node_selector_terms_are_ored_and_expressions_anded():
    n = info(node("n1", labels={"zone": "a", "disktype": "ssd"}))
    both = {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]},
                                 {"key": "disktype", "operator": "In", "values": ["hdd"]}]}
    other = {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["b"]}]}
    ok = {"matchExpressions": [{"key": "disktype", "operator": "Exists"}]}
    assert filter_node(pod(affinity=required(both, other)), n) is not None
    assert filter_node(pod(affinity=required(both, ok)), n) is None
    assert filter_node(pod(affinity=required({})), n) is not None  # an empty term selects nothing


def test_match_fields_select_by_node_name_and_combine_with_node_selector():
    by_name = required({"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["n1"]}]})
    assert filter_node(pod(affinity=by_name), info(node("n1"))) is None
    assert filter_node(pod(affinity=by_name), info(node("n2"))) == "node(s) didn't match Pod's node affinity/selector"
    assert filter_node(pod(affinity=by_name, nodeSelector={"a": "b"}), info(node("n1"))) is not None


# --- scores ------------------------------------------------------------------------------------------------------------


def test_least_allocated_prefers_the_emptier_node():
    busy = info(node("busy"), [pod("x", "1500m", "3Gi", node_name="busy")])
    empty = info(node("empty"))
    scores = dict(score_nodes(pod(cpu="100m", memory="128Mi"), [busy, empty]))
    assert scores["empty"] > scores["busy"]
    for seed in range(20):
        index = NodeIndex([node("busy"), node("empty")], [pod("x", "1500m", "3Gi", node_name="busy")])
        assert schedule(pod(cpu="100m", memory="128Mi"), index, random.Random(seed)).node == "empty"


def test_score_breakdown_is_weighted_and_normalised():
    [empty] = S.score_nodes_detailed(pod(cpu="1", memory="2Gi"), [info(node("n1"))])
    assert empty.plugins == {"TaintToleration": 300, "NodeAffinity": 0, "PodTopologySpread": 0,
                             "NodeResourcesFit": 50, "NodeResourcesBalancedAllocation": 100}
    assert empty.total == 450


def test_prefer_no_schedule_taint_and_preferred_affinity_steer_the_choice():
    soft = node("soft", taints=[{"key": "spot", "effect": "PreferNoSchedule"}])
    for seed in range(10):
        assert schedule(pod(), NodeIndex([soft, node("plain")]), random.Random(seed)).node == "plain"
    preferred = {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
        {"weight": 50, "preference": {"matchExpressions": [{"key": "disktype", "operator": "In", "values": ["ssd"]}]}}]}}
    index = NodeIndex([node("hdd"), node("ssd", labels={"disktype": "ssd"})])
    for seed in range(10):
        assert schedule(pod(affinity=preferred), index, random.Random(seed)).node == "ssd"


def test_three_pods_of_one_replicaset_on_two_equal_workers_land_two_and_one():
    for seed in range(30):
        index, rng, start, placed = kubeadm(2), random.Random(seed), 0, []
        for i in range(3):
            p = pod(f"web-{i}", "100m", "128Mi", owner="web-7d4b8c9f6")
            result = schedule(p, index, rng, start_index=start)
            start = result.next_start_index
            index.add_pod(result.pod_info, result.node)
            placed.append(result.node)
        assert sorted(placed.count(n) for n in ("node01", "node02")) == [1, 2], (seed, placed)


def test_pods_of_another_replicaset_do_not_count_for_spreading():
    index = kubeadm(2)
    index.add_pod(pod("old-1", "100m", owner="web-old"), "node01")
    index.add_pod(pod("new-1", "100m", owner="web-new"), "node01")
    index.add_pod(pod("new-2", "100m", owner="web-new"), "node02")
    assert index.owner_counts(S.spread_owner(pod(owner="web-new"))) == {"node01": 1, "node02": 1}
    assert index.owner_counts(S.spread_owner(pod(owner="web-old"))) == {"node01": 1}


def test_spreading_counts_are_per_namespace_and_skip_terminating_pods():
    a = S.spread_owner(pod(owner="web", namespace="a"))
    b = S.spread_owner(pod(owner="web", namespace="b"))
    assert a != b
    index = kubeadm(2)
    gone = pod("web-1", "100m", owner="web", namespace="a")
    gone["metadata"]["deletionTimestamp"] = "2025-01-01T00:00:00Z"
    index.add_pod(gone, "node01")
    assert index.owner_counts(a) == {}
    assert index.get("node01").requested[0] == 100  # still holds its resources until deleted
    assert S.spread_owner(pod()) is None


# --- the cut-off and the round robin ----------------------------------------------------------------------------------


@pytest.mark.parametrize("nodes, percentage, expected", [
    (3, None, 3), (99, None, 99), (100, None, 100), (200, None, 100), (1000, None, 420), (5000, None, 500),
    (10000, None, 500), (5000, 50, 2500), (5000, 1, 100), (5000, 100, 5000), (250, 0, 120),
])
def test_num_feasible_nodes_to_find(nodes, percentage, expected):
    assert num_feasible_nodes_to_find(nodes, percentage) == expected


def big_cluster(n: int = 5000) -> NodeIndex:
    return NodeIndex([control_plane()] + [node(f"node{i:04d}", cpu="8", memory="32Gi") for i in range(1, n)])


def test_with_5000_nodes_schedule_looks_at_about_ten_percent_and_still_finds_a_node():
    index = big_cluster()
    result = schedule(pod(cpu="100m"), index, random.Random(1))
    assert result.node is not None
    assert result.feasible_nodes == 500
    assert result.evaluated_nodes == 501  # the control plane's rejection plus 500 feasible workers
    assert result.next_start_index == 501
    plain = schedule(pod(cpu="100m"), big_cluster(), random.Random(1), fast=False)
    assert (plain.node, plain.evaluated_nodes, plain.next_start_index) == \
        (result.node, result.evaluated_nodes, result.next_start_index)


def test_round_robin_start_moves_the_search_window():
    index = big_cluster()
    first = schedule(pod(cpu="100m"), index, random.Random(1), start_index=0)
    second = schedule(pod(cpu="100m"), index, random.Random(1), start_index=first.next_start_index)
    assert second.next_start_index == (first.next_start_index + 500) % 5000
    names = index.node_names()
    assert names.index(first.node) < 501 <= names.index(second.node) < 1001


def test_cut_off_search_goes_on_past_full_nodes_until_it_finds_room():
    index = big_cluster()
    room = "node4321"
    for ni in index.nodes():
        if ni.name not in (room, "controlplane"):
            index.add_pod(pod(f"hog-{ni.name}", "8", node_name=ni.name))
    result = schedule(pod(cpu="1"), index, random.Random(1), start_index=10)
    assert result.node == room
    assert result.evaluated_nodes == 5000 and result.feasible_nodes == 1
    full = schedule(pod(cpu="9"), index, random.Random(1))
    assert full.message.startswith("0/5000 nodes are available: 1 node(s) had untolerated taint")
    assert "4999 Insufficient cpu" in full.message


def test_same_seed_gives_the_same_placements():
    def run(seed):
        index, rng, start, out = kubeadm(6), random.Random(seed), 0, []
        for i in range(40):
            result = schedule(pod(f"p{i}", "50m", owner=f"rs{i % 3}"), index, rng, start_index=start)
            start = result.next_start_index
            index.add_pod(result.pod_info, result.node)
            out.append(result.node)
        return out
    assert run(7) == run(7)
    assert run(7) != run(8)


# --- the fast path picks what the plain algorithm picks ---------------------------------------------------------------


def random_cluster(rng: random.Random) -> tuple[list[dict], list[dict]]:
    n = rng.choice([1, 2, 3, 5, 8, 40, 120, 260])
    nodes = []
    for i in range(n):
        taints = []
        if rng.random() < 0.1:
            taints.append(dict(CONTROL_PLANE_TAINT))
        if rng.random() < 0.05:
            taints.append({"key": "spot", "effect": "PreferNoSchedule"})
        labels = {"disktype": rng.choice(["ssd", "hdd"])}
        if rng.random() < 0.03:
            labels["topology.kubernetes.io/zone"] = rng.choice(["a", "b"])
        nodes.append(node(f"n{i:03d}", cpu=rng.choice(["1", "2", "4"]), memory=rng.choice(["2Gi", "4Gi"]),
                          pods=rng.choice(["4", "110"]), labels=labels, taints=taints,
                          unschedulable=rng.random() < 0.05, hostname=rng.random() > 0.02))
        if rng.random() < 0.7:
            nodes[-1]["status"]["allocatable"]["ephemeral-storage"] = rng.choice(["1Gi", "10Gi"])
    pods = []
    for i in range(rng.randrange(0, 3 * n + 1)):
        pods.append(pod(f"pre-{i}", rng.choice([None, "100m", "500m"]), rng.choice([None, "128Mi", "1Gi"]),
                        owner=rng.choice([None, "rs-a", "rs-b"]), node_name=f"n{rng.randrange(n):03d}"))
    return nodes, pods


def random_pod(rng: random.Random, i: int) -> dict:
    spec = {}
    if rng.random() < 0.15:
        spec["nodeSelector"] = {"disktype": "ssd"}
    if rng.random() < 0.1:
        spec["tolerations"] = DEFAULT_TOLERATIONS + [{"operator": "Exists"}]
    if rng.random() < 0.05:
        spec["affinity"] = {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
            {"weight": 10, "preference": {"matchExpressions": [{"key": "disktype", "operator": "In",
                                                                "values": ["hdd"]}]}}]}}
    p = pod(f"new-{i}", rng.choice([None, "100m", "250m", "1"]), rng.choice([None, "64Mi", "512Mi"]),
            owner=rng.choice([None, "rs-a", "rs-b", "rs-c"]), **spec)
    if rng.random() < 0.1:
        p["spec"]["containers"][0]["resources"].setdefault("requests", {})["ephemeral-storage"] = "2Gi"
    if rng.random() < 0.03:
        p["spec"]["containers"][0]["ports"] = [{"containerPort": 80, "hostPort": 8080}]
    return p


@pytest.mark.parametrize("seed", range(40))
def test_fast_path_matches_the_plain_algorithm(seed):
    rng = random.Random(seed)
    nodes, bound = random_cluster(rng)
    fast_index, plain_index = NodeIndex(nodes, bound), NodeIndex(copy.deepcopy(nodes), copy.deepcopy(bound))
    fast_rng, plain_rng = random.Random(seed), random.Random(seed)
    percentage = rng.choice([None, None, 30, 100])
    start = rng.randrange(len(nodes))
    for i in range(60):
        p = random_pod(rng, i)
        fast = schedule(p, fast_index, fast_rng, start_index=start, percentage_of_nodes_to_score=percentage)
        plain = schedule(p, plain_index, plain_rng, start_index=start, percentage_of_nodes_to_score=percentage,
                         fast=False)
        assert (fast.node, fast.message, fast.next_start_index, fast.evaluated_nodes, fast.feasible_nodes) == \
            (plain.node, plain.message, plain.next_start_index, plain.evaluated_nodes, plain.feasible_nodes), i
        start = fast.next_start_index
        if fast.node:
            fast_index.add_pod(fast.pod_info, fast.node)
            plain_index.add_pod(plain.pod_info, plain.node)
        if rng.random() < 0.2:  # churn: delete a pod, cordon or uncordon a node
            victim = rng.choice(bound) if bound else None
            if victim:
                fast_index.remove_pod(S.pod_key(victim))
                plain_index.remove_pod(S.pod_key(victim))
            changed = copy.deepcopy(rng.choice(nodes))
            changed["spec"]["unschedulable"] = rng.random() < 0.5
            fast_index.update_node(changed)
            plain_index.update_node(copy.deepcopy(changed))
    assert fast_index.stats["fast"] > 0 or len(nodes) < 3 or fast_index.stats["reference"] > 0


def test_fast_path_is_used_for_plain_replicaset_pods_and_matches_at_scale():
    fast_index, plain_index = big_cluster(400), big_cluster(400)
    fast_rng, plain_rng, start = random.Random(3), random.Random(3), 0
    for i in range(300):
        p = pod(f"web-{i}", "100m", "128Mi", owner=f"rs{i % 4}")
        fast = schedule(p, fast_index, fast_rng, start_index=start)
        plain = schedule(p, plain_index, plain_rng, start_index=start, fast=False)
        assert (fast.node, fast.next_start_index) == (plain.node, plain.next_start_index), i
        start = fast.next_start_index
        fast_index.add_pod(fast.pod_info, fast.node)
        plain_index.add_pod(plain.pod_info, plain.node)
    assert fast_index.stats["fast"] == 300


def test_more_than_254_pods_of_one_owner_on_a_node_still_spread_correctly():
    nodes = [node("n1", cpu="64", pods="1000"), node("n2", cpu="64", pods="1000")]
    bound = [pod(f"web-{i}", "10m", owner="web", node_name="n1") for i in range(300)]
    bound += [pod(f"web-b{i}", "10m", owner="web", node_name="n2") for i in range(298)]
    fast_index, plain_index = NodeIndex(nodes, bound), NodeIndex(copy.deepcopy(nodes), copy.deepcopy(bound))
    for i in range(6):
        p = pod(f"new-{i}", "10m", owner="web")
        fast = schedule(p, fast_index, random.Random(i))
        plain = schedule(p, plain_index, random.Random(i), fast=False)
        assert fast.node == plain.node
        fast_index.add_pod(fast.pod_info, fast.node)
        plain_index.add_pod(plain.pod_info, plain.node)
    assert (fast_index.get("n1").pod_count, fast_index.get("n2").pod_count) == (302, 302)
    assert S.spread_owner(bound[0]) not in fast_index._dense  # counts above 254 use the mapping pass


def test_a_taint_added_to_a_node_of_a_large_cluster_applies_to_the_next_pod():
    index = NodeIndex([node(f"n{i:03d}", cpu="4") for i in range(150)])
    for i in range(149):  # fill every node but n042 a bit, so n042 is the emptiest
        index.add_pod(pod(f"x{i}", "1", node_name=f"n{i + (i >= 42):03d}"))
    assert schedule(pod(cpu="100m"), index, random.Random(1), percentage_of_nodes_to_score=100).node == "n042"
    index.update_node(node("n042", cpu="4", taints=[{"key": "maintenance", "effect": "NoSchedule"}]))
    result = schedule(pod(cpu="100m"), index, random.Random(1), percentage_of_nodes_to_score=100)
    assert result.node != "n042"
    assert index.stats["fast"] == 2


# --- the node index ---------------------------------------------------------------------------------------------------


def test_index_keeps_requested_totals_current_as_pods_come_and_go():
    index = NodeIndex([node("n1")])
    index.add_pod(pod("a", "250m", "64Mi"), "n1")
    index.add_pod(pod("b", "500m", node_name="n1"))
    assert index.get("n1").requested == (750, 64 * 2**20, 2)
    assert index.pod_node("default/a") == "n1" and index.pods_on("n1") == ["default/a", "default/b"]
    index.remove_pod("default/a")
    assert index.get("n1").requested == (500, 0, 1)
    index.add_pod(pod("b", "1", node_name="n1"))  # an update replaces the earlier record
    assert index.get("n1").requested == (1000, 0, 1)
    assert not index.remove_pod("default/nope")
    assert not index.add_pod(pod("unbound"))


def test_pods_bound_before_their_node_count_once_it_registers():
    index = NodeIndex()
    index.add_pod(pod("early", "300m", node_name="n1"))
    index.add_node(node("n1"))
    assert index.get("n1").requested[0] == 300
    index.remove_node("n1")
    index.add_node(node("n1"))
    assert index.get("n1").requested[0] == 300


def test_cordoning_a_node_through_update_node_takes_effect_immediately():
    index = NodeIndex([node("n1"), node("n2")])
    rng = random.Random(1)
    assert schedule(pod(cpu="100m"), index, rng).node in ("n1", "n2")
    index.update_node(node("n1", unschedulable=True))
    for seed in range(10):
        assert schedule(pod(cpu="100m"), index, random.Random(seed)).node == "n2"
    index.update_node(node("n2", unschedulable=True))
    assert schedule(pod(cpu="100m"), index, rng).message.startswith("0/2 nodes are available: 2 node(s) were unschedulable.")


def test_nodes_are_ordered_by_insertion_interleaved_across_zones():
    zone = lambda z: {"topology.kubernetes.io/zone": z}  # noqa: E731
    index = NodeIndex([node("a1", labels=zone("a")), node("a2", labels=zone("a")), node("b1", labels=zone("b")),
                       node("a3", labels=zone("a")), node("c1", labels=zone("c"))])
    assert index.node_names() == ["a1", "b1", "c1", "a2", "a3"]
    index.remove_node("b1")
    assert index.node_names() == ["a1", "c1", "a2", "a3"]
    index.update_node(node("a1", labels=zone("c")))  # moves to the end of its new zone
    assert index.node_names() == ["a2", "c1", "a3", "a1"]


def test_not_ready_condition_alone_does_not_filter_the_taint_does():
    n = node("n1")
    n["status"]["conditions"] = [{"type": "Ready", "status": "False"}]
    assert not info(n).ready
    assert filter_node(pod(), info(n)) is None
    n["spec"]["taints"] = [{"key": "node.kubernetes.io/not-ready", "effect": "NoSchedule"}]
    assert filter_node(pod(), info(n)) == "node(s) had untolerated taint {node.kubernetes.io/not-ready: }"
