"""The kubectl emulator (`sandbox.engine.kubectl.run`) answers as the real kubectl v1.32 client would.

- Generators (`create ... --dry-run=client -o yaml|json`) are compared byte for byte with
  /usr/bin/kubectl (`-m kubectl`, skipped when it is absent).
- Commands the real client can only run against a server (`run`, `expose`, `apply --dry-run`) are
  compared with golden files under golden/kubectl/, recorded from kubectl v1.32 against
  kubectl-oracle's fake API server.
- Tables, messages and errors are checked against hand-verified expectations from the reference
  sheet (§1.5, §9.5, §10, §13.4, §14) and from runs of the real client against the fake API server.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sandbox.engine.cluster import Cluster
from sandbox.engine.kubectl import run
from sandbox.engine.kubectl.goyaml import to_yaml

KUBECTL = "/usr/bin/kubectl"
GOLDEN = Path(__file__).parent / "golden" / "kubectl"
needs_kubectl = pytest.mark.skipif(not (os.path.exists(KUBECTL) and shutil.which(KUBECTL)),
                                   reason=f"{KUBECTL} (real kubectl client) not installed")


@pytest.fixture
def cluster() -> Cluster:
    c = Cluster(nodes=3, seed=1)
    c.clock.advance(302)  # the bootstrap objects are 5m2s old
    return c


def k(cluster: Cluster, line: str, stdin: str | None = None, language: str = "en") -> tuple[int, str]:
    return run(cluster, line, stdin=stdin, language=language)


def ok(cluster: Cluster, line: str, stdin: str | None = None) -> str:
    code, out = k(cluster, line, stdin)
    assert code == 0, out
    return out


def real_kubectl(args: list[str]) -> str:
    env = {**os.environ, "KUBECONFIG": "/dev/null"}
    result = subprocess.run([KUBECTL, *args], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


# --- generators: byte for byte with the real client -------------------------------------------

GENERATORS = [
    ["create", "deployment", "web", "--image=nginx:1.27", "--replicas=3", "--port=80"],
    ["create", "deployment", "web", "--image=nginx"],
    ["create", "deployment", "multi", "--image=nginx", "--image=redis:7"],
    ["create", "deployment", "cmd", "--image=busybox", "--", "sleep", "3600"],
    ["create", "service", "clusterip", "web", "--tcp=80:8080", "--tcp=443"],
    ["create", "service", "clusterip", "hl", "--clusterip=None"],
    ["create", "service", "nodeport", "web", "--tcp=8080:80", "--node-port=30080"],
    ["create", "service", "nodeport", "np", "--tcp=80", "--tcp=443:https"],
    ["create", "service", "loadbalancer", "lb", "--tcp=80:8080"],
    ["create", "service", "externalname", "ext", "--external-name=example.com"],
    ["create", "service", "externalname", "ext", "--external-name=example.com", "--tcp=80"],
    ["create", "namespace", "dev"],
    ["create", "configmap", "cfg", "--from-literal=b=2", "--from-literal=a=hello world"],
    ["create", "configmap", "tricky", "--from-literal=yes=yes", "--from-literal=time=10:30", "--from-literal=n=null",
     "--from-literal=date=2026-01-02", "--from-literal=multi=line1\nline2\n", "--from-literal=star=*x",
     "--from-literal=colon=a: b", "--from-literal=ko=한글 값", "--from-literal=long=" + " ".join(["word"] * 30),
     "--from-literal=hex=0x1F", "--from-literal=empty="],
    ["create", "secret", "generic", "db", "--from-literal=user=admin", "--from-literal=pw=s3cr=t"],
    ["create", "secret", "generic", "basic", "--from-literal=a=b", "--type=kubernetes.io/basic-auth"],
    ["create", "job", "j", "--image=busybox", "--", "echo", "hi"],
    ["create", "cronjob", "cj", "--image=busybox", "--schedule=*/1 * * * *", "--", "date"],
    ["create", "ingress", "web", "--rule=foo.com/bar*=svc1:8080", "--rule=foo.com/exact=svc2:http", "--class=nginx"],
    ["create", "ingress", "tls", "--rule=foo.com/=svc:https,tls", "--rule=foo.com/path/subpath*=othersvc:8080",
     "--rule=bar.com/*=svc:8080,tls=secret1", "--default-backend=def:80", "--annotation=a=b"],
    ["create", "serviceaccount", "bot"],
]


def _line(argv: list[str]) -> str:
    import shlex

    return " ".join(shlex.quote(a) for a in argv)


@pytest.mark.kubectl
@needs_kubectl
@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("argv", GENERATORS, ids=lambda a: "-".join(a[1:3]))
def test_generator_output_equals_real_kubectl_when_dry_run_client(cluster, argv, fmt):
    flags = ["--dry-run=client", "-o", fmt]
    dash = argv.index("--") if "--" in argv else len(argv)
    full = argv[:dash] + flags + argv[dash:]
    assert ok(cluster, _line(full)) == real_kubectl(full)


@pytest.mark.kubectl
@needs_kubectl
def test_generator_sets_namespace_when_namespace_flag_given(cluster):
    argv = ["create", "deployment", "web", "--image=nginx", "-n", "dev", "--dry-run=client", "-o", "yaml"]
    assert ok(cluster, _line(argv)) == real_kubectl(argv)


@pytest.mark.kubectl
@needs_kubectl
@pytest.mark.parametrize("argv", [
    ["create", "service", "clusterip", "x"],
    ["create", "configmap", "c", "--from-literal=a"],
    ["create", "configmap", "c", "--from-literal=a=1", "--from-literal=a=2"],
    ["create", "ingress", "i", "--rule=nopath"],
    ["create", "deployment", "d", "--image=a", "--image=b", "--", "sleep", "1"],
    ["create", "namespace"],
])
def test_generator_error_equals_real_kubectl_when_arguments_are_wrong(cluster, argv):
    env = {**os.environ, "KUBECONFIG": "/dev/null"}
    real = subprocess.run([KUBECTL, *argv, "--dry-run=client"], capture_output=True, text=True, env=env)
    code, out = k(cluster, _line(argv + ["--dry-run=client"]))
    assert (code, out) == (real.returncode, real.stdout + real.stderr)


def test_generator_prints_dry_run_message_when_no_output_format(cluster):
    assert ok(cluster, "create deployment web --image=nginx --dry-run=client") == \
        "deployment.apps/web created (dry run)\n"
    assert ok(cluster, "get deploy --ignore-not-found") == ""


def test_create_deployment_creates_and_names_it_when_not_dry_run(cluster):
    assert ok(cluster, "create deployment web --image=nginx --replicas=2") == "deployment.apps/web created\n"
    assert ok(cluster, "get deploy web -o jsonpath={.spec.replicas}") == "2"


def test_create_prefixes_api_error_when_object_exists(cluster):
    ok(cluster, "create deployment web --image=nginx")
    assert k(cluster, "create deployment web --image=nginx") == (
        1, 'error: failed to create deployment: deployments.apps "web" already exists\n')
    ok(cluster, "create configmap cfg")
    assert k(cluster, "create configmap cfg") == (
        1, 'error: failed to create configmap: configmaps "cfg" already exists\n')
    assert k(cluster, "create namespace default") == (
        1, 'Error from server (AlreadyExists): namespaces "default" already exists\n')


# --- run, expose, apply: golden files recorded from the real client -------------------------------


def golden(name: str) -> str:
    return (GOLDEN / name).read_text()


@pytest.mark.parametrize("line,name", [
    ("run nginx --image=nginx --dry-run=client -o yaml", "run-nginx.yaml"),
    ("run bb --image=busybox --restart=Never --dry-run=client -o yaml -- sleep 3600", "run-restart-never-args.yaml"),
    ("run web --image=nginx:1.27 --port=80 --env=A=1 --env=B=2 --labels=app=web,tier=fe --dry-run=client -o yaml",
     "run-port-env-labels.yaml"),
    ("run bb --image=busybox --command --dry-run=client -o json -- sh -c 'echo hi'", "run-command.json"),
    ("run x --image=y -n dev --dry-run=client -o yaml", "run-namespace.yaml"),
    ("run w2 --image=nginx --port=80 --expose --dry-run=client -o yaml", "run-expose.yaml"),
])
def test_run_output_equals_recorded_kubectl_when_dry_run(cluster, line, name):
    assert ok(cluster, line) == golden(name)


def test_run_creates_pod_with_run_label_when_not_dry_run(cluster):
    assert ok(cluster, "run nginx --image=nginx") == "pod/nginx created\n"
    assert ok(cluster, "get pod nginx --show-labels --no-headers").split()[-1] == "run=nginx"


def test_run_refuses_when_restart_policy_bad_or_image_missing(cluster):
    assert k(cluster, "run bb --image=busybox --restart=Foo") == (
        1, "error: invalid restart policy: Foo\nSee 'kubectl run -h' for help and examples\n")
    assert k(cluster, "run bb") == (1, 'error: required flag(s) "image" not set\n')


@pytest.mark.parametrize("line,name", [
    ("expose deploy web --port=8080 --target-port=80 --type=NodePort --dry-run=client -o yaml",
     "expose-deploy-nodeport.yaml"),
    ("expose deploy web --dry-run=client -o json", "expose-deploy.json"),
])
def test_expose_output_equals_recorded_kubectl_when_dry_run(cluster, line, name):
    ok(cluster, "create deployment web --image=nginx:1.27 --port=80")
    assert ok(cluster, line) == golden(name)


def test_expose_copies_selector_and_prints_exposed_when_service_created(cluster):
    ok(cluster, "create deployment web --image=nginx --port=80")
    assert ok(cluster, "expose deployment web --port=8080 --target-port=80") == "service/web exposed\n"
    assert ok(cluster, "get svc web -o jsonpath={.spec.selector.app}:{.spec.ports[0].targetPort}") == "web:80"
    assert k(cluster, "expose deployment web --port=80") == (
        1, 'Error from server (AlreadyExists): services "web" already exists\n')


def test_expose_fails_when_no_port_known(cluster):
    ok(cluster, "create deployment web --image=nginx")
    assert k(cluster, "expose deploy web") == (
        1, "error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples\n")


CONFIGMAPS = golden("create-dry-run-two.yaml").replace("  namespace: default\n", "")


def test_apply_dry_run_client_prints_list_with_last_applied_when_several_documents(cluster):
    assert ok(cluster, "apply -f cm.yaml --dry-run=client -o yaml", stdin=CONFIGMAPS) == \
        golden("apply-dry-run-list.yaml")


def test_create_dry_run_client_prints_documents_separated_when_several(cluster):
    assert ok(cluster, "create -f cm.yaml --dry-run=client -o yaml", stdin=CONFIGMAPS) == \
        golden("create-dry-run-two.yaml")


def test_apply_reports_created_unchanged_configured_when_applied_again(cluster):
    assert ok(cluster, "apply -f cm.yaml", stdin=CONFIGMAPS) == \
        "configmap/applied created\nconfigmap/applied2 created\n"
    assert ok(cluster, "apply -f -", stdin=CONFIGMAPS) == \
        "configmap/applied unchanged\nconfigmap/applied2 unchanged\n"
    changed = CONFIGMAPS.replace('a: "1"', 'a: "2"')
    assert ok(cluster, "apply -f cm.yaml", stdin=changed) == \
        "configmap/applied configured\nconfigmap/applied2 unchanged\n"


def test_apply_says_path_does_not_exist_when_no_text_given(cluster):
    assert k(cluster, "apply -f x.yaml") == (1, 'error: the path "x.yaml" does not exist\n')
    assert k(cluster, "apply") == (1, "error: must specify one of -f and -k\n")


def test_create_from_file_reports_api_error_with_file_when_object_exists(cluster):
    ok(cluster, "create -f cm.yaml", stdin=CONFIGMAPS)
    code, out = k(cluster, "create -f cm.yaml", stdin=CONFIGMAPS)
    assert code == 1
    assert out == ('Error from server (AlreadyExists): error when creating "cm.yaml": configmaps "applied" already exists\n'
                   'Error from server (AlreadyExists): error when creating "cm.yaml": configmaps "applied2" already '
                   "exists\n")


def test_apply_changes_nothing_when_a_kind_is_unknown(cluster):
    text = CONFIGMAPS + "---\napiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: old\n"
    assert k(cluster, "apply -f ing.yaml", stdin=text) == (
        1, 'error: resource mapping not found for name: "old" namespace: "" from "ing.yaml": no matches for kind '
           '"Ingress" in version "extensions/v1beta1"\nensure CRDs are installed first\n')
    assert ok(cluster, "get cm applied --ignore-not-found") == ""


# --- get: tables ------------------------------------------------------------------------------


def _pod(name: str, image: str = "nginx:1.27", restart: str = "Always", labels: dict | None = None) -> dict:
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": "default", "labels": labels or {"run": name}},
            "spec": {"containers": [{"name": name, "image": image}], "restartPolicy": restart}}


def _set_status(cluster: Cluster, name: str, status: dict, node: str | None = "node01") -> None:
    pod = cluster.api.get("Pod", "default", name)
    if node:
        pod = cluster.api.bind("default", name, node)
    pod["status"] = {**pod.get("status", {}), **status}
    cluster.api.update_status(pod)


def _container(name: str, state: dict, ready: bool = False, restarts: int = 0, last: dict | None = None) -> dict:
    return {"name": name, "state": state, "lastState": last or {}, "ready": ready, "restartCount": restarts,
            "image": "nginx", "imageID": "", "started": ready}


@pytest.fixture
def pods(cluster: Cluster) -> Cluster:
    """Five pods in the states of the reference sample (get-pods.txt), created at different times."""
    api, clock = cluster.api, cluster.clock
    api.create(_pod("once", "busybox:1.36", "Never"))
    _set_status(cluster, "once", {"phase": "Succeeded", "podIP": "10.244.1.8", "podIPs": [{"ip": "10.244.1.8"}],
                                  "containerStatuses": [_container("once", {"terminated": {
                                      "exitCode": 0, "reason": "Completed"}})]})
    clock.advance(600)
    api.create(_pod("web-7d4b8c9f6-x2k9p", labels={"app": "web", "pod-template-hash": "7d4b8c9f6"}))
    _set_status(cluster, "web-7d4b8c9f6-x2k9p", {
        "phase": "Running", "podIP": "10.244.1.5", "podIPs": [{"ip": "10.244.1.5"}],
        "conditions": [{"type": "Ready", "status": "True"}],
        "containerStatuses": [_container("web-7d4b8c9f6-x2k9p", {"running": {"startedAt": clock.timestamp()}},
                                         ready=True)]})
    clock.advance(300)
    api.create(_pod("crashy", "busybox:1.36"))
    clock.advance(120)
    api.create(_pod("big"))
    _set_status(cluster, "big", {"phase": "Pending"}, node=None)
    clock.advance(60)
    api.create(_pod("badimg", "nginx:doesnotexist"))
    _set_status(cluster, "badimg", {"phase": "Pending", "podIP": "10.244.1.7", "podIPs": [{"ip": "10.244.1.7"}],
                                    "containerStatuses": [_container("badimg", {"waiting": {
                                        "reason": "ImagePullBackOff"}})]})
    clock.advance(75)
    _set_status(cluster, "crashy", {
        "phase": "Running", "podIP": "10.244.1.6", "podIPs": [{"ip": "10.244.1.6"}],
        "containerStatuses": [_container("crashy", {"waiting": {"reason": "CrashLoopBackOff"}}, restarts=4,
                                         last={"terminated": {"exitCode": 1, "reason": "Error",
                                                              "finishedAt": clock.timestamp()}})]})
    clock.advance(88)
    return cluster


def test_get_pods_prints_status_column_as_server_printer_when_pods_in_many_states(pods):
    assert ok(pods, "get pods") == (
        "NAME                  READY   STATUS             RESTARTS      AGE\n"
        "badimg                0/1     ImagePullBackOff   0             2m43s\n"
        "big                   0/1     Pending            0             3m43s\n"
        "crashy                0/1     CrashLoopBackOff   4 (88s ago)   5m43s\n"
        "once                  0/1     Completed          0             20m\n"
        "web-7d4b8c9f6-x2k9p   1/1     Running            0             10m\n"
    )


def test_get_pods_adds_ip_and_node_columns_when_output_wide(pods):
    assert ok(pods, "get pods -owide") == (
        "NAME                  READY   STATUS             RESTARTS      AGE     IP           NODE     "
        "NOMINATED NODE   READINESS GATES\n"
        "badimg                0/1     ImagePullBackOff   0             2m43s   10.244.1.7   node01   <none>           <none>\n"
        "big                   0/1     Pending            0             3m43s   <none>       <none>   <none>           <none>\n"
        "crashy                0/1     CrashLoopBackOff   4 (88s ago)   5m43s   10.244.1.6   node01   <none>           <none>\n"
        "once                  0/1     Completed          0             20m     10.244.1.8   node01   <none>           <none>\n"
        "web-7d4b8c9f6-x2k9p   1/1     Running            0             10m     10.244.1.5   node01   <none>           <none>\n"
    )


def test_get_pods_prints_namespace_and_labels_when_all_namespaces_show_labels_no_headers(pods):
    assert ok(pods, "get pods -A --show-labels --no-headers -l app=web") == (
        "default   web-7d4b8c9f6-x2k9p   1/1   Running   0     10m   app=web,pod-template-hash=7d4b8c9f6\n")


def test_get_pods_sorted_by_field_when_sort_by_given(pods):
    out = ok(pods, "get pods --sort-by=.metadata.creationTimestamp -o name")
    assert out == "pod/once\npod/web-7d4b8c9f6-x2k9p\npod/crashy\npod/big\npod/badimg\n"


def test_get_pods_says_no_resources_when_namespace_empty(cluster):
    assert k(cluster, "get pods") == (0, "No resources found in default namespace.\n")
    assert k(cluster, "get pods -n empty") == (0, "No resources found in empty namespace.\n")
    assert k(cluster, "get pods -A") == (0, "No resources found\n")


def test_get_prints_not_found_error_when_name_unknown(cluster):
    assert k(cluster, "get pod nope") == (1, 'Error from server (NotFound): pods "nope" not found\n')
    assert k(cluster, "get deploy nope") == (1, 'Error from server (NotFound): deployments.apps "nope" not found\n')
    assert k(cluster, "get pod nope --ignore-not-found") == (0, "")


def test_get_prints_found_objects_before_errors_when_some_names_missing(cluster):
    assert k(cluster, "get ns nope default -o name") == (
        1, 'namespace/default\nError from server (NotFound): namespaces "nope" not found\n')


def test_get_refuses_when_resource_type_unknown(cluster):
    assert k(cluster, "get foo") == (1, 'error: the server doesn\'t have a resource type "foo"\n')


def test_get_nodes_and_namespaces_show_age_when_clock_advanced(cluster):
    assert ok(cluster, "get nodes") == (
        "NAME           STATUS   ROLES           AGE    VERSION\n"
        "controlplane   Ready    control-plane   5m2s   v1.32.0\n"
        "node01         Ready    <none>          5m2s   v1.32.0\n"
        "node02         Ready    <none>          5m2s   v1.32.0\n")
    assert ok(cluster, "get ns") == (
        "NAME              STATUS   AGE\n"
        "default           Active   5m2s\n"
        "kube-node-lease   Active   5m2s\n"
        "kube-public       Active   5m2s\n"
        "kube-system       Active   5m2s\n")


def test_get_services_formats_ports_and_external_ip_when_types_differ(cluster):
    ok(cluster, "create service nodeport web --tcp=8080:80 --node-port=30080")
    ok(cluster, "create service loadbalancer lb --tcp=80")
    ok(cluster, "create service externalname ext --external-name=example.com")
    cluster.clock.advance(90 * 60)
    out = ok(cluster, "get svc")
    rows = [line.split() for line in out.splitlines()]
    assert rows[0] == ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["ext"][1:] == ["ExternalName", "<none>", "example.com", "<none>", "90m"]
    assert by_name["lb"][1] == "LoadBalancer" and by_name["lb"][3] == "<pending>"
    assert by_name["lb"][4].startswith("80:") and by_name["lb"][4].endswith("/TCP")
    assert by_name["web"][4] == "8080:30080/TCP"
    assert by_name["kubernetes"][1:] == ["ClusterIP", "10.96.0.1", "<none>", "443/TCP", "95m"]


def test_get_ingress_shows_tls_port_when_rule_has_tls(cluster):
    ok(cluster, "create ingress web --class=nginx --rule=foo.com/=web:80 --rule=bar.com/=web:80,tls=cert")
    assert ok(cluster, "get ing") == (
        "NAME   CLASS   HOSTS             ADDRESS   PORTS     AGE\n"
        "web    nginx   foo.com,bar.com             80, 443   0s\n")


def test_get_all_prints_one_table_per_kind_when_several_kinds_found(cluster):
    ok(cluster, "create deployment web --image=nginx --replicas=2")
    ok(cluster, "run solo --image=nginx")
    cluster.clock.advance(62)
    assert ok(cluster, "get all") == (
        "NAME       READY   STATUS    RESTARTS   AGE\n"
        "pod/solo   0/1     Pending   0          62s\n"
        "\n"
        "NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n"
        "service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   6m4s\n"
        "\n"
        "NAME                  READY   UP-TO-DATE   AVAILABLE   AGE\n"
        "deployment.apps/web   0/2     0            0           62s\n")


def test_get_keeps_column_widths_per_kind_when_no_headers(cluster):
    ok(cluster, "run solo --image=nginx")
    assert ok(cluster, "get pods,svc --no-headers") == (
        "pod/solo   0/1   Pending   0     0s\n"
        "service/kubernetes   ClusterIP   10.96.0.1   <none>   443/TCP   5m2s\n")


# --- get: other output formats ------------------------------------------------------------------


def test_get_prints_kind_slash_name_when_output_name(cluster):
    ok(cluster, "create deployment web --image=nginx")
    assert ok(cluster, "get deploy,svc -o name") == "deployment.apps/web\nservice/kubernetes\n"


def test_get_prints_template_without_final_newline_when_output_jsonpath(pods):
    assert ok(pods, "get pods -o jsonpath='{.items[*].metadata.name}'") == \
        "badimg big crashy once web-7d4b8c9f6-x2k9p"
    assert ok(pods, "get pods -o jsonpath='{range .items[*]}{.metadata.name}{\"\\t\"}{.status.phase}{\"\\n\"}{end}'") == (
        "badimg\tPending\nbig\tPending\ncrashy\tRunning\nonce\tSucceeded\nweb-7d4b8c9f6-x2k9p\tRunning\n")
    assert ok(pods, "get pods -o jsonpath='{.items[?(@.status.phase==\"Running\")].metadata.name}'") == \
        "crashy web-7d4b8c9f6-x2k9p"
    assert ok(pods, "get pod once -o jsonpath={.metadata.labels}") == '{"run":"once"}'
    assert ok(pods, "get pod once -o jsonpath={.nope}") == ""
    assert ok(pods, "get pods -l nope=1 -o jsonpath={.items}") == "[]"


def test_get_reports_parse_error_when_jsonpath_unterminated(pods):
    assert k(pods, "get pods -o jsonpath='{.items[0'") == (
        1, "error: error parsing jsonpath {.items[0, unterminated array\n")


def test_get_joins_values_with_commas_when_output_custom_columns(pods):
    assert ok(pods, "get pods -l run -o custom-columns=NAME:.metadata.name,IMG:.spec.containers[*].image,"
                    "IP:.status.podIP") == (
        "NAME     IMG                  IP\n"
        "badimg   nginx:doesnotexist   10.244.1.7\n"
        "big      nginx:1.27           <none>\n"
        "crashy   busybox:1.36         10.244.1.6\n"
        "once     busybox:1.36         10.244.1.8\n")


def test_get_prints_object_when_one_name_and_list_otherwise(cluster):
    one = ok(cluster, "get ns default -o yaml")
    assert one.startswith("apiVersion: v1\nkind: Namespace\nmetadata:\n  creationTimestamp: \"2025-01-01T00:00:00Z\"\n")
    many = ok(cluster, "get ns default kube-public -o yaml")
    assert many.startswith("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Namespace\n")
    assert many.endswith("kind: List\nmetadata:\n  resourceVersion: \"\"\n")
    assert ok(cluster, "get pods -o yaml") == 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n'
    assert ok(cluster, "get pods -o json") == (
        '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n'
        '        "resourceVersion": ""\n    }\n}\n')


def test_get_refuses_when_output_format_unknown(cluster):
    code, out = k(cluster, "get pods -o foo")
    assert code == 1
    assert out.startswith('error: unable to match a printer suitable for the output format "foo", allowed formats are: '
                          "custom-columns,custom-columns-file,go-template,")


def test_get_gives_same_answer_when_flags_spelled_or_placed_differently(cluster):
    expected = ok(cluster, "get svc --namespace=kube-system")
    assert "kube-dns" in expected
    for line in ("-n kube-system get svc", "get -nkube-system svc", "get svc -n=kube-system",
                 "kubectl get services --namespace kube-system"):
        assert ok(cluster, line) == expected


# --- writes: messages ---------------------------------------------------------------------------


def test_label_messages_when_adding_overwriting_and_removing(cluster):
    ok(cluster, "run web --image=nginx")
    assert ok(cluster, "label pod web tier=front") == "pod/web labeled\n"
    assert k(cluster, "label pod web run=x") == (1, "error: 'run' already has a value (web), and --overwrite is false\n")
    assert ok(cluster, "label pod web run=x --overwrite") == "pod/web labeled\n"
    assert ok(cluster, "label pod web tier=front") == "pod/web not labeled\n"
    assert ok(cluster, "label pod/web tier-") == "pod/web unlabeled\n"
    assert ok(cluster, "label pod web nokey-") == 'label "nokey" not found.\npod/web not labeled\n'
    assert ok(cluster, "get pod web --show-labels --no-headers").split()[-1] == "run=x"


def test_annotate_refuses_change_when_overwrite_not_given(cluster):
    ok(cluster, "run web --image=nginx")
    assert ok(cluster, "annotate pod web note=hello") == "pod/web annotated\n"
    assert k(cluster, "annotate pod web note=bye") == (
        1, "error: --overwrite is false but found the following declared annotation(s): 'note' already has a value "
           "(hello)\n")
    assert ok(cluster, "annotate pod web note=bye --overwrite") == "pod/web annotated\n"


def test_scale_prints_scaled_when_current_replicas_match(cluster):
    ok(cluster, "create deployment web --image=nginx")
    assert ok(cluster, "scale deployment web --replicas=3") == "deployment.apps/web scaled\n"
    assert k(cluster, "scale deploy/web --replicas=5 --current-replicas=2") == (
        1, "error: Expected replicas to be 2, was 3\n")
    assert k(cluster, "scale deploy web") == (1, 'error: required flag(s) "replicas" not set\n')
    assert ok(cluster, "get deploy web -o jsonpath={.spec.replicas}") == "3"


def test_set_image_updates_when_container_named_and_fails_when_missing(cluster):
    ok(cluster, "create deployment web --image=nginx:1.27")
    assert ok(cluster, "set image deployment/web nginx=nginx:1.28") == "deployment.apps/web image updated\n"
    assert ok(cluster, "get deploy web -o jsonpath={.spec.template.spec.containers[0].image}") == "nginx:1.28"
    assert k(cluster, "set image deploy/web foo=busybox") == (1, 'error: unable to find container named "foo"\n')
    assert k(cluster, "set image deploy/web") == (1, "error: at least one image update is required\n")


def test_patch_says_no_change_when_patch_changes_nothing(cluster):
    ok(cluster, "create deployment web --image=nginx")
    assert ok(cluster, "patch deploy web -p '{\"spec\":{\"replicas\":4}}'") == "deployment.apps/web patched\n"
    assert ok(cluster, "patch deploy web --type=merge -p 'spec: {replicas: 4}'") == \
        "deployment.apps/web patched (no change)\n"
    assert k(cluster, "patch deploy web") == (
        1, "error: must specify --patch or --patch-file containing the contents of the patch\n")


def test_delete_prints_quoted_name_when_deleted_and_not_found_when_gone(cluster):
    ok(cluster, "run a --image=nginx")
    ok(cluster, "run b --image=nginx")
    assert ok(cluster, "delete pod a") == 'pod "a" deleted\n'
    assert k(cluster, "delete pod a") == (1, 'Error from server (NotFound): pods "a" not found\n')
    assert ok(cluster, "delete pods -l run=nope") == "No resources found\n"
    assert k(cluster, "delete pods") == (1, "error: resource(s) were provided, but no name was specified\n")
    assert ok(cluster, "delete pod b --grace-period=0 --force") == (
        'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. '
        'The resource may continue to run on the cluster indefinitely.\npod "b" force deleted\n')


def test_delete_deletes_each_document_when_given_a_file(cluster):
    ok(cluster, "apply -f cm.yaml", stdin=CONFIGMAPS)
    assert ok(cluster, "delete -f cm.yaml", stdin=CONFIGMAPS) == \
        'configmap "applied" deleted\nconfigmap "applied2" deleted\n'


def test_delete_refuses_when_namespace_is_immortal(cluster):
    assert k(cluster, "delete ns default") == (
        1, 'Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted\n')


# --- commands: unknown, unsupported, malformed ----------------------------------------------------


def test_unknown_command_suggests_close_commands_when_misspelt(cluster):
    assert k(cluster, "gett pods") == (
        1, 'error: unknown command "gett" for "kubectl"\n\nDid you mean this?\n\tset\n\tget\n')
    assert k(cluster, "delet pod x") == (
        1, 'error: unknown command "delet" for "kubectl"\n\nDid you mean this?\n\tdelete\n')
    assert k(cluster, "frobnicate") == (1, 'error: unknown command "frobnicate" for "kubectl"\n')


def test_unsupported_command_lists_supported_when_language_en(cluster):
    code, out = k(cluster, "port-forward web 8080:80")
    assert code == 1
    assert out.startswith("error: `kubectl port-forward` is not supported by this sandbox yet.\nSupported commands: ")
    assert "apply" in out and "get" in out


def test_unsupported_command_says_so_in_korean_when_language_is_ko(cluster):
    code, out = k(cluster, "certificate approve csr-1", language="ko")
    assert code == 1
    assert out.startswith("오류: 이 샌드박스는 아직 `kubectl certificate` 명령을 지원하지 않습니다.\n지원하는 명령: ")


def test_edit_suggests_apply_or_patch_when_asked_for(cluster):
    code, out = k(cluster, "edit deploy web")
    assert code == 1 and "kubectl get deploy/web -o yaml" in out and "kubectl patch" in out
    code, out = k(cluster, "edit deploy web", language="ko")
    assert code == 1 and "편집기" in out


def test_malformed_line_answers_an_error_when_quote_unterminated(cluster):
    code, out = k(cluster, 'get pods "unterminated')
    assert code == 1 and out.startswith("error: ") and "quot" in out
    code, out = k(cluster, 'get pods "unterminated', language="ko")
    assert code == 1 and out.startswith("오류: ")


def test_flag_errors_name_the_command_help_when_flag_unknown_or_incomplete(cluster):
    assert k(cluster, "get pods --foo") == (1, "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n")
    assert k(cluster, "get pods -z") == (1, "error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.\n")
    assert k(cluster, "get pods -n") == (
        1, "error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage.\n")


def test_get_prints_usage_error_when_no_type_given(cluster):
    code, out = k(cluster, "get")
    assert code == 1
    assert out.startswith("You must specify the type of resource to get.")
    assert out.endswith("See 'kubectl get -h' for help and examples\n")


def test_same_answer_when_line_starts_with_kubectl(cluster):
    assert ok(cluster, "kubectl get ns -o name") == ok(cluster, "get ns -o name")


# --- information commands ---------------------------------------------------------------------


def test_version_prints_server_version_when_cluster_is_1_32(cluster):
    assert ok(cluster, "version") == "Client Version: v1.32.4\nKustomize Version: v5.5.0\nServer Version: v1.32.0\n"
    assert ok(cluster, "version --client") == "Client Version: v1.32.4\nKustomize Version: v5.5.0\n"


def test_cluster_info_names_control_plane_when_asked(cluster):
    assert ok(cluster, "cluster-info") == (
        "Kubernetes control plane is running at https://192.168.56.10:6443\n"
        "CoreDNS is running at https://192.168.56.10:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n"
        "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n")


def test_api_resources_lists_only_cluster_scoped_when_namespaced_false(cluster):
    out = ok(cluster, "api-resources --namespaced=false")
    lines = out.splitlines()
    assert lines[0].split() == ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]
    assert "nodes                               no           v1                                false        Node" in lines
    assert all(line.split()[-2] == "false" for line in lines[1:] if len(line.split()) >= 4)
    names = ok(cluster, "api-resources -o name").splitlines()
    assert "pods" in names and "deployments.apps" in names


def test_config_switches_namespace_when_set_context_current(cluster):
    assert ok(cluster, "config current-context") == "kubernetes-admin@kubernetes\n"
    assert ok(cluster, "config get-contexts") == (
        "CURRENT   NAME                          CLUSTER      AUTHINFO           NAMESPACE\n"
        "*         kubernetes-admin@kubernetes   kubernetes   kubernetes-admin   \n")
    assert ok(cluster, "config set-context --current --namespace=kube-system") == \
        'Context "kubernetes-admin@kubernetes" modified.\n'
    assert "kube-dns" in ok(cluster, "get svc")
    assert ok(cluster, "config view --minify -o jsonpath={..namespace}") == "kube-system"


def test_help_prints_usage_when_help_asked(cluster):
    assert ok(cluster, "help").startswith("kubectl controls the Kubernetes cluster manager.")
    assert ok(cluster, "get --help").startswith("Display one or many resources.\n\nUsage:\n  kubectl get ")


def test_explain_prints_field_when_path_given(cluster):
    out = ok(cluster, "explain pods.spec.restartPolicy")
    assert out.startswith("KIND:       Pod\nVERSION:    v1\n\nFIELD: restartPolicy <string>\n")


def test_describe_matches_prefix_when_no_exact_name(cluster):
    ok(cluster, "create deployment web --image=nginx")
    out = ok(cluster, "describe deploy web")
    assert out.startswith("Name:                   web\nNamespace:              default\n")
    assert ok(cluster, "describe deploy w") == out  # a name prefix, as kubectl describe allows
    assert k(cluster, "describe deploy zzz") == (1, 'Error from server (NotFound): deployments.apps "zzz" not found\n')


# --- the YAML printer -------------------------------------------------------------------------


def test_yaml_printer_quotes_when_go_yaml_would_misread():
    data = {"a10": "x", "a9": "443", "b": "yes", "c": "2026-01-02", "d": "", "e": "10:30", "f": "*x",
            "g": None, "h": [], "i": {}, "j": True, "k": 80, "l": "line\n"}
    assert to_yaml(data) == ('a9: "443"\na10: x\nb: "yes"\nc: "2026-01-02"\nd: ""\ne: "10:30"\nf: \'*x\'\ng: null\n'
                             "h: []\ni: {}\nj: true\nk: 80\nl: |\n  line\n")


# --- client-side printers against the real client and kubectl-oracle's fake API server ----------

ORACLE_COMMANDS = [
    "get pods -o yaml",
    "get pods -o json",
    "get pod crashy -o yaml",
    "get deploy web -o json",
    "get svc web -o yaml",
    "get ing web -o yaml",
    "get nodes -o yaml",
    "get events -o yaml",
    "get pods,svc -o name",
    "get pods -o jsonpath={.items[*].status.containerStatuses[*].restartCount}",
    "get pods -o jsonpath={.items[0].spec.containers[0]}",
    "get pods -o jsonpath={.items[-1].metadata.name}",
    "get pods -o jsonpath={.items[1:3].metadata.name}",
    "get pods -o 'jsonpath={range .items[*]}{.metadata.name}{\"\\t\"}{.status.podIP}{\"\\n\"}{end}'",
    "get pods -o 'jsonpath={.items[?(@.status.containerStatuses[0].restartCount>0)].metadata.name}'",
    "get nodes -o 'jsonpath={.items[*].status.addresses[?(@.type==\"InternalIP\")].address}'",
    "get pods -o jsonpath-as-json={.items[*].metadata.name}",
    "get pods -o custom-columns=NAME:.metadata.name,RESTARTS:.status.containerStatuses[*].restartCount,LABELS:.metadata.labels",
    "get nodes -o custom-columns=NAME:.metadata.name,CPU:.status.capacity.cpu,TAINTS:.spec.taints --no-headers",
    "get pods --sort-by=.status.containerStatuses[0].restartCount -o name",
    "get events --sort-by=.lastTimestamp -o name",
    "get pod crashy web-7d4b8c9f6-x2k9p -o jsonpath={.items[*].metadata.name}",
]


class _OracleAPI:
    """The oracle's objects behind the API server's get/list, raising the API server's errors."""

    def __init__(self, objs: list[dict]):
        self.objs = objs

    def list(self, kind, namespace=None, label_selector=None, field_selector=None):
        from sandbox.engine.labels import parse_label_selector

        selector = parse_label_selector(label_selector)
        return [json.loads(json.dumps(o)) for o in self.objs if o["kind"] == kind
                and (namespace is None or (o["metadata"].get("namespace") or "") == namespace)
                and selector.matches(o["metadata"].get("labels"))]

    def get(self, kind, namespace, name):
        from sandbox.engine import resources
        from sandbox.engine.apierrors import APIError
        from sandbox.engine.messages import issue

        for o in self.list(kind, namespace or None):
            if o["metadata"]["name"] == name:
                return o
        res = resources.by_kind(kind)
        raise APIError.from_issue(404, "NotFound", issue("api.not_found", resource=res.qualified, name=name),
                                  kind=kind, name=name, resource=res)


