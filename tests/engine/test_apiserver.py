"""The API server: defaulting (§12), naming (§3), errors (§13.4, §15), update/apply/patch, selectors,
cascading deletion, namespaces and sandbox quotas."""

from __future__ import annotations

import ipaddress
import json
import re

import pytest

from sandbox.engine.apiserver import LAST_APPLIED, APIError, Quotas
from sandbox.engine.cluster import Cluster
from sandbox.engine.labels import SelectorError, parse_label_selector, selector_from_label_selector
from sandbox.engine.messages import issue

ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
TOLERATIONS = [
    {"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300},
    {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": 300},
]


@pytest.fixture
def cluster() -> Cluster:
    """The API server on its own: garbage collection and namespace cleanup run inside the request
    (simulate=False), so these tests see the request path without the control-plane loop."""
    return Cluster(nodes=3, seed=1, simulate=False)


@pytest.fixture
def api(cluster):
    return cluster.api


def pod(name: str | None = "web", image: str = "nginx:1.27", namespace: str = "default", **spec) -> dict:
    meta = {"name": name, "namespace": namespace} if name else {"generateName": "web-", "namespace": namespace}
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta,
            "spec": {"containers": [{"name": "app", "image": image}], **spec}}


def template(labels: dict | None = None, **spec) -> dict:
    return {"metadata": {"labels": labels or {"app": "web"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27", "ports": [{"containerPort": 80}]}],
                     **spec}}


def deployment(name: str = "web", replicas: int | None = 3, labels: dict | None = None) -> dict:
    spec = {"selector": {"matchLabels": labels or {"app": "web"}}, "template": template(labels)}
    if replicas is not None:
        spec["replicas"] = replicas
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name}, "spec": spec}


def service(name: str = "web", type_: str = "ClusterIP", ports: list | None = None, **spec) -> dict:
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name},
            "spec": {"type": type_, "selector": {"app": "web"}, "ports": ports or [{"port": 80}], **spec}}


def owned(obj: dict, owner: dict, block: bool = True) -> dict:
    meta = owner["metadata"]
    obj["metadata"]["ownerReferences"] = [{"apiVersion": owner["apiVersion"], "kind": owner["kind"],
                                           "name": meta["name"], "uid": meta["uid"], "controller": True,
                                           "blockOwnerDeletion": block}]
    return obj


def replicaset_of(owner: dict, name: str = "web-abc") -> dict:
    return owned({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": name},
                  "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}}, "template": template()}},
                 owner)


def names(objects: list[dict]) -> list[str]:
    return [o["metadata"]["name"] for o in objects]


# --- defaulting (§12) ---------------------------------------------------------------------------


def test_pod_gets_podspec_and_container_defaults_when_created(api):
    spec = api.create(pod())["spec"]
    assert spec["restartPolicy"] == "Always"
    assert spec["dnsPolicy"] == "ClusterFirst"
    assert spec["terminationGracePeriodSeconds"] == 30
    assert spec["schedulerName"] == "default-scheduler"
    assert spec["securityContext"] == {}
    assert spec["enableServiceLinks"] is True
    assert spec["priority"] == 0 and spec["preemptionPolicy"] == "PreemptLowerPriority"
    assert spec["tolerations"] == TOLERATIONS
    container = spec["containers"][0]
    assert container["imagePullPolicy"] == "IfNotPresent"
    assert container["terminationMessagePath"] == "/dev/termination-log"
    assert container["terminationMessagePolicy"] == "File"
    assert container["resources"] == {}


def test_pod_gets_the_projected_service_account_volume_when_created(api):
    spec = api.create(pod())["spec"]
    assert spec["serviceAccountName"] == "default" and spec["serviceAccount"] == "default"
    (volume,) = spec["volumes"]
    assert re.fullmatch(f"kube-api-access-[{ALPHABET}]{{5}}", volume["name"])
    assert volume["projected"]["defaultMode"] == 420
    sources = volume["projected"]["sources"]
    assert sources[0] == {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}}
    assert sources[1]["configMap"] == {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}
    assert sources[2]["downwardAPI"]["items"][0]["fieldRef"]["fieldPath"] == "metadata.namespace"
    assert spec["containers"][0]["volumeMounts"] == [
        {"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": volume["name"], "readOnly": True}]


def test_pod_gets_no_token_volume_when_automount_is_off(api):
    spec = api.create(pod(automountServiceAccountToken=False))["spec"]
    assert "volumes" not in spec and "volumeMounts" not in spec["containers"][0]


