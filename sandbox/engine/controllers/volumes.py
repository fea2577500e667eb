"""Storage: the PersistentVolume controller, the provisioner and the protection controllers.

* Binding (``pkg/controller/volume/persistentvolume``): an unbound claim is bound to the smallest
  Available PersistentVolume that fits (same storage class — none matches none —, volume mode,
  access modes, capacity, selector), both ways: ``pv.spec.claimRef`` and ``pvc.spec.volumeName``,
  phases ``Bound``, the claim's status gets the volume's capacity and access modes.
* Dynamic provisioning: a claim of a class with a provisioner gets a volume ``pvc-<claim uid>``
  (events ``ExternalProvisioning``, ``Provisioning``, ``ProvisioningSucceeded``); the boot class
  ``standard`` (``rancher.io/local-path``, default class) uses ``volumeBindingMode: Immediate`` in the
  sandbox so claims bind as soon as they exist (local-path itself waits for the first consumer;
  ``WaitForFirstConsumer`` classes are honoured: provisioning starts once a pod uses the claim).
* A claim without a class and without a matching volume stays Pending with ``FailedBinding``
  ``no persistent volumes available for this claim and no storage class is set``.
* Protection: claims carry ``kubernetes.io/pvc-protection`` and volumes ``kubernetes.io/pv-protection``;
  (added at creation by the StorageObjectInUseProtection admission); a claim being deleted stays
  Terminating while a pod uses it, a volume while it is bound.
* Reclaim: a volume whose claim is gone becomes ``Released``; ``Delete`` removes it (dynamic volumes),
  ``Retain`` keeps it.

``files_for`` / ``env_for`` answer what a container sees from ConfigMaps, Secrets and the downward
API (thin wrappers over ``pod_env.py``, which the kubelet uses), and ``claim_problem`` is the check
the scheduler runs before it binds a pod with claims.
"""

from __future__ import annotations

from ..apierrors import APIError
from ..defaults import parse_quantity
from ..labels import SelectorError, selector_from_label_selector
from .base import Component

PVC_PROTECTION = "kubernetes.io/pvc-protection"
PV_PROTECTION = "kubernetes.io/pv-protection"
PROVISIONER_ANNOTATIONS = ("volume.beta.kubernetes.io/storage-provisioner", "volume.kubernetes.io/storage-provisioner")
BIND_COMPLETED = "pv.kubernetes.io/bind-completed"
BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller"
PROVISIONED_BY = "pv.kubernetes.io/provisioned-by"
DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class"
PROVISION_SECONDS = 1.0  # the external provisioner's round trip
NO_CLASS_MESSAGE = "no persistent volumes available for this claim and no storage class is set"
PROVISIONER_IDENTITY = "rancher.io/local-path_local-path-provisioner"

STANDARD_CLASS = {
    "apiVersion": "storage.k8s.io/v1",
    "kind": "StorageClass",
    "metadata": {"name": "standard", "annotations": {DEFAULT_CLASS: "true"}},
    "provisioner": "rancher.io/local-path",
    "reclaimPolicy": "Delete",
    "volumeBindingMode": "Immediate",
}


# --- pure helpers --------------------------------------------------------------------------------------


def claim_names(pod: dict) -> list[str]:
    return [v["persistentVolumeClaim"].get("claimName") for v in (pod.get("spec") or {}).get("volumes") or ()
            if isinstance(v.get("persistentVolumeClaim"), dict) and v["persistentVolumeClaim"].get("claimName")]


def _request(pvc: dict) -> int:
    value = (((pvc.get("spec") or {}).get("resources") or {}).get("requests") or {}).get("storage")
    try:
        return int(parse_quantity(value)) if value is not None else 0
    except (ValueError, ArithmeticError):
        return 0


def _capacity(pv: dict) -> int:
    value = ((pv.get("spec") or {}).get("capacity") or {}).get("storage")
    try:
        return int(parse_quantity(value)) if value is not None else 0
    except (ValueError, ArithmeticError):
        return 0


