"""The built-in resource types the sandbox's API server serves (as `kubectl api-resources` lists them).

One row per resource: plural name, short names, the preferred group/version, whether it lives in a
namespace, and its kind. kubectl uses it to resolve `po`, `deploy`, `svc.`..., the API server to know
what is namespaced, the printers to name `deployment.apps/web`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Resource:
    plural: str
    short_names: tuple[str, ...]
    api_version: str  # preferred group/version, e.g. "apps/v1"
    namespaced: bool
    kind: str
    verbs: tuple[str, ...] = ("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")

    @property
    def group(self) -> str:
        return self.api_version.rpartition("/")[0] if "/" in self.api_version else ""

    @property
    def singular(self) -> str:
        return self.kind.lower()

    @property
    def qualified(self) -> str:
        """`deployments.apps` or `pods`: how API errors name the resource."""
        return f"{self.plural}.{self.group}" if self.group else self.plural

    @property
    def kind_qualified(self) -> str:
        """`deployment.apps` or `pod`: how kubectl's name printer names the kind."""
        return f"{self.singular}.{self.group}" if self.group else self.singular


_ALL_VERBS = ("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")
_R = Resource

# Ordered as `kubectl api-resources` prints them on a v1.32 cluster: core group first, then groups by name.
RESOURCES: tuple[Resource, ...] = (
    _R("bindings", (), "v1", True, "Binding", ("create",)),
    _R("componentstatuses", ("cs",), "v1", False, "ComponentStatus", ("get", "list")),
    _R("configmaps", ("cm",), "v1", True, "ConfigMap"),
    _R("endpoints", ("ep",), "v1", True, "Endpoints"),
    _R("events", ("ev",), "v1", True, "Event"),
    _R("limitranges", ("limits",), "v1", True, "LimitRange"),
    _R("namespaces", ("ns",), "v1", False, "Namespace", ("create", "delete", "get", "list", "patch", "update", "watch")),
    _R("nodes", ("no",), "v1", False, "Node"),
    _R("persistentvolumeclaims", ("pvc",), "v1", True, "PersistentVolumeClaim"),
    _R("persistentvolumes", ("pv",), "v1", False, "PersistentVolume"),
    _R("pods", ("po",), "v1", True, "Pod"),
    _R("podtemplates", (), "v1", True, "PodTemplate"),
    _R("replicationcontrollers", ("rc",), "v1", True, "ReplicationController"),
    _R("resourcequotas", ("quota",), "v1", True, "ResourceQuota"),
    _R("secrets", (), "v1", True, "Secret"),
    _R("serviceaccounts", ("sa",), "v1", True, "ServiceAccount"),
    _R("services", ("svc",), "v1", True, "Service", ("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")),
    _R("mutatingwebhookconfigurations", (), "admissionregistration.k8s.io/v1", False, "MutatingWebhookConfiguration"),
    _R("validatingadmissionpolicies", (), "admissionregistration.k8s.io/v1", False, "ValidatingAdmissionPolicy"),
    _R("validatingadmissionpolicybindings", (), "admissionregistration.k8s.io/v1", False, "ValidatingAdmissionPolicyBinding"),
    _R("validatingwebhookconfigurations", (), "admissionregistration.k8s.io/v1", False, "ValidatingWebhookConfiguration"),
    _R("customresourcedefinitions", ("crd", "crds"), "apiextensions.k8s.io/v1", False, "CustomResourceDefinition"),
    _R("apiservices", (), "apiregistration.k8s.io/v1", False, "APIService"),
    _R("controllerrevisions", (), "apps/v1", True, "ControllerRevision"),
    _R("daemonsets", ("ds",), "apps/v1", True, "DaemonSet"),
    _R("deployments", ("deploy",), "apps/v1", True, "Deployment"),
    _R("replicasets", ("rs",), "apps/v1", True, "ReplicaSet"),
    _R("statefulsets", ("sts",), "apps/v1", True, "StatefulSet"),
    _R("selfsubjectreviews", (), "authentication.k8s.io/v1", False, "SelfSubjectReview", ("create",)),
    _R("tokenreviews", (), "authentication.k8s.io/v1", False, "TokenReview", ("create",)),
    _R("localsubjectaccessreviews", (), "authorization.k8s.io/v1", True, "LocalSubjectAccessReview", ("create",)),
    _R("selfsubjectaccessreviews", (), "authorization.k8s.io/v1", False, "SelfSubjectAccessReview", ("create",)),
    _R("selfsubjectrulesreviews", (), "authorization.k8s.io/v1", False, "SelfSubjectRulesReview", ("create",)),
    _R("subjectaccessreviews", (), "authorization.k8s.io/v1", False, "SubjectAccessReview", ("create",)),
    _R("horizontalpodautoscalers", ("hpa",), "autoscaling/v2", True, "HorizontalPodAutoscaler"),
    _R("cronjobs", ("cj",), "batch/v1", True, "CronJob"),
    _R("jobs", (), "batch/v1", True, "Job"),
    _R("certificatesigningrequests", ("csr",), "certificates.k8s.io/v1", False, "CertificateSigningRequest"),
    _R("leases", (), "coordination.k8s.io/v1", True, "Lease"),
    _R("endpointslices", (), "discovery.k8s.io/v1", True, "EndpointSlice"),
    _R("events", ("ev",), "events.k8s.io/v1", True, "Event"),
    _R("flowschemas", (), "flowcontrol.apiserver.k8s.io/v1", False, "FlowSchema"),
    _R("prioritylevelconfigurations", (), "flowcontrol.apiserver.k8s.io/v1", False, "PriorityLevelConfiguration"),
    _R("ingressclasses", (), "networking.k8s.io/v1", False, "IngressClass"),
    _R("ingresses", ("ing",), "networking.k8s.io/v1", True, "Ingress"),
    _R("networkpolicies", ("netpol",), "networking.k8s.io/v1", True, "NetworkPolicy"),
    _R("runtimeclasses", (), "node.k8s.io/v1", False, "RuntimeClass"),
    _R("poddisruptionbudgets", ("pdb",), "policy/v1", True, "PodDisruptionBudget"),
    _R("clusterrolebindings", (), "rbac.authorization.k8s.io/v1", False, "ClusterRoleBinding"),
    _R("clusterroles", (), "rbac.authorization.k8s.io/v1", False, "ClusterRole"),
    _R("rolebindings", (), "rbac.authorization.k8s.io/v1", True, "RoleBinding"),
    _R("roles", (), "rbac.authorization.k8s.io/v1", True, "Role"),
    _R("priorityclasses", ("pc",), "scheduling.k8s.io/v1", False, "PriorityClass"),
    _R("csidrivers", (), "storage.k8s.io/v1", False, "CSIDriver"),
    _R("csinodes", (), "storage.k8s.io/v1", False, "CSINode"),
    _R("csistoragecapacities", (), "storage.k8s.io/v1", True, "CSIStorageCapacity"),
    _R("storageclasses", ("sc",), "storage.k8s.io/v1", False, "StorageClass"),
    _R("volumeattachments", (), "storage.k8s.io/v1", False, "VolumeAttachment"),
)