def test_pod_keeps_its_own_toleration_when_it_already_tolerates_not_ready(api):
    mine = {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"}
    spec = api.create(pod(tolerations=[mine]))["spec"]
    assert spec["tolerations"] == [mine, TOLERATIONS[1]]


@pytest.mark.parametrize("image, policy", [
    ("nginx", "Always"),
    ("nginx:latest", "Always"),
    ("nginx:1.27", "IfNotPresent"),
    ("registry.local:5000/team/app", "Always"),
    ("registry.local:5000/team/app:v2", "IfNotPresent"),
    ("nginx@sha256:" + "a" * 64, "IfNotPresent"),
])
def test_image_pull_policy_follows_the_tag_rule_when_unset(api, image, policy):
    created = api.create(pod(image=image))
    assert created["spec"]["containers"][0]["imagePullPolicy"] == policy


def test_pod_status_starts_pending_with_qos_class_when_created(api):
    created = api.create(pod())
    assert created["status"] == {"phase": "Pending", "qosClass": "BestEffort"}


def test_pod_requests_are_copied_from_limits_when_only_limits_are_set(api):
    limited = pod()
    limited["spec"]["containers"][0]["resources"] = {"limits": {"cpu": "500m", "memory": "128Mi"}}
    created = api.create(limited)
    assert created["spec"]["containers"][0]["resources"]["requests"] == {"cpu": "500m", "memory": "128Mi"}
    assert created["status"]["qosClass"] == "Guaranteed"


def test_pod_is_burstable_when_requests_are_below_limits(api):
    burst = pod()
    burst["spec"]["containers"][0]["resources"] = {"requests": {"cpu": "100m"}, "limits": {"cpu": "1"}}
    assert api.create(burst)["status"]["qosClass"] == "Burstable"


def test_quantities_are_stored_in_canonical_form_when_written_otherwise(api):
    odd = pod()
    odd["spec"]["containers"][0]["resources"] = {"requests": {"cpu": 0.5, "memory": "1024Mi"},
                                                 "limits": {"cpu": "1000m", "memory": "1.5Gi"}}
    resources = api.create(odd)["spec"]["containers"][0]["resources"]
    assert resources == {"requests": {"cpu": "500m", "memory": "1Gi"}, "limits": {"cpu": "1", "memory": "1536Mi"}}


def test_probes_get_timing_and_http_defaults_when_created(api):
    probed = pod()
    probed["spec"]["containers"][0]["livenessProbe"] = {"httpGet": {"port": 80}}
    probed["spec"]["containers"][0]["readinessProbe"] = {"tcpSocket": {"port": 80}, "initialDelaySeconds": 5}
    container = api.create(probed)["spec"]["containers"][0]
    assert container["livenessProbe"] == {"httpGet": {"port": 80, "path": "/", "scheme": "HTTP"}, "timeoutSeconds": 1,
                                          "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3}
    assert container["readinessProbe"]["initialDelaySeconds"] == 5
    assert container["readinessProbe"]["failureThreshold"] == 3


def test_deployment_gets_apps_v1_defaults_when_created(api):
    created = api.create(deployment(replicas=None))
    spec = created["spec"]
    assert spec["replicas"] == 1
    assert spec["strategy"] == {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}}
    assert spec["revisionHistoryLimit"] == 10
    assert spec["progressDeadlineSeconds"] == 600
    assert created["metadata"]["generation"] == 1
    assert created["status"] == {}


def test_pod_template_gets_only_podspec_defaults_when_inside_a_deployment(api):
    spec = api.create(deployment())["spec"]["template"]["spec"]
    assert spec["restartPolicy"] == "Always" and spec["dnsPolicy"] == "ClusterFirst"
    assert spec["containers"][0]["ports"] == [{"containerPort": 80, "protocol": "TCP"}]
    assert spec["containers"][0]["imagePullPolicy"] == "IfNotPresent"
    for admission_field in ("volumes", "tolerations", "priority", "serviceAccountName", "enableServiceLinks"):
        assert admission_field not in spec
    assert "volumeMounts" not in spec["containers"][0]


def test_recreate_strategy_gets_no_rolling_update_block_when_created(api):
    obj = deployment()
    obj["spec"]["strategy"] = {"type": "Recreate"}
    assert api.create(obj)["spec"]["strategy"] == {"type": "Recreate"}


def test_replicaset_daemonset_and_statefulset_get_their_defaults_when_created(api):
    rs = api.create({"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "rs"},
                     "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": template()}})
    assert rs["spec"]["replicas"] == 1 and rs["status"] == {"replicas": 0}
    ds = api.create({"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "ds"},
                     "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": template()}})
    assert ds["spec"]["updateStrategy"] == {"type": "RollingUpdate",
                                            "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}}
    assert ds["spec"]["revisionHistoryLimit"] == 10
    sts = api.create({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"},
                      "spec": {"serviceName": "db", "selector": {"matchLabels": {"app": "web"}},
                               "template": template()}})
    spec = sts["spec"]
    assert spec["replicas"] == 1 and spec["podManagementPolicy"] == "OrderedReady"
    assert spec["updateStrategy"] == {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}
    assert spec["revisionHistoryLimit"] == 10
    assert spec["persistentVolumeClaimRetentionPolicy"] == {"whenDeleted": "Retain", "whenScaled": "Retain"}


def test_job_gets_defaults_and_a_selector_generated_from_its_uid_when_created(api):
    job = api.create({"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "pi"},
                      "spec": {"template": {"spec": {"restartPolicy": "Never",
                                                     "containers": [{"name": "pi", "image": "perl"}]}}}})
    uid, spec = job["metadata"]["uid"], job["spec"]
    assert (spec["completions"], spec["parallelism"], spec["backoffLimit"]) == (1, 1, 6)
    assert spec["completionMode"] == "NonIndexed" and spec["suspend"] is False
    assert "manualSelector" not in spec
    assert spec["selector"] == {"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}
    expected = {"batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": "pi",
                "controller-uid": uid, "job-name": "pi"}
    assert spec["template"]["metadata"]["labels"] == expected
    assert job["metadata"]["labels"] == expected


def test_cronjob_gets_its_defaults_when_created(api):
    cron = api.create({"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "tick"},
                       "spec": {"schedule": "*/5 * * * *", "jobTemplate": {"spec": {"template": {"spec": {
                           "restartPolicy": "OnFailure", "containers": [{"name": "t", "image": "busybox"}]}}}}}})
    spec = cron["spec"]
    assert (spec["concurrencyPolicy"], spec["suspend"]) == ("Allow", False)
    assert (spec["successfulJobsHistoryLimit"], spec["failedJobsHistoryLimit"]) == (3, 1)
    assert spec["jobTemplate"]["spec"]["template"]["spec"]["dnsPolicy"] == "ClusterFirst"


def test_service_gets_defaults_and_a_cluster_ip_in_the_dynamic_band_when_created(api):
    spec = api.create(service(ports=[{"port": 8080, "name": "http"}]))["spec"]
    assert spec["type"] == "ClusterIP" and spec["sessionAffinity"] == "None"
    assert spec["ports"] == [{"port": 8080, "name": "http", "protocol": "TCP", "targetPort": 8080}]
    assert spec["internalTrafficPolicy"] == "Cluster"
    assert spec["ipFamilies"] == ["IPv4"] and spec["ipFamilyPolicy"] == "SingleStack"
    assert "externalTrafficPolicy" not in spec
    ip = ipaddress.ip_address(spec["clusterIP"])
    assert ip in ipaddress.ip_network("10.96.0.0/12") and spec["clusterIPs"] == [spec["clusterIP"]]
    assert int(ip) - int(ipaddress.ip_address("10.96.0.0")) >= 256  # above the static band


def test_cluster_ips_are_unique_when_many_services_are_created(api):
    ips = {api.create(service(f"svc{i}"))["spec"]["clusterIP"] for i in range(60)}
    assert len(ips) == 60 and not ips & {"10.96.0.1", "10.96.0.10"}


def test_chosen_cluster_ip_is_refused_when_another_service_has_it(api):
    with pytest.raises(APIError) as caught:
        api.create(service(clusterIP="10.96.0.10"))
    assert caught.value.kubectl_message() == (
        'The Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: '
        "failed to allocate IP 10.96.0.10: provided IP is already allocated")


def test_headless_service_keeps_none_and_external_name_gets_no_cluster_ip(api):
    headless = api.create(service("db", clusterIP="None"))["spec"]
    assert headless["clusterIP"] == "None" and headless["clusterIPs"] == ["None"]
    external = api.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "ext"},
                           "spec": {"type": "ExternalName", "externalName": "example.com"}})["spec"]
    assert "clusterIP" not in external and "ipFamilies" not in external


