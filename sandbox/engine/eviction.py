"""The pods/eviction subresource (policy/v1 Eviction), as kube-apiserver runs it (reference §8).

``api.evict(namespace, name)`` is ``POST /api/v1/namespaces/NS/pods/NAME/eviction``: a graceful delete
that first asks the pod's PodDisruptionBudget (``pkg/registry/core/pod/storage/eviction.go``):

- a pod that is Pending, finished or already being deleted is deleted without asking;
- no budget: deleted; more than one: 500 `This pod has more than one PodDisruptionBudget, which the
  eviction subresource does not support.`;
- an unready pod is deleted without using up the budget while the budget is met (currentHealthy >=
  desiredHealthy > 0, the default ``IfHealthyBudget`` policy) or with ``unhealthyPodEvictionPolicy:
  AlwaysAllow``;
- otherwise the budget must allow a disruption: its ``disruptionsAllowed`` goes down by one and the pod is
  recorded in ``disruptedPods`` (the disruption controller stops counting it), else 429 TooManyRequests
  `Cannot evict pod as it would violate the pod's disruption budget.` (kubectl drain retries every 5 s).

The evicted pod gets the ``DisruptionTarget`` condition (``EvictionByEvictionAPI``) before the delete.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import resources
from .apierrors import APIError
from .labels import SelectorError, selector_from_label_selector

if TYPE_CHECKING:
    from .clock import Clock
    from .store import Store

TOO_MANY_REQUESTS = "Cannot evict pod as it would violate the pod's disruption budget."
TOO_MANY_REQUESTS_KO = "파드를 축출하면 PodDisruptionBudget을 어기게 되므로 축출할 수 없습니다."
MORE_THAN_ONE = "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support."
MORE_THAN_ONE_KO = "이 파드에 PodDisruptionBudget이 둘 이상 걸려 있습니다. eviction 하위 리소스는 이를 지원하지 않습니다."


def is_ready(pod: dict) -> bool:
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in (pod.get("status") or {}).get("conditions") or ())


def matching_budgets(store: Store, pod: dict) -> list[dict]:
    """The PodDisruptionBudgets of the pod's namespace whose selector matches it (an empty selector
    matches every pod, a missing one none), sorted by name."""
    labels = pod["metadata"].get("labels") or {}
    found = []
    for pdb in store.list("PodDisruptionBudget", pod["metadata"]["namespace"]):
        try:
            selector = selector_from_label_selector((pdb.get("spec") or {}).get("selector"))
        except SelectorError:
            continue
        if selector.matches(labels):
            found.append(pdb)
    return found


def can_ignore_budget(pod: dict) -> bool:
    """A pod that is not running (Pending, Succeeded, Failed) or already deleted disrupts nothing more."""
    phase = (pod.get("status") or {}).get("phase")
    return phase in ("Pending", "Succeeded", "Failed") or bool(pod["metadata"].get("deletionTimestamp"))


def set_allowed_condition(status: dict, generation: int, stamp: str) -> None:
    """pdbhelper.UpdateDisruptionAllowedCondition: DisruptionAllowed True (SufficientPods) or False
    (InsufficientPods); the transition time moves only when the status does."""
    allowed = int(status.get("disruptionsAllowed") or 0) > 0
    wanted = {"message": "", "observedGeneration": generation,
              "reason": "SufficientPods" if allowed else "InsufficientPods",
              "status": "True" if allowed else "False", "type": "DisruptionAllowed"}
    conditions = [dict(c) for c in status.get("conditions") or ()]
    old = next((c for c in conditions if c.get("type") == "DisruptionAllowed"), None)
    if old is None:
        conditions.append({"lastTransitionTime": stamp, **wanted})
    else:
        if old.get("status") != wanted["status"]:
            old["lastTransitionTime"] = stamp
        old.update(wanted)
    status["conditions"] = conditions


class EvictionMixin:
    """The evict verb (the pods/eviction subresource); mixed into APIServer."""

    store: Store
    clock: Clock

    def evict(self, namespace: str | None, name: str, *, grace_period: int | None = None,
              dry_run: bool = False) -> dict:
        """Evict a pod (returns a Success Status) or raise the refusal as the API server words it."""
        res = resources.by_kind("Pod")
        namespace = namespace or "default"
        self._trace("create", "Eviction", namespace, name)
        pod = self.store.get("Pod", namespace, name)
        if pod is None:
            raise self._not_found(res, name, "creating")
        if not can_ignore_budget(pod):
            budgets = matching_budgets(self.store, pod)
            if len(budgets) > 1:
                raise APIError(500, "InternalError", MORE_THAN_ONE, MORE_THAN_ONE_KO, kind="Pod", name=name,
                               resource=res)
            if budgets and not self._unhealthy_pod_may_go(pod, budgets[0]):
                self._take_disruption(budgets[0], name, dry_run)
        if not dry_run:
            self._mark_disruption_target(pod)
            self.delete("Pod", namespace, name, grace_period=grace_period)
        return {"apiVersion": "v1", "kind": "Status", "metadata": {}, "status": "Success"}

    def _unhealthy_pod_may_go(self, pod: dict, pdb: dict) -> bool:
        if is_ready(pod):
            return False
        if (pdb.get("spec") or {}).get("unhealthyPodEvictionPolicy") == "AlwaysAllow":
            return True
        status = pdb.get("status") or {}
        desired = int(status.get("desiredHealthy") or 0)
        return int(status.get("currentHealthy") or 0) >= desired > 0

    def _take_disruption(self, pdb: dict, pod_name: str, dry_run: bool) -> None:
        """checkAndDecrement: use up one allowed disruption of ``pdb`` or refuse with 429."""
        meta, status = pdb["metadata"], pdb.setdefault("status", {})
        allowed = int(status.get("disruptionsAllowed") or 0)
        res = resources.by_kind("PodDisruptionBudget")
        if int(status.get("observedGeneration") or 0) < int(meta.get("generation") or 0) or allowed == 0:
            raise APIError(429, "TooManyRequests", TOO_MANY_REQUESTS, TOO_MANY_REQUESTS_KO, kind="Pod",
                           name=pod_name, resource=resources.by_kind("Pod"))
        if allowed < 0:
            message = f'poddisruptionbudgets.policy "{meta["name"]}" is forbidden: pdb disruptions allowed is negative'
            raise APIError(403, "Forbidden", message, message, kind="PodDisruptionBudget", name=meta["name"],
                           resource=res)
        status["disruptionsAllowed"] = allowed - 1
        if allowed - 1 == 0:
            set_allowed_condition(status, int(status.get("observedGeneration") or 0), self.clock.timestamp())
        if dry_run:
            return
        status.setdefault("disruptedPods", {})[pod_name] = self.clock.timestamp()
        self.update_status(pdb)

    def _mark_disruption_target(self, pod: dict) -> None:
        conditions = pod.setdefault("status", {}).setdefault("conditions", [])
        if any(c.get("type") == "DisruptionTarget" and c.get("status") == "True" for c in conditions):
            return
        conditions[:] = [c for c in conditions if c.get("type") != "DisruptionTarget"]
        conditions.append({"lastProbeTime": None, "lastTransitionTime": self.clock.timestamp(),
                           "message": "Eviction API: evicting", "reason": "EvictionByEvictionAPI",
                           "status": "True", "type": "DisruptionTarget"})
        self.update_status(pod)
