"""Golden tests for `kubectl describe` against the real kubectl v1.32 client.

Three layers:

1. Offline: the checked-in samples (`kubectl-oracle/samples/describe-*.txt`, real kubectl 1.32 output).
   They were captured for objects gen_objs.py wrote at SAMPLES_NOW, 183 s before kubectl ran, so we
   regenerate those objects with NOW pinned and run our describe() with a clock 183 s after it: every
   age cell is reproduced, so the samples are compared byte for byte (no masking needed).
2. Live (`-m kubectl`, skipped without /usr/bin/kubectl): the same objects generated relative to the
   real current time, served by fakeapi.py, described by the real client and by us (clock = the
   wall-clock second kubectl ran in), compared byte for byte.
3. Live variations of our own (pods with several/init containers and every volume kind, multi-port and
   LoadBalancer services, a Deployment mid-rollout, Jobs, DaemonSets, StatefulSets, storage, quotas,
   noisy event streams...), each checked the same way.
"""

from __future__ import annotations

import copy

import pytest

from sandbox.engine.clock import Clock
from sandbox.engine.kubectl.describe import describe
from sandbox.engine import resources
from tests.engine import oracle_util as ou
from tests.engine.oracle_util import ts

SAMPLE_CASES = [
    ("describe-deploy.txt", "deploy", "web"),
    ("describe-ep.txt", "ep", "web"),
    ("describe-ing.txt", "ing", "web"),
    ("describe-node.txt", "node", "kind-worker"),
    ("describe-ns.txt", "ns", "default"),
    ("describe-pod-crashloop.txt", "pod", "crashy"),
    ("describe-pod-imagepull.txt", "pod", "badimg"),
    ("describe-pod-pending.txt", "pod", "big"),
    ("describe-pod-running.txt", "pod", "web-7d4b8c9f6-x2k9p"),
    ("describe-rs.txt", "rs", "web-7d4b8c9f6"),
    ("describe-svc.txt", "svc", "web"),
]

needs_kubectl = pytest.mark.skipif(
    not ou.kubectl_available(), reason=f"{ou.KUBECTL} (real kubectl client) not installed"
)


# --------------------------------------------------------------------------------------------
# 1. Offline: the checked-in samples
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_objects():
    return ou.gen_objects(ou.SAMPLES_NOW)


@pytest.mark.parametrize("sample,type_name,name", SAMPLE_CASES, ids=[c[0] for c in SAMPLE_CASES])
def test_static_sample(sample_objects, sample, type_name, name):
    expected = (ou.SAMPLES_DIR / sample).read_text()
    actual = ou.our_describe(sample_objects, type_name, name, None, ou.SAMPLES_NOW, ou.SAMPLES_DELAY)
    assert actual == expected, "\n" + ou.show_diff(expected, actual, sample, "describe()")


def test_ages_follow_the_virtual_clock(sample_objects):
    """The same pod a minute later: only the event ages move."""
    at_183 = ou.our_describe(sample_objects, "pod", "crashy", None, ou.SAMPLES_NOW, 183)
    at_243 = ou.our_describe(sample_objects, "pod", "crashy", None, ou.SAMPLES_NOW, 243)
    changed = [(a, b) for a, b in zip(at_183.splitlines(), at_243.splitlines()) if a != b]
    assert [b.split()[2] for _, b in changed] == ["9m3s", "4m53s", "4m53s", "4m53s", "4m13s"]


def test_describe_with_a_sandbox_clock():
    """Timestamps written by the simulator's own clock; no events is the aligned `<none>` form."""
    clock = Clock()
    clock.advance(3600 * 5 + 125)
    cm = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "app", "namespace": "default", "uid": "u1", "creationTimestamp": clock.timestamp(0)},
        "data": {"greeting": "hello"},
    }
    ev = {
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": {"name": "app.1", "namespace": "default"},
        "involvedObject": {"kind": "ConfigMap", "name": "app", "namespace": "default", "uid": "u1"},
        "type": "Normal",
        "reason": "Synced",
        "message": "ok",
        "source": {"component": "tester"},
        "firstTimestamp": clock.timestamp(60),
        "lastTimestamp": clock.timestamp(3600 * 5),
        "count": 7,
    }

    class Cluster:
        pass

    cluster = Cluster()
    cluster.clock = clock
    cluster.api = ou.FakeAPI([cm, ev])
    text = describe(cluster, resources.by_kind("ConfigMap"), cm)
    assert text.endswith(
        "Events:\n"
        "  Type    Reason  Age                  From    Message\n"
        "  ----    ------  ----                 ----    -------\n"
        "  Normal  Synced  2m5s (x7 over 5h1m)  tester  ok\n"
    )
    cluster.api = ou.FakeAPI([cm])
    text = describe(cluster, resources.by_kind("ConfigMap"), cm)
    assert text == (
        "Name:         app\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\n"
        "Data\n====\ngreeting:\n----\nhello\n\n\nBinaryData\n====\n\nEvents:  <none>\n"
    )


# --------------------------------------------------------------------------------------------
# 2. Live: the reference objects, described by the real kubectl
# --------------------------------------------------------------------------------------------


def base_extras(now):
    """Objects added to gen_objs.py's set for the live base cases."""
    return [
        {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {
                "name": "db-secret",
                "namespace": "default",
                "uid": "uid-db-secret",
                "resourceVersion": "1",
                "creationTimestamp": ts(now, minutes=5),
                "labels": {"app": "db"},
            },
            "type": "Opaque",
            "data": {"password": "czNjcjN0IQ=="},
        },
    ]


@pytest.fixture(scope="module")
def live_base():
    if not ou.kubectl_available():
        pytest.skip(f"{ou.KUBECTL} (real kubectl client) not installed")
    now = ou.wall_now()
    objs = ou.gen_objects(now) + base_extras(now)
    server = ou.FakeAPIServer(objs)
    server.start()
    try:
        yield now, objs, server
    finally:
        server.stop()


BASE_EXTRA_CASES = [
    ("pod", "once", None),  # Completed (Succeeded) pod, restartPolicy Never
    ("node", "kind-control-plane", None),  # role, taint, no Lease object
    ("svc", "kubernetes", None),  # ClusterIP, no selector, no endpoint slices
    ("ns", "kube-system", None),
    ("endpointslices", "web-m7t4q", None),
    ("leases", "kind-worker", "kube-node-lease"),  # generic describer
    ("ev", "crashy.a", None),  # an Event: generic describer too
    ("secret", "db-secret", None),
]


@pytest.mark.kubectl
@needs_kubectl
@pytest.mark.parametrize("sample,type_name,name", SAMPLE_CASES, ids=[c[0] for c in SAMPLE_CASES])
def test_live_sample_objects(live_base, sample, type_name, name):
    now, objs, server = live_base
    ok, diff = ou.compare_with_kubectl(server, objs, now, type_name, name)
    assert ok, "\n" + diff


@pytest.mark.kubectl
@needs_kubectl
@pytest.mark.parametrize("type_name,name,namespace", BASE_EXTRA_CASES, ids=[f"{c[0]}/{c[1]}" for c in BASE_EXTRA_CASES])
def test_live_reference_objects(live_base, type_name, name, namespace):
    now, objs, server = live_base
    ok, diff = ou.compare_with_kubectl(server, objs, now, type_name, name, namespace)
    assert ok, "\n" + diff


# --------------------------------------------------------------------------------------------
# 3. Live variations
# --------------------------------------------------------------------------------------------


def meta(name, ns="default", now=None, age=None, **extra):
    m = {
        "name": name,
        "uid": "uid-" + name,
        "resourceVersion": "7",
        "creationTimestamp": ts(now, **(age or {"hours": 1})),
    }
    if ns:
        m["namespace"] = ns
    m.update(extra)
    return m


def event(
    now,
    name,
    kind,
    obj_name,
    typ,
    reason,
    msg,
    comp,
    first,
    last=None,
    count=1,
    ns="default",
    uid=None,
    api_version="v1",
    field_path=None,
    host="kind-worker",
    inv_ns=None,
):
    inv = {
        "kind": kind,
        "namespace": ns if inv_ns is None else inv_ns,
        "name": obj_name,
        "uid": uid or "uid-" + obj_name,
        "apiVersion": api_version,
    }
    if inv["namespace"] == "":
        del inv["namespace"]
    if field_path:
        inv["fieldPath"] = field_path
    return {
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": {
            "name": f"{obj_name}.{name}",
            "namespace": ns,
            "uid": f"ev-{obj_name}-{name}",
            "resourceVersion": "1",
            "creationTimestamp": ts(now, seconds=first),
        },
        "involvedObject": inv,
        "reason": reason,
        "message": msg,
        "type": typ,
        "source": {"component": comp, "host": host},
        "firstTimestamp": ts(now, seconds=first),
        "lastTimestamp": ts(now, seconds=first if last is None else last),
        "count": count,
        "eventTime": None,
        "reportingComponent": comp,
        "reportingInstance": host,
    }