def test_nodeport_service_gets_a_free_port_in_range_when_none_is_given(api):
    spec = api.create(service(type_="NodePort"))["spec"]
    assert 30000 <= spec["ports"][0]["nodePort"] <= 32767
    assert spec["externalTrafficPolicy"] == "Cluster"


def test_nodeport_is_refused_with_the_real_message_when_it_is_already_allocated(api):
    api.create(service("one", "NodePort", [{"port": 80, "nodePort": 30080}]))
    with pytest.raises(APIError) as caught:
        api.create(service("two", "NodePort", [{"port": 80, "nodePort": 30080}]))
    error = caught.value
    assert (error.status, error.reason) == (422, "Invalid")
    assert error.message == ('Service "two" is invalid: spec.ports[0].nodePort: Invalid value: 30080: '
                             "provided port is already allocated")
    assert error.kubectl_message(file="svc.yaml") == (
        'The Service "two" is invalid: spec.ports[0].nodePort: Invalid value: 30080: '
        "provided port is already allocated")
    assert error.causes[0].code == "api.node_port_allocated" and error.causes[0].message_ko


def test_nodeport_is_released_when_its_service_is_deleted(api):
    api.create(service("one", "NodePort", [{"port": 80, "nodePort": 30080}]))
    api.delete("Service", "default", "one")
    assert api.create(service("two", "NodePort", [{"port": 80, "nodePort": 30080}]))


def test_namespace_gets_finalizer_phase_label_and_default_service_account_when_created(api):
    ns = api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "dev"}})
    assert ns["spec"] == {"finalizers": ["kubernetes"]}
    assert ns["status"] == {"phase": "Active"}
    assert ns["metadata"]["labels"] == {"kubernetes.io/metadata.name": "dev"}
    assert names(api.list("ServiceAccount", "dev")) == ["default"]
    assert names(api.list("ConfigMap", "dev")) == ["kube-root-ca.crt"]


def test_secret_gets_type_opaque_and_config_map_gets_nothing_when_created(api):
    secret = api.create({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "data": {"k": "dg=="}})
    assert secret["type"] == "Opaque"
    cm = api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"k": "v"}})
    assert set(cm) == {"apiVersion", "kind", "metadata", "data"}


# --- metadata and naming (§3, §12) ------------------------------------------------------------------


def test_created_objects_get_uid_resource_version_and_timestamp_when_stored(cluster, api):
    created = api.create(deployment())
    meta = created["metadata"]
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", meta["uid"])
    assert meta["resourceVersion"] == str(cluster.store.resource_version)
    assert meta["creationTimestamp"] == "2025-01-01T00:00:00Z"
    assert "managedFields" not in meta


def test_pods_get_no_generation_when_the_version_is_1_32(api):
    assert "generation" not in api.create(pod())["metadata"]


def test_generate_name_appends_five_chars_from_the_safe_alphabet(api):
    created = api.create(pod(None))
    assert re.fullmatch(f"web-[{ALPHABET}]{{5}}", created["metadata"]["name"])


def test_generate_name_base_is_truncated_to_58_chars_when_it_is_long(api):
    long_pod = pod(None)
    long_pod["metadata"]["generateName"] = "x" * 70
    name = api.create(long_pod)["metadata"]["name"]
    assert len(name) == 63 and name.startswith("x" * 58)


def test_uids_and_generated_names_are_the_same_when_the_seed_is_the_same():
    def run(seed):
        api = Cluster(seed=seed).api
        created = [api.create(pod(None)) for _ in range(3)]
        return [(c["metadata"]["name"], c["metadata"]["uid"]) for c in created]

    assert run(7) == run(7)
    assert run(7) != run(8)


