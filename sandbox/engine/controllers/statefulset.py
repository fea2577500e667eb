"""The StatefulSet controller: ordered, stable pods ``web-0``, ``web-1`` ... (``pkg/controller/statefulset``).

One sync follows ``updateStatefulSet``: find the current and update revisions (ControllerRevisions
``<set>-<hash>``), then walk the ordinals ``[start, start+replicas)`` in order: create a missing pod
(and its PersistentVolumeClaims ``<template>-<set>-<ordinal>``), delete a pod that has finished so
it is recreated, and with ``OrderedReady`` stop at the first pod that is not yet Running and Ready
(and available). Then the condemned pods (ordinals beyond the range) are deleted highest ordinal
first, one at a time with ``OrderedReady``; then, for ``RollingUpdate``, the pod with the largest
ordinal at or above ``partition`` that is not at the update revision is deleted (it comes back at
the new revision on a later sync), waiting for every pod above it to be healthy. ``OnDelete``
only uses the new revision for pods someone deleted. ``Parallel`` never waits.

Pods get a stable identity: hostname = pod name, subdomain = ``serviceName``, labels
``statefulset.kubernetes.io/pod-name``, ``apps.kubernetes.io/pod-index`` and
``controller-revision-hash`` (= the revision name). Claims survive scale-down unless
``persistentVolumeClaimRetentionPolicy`` says Delete: then they get an ownerReference to the
StatefulSet (whenDeleted) or, when scaled away, to their pod (whenScaled), and the garbage
collector removes them.

Simplified: no adoption or release of pods, no ``maxUnavailable`` for rolling updates (alpha),
identity/storage of existing pods is not repaired.
"""

from __future__ import annotations

import re

from ..apierrors import APIError
from ..store import copy_json
from . import history
from .base import Component
from .podutil import available_at, is_available, is_finished, is_running_and_ready, is_terminating, owned_pods, \
    phase, pod_from_template

POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name"
POD_INDEX_LABEL = "apps.kubernetes.io/pod-index"
_ORDINAL = re.compile(r"^(.*)-([0-9]+)$")


# --- pure helpers ------------------------------------------------------------------------------------


def ordinal_of(pod_name: str, set_name: str) -> int | None:
    """getParentNameAndOrdinal: the ordinal of ``<set>-<n>``, None for other names."""
    match = _ORDINAL.match(pod_name)
    if match is None or match.group(1) != set_name:
        return None
    return int(match.group(2))


def claim_name(template: dict, set_name: str, ordinal: int) -> str:
    return f"{template['metadata']['name']}-{set_name}-{ordinal}"


def claims_for(sts: dict, ordinal: int) -> list[dict]:
    """getPersistentVolumeClaims: one claim per volumeClaimTemplate, labelled with the selector's labels."""
    spec, meta = sts["spec"], sts["metadata"]
    match_labels = (spec.get("selector") or {}).get("matchLabels") or {}
    claims = []
    for template in spec.get("volumeClaimTemplates") or ():
        claim = copy_json(template)
        claim.pop("status", None)
        cmeta = claim.setdefault("metadata", {})
        cmeta["name"] = claim_name(template, meta["name"], ordinal)
        cmeta["namespace"] = meta["namespace"]
        cmeta["labels"] = {**(cmeta.get("labels") or {}), **match_labels}
        for field in ("uid", "resourceVersion", "creationTimestamp"):
            cmeta.pop(field, None)
        claim["apiVersion"], claim["kind"] = "v1", "PersistentVolumeClaim"
        claims.append(claim)
    return claims


def stateful_pod(sts: dict, template: dict, ordinal: int, revision_name: str) -> dict:
    """newStatefulSetPod + setPodRevision: the pod of ``ordinal`` at a revision's template."""
    name = f"{sts['metadata']['name']}-{ordinal}"
    pod = pod_from_template(sts, template, name=name)
    labels = pod["metadata"]["labels"]
    labels[POD_NAME_LABEL] = name
    labels[POD_INDEX_LABEL] = str(ordinal)
    labels[history.REVISION_HASH] = revision_name
    spec = pod["spec"]
    spec["hostname"] = name
    if sts["spec"].get("serviceName"):
        spec["subdomain"] = sts["spec"]["serviceName"]
    claims = {t["metadata"]["name"]: claim_name(t, sts["metadata"]["name"], ordinal)
              for t in sts["spec"].get("volumeClaimTemplates") or ()}
    volumes = [{"name": vol, "persistentVolumeClaim": {"claimName": claim}} for vol, claim in sorted(claims.items())]
    volumes += [v for v in spec.get("volumes") or () if v.get("name") not in claims]
    if volumes:
        spec["volumes"] = volumes
    return pod


