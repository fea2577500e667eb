"""Server-side defaulting: the fields the API server fills in when it stores an object.

Follows ``reference/k8s-behavior.md`` §12 (sources: ``pkg/apis/core/v1/defaults.go``,
``pkg/apis/apps/v1/defaults.go``, ``pkg/apis/batch/v1/defaults.go``, the admission plugins
ServiceAccount, Priority and DefaultTolerationSeconds, and the registries' PrepareForCreate).
Each default carries a comment naming its section. Objects are changed in place; callers pass
copies. Service IPs and node ports are allocated in ``allocation.py``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from .apierrors import format_selector_value
from .messages import Issue, issue

NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"  # §3: apimachinery rand.String alphabet
SA_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount"
DEFAULT_TOLERATION_SECONDS = 300  # §8 admission DefaultTolerationSeconds


def random_suffix(rng: random.Random, n: int = 5) -> str:
    """§3: what generateName appends (5 chars from the no-vowel alphabet)."""
    return "".join(rng.choice(NAME_ALPHABET) for _ in range(n))


def apply_defaults(obj: dict, *, rng: random.Random, creating: bool = True) -> list[Issue]:
    """Fill in the server's defaults for ``obj`` (in place); returns errors found while defaulting."""
    kind = obj.get("kind")
    obj.setdefault("metadata", {})
    defaulter = _DEFAULTERS.get(kind)
    if defaulter is None:
        return []
    return defaulter(obj, rng, creating) or []


# --- Pod, PodSpec, Container -----------------------------------------------------------------


def image_pull_policy(image: str) -> str:
    """§12: Always for `:latest` or no tag and no digest; IfNotPresent otherwise."""
    if "@" in image:
        return "IfNotPresent"
    last = image.rsplit("/", 1)[-1]
    if ":" not in last:
        return "Always"
    return "Always" if last.rsplit(":", 1)[1] == "latest" else "IfNotPresent"


def _container(c: dict, is_pod: bool) -> None:
    if not isinstance(c, dict):
        return
    if isinstance(c.get("image"), str):
        c.setdefault("imagePullPolicy", image_pull_policy(c["image"]))  # §12 imagePullPolicy
    c.setdefault("terminationMessagePath", "/dev/termination-log")  # §12
    c.setdefault("terminationMessagePolicy", "File")  # §12
    resources = c.setdefault("resources", {})  # §12 resources {}
    _canonical_resources(resources)  # quantities are stored in canonical form
    if is_pod and isinstance(resources, dict) and resources.get("limits"):
        # §12: on a Pod (not templates) missing requests are copied from limits
        requests = resources.setdefault("requests", {})
        for name, value in resources["limits"].items():
            requests.setdefault(name, value)
    for port in c.get("ports") or []:
        if isinstance(port, dict):
            port.setdefault("protocol", "TCP")  # §12 ports[].protocol
    for env in c.get("env") or []:
        field_ref = (env.get("valueFrom") or {}).get("fieldRef") if isinstance(env, dict) else None
        if isinstance(field_ref, dict):
            field_ref.setdefault("apiVersion", "v1")  # core/v1 defaults: ObjectFieldSelector
    for probe_name in ("livenessProbe", "readinessProbe", "startupProbe"):
        probe = c.get(probe_name)
        if isinstance(probe, dict):
            _probe(probe)
    for hook in ((c.get("lifecycle") or {}).get(h) for h in ("postStart", "preStop")):
        if isinstance(hook, dict) and isinstance(hook.get("httpGet"), dict):
            _http_get(hook["httpGet"])


def _probe(probe: dict) -> None:
    # §12 / §16 probe defaults (SetDefaults_Probe); initialDelaySeconds 0 is omitted like the server does
    probe.setdefault("timeoutSeconds", 1)
    probe.setdefault("periodSeconds", 10)
    probe.setdefault("successThreshold", 1)
    probe.setdefault("failureThreshold", 3)
    if isinstance(probe.get("httpGet"), dict):
        _http_get(probe["httpGet"])


def _http_get(action: dict) -> None:
    action.setdefault("path", "/")  # §12 httpGet path
    action.setdefault("scheme", "HTTP")  # §12 httpGet scheme