TOLERATIONS = [
    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
    {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
]


def container(name, image, **extra):
    c = {
        "name": name,
        "image": image,
        "imagePullPolicy": "IfNotPresent",
        "resources": {},
        "terminationMessagePath": "/dev/termination-log",
        "terminationMessagePolicy": "File",
    }
    c.update(extra)
    return c


def running_status(name, now, started, image, ready=True, restarts=0, last=None):
    s = {
        "name": name,
        "state": {"running": {"startedAt": ts(now, seconds=started)}},
        "lastState": last or {},
        "ready": ready,
        "restartCount": restarts,
        "image": image,
        "imageID": f"docker.io/library/{image}@sha256:1234",
        "containerID": f"containerd://{name}0123456789",
        "started": True,
    }
    return s


def pod_conditions(now, ready="True", extra=()):
    t = ts(now, minutes=20)
    conds = [{"type": c, "status": "True", "lastProbeTime": None, "lastTransitionTime": t} for c in extra]
    for c in ("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"):
        conds.append(
            {
                "type": c,
                "status": ready if c in ("Ready", "ContainersReady") else "True",
                "lastProbeTime": None,
                "lastTransitionTime": t,
            }
        )
    return conds


def variation_pods(now):
    """Two app containers + an init container, every common volume source, env of every kind, probes of
    every kind, readiness gates, spread constraints, seccomp, a terminating pod, a noisy event stream."""
    objs = ou.gen_objects(now)
    multi = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": meta(
            "multi",
            now=now,
            age={"minutes": 30},
            labels={"app": "multi", "tier": "backend", "version": "v2"},
            annotations={
                "kubectl.kubernetes.io/last-applied-configuration": '{"apiVersion":"v1"}\n',
                "note": "short",
                "example.com/long": "x" * 150,
                "example.com/multi": "line one\nline two\n",
            },
            ownerReferences=[
                {
                    "apiVersion": "apps/v1",
                    "kind": "StatefulSet",
                    "name": "db",
                    "uid": "uid-db",
                    "controller": True,
                    "blockOwnerDeletion": True,
                }
            ],
        ),
        "spec": {
            "initContainers": [
                container(
                    "init-db",
                    "busybox:1.36",
                    command=["sh", "-c", "until nslookup db; do sleep 2; done"],
                    resources={"requests": {"cpu": "2", "memory": "32Mi"}},
                )
            ],
            "containers": [
                container(
                    "app",
                    "example/app:2.1",
                    command=["/app"],
                    args=["--port=8080", "--verbose", "two\nlines"],
                    ports=[
                        {"name": "http", "containerPort": 8080, "protocol": "TCP"},
                        {"name": "metrics", "containerPort": 9090, "protocol": "TCP"},
                    ],
                    env=[
                        {"name": "MODE", "value": "prod"},
                        {"name": "BANNER", "value": "hello\nworld"},
                        {"name": "EMPTY", "value": ""},
                        {
                            "name": "MY_NS",
                            "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}},
                        },
                        {
                            "name": "MY_NODE",
                            "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "spec.nodeName"}},
                        },
                        {"name": "MY_IP", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "status.podIP"}}},
                        {
                            "name": "CPU_LIMIT",
                            "valueFrom": {
                                "resourceFieldRef": {"containerName": "app", "resource": "limits.cpu", "divisor": "1m"}
                            },
                        },
                        {
                            "name": "MEM_REQ",
                            "valueFrom": {
                                "resourceFieldRef": {
                                    "containerName": "app",
                                    "resource": "requests.memory",
                                    "divisor": "1Mi",
                                }
                            },
                        },
                        {
                            "name": "EPH_LIMIT",
                            "valueFrom": {
                                "resourceFieldRef": {
                                    "containerName": "app",
                                    "resource": "limits.memory",
                                    "divisor": "1",
                                }
                            },
                        },
                        {"name": "PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db-secret", "key": "password"}}},
                        {
                            "name": "COLOR",
                            "valueFrom": {"configMapKeyRef": {"name": "cfg", "key": "color", "optional": True}},
                        },
                    ],
                    envFrom=[
                        {"configMapRef": {"name": "cfg"}},
                        {"prefix": "S_", "secretRef": {"name": "db-secret", "optional": False}},
                    ],
                    resources={
                        "limits": {"cpu": "1500m", "memory": "1Gi"},
                        "requests": {"cpu": "0.5", "memory": "512Mi", "ephemeral-storage": "1G"},
                    },
                    livenessProbe={
                        "exec": {"command": ["cat", "/tmp/healthy"]},
                        "initialDelaySeconds": 5,
                        "timeoutSeconds": 1,
                        "periodSeconds": 5,
                        "successThreshold": 1,
                        "failureThreshold": 3,
                    },
                    readinessProbe={
                        "httpGet": {"path": "/ready me", "port": "http", "scheme": "HTTPS", "host": "10.0.0.1"},
                        "timeoutSeconds": 2,
                        "periodSeconds": 10,
                        "successThreshold": 2,
                        "failureThreshold": 3,
                    },
                    startupProbe={
                        "tcpSocket": {"port": 8080},
                        "timeoutSeconds": 1,
                        "periodSeconds": 10,
                        "successThreshold": 1,
                        "failureThreshold": 30,
                    },
                    securityContext={
                        "seccompProfile": {"type": "Localhost", "localhostProfile": "profiles/audit.json"}
                    },
                    volumeMounts=[
                        {"name": "data", "mountPath": "/var/lib/data"},
                        {"name": "cfg", "mountPath": "/etc/cfg", "readOnly": True},
                        {"name": "cfg", "mountPath": "/etc/app.conf", "subPath": "app.conf"},
                        {
                            "name": "kube-api-access-abcde",
                            "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                            "readOnly": True,
                        },
                    ],
                ),
                container(
                    "sidecar",
                    "nginx:1.27",
                    ports=[{"containerPort": 80, "hostPort": 8081, "protocol": "TCP"}],
                    resources={
                        "limits": {"cpu": "100m", "memory": "64Mi"},
                        "requests": {"cpu": "100m", "memory": "64Mi"},
                    },
                    volumeMounts=[{"name": "scratch", "mountPath": "/tmp"}],
                ),
            ],
            "volumes": [
                {"name": "data", "persistentVolumeClaim": {"claimName": "data-db-0"}},
                {"name": "cfg", "configMap": {"name": "cfg", "defaultMode": 420}},
                {"name": "secret-vol", "secret": {"secretName": "db-secret", "optional": True, "defaultMode": 420}},
                {"name": "scratch", "emptyDir": {"medium": "Memory", "sizeLimit": "64Mi"}},
                {"name": "plain", "emptyDir": {}},
                {"name": "logs", "hostPath": {"path": "/var/log", "type": "Directory"}},
                {
                    "name": "podinfo",
                    "downwardAPI": {
                        "items": [
                            {"path": "labels", "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.labels"}},
                            {"path": "cpu", "resourceFieldRef": {"containerName": "app", "resource": "limits.cpu"}},
                        ]
                    },
                },
                {
                    "name": "kube-api-access-abcde",
                    "projected": {
                        "defaultMode": 420,
                        "sources": [
                            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                            {"secret": {"name": "extra-secret", "items": [{"key": "a", "path": "a"}]}},
                            {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
                            {
                                "downwardAPI": {
                                    "items": [
                                        {
                                            "path": "namespace",
                                            "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"},
                                        }
                                    ]
                                }
                            },
                        ],
                    },
                },
                {"name": "share", "nfs": {"server": "nfs.example.com", "path": "/exports", "readOnly": True}},
                {
                    "name": "inline",
                    "csi": {"driver": "inline.csi.example.com", "volumeAttributes": {"size": "1Gi", "foo": "bar"}},
                },
            ],
            "nodeName": "kind-worker",
            "nodeSelector": {"disktype": "ssd", "kubernetes.io/os": "linux"},
            "tolerations": TOLERATIONS
            + [
                {"key": "dedicated", "operator": "Equal", "value": "db", "effect": "NoSchedule"},
                {"operator": "Exists"},
                {"key": "gpu", "operator": "Exists"},
            ],
            "priority": 1000,
            "priorityClassName": "high",
            "serviceAccountName": "db-sa",
            "serviceAccount": "db-sa",
            "restartPolicy": "Always",
            "schedulerName": "default-scheduler",
            "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
            "readinessGates": [{"conditionType": "example.com/ready"}, {"conditionType": "example.com/missing"}],
            "topologySpreadConstraints": [
                {
                    "maxSkew": 1,
                    "topologyKey": "zone",
                    "whenUnsatisfiable": "DoNotSchedule",
                    "labelSelector": {"matchLabels": {"app": "multi"}},
                },
                {"maxSkew": 2, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "ScheduleAnyway"},
            ],
        },
        "status": {
            "phase": "Running",
            "conditions": pod_conditions(now, extra=("example.com/ready",)),
            "hostIP": "172.18.0.2",
            "hostIPs": [{"ip": "172.18.0.2"}],
            "podIP": "10.244.1.20",
            "podIPs": [{"ip": "10.244.1.20"}, {"ip": "fd00:10:244:1::20"}],
            "startTime": ts(now, minutes=30),
            "initContainerStatuses": [
                {
                    "name": "init-db",
                    "ready": True,
                    "restartCount": 0,
                    "image": "docker.io/library/busybox:1.36",
                    "imageID": "docker.io/library/busybox@sha256:abc",
                    "containerID": "containerd://init0001",
                    "started": False,
                    "state": {
                        "terminated": {
                            "exitCode": 0,
                            "reason": "Completed",
                            "startedAt": ts(now, minutes=29),
                            "finishedAt": ts(now, minutes=28),
                            "containerID": "containerd://init0001",
                        }
                    },
                    "lastState": {},
                }
            ],
            "containerStatuses": [
                running_status(
                    "app",
                    now,
                    600,
                    "example/app:2.1",
                    restarts=2,
                    last={
                        "terminated": {
                            "exitCode": 137,
                            "signal": 9,
                            "reason": "OOMKilled",
                            "message": "out of memory",
                            "startedAt": ts(now, minutes=20),
                            "finishedAt": ts(now, minutes=10),
                            "containerID": "containerd://old",
                        }
                    },
                ),
                running_status("sidecar", now, 1700, "nginx:1.27"),
            ],
        },
    }
    leaving = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": meta(
            "leaving",
            now=now,
            age={"minutes": 3},
            labels={"run": "leaving"},
            deletionTimestamp=ts(now, seconds=-25),
            deletionGracePeriodSeconds=30,
        ),
        "spec": {
            "containers": [container("leaving", "nginx:1.27", ports=[])],
            "nodeName": "kind-worker",
            "tolerations": TOLERATIONS,
            "restartPolicy": "Always",
            "serviceAccountName": "default",
        },
        "status": {
            "phase": "Running",
            "conditions": pod_conditions(now),
            "hostIP": "172.18.0.2",
            "podIP": "10.244.1.21",
            "podIPs": [{"ip": "10.244.1.21"}],
            "startTime": ts(now, minutes=3),
            "qosClass": "BestEffort",
            "containerStatuses": [running_status("leaving", now, 170, "nginx:1.27")],
        },
    }
    bare = {  # no containers' statuses yet, no volumes, no service account
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": meta("bare", now=now, age={"seconds": 2}),
        "spec": {
            "containers": [
                container(
                    "c1",
                    "busybox",
                    command=["sleep", "3600"],
                    resources={
                        "limits": {"cpu": "250m", "memory": "100M"},
                        "requests": {"cpu": "250m", "memory": "100M"},
                    },
                )
            ]
        },
        "status": {"phase": "Pending"},
    }
    objs += [multi, leaving, bare]
    objs.append(
        event(
            now,
            "k",
            "Pod",
            "multi",
            "Warning",
            "Unhealthy",
            "Readiness probe failed: HTTP probe failed with statuscode: 503  ",
            "kubelet",
            first=900,
            last=30,
            count=12,
            field_path="spec.containers{app}",
        )
    )
    objs.append(
        event(
            now,
            "m",
            "Pod",
            "multi",
            "Normal",
            "Killing",
            "Container app failed liveness probe, will be restarted",
            "kubelet",
            first=650,
            field_path="spec.containers{app}",
        )
    )
    # an event about a different pod named the same in another namespace, and one with another uid: not shown
    objs.append(event(now, "x", "Pod", "multi", "Normal", "Pulled", "elsewhere", "kubelet", first=60, ns="kube-system"))
    objs.append(
        event(now, "y", "Pod", "multi", "Normal", "Pulled", "old incarnation", "kubelet", first=60, uid="uid-previous")
    )
    # a pod with many events and equal timestamps: kubectl's (unstable) sort order must be reproduced
    noisy = copy.deepcopy(bare)
    noisy["metadata"] = meta("noisy", now=now, age={"minutes": 10})
    objs.append(noisy)
    lasts = [50, 40, 50, 10, 40, 50, 30, 40, 10, 50, 20, 30, 40, 10, 50, 20, 30, 40, 50, 10, 20, 50, 40]
    for i, last in enumerate(lasts):
        objs.append(
            event(
                now,
                f"n{i:02d}",
                "Pod",
                "noisy",
                "Normal" if i % 3 else "Warning",
                f"Reason{i}",
                f"message {i}",
                "kubelet",
                first=last + 5 * (i % 4),
                last=last,
                count=1 + i % 3,
            )
        )
    # a scheduler-style event (eventTime, no last timestamp) sorts first
    sched = event(
        now,
        "s",
        "Pod",
        "noisy",
        "Normal",
        "Scheduled",
        "Successfully assigned default/noisy to kind-worker",
        "default-scheduler",
        first=600,
    )
    sched.update(
        {
            "source": {},
            "firstTimestamp": None,
            "lastTimestamp": None,
            "count": 0,
            "eventTime": ts(now, seconds=600).replace("Z", ".123456Z"),
            "action": "Binding",
        }
    )
    objs.append(sched)
    return objs