@pytest.fixture(scope="module")
def oracle():
    from tests.engine import oracle_util as ou

    if not ou.kubectl_available():
        pytest.skip(f"{KUBECTL} (real kubectl client) not installed")
    objs = ou.gen_objects(ou.wall_now())
    with ou.FakeAPIServer(objs) as server:
        yield server, objs


@pytest.mark.kubectl
@pytest.mark.parametrize("line", ORACLE_COMMANDS)
def test_client_side_output_equals_real_kubectl_when_objects_are_the_same(oracle, line):
    import shlex
    from types import SimpleNamespace

    from sandbox.engine.clock import Clock

    server, objs = oracle
    expected, _, _ = server.kubectl(*shlex.split(line))
    fake = SimpleNamespace(api=_OracleAPI(objs), clock=Clock(), kube_version="1.32")
    assert run(fake, line) == (0, expected)


def test_get_events_shows_last_seen_and_source_when_output_wide(cluster):
    def event(name: str, reason: str, message: str, **extra) -> dict:
        return {"apiVersion": "v1", "kind": "Event", "type": "Normal", "reason": reason, "message": message,
                "metadata": {"name": name, "namespace": "default"},
                "involvedObject": {"kind": "Pod", "name": "web", "namespace": "default"}, **extra}

    start = cluster.clock.timestamp()
    cluster.api.create(event("web.1", "Scheduled", "Successfully assigned default/web to node01",
                             eventTime=cluster.clock.timestamp().replace("Z", ".000000Z"),
                             reportingController="default-scheduler"), validate=False)
    cluster.clock.advance(30)
    cluster.api.create(event("web.2", "Pulled", 'Container image "nginx" already present on machine',
                             firstTimestamp=start, lastTimestamp=cluster.clock.timestamp(), count=3,
                             source={"component": "kubelet", "host": "node01"},
                             involvedObject={"kind": "Pod", "name": "web", "namespace": "default",
                                             "fieldPath": "spec.containers{web}"}), validate=False)
    cluster.clock.advance(60)
    assert ok(cluster, "get events") == (
        "LAST SEEN   TYPE     REASON      OBJECT    MESSAGE\n"
        "90s         Normal   Scheduled   pod/web   Successfully assigned default/web to node01\n"
        "60s         Normal   Pulled      pod/web   Container image \"nginx\" already present on machine\n")
    scheduled = "Successfully assigned default/web to node01"  # 43 characters
    pulled = 'Container image "nginx" already present on machine'  # 50: the MESSAGE column is 53 wide
    assert ok(cluster, "get events -o wide") == (
        "LAST SEEN   TYPE     REASON      OBJECT    SUBOBJECT              SOURCE              "
        + "MESSAGE".ljust(53) + "FIRST SEEN   COUNT   NAME\n"
        "90s         Normal   Scheduled   pod/web                          default-scheduler   "
        + scheduled.ljust(53) + "90s          1       web.1\n"
        "60s         Normal   Pulled      pod/web   spec.containers{web}   kubelet, node01     "
        + pulled.ljust(53) + "90s          3       web.2\n")