def _volume(volume: dict) -> None:
    if not isinstance(volume, dict):
        return
    sources = [k for k in volume if k != "name"]
    if not sources:
        volume["emptyDir"] = {}  # §12 volumes without source
    for source in ("secret", "configMap", "projected", "downwardAPI"):
        if isinstance(volume.get(source), dict):
            volume[source].setdefault("defaultMode", 420)  # §12 defaultMode 420 (0644)
    if isinstance(volume.get("emptyDir"), dict) and "sizeLimit" in volume["emptyDir"]:
        volume["emptyDir"]["sizeLimit"] = canonical_quantity(volume["emptyDir"]["sizeLimit"])
    if isinstance(volume.get("hostPath"), dict):
        volume["hostPath"].setdefault("type", "")  # core/v1 SetDefaults_HostPathVolumeSource
    for item in (volume.get("downwardAPI") or {}).get("items") or []:
        if isinstance(item, dict) and isinstance(item.get("fieldRef"), dict):
            item["fieldRef"].setdefault("apiVersion", "v1")


def _pod_spec(spec: dict, is_pod: bool) -> None:
    """§12 PodSpec/Container defaults, shared by Pods and every pod template."""
    if not isinstance(spec, dict):
        return
    spec.setdefault("restartPolicy", "Always")  # §12
    spec.setdefault("dnsPolicy", "ClusterFirst")  # §12
    spec.setdefault("terminationGracePeriodSeconds", 30)  # §12
    spec.setdefault("securityContext", {})  # §12
    spec.setdefault("schedulerName", "default-scheduler")  # §12
    for volume in spec.get("volumes") or []:
        _volume(volume)
    for key in ("initContainers", "containers"):
        for c in spec.get(key) or []:
            _container(c, is_pod)
            if spec.get("hostNetwork") and isinstance(c, dict):
                for port in c.get("ports") or []:  # core/v1 SetDefaults_PodSpec: hostNetwork pods
                    if isinstance(port, dict) and "containerPort" in port:
                        port.setdefault("hostPort", port["containerPort"])


def _pod_template(template: Any) -> None:
    """§12: templates get only the PodSpec/Container defaults (no SA volume, tolerations, priority)."""
    if not isinstance(template, dict):
        return
    meta = template.setdefault("metadata", {})
    if isinstance(meta, dict):
        meta.setdefault("creationTimestamp", None)  # how a v1.32 server stores an unset template time
    _pod_spec(template.get("spec"), is_pod=False)


def _default_pod(pod: dict, rng: random.Random, creating: bool) -> None:
    spec = pod.get("spec")
    if not isinstance(spec, dict):
        return
    _pod_spec(spec, is_pod=True)
    spec.setdefault("enableServiceLinks", True)  # §12 enableServiceLinks (Pod only)
    if not creating:
        return
    # Admission plugins run on create only.
    if spec.get("serviceAccount") and not spec.get("serviceAccountName"):
        spec["serviceAccountName"] = spec["serviceAccount"]  # deprecated alias wins when alone
    spec.setdefault("serviceAccountName", "default")  # §12 admission ServiceAccount
    spec["serviceAccount"] = spec["serviceAccountName"]
    if spec.get("automountServiceAccountToken") is not False:
        _mount_service_account_token(spec, rng)
    spec.setdefault("priority", 0)  # §12 admission Priority
    spec.setdefault("preemptionPolicy", "PreemptLowerPriority")  # §12 admission Priority
    _default_tolerations(spec)
    # Registry PrepareForCreate: status starts over as Pending with the computed QoS class (§12).
    pod["status"] = {"phase": "Pending", "qosClass": qos_class(spec)}