def variation_services(now):
    """Several ports (named, numeric and named target ports, node ports), LoadBalancer status, more
    than three endpoints, a headless service, an ExternalName service, no matching endpoints."""
    objs = ou.gen_objects(now)
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": meta(
                "shop", now=now, labels={"app": "shop"}, annotations={"service.beta.kubernetes.io/lb": "yes"}
            ),
            "spec": {
                "type": "LoadBalancer",
                "selector": {"app": "shop", "tier": "front"},
                "clusterIP": "10.96.7.7",
                "clusterIPs": ["10.96.7.7"],
                "ports": [
                    {"name": "http", "protocol": "TCP", "port": 80, "targetPort": "web", "nodePort": 30100},
                    {"name": "https", "protocol": "TCP", "port": 443, "targetPort": 8443, "nodePort": 30443},
                    {"name": "dns", "protocol": "UDP", "port": 53, "targetPort": 5353, "nodePort": 30053},
                ],
                "externalIPs": ["192.0.2.10", "192.0.2.11"],
                "loadBalancerIP": "172.18.0.240",
                "sessionAffinity": "ClientIP",
                "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 10800}},
                "externalTrafficPolicy": "Local",
                "healthCheckNodePort": 31999,
                "internalTrafficPolicy": "Cluster",
                "loadBalancerSourceRanges": ["10.0.0.0/8", "192.168.0.0/16"],
                "allocateLoadBalancerNodePorts": True,
                "ipFamilies": ["IPv4"],
                "ipFamilyPolicy": "SingleStack",
            },
            "status": {
                "loadBalancer": {"ingress": [{"ip": "172.18.0.240", "ipMode": "VIP"}, {"hostname": "lb.example.com"}]}
            },
        }
    )

    def ep(ip, ready=True, pod=None, hostname=None, zone=None, conditions=True):
        e = {"addresses": [ip], "nodeName": "kind-worker"}
        if conditions:
            e["conditions"] = {"ready": ready, "serving": ready, "terminating": False}
        if pod:
            e["targetRef"] = {"kind": "Pod", "namespace": "default", "name": pod, "uid": "uid-" + pod}
        if hostname:
            e["hostname"] = hostname
        if zone:
            e["zone"] = zone
        return e

    objs.append(
        {
            "apiVersion": "discovery.k8s.io/v1",
            "kind": "EndpointSlice",
            "metadata": meta(
                "shop-abcde",
                now=now,
                generateName="shop-",
                labels={
                    "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
                    "kubernetes.io/service-name": "shop",
                },
            ),
            "addressType": "IPv4",
            "endpoints": [
                ep("10.244.1.31", pod="shop-1", zone="zone-a"),
                ep("10.244.1.32", pod="shop-2"),
                ep("10.244.1.33", ready=False, pod="shop-3"),
                ep("10.244.1.34", pod="shop-4", hostname="shop-4"),
                ep("10.244.1.35", pod="shop-5"),
            ],
            "ports": [
                {"name": "http", "protocol": "TCP", "port": 8080},
                {"name": "https", "protocol": "TCP", "port": 8443},
                {"name": "dns", "protocol": "UDP", "port": 5353},
            ],
        }
    )
    objs.append(
        {
            "apiVersion": "discovery.k8s.io/v1",
            "kind": "EndpointSlice",
            "metadata": meta("shop-fghij", now=now, labels={"kubernetes.io/service-name": "shop"}),
            "addressType": "IPv4",
            "endpoints": [ep("10.244.2.40", conditions=False)],
            "ports": [{"name": "http", "protocol": "TCP", "port": 8080}],
        }
    )
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": meta("hl", now=now),
            "spec": {
                "type": "ClusterIP",
                "clusterIP": "None",
                "clusterIPs": ["None"],
                "selector": {"app": "hl"},
                "sessionAffinity": "None",
                "internalTrafficPolicy": "Cluster",
                "ipFamilies": ["IPv4", "IPv6"],
                "ipFamilyPolicy": "PreferDualStack",
            },
            "status": {"loadBalancer": {}},
        }
    )
    objs.append(
        {
            "apiVersion": "discovery.k8s.io/v1",
            "kind": "EndpointSlice",
            "metadata": meta("hl-xyz", now=now, labels={"kubernetes.io/service-name": "hl"}),
            "addressType": "IPv4",
            "endpoints": [ep("10.244.1.50"), ep("10.244.1.51", ready=False)],
            "ports": [],
        }
    )
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": meta("ext", now=now),
            "spec": {"type": "ExternalName", "externalName": "db.example.com", "sessionAffinity": "None"},
            "status": {"loadBalancer": {}},
        }
    )
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": meta("lonely", now=now, labels={"a": "b", "c": "d"}),
            "spec": {
                "type": "ClusterIP",
                "selector": {"app": "nobody"},
                "clusterIP": "10.96.9.9",
                "clusterIPs": ["10.96.9.9"],
                "ports": [{"protocol": "TCP", "port": 8080, "targetPort": 8080}],
                "sessionAffinity": "None",
                "internalTrafficPolicy": "Local",
                "ipFamilies": ["IPv4"],
                "ipFamilyPolicy": "SingleStack",
                "trafficDistribution": "PreferClose",
            },
            "status": {"loadBalancer": {}},
        }
    )
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "Endpoints",
            "metadata": meta("shop", now=now),
            "subsets": [
                {
                    "addresses": [{"ip": "10.244.1.31"}, {"ip": "10.244.1.32"}],
                    "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}, {"port": 5353, "protocol": "UDP"}],
                },
                {"notReadyAddresses": [{"ip": "10.244.1.33"}]},
            ],
        }
    )
    objs.append({"apiVersion": "v1", "kind": "Endpoints", "metadata": meta("lonely", now=now)})
    objs.append(
        event(
            now,
            "a",
            "Service",
            "shop",
            "Normal",
            "EnsuringLoadBalancer",
            "Ensuring load balancer",
            "service-controller",
            first=3000,
            last=100,
            count=3,
            api_version="v1",
        )
    )
    return objs