# --- errors (§13.4, §15) ------------------------------------------------------------------------------


def test_create_fails_with_already_exists_when_the_name_is_taken(api):
    api.create(deployment())
    with pytest.raises(APIError) as caught:
        api.create(deployment())
    error = caught.value
    assert (error.status, error.reason) == (409, "AlreadyExists")
    assert error.message == 'deployments.apps "web" already exists'
    assert error.kubectl_message() == 'Error from server (AlreadyExists): deployments.apps "web" already exists'
    assert error.kubectl_message(file="d.yaml") == (
        'Error from server (AlreadyExists): error when creating "d.yaml": deployments.apps "web" already exists')


def test_get_fails_with_not_found_when_the_object_is_missing(api):
    with pytest.raises(APIError) as caught:
        api.get("Pod", "default", "nope")
    assert caught.value.status == 404
    assert caught.value.kubectl_message() == 'Error from server (NotFound): pods "nope" not found'
    with pytest.raises(APIError) as caught:
        api.get("deploy", "default", "x")
    assert caught.value.message == 'deployments.apps "x" not found'


def test_create_fails_with_namespace_not_found_when_the_namespace_is_missing(api):
    with pytest.raises(APIError) as caught:
        api.create(pod(namespace="dev"))
    assert caught.value.kubectl_message(file="x.yaml") == (
        'Error from server (NotFound): error when creating "x.yaml": namespaces "dev" not found')
    assert "kubectl create namespace dev" in caught.value.hint


def test_create_is_forbidden_when_the_namespace_is_terminating(api):
    api.graceful_pod_deletion = True  # a kubelet would have to stop the pod, so the namespace lingers
    api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "dev"}})
    running = pod("p", namespace="dev")
    running["spec"]["nodeName"] = "node01"
    api.create(running)
    api.delete("Namespace", None, "dev")
    assert api.get("Namespace", None, "dev")["status"]["phase"] == "Terminating"
    with pytest.raises(APIError) as caught:
        api.create(pod("q", namespace="dev"))
    assert caught.value.kubectl_message(file="x.yaml") == (
        'Error from server (Forbidden): error when creating "x.yaml": pods "q" is forbidden: '
        "unable to create new content in namespace dev because it is being terminated")


@pytest.mark.parametrize("name", ["default", "kube-system", "kube-public"])
def test_deleting_an_immortal_namespace_is_forbidden(api, name):
    with pytest.raises(APIError) as caught:
        api.delete("Namespace", None, name)
    assert caught.value.kubectl_message() == (
        f'Error from server (Forbidden): namespaces "{name}" is forbidden: this namespace may not be deleted')


def test_pod_is_forbidden_when_its_service_account_does_not_exist(api):
    with pytest.raises(APIError) as caught:
        api.create(pod(serviceAccountName="robot"))
    assert caught.value.message == ('pods "web" is forbidden: error looking up service account default/robot: '
                                    'serviceaccount "robot" not found')


def test_invalid_error_prints_one_cause_inline_and_several_as_a_list():
    one = issue("api.node_port_allocated", "spec.ports[0].nodePort", name="web", port=30080)
    two = issue("api.node_port_range", "spec.ports[1].nodePort", name="web", port=80, low=30000, high=32767)
    single = APIError(422, "Invalid", "m", "m", causes=[one], kind="Service", name="web")
    assert single.kubectl_message() == (
        'The Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 30080: '
        "provided port is already allocated")
    double = APIError(422, "Invalid", "m", "m", causes=[one, two], kind="Service", name="web")
    assert double.kubectl_message().splitlines() == [
        'The Service "web" is invalid: ',
        "* spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated",
        ("* spec.ports[1].nodePort: Invalid value: 80: provided port is not in the valid range. "
         "The range of valid ports is 30000-32767"),
    ]


def test_unknown_field_is_a_bad_request_when_the_strict_decoder_sees_it(api):
    bad = deployment()
    bad["spec"]["replica"] = 2
    with pytest.raises(APIError) as caught:
        api.create(bad)
    error = caught.value
    assert (error.status, error.reason) == (400, "BadRequest")
    assert error.message == ('Deployment in version "v1" cannot be handled as a Deployment: '
                             'strict decoding error: unknown field "spec.replica"')
    assert error.kubectl_message(file="d.yaml") == (
        'Error from server (BadRequest): error when creating "d.yaml": ' + error.message)
    assert error.causes[0].code == "field.unknown"


# --- update ---------------------------------------------------------------------------------------


def test_update_conflicts_when_the_resource_version_is_stale(api):
    first = api.create(deployment())
    fresh = dict(first, spec={**first["spec"], "replicas": 5})
    api.update(fresh)
    with pytest.raises(APIError) as caught:
        api.update(dict(first, spec={**first["spec"], "replicas": 7}))
    assert (caught.value.status, caught.value.reason) == (409, "Conflict")
    assert caught.value.message == (
        'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; '
        "please apply your changes to the latest version and try again")


def test_update_keeps_status_and_bumps_generation_only_when_the_spec_changes(api, cluster):
    created = api.create(deployment())
    api.update_status(dict(created, status={"replicas": 3}))
    live = api.get("Deployment", "default", "web")
    assert live["metadata"]["generation"] == 1 and live["status"] == {"replicas": 3}
    relabelled = dict(live, metadata={**live["metadata"], "labels": {"team": "a"}}, status={"replicas": 99})
    after_label = api.update(relabelled)
    assert after_label["metadata"]["generation"] == 1 and after_label["status"] == {"replicas": 3}
    rv = cluster.store.resource_version
    assert api.update(after_label)["metadata"]["resourceVersion"] == str(rv)  # a no-op writes nothing
    scaled = api.update(dict(after_label, spec={**after_label["spec"], "replicas": 5}))
    assert scaled["metadata"]["generation"] == 2