def _mount_service_account_token(spec: dict, rng: random.Random) -> None:
    """§12 admission ServiceAccount: projected kube-api-access-xxxxx volume, mounted read-only."""
    containers = [c for key in ("initContainers", "containers") for c in spec.get(key) or [] if isinstance(c, dict)]
    if any(m.get("mountPath") == SA_MOUNT_PATH for c in containers for m in c.get("volumeMounts") or []):
        return
    name = "kube-api-access-" + random_suffix(rng)  # §3 projected SA volume name
    volumes = spec.setdefault("volumes", [])
    volumes.append({
        "name": name,
        "projected": {
            "defaultMode": 420,
            "sources": [
                {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
                {"downwardAPI": {"items": [
                    {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"},
                ]}},
            ],
        },
    })
    for c in containers:
        c.setdefault("volumeMounts", []).append({"mountPath": SA_MOUNT_PATH, "name": name, "readOnly": True})


def tolerates(toleration: dict, key: str, effect: str) -> bool:
    """Whether ``toleration`` tolerates a taint with ``key``/``effect`` (any value)."""
    if toleration.get("effect") and toleration["effect"] != effect:
        return False
    if not toleration.get("key"):
        return toleration.get("operator") == "Exists"
    return toleration["key"] == key and toleration.get("operator", "Equal") == "Exists"


def _default_tolerations(spec: dict) -> None:
    """§8/§12 admission DefaultTolerationSeconds: not-ready and unreachable, NoExecute, 300 s."""
    tolerations = spec.get("tolerations")
    if not isinstance(tolerations, list):
        tolerations = []
    for key in ("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"):
        if not any(isinstance(t, dict) and tolerates(t, key, "NoExecute") for t in tolerations):
            tolerations.append({"effect": "NoExecute", "key": key, "operator": "Exists",
                                "tolerationSeconds": DEFAULT_TOLERATION_SECONDS})
    spec["tolerations"] = tolerations


_QUANTITY = re.compile(r"^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$")
_SUFFIX = {
    "": 1, "n": Fraction(1, 10**9), "u": Fraction(1, 10**6), "m": Fraction(1, 1000), "k": 10**3, "M": 10**6,
    "G": 10**9, "T": 10**12, "P": 10**15, "E": 10**18, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40,
    "Pi": 2**50, "Ei": 2**60,
}


def parse_quantity(text: Any) -> Fraction:
    """A resource quantity (``500m``, ``128Mi``, ``1e3``, ``2``) as an exact number; ValueError if malformed."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return Fraction(text)
    match = _QUANTITY.match(str(text).strip())
    if not match:
        raise ValueError(f"quantities must match the regular expression '{_QUANTITY.pattern}'")
    number, suffix = match.groups()
    value = Fraction(number)
    if suffix in _SUFFIX:
        return value * _SUFFIX[suffix]
    if suffix[:1] in "eE":
        return value * Fraction(10) ** int(suffix[1:])
    raise ValueError(f"unable to parse quantity's suffix {suffix!r}")


_DECIMAL_SUFFIX = {-9: "n", -6: "u", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E"}
_BINARY_SUFFIX = ((60, "Ei"), (50, "Pi"), (40, "Ti"), (30, "Gi"), (20, "Mi"), (10, "Ki"))


def canonical_quantity(text: Any) -> Any:
    """A quantity as the API server stores it (apimachinery Quantity.String): ``0.5`` -> ``500m``,
    ``1024Mi`` -> ``1Gi``, ``1`` (a YAML number) -> ``"1"``. Malformed values are left alone."""
    try:
        value = parse_quantity(text)
    except (ValueError, ZeroDivisionError):
        return text
    raw = str(text).strip()
    suffix = _QUANTITY.match(raw).group(2) if isinstance(text, str) and _QUANTITY.match(raw) else ""
    binary = suffix.endswith("i")
    exponent_form = suffix[:1] in ("e", "E")
    negative = value < 0
    value = abs(value)
    nanos = -(-value * 10**9 // 1)  # precision ends at nano units, rounding up like the server
    value = Fraction(nanos, 10**9)
    sign = "-" if negative and value else ""
    if value == 0:
        return "0"
    if binary and value >= 1024 and value.denominator == 1:
        number = int(value)
        for shift, name in _BINARY_SUFFIX:
            if number % (1 << shift) == 0:
                return f"{sign}{number >> shift}{name}"
        return f"{sign}{number}"
    exponent = 18
    while exponent > -9 and (value / Fraction(10) ** exponent).denominator != 1:
        exponent -= 3
    mantissa = value / Fraction(10) ** exponent
    if exponent_form:
        return f"{sign}{int(mantissa)}" + (f"e{exponent}" if exponent else "")
    return f"{sign}{int(mantissa)}{_DECIMAL_SUFFIX[exponent]}"


def _canonical_resources(resources: Any) -> None:
    if not isinstance(resources, dict):
        return
    for group in ("limits", "requests"):
        values = resources.get(group)
        if isinstance(values, dict):
            for name, value in values.items():
                values[name] = canonical_quantity(value)


def _same_quantity(a: Any, b: Any) -> bool:
    try:
        return parse_quantity(a) == parse_quantity(b)
    except ValueError:
        return a == b


def qos_class(spec: dict) -> str:
    """§12 status.qosClass from the (defaulted) containers' cpu/memory requests and limits."""
    containers = [c for key in ("initContainers", "containers") for c in spec.get(key) or [] if isinstance(c, dict)]
    requests_any = limits_any = False
    guaranteed = True
    for c in containers:
        resources = c.get("resources") or {}
        requests, limits = resources.get("requests") or {}, resources.get("limits") or {}
        for name in ("cpu", "memory"):
            if name in requests:
                requests_any = True
            if name in limits:
                limits_any = True
            if name not in limits or name not in requests or not _same_quantity(requests[name], limits[name]):
                guaranteed = False
    if not requests_any and not limits_any:
        return "BestEffort"
    return "Guaranteed" if guaranteed else "Burstable"


# --- workloads ----------------------------------------------------------------------------------


def _spec(obj: dict) -> dict | None:
    spec = obj.get("spec")
    return spec if isinstance(spec, dict) else None


def _default_deployment(obj: dict, rng: random.Random, creating: bool) -> None:
    spec = _spec(obj)
    if spec is None:
        return
    spec.setdefault("replicas", 1)  # §4.1
    strategy = spec.setdefault("strategy", {})
    if isinstance(strategy, dict):
        strategy.setdefault("type", "RollingUpdate")  # §4.1
        if strategy["type"] == "RollingUpdate":
            rolling = strategy.setdefault("rollingUpdate", {})
            if isinstance(rolling, dict):
                rolling.setdefault("maxUnavailable", "25%")  # §4.1
                rolling.setdefault("maxSurge", "25%")  # §4.1
    spec.setdefault("revisionHistoryLimit", 10)  # §4.1
    spec.setdefault("progressDeadlineSeconds", 600)  # §4.1
    _pod_template(spec.get("template"))
    if creating:
        obj["status"] = {}  # registry PrepareForCreate: status starts empty


def _default_replicaset(obj: dict, rng: random.Random, creating: bool) -> None:
    spec = _spec(obj)
    if spec is None:
        return
    spec.setdefault("replicas", 1)  # §12 ReplicaSet
    _pod_template(spec.get("template"))
    if creating:
        obj["status"] = {"replicas": 0}  # ReplicaSetStatus.replicas is not omitempty


def _default_replication_controller(obj: dict, rng: random.Random, creating: bool) -> None:
    spec = _spec(obj)
    if spec is None:
        return
    spec.setdefault("replicas", 1)  # core/v1 SetDefaults_ReplicationController
    template_labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels") or {}
    if template_labels:
        spec.setdefault("selector", dict(template_labels))
        if not obj["metadata"].get("labels"):
            obj["metadata"]["labels"] = dict(template_labels)
    _pod_template(spec.get("template"))
    if creating:
        obj["status"] = {"replicas": 0}


def _default_daemonset(obj: dict, rng: random.Random, creating: bool) -> None:
    spec = _spec(obj)
    if spec is None:
        return
    strategy = spec.setdefault("updateStrategy", {})
    if isinstance(strategy, dict):
        strategy.setdefault("type", "RollingUpdate")  # §12 DaemonSet
        if strategy["type"] == "RollingUpdate":
            rolling = strategy.setdefault("rollingUpdate", {})
            if isinstance(rolling, dict):
                rolling.setdefault("maxUnavailable", 1)  # §12 DaemonSet
                rolling.setdefault("maxSurge", 0)  # §12 DaemonSet
    spec.setdefault("revisionHistoryLimit", 10)  # §12 DaemonSet
    _pod_template(spec.get("template"))
    if creating:
        obj["status"] = {"currentNumberScheduled": 0, "desiredNumberScheduled": 0,
                         "numberMisscheduled": 0, "numberReady": 0}


def _default_statefulset(obj: dict, rng: random.Random, creating: bool) -> None:
    spec = _spec(obj)
    if spec is None:
        return
    spec.setdefault("podManagementPolicy", "OrderedReady")  # §12 StatefulSet
    strategy = spec.setdefault("updateStrategy", {})
    if isinstance(strategy, dict):
        strategy.setdefault("type", "RollingUpdate")  # §12 StatefulSet
        if strategy["type"] == "RollingUpdate":
            rolling = strategy.setdefault("rollingUpdate", {})
            if isinstance(rolling, dict):
                rolling.setdefault("partition", 0)  # §12 StatefulSet
    spec.setdefault("replicas", 1)  # §12 StatefulSet
    spec.setdefault("revisionHistoryLimit", 10)  # §12 StatefulSet
    policy = spec.setdefault("persistentVolumeClaimRetentionPolicy", {})
    if isinstance(policy, dict):
        policy.setdefault("whenDeleted", "Retain")  # §12 StatefulSet
        policy.setdefault("whenScaled", "Retain")  # §12 StatefulSet
    for claim in spec.get("volumeClaimTemplates") or []:
        if isinstance(claim, dict):
            _default_pvc(claim, rng, True)
    _pod_template(spec.get("template"))
    if creating:
        obj["status"] = {"availableReplicas": 0, "replicas": 0}


JOB_LABELS = ("batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name", "controller-uid", "job-name")


def _default_job(obj: dict, rng: random.Random, creating: bool) -> list[Issue]:
    spec = _spec(obj)
    if spec is None:
        return []
    # §6 Jobs: completions and parallelism 1 when both are unset; parallelism 1 when only it is.
    if spec.get("completions") is None and spec.get("parallelism") is None:
        spec["completions"] = 1
        spec["parallelism"] = 1
    spec.setdefault("parallelism", 1)
    spec.setdefault("backoffLimit", 6)  # §6
    spec.setdefault("completionMode", "NonIndexed")  # §6
    spec.setdefault("suspend", False)  # §6
    if not spec.get("podFailurePolicy"):
        spec.setdefault("podReplacementPolicy", "TerminatingOrFailed")  # batch/v1 defaults (beta since 1.29)
    _pod_template(spec.get("template"))
    issues: list[Issue] = []
    if creating:
        issues = _job_selector(obj, spec)
        obj["status"] = {}
    template_labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels")
    if template_labels and not obj["metadata"].get("labels"):
        obj["metadata"]["labels"] = dict(template_labels)  # batch/v1 SetDefaults_Job
    return issues


def _job_selector(obj: dict, spec: dict) -> list[Issue]:
    """§6: generated selector and pod labels from the Job's uid (registry generateSelector)."""
    if spec.get("manualSelector") is True:
        return []
    uid = obj["metadata"].get("uid", "")
    name = obj["metadata"].get("name", "")
    template = spec.get("template")
    if not isinstance(template, dict):
        return []
    labels = template.setdefault("metadata", {}).setdefault("labels", {})
    generated = dict(zip(JOB_LABELS, (uid, name, uid, name)))
    wanted = {"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}
    if spec.get("selector") not in (None, {}, wanted):
        return [issue("api.job_selector_not_generated", "spec.selector", name=name,
                      value=format_selector_value(spec["selector"]))]
    for key, value in generated.items():
        labels.setdefault(key, value)
    spec["selector"] = wanted
    return []


def _default_cronjob(obj: dict, rng: random.Random, creating: bool) -> None:
    spec = _spec(obj)
    if spec is None:
        return
    spec.setdefault("concurrencyPolicy", "Allow")  # §6 / brief: CronJob
    spec.setdefault("suspend", False)
    spec.setdefault("successfulJobsHistoryLimit", 3)
    spec.setdefault("failedJobsHistoryLimit", 1)
    job_spec = (spec.get("jobTemplate") or {}).get("spec")
    if isinstance(job_spec, dict):
        _pod_template(job_spec.get("template"))
    if creating:
        obj["status"] = {}


def _default_pod_template(obj: dict, rng: random.Random, creating: bool) -> None:
    _pod_template(obj.get("template"))


# --- services and the rest -------------------------------------------------------------------


def _default_service(obj: dict, rng: random.Random, creating: bool) -> None:
    spec = _spec(obj)
    if spec is None:
        return
    kind = spec.setdefault("type", "ClusterIP")  # §12 Service type
    spec.setdefault("sessionAffinity", "None")  # §12
    if spec["sessionAffinity"] == "ClientIP":
        config = spec.setdefault("sessionAffinityConfig", {}).setdefault("clientIP", {})
        config.setdefault("timeoutSeconds", 10800)  # §9.1 ClientIP timeout
    for port in spec.get("ports") or []:
        if isinstance(port, dict):
            port.setdefault("protocol", "TCP")  # §12 ports[].protocol
            if "port" in port:
                port.setdefault("targetPort", port["port"])  # §12 targetPort = port
    if kind != "ExternalName":
        spec.setdefault("internalTrafficPolicy", "Cluster")  # §12
        spec.setdefault("ipFamilies", ["IPv4"])  # §12 single-stack registry
        spec.setdefault("ipFamilyPolicy", "SingleStack")  # §12
    if kind in ("NodePort", "LoadBalancer") or (kind == "ClusterIP" and spec.get("externalIPs")):
        spec.setdefault("externalTrafficPolicy", "Cluster")  # §12
    if kind == "LoadBalancer":
        spec.setdefault("allocateLoadBalancerNodePorts", True)  # §12
    if creating:
        obj["status"] = {"loadBalancer": {}}


def drop_type_dependent_fields(new: dict, old: dict) -> None:
    """Service strategy ``dropTypeDependentFields``: leaving NodePort/LoadBalancer clears the fields
    only those types use, where the update left them as they were (node ports are released by
    the allocator)."""
    spec, old_spec = new.get("spec"), old.get("spec") or {}
    if not isinstance(spec, dict):
        return
    kind, old_kind = spec.get("type", "ClusterIP"), old_spec.get("type", "ClusterIP")
    external = kind in ("NodePort", "LoadBalancer") or (kind == "ClusterIP" and spec.get("externalIPs"))
    if not external and spec.get("externalTrafficPolicy") == old_spec.get("externalTrafficPolicy"):
        spec.pop("externalTrafficPolicy", None)
    if old_kind == "LoadBalancer" and kind != "LoadBalancer":
        for field in ("allocateLoadBalancerNodePorts", "loadBalancerClass", "healthCheckNodePort"):
            if spec.get(field) == old_spec.get(field):
                spec.pop(field, None)
    if kind == "ExternalName" and old_kind != "ExternalName":
        for field in ("internalTrafficPolicy", "ipFamilies", "ipFamilyPolicy"):
            if spec.get(field) == old_spec.get(field):
                spec.pop(field, None)


def _default_namespace(obj: dict, rng: random.Random, creating: bool) -> None:
    name = obj["metadata"].get("name")
    labels = obj["metadata"].setdefault("labels", {})
    if isinstance(labels, dict) and name:
        labels["kubernetes.io/metadata.name"] = name  # §12/§15: set by the API server, always
    spec = obj.setdefault("spec", {})
    if isinstance(spec, dict):
        spec.setdefault("finalizers", ["kubernetes"])  # §12 Namespace
    if creating:
        obj["status"] = {"phase": "Active"}  # §12 Namespace


def _default_secret(obj: dict, rng: random.Random, creating: bool) -> None:
    obj.setdefault("type", "Opaque")  # §12 Secret


def _default_pvc(obj: dict, rng: random.Random, creating: bool) -> None:
    spec = _spec(obj)
    if spec is not None:
        spec.setdefault("volumeMode", "Filesystem")  # core/v1 SetDefaults_PersistentVolumeClaimSpec
        _canonical_resources(spec.get("resources"))
    if creating:
        obj["status"] = {"phase": "Pending"}


def _default_pv(obj: dict, rng: random.Random, creating: bool) -> None:
    spec = _spec(obj)
    if spec is not None:
        spec.setdefault("persistentVolumeReclaimPolicy", "Retain")  # core/v1 SetDefaults_PersistentVolume
        spec.setdefault("volumeMode", "Filesystem")
    if creating:
        obj["status"] = {"phase": "Pending"}


def _default_ingress(obj: dict, rng: random.Random, creating: bool) -> None:
    # §10/§12: no defaults (pathType is required, not defaulted); the status starts empty.
    if creating:
        obj["status"] = {"loadBalancer": {}}


def _default_network_policy(obj: dict, rng: random.Random, creating: bool) -> None:
    spec = _spec(obj)
    if spec is None:
        return
    if not spec.get("policyTypes"):  # networking/v1 SetDefaults_NetworkPolicy
        spec["policyTypes"] = ["Ingress"] + (["Egress"] if spec.get("egress") else [])
    for rule in (spec.get("ingress") or []) + (spec.get("egress") or []):
        for port in (rule or {}).get("ports") or []:
            if isinstance(port, dict):
                port.setdefault("protocol", "TCP")


def _default_hpa(obj: dict, rng: random.Random, creating: bool) -> None:
    spec = _spec(obj)
    if spec is not None:
        spec.setdefault("minReplicas", 1)  # autoscaling/v2 SetDefaults_HorizontalPodAutoscaler
        if obj.get("apiVersion") == "autoscaling/v2":
            if not spec.get("metrics"):  # autoscaling/v2: CPU at 80 % when no metric is given
                spec["metrics"] = [{"type": "Resource", "resource": {"name": "cpu", "target": {
                    "type": "Utilization", "averageUtilization": 80}}}]
            behavior = spec.get("behavior")
            if isinstance(behavior, dict):  # SetDefaults_HorizontalPodAutoscalerBehavior: fill what is unset
                behavior["scaleUp"] = _hpa_rules(behavior.get("scaleUp"), 0, [
                    {"type": "Pods", "value": 4, "periodSeconds": 15},
                    {"type": "Percent", "value": 100, "periodSeconds": 15}])
                behavior["scaleDown"] = _hpa_rules(behavior.get("scaleDown"), None, [
                    {"type": "Percent", "value": 100, "periodSeconds": 15}])
    if creating:
        obj["status"] = {"currentReplicas": 0, "desiredReplicas": 0}


def _hpa_rules(given: Any, window: int | None, policies: list[dict]) -> dict:
    """GenerateHPAScaleUpRules / GenerateHPAScaleDownRules: defaults for the fields left unset."""
    given = given if isinstance(given, dict) else {}
    rules: dict = {"policies": policies, "selectPolicy": "Max"}
    if window is not None:
        rules["stabilizationWindowSeconds"] = window
    for key in ("policies", "selectPolicy", "stabilizationWindowSeconds"):
        if given.get(key) is not None:
            rules[key] = given[key]
    return rules


def _default_endpoints(obj: dict, rng: random.Random, creating: bool) -> None:
    for subset in obj.get("subsets") or []:
        for port in (subset or {}).get("ports") or []:
            if isinstance(port, dict):
                port.setdefault("protocol", "TCP")  # core/v1 SetDefaults_EndpointPort


_DEFAULTERS: dict[str, Callable[[dict, random.Random, bool], Any]] = {
    "Pod": _default_pod,
    "PodTemplate": _default_pod_template,
    "Deployment": _default_deployment,
    "ReplicaSet": _default_replicaset,
    "ReplicationController": _default_replication_controller,
    "DaemonSet": _default_daemonset,
    "StatefulSet": _default_statefulset,
    "Job": _default_job,
    "CronJob": _default_cronjob,
    "Service": _default_service,
    "Namespace": _default_namespace,
    "Secret": _default_secret,
    "PersistentVolumeClaim": _default_pvc,
    "PersistentVolume": _default_pv,
    "Ingress": _default_ingress,
    "NetworkPolicy": _default_network_policy,
    "HorizontalPodAutoscaler": _default_hpa,
    "Endpoints": _default_endpoints,
}