def variation_rollout(now):
    """A Deployment in the middle of a rolling update: one new and two old ReplicaSets (one scaled to 0),
    an unowned ReplicaSet with matching labels, and a Recreate Deployment with no ReplicaSet yet."""
    objs = ou.gen_objects(now)

    def template(image, hash_=None):
        labels = {"app": "api"}
        if hash_:
            labels["pod-template-hash"] = hash_
        return {
            "metadata": {"creationTimestamp": None, "labels": labels},
            "spec": {
                "containers": [container("api", image, ports=[{"containerPort": 8080, "protocol": "TCP"}])],
                "restartPolicy": "Always",
                "terminationGracePeriodSeconds": 30,
                "dnsPolicy": "ClusterFirst",
                "securityContext": {},
                "schedulerName": "default-scheduler",
            },
        }

    objs.append(
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": meta(
                "api",
                now=now,
                age={"hours": 3},
                generation=3,
                labels={"app": "api"},
                annotations={"deployment.kubernetes.io/revision": "3", "kubernetes.io/change-cause": "image v3"},
            ),
            "spec": {
                "replicas": 4,
                "selector": {"matchLabels": {"app": "api"}},
                "template": template("example/api:v3"),
                "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}},
                "minReadySeconds": 5,
                "revisionHistoryLimit": 10,
                "progressDeadlineSeconds": 600,
            },
            "status": {
                "observedGeneration": 3,
                "replicas": 5,
                "updatedReplicas": 2,
                "readyReplicas": 4,
                "availableReplicas": 4,
                "unavailableReplicas": 1,
                "conditions": [
                    {
                        "type": "Available",
                        "status": "True",
                        "lastUpdateTime": ts(now, hours=3),
                        "lastTransitionTime": ts(now, hours=3),
                        "reason": "MinimumReplicasAvailable",
                        "message": "Deployment has minimum availability.",
                    },
                    {
                        "type": "Progressing",
                        "status": "True",
                        "lastUpdateTime": ts(now, seconds=20),
                        "lastTransitionTime": ts(now, hours=3),
                        "reason": "ReplicaSetUpdated",
                        "message": 'ReplicaSet "api-3333" is progressing.',
                    },
                ],
            },
        }
    )

    def rs(name, hash_, image, replicas, status_replicas, age, revision, owner="api"):
        return {
            "apiVersion": "apps/v1",
            "kind": "ReplicaSet",
            "metadata": meta(
                name,
                now=now,
                age=age,
                generation=1,
                labels={"app": "api", "pod-template-hash": hash_},
                annotations={
                    "deployment.kubernetes.io/desired-replicas": "4",
                    "deployment.kubernetes.io/max-replicas": "5",
                    "deployment.kubernetes.io/revision": revision,
                },
                ownerReferences=[
                    {
                        "apiVersion": "apps/v1",
                        "kind": "Deployment",
                        "name": owner,
                        "uid": "uid-" + owner,
                        "controller": True,
                        "blockOwnerDeletion": True,
                    }
                ],
            ),
            "spec": {
                "replicas": replicas,
                "selector": {"matchLabels": {"app": "api", "pod-template-hash": hash_}},
                "template": template(image, hash_),
            },
            "status": {
                "replicas": status_replicas,
                "fullyLabeledReplicas": status_replicas,
                "readyReplicas": status_replicas,
                "availableReplicas": status_replicas,
                "observedGeneration": 1,
            },
        }

    objs.append(rs("api-1111", "1111", "example/api:v1", 0, 0, {"hours": 3}, "1"))
    objs.append(rs("api-2222", "2222", "example/api:v2", 3, 3, {"hours": 2}, "2"))
    new = rs("api-3333", "3333", "example/api:v3", 2, 2, {"minutes": 2}, "3")
    new["status"]["conditions"] = [
        {
            "type": "ReplicaFailure",
            "status": "True",
            "lastTransitionTime": ts(now, minutes=1),
            "reason": "FailedCreate",
            "message": 'pods "api-3333-x" is forbidden: exceeded quota',
        }
    ]
    objs.append(new)
    stray = rs("api-stray", "9999", "example/api:v3", 1, 1, {"minutes": 1}, "1", owner="someone-else")
    objs.append(stray)
    for i, (hash_, phase) in enumerate(
        [
            ("3333", "Running"),
            ("3333", "Pending"),
            ("2222", "Running"),
            ("2222", "Running"),
            ("2222", "Failed"),
            ("2222", "Succeeded"),
        ]
    ):
        name = f"api-{hash_}-p{i}"
        objs.append(
            {
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": meta(
                    name,
                    now=now,
                    labels={"app": "api", "pod-template-hash": hash_},
                    ownerReferences=[
                        {
                            "apiVersion": "apps/v1",
                            "kind": "ReplicaSet",
                            "name": f"api-{hash_}",
                            "uid": f"uid-api-{hash_}",
                            "controller": True,
                        }
                    ],
                ),
                "spec": {"containers": [container("api", "example/api")]},
                "status": {"phase": phase},
            }
        )
    # a bare pod with matching labels but no owner is not counted
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": meta("api-orphan", now=now, labels={"app": "api", "pod-template-hash": "3333"}),
            "spec": {"containers": [container("api", "example/api")]},
            "status": {"phase": "Running"},
        }
    )
    for name, msg, first, last, count in [
        ("a", "Scaled up replica set api-2222 from 0 to 4", 7200, None, 1),
        ("b", "Scaled down replica set api-1111 from 1 to 0", 7000, None, 1),
        ("c", "Scaled up replica set api-3333 from 0 to 1", 120, None, 1),
        ("d", "Scaled down replica set api-2222 from 4 to 3", 90, None, 1),
        ("e", "Scaled up replica set api-3333 from 1 to 2", 60, 30, 2),
    ]:
        objs.append(
            event(
                now,
                name,
                "Deployment",
                "api",
                "Normal",
                "ScalingReplicaSet",
                msg,
                "deployment-controller",
                first=first,
                last=last,
                count=count,
                api_version="apps/v1",
            )
        )
    objs.append(
        event(
            now,
            "f",
            "ReplicaSet",
            "api-3333",
            "Warning",
            "FailedCreate",
            'Error creating: pods "api-3333-x" is forbidden: exceeded quota',
            "replicaset-controller",
            first=70,
            last=15,
            count=4,
            api_version="apps/v1",
        )
    )
    objs.append(
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": meta("batcher", now=now, age={"seconds": 3}, labels={"app": "batcher"}),
            "spec": {
                "replicas": 1,
                "selector": {
                    "matchLabels": {"app": "batcher"},
                    "matchExpressions": [
                        {"key": "tier", "operator": "In", "values": ["worker", "batch"]},
                        {"key": "legacy", "operator": "DoesNotExist"},
                    ],
                },
                "template": {
                    "metadata": {
                        "labels": {"app": "batcher", "tier": "worker"},
                        "annotations": {"prometheus.io/scrape": "true"},
                    },
                    "spec": {
                        "containers": [container("b", "busybox")],
                        "serviceAccountName": "batch-sa",
                        "priorityClassName": "low",
                        "nodeSelector": {"pool": "batch"},
                        "tolerations": [{"key": "batch", "operator": "Exists", "effect": "NoSchedule"}],
                    },
                },
                "strategy": {"type": "Recreate"},
            },
            "status": {},
        }
    )
    return objs