def revision_of(pod: dict) -> str:
    return (pod["metadata"].get("labels") or {}).get(history.REVISION_HASH) or ""


def _retention(sts: dict) -> tuple[str, str]:
    policy = sts["spec"].get("persistentVolumeClaimRetentionPolicy") or {}
    return policy.get("whenDeleted") or "Retain", policy.get("whenScaled") or "Retain"


def _plain_ref(owner: dict, api_version: str) -> dict:
    meta = owner["metadata"]
    return {"apiVersion": api_version, "kind": owner["kind"], "name": meta["name"], "uid": meta["uid"]}


def claim_owner_refs(claim: dict, sts: dict, pod: dict | None, scaled_down: bool) -> list[dict]:
    """updateClaimOwnerRefForSetAndPod: the ownerReferences the retention policy asks for."""
    when_deleted, when_scaled = _retention(sts)
    set_uid, pod_uid = sts["metadata"]["uid"], (pod or {}).get("metadata", {}).get("uid")
    refs = [r for r in claim["metadata"].get("ownerReferences") or () if r.get("uid") not in (set_uid, pod_uid)]
    if when_deleted == "Delete" and not (when_scaled == "Delete" and scaled_down):
        refs.append(_plain_ref(sts, "apps/v1"))
    if when_scaled == "Delete" and scaled_down and pod is not None:
        refs.append(_plain_ref(pod, "v1"))
    return refs


# --- the controller ----------------------------------------------------------------------------------


