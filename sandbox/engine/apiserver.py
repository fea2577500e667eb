"""The API server: the only way anything reads or changes cluster state.

Every request goes the way it goes in kube-apiserver: decode and validate (``validate.py``: the
schema's strict decoder, then the server's rules), default (``defaults.py``), admission
(namespace lifecycle, service accounts, sandbox quotas), allocation of Service IPs and node
ports, then the store (``store.py``). Errors are :class:`APIError` with the real Status reason,
code and message, and the causes as bilingual :class:`~.messages.Issue` objects.

Deletion follows the real rules: graceful deletion of pods, finalizers, ownerReferences and the
garbage collector (background, foreground, orphan), and the namespace lifecycle. Components that
engine II runs on the simulation clock (kubelet, garbage collector, namespace controller) are
reached through switches: ``graceful_pod_deletion``, ``auto_gc``, ``auto_namespace_sync``.
Every call leaves a trace record for the control-plane animation.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import asdict, dataclass
from typing import Any

from . import defaults, resources, validate
from .allocation import ServiceAllocator
from .apierrors import APIError, cause_text, decode_detail, group_kind
from .clock import Clock
from .deletion import IMMORTAL_NAMESPACES, PROPAGATIONS, DeletionMixin
from .eviction import EvictionMixin
from .labels import (
    FieldRequirement,
    Selector,
    SelectorError,
    parse_field_selector,
    parse_label_selector,
    selector_from_label_selector,
    selector_from_map,
)
from .manifests import Document
from .messages import Issue, issue
from .patch import PatchError, json_patch, merge_patch, strategic_merge_patch, three_way_merge
from .resources import Resource
from .store import Store, copy_json

__all__ = [
    "IMMORTAL_NAMESPACES",
    "LAST_APPLIED",
    "PROPAGATIONS",
    "APIError",
    "APIServer",
    "Quotas",
    "Selector",
    "SelectorError",
    "cause_text",
    "parse_label_selector",
    "selector_from_label_selector",
    "selector_from_map",
]

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
# Kinds whose registry strategy sets metadata.generation (Pods join in 1.33, §12/§19).
GENERATION_KINDS = {
    "Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "ReplicationController", "Job", "CronJob",
    "Ingress", "IngressClass", "NetworkPolicy", "PodDisruptionBudget", "CustomResourceDefinition",
}
REPLICA_FIELDS = {
    "Deployment": ("spec", "replicas"), "ReplicaSet": ("spec", "replicas"), "StatefulSet": ("spec", "replicas"),
    "ReplicationController": ("spec", "replicas"), "HorizontalPodAutoscaler": ("spec", "maxReplicas"),
}
DECODE_CODES = {"field.unknown", "field.type", "field.base64", "field.quantity", "field.quantity_suffix"}
# Server-managed metadata a client cannot change through update or apply.
SERVER_METADATA = ("uid", "creationTimestamp", "generation", "deletionTimestamp", "deletionGracePeriodSeconds",
                   "resourceVersion", "selfLink")
# Fields a field selector may use, per kind (apiserver `GetAttrs`/field label conversion funcs).
FIELD_LABELS = {
    "Pod": ("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
            "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"),
    "Event": ("involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
              "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
              "reportingComponent", "source", "type"),
    "Node": ("spec.unschedulable",),
    "Namespace": ("status.phase",),
    "Secret": ("type",),
    "Service": ("spec.clusterIP", "spec.type"),
    "ReplicaSet": ("status.replicas",),
    "ReplicationController": ("status.replicas",),
    "Job": ("status.successful",),
}
ROOT_CA = (
    "-----BEGIN CERTIFICATE-----\n"
    "MIIDBTCCAe2gAwIBAgIIK8s2bZ1q0a8wDQYJKoZIhvcNAQELBQAwFTETMBEGA1UE\n"
    "AxMKa3ViZXJuZXRlczAeFw0yNTAxMDEwMDAwMDBaFw0zNTAxMDEwMDAwMDBaMBUx\n"
    "EzARBgNVBAMTCmt1YmVybmV0ZXMgKHNpbXVsYXRlZCBzYW5kYm94KQ==\n"
    "-----END CERTIFICATE-----\n"
)
ROOT_CA_DESCRIPTION = (
    "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as "
    "the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of "
    "Kubernetes clusters."
)


@dataclass
class Quotas:
    """Per-sandbox limits (ARCHITECTURE "Bounded"); benchmarks and tests may raise them."""

    nodes: int = 10
    pods: int = 300
    objects: int = 2000  # every stored object except Events
    frames: int = 10000  # frames kept (engine II)
    replicas_per_workload: int | None = None  # None: as many as the pods quota

    @property
    def max_replicas(self) -> int:
        return self.replicas_per_workload if self.replicas_per_workload is not None else self.pods

    def to_json(self) -> dict:
        return asdict(self)


# --- the server --------------------------------------------------------------------------------


class APIServer(DeletionMixin, EvictionMixin):
    """create/get/list/update/patch/apply/delete (and evict, the pods/eviction subresource: eviction.py)
    over a :class:`Store`, like kube-apiserver."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        kube_version: str = "1.32",
        rng: random.Random | None = None,
        quotas: Quotas | None = None,
    ):
        self.store = store
        self.clock = clock
        self.kube_version = kube_version
        self.rng = rng if rng is not None else random.Random(0)
        self.quotas = quotas or Quotas()
        self.allocator = ServiceAllocator(self.rng, kube_version)
        for svc in store.list("Service"):
            self.allocator.record(svc)
        # Switches for engine II: with no kubelet running, pods go at once; the garbage collector
        # and the namespace controller run inside the call that needs them.
        self.graceful_pod_deletion = False
        self.auto_gc = True
        self.auto_namespace_sync = True
        self.populate_namespaces = True  # ServiceAccount "default" + ConfigMap kube-root-ca.crt
        self.storage_protection = False  # pvc/pv-protection finalizers (engine II's volume controller removes them)
        self.gc_pending: dict[str, None] = {}  # uids whose dependents need a look (insertion-ordered set)
        self.caller = "kubectl"
        self.trace: list[dict] = []
        self.trace_enabled = True
        self.trace_limit = 2000
        self.trace_seq = 0
        # When set (a cluster turns them into frames), called with (t, caller, callee, verb, kind, namespace,
        # name) for each call as it happens, instead of keeping records in ``trace``.
        self.on_trace = None
        self.warnings: list[str] = []
        self._minor = _minor_version(kube_version)
        # Mutating admission plugins run on create after defaulting, e.g. DefaultIngressClass (cluster.py).
        self.admission: list = []

    # --- trace ----------------------------------------------------------------------------

    def acting_as(self, caller: str) -> _ActingAs:
        """Attribute the calls made inside the block to ``caller`` (``scheduler``, ``kubelet/node01`` ...)."""
        return _ActingAs(self, caller)

    def _trace(self, verb: str, kind: str, namespace: str, name: str, caller: str | None = None,
               callee: str = "api-server") -> None:
        if not self.trace_enabled:
            return
        self.trace_seq += 1
        if self.on_trace is not None:  # a cluster keeps them as trace frames: no second list of records
            self.on_trace(self.clock.now, caller or self.caller, callee, verb, kind, namespace, name)
            return
        record = {"seq": self.trace_seq, "t": self.clock.now, "caller": caller or self.caller,
                  "callee": callee, "verb": verb, "kind": kind, "namespace": namespace, "name": name}
        self.trace.append(record)
        if len(self.trace) > self.trace_limit + max(16, self.trace_limit // 4):
            del self.trace[: len(self.trace) - self.trace_limit]

    def _trace_etcd(self, verb: str, kind: str, namespace: str, name: str) -> None:
        self._trace(verb, kind, namespace, name, caller="api-server", callee="etcd")

    def _trace_request(self, verb: str, obj: Any) -> None:
        """Trace a request before it is checked: rejected requests reach the API server too."""
        if not self.trace_enabled:
            return
        obj = obj if isinstance(obj, dict) else {}
        meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
        kind = obj.get("kind") if isinstance(obj.get("kind"), str) else ""
        res = resources.by_kind(kind)
        namespace = meta.get("namespace") if isinstance(meta.get("namespace"), str) else ""
        namespace = (namespace or "default") if res is None or res.namespaced else ""
        self._trace(verb, kind, namespace, str(meta.get("name") or meta.get("generateName") or ""))

    def take_warnings(self) -> list[str]:
        """Warnings of the calls since the last take (kubectl prints them as ``Warning: ...``)."""
        out, self.warnings = self.warnings, []
        return out

    # --- resolution -------------------------------------------------------------------------

    def resource_for(self, kind: str) -> Resource:
        """The resource of a kind (``Deployment``) or of what a user types (``deploy``, ``pods``)."""
        res = resources.by_kind(kind) or resources.lookup(kind)
        if res is None:
            raise APIError.from_issue(404, "NotFound", issue("api.unknown_resource", kind=kind), kind=kind,
                                      client_side=True)
        return res

    def _ns(self, res: Resource, namespace: str | None) -> str:
        return (namespace or "default") if res.namespaced else ""

    def _not_found(self, res: Resource, name: str, verb: str = "retrieving current configuration of") -> APIError:
        item = issue("api.not_found", resource=res.qualified, name=name)
        return APIError.from_issue(404, "NotFound", item, kind=res.kind, name=name, resource=res, verb=verb)

    def _allowed(self, res: Resource, verb: str) -> None:
        if verb not in res.verbs:
            item = issue("api.method_not_allowed", resource=res.qualified, verb=verb)
            raise APIError.from_issue(405, "MethodNotAllowed", item, kind=res.kind, resource=res)

    # --- validation -------------------------------------------------------------------------

    def _validate(self, obj: Any, doc: Document | None, verb: str) -> None:
        """Run the document checks (schema decode, then rules); raise the error the server would return."""
        vdoc = (Document(doc.file, doc.index, obj, doc.positions, doc.error, doc.start) if doc is not None
                else Document(file="-", index=0, data=obj))
        errors, warnings = validate.check_document(vdoc, self.kube_version)
        self.warnings += [_warning_text(w) for w in warnings]
        if errors:
            raise self._error_from_issues(errors, vdoc, verb)

    def _error_from_issues(self, errors: list[Issue], doc: Document, verb: str) -> APIError:
        data = doc.data if isinstance(doc.data, dict) else {}
        kind, api_version = data.get("kind"), data.get("apiVersion")
        name = doc.name or ""
        res = resources.by_kind(kind) if isinstance(kind, str) else None
        first = errors[0]
        known = isinstance(kind, str) and isinstance(api_version, str) and _served(self.kube_version, api_version,
                                                                                   kind)
        if doc.error is not None or not known:
            return APIError.from_issue(400, "BadRequest", first, causes=errors, kind=kind or "", name=name,
                                       resource=res, verb=verb, client_side=True)
        decode = [e for e in errors if e.code in DECODE_CODES]
        if decode:
            unknown = [decode_detail(e) for e in decode if e.code == "field.unknown"]
            others = [decode_detail(e) for e in decode if e.code != "field.unknown"]
            if others:
                detail = others[0]
            else:
                fields = (d.replace("strict decoding error: ", "") for d in unknown)
                detail = "strict decoding error: " + ", ".join(fields)
            version = api_version.rpartition("/")[2]
            item = issue("api.cannot_decode", kind=kind, version=version, detail=detail)
            message_ko = " / ".join(e.message_ko for e in decode)  # the causes say it better in Korean
            return APIError(400, "BadRequest", item.message_en, message_ko, causes=decode, kind=kind,
                            name=name, resource=res, code=first.code, verb=verb, hint=first.hint, hint_ko=first.hint_ko)
        return self._invalid(errors, kind, name, res, verb)

    def _invalid(self, causes: list[Issue], kind: str, name: str, res: Resource | None, verb: str) -> APIError:
        texts = [cause_text(c) for c in causes]
        joined = texts[0] if len(texts) == 1 else "[" + ", ".join(texts) + "]"
        joined_ko = " / ".join(c.message_ko for c in causes)
        item = issue("api.invalid", kind=group_kind(res, kind), name=name, causes=joined)
        message_ko = issue("api.invalid", kind=kind, name=name, causes=joined_ko).message_ko
        return APIError(422, "Invalid", item.message_en, message_ko, causes=causes, kind=kind, name=name,
                        resource=res, code=causes[0].code, verb=verb, hint=causes[0].hint, hint_ko=causes[0].hint_ko)

    # --- create -----------------------------------------------------------------------------

    def create(
        self,
        obj: dict,
        *,
        doc: Document | None = None,
        dry_run: bool = False,
        field_manager: str = "kubectl",
        validate: bool = True,
    ) -> dict:
        """Admit and store a new object; returns it as stored (uid, resourceVersion, defaults ...).

        ``validate=False`` skips the document checks, for objects the engine builds itself
        (bootstrap, controllers): they are correct by construction and validating every pod a
        ReplicaSet creates would cost more than all the rest of the request.
        """
        obj = copy_json(obj)
        self._trace_request("create", obj)
        if validate:
            self._validate(obj, doc, "creating")
        res = self.resource_for(obj.get("kind", ""))
        self._allowed(res, "create")
        meta = obj.get("metadata")
        if not isinstance(meta, dict):
            meta = obj["metadata"] = {}
        namespace = self._ns(res, meta.get("namespace"))
        if res.namespaced:
            meta["namespace"] = namespace
        else:
            meta.pop("namespace", None)  # cluster-scoped kinds ignore it (rest.BeforeCreate)
        for field in SERVER_METADATA + ("managedFields",):
            meta.pop(field, None)
        self._check_namespace(res, namespace, meta.get("name") or meta.get("generateName") or "")
        self._pick_name(obj, res, namespace)
        name = meta["name"]
        if self.store.exists(res.kind, namespace, name):
            item = issue("api.already_exists", resource=res.qualified, name=name)
            raise APIError.from_issue(409, "AlreadyExists", item, kind=res.kind, name=name, resource=res)
        self._check_quotas(obj, res, name)
        meta["uid"] = self._new_uid()
        meta["creationTimestamp"] = self.clock.timestamp()
        if res.kind in GENERATION_KINDS or (res.kind == "Pod" and self._minor >= 33):
            meta["generation"] = 1
        issues = defaults.apply_defaults(obj, rng=self.rng, creating=True)
        for plugin in self.admission:
            plugin(obj)
        if res.kind == "Pod":
            self._check_service_account(obj, res)
        if res.kind in ("PersistentVolumeClaim", "PersistentVolume"):
            self._admit_storage(obj)
        if res.kind == "Service":
            issues += self.allocator.allocate(obj)
        if issues:
            raise self._invalid(issues, res.kind, name, res, "creating")
        if dry_run:
            return obj
        stored = self._persist(obj, copy=False)  # ``obj`` is this call's own copy
        if res.kind == "Namespace" and self.populate_namespaces:
            self._populate_namespace(name)
        return stored

    def create_event(self, event: dict) -> dict:
        """Store a core/v1 Event the engine built itself (the event recorder): the same admission as
        :meth:`create` for such an object (namespace lifecycle, name clash, uid, creationTimestamp)
        without the steps that cannot apply to it (copy, validation, defaults, quotas: Events do not
        count towards the object quota). Takes ``event`` over; returns it as stored, shared."""
        meta = event["metadata"]
        namespace, name = meta["namespace"], meta["name"]
        self._trace("create", "Event", namespace, name)
        res = resources.by_kind("Event")
        self._check_namespace(res, namespace, name)
        if self.store.exists("Event", namespace, name):
            item = issue("api.already_exists", resource=res.qualified, name=name)
            raise APIError.from_issue(409, "AlreadyExists", item, kind="Event", name=name, resource=res)
        meta["uid"] = self._new_uid()
        meta["creationTimestamp"] = self.clock.timestamp()
        return self._persist(event, copy=False)

    def _pick_name(self, obj: dict, res: Resource, namespace: str) -> None:
        meta = obj["metadata"]
        if meta.get("name"):
            return
        base = meta.get("generateName")
        if not isinstance(base, str) or not base:
            item = issue("api.name_required", kind=res.kind)
            raise self._invalid([item], res.kind, "", res, "creating")
        # §3: base truncated to 58 chars + 5 random ones; retried on a clash (RetryGenerateName, GA 1.32)
        for _ in range(8):
            meta["name"] = base[:58] + defaults.random_suffix(self.rng)
            if not self.store.exists(res.kind, namespace, meta["name"]):
                return

    def _new_uid(self) -> str:
        return uuid4_text(self.rng.getrandbits(128))

    def _check_namespace(self, res: Resource, namespace: str, name: str) -> None:
        """Admission NamespaceLifecycle: the namespace exists and is not being deleted (§15)."""
        if not res.namespaced:
            return
        ns = self.store.peek("Namespace", "", namespace)
        if ns is None:
            item = issue("api.namespace_not_found", namespace=namespace, resource=res.qualified, name=name)
            raise APIError.from_issue(404, "NotFound", item, kind="Namespace", name=namespace,
                                      resource=resources.by_kind("Namespace"))
        if ns["metadata"].get("deletionTimestamp") or (ns.get("status") or {}).get("phase") == "Terminating":
            item = issue("api.namespace_terminating", resource=res.qualified, name=name, namespace=namespace)
            raise APIError.from_issue(403, "Forbidden", item, kind=res.kind, name=name, resource=res)

    def _check_quotas(self, obj: dict, res: Resource, name: str) -> None:
        q = self.quotas
        if res.kind != "Event":
            used = len(self.store) - self.store.count("Event")
            if used >= q.objects:
                self._quota("quota.objects", res, name, used=used, limit=q.objects)
        if res.kind == "Pod" and self.store.count("Pod") >= q.pods:
            self._quota("quota.pods", res, name, used=self.store.count("Pod"), limit=q.pods)
        if res.kind == "Node" and self.store.count("Node") >= q.nodes:
            self._quota("quota.nodes", res, name, used=self.store.count("Node"), limit=q.nodes)
        self._check_replicas(obj, res, name)

    def _check_replicas(self, obj: dict, res: Resource, name: str) -> None:
        path = REPLICA_FIELDS.get(res.kind)
        if path is None:
            return
        value = obj.get(path[0]) if isinstance(obj.get(path[0]), dict) else {}
        value = value.get(path[1]) if isinstance(value, dict) else None
        if isinstance(value, int) and not isinstance(value, bool) and value > self.quotas.max_replicas:
            self._quota("quota.replicas", res, name, path=".".join(path), value=value, limit=self.quotas.max_replicas)

    def _quota(self, code: str, res: Resource, name: str, **params: Any) -> None:
        path = params.pop("path", "")
        item = issue(code, path, resource=res.qualified, name=name, **params)
        raise APIError.from_issue(403, "Forbidden", item, kind=res.kind, name=name, resource=res)

    def _check_service_account(self, pod: dict, res: Resource) -> None:
        """Admission ServiceAccount: the pod's service account must exist in its namespace."""
        meta, spec = pod["metadata"], pod.get("spec") or {}
        account = spec.get("serviceAccountName") or "default"
        if not self.store.exists("ServiceAccount", meta["namespace"], account):
            item = issue("api.service_account_missing", resource=res.qualified, name=meta["name"],
                         namespace=meta["namespace"], account=account)
            raise APIError.from_issue(403, "Forbidden", item, kind=res.kind, name=meta["name"], resource=res)

    def _admit_storage(self, obj: dict) -> None:
        """Admission DefaultStorageClass (a claim without ``storageClassName`` gets the default class)
        and StorageObjectInUseProtection (the protection finalizers, when controllers run to remove them)."""
        meta, spec = obj["metadata"], obj.get("spec")
        if obj["kind"] == "PersistentVolumeClaim" and isinstance(spec, dict) and spec.get("storageClassName") is None \
                and "volume.beta.kubernetes.io/storage-class" not in (meta.get("annotations") or {}):
            defaults_ = [sc for sc in self.store.list("StorageClass")
                         if (sc["metadata"].get("annotations") or {}).get("storageclass.kubernetes.io/is-default-class") == "true"]
            if defaults_:
                newest = max(defaults_, key=lambda sc: (sc["metadata"].get("creationTimestamp") or "", sc["metadata"]["name"]))
                spec["storageClassName"] = newest["metadata"]["name"]
        if self.storage_protection:
            finalizer = "kubernetes.io/pvc-protection" if obj["kind"] == "PersistentVolumeClaim" else "kubernetes.io/pv-protection"
            finalizers = list(meta.get("finalizers") or [])
            if finalizer not in finalizers:
                meta["finalizers"] = finalizers + [finalizer]

    def _populate_namespace(self, namespace: str) -> None:
        """What the serviceaccount controller and root-ca-cert-publisher add to every namespace (§15)."""
        with self.acting_as("serviceaccount-controller"):
            self.create({"apiVersion": "v1", "kind": "ServiceAccount",
                         "metadata": {"name": "default", "namespace": namespace}}, validate=False)
        with self.acting_as("root-ca-cert-publisher"):
            self.create({"apiVersion": "v1", "kind": "ConfigMap",
                         "metadata": {"name": "kube-root-ca.crt", "namespace": namespace,
                                      "annotations": {"kubernetes.io/description": ROOT_CA_DESCRIPTION}},
                         "data": {"ca.crt": ROOT_CA}}, validate=False)

    # --- read -------------------------------------------------------------------------------

    def get(self, kind: str, namespace: str | None, name: str) -> dict:
        res = self.resource_for(kind)
        ns = self._ns(res, namespace)
        self._trace("get", res.kind, ns, name)
        self._trace_etcd("read", res.kind, ns, name)
        obj = self.store.get(res.kind, ns, name)
        if obj is None:
            raise self._not_found(res, name)
        return obj

    def list(
        self,
        kind: str,
        namespace: str | None = None,
        label_selector: str | None = None,
        field_selector: str | None = None,
    ) -> list[dict]:
        """Objects of a kind, sorted by (namespace, name); ``namespace=None`` lists every namespace."""
        res = self.resource_for(kind)
        ns = namespace if res.namespaced else ""
        self._trace("list", res.kind, ns or "", "")
        self._trace_etcd("read", res.kind, ns or "", "")
        try:
            selector = parse_label_selector(label_selector)
        except SelectorError as exc:
            raise APIError.from_issue(400, "BadRequest", issue("api.label_selector", detail=str(exc)),
                                      kind=res.kind, resource=res) from None
        fields = self._field_requirements(res, field_selector)
        if res.kind == "Pod" and selector.empty and any(f.field == "spec.nodeName" and f.operator == "=" and f.value
                                                        for f in fields):
            node = next(f.value for f in fields if f.field == "spec.nodeName" and f.operator == "=")
            objects = [p for p in self.store.pods_on_node(node) if ns is None or p["metadata"]["namespace"] == ns]
        elif selector.empty:
            objects = self.store.list(res.kind, ns)
        else:
            objects = self.store.select(res.kind, ns, selector)
        if fields:
            objects = [o for o in objects if all(f.matches(_field_value(o, f.field)) for f in fields)]
        return objects

    def select(self, kind: str, namespace: str | None, selector: Selector) -> list[dict]:
        """Objects matching an already parsed selector (controllers); no trace, no parsing."""
        return self.store.select(self.resource_for(kind).kind, namespace, selector)

    def _field_requirements(self, res: Resource, text: str | None) -> list[FieldRequirement]:
        try:
            fields = parse_field_selector(text)
        except SelectorError as exc:
            raise APIError.from_issue(400, "BadRequest", issue("api.field_selector", detail=str(exc)),
                                      kind=res.kind, resource=res) from None
        supported = ("metadata.name", "metadata.namespace") + FIELD_LABELS.get(res.kind, ())
        for f in fields:
            if f.field not in supported:
                item = issue("api.field_label", field=f.field, resource=res.qualified, supported=", ".join(supported))
                raise APIError.from_issue(400, "BadRequest", item, kind=res.kind, resource=res)
        return fields

    # --- update -----------------------------------------------------------------------------

    def update(self, obj: dict, *, doc: Document | None = None, dry_run: bool = False, validate: bool = True) -> dict:
        """Replace an object (``kubectl replace``); status, uid and timestamps stay the server's."""
        return self._update(copy_json(obj), doc=doc, dry_run=dry_run, validate=validate, verb="replacing",
                            trace_verb="update")[0]

    def _update(self, new: dict, *, doc: Document | None, dry_run: bool, validate: bool, verb: str,
                check_rv: bool = True, trace_verb: str | None = None, silent_no_op: bool = False) -> tuple[dict, bool]:
        """Check and store a changed object; returns (object, whether it changed).

        ``trace_verb`` records the request; with ``silent_no_op`` a request that would change
        nothing is not recorded (kubectl apply sends no patch when there is nothing to patch).
        """
        try:
            old = self._checked_update(new, doc, validate, verb, check_rv)
        except APIError:
            if trace_verb:
                self._trace_request(trace_verb, new)
            raise
        changed = new != old
        if trace_verb and (changed or not silent_no_op):
            self._trace_request(trace_verb, new)
        if not changed:
            return old, False  # a no-op write changes nothing, not even the resourceVersion
        if dry_run:
            return new, True
        meta = new["metadata"]
        if meta.get("deletionTimestamp") and not meta.get("finalizers") and old["metadata"].get("finalizers"):
            removed = self._remove(new["kind"], meta.get("namespace", ""), meta["name"])  # last finalizer gone
            self._after_delete()
            return removed, True
        return self._persist(new, copy=False), True  # ``new`` is this request's own copy

    def _checked_update(self, new: dict, doc: Document | None, validate: bool, verb: str, check_rv: bool) -> dict:
        """Validate ``new`` against the stored object and complete it in place; returns the stored one."""
        if validate:
            self._validate(new, doc, verb)
        res = self.resource_for(new.get("kind", ""))
        self._allowed(res, "update")
        meta = new.setdefault("metadata", {})
        name = meta.get("name") or ""
        old = self.store.get(res.kind, self._ns(res, meta.get("namespace")), name)
        if old is None:
            raise self._not_found(res, name, verb)
        rv = meta.get("resourceVersion")
        if check_rv and rv and rv != old["metadata"].get("resourceVersion"):
            item = issue("api.conflict", resource=res.qualified, name=name)
            raise APIError.from_issue(409, "Conflict", item, kind=res.kind, name=name, resource=res, verb=verb)
        self._prepare_update(old, new, res, doc, verb)
        return old

    def _prepare_update(self, old: dict, new: dict, res: Resource, doc: Document | None, verb: str) -> None:
        meta, old_meta = new["metadata"], old["metadata"]
        if res.namespaced:
            meta["namespace"] = old_meta["namespace"]
        else:
            meta.pop("namespace", None)
        for field in SERVER_METADATA:
            if field in old_meta:
                meta[field] = old_meta[field]
            else:
                meta.pop(field, None)
        if "status" in old:
            new["status"] = old["status"]  # ``old`` is a private copy, only compared with after this
        else:
            new.pop("status", None)
        if res.kind == "Service":
            defaults.drop_type_dependent_fields(new, old)
        issues = defaults.apply_defaults(new, rng=self.rng, creating=False)
        if res.kind == "Service":
            issues += self.allocator.allocate(new, old)
        vdoc = doc if doc is not None else Document(file="-", index=0, data=new)
        issues += _check_update(old, new, vdoc, self.kube_version)
        if issues:
            raise self._invalid(issues, res.kind, meta.get("name", ""), res, verb)
        self._check_replicas(new, res, meta.get("name", ""))
        if "generation" in old_meta:
            changed = {k: v for k, v in new.items() if k not in ("metadata", "status")} != {
                k: v for k, v in old.items() if k not in ("metadata", "status")}
            if res.kind == "Deployment" and meta.get("annotations") != old_meta.get("annotations"):
                changed = True  # deployment strategy: annotations are copied to ReplicaSets
            meta["generation"] = old_meta["generation"] + (1 if changed else 0)

    def update_status(self, obj: dict, *, annotations: bool = False) -> dict:
        """Write ``status`` only (controllers, kubelets): no validation, no spec change, no generation bump.

        ``annotations=True`` also writes ``metadata.annotations``: the status strategy of Deployments
        keeps metadata changes, which is how the deployment controller records its revision
        annotations without bumping ``metadata.generation``."""
        res = self.resource_for(obj.get("kind", ""))
        meta = obj.get("metadata") or {}
        name, namespace = meta.get("name", ""), self._ns(res, meta.get("namespace"))
        self._trace("update", res.kind, namespace, name)
        old = self.store.get(res.kind, namespace, name)
        if old is None:
            raise self._not_found(res, name, "updating")
        rv = meta.get("resourceVersion")
        if rv and rv != old["metadata"].get("resourceVersion"):
            item = issue("api.conflict", resource=res.qualified, name=name)
            raise APIError.from_issue(409, "Conflict", item, kind=res.kind, name=name, resource=res)
        wanted = meta.get("annotations") or None
        same_annotations = not annotations or (old["metadata"].get("annotations") or None) == wanted
        if old.get("status") == obj.get("status") and same_annotations:
            return old
        new = old  # a private copy already (store.get); ``old`` is not needed past this point
        new["status"] = copy_json(obj.get("status"))
        if not same_annotations:
            if wanted:
                new["metadata"]["annotations"] = copy_json(wanted)
            else:
                new["metadata"].pop("annotations", None)
        return self._persist(new, copy=False)

    def patch(self, kind: str, namespace: str | None, name: str, patch: Any, patch_type: str = "strategic",
              *, dry_run: bool = False, validate: bool = True) -> dict:
        """``kubectl patch``: ``merge`` (RFC 7386), ``strategic`` (lists merged by key) or ``json`` (RFC 6902)."""
        return self.patch_with_result(kind, namespace, name, patch, patch_type, dry_run=dry_run,
                                      validate=validate)[0]

    def patch_with_result(self, kind: str, namespace: str | None, name: str, patch: Any,
                          patch_type: str = "strategic", *, dry_run: bool = False,
                          validate: bool = True) -> tuple[dict, bool]:
        """Like :meth:`patch`, plus whether anything changed (kubectl prints ``patched (no change)``)."""
        res = self.resource_for(kind)
        ns = self._ns(res, namespace)
        self._trace("patch", res.kind, ns, name)
        self._allowed(res, "patch")
        live = self.store.get(res.kind, ns, name)
        if live is None:
            raise self._not_found(res, name, "patching")
        if isinstance(patch, (str, bytes)):
            try:
                patch = json.loads(patch)
            except ValueError as exc:
                raise self._patch_error(res, name, f"error decoding patch: {exc}") from None
        try:
            if patch_type == "merge":
                patched = merge_patch(live, patch)
            elif patch_type == "json":
                patched = json_patch(live, patch)
            elif patch_type == "strategic":
                patched = strategic_merge_patch(live, patch, res.kind)
            else:
                raise PatchError(f"unknown patch type {patch_type!r}: use strategic, merge or json")
        except PatchError as exc:
            raise self._patch_error(res, name, str(exc)) from None
        if not isinstance(patched, dict) or (patched.get("metadata") or {}).get("name") != name:
            got = (patched.get("metadata") or {}).get("name") if isinstance(patched, dict) else None
            item = issue("api.name_mismatch", got=got, name=name)
            raise APIError.from_issue(400, "BadRequest", item, kind=res.kind, name=name, resource=res, verb="patching")
        patched["kind"], patched["apiVersion"] = live["kind"], patched.get("apiVersion") or live["apiVersion"]
        wants_rv = isinstance(patch, dict) and bool((patch.get("metadata") or {}).get("resourceVersion"))
        if not wants_rv:
            patched["metadata"]["resourceVersion"] = live["metadata"].get("resourceVersion")
        return self._update(patched, doc=None, dry_run=dry_run, validate=validate, verb="patching")

    def _patch_error(self, res: Resource, name: str, detail: str) -> APIError:
        item = issue("api.patch_failed", detail=detail)
        return APIError.from_issue(422, "Invalid", item, resource=res, verb="patching")

    def scale(self, kind: str, namespace: str | None, name: str, replicas: int) -> dict:
        """The scale subresource: set ``spec.replicas``."""
        return self.patch(kind, namespace, name, {"spec": {"replicas": replicas}}, "merge")

    def bind(self, namespace: str, name: str, node: str) -> dict:
        """The pods/binding subresource the scheduler calls: set ``spec.nodeName`` and PodScheduled."""
        self._trace("create", "Binding", namespace, name)
        pod = self.store.get("Pod", namespace, name)
        res = resources.by_kind("Pod")
        if pod is None:
            raise self._not_found(res, name, "creating")
        spec = pod.setdefault("spec", {})
        if spec.get("nodeName"):
            item = issue("api.already_bound", name=name, node=spec["nodeName"])
            raise APIError.from_issue(409, "Conflict", item, kind="Pod", name=name, resource=res)
        spec["nodeName"] = node
        status = pod.setdefault("status", {})
        conditions = [c for c in status.get("conditions") or [] if c.get("type") != "PodScheduled"]
        conditions.insert(0, {"lastProbeTime": None, "lastTransitionTime": self.clock.timestamp(),
                              "status": "True", "type": "PodScheduled"})
        status["conditions"] = conditions
        return self._persist(pod, copy=False)

    # --- apply ------------------------------------------------------------------------------

    def apply(self, obj: dict, *, doc: Document | None = None, dry_run: bool = False,
              validate: bool = True) -> tuple[dict, str]:
        """Client-side ``kubectl apply``: create, or three-way merge with the last applied manifest.

        Returns the object and ``"created"``, ``"configured"`` or ``"unchanged"``.
        """
        obj = copy_json(obj)
        self._trace_request("get", obj)  # kubectl reads the live object first
        if validate:
            self._validate(obj, doc, "creating")
        res = self.resource_for(obj.get("kind", ""))
        meta = obj.setdefault("metadata", {})
        if not meta.get("name"):
            if meta.get("generateName"):
                item = issue("api.generate_name_apply", file="STDIN" if not doc or doc.file == "-" else doc.file)
                raise APIError.from_issue(400, "BadRequest", item, kind=res.kind, resource=res, client_side=True)
            raise self._invalid([issue("api.name_required", kind=res.kind)], res.kind, "", res, "creating")
        if res.namespaced:
            meta["namespace"] = self._ns(res, meta.get("namespace"))
        annotations = dict(meta.get("annotations") or {})
        annotations.pop(LAST_APPLIED, None)
        meta["annotations"] = annotations  # kubectl serialises the manifest with `annotations: {}` at least
        applied = go_json(obj) + "\n"
        annotations[LAST_APPLIED] = applied
        namespace = self._ns(res, meta.get("namespace"))
        self._trace_etcd("read", res.kind, namespace, meta["name"])
        live = self.store.get(res.kind, namespace, meta["name"])
        if live is None:
            return self.create(obj, doc=doc, dry_run=dry_run, validate=False), "created"
        previous = (live["metadata"].get("annotations") or {}).get(LAST_APPLIED)
        original = None
        if previous:
            try:
                original = json.loads(previous)
            except ValueError:
                original = None
        else:
            self.warnings.append(issue("api.missing_last_applied", resource=res.plural, name=meta["name"]).message_en)
        merged = three_way_merge(original, obj, live, res.kind)
        merged["metadata"]["resourceVersion"] = live["metadata"].get("resourceVersion")
        result, changed = self._update(merged, doc=doc, dry_run=dry_run, validate=False, verb="patching",
                                       check_rv=False, trace_verb="patch", silent_no_op=True)
        return result, "configured" if changed else "unchanged"

    # --- the store --------------------------------------------------------------------------

    def _persist(self, obj: dict, *, copy: bool = True) -> dict:
        meta = obj["metadata"]
        kind, namespace, name = obj["kind"], meta.get("namespace", ""), meta["name"]
        if kind == "Service":
            old = self.store.get(kind, namespace, name)
            if old is not None:
                self.allocator.forget(old)
        self._trace_etcd("write", kind, namespace, name)  # before the store's watchers see the change
        stored = self.store.put(obj, copy=copy)
        if kind == "Service":
            self.allocator.record(stored)
        return stored

    def _remove(self, kind: str, namespace: str, name: str) -> dict:
        if not self.store.exists(kind, namespace, name):
            return {}
        self._trace_etcd("delete", kind, namespace, name)
        removed = self.store.remove(kind, namespace, name)
        meta = removed["metadata"]
        if kind == "Service":
            self.allocator.forget(removed)
        if meta.get("uid"):
            self.gc_pending[meta["uid"]] = None  # its dependents
        for ref in meta.get("ownerReferences") or ():  # an owner waiting in foreground deletion
            if ref.get("uid"):
                self.gc_pending[ref["uid"]] = None
        return removed

    # --- snapshot ---------------------------------------------------------------------------

    def dump_state(self) -> dict:
        return {"gc_pending": list(self.gc_pending), "trace_seq": self.trace_seq}

    def load_state(self, data: dict) -> None:
        self.gc_pending = dict.fromkeys(data.get("gc_pending", ()))
        self.trace_seq = int(data.get("trace_seq", 0))


# --- helpers -----------------------------------------------------------------------------------


class _ActingAs:
    """``with api.acting_as("scheduler"):`` (a class: cheaper than a generator, and it runs per call)."""

    __slots__ = ("api", "caller", "before")

    def __init__(self, api: APIServer, caller: str):
        self.api, self.caller = api, caller

    def __enter__(self) -> None:
        self.before, self.api.caller = self.api.caller, self.caller

    def __exit__(self, *exc: object) -> None:
        self.api.caller = self.before


_UUID_CLEAR = ~((0xC000 << 48) | (0xF000 << 64))
_UUID_SET = (0x8000 << 48) | (4 << 76)


def uuid4_text(bits: int) -> str:
    """``str(uuid.UUID(int=bits, version=4))``: the RFC 4122 variant and version 4 stamped on 128
    random bits, written 8-4-4-4-12 (the same text, without building a UUID object)."""
    h = "%032x" % ((bits & _UUID_CLEAR) | _UUID_SET)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _check_update(old: dict, new: dict, doc: Document, kube_version: str) -> list[Issue]:
    from . import rules  # imported late: rules.py is large and create/get never need it

    check = getattr(rules, "check_update", None)
    return list(check(old, new, doc, kube_version) or []) if check else []


def _served(kube_version: str, api_version: str, kind: str) -> bool:
    from . import schema

    try:
        return schema.has_schema(kube_version, api_version, kind)
    except ValueError:
        return False


def _warning_text(item: Issue) -> str:
    text = item.message_en
    return text.removeprefix("Warning: ")


def _minor_version(kube_version: str) -> int:
    match = re.match(r"^v?(\d+)\.(\d+)", kube_version or "")
    return int(match.group(2)) if match else 32


def _field_value(obj: dict, field: str) -> str:
    if field == "source":  # Event "source" means source.component
        field = "source.component"
    value: Any = obj
    for part in field.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def go_json(value: Any) -> str:
    """Compact JSON with sorted keys as Go's encoding/json writes it (kubectl's last-applied annotation)."""
    text = json.dumps(_go_numbers(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    # Go escapes HTML-sensitive characters and the JavaScript line separators.
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _go_numbers(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _go_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_go_numbers(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return int(value)  # YAML 1.0 -> JSON 1, as sigs.k8s.io/yaml converts it
    return value