def variation_workloads(now):
    """Job (plain and Indexed), DaemonSet, StatefulSet, PVCs, PVs, ConfigMap and Secrets."""
    objs = ou.gen_objects(now)
    job_labels = {
        "batch.kubernetes.io/controller-uid": "uid-pi",
        "batch.kubernetes.io/job-name": "pi",
        "controller-uid": "uid-pi",
        "job-name": "pi",
    }
    objs.append(
        {
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": meta("pi", now=now, age={"minutes": 12}, labels=job_labels),
            "spec": {
                "parallelism": 1,
                "completions": 1,
                "completionMode": "NonIndexed",
                "suspend": False,
                "backoffLimit": 6,
                "manualSelector": False,
                "podReplacementPolicy": "TerminatingOrFailed",
                "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "uid-pi"}},
                "template": {
                    "metadata": {"creationTimestamp": None, "labels": job_labels},
                    "spec": {
                        "containers": [
                            container("pi", "perl:5.34.0", command=["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"])
                        ],
                        "restartPolicy": "Never",
                    },
                },
            },
            "status": {
                "startTime": ts(now, minutes=12),
                "completionTime": ts(now, minutes=10, seconds=-7),
                "succeeded": 1,
                "ready": 0,
                "terminating": 0,
                "uncountedTerminatedPods": {},
                "conditions": [{"type": "Complete", "status": "True"}],
            },
        }
    )
    objs.append(
        {
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": meta(
                "idx",
                now=now,
                age={"minutes": 2},
                labels={"job-name": "idx"},
                ownerReferences=[
                    {
                        "apiVersion": "batch/v1",
                        "kind": "CronJob",
                        "name": "nightly",
                        "uid": "uid-nightly",
                        "controller": True,
                    }
                ],
            ),
            "spec": {
                "parallelism": 3,
                "completions": 80,
                "completionMode": "Indexed",
                "backoffLimit": 2,
                "ttlSecondsAfterFinished": 100,
                "activeDeadlineSeconds": 3600,
                "selector": {"matchLabels": {"job-name": "idx"}},
                "template": {
                    "metadata": {"labels": {"job-name": "idx"}},
                    "spec": {"containers": [container("w", "busybox")], "restartPolicy": "OnFailure"},
                },
            },
            "status": {
                "startTime": ts(now, minutes=2),
                "active": 3,
                "completedIndexes": "0-9,11,13,15,17,19,21,23,25,27,29,31,33,35,37,39,41-45",
                "failed": 1,
            },
        }
    )
    objs.append(
        event(
            now,
            "a",
            "Job",
            "pi",
            "Normal",
            "SuccessfulCreate",
            "Created pod: pi-abcde",
            "job-controller",
            first=720,
            api_version="batch/v1",
        )
    )
    objs.append(
        event(
            now,
            "b",
            "Job",
            "pi",
            "Normal",
            "Completed",
            "Job completed",
            "job-controller",
            first=607,
            api_version="batch/v1",
        )
    )
    ds_tmpl = {
        "metadata": {"labels": {"name": "fluentd"}},
        "spec": {
            "containers": [
                container(
                    "fluentd",
                    "fluentd:v1.16",
                    resources={"limits": {"memory": "200Mi"}, "requests": {"cpu": "100m", "memory": "200Mi"}},
                    volumeMounts=[{"name": "varlog", "mountPath": "/var/log"}],
                )
            ],
            "volumes": [{"name": "varlog", "hostPath": {"path": "/var/log", "type": ""}}],
            "nodeSelector": {"kubernetes.io/os": "linux"},
            "tolerations": [
                {"key": "node-role.kubernetes.io/control-plane", "operator": "Exists", "effect": "NoSchedule"}
            ],
        },
    }
    objs.append(
        {
            "apiVersion": "apps/v1",
            "kind": "DaemonSet",
            "metadata": meta(
                "fluentd",
                "kube-system",
                now=now,
                age={"days": 2},
                generation=1,
                labels={"k8s-app": "fluentd"},
                annotations={"deprecated.daemonset.template.generation": "1"},
            ),
            "spec": {
                "selector": {"matchLabels": {"name": "fluentd"}},
                "template": ds_tmpl,
                "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}},
                "revisionHistoryLimit": 10,
            },
            "status": {
                "currentNumberScheduled": 2,
                "desiredNumberScheduled": 2,
                "numberAvailable": 1,
                "numberMisscheduled": 0,
                "numberReady": 1,
                "observedGeneration": 1,
                "updatedNumberScheduled": 2,
                "numberUnavailable": 1,
            },
        }
    )
    for i, phase in enumerate(["Running", "Pending"]):
        objs.append(
            {
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": meta(
                    f"fluentd-{i}",
                    "kube-system",
                    now=now,
                    labels={"name": "fluentd"},
                    ownerReferences=[
                        {
                            "apiVersion": "apps/v1",
                            "kind": "DaemonSet",
                            "name": "fluentd",
                            "uid": "uid-fluentd",
                            "controller": True,
                        }
                    ],
                ),
                "spec": {"containers": [container("fluentd", "fluentd:v1.16")]},
                "status": {"phase": phase},
            }
        )
    objs.append(
        {
            "apiVersion": "apps/v1",
            "kind": "StatefulSet",
            "metadata": meta("db", now=now, age={"hours": 5}, labels={"app": "db"}),
            "spec": {
                "replicas": 2,
                "serviceName": "db",
                "podManagementPolicy": "OrderedReady",
                "selector": {"matchLabels": {"app": "db"}},
                "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 1, "maxUnavailable": "50%"}},
                "template": {
                    "metadata": {"labels": {"app": "db"}},
                    "spec": {
                        "containers": [
                            container(
                                "pg",
                                "postgres:16",
                                ports=[{"containerPort": 5432, "protocol": "TCP", "name": "pg"}],
                                env=[{"name": "PGDATA", "value": "/data/pgdata"}],
                                volumeMounts=[{"name": "data", "mountPath": "/data"}],
                            )
                        ]
                    },
                },
                "volumeClaimTemplates": [
                    {
                        "apiVersion": "v1",
                        "kind": "PersistentVolumeClaim",
                        "metadata": {"name": "data", "labels": {"app": "db"}, "annotations": {"note": "fast"}},
                        "spec": {
                            "accessModes": ["ReadWriteOnce"],
                            "storageClassName": "standard",
                            "resources": {"requests": {"storage": "1Gi"}},
                            "volumeMode": "Filesystem",
                        },
                    },
                    {
                        "metadata": {"name": "scratch"},
                        "spec": {"accessModes": ["ReadWriteOnce", "ReadOnlyMany"], "resources": {}},
                    },
                ],
            },
            "status": {"replicas": 2, "readyReplicas": 1, "currentReplicas": 2, "updatedReplicas": 2},
        }
    )
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": meta(
                "db-0",
                now=now,
                labels={"app": "db"},
                ownerReferences=[
                    {"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "db", "uid": "uid-db", "controller": True}
                ],
            ),
            "spec": {
                "containers": [container("pg", "postgres:16")],
                "volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": "data-db-0"}}],
            },
            "status": {"phase": "Running"},
        }
    )
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": meta("backup", now=now),
            "spec": {
                "containers": [container("b", "busybox")],
                "volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": "data-db-0", "readOnly": True}}],
            },
            "status": {"phase": "Running"},
        }
    )
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "PersistentVolumeClaim",
            "metadata": meta(
                "data-db-0",
                now=now,
                labels={"app": "db"},
                finalizers=["kubernetes.io/pvc-protection"],
                annotations={
                    "pv.kubernetes.io/bind-completed": "yes",
                    "volume.kubernetes.io/storage-provisioner": "rancher.io/local-path",
                },
            ),
            "spec": {
                "accessModes": ["ReadWriteOnce"],
                "resources": {"requests": {"storage": "1Gi"}},
                "storageClassName": "standard",
                "volumeMode": "Filesystem",
                "volumeName": "pv-data",
            },
            "status": {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1024Mi"}},
        }
    )
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "PersistentVolumeClaim",
            "metadata": meta("waiting", now=now, finalizers=["kubernetes.io/pvc-protection"]),
            "spec": {
                "accessModes": ["ReadWriteMany", "ReadWriteOnce"],
                "resources": {"requests": {"storage": "5Gi"}},
                "storageClassName": "nfs",
                "volumeMode": "Block",
                "dataSource": {"apiGroup": "snapshot.storage.k8s.io", "kind": "VolumeSnapshot", "name": "snap-1"},
            },
            "status": {
                "phase": "Pending",
                "conditions": [
                    {
                        "type": "Resizing",
                        "status": "True",
                        "lastProbeTime": None,
                        "lastTransitionTime": ts(now, minutes=3),
                        "reason": "",
                        "message": "",
                    }
                ],
            },
        }
    )
    objs.append(
        event(
            now,
            "a",
            "PersistentVolumeClaim",
            "waiting",
            "Normal",
            "WaitForFirstConsumer",
            "waiting for first consumer to be created before binding",
            "persistentvolume-controller",
            first=400,
            last=5,
            count=27,
        )
    )
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "PersistentVolume",
            "metadata": meta(
                "pv-data",
                None,
                now=now,
                finalizers=["kubernetes.io/pv-protection"],
                annotations={"pv.kubernetes.io/provisioned-by": "rancher.io/local-path"},
            ),
            "spec": {
                "capacity": {"storage": "1Gi"},
                "accessModes": ["ReadWriteOnce"],
                "persistentVolumeReclaimPolicy": "Delete",
                "storageClassName": "standard",
                "volumeMode": "Filesystem",
                "claimRef": {
                    "kind": "PersistentVolumeClaim",
                    "namespace": "default",
                    "name": "data-db-0",
                    "uid": "uid-data-db-0",
                },
                "hostPath": {"path": "/var/local-path-provisioner/pv-data", "type": "DirectoryOrCreate"},
                "nodeAffinity": {
                    "required": {
                        "nodeSelectorTerms": [
                            {
                                "matchExpressions": [
                                    {
                                        "key": "kubernetes.io/hostname",
                                        "operator": "In",
                                        "values": ["kind-worker", "kind-worker2"],
                                    },
                                    {"key": "disk", "operator": "Exists"},
                                ]
                            },
                            {"matchExpressions": [{"key": "zone", "operator": "NotIn", "values": ["z9"]}]},
                        ]
                    }
                },
            },
            "status": {"phase": "Bound"},
        }
    )
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "PersistentVolume",
            "metadata": meta("pv-nfs", None, now=now),
            "spec": {
                "capacity": {"storage": "500G"},
                "accessModes": ["ReadWriteMany", "ReadOnlyMany"],
                "persistentVolumeReclaimPolicy": "Retain",
                "nfs": {"server": "10.0.0.5", "path": "/exports/a"},
                "mountOptions": ["hard"],
            },
            "status": {"phase": "Available", "message": "ready for binding"},
        }
    )
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": meta("cfg", now=now, labels={"app": "shop"}),
            "data": {"app.conf": "color=blue\nsize=10\n"},
            "binaryData": {"logo.png": "iVBORw0KGgo="},
        }
    )
    objs.append({"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta("empty-cfg", now=now)})
    objs.append(event(now, "a", "ConfigMap", "cfg", "Normal", "Updated", "config updated", "tester", first=30))
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": meta("tls-secret", now=now, annotations={"cert-manager.io/issuer": "ca"}),
            "type": "kubernetes.io/tls",
            "data": {"tls.crt": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==", "tls.key": "a2V5"},
        }
    )
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": meta(
                "sa-token",
                now=now,
                annotations={
                    "kubernetes.io/service-account.name": "default",
                    "kubernetes.io/service-account.uid": "uid-default",
                },
            ),
            "type": "kubernetes.io/service-account-token",
            "data": {"token": "ZXlKaGJHY2lPaUpTVXpJMU5pSjk="},
        }
    )
    objs.append({"apiVersion": "v1", "kind": "Secret", "metadata": meta("nothing", now=now), "type": "Opaque"})
    return objs