def test_update_rejects_a_changed_selector_because_it_is_immutable(api):
    live = api.create(deployment())
    changed = json.loads(json.dumps(live))
    changed["spec"]["selector"] = {"matchLabels": {"app": "web2"}}
    changed["spec"]["template"]["metadata"]["labels"] = {"app": "web2"}
    with pytest.raises(APIError) as caught:
        api.update(changed)
    error = caught.value
    assert error.reason == "Invalid"
    assert any(c.path == "spec.selector" and "field is immutable" in c.message_en for c in error.causes)


def test_update_status_changes_only_the_status(api):
    created = api.create(pod())
    changed = dict(created, spec={"containers": []}, status={"phase": "Running"})
    updated = api.update_status(changed)
    assert updated["status"] == {"phase": "Running"}
    assert updated["spec"] == created["spec"]


# --- apply ----------------------------------------------------------------------------------------


def test_apply_reports_created_then_unchanged_then_configured(api):
    assert api.apply(deployment())[1] == "created"
    assert api.apply(deployment())[1] == "unchanged"
    assert api.apply(deployment(replicas=2))[1] == "configured"
    assert api.get("Deployment", "default", "web")["spec"]["replicas"] == 2


def test_apply_writes_the_last_applied_configuration_as_sorted_compact_json(api):
    applied, _ = api.apply(deployment())
    text = applied["metadata"]["annotations"][LAST_APPLIED]
    assert text.endswith("}\n") and ", " not in text and ": " not in text
    assert text.startswith('{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"name":"web",'
                           '"namespace":"default"},"spec":{"replicas":3,')
    assert json.loads(text)["spec"]["template"]["metadata"] == {"labels": {"app": "web"}}


def test_apply_removes_a_field_when_it_is_dropped_from_the_manifest(api):
    with_labels = deployment()
    with_labels["metadata"]["labels"] = {"app": "web", "tier": "front"}
    api.apply(with_labels)
    with_labels["metadata"]["labels"] = {"app": "web"}
    api.apply(with_labels)
    assert api.get("Deployment", "default", "web")["metadata"]["labels"] == {"app": "web"}
    api.apply(deployment(replicas=None))  # replicas gone from the manifest: back to the default
    assert api.get("Deployment", "default", "web")["spec"]["replicas"] == 1


def test_apply_keeps_fields_set_by_others_when_the_manifest_never_had_them(api):
    api.apply(deployment(replicas=None))
    api.scale("Deployment", "default", "web", 4)
    api.patch("Deployment", "default", "web", {"metadata": {"annotations": {"note": "kept"}}}, "merge")
    _, action = api.apply(deployment(replicas=None))
    live = api.get("Deployment", "default", "web")
    assert action == "unchanged"
    assert live["spec"]["replicas"] == 4 and live["metadata"]["annotations"]["note"] == "kept"


def test_apply_merges_containers_by_name_and_keeps_the_token_mount_when_a_pod_is_reapplied(api):
    api.apply(pod())
    changed = pod(image="nginx:1.28")
    applied, action = api.apply(changed)
    container = applied["spec"]["containers"][0]
    assert action == "configured" and container["image"] == "nginx:1.28"
    assert container["volumeMounts"][0]["mountPath"] == "/var/run/secrets/kubernetes.io/serviceaccount"


def test_apply_warns_when_the_live_object_has_no_last_applied_annotation(api):
    api.create(deployment())
    api.take_warnings()
    _, action = api.apply(deployment(replicas=2))
    assert action == "configured"
    assert any("missing the kubectl.kubernetes.io/last-applied-configuration" in w for w in api.take_warnings())


def test_apply_refuses_generate_name_like_kubectl(api):
    with pytest.raises(APIError) as caught:
        api.apply(pod(None))
    assert caught.value.kubectl_message() == "error: from STDIN: cannot use generate name with apply"


def test_apply_dry_run_changes_nothing(api, cluster):
    rv = cluster.store.resource_version
    applied, action = api.apply(deployment(), dry_run=True)
    assert action == "created" and applied["spec"]["replicas"] == 3
    assert cluster.store.resource_version == rv and api.list("Deployment") == []


# --- patch ----------------------------------------------------------------------------------------


def test_strategic_merge_patch_merges_containers_by_name(api):
    two = pod()
    two["spec"]["containers"].append({"name": "sidecar", "image": "busybox"})
    api.create(two)
    patched = api.patch("Pod", "default", "web",
                        {"spec": {"containers": [{"name": "sidecar", "image": "busybox:1.36"}]}})
    assert [(c["name"], c["image"]) for c in patched["spec"]["containers"]] == [
        ("app", "nginx:1.27"), ("sidecar", "busybox:1.36")]


def test_strategic_merge_patch_deletes_a_list_item_when_asked_with_a_directive(api):
    dep = deployment()
    dep["spec"]["template"]["spec"]["containers"].append({"name": "sidecar", "image": "busybox"})
    api.create(dep)
    patch = {"spec": {"template": {"spec": {"containers": [{"name": "sidecar", "$patch": "delete"}]}}}}
    patched = api.patch("Deployment", "default", "web", patch)
    assert [c["name"] for c in patched["spec"]["template"]["spec"]["containers"]] == ["nginx"]