# Kinds served under more than one group: the core-group entry wins for lookups by kind.
_BY_KIND: dict[str, Resource] = {}
for _res in reversed(RESOURCES):
    _BY_KIND[_res.kind] = _res
_BY_KIND["Event"] = RESOURCES[4]

_BY_NAME: dict[str, Resource] = {}
for _res in reversed(RESOURCES):
    for _name in (_res.plural, _res.singular, *_res.short_names, _res.qualified, _res.kind_qualified):
        _BY_NAME[_name.lower()] = _res
for _res in RESOURCES:  # the core group wins plain names ("events")
    if not _res.group:
        for _name in (_res.plural, _res.singular, *_res.short_names):
            _BY_NAME[_name] = _res


def by_kind(kind: str) -> Resource | None:
    return _BY_KIND.get(kind)


def lookup(name: str) -> Resource | None:
    """Resolve what a user types after `kubectl get`: `po`, `pods`, `Pod`, `deployments.apps`, `deploy.apps`..."""
    key = name.lower()
    found = _BY_NAME.get(key)
    if found is not None:
        return found
    plural, _, group = key.partition(".")
    for res in RESOURCES:
        if group and res.group != group and not res.group.startswith(group):
            continue
        if plural in (res.plural, res.singular, *res.short_names):
            return res
    return None


def is_namespaced(kind: str) -> bool:
    res = by_kind(kind)
    return res.namespaced if res else True
