"""Which pods a drain evicts, and why it refuses (kubectl ``pkg/drain/filters.go``, v1.32).

Shared by ``kubectl drain`` (``kubectl/drain.py``) and the live view's drain fault (the ``Drainer`` in
``controllers/disruption.py``). Every pod on the node goes through the filters in kubectl's order, the
first one that does not let it go decides; the status of the last filter run is the one kept (so the
local-storage warning of a managed pod is dropped, as in kubectl):

1. skip pods deleted longer ago than ``--skip-wait-for-delete-timeout``;
2. DaemonSet pods: refused without ``--ignore-daemonsets``, else left alone with a warning (finished
   ones go; one whose DaemonSet is gone goes with ``--force``);
3. mirror (static) pods are skipped;
4. pods with an emptyDir: refused without ``--delete-emptydir-data``;
5. pods without a controller: refused without ``--force``.

kubectl words the refusals ``cannot delete %s: ns/pod, ...``; its unmanaged-pod message already starts
with "cannot delete", so 1.32 really prints ``cannot delete cannot delete Pods that declare no
controller (use --force to override): default/bare``. Messages are grouped in the order the pods come
(kubectl iterates a Go map: its order varies from run to run).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .apierrors import APIError

DAEMONSET_FATAL = "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)"
DAEMONSET_WARNING = "ignoring DaemonSet-managed Pods"
LOCAL_STORAGE_FATAL = "Pods with local storage (use --delete-emptydir-data to override)"
LOCAL_STORAGE_WARNING = "deleting Pods with local storage"
UNMANAGED_FATAL = "cannot delete Pods that declare no controller (use --force to override)"
UNMANAGED_WARNING = "deleting Pods that declare no controller"
MIRROR_ANNOTATION = "kubernetes.io/config.mirror"
EVICT_RETRY_SECONDS = 5.0  # drain.Helper.EvictErrorRetryDelay as kubectl drain sets it
POLL_SECONDS = 1.0  # waitForDelete's poll interval

OKAY, SKIP, WARNING, ERROR = "Okay", "Skip", "Warning", "Error"


@dataclass
class DrainOptions:
    force: bool = False
    ignore_daemonsets: bool = False
    delete_emptydir_data: bool = False
    pod_selector: str | None = None
    skip_wait_for_delete_timeout: int = 0


@dataclass
class PodDelete:
    pod: dict
    delete: bool
    reason: str = OKAY
    message: str = ""

    @property
    def ref(self) -> str:
        return f"{self.pod['metadata']['namespace']}/{self.pod['metadata']['name']}"


@dataclass
class PodDeleteList:
    items: list[PodDelete] = field(default_factory=list)

    def pods(self) -> list[dict]:
        """The pods to evict (or delete)."""
        return [i.pod for i in self.items if i.delete]

    def warnings(self) -> str:
        """``msg: ns/a, ns/b; msg2: ...`` (kubectl prints it as ``Warning: ...``), or empty."""
        return "; ".join(f"{msg}: {', '.join(refs)}" for msg, refs in self._grouped(WARNING).items())

    def errors(self) -> list[str]:
        """One refusal per message: ``cannot delete <message>: ns/a, ns/b``."""
        return [f"cannot delete {msg}: {', '.join(refs)}" for msg, refs in self._grouped(ERROR).items()]

    def _grouped(self, reason: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for item in self.items:
            if item.reason == reason:
                out.setdefault(item.message or "unexpected error", []).append(item.ref)
        return out


def pods_for_deletion(api: Any, node: str, options: DrainOptions) -> PodDeleteList:
    """GetPodsForDeletion: the node's pods (every namespace, ``--pod-selector``) through the filters."""
    pods = api.list("Pod", None, label_selector=options.pod_selector or None, field_selector=f"spec.nodeName={node}")
    filters = (_skip_deleted, _daemonset, _mirror, _local_storage, _unreplicated)
    items = []
    for pod in pods:
        status = PodDelete(pod, True)
        for check in filters:
            status = check(api, pod, options)
            if not status.delete:
                break
        items.append(status)
    return PodDeleteList(items)


def _finished(pod: dict) -> bool:
    return (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed")


def _controller(pod: dict) -> dict | None:
    return next((r for r in pod["metadata"].get("ownerReferences") or () if r.get("controller")), None)


def _skip_deleted(api: Any, pod: dict, options: DrainOptions) -> PodDelete:
    deleted = pod["metadata"].get("deletionTimestamp")
    if options.skip_wait_for_delete_timeout > 0 and deleted and \
            int(api.clock.seconds_since(deleted)) > options.skip_wait_for_delete_timeout:
        return PodDelete(pod, False, SKIP)
    return PodDelete(pod, True)


def _daemonset(api: Any, pod: dict, options: DrainOptions) -> PodDelete:
    ref = _controller(pod)
    if ref is None or ref.get("kind") != "DaemonSet" or _finished(pod):
        return PodDelete(pod, True)
    try:
        api.get("DaemonSet", pod["metadata"]["namespace"], ref.get("name") or "")
    except APIError as error:
        if error.reason == "NotFound" and options.force:
            return PodDelete(pod, True, WARNING, error.message)
        return PodDelete(pod, False, ERROR, error.message)
    if not options.ignore_daemonsets:
        return PodDelete(pod, False, ERROR, DAEMONSET_FATAL)
    return PodDelete(pod, False, WARNING, DAEMONSET_WARNING)


def _mirror(api: Any, pod: dict, options: DrainOptions) -> PodDelete:
    if MIRROR_ANNOTATION in (pod["metadata"].get("annotations") or {}):
        return PodDelete(pod, False, SKIP)
    return PodDelete(pod, True)


def _local_storage(api: Any, pod: dict, options: DrainOptions) -> PodDelete:
    volumes = (pod.get("spec") or {}).get("volumes") or ()
    if not any(isinstance(v, dict) and "emptyDir" in v for v in volumes) or _finished(pod):
        return PodDelete(pod, True)
    if not options.delete_emptydir_data:
        return PodDelete(pod, False, ERROR, LOCAL_STORAGE_FATAL)
    return PodDelete(pod, True, WARNING, LOCAL_STORAGE_WARNING)


def _unreplicated(api: Any, pod: dict, options: DrainOptions) -> PodDelete:
    if _finished(pod) or _controller(pod) is not None:
        return PodDelete(pod, True)
    if options.force:
        return PodDelete(pod, True, WARNING, UNMANAGED_WARNING)
    return PodDelete(pod, False, ERROR, UNMANAGED_FATAL)