def test_merge_patch_replaces_lists_and_deletes_keys_set_to_null(api):
    created = api.create(deployment())
    assert created["spec"]["template"]["spec"]["containers"][0]["ports"]
    patch = {"metadata": {"labels": {"a": "1"}},
             "spec": {"template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.28"}]}}}}
    patched = api.patch("Deployment", "default", "web", patch, "merge")
    assert "ports" not in patched["spec"]["template"]["spec"]["containers"][0]
    patched = api.patch("Deployment", "default", "web", {"metadata": {"labels": None}}, "merge")
    assert "labels" not in patched["metadata"]


def test_json_patch_applies_operations_and_reports_a_missing_path(api):
    api.create(deployment())
    patched = api.patch("Deployment", "default", "web", [
        {"op": "replace", "path": "/spec/replicas", "value": 5},
        {"op": "add", "path": "/metadata/labels", "value": {"a": "b"}},
        {"op": "test", "path": "/spec/replicas", "value": 5},
    ], "json")
    assert patched["spec"]["replicas"] == 5 and patched["metadata"]["labels"] == {"a": "b"}
    with pytest.raises(APIError) as caught:
        api.patch("Deployment", "default", "web", [{"op": "remove", "path": "/spec/nope"}], "json")
    assert "doc is missing path" in caught.value.message


# --- selectors ----------------------------------------------------------------------------------


@pytest.fixture
def labelled(api):
    for name, labels in [("a", {"app": "web", "tier": "front"}), ("b", {"app": "web", "tier": "back"}),
                         ("c", {"app": "db"}), ("d", {})]:
        obj = pod(name)
        obj["metadata"]["labels"] = labels
        api.create(obj)
    return api


@pytest.mark.parametrize("text, expected", [
    ("app=web", ["a", "b"]),
    ("app==web", ["a", "b"]),
    ("app!=web", ["c", "d"]),
    ("app=web,tier=back", ["b"]),
    ("tier in (front, back)", ["a", "b"]),
    ("app notin (web)", ["c", "d"]),
    ("tier", ["a", "b"]),
    ("!tier", ["c", "d"]),
    ("app in (web,db),!tier", ["c"]),
    ("", ["a", "b", "c", "d"]),
])
def test_list_filters_by_label_selector_when_one_is_given(labelled, text, expected):
    assert names(labelled.list("Pod", "default", label_selector=text)) == expected


@pytest.mark.parametrize("text, message", [
    ("app web", "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt"),
    ("app in (a", "found '', expected: ',' or ')'"),
    ("app=a=b", "found '=', expected: ',' or 'end of string'"),
    ("=web", "found '=', expected: !, identifier, or 'end of string'"),
])
def test_bad_label_selector_is_a_bad_request_with_the_parse_error(labelled, text, message):
    with pytest.raises(APIError) as caught:
        labelled.list("Pod", "default", label_selector=text)
    assert caught.value.status == 400 and message in caught.value.message


def test_parse_label_selector_rejects_an_invalid_label_value():
    with pytest.raises(SelectorError) as caught:
        parse_label_selector("app=-bad")
    assert str(caught.value).startswith('unable to parse requirement: values[0][app]: Invalid value: "-bad"')


def test_selector_from_label_selector_matches_like_the_api_when_given_an_object_selector():
    selector = selector_from_label_selector({
        "matchLabels": {"app": "web"},
        "matchExpressions": [{"key": "tier", "operator": "In", "values": ["front", "back"]},
                             {"key": "canary", "operator": "DoesNotExist"}]})
    assert selector.matches({"app": "web", "tier": "front"})
    assert not selector.matches({"app": "web", "tier": "front", "canary": "1"})
    assert not selector.matches({"app": "web"})
    assert str(selector) == "app=web,!canary,tier in (back,front)"
    assert not selector_from_label_selector(None).matches({})
    assert selector_from_label_selector({}).matches({"anything": "x"})


def test_field_selectors_filter_pods_by_node_name_and_phase(api):
    for name, node in [("a", "node01"), ("b", "node02"), ("c", None)]:
        obj = pod(name)
        if node:
            obj["spec"]["nodeName"] = node
        api.create(obj)
    api.update_status({**api.get("Pod", "default", "b"), "status": {"phase": "Running"}})
    assert names(api.list("Pod", None, field_selector="spec.nodeName=node01")) == ["a"]
    assert names(api.list("Pod", "default", field_selector="spec.nodeName=")) == ["c"]
    assert names(api.list("Pod", "default", field_selector="status.phase!=Running")) == ["a", "c"]
    assert names(api.list("Pod", "default", field_selector="metadata.name==b,status.phase=Running")) == ["b"]


def test_unsupported_field_selector_is_a_bad_request(api):
    with pytest.raises(APIError) as caught:
        api.list("Pod", "default", field_selector="spec.foo=bar")
    assert (caught.value.status, caught.value.message) == (400, "field label not supported: spec.foo")


# --- deletion (§5, §6, §15) ----------------------------------------------------------------------------


@pytest.fixture
def family(api):
    """A Deployment owning a ReplicaSet owning two pods, as the controllers would build them."""
    dep = api.create(deployment())
    rs = api.create(replicaset_of(dep))
    for name in ("web-abc-1", "web-abc-2"):
        api.create(owned(pod(name), rs))
    return dep, rs


def test_background_delete_removes_dependents_through_owner_references(api, family):
    api.delete("Deployment", "default", "web")
    assert api.list("Deployment") == [] and api.list("ReplicaSet") == [] and api.list("Pod") == []


