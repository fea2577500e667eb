"""`kubectl describe`: the text kubectl v1.32 prints for an object, at the cluster's virtual time.

A port of the client-side describers in kubectl (`staging/src/k8s.io/kubectl/pkg/describe/describe.go`,
release-1.32) and of the pieces they lean on: Go's `text/tabwriter` (every describer writes
tab-separated cells through `tabwriter.NewWriter(buf, 0, 8, 2, ' ', 0)`), `resource.Quantity`
canonical strings, label-selector strings, `time.RFC1123Z`, apimachinery `HumanDuration` and Go's
`sort.Sort` (pdqsort, which is not stable: equal event timestamps keep kubectl's exact order).

Only `describe(cluster, resource, obj)` is public. It reads related objects (events, pods, replica
sets, endpoint slices, leases...) through `cluster.api.list(kind, namespace=...)` and filters them
here, so it needs nothing from the API server beyond listing.

Where kubectl iterates a Go map (Secret and ConfigMap data, LimitRange resources) its order is random;
we print those keys sorted.

The package: ``_writer`` (PrefixWriter and tabwriter), ``gosort`` (Go's unstable sort), ``_values``
(Go's %v and time formats), ``quantity``, ``_labels`` and ``_multiline`` (shared printers),
``events``, ``containers``, ``volumes``, and one module per kind family (``pods``, ``workloads``,
``services``, ``nodes``, ``namespaces``, ``config``, ``storage``, ``policy``, ``generic``).
"""

from __future__ import annotations

from sandbox.engine import resources as _resources

from ._context import _Ctx
from ._writer import _Writer
from .config import _describe_configmap, _describe_secret, _describe_service_account
from .generic import _describe_generic
from .namespaces import _describe_limit_range, _describe_namespace, _describe_resource_quota
from .nodes import _describe_node
from .pods import _describe_pod
from .policy import _describe_network_policy, _describe_pdb, _describe_priority_class, _describe_role_binding
from .services import (
    _describe_endpoint_slice,
    _describe_endpoints,
    _describe_ingress,
    _describe_ingress_class,
    _describe_service,
)
from .storage import _describe_pv, _describe_pvc, _describe_storage_class
from .workloads import (
    _describe_cronjob,
    _describe_daemonset,
    _describe_deployment,
    _describe_job,
    _describe_replicaset,
    _describe_statefulset,
)

# Private helpers other kubectl modules import from here: rollout prints a revision's pod template,
# get sorts with Go's sort, describe_hpa.py builds the HPA describer it adds to _DESCRIBERS.
from ._multiline import _print_annotations_multiline as _print_annotations_multiline
from ._multiline import _print_labels_multiline as _print_labels_multiline
from ._values import _meta as _meta, _rfc1123z as _rfc1123z, _s as _s
from .events import _describe_events as _describe_events, _events_for as _events_for
from .gosort import _go_sort as _go_sort
from .pods import _describe_pod_template as _describe_pod_template

__all__ = ["describe"]


def describe(cluster, resource, obj: dict) -> str:
    """Return exactly what `kubectl describe <resource> <name>` prints for ``obj`` (trailing newline
    included), with ages computed against ``cluster.clock``."""
    kind = obj.get("kind") or (resource.kind if resource is not None else "")
    if resource is None:
        resource = _resources.by_kind(kind)
    group = _group_of(obj, resource)
    ctx = _Ctx(cluster)
    fn = _DESCRIBERS.get((group, kind))
    w = _Writer()
    if fn is None:
        _describe_generic(ctx, w, obj, resource)
    else:
        fn(ctx, w, obj)
    return w.render()


def _group_of(obj: dict, resource) -> str:
    api_version = obj.get("apiVersion") or (resource.api_version if resource is not None else "v1")
    return api_version.rpartition("/")[0] if "/" in api_version else ""


_DESCRIBERS = {
    ("", "Pod"): _describe_pod,
    ("apps", "ReplicaSet"): _describe_replicaset,
    ("apps", "Deployment"): _describe_deployment,
    ("apps", "DaemonSet"): _describe_daemonset,
    ("apps", "StatefulSet"): _describe_statefulset,
    ("batch", "Job"): _describe_job,
    ("", "Service"): _describe_service,
    ("", "Endpoints"): _describe_endpoints,
    ("discovery.k8s.io", "EndpointSlice"): _describe_endpoint_slice,
    ("networking.k8s.io", "Ingress"): _describe_ingress,
    ("extensions", "Ingress"): _describe_ingress,
    ("", "Node"): _describe_node,
    ("", "Namespace"): _describe_namespace,
    ("", "ConfigMap"): _describe_configmap,
    ("", "Secret"): _describe_secret,
    ("", "PersistentVolumeClaim"): _describe_pvc,
    ("", "PersistentVolume"): _describe_pv,
    ("batch", "CronJob"): _describe_cronjob,
    ("", "ServiceAccount"): _describe_service_account,
    ("", "ResourceQuota"): _describe_resource_quota,
    ("", "LimitRange"): _describe_limit_range,
    ("policy", "PodDisruptionBudget"): _describe_pdb,
    ("scheduling.k8s.io", "PriorityClass"): _describe_priority_class,
    ("storage.k8s.io", "StorageClass"): _describe_storage_class,
    ("networking.k8s.io", "IngressClass"): _describe_ingress_class,
    ("networking.k8s.io", "NetworkPolicy"): _describe_network_policy,
    ("rbac.authorization.k8s.io", "RoleBinding"): _describe_role_binding,
    ("rbac.authorization.k8s.io", "ClusterRoleBinding"): _describe_role_binding,
}

from .. import describe_hpa as _describe_hpa  # noqa: E402,F401  (adds `describe hpa` to _DESCRIBERS)