def variation_ingress_and_namespaces(now):
    """Ingresses without rules / with TLS, host-less rules and resource backends; a namespace with
    quotas and limit ranges; a terminating namespace with conditions."""
    objs = ou.gen_objects(now)
    objs.append(
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "Ingress",
            "metadata": meta("bare", now=now),
            "spec": {},
            "status": {"loadBalancer": {}},
        }
    )
    objs.append(
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "Ingress",
            "metadata": meta(
                "tls",
                now=now,
                labels={"team": "web"},
                annotations={"nginx.ingress.kubernetes.io/rewrite-target": "/", "example.com/a": "b"},
            ),
            "spec": {
                "tls": [
                    {"hosts": ["a.example.com", "b.example.com"], "secretName": "tls-secret"},
                    {"hosts": ["c.example.com"]},
                ],
                "rules": [
                    {
                        "http": {
                            "paths": [
                                {
                                    "path": "/",
                                    "pathType": "Prefix",
                                    "backend": {"service": {"name": "kubernetes", "port": {"number": 443}}},
                                }
                            ]
                        }
                    },
                    {"host": "a.example.com"},
                    {
                        "host": "b.example.com",
                        "http": {
                            "paths": [
                                {
                                    "path": "/static",
                                    "pathType": "ImplementationSpecific",
                                    "backend": {
                                        "resource": {
                                            "apiGroup": "k8s.example.com",
                                            "kind": "StorageBucket",
                                            "name": "static-assets",
                                        }
                                    },
                                },
                                {
                                    "path": "/web",
                                    "pathType": "Exact",
                                    "backend": {"service": {"name": "web", "port": {"number": 8080}}},
                                },
                                {
                                    "path": "/nomatch",
                                    "pathType": "Exact",
                                    "backend": {"service": {"name": "web", "port": {"number": 9999}}},
                                },
                            ]
                        },
                    },
                ],
            },
            "status": {
                "loadBalancer": {
                    "ingress": [{"ip": "172.18.0.9"}, {"hostname": "ing.example.com"}, {"ip": "172.18.0.10"}]
                }
            },
        }
    )
    objs.append(
        event(
            now,
            "a",
            "Ingress",
            "tls",
            "Normal",
            "Sync",
            "Scheduled for sync",
            "nginx-ingress-controller",
            first=300,
            last=60,
            count=2,
            api_version="networking.k8s.io/v1",
        )
    )
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "Namespace",
            "metadata": meta(
                "team", None, now=now, labels={"kubernetes.io/metadata.name": "team"}, annotations={"owner": "alice"}
            ),
            "spec": {"finalizers": ["kubernetes"]},
            "status": {"phase": "Active"},
        }
    )
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "ResourceQuota",
            "metadata": meta("compute", "team", now=now),
            "spec": {"hard": {"requests.cpu": "4", "requests.memory": "8Gi", "pods": "10"}},
            "status": {
                "hard": {"requests.cpu": "4", "requests.memory": "8Gi", "pods": "10"},
                "used": {"requests.cpu": "1500m", "requests.memory": "1073741824", "pods": "3"},
            },
        }
    )
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "ResourceQuota",
            "metadata": meta("besteffort", "team", now=now),
            "spec": {"hard": {"pods": "5"}, "scopes": ["BestEffort", "NotTerminating"]},
            "status": {"hard": {"pods": "5"}, "used": {"pods": "0"}},
        }
    )
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "LimitRange",
            "metadata": meta("limits", "team", now=now),
            "spec": {
                "limits": [
                    {"type": "Container", "default": {"cpu": "500m"}},
                    {"type": "Pod", "max": {"memory": "2Gi"}},
                    {"type": "PersistentVolumeClaim", "min": {"storage": "1Gi"}},
                ]
            },
        }
    )
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "Namespace",
            "metadata": meta("dying", None, now=now, deletionTimestamp=ts(now, seconds=30)),
            "spec": {"finalizers": ["kubernetes"]},
            "status": {
                "phase": "Terminating",
                "conditions": [
                    {
                        "type": "NamespaceDeletionDiscoveryFailure",
                        "status": "False",
                        "lastTransitionTime": ts(now, seconds=29),
                        "reason": "ResourcesDiscovered",
                        "message": "All resources successfully discovered",
                    },
                    {
                        "type": "NamespaceContentRemaining",
                        "status": "True",
                        "lastTransitionTime": ts(now, seconds=28),
                        "reason": "SomeResourcesRemain",
                        "message": "Some resources are remaining: pods. has 1 resource instances",
                    },
                ],
            },
        }
    )
    return objs