def test_orphan_delete_keeps_dependents_without_owner_references(api, family):
    api.delete("Deployment", "default", "web", propagation="Orphan")
    assert api.list("Deployment") == []
    (rs,) = api.list("ReplicaSet")
    assert "ownerReferences" not in rs["metadata"]
    assert len(api.list("Pod")) == 2  # the pods still belong to the surviving ReplicaSet


def test_foreground_delete_removes_the_owner_after_its_dependents(api, cluster, family):
    start = cluster.store.resource_version
    api.delete("Deployment", "default", "web", propagation="Foreground")
    events = [(e.type, e.obj["kind"], e.obj["metadata"]) for e in cluster.store.events_since(start)]
    first_type, first_kind, first_meta = events[0]
    assert (first_type, first_kind) == ("MODIFIED", "Deployment")
    assert first_meta["finalizers"] == ["foregroundDeletion"] and first_meta["deletionTimestamp"]
    deleted = [kind for type_, kind, _ in events if type_ == "DELETED"]
    assert deleted[-1] == "Deployment" and deleted.count("Pod") == 2
    assert api.list("Deployment") == [] and api.list("ReplicaSet") == [] and api.list("Pod") == []


def test_foreground_owner_waits_while_a_dependent_pod_terminates_gracefully(api, family):
    api.graceful_pod_deletion = True
    _, rs = family
    for p in api.list("Pod"):
        api.bind("default", p["metadata"]["name"], "node01")
    api.delete("ReplicaSet", "default", rs["metadata"]["name"], propagation="Foreground")
    waiting = api.get("ReplicaSet", "default", "web-abc")
    assert waiting["metadata"]["finalizers"] == ["foregroundDeletion"]
    assert all(p["metadata"]["deletionTimestamp"] == "2025-01-01T00:00:30Z" for p in api.list("Pod"))
    for p in api.list("Pod"):  # the kubelet finishes the pods
        api.delete("Pod", "default", p["metadata"]["name"], grace_period=0)
    assert api.list("ReplicaSet") == []


def test_object_with_finalizers_waits_until_they_are_removed(api):
    held = api.create({"apiVersion": "v1", "kind": "ConfigMap",
                       "metadata": {"name": "held", "finalizers": ["example.com/hold"]}})
    deleted = api.delete("ConfigMap", "default", "held")
    assert deleted["metadata"]["deletionTimestamp"] == "2025-01-01T00:00:00Z"
    assert api.get("ConfigMap", "default", "held")["metadata"]["finalizers"] == ["example.com/hold"]
    api.patch("ConfigMap", "default", "held", {"metadata": {"finalizers": None}}, "merge")
    with pytest.raises(APIError):
        api.get("ConfigMap", "default", held["metadata"]["name"])


def test_pod_deletion_is_graceful_when_a_kubelet_runs_it(api):
    api.graceful_pod_deletion = True
    running = pod()
    running["spec"]["nodeName"] = "node01"
    api.create(running)
    deleting = api.delete("Pod", "default", "web")
    assert deleting["metadata"]["deletionTimestamp"] == "2025-01-01T00:00:30Z"
    assert deleting["metadata"]["deletionGracePeriodSeconds"] == 30
    api.delete("Pod", "default", "web", grace_period=0)
    assert api.list("Pod") == []


def test_pod_is_removed_at_once_when_no_kubelet_runs_or_it_is_unscheduled(api):
    api.create(pod("a"))
    api.graceful_pod_deletion = True
    api.create(pod("b"))  # never scheduled: nothing to stop
    api.delete("Pod", "default", "b")
    api.graceful_pod_deletion = False
    api.delete("Pod", "default", "a")
    assert api.list("Pod") == []


def test_namespace_deletion_removes_its_content_then_the_namespace(api, cluster):
    api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "dev"}})
    dep = api.create({**deployment(), "metadata": {"name": "web", "namespace": "dev"}})
    api.create(owned(pod("web-1", namespace="dev"), dep))
    api.create({**service(), "metadata": {"name": "web", "namespace": "dev"}})
    returned = api.delete("Namespace", None, "dev")
    assert returned["status"]["phase"] == "Terminating" and returned["metadata"]["deletionTimestamp"]
    assert cluster.store.namespace_contents("dev") == []
    with pytest.raises(APIError):
        api.get("Namespace", None, "dev")


def test_delete_of_a_missing_object_is_not_found(api):
    with pytest.raises(APIError) as caught:
        api.delete("Service", "default", "nope")
    assert caught.value.kubectl_message() == 'Error from server (NotFound): services "nope" not found'


# --- quotas -------------------------------------------------------------------------------------


def test_pod_quota_refuses_pods_beyond_the_limit():
    api = Cluster(quotas=Quotas(pods=2)).api
    api.create(pod("a"))
    api.create(pod("b"))
    with pytest.raises(APIError) as caught:
        api.create(pod("c"))
    error = caught.value
    assert (error.status, error.reason, error.code) == (403, "Forbidden", "quota.pods")
    assert error.message == ('pods "c" is forbidden: exceeded quota: sandbox, requested: pods=1, used: pods=2, '
                             "limited: pods=2")
    assert "2" in error.message_ko


def test_object_quota_refuses_objects_beyond_the_limit():
    cluster = Cluster(quotas=Quotas(objects=25))
    used = len(cluster.store)
    for i in range(25 - used):
        cluster.api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": f"c{i}"}})
    with pytest.raises(APIError) as caught:
        cluster.api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "one-too-many"}})
    assert caught.value.code == "quota.objects"