def volume_fits(pv: dict, pvc: dict) -> bool:
    """findMatchingVolume's checks for one volume."""
    spec, claim = pv.get("spec") or {}, pvc.get("spec") or {}
    if pv["metadata"].get("deletionTimestamp") or (pv.get("status") or {}).get("phase") not in (None, "Available", "Pending"):
        return False
    ref = spec.get("claimRef")
    if ref and (ref.get("name") != pvc["metadata"]["name"] or ref.get("namespace") != pvc["metadata"]["namespace"]
                or (ref.get("uid") and ref.get("uid") != pvc["metadata"].get("uid"))):
        return False
    if (spec.get("storageClassName") or "") != (claim.get("storageClassName") or ""):
        return False
    if (spec.get("volumeMode") or "Filesystem") != (claim.get("volumeMode") or "Filesystem"):
        return False
    if not set(claim.get("accessModes") or ()) <= set(spec.get("accessModes") or ()):
        return False
    if _capacity(pv) < _request(pvc):
        return False
    if claim.get("selector"):
        try:
            selector = selector_from_label_selector(claim["selector"])
        except SelectorError:
            return False
        if not selector.matches(pv["metadata"].get("labels") or {}):
            return False
    return True


def provisioned_volume(pvc: dict, sc: dict) -> dict:
    """What the provisioner creates for ``pvc`` (a pure builder)."""
    meta, spec = pvc["metadata"], pvc.get("spec") or {}
    name = f"pvc-{meta['uid']}"
    return {
        "apiVersion": "v1", "kind": "PersistentVolume",
        "metadata": {"name": name, "annotations": {PROVISIONED_BY: sc.get("provisioner", "")},
                     "finalizers": [PV_PROTECTION]},
        "spec": {
            "accessModes": list(spec.get("accessModes") or ["ReadWriteOnce"]),
            "capacity": {"storage": ((spec.get("resources") or {}).get("requests") or {}).get("storage", "1Gi")},
            "claimRef": _claim_ref(pvc),
            "hostPath": {"path": f"/opt/local-path-provisioner/{name}_{meta['namespace']}_{meta['name']}",
                         "type": "DirectoryOrCreate"},
            "persistentVolumeReclaimPolicy": sc.get("reclaimPolicy") or "Delete",
            "storageClassName": sc["metadata"]["name"],
            "volumeMode": spec.get("volumeMode") or "Filesystem",
        },
    }


def _claim_ref(pvc: dict) -> dict:
    meta = pvc["metadata"]
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "name": meta["name"], "namespace": meta["namespace"],
            "resourceVersion": meta.get("resourceVersion"), "uid": meta.get("uid")}


def default_class(store) -> str | None:
    """The DefaultStorageClass admission's choice: the newest class annotated as default."""
    classes = [sc for sc in store.list("StorageClass")
               if (sc["metadata"].get("annotations") or {}).get(DEFAULT_CLASS) == "true"]
    if not classes:
        return None
    classes.sort(key=lambda sc: (sc["metadata"].get("creationTimestamp") or "", sc["metadata"]["name"]))
    return classes[-1]["metadata"]["name"]


def claim_problem(store, pod: dict) -> tuple[str | None, bool]:
    """The VolumeBinding PreFilter: (reason the pod cannot be scheduled yet, whether to wait silently).

    Unbound Immediate claims: ``pod has unbound immediate PersistentVolumeClaims``; a missing claim:
    ``persistentvolumeclaim "x" not found``; a claim of a WaitForFirstConsumer class that is being
    provisioned: wait without an event (the real scheduler waits in PreBind)."""
    namespace = pod["metadata"].get("namespace") or "default"
    unbound_immediate = waiting = False
    for name in claim_names(pod):
        pvc = store.get("PersistentVolumeClaim", namespace, name)
        if pvc is None:
            return f'persistentvolumeclaim "{name}" not found', False
        if pvc["metadata"].get("deletionTimestamp"):
            return f'persistentvolumeclaim "{name}" is being deleted', False
        if (pvc.get("status") or {}).get("phase") == "Bound" and (pvc.get("spec") or {}).get("volumeName"):
            continue
        sc = store.get("StorageClass", "", (pvc.get("spec") or {}).get("storageClassName") or "")
        if sc is not None and sc.get("volumeBindingMode") == "WaitForFirstConsumer":
            waiting = True
        else:
            unbound_immediate = True
    if unbound_immediate:
        return "pod has unbound immediate PersistentVolumeClaims", False
    return (None, True) if waiting else (None, False)