def test_errors_print_without_error_prefix_when_several_are_reported(cluster):
    """kubectl's CheckErr prints an aggregate of errors one per line, without `error: `."""
    ok(cluster, "run a --image=nginx")
    ok(cluster, "run b --image=nginx")
    assert k(cluster, "label pods --all run=x") == (
        1, "'run' already has a value (a), and --overwrite is false\n"
           "'run' already has a value (b), and --overwrite is false\n")
    assert k(cluster, "label pod a run=x") == (1, "error: 'run' already has a value (a), and --overwrite is false\n")
    assert k(cluster, "set image") == (
        1, "one or more resources must be specified as <resource> <name> or <resource>/<name>\n"
           "at least one image update is required\n")


INVALID = ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  selector:\n"
           "    matchLabels: {{app: web}}\n  template:\n    metadata:\n      labels: {{app: nginx}}\n    spec:\n"
           "      containers:\n      - name: web\n        image: nginx\n")


def test_apply_prints_each_api_error_in_server_form_when_several_documents_fail(cluster):
    mismatch = ('spec.template.metadata.labels: Invalid value: map[string]string{"app":"nginx"}: '
                "`selector` does not match template `labels`")
    assert k(cluster, "apply -f one.yaml", stdin=INVALID.format(name="a")) == (
        1, f'The Deployment "a" is invalid: {mismatch}\n')
    two = INVALID.format(name="a") + "---\n" + INVALID.format(name="b")
    assert k(cluster, "apply -f two.yaml", stdin=two) == (
        1, f'Error from server (Invalid): error when creating "two.yaml": Deployment.apps "a" is invalid: {mismatch}\n'
           f'Error from server (Invalid): error when creating "two.yaml": Deployment.apps "b" is invalid: {mismatch}\n')