def test_absurd_replica_counts_are_refused_at_create_update_and_scale(api):
    with pytest.raises(APIError) as caught:
        api.create(deployment(replicas=1_000_000))
    assert caught.value.code == "quota.replicas" and caught.value.reason == "Forbidden"
    assert "1000000" in caught.value.message and caught.value.message_ko
    live = api.create(deployment(replicas=3))
    with pytest.raises(APIError):
        api.update(dict(live, spec={**live["spec"], "replicas": 1_000_000}))
    with pytest.raises(APIError):
        api.scale("Deployment", "default", "web", 1_000_000)
    assert api.get("Deployment", "default", "web")["spec"]["replicas"] == 3


# --- trace ------------------------------------------------------------------------------------------


def traces_since(cluster, seq: int) -> list[dict]:
    """The API server's trace records, as the cluster keeps them: trace frames."""
    return [f for f in cluster.frames(seq) if f["type"] == "trace"]


def test_every_call_leaves_trace_records_from_caller_to_api_server_to_etcd(cluster, api):
    start = cluster.frame_log.seq
    api.create(pod())
    with api.acting_as("scheduler"):
        api.bind("default", "web", "node01")
    trace = traces_since(cluster, start)
    records = [(r["caller"], r["callee"], r["verb"], r["kind"], r["name"]) for r in trace]
    assert records == [
        ("kubectl", "api-server", "create", "Pod", "web"),
        ("api-server", "etcd", "write", "Pod", "web"),
        ("scheduler", "api-server", "create", "Binding", "web"),
        ("api-server", "etcd", "write", "Pod", "web"),
    ]
    assert all(r["t"] == 0.0 for r in trace)
    assert [r["seq"] for r in trace] == sorted(r["seq"] for r in trace)


def test_bind_sets_the_node_and_the_pod_scheduled_condition(api):
    api.create(pod())
    bound = api.bind("default", "web", "node02")
    assert bound["spec"]["nodeName"] == "node02"
    assert bound["status"]["conditions"][0]["type"] == "PodScheduled"
    with pytest.raises(APIError) as caught:
        api.bind("default", "web", "node01")
    assert caught.value.reason == "Conflict"


def test_apply_traces_the_read_then_the_write_and_no_patch_when_nothing_changes(cluster, api):
    start = cluster.frame_log.seq
    api.apply(deployment())
    api.apply(deployment())
    records = [(r["caller"], r["callee"], r["verb"]) for r in traces_since(cluster, start)]
    assert records == [
        ("kubectl", "api-server", "get"), ("api-server", "etcd", "read"),
        ("kubectl", "api-server", "create"), ("api-server", "etcd", "write"),
        ("kubectl", "api-server", "get"), ("api-server", "etcd", "read"),
    ]


def test_a_rejected_request_still_reaches_the_api_server_in_the_trace(cluster, api):
    start = cluster.frame_log.seq
    with pytest.raises(APIError):
        api.create(pod(namespace="missing"))
    assert [(r["verb"], r["namespace"], r["name"]) for r in traces_since(cluster, start)] == [
        ("create", "missing", "web")]


def test_an_api_server_of_its_own_keeps_a_bounded_list_of_trace_records():
    from sandbox.engine.apiserver import APIServer
    from sandbox.engine.clock import Clock
    from sandbox.engine.store import Store

    api = APIServer(Store(), Clock())
    api.trace_limit = 20
    api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default"}}, validate=False)
    for i in range(40):
        api.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": f"c{i}", "namespace": "default"}})
    assert 20 <= len(api.trace) <= 20 + 16
    assert api.trace[-1]["verb"] == "write" and api.trace[-1]["name"] == "c39"
    assert [r["seq"] for r in api.trace] == list(range(api.trace[0]["seq"], api.trace_seq + 1))


def test_full_garbage_collection_removes_objects_whose_owner_never_existed(api):
    api.auto_gc = False
    orphan = pod("orphan")
    orphan["metadata"]["ownerReferences"] = [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "gone",
                                              "uid": "00000000-0000-4000-8000-000000000000"}]
    api.create(orphan)
    assert api.garbage_collect() == 0  # nothing pending: the incremental pass does not look
    assert api.garbage_collect(full=True) == 1
    assert api.list("Pod") == []


def test_garbage_collector_only_drops_the_dangling_reference_when_another_owner_lives(api):
    first = api.create(deployment("first"))
    second = api.create(deployment("second"))
    shared = owned(pod("shared"), first)
    shared["metadata"]["ownerReferences"].append({**shared["metadata"]["ownerReferences"][0],
                                                  "name": "second", "uid": second["metadata"]["uid"],
                                                  "controller": False})
    api.create(shared)
    api.delete("Deployment", "default", "first")
    (survivor,) = api.list("Pod")
    assert [r["name"] for r in survivor["metadata"]["ownerReferences"]] == ["second"]


def test_apply_keeps_same_numbered_ports_of_different_protocols_apart(api):
    dns = service("dns", ports=[{"name": "dns", "port": 53, "protocol": "UDP"},
                                {"name": "dns-tcp", "port": 53, "protocol": "TCP"}])
    api.apply(dns)
    dns["spec"]["ports"][1]["targetPort"] = 5353
    _, action = api.apply(dns)
    ports = api.get("Service", "default", "dns")["spec"]["ports"]
    assert action == "configured"
    assert [(p["protocol"], p["targetPort"]) for p in ports] == [("UDP", 53), ("TCP", 5353)]


def test_uids_are_the_text_python_gives_for_a_version_4_uuid_of_the_same_bits():
    import random
    import uuid

    from sandbox.engine.apiserver import uuid4_text

    rng = random.Random(7)
    for bits in [0, (1 << 128) - 1] + [rng.getrandbits(128) for _ in range(2000)]:
        assert uuid4_text(bits) == str(uuid.UUID(int=bits, version=4))