# --- what containers see (the kubelet's side; see pod_env.py) ------------------------------------------


def _getter(cluster):
    return lambda kind, namespace, name: cluster.store.get(kind, namespace, name)


def _ips(cluster, pod: dict) -> tuple[str, str]:
    status = pod.get("status") or {}
    return status.get("hostIP") or "", status.get("podIP") or ""


def files_for(cluster, pod: dict, container: dict) -> dict[str, str]:
    """Absolute path -> text of the ConfigMap/Secret/projected/downward API files ``container`` mounts.
    Raises ``pod_env.MountError`` (``MountVolume.SetUp failed for volume ...``) like the kubelet."""
    from ..pod_env import container_files, pod_volumes

    host_ip, pod_ip = _ips(cluster, pod)
    return container_files(pod, container, pod_volumes(pod, _getter(cluster), host_ip, pod_ip))


def env_for(cluster, pod: dict, container: dict) -> tuple[dict[str, str], str | None]:
    """(environment, None) or ({}, the kubelet's error such as ``configmap "app-config" not found``)."""
    from ..pod_env import ConfigError, container_env

    host_ip, pod_ip = _ips(cluster, pod)
    node = cluster.store.get("Node", "", (pod.get("spec") or {}).get("nodeName") or "") or {}
    try:
        env = container_env(pod, container, _getter(cluster), cluster.store.list("Service"), host_ip, pod_ip,
                            (node.get("status") or {}).get("allocatable") or {})
    except ConfigError as error:
        return {}, error.message
    return env, None


# --- the controller ------------------------------------------------------------------------------------