def variation_nodes(now):
    """A cordoned node with several taints, a lease with an acquire time, events keyed by the node uid and
    by its name, pods from several namespaces with init/sidecar containers, overhead, GPUs and hugepages."""
    objs = ou.gen_objects(now)
    node = copy.deepcopy(ou.find(objs, "Node", "kind-worker"))
    node["metadata"].update(
        name="gpu-1",
        uid="uid-gpu-1",
        labels={
            "kubernetes.io/hostname": "gpu-1",
            "kubernetes.io/role": "gpu",
            "node-role.kubernetes.io/worker": "",
            "node-role.kubernetes.io/": "",
        },
    )
    node["spec"] = {
        "unschedulable": True,
        "taints": [
            {"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule", "timeAdded": ts(now, minutes=5)},
            {"key": "nvidia.com/gpu", "value": "present", "effect": "NoSchedule"},
            {"key": "dedicated", "value": "ml", "effect": "NoExecute"},
            {"key": "bare"},
        ],
    }
    cap = {
        "cpu": "8",
        "memory": "32Gi",
        "pods": "110",
        "nvidia.com/gpu": "2",
        "hugepages-1Gi": "2Gi",
        "hugepages-2Mi": "512Mi",
        "example.com/dongle": "3",
    }
    node["status"]["capacity"] = cap
    node["status"]["allocatable"] = dict(cap, cpu="7900m", memory="31Gi")
    node["status"]["addresses"] = [
        {"type": "InternalIP", "address": "172.18.0.7"},
        {"type": "Hostname", "address": "gpu-1"},
    ]
    objs.append(node)
    objs.append(
        {
            "apiVersion": "coordination.k8s.io/v1",
            "kind": "Lease",
            "metadata": meta("gpu-1", "kube-node-lease", now=now),
            "spec": {
                "holderIdentity": "gpu-1",
                "leaseDurationSeconds": 40,
                "acquireTime": ts(now, days=1).replace("Z", ".000000Z"),
                "renewTime": ts(now, seconds=3).replace("Z", ".000000Z"),
            },
        }
    )
    objs.append(
        event(
            now,
            "a",
            "Node",
            "gpu-1",
            "Normal",
            "NodeNotSchedulable",
            "Node gpu-1 status is now: NodeNotSchedulable",
            "kubelet",
            first=300,
            uid="gpu-1",
            inv_ns="",
        )
    )
    objs.append(
        event(
            now,
            "b",
            "Node",
            "gpu-1",
            "Normal",
            "RegisteredNode",
            "Node gpu-1 event: Registered Node gpu-1 in Controller",
            "node-controller",
            first=86400,
            inv_ns="",
        )
    )
    objs.append(
        event(
            now,
            "c",
            "Node",
            "gpu-1",
            "Normal",
            "Starting",
            "Starting kubelet.",
            "kubelet",
            first=86401,
            uid="gpu-1",
            inv_ns="",
            ns="kube-system",
        )
    )

    def pod(name, ns, containers, init=(), overhead=None, phase="Running", age=None):
        spec = {"nodeName": "gpu-1", "containers": containers}
        if init:
            spec["initContainers"] = list(init)
        if overhead:
            spec["overhead"] = overhead
        return {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": meta(name, ns, now=now, age=age or {"minutes": 42}),
            "spec": spec,
            "status": {"phase": phase},
        }

    def res(req=None, lim=None):
        r = {}
        if req:
            r["requests"] = req
        if lim:
            r["limits"] = lim
        return r

    objs.append(
        pod(
            "trainer",
            "ml",
            [
                container(
                    "train",
                    "trainer",
                    resources=res(
                        {"cpu": "2", "memory": "8Gi", "nvidia.com/gpu": "2"},
                        {"cpu": "4", "memory": "16Gi", "nvidia.com/gpu": "2"},
                    ),
                ),
                container(
                    "logger",
                    "fluent",
                    resources=res(
                        {"cpu": "100m", "memory": "128Mi", "hugepages-2Mi": "256Mi"},
                        {"memory": "128Mi", "hugepages-2Mi": "256Mi"},
                    ),
                ),
            ],
            init=[
                container("prep", "busybox", resources=res({"cpu": "3", "memory": "1Gi"}, {"cpu": "3"})),
                container(
                    "proxy",
                    "envoy",
                    restartPolicy="Always",
                    resources=res({"cpu": "250m", "memory": "64Mi", "example.com/dongle": "1"}),
                ),
            ],
            overhead={"cpu": "250m", "memory": "120Mi"},
            age={"hours": 26},
        )
    )
    objs.append(
        pod("agent", "kube-system", [container("agent", "agent", resources=res({"cpu": "50m", "memory": "50M"}))])
    )
    objs.append(pod("done", "ml", [container("x", "x", resources=res({"cpu": "1"}))], phase="Succeeded"))
    objs.append(pod("crashed", "ml", [container("x", "x", resources=res({"cpu": "1"}))], phase="Failed"))
    objs.append(pod("waiting", "default", [container("x", "x")], phase="Pending", age={"seconds": 5}))
    return objs