class StatefulSetController(Component):
    caller = "statefulset-controller"
    name = "statefulset"
    watches = ("StatefulSet", "Pod")
    latency = 0.05

    def on_change(self, op: str, obj: dict) -> None:
        if obj["kind"] == "StatefulSet":
            if op != "DELETED":
                self.enqueue(obj["metadata"]["namespace"], obj["metadata"]["name"])
            return
        ref = next((r for r in obj["metadata"].get("ownerReferences") or () if r.get("controller")), None)
        if ref is not None and ref.get("kind") == "StatefulSet":
            self.enqueue(obj["metadata"]["namespace"], ref["name"])

    def start(self) -> None:
        for sts in self.store.list("StatefulSet"):
            self.enqueue(sts["metadata"]["namespace"], sts["metadata"]["name"])

    # --- one sync ----------------------------------------------------------------------------------

    def reconcile(self, namespace: str, name: str) -> None:
        sts = self.store.get("StatefulSet", namespace, name)
        if sts is None:
            return
        current, update, revisions = self._revisions(sts)
        if not sts["metadata"].get("deletionTimestamp"):
            self._update(sts, current, update)
        pods = self._pods(sts)
        live = {current["metadata"]["name"], update["metadata"]["name"]} | {revision_of(p) for p in pods}
        history.truncate(self.api, [r for r in revisions if r["metadata"]["name"] not in
                                    (current["metadata"]["name"], update["metadata"]["name"])],
                         live, int(sts["spec"].get("revisionHistoryLimit", 10)))
        self._write_status(sts, pods, current, update)

    def _pods(self, sts: dict) -> list[dict]:
        name = sts["metadata"]["name"]
        pods = [p for p in owned_pods(self.store, sts) if ordinal_of(p["metadata"]["name"], name) is not None]
        return sorted(pods, key=lambda p: ordinal_of(p["metadata"]["name"], name))

    def _revisions(self, sts: dict) -> tuple[dict, dict, list[dict]]:
        """getStatefulSetRevisions: the update revision is the current template's (created, reused,
        or an older one moved to the top on a rollback); the current one is status.currentRevision."""
        revisions = history.revisions_of(self.store, sts)
        collision = int((sts.get("status") or {}).get("collisionCount") or 0)
        data = history.template_patch(sts)
        number = history.next_number(revisions)
        equal = [r for r in revisions if r.get("data") == data]
        if equal and equal[-1] is revisions[-1]:
            update = revisions[-1]
        elif equal:
            update = history.set_number(self.api, equal[-1], number)
        else:
            name = f"{sts['metadata']['name']}-{history.revision_hash(data, collision)}"
            labels = ((sts["spec"].get("template") or {}).get("metadata") or {}).get("labels")
            update = history.new_revision(sts, name, data, number, labels, sts["metadata"].get("annotations"))
            try:
                update = history.create(self.api, update)
            except APIError:
                pass
        wanted = (sts.get("status") or {}).get("currentRevision")
        current = next((r for r in revisions if r["metadata"]["name"] == wanted), None) or update
        return current, update, revisions

    def _update(self, sts: dict, current: dict, update: dict) -> None:
        spec, name = sts["spec"], sts["metadata"]["name"]
        start = int((spec.get("ordinals") or {}).get("start") or 0)
        replicas = int(spec.get("replicas", 1))
        monotonic = (spec.get("podManagementPolicy") or "OrderedReady") != "Parallel"
        min_ready = int(spec.get("minReadySeconds") or 0)
        slots: dict[int, dict | None] = dict.fromkeys(range(start, start + replicas))
        condemned: list[dict] = []
        for pod in self._pods(sts):
            ordinal = ordinal_of(pod["metadata"]["name"], name)
            if ordinal in slots:
                slots[ordinal] = pod
            else:
                condemned.append(pod)
        unhealthy = [p for p in list(slots.values()) + condemned if p is not None and not _healthy(p)]
        first_unhealthy = unhealthy[0]["metadata"]["name"] if unhealthy else None
        blocked = False
        for ordinal, pod in slots.items():
            stop = self._process_replica(sts, ordinal, pod, current, update, monotonic, min_ready)
            if stop:
                blocked = True
                if monotonic:
                    return
        if blocked:
            return
        for pod in reversed(condemned):
            if is_terminating(pod):
                if monotonic:
                    return
                continue
            if monotonic and not is_running_and_ready(pod) and pod["metadata"]["name"] != first_unhealthy:
                return
            self._fix_claims(sts, pod, scaled_down=True)
            self._delete_pod(sts, pod)
            if monotonic:
                return
        strategy = spec.get("updateStrategy") or {}
        if (strategy.get("type") or "RollingUpdate") != "RollingUpdate":
            return
        partition = int((strategy.get("rollingUpdate") or {}).get("partition") or 0)
        ordered = list(slots.items())
        for index in range(len(ordered) - 1, partition - 1, -1):
            pod = ordered[index][1]
            if pod is None:
                return
            if revision_of(pod) != update["metadata"]["name"] and not is_terminating(pod):
                self._delete_pod(sts, pod)
                return
            if not _healthy(pod):
                return

    def _process_replica(self, sts: dict, ordinal: int, pod: dict | None, current: dict, update: dict,
                         monotonic: bool, min_ready: int) -> bool:
        """processReplica: True when this replica blocks the ones after it (OrderedReady)."""
        if pod is None:
            if not self._create_pod(sts, ordinal, current, update):
                return True
            return monotonic
        if is_finished(pod):
            if not is_terminating(pod):
                what = "failed" if phase(pod) == "Failed" else "terminated"
                reason = "RecreatingFailedPod" if phase(pod) == "Failed" else "RecreatingTerminatedPod"
                self.event(sts, "Warning", reason, f"StatefulSet {sts['metadata']['namespace']}/{sts['metadata']['name']} "
                           f"is recreating {what} Pod {pod['metadata']['name']}")
                self._delete_pod(sts, pod)
            return True
        if phase(pod) == "Pending":
            self._create_claims(sts, ordinal, pod)
        if not monotonic:
            return False
        if is_terminating(pod) or not is_running_and_ready(pod):
            return True
        if not is_available(pod, min_ready, self.clock):
            at = available_at(pod, min_ready, self.clock)
            if at is not None:
                self.enqueue(sts["metadata"]["namespace"], sts["metadata"]["name"], delay=at - self.clock.now + 1.0)
            return True
        return False

    # --- pods and claims ---------------------------------------------------------------------------

    def _create_pod(self, sts: dict, ordinal: int, current: dict, update: dict) -> bool:
        """newVersionedStatefulSetPod + CreateStatefulPod: claims first, then the pod."""
        strategy = sts["spec"].get("updateStrategy") or {}
        rolling = strategy.get("rollingUpdate")
        use_current = (strategy.get("type") or "RollingUpdate") == "RollingUpdate" and (
            (rolling is None and ordinal < int((sts.get("status") or {}).get("currentReplicas") or 0))
            or (rolling is not None and ordinal < int(rolling.get("partition") or 0)))
        revision = current if use_current else update
        pod = stateful_pod(sts, history.template_of(revision), ordinal, revision["metadata"]["name"])
        if not self._create_claims(sts, ordinal, pod):
            return False
        try:
            self.api.create(pod, validate=False)
        except APIError as exc:
            if exc.code != "api.namespace_terminating" and exc.reason != "AlreadyExists":
                self.event(sts, "Warning", "FailedCreate", f"create Pod {pod['metadata']['name']} in StatefulSet "
                           f"{sts['metadata']['name']} failed error: {exc.message}")
            return False
        self.event(sts, "Normal", "SuccessfulCreate",
                   f"create Pod {pod['metadata']['name']} in StatefulSet {sts['metadata']['name']} successful")
        return True

    def _create_claims(self, sts: dict, ordinal: int, pod: dict) -> bool:
        """createPersistentVolumeClaims: create what is missing; False while a claim is being deleted."""
        ok = True
        for claim in claims_for(sts, ordinal):
            namespace, name = claim["metadata"]["namespace"], claim["metadata"]["name"]
            existing = self.store.get("PersistentVolumeClaim", namespace, name)
            if existing is not None:
                if existing["metadata"].get("deletionTimestamp"):
                    ok = False  # a stale claim: wait until it is gone (PodClaimIsStale)
                continue
            refs = claim_owner_refs(claim, sts, None, scaled_down=False)
            if refs:
                claim["metadata"]["ownerReferences"] = refs
            try:
                self.api.create(claim, validate=False)
            except APIError as exc:
                if exc.code != "api.namespace_terminating":
                    self.event(sts, "Warning", "FailedCreate", f"create Claim {name} for Pod {pod['metadata']['name']} "
                               f"in StatefulSet {sts['metadata']['name']} failed error: {exc.message}")
                ok = False
                continue
            self.event(sts, "Normal", "SuccessfulCreate",
                       f"create Claim {name} Pod {pod['metadata']['name']} in StatefulSet {sts['metadata']['name']} success")
        return ok

    def _fix_claims(self, sts: dict, pod: dict, scaled_down: bool) -> None:
        """Before a scale-down deletes a pod, hand its claims to the retention policy."""
        ordinal = ordinal_of(pod["metadata"]["name"], sts["metadata"]["name"])
        for template in sts["spec"].get("volumeClaimTemplates") or ():
            namespace = sts["metadata"]["namespace"]
            claim = self.store.get("PersistentVolumeClaim", namespace, claim_name(template, sts["metadata"]["name"], ordinal))
            if claim is None:
                continue
            refs = claim_owner_refs(claim, sts, pod, scaled_down)
            if refs != (claim["metadata"].get("ownerReferences") or []):
                try:
                    self.api.patch("PersistentVolumeClaim", namespace, claim["metadata"]["name"],
                                   {"metadata": {"ownerReferences": refs or None}}, "merge", validate=False)
                except APIError:
                    pass

    def _delete_pod(self, sts: dict, pod: dict) -> None:
        try:
            self.api.delete("Pod", sts["metadata"]["namespace"], pod["metadata"]["name"])
        except APIError as exc:
            if exc.reason != "NotFound":
                self.event(sts, "Warning", "FailedDelete", f"delete Pod {pod['metadata']['name']} in StatefulSet "
                           f"{sts['metadata']['name']} failed error: {exc.message}")
            return
        self.event(sts, "Normal", "SuccessfulDelete",
                   f"delete Pod {pod['metadata']['name']} in StatefulSet {sts['metadata']['name']} successful")

    # --- status ------------------------------------------------------------------------------------

    def _write_status(self, sts: dict, pods: list[dict], current: dict, update: dict) -> None:
        min_ready = int(sts["spec"].get("minReadySeconds") or 0)
        created = ready = available = at_current = at_update = 0
        current_name, update_name = current["metadata"]["name"], update["metadata"]["name"]
        for pod in pods:
            created += 1
            if is_running_and_ready(pod):
                ready += 1
                available += is_available(pod, min_ready, self.clock)
            if not is_terminating(pod):
                at_current += revision_of(pod) == current_name
                at_update += revision_of(pod) == update_name
        strategy = (sts["spec"].get("updateStrategy") or {}).get("type") or "RollingUpdate"
        if strategy == "RollingUpdate" and at_update == created and ready == created:
            at_current, current_name = at_update, update_name  # completeRollingUpdate
        old = sts.get("status") or {}
        status: dict = {"availableReplicas": available, "replicas": created}
        if old.get("collisionCount") is not None:
            status["collisionCount"] = old["collisionCount"]
        for key, value in (("readyReplicas", ready), ("currentReplicas", at_current), ("updatedReplicas", at_update),
                           ("currentRevision", current_name), ("updateRevision", update_name),
                           ("observedGeneration", sts["metadata"].get("generation"))):
            if value:
                status[key] = value
        status["collisionCount"] = int(old.get("collisionCount") or 0)
        if status != old:
            try:
                self.api.update_status({**sts, "status": status})
            except APIError:
                self.enqueue(sts["metadata"]["namespace"], sts["metadata"]["name"])


def _healthy(pod: dict) -> bool:
    return is_running_and_ready(pod) and not is_terminating(pod)