class PersistentVolumeController(Component):
    caller = "persistentvolume-controller"
    name = "volumes"
    watches = ("PersistentVolumeClaim", "PersistentVolume", "StorageClass", "Pod")
    latency = 0.05

    def on_change(self, op: str, obj: dict) -> None:
        kind, meta = obj["kind"], obj["metadata"]
        if kind == "PersistentVolumeClaim":
            if op == "DELETED":
                if (obj.get("spec") or {}).get("volumeName"):
                    self.enqueue("volume", obj["spec"]["volumeName"])
            else:
                self.enqueue("claim", meta["namespace"], meta["name"])
        elif kind == "PersistentVolume":
            if op != "DELETED":
                self.enqueue("volume", meta["name"])
                if (obj.get("status") or {}).get("phase") == "Available":
                    self._wake_pending()
        elif kind == "StorageClass":
            if op != "DELETED":
                self._wake_pending()
        else:  # a pod that uses claims appeared, finished or went away
            status = obj.get("status") or {}
            if op in ("ADDED", "DELETED") or meta.get("deletionTimestamp") or status.get("phase") in ("Succeeded", "Failed"):
                for name in claim_names(obj):
                    self.enqueue("claim", meta["namespace"], name)

    def _wake_pending(self) -> None:
        for pvc in self.store.list("PersistentVolumeClaim"):
            if (pvc.get("status") or {}).get("phase") != "Bound":
                self.enqueue("claim", pvc["metadata"]["namespace"], pvc["metadata"]["name"])

    def start(self) -> None:
        self._wake_pending()

    def reconcile(self, what: str, *key: str) -> None:
        if what == "claim":
            self._sync_claim(*key)
        else:
            self._sync_volume(*key)

    # --- claims -----------------------------------------------------------------------------------

    def _sync_claim(self, namespace: str, name: str) -> None:
        pvc = self.store.get("PersistentVolumeClaim", namespace, name)
        if pvc is None:
            return
        if pvc["metadata"].get("deletionTimestamp"):
            if not self._in_use(pvc):
                self._drop_finalizer(pvc, PVC_PROTECTION)
            return
        volume_name = (pvc.get("spec") or {}).get("volumeName")
        if volume_name:
            pv = self.store.get("PersistentVolume", "", volume_name)
            if pv is None:
                if (pvc.get("status") or {}).get("phase") == "Bound":
                    self._claim_status(pvc, "Lost", None)
                    self.event(pvc, "Warning", "ClaimLost", "Bound claim has lost its PersistentVolume. "
                               "Data on the volume is lost!")
                return
            self._bind(pv, pvc)
            return
        candidates = sorted((pv for pv in self.store.list("PersistentVolume") if volume_fits(pv, pvc)),
                            key=lambda pv: (_capacity(pv), pv["metadata"]["name"]))
        if candidates:
            self._bind(candidates[0], pvc)
            return
        class_name = (pvc.get("spec") or {}).get("storageClassName") or ""
        if not class_name:
            self.event(pvc, "Normal", "FailedBinding", NO_CLASS_MESSAGE)
            return
        sc = self.store.get("StorageClass", "", class_name)
        if sc is None:
            self.event(pvc, "Warning", "ProvisioningFailed", f'storageclass.storage.k8s.io "{class_name}" not found')
            return
        self._provision(pvc, sc)

    def _provision(self, pvc: dict, sc: dict) -> None:
        provisioner = sc.get("provisioner") or ""
        if provisioner == "kubernetes.io/no-provisioner":
            if sc.get("volumeBindingMode") == "WaitForFirstConsumer":
                self.event(pvc, "Normal", "WaitForFirstConsumer", "waiting for first consumer to be created before binding")
            else:
                self.event(pvc, "Warning", "ProvisioningFailed", "no volume plugin matched name: kubernetes.io/no-provisioner")
            return
        if sc.get("volumeBindingMode") == "WaitForFirstConsumer" and not self._in_use(pvc):
            self.event(pvc, "Normal", "WaitForFirstConsumer", "waiting for first consumer to be created before binding")
            return
        annotations = pvc["metadata"].get("annotations") or {}
        if annotations.get(PROVISIONER_ANNOTATIONS[1]) != provisioner:
            patch = {"metadata": {"annotations": {key: provisioner for key in PROVISIONER_ANNOTATIONS}}}
            self._patch(pvc, patch)
            self.event(pvc, "Normal", "ExternalProvisioning", "Waiting for a volume to be created either by the "
                       f"external provisioner '{provisioner}' or manually by the system administrator. If volume "
                       "creation is delayed, please verify that the provisioner is running and correctly registered.")
            self.enqueue("claim", pvc["metadata"]["namespace"], pvc["metadata"]["name"], delay=PROVISION_SECONDS)
            return
        identity = PROVISIONER_IDENTITY if provisioner == "rancher.io/local-path" else provisioner
        self.event(pvc, "Normal", "Provisioning", f'External provisioner is provisioning volume for claim '
                   f'"{pvc["metadata"]["namespace"]}/{pvc["metadata"]["name"]}"', component=identity)
        volume = provisioned_volume(pvc, sc)
        try:
            with self.api.acting_as(identity):
                pv = self.api.create(volume, validate=False)
        except APIError as exc:
            if exc.reason != "AlreadyExists":
                self.event(pvc, "Warning", "ProvisioningFailed", f"failed to provision volume with StorageClass "
                           f'"{sc["metadata"]["name"]}": {exc.message}', component=identity)
                return
            pv = self.store.get("PersistentVolume", "", volume["metadata"]["name"])
        self.event(pvc, "Normal", "ProvisioningSucceeded", f"Successfully provisioned volume {pv['metadata']['name']}",
                   component=identity)
        self._bind(pv, pvc)

    def _bind(self, pv: dict, pvc: dict) -> None:
        """bindVolumeToClaim + bindClaimToVolume, then both statuses."""
        ref = (pv.get("spec") or {}).get("claimRef") or {}
        if ref.get("uid") != pvc["metadata"]["uid"] or ref.get("name") != pvc["metadata"]["name"]:
            annotations = {} if ref else {BOUND_BY_CONTROLLER: "yes"}
            pv = self._patch(pv, {"metadata": {"annotations": annotations} if annotations else {},
                                  "spec": {"claimRef": _claim_ref(pvc)}}) or pv
        if (pv.get("status") or {}).get("phase") != "Bound":
            try:
                pv = self.api.update_status({**pv, "status": {"phase": "Bound"}})
            except APIError:
                return
        spec = pvc.get("spec") or {}
        wanted = {BIND_COMPLETED: "yes"}
        if not spec.get("volumeName"):
            wanted[BOUND_BY_CONTROLLER] = "yes"
        annotations = pvc["metadata"].get("annotations") or {}
        if spec.get("volumeName") != pv["metadata"]["name"] or any(annotations.get(k) != v for k, v in wanted.items()):
            pvc = self._patch(pvc, {"metadata": {"annotations": wanted}, "spec": {"volumeName": pv["metadata"]["name"]}}) or pvc
        self._claim_status(pvc, "Bound", pv)

    def _claim_status(self, pvc: dict, phase: str, pv: dict | None) -> None:
        status = {"phase": phase}
        if pv is not None:
            status["accessModes"] = list((pv.get("spec") or {}).get("accessModes") or [])
            status["capacity"] = dict((pv.get("spec") or {}).get("capacity") or {})
        if (pvc.get("status") or {}) != status:
            try:
                self.api.update_status({**pvc, "status": status})
            except APIError:
                pass

    def _in_use(self, pvc: dict) -> bool:
        """Whether a pod that has not terminated mounts the claim (the pvc-protection controller's test)."""
        name = pvc["metadata"]["name"]
        for pod in self.store.list("Pod", pvc["metadata"]["namespace"]):
            if (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed"):
                continue
            if name in claim_names(pod):
                return True
        return False

    # --- volumes ----------------------------------------------------------------------------------

    def _sync_volume(self, name: str) -> None:
        pv = self.store.get("PersistentVolume", "", name)
        if pv is None:
            return
        spec = pv.get("spec") or {}
        ref = spec.get("claimRef")
        if pv["metadata"].get("deletionTimestamp"):
            claim = self._claim_of(pv)
            if claim is None or (pv.get("status") or {}).get("phase") != "Bound":
                self._drop_finalizer(pv, PV_PROTECTION)
            return
        if not ref:
            self._volume_phase(pv, "Available")
            return
        claim = self._claim_of(pv)
        if claim is not None:
            if (claim.get("spec") or {}).get("volumeName") in (None, "", name):
                self.enqueue("claim", claim["metadata"]["namespace"], claim["metadata"]["name"])
            return
        if not ref.get("uid"):  # pre-bound to a claim that does not exist yet
            self._volume_phase(pv, "Available")
            return
        if (pv.get("status") or {}).get("phase") in ("Bound", "Available", "Pending", None):
            self._volume_phase(pv, "Released")
        if spec.get("persistentVolumeReclaimPolicy") == "Delete":
            try:
                self.api.delete("PersistentVolume", None, name)
            except APIError:
                pass

    def _claim_of(self, pv: dict) -> dict | None:
        ref = (pv.get("spec") or {}).get("claimRef") or {}
        claim = self.store.get("PersistentVolumeClaim", ref.get("namespace") or "", ref.get("name") or "")
        if claim is None or (ref.get("uid") and claim["metadata"].get("uid") != ref.get("uid")):
            return None
        return claim

    def _volume_phase(self, pv: dict, phase: str) -> None:
        if (pv.get("status") or {}).get("phase") != phase:
            try:
                self.api.update_status({**pv, "status": {"phase": phase}})
            except APIError:
                pass

    # --- small writes -----------------------------------------------------------------------------

    def _patch(self, obj: dict, patch: dict) -> dict | None:
        meta = obj["metadata"]
        try:
            return self.api.patch(obj["kind"], meta.get("namespace"), meta["name"], patch, "merge", validate=False)
        except APIError:
            return None

    def _drop_finalizer(self, obj: dict, finalizer: str) -> None:
        finalizers = [f for f in obj["metadata"].get("finalizers") or () if f != finalizer]
        if finalizers != list(obj["metadata"].get("finalizers") or []):
            self._patch(obj, {"metadata": {"finalizers": finalizers or None}})