def variation_more_kinds(now):
    """Kinds with their own (smaller) kubectl describers, and rarer pod volume sources."""
    objs = ou.gen_objects(now)
    pod = copy.deepcopy(ou.find(objs, "Pod", "once"))
    pod["metadata"].update(name="podres", uid="uid-podres")
    pod["spec"]["resources"] = {"limits": {"cpu": "1", "memory": "1Gi"}, "requests": {"cpu": "500m"}}
    pod["spec"]["volumes"] += [
        {
            "name": "eph",
            "ephemeral": {
                "volumeClaimTemplate": {
                    "metadata": {"labels": {"type": "scratch"}},
                    "spec": {
                        "accessModes": ["ReadWriteOnce"],
                        "storageClassName": "fast",
                        "resources": {"requests": {"storage": "1Gi"}},
                        "volumeMode": "Filesystem",
                    },
                }
            },
        },
        {"name": "img", "image": {"reference": "quay.io/x/y:1", "pullPolicy": "IfNotPresent"}},
        {"name": "gce", "gcePersistentDisk": {"pdName": "d1", "fsType": "ext4"}},
        {
            "name": "ebs",
            "awsElasticBlockStore": {"volumeID": "vol-1", "fsType": "xfs", "partition": 1, "readOnly": True},
        },
        {"name": "git", "gitRepo": {"repository": "https://example.com/r.git", "revision": "main"}},
    ]
    objs.append(pod)
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "PersistentVolume",
            "metadata": meta("pv-gce", None, now=now),
            "spec": {
                "capacity": {"storage": "10Gi"},
                "accessModes": ["ReadWriteOncePod"],
                "persistentVolumeReclaimPolicy": "Retain",
                "gcePersistentDisk": {"pdName": "disk-9"},
            },
            "status": {"phase": "Released"},
        }
    )
    objs.append(
        {
            "apiVersion": "batch/v1",
            "kind": "CronJob",
            "metadata": meta("nightly", now=now, age={"days": 3}, labels={"app": "report"}),
            "spec": {
                "schedule": "0 2 * * *",
                "concurrencyPolicy": "Forbid",
                "suspend": False,
                "successfulJobsHistoryLimit": 3,
                "failedJobsHistoryLimit": 1,
                "startingDeadlineSeconds": 200,
                "jobTemplate": {
                    "metadata": {"creationTimestamp": None},
                    "spec": {
                        "backoffLimit": 2,
                        "activeDeadlineSeconds": 600,
                        "template": {
                            "metadata": {"labels": {"app": "report"}},
                            "spec": {
                                "containers": [container("report", "busybox", args=["date"])],
                                "restartPolicy": "OnFailure",
                            },
                        },
                    },
                },
            },
            "status": {
                "lastScheduleTime": ts(now, hours=5),
                "active": [
                    {"kind": "Job", "namespace": "default", "name": "nightly-1", "uid": "j1", "apiVersion": "batch/v1"},
                    {"kind": "Job", "namespace": "default", "name": "nightly-2", "uid": "j2", "apiVersion": "batch/v1"},
                ],
            },
        }
    )
    objs.append(
        {
            "apiVersion": "batch/v1",
            "kind": "CronJob",
            "metadata": meta("fresh", now=now),
            "spec": {
                "schedule": "*/5 * * * *",
                "jobTemplate": {
                    "spec": {
                        "template": {"spec": {"containers": [container("x", "busybox")], "restartPolicy": "Never"}}
                    }
                },
            },
            "status": {},
        }
    )
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "ServiceAccount",
            "metadata": meta("builder", now=now, labels={"team": "ci"}),
            "secrets": [{"name": "builder-token"}, {"name": "gone"}],
            "imagePullSecrets": [{"name": "regcred"}, {"name": "db-secret"}],
        }
    )
    objs.append({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta("default", now=now)})
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": meta(
                "builder-token",
                now=now,
                annotations={
                    "kubernetes.io/service-account.name": "builder",
                    "kubernetes.io/service-account.uid": "uid-builder",
                },
            ),
            "type": "kubernetes.io/service-account-token",
            "data": {"token": "dG9r"},
        }
    )
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": meta("db-secret", now=now),
            "type": "Opaque",
            "data": {"a": "Yg=="},
        }
    )
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "ResourceQuota",
            "metadata": meta("compute", now=now),
            "spec": {
                "hard": {"requests.cpu": "4", "requests.memory": "8Gi", "pods": "10", "count/configmaps": "5"},
                "scopes": ["NotBestEffort"],
            },
            "status": {
                "hard": {"requests.cpu": "4", "requests.memory": "8Gi", "pods": "10", "count/configmaps": "5"},
                "used": {"requests.cpu": "1500m", "requests.memory": "1073741824", "pods": "3"},
            },
        }
    )
    objs.append(
        {
            "apiVersion": "v1",
            "kind": "LimitRange",
            "metadata": meta("limits", now=now),
            "spec": {
                "limits": [
                    {"type": "Container", "max": {"cpu": "2"}},
                    {"type": "Pod", "maxLimitRequestRatio": {"memory": "4"}},
                ]
            },
        }
    )
    objs.append(
        {
            "apiVersion": "policy/v1",
            "kind": "PodDisruptionBudget",
            "metadata": meta("web-pdb", now=now),
            "spec": {"minAvailable": "50%", "selector": {"matchLabels": {"app": "web"}}},
            "status": {
                "disruptionsAllowed": 1,
                "currentHealthy": 3,
                "desiredHealthy": 2,
                "expectedPods": 3,
                "observedGeneration": 1,
            },
        }
    )
    objs.append(
        {
            "apiVersion": "policy/v1",
            "kind": "PodDisruptionBudget",
            "metadata": meta("db-pdb", now=now),
            "spec": {"maxUnavailable": 1},
            "status": {},
        }
    )
    objs.append(
        {
            "apiVersion": "scheduling.k8s.io/v1",
            "kind": "PriorityClass",
            "metadata": meta("high", None, now=now, annotations={"owner": "sre"}),
            "value": 100000,
            "globalDefault": False,
            "preemptionPolicy": "PreemptLowerPriority",
            "description": "For important pods.",
        }
    )
    objs.append(
        {
            "apiVersion": "storage.k8s.io/v1",
            "kind": "StorageClass",
            "metadata": meta(
                "standard", None, now=now, annotations={"storageclass.kubernetes.io/is-default-class": "true"}
            ),
            "provisioner": "rancher.io/local-path",
            "reclaimPolicy": "Delete",
            "volumeBindingMode": "WaitForFirstConsumer",
        }
    )
    objs.append(
        {
            "apiVersion": "storage.k8s.io/v1",
            "kind": "StorageClass",
            "metadata": meta("fast", None, now=now),
            "provisioner": "pd.csi.storage.gke.io",
            "parameters": {"type": "pd-ssd", "replication-type": "none"},
            "allowVolumeExpansion": True,
            "mountOptions": ["debug", "noatime"],
            "allowedTopologies": [
                {"matchLabelExpressions": [{"key": "topology.kubernetes.io/zone", "values": ["a", "b"]}]}
            ],
        }
    )
    objs.append(
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "IngressClass",
            "metadata": meta(
                "nginx", None, now=now, annotations={"ingressclass.kubernetes.io/is-default-class": "true"}
            ),
            "spec": {
                "controller": "k8s.io/ingress-nginx",
                "parameters": {"apiGroup": "k8s.example.com", "kind": "IngressParameters", "name": "external-lb"},
            },
        }
    )
    objs.append(
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": meta("db-policy", now=now),
            "spec": {
                "podSelector": {"matchLabels": {"role": "db"}},
                "policyTypes": ["Ingress", "Egress"],
                "ingress": [
                    {
                        "from": [
                            {"ipBlock": {"cidr": "172.17.0.0/16", "except": ["172.17.1.0/24"]}},
                            {"namespaceSelector": {"matchLabels": {"project": "myproject"}}},
                            {"podSelector": {"matchLabels": {"role": "frontend"}}},
                            {
                                "namespaceSelector": {"matchLabels": {"team": "a"}},
                                "podSelector": {"matchLabels": {"app": "x"}},
                            },
                        ],
                        "ports": [{"protocol": "TCP", "port": 6379}, {"port": 32000, "endPort": 32768}],
                    },
                    {},
                ],
                "egress": [
                    {"to": [{"ipBlock": {"cidr": "10.0.0.0/24"}}], "ports": [{"protocol": "UDP", "port": "dns"}]}
                ],
            },
        }
    )
    objs.append(
        {
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": meta("deny-all", now=now),
            "spec": {"podSelector": {}, "policyTypes": ["Ingress"]},
        }
    )
    objs.append(
        {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "RoleBinding",
            "metadata": meta("read-pods", now=now),
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "pod-reader"},
            "subjects": [
                {"kind": "User", "name": "jane", "apiGroup": "rbac.authorization.k8s.io"},
                {"kind": "ServiceAccount", "name": "builder", "namespace": "default"},
            ],
        }
    )
    objs.append(
        {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "ClusterRoleBinding",
            "metadata": meta("admins", None, now=now),
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"},
            "subjects": [{"kind": "Group", "name": "system:masters", "apiGroup": "rbac.authorization.k8s.io"}],
        }
    )
    objs.append(
        event(
            now,
            "a",
            "CronJob",
            "nightly",
            "Normal",
            "SuccessfulCreate",
            "Created job nightly-2",
            "cronjob-controller",
            first=18000,
            api_version="batch/v1",
        )
    )
    return objs


VARIATIONS = {
    "pods": (
        variation_pods,
        [("pod", "multi", None), ("pod", "leaving", None), ("pod", "bare", None), ("pod", "noisy", None)],
    ),
    "services": (
        variation_services,
        [
            ("svc", "shop", None),
            ("svc", "hl", None),
            ("svc", "ext", None),
            ("svc", "lonely", None),
            ("ep", "shop", None),
            ("ep", "lonely", None),
            ("endpointslices", "shop-abcde", None),
            ("endpointslices", "shop-fghij", None),
            ("endpointslices", "hl-xyz", None),
        ],
    ),
    "rollout": (
        variation_rollout,
        [
            ("deploy", "api", None),
            ("rs", "api-3333", None),
            ("rs", "api-2222", None),
            ("rs", "api-1111", None),
            ("rs", "api-stray", None),
            ("deploy", "batcher", None),
        ],
    ),
    "workloads": (
        variation_workloads,
        [
            ("job", "pi", None),
            ("job", "idx", None),
            ("ds", "fluentd", "kube-system"),
            ("sts", "db", None),
            ("pvc", "data-db-0", None),
            ("pvc", "waiting", None),
            ("pv", "pv-data", None),
            ("pv", "pv-nfs", None),
            ("cm", "cfg", None),
            ("cm", "empty-cfg", None),
            ("secret", "sa-token", None),
            ("secret", "nothing", None),
        ],
    ),
    "ingress-ns": (
        variation_ingress_and_namespaces,
        [("ing", "bare", None), ("ing", "tls", None), ("ns", "team", None), ("ns", "dying", None)],
    ),
    "nodes": (variation_nodes, [("node", "gpu-1", None)]),
    "more-kinds": (
        variation_more_kinds,
        [
            ("pod", "podres", None),
            ("pv", "pv-gce", None),
            ("cronjob", "nightly", None),
            ("cronjob", "fresh", None),
            ("sa", "builder", None),
            ("sa", "default", None),
            ("quota", "compute", None),
            ("limits", "limits", None),
            ("pdb", "web-pdb", None),
            ("pdb", "db-pdb", None),
            ("priorityclass", "high", None),
            ("sc", "standard", None),
            ("sc", "fast", None),
            ("ingressclass", "nginx", None),
            ("netpol", "db-policy", None),
            ("netpol", "deny-all", None),
            ("rolebinding", "read-pods", None),
            ("clusterrolebinding", "admins", None),
        ],
    ),
}


@pytest.mark.kubectl
@needs_kubectl
@pytest.mark.parametrize("variation", list(VARIATIONS))
def test_live_variation(variation):
    build, targets = VARIATIONS[variation]
    now = ou.wall_now()
    objs = build(now)
    failures = []
    with ou.FakeAPIServer(objs) as server:
        for type_name, name, namespace in targets:
            ok, diff = ou.compare_with_kubectl(server, objs, now, type_name, name, namespace)
            if not ok:
                failures.append(f"--- describe {type_name} {name}\n{diff}")
    assert not failures, "\n" + "\n".join(failures)


def _sort_data_section(text: str) -> str:
    """Secret data lines come from a Go map iteration (random order): sort the lines after `====`."""
    head, sep, tail = text.partition("Data\n====\n")
    return head + sep + "\n".join(sorted(tail.rstrip("\n").split("\n"))) + "\n"


@pytest.mark.kubectl
@needs_kubectl
def test_live_secret_with_several_keys():
    """kubectl prints Secret data in Go map order (random); we print it sorted, which kubectl matches
    once its lines are sorted too. Alignment is per column block, so it does not depend on the order."""
    now = ou.wall_now()
    objs = variation_workloads(now)
    with ou.FakeAPIServer(objs) as server:
        real, before, after = server.describe("secret", "tls-secret")
    ours = ou.our_describe(objs, "secret", "tls-secret", None, now, int(before - now.timestamp()))
    assert ours == _sort_data_section(ours)
    assert _sort_data_section(real) == ours, "\n" + ou.show_diff(_sort_data_section(real), ours)
