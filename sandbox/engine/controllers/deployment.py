"""The Deployment controller (§4): ReplicaSets per pod template, rolled over one sync at a time.

Follows ``pkg/controller/deployment`` (sync.go, rolling.go, recreate.go, progress.go and
util/deployment_util.go) step by step, so the ScalingReplicaSet events, revisions, conditions and
the pace of a rollout are the real ones: each sync claims the Deployment's ReplicaSets, finds or
creates the new one (``<deployment>-<pod-template-hash>``), and then either scales proportionally
(a scaling event or a paused Deployment), or takes one step of RollingUpdate or Recreate, and
writes the status. Progress comes from the ReplicaSets' status, which the ReplicaSet controller
keeps; this controller never reads pod status except to see that Recreate's old pods are gone.
"""

from __future__ import annotations

import json
import math

from ..apierrors import APIError
from ..labels import Selector, SelectorError, selector_from_label_selector
from ..store import copy_json
from .base import Component
from .replicaset import controller_of, controller_ref

HASH_LABEL = "pod-template-hash"
REVISION = "deployment.kubernetes.io/revision"
REVISION_HISTORY = "deployment.kubernetes.io/revision-history"
DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas"
MAX_REPLICAS = "deployment.kubernetes.io/max-replicas"
# Annotations a Deployment does not copy to its ReplicaSets (and `rollout undo` does not copy back).
SKIPPED_ANNOTATIONS = frozenset(
    {
        "kubectl.kubernetes.io/last-applied-configuration",
        REVISION,
        REVISION_HISTORY,
        DESIRED_REPLICAS,
        MAX_REPLICAS,
        "deprecated.deployment.rollback.to",
    }
)
MAX_INT32 = 2**31 - 1
MAX_REVISION_HISTORY_CHARS = 2000
SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"  # apimachinery rand.SafeEncodeString
RETRY_BASE_SECONDS, RETRY_MAX_SECONDS = 0.005, 1000.0
# Progressing reasons (deployment_util.go)
NEW_RS_CREATED, FOUND_NEW_RS, RS_UPDATED = "NewReplicaSetCreated", "FoundNewReplicaSet", "ReplicaSetUpdated"
NEW_RS_AVAILABLE, TIMED_OUT, RS_CREATE_ERROR = (
    "NewReplicaSetAvailable",
    "ProgressDeadlineExceeded",
    "ReplicaSetCreateError",
)
PAUSED, RESUMED = "DeploymentPaused", "DeploymentResumed"


class _Requeue(Exception):
    """Stop this sync and run it again soon (a hash collision was recorded)."""


# --- names and templates ---------------------------------------------------------------------------


def fnv32a(data: bytes) -> int:
    h = 0x811C9DC5
    for byte in data:
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def pod_template_hash(template: dict, collision_count: int | None = None) -> str:
    """controller.ComputeHash: FNV-32a of the template (+ collisionCount as 8 little-endian bytes),
    printed in decimal and mapped through the safe alphabet (only ``456789bcdf`` can appear).

    The real hasher feeds Go's ``spew`` dump of the typed PodTemplateSpec; the sandbox feeds the
    template's canonical JSON, so values differ from a real cluster's, while everything else about
    them (length, alphabet, when they change, collision handling) is the same."""
    data = json.dumps(template, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    if collision_count is not None:
        data += (collision_count & 0xFFFFFFFF).to_bytes(4, "little") + bytes(4)
    return "".join(SAFE_ALPHABET[ord(ch) % len(SAFE_ALPHABET)] for ch in str(fnv32a(data)))


def equal_ignore_hash(a: dict | None, b: dict | None) -> bool:
    """EqualIgnoreHash: templates equal apart from the pod-template-hash label (nil == empty)."""
    a, b = _without_hash(a), _without_hash(b)
    return a == b or _semantic(a) == _semantic(b)  # plainly equal is the common case, and cheap


def _without_hash(template: dict | None) -> dict:
    template = template or {}
    meta = template.get("metadata") or {}
    labels = {k: v for k, v in (meta.get("labels") or {}).items() if k != HASH_LABEL}
    return {**template, "metadata": {**meta, "labels": labels}}


def _semantic(value):
    if isinstance(value, dict):
        out = {k: _semantic(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in (None, {}, [], "")}
    if isinstance(value, list):
        return [_semantic(v) for v in value]
    return value


def new_replicaset_for(d: dict, template_hash: str, replicas: int) -> dict:
    """The new ReplicaSet of a Deployment's current template (getNewReplicaSet's builder)."""
    meta, spec = d["metadata"], d["spec"]
    template = copy_json(spec["template"])
    tmeta = template.setdefault("metadata", {})
    tmeta["labels"] = {**(tmeta.get("labels") or {}), HASH_LABEL: template_hash}
    selector = copy_json(spec.get("selector") or {})
    selector["matchLabels"] = {**(selector.get("matchLabels") or {}), HASH_LABEL: template_hash}
    rs_spec: dict = {"replicas": replicas, "selector": selector, "template": template}
    if spec.get("minReadySeconds"):
        rs_spec["minReadySeconds"] = spec["minReadySeconds"]
    return {
        "apiVersion": "apps/v1",
        "kind": "ReplicaSet",
        "metadata": {
            "name": f"{meta['name']}-{template_hash}",
            "namespace": meta.get("namespace"),
            "labels": dict(tmeta["labels"]),
            "ownerReferences": [controller_ref(d)],
        },
        "spec": rs_spec,
    }


# --- small accessors ---------------------------------------------------------------------------------


def _replicas(obj: dict | None) -> int:
    return int(((obj or {}).get("spec") or {}).get("replicas", 1) or 0)


def _st(obj: dict | None, field: str) -> int:
    return int(((obj or {}).get("status") or {}).get(field) or 0)


def _annotation(obj: dict, key: str) -> str | None:
    return (obj["metadata"].get("annotations") or {}).get(key)


def revision(rs: dict) -> int | None:
    try:
        return int(_annotation(rs, REVISION) or "")
    except ValueError:
        return None


def _by_creation(rss: list[dict]) -> list[dict]:
    return sorted(rss, key=lambda rs: (rs["metadata"].get("creationTimestamp") or "", rs["metadata"]["name"]))


def _active(rss: list[dict | None]) -> list[dict]:
    return [rs for rs in rss if rs is not None and _replicas(rs) > 0]


def _scaled_value(value, total: int, round_up: bool) -> int:
    """intstr.GetScaledValueFromIntOrPercent."""
    if isinstance(value, str) and value.endswith("%"):
        scaled = int(value[:-1]) * total / 100
        return math.ceil(scaled) if round_up else math.floor(scaled)
    return int(value or 0)


def _rolling(d: dict) -> bool:
    return ((d["spec"].get("strategy") or {}).get("type") or "RollingUpdate") == "RollingUpdate"


def fenceposts(d: dict) -> tuple[int, int]:
    """ResolveFenceposts (§4.2): (maxSurge rounded up, maxUnavailable rounded down); never both 0."""
    rolling = (d["spec"].get("strategy") or {}).get("rollingUpdate") or {}
    replicas = _replicas(d)
    surge = _scaled_value(rolling.get("maxSurge", 0), replicas, True)
    unavailable = _scaled_value(rolling.get("maxUnavailable", 0), replicas, False)
    if surge == 0 and unavailable == 0:
        unavailable = 1
    return surge, unavailable


def max_surge(d: dict) -> int:
    return fenceposts(d)[0] if _rolling(d) else 0


def max_unavailable(d: dict) -> int:
    if not _rolling(d) or _replicas(d) == 0:
        return 0
    return min(fenceposts(d)[1], _replicas(d))


def _has_deadline(d: dict) -> bool:
    deadline = d["spec"].get("progressDeadlineSeconds")
    return deadline is not None and deadline != MAX_INT32


def get_condition(status: dict, type_: str) -> dict | None:
    return next((c for c in status.get("conditions") or () if c.get("type") == type_), None)


def set_condition(status: dict, condition: dict) -> dict:
    """SetDeploymentCondition: a new status with ``condition`` last, unless nothing really changed."""
    current = get_condition(status, condition["type"])
    if (
        current is not None
        and current["status"] == condition["status"]
        and current.get("reason") == condition["reason"]
    ):
        return status
    if current is not None and current["status"] == condition["status"]:
        condition = {**condition, "lastTransitionTime": current.get("lastTransitionTime")}
    others = [c for c in status.get("conditions") or () if c.get("type") != condition["type"]]
    return {**status, "conditions": others + [condition]}


def remove_condition(status: dict, type_: str) -> dict:
    others = [c for c in status.get("conditions") or () if c.get("type") != type_]
    out = {k: v for k, v in status.items() if k != "conditions"}
    if others:
        out["conditions"] = others
    return out


def deployment_complete(d: dict, status: dict) -> bool:
    want = _replicas(d)
    return (
        int(status.get("updatedReplicas") or 0) == want
        and int(status.get("replicas") or 0) == want
        and int(status.get("availableReplicas") or 0) == want
        and int(status.get("observedGeneration") or 0) >= int(d["metadata"].get("generation") or 0)
    )


def _old_replicas(status: dict) -> int:
    return int(status.get("replicas") or 0) - int(status.get("updatedReplicas") or 0)


def deployment_progressing(d: dict, new: dict) -> bool:
    old = d.get("status") or {}
    return (
        int(new.get("updatedReplicas") or 0) > int(old.get("updatedReplicas") or 0)
        or _old_replicas(new) < _old_replicas(old)
        or int(new.get("readyReplicas") or 0) > int(old.get("readyReplicas") or 0)
        or int(new.get("availableReplicas") or 0) > int(old.get("availableReplicas") or 0)
    )


def _go_round(x: float) -> int:
    return int(math.floor(x + 0.5)) if x >= 0 else -int(math.floor(-x + 0.5))


def _selector(obj: dict) -> Selector:
    try:
        return selector_from_label_selector((obj.get("spec") or {}).get("selector"))
    except SelectorError:
        return selector_from_label_selector(None)


# --- the controller --------------------------------------------------------------------------------


class DeploymentController(Component):
    caller = "deployment-controller"
    name = "deployment"
    watches = ("Deployment", "ReplicaSet", "Pod")
    latency = 0.05

    def __init__(self, cluster):
        super().__init__(cluster)
        self._deployments: dict[str, dict[str, tuple[Selector, str]]] = {}  # ns -> name -> (selector, strategy)
        self._owners: dict[str, tuple[str, str]] = {}  # ReplicaSet uid -> (namespace, Deployment name)
        self._failures: dict[str, int] = {}

    # --- watching -----------------------------------------------------------------------------

    def on_change(self, op: str, obj: dict) -> None:
        meta = obj["metadata"]
        namespace, name = meta.get("namespace") or "", meta["name"]
        kind = obj["kind"]
        if kind == "Deployment":
            if op == "DELETED":
                self._deployments.get(namespace, {}).pop(name, None)
                self._failures.pop(f"{namespace}/{name}", None)
                return
            strategy = (obj["spec"].get("strategy") or {}).get("type") or "RollingUpdate"
            self._deployments.setdefault(namespace, {})[name] = (_selector(obj), strategy)
            self.enqueue(namespace, name)
        elif kind == "ReplicaSet":
            self._replicaset_changed(op, obj)
        elif op == "DELETED":  # a pod: Recreate waits until the old ones are gone
            ref = controller_of(obj) or {}
            owner = self._owners.get(ref.get("uid") or "")
            if owner is not None and self._deployments.get(owner[0], {}).get(owner[1], (None, ""))[1] == "Recreate":
                self.enqueue(*owner)

    def _replicaset_changed(self, op: str, rs: dict) -> None:
        meta = rs["metadata"]
        namespace, uid = meta.get("namespace") or "", meta.get("uid") or ""
        before = self._owners.pop(uid, None)
        ref = controller_of(rs)
        if ref is not None and ref.get("kind") == "Deployment":
            owner = (namespace, ref["name"])
            if op != "DELETED":
                self._owners[uid] = owner
            self.enqueue(*owner)
        elif ref is None and op != "DELETED":
            labels = meta.get("labels") or {}
            for name, (selector, _) in sorted(self._deployments.get(namespace, {}).items()):
                if selector.matches(labels):
                    self.enqueue(namespace, name)  # an orphan it may adopt
        if before is not None and before != self._owners.get(uid):
            self.enqueue(*before)

    # --- reconcile ----------------------------------------------------------------------------

    def reconcile(self, namespace: str, name: str) -> None:
        d = self.store.get("Deployment", namespace, name)
        if d is None:
            return
        key = f"{namespace}/{name}"
        try:
            self._sync_deployment(d)
        except _Requeue:
            self.enqueue(namespace, name, delay=RETRY_BASE_SECONDS)
        except APIError:
            failures = self._failures.get(key, 0)
            self._failures[key] = failures + 1
            self._background(
                namespace, name, min(RETRY_BASE_SECONDS * 2 ** min(failures, 30), RETRY_MAX_SECONDS), "retry"
            )
        else:
            self._failures.pop(key, None)

    def _sync_deployment(self, d: dict) -> None:
        """syncDeployment: claim ReplicaSets, then status only, scale, or one rollout step."""
        rss = self._claim(d)
        if d["metadata"].get("deletionTimestamp"):
            d, new, olds = self._new_and_old(d, rss, create=False)
            self._sync_status(d, olds + [new], new)
            return
        d = self._check_paused_conditions(d)
        if d["spec"].get("paused"):
            self._sync(d, rss)
            return
        d, scaling = self._is_scaling_event(d, rss)
        if scaling:
            self._sync(d, rss)
        elif (d["spec"].get("strategy") or {}).get("type") == "Recreate":
            self._rollout_recreate(d, rss)
        else:
            self._rollout_rolling(d, rss)

    def _claim(self, d: dict) -> list[dict]:
        """ClaimReplicaSets: owned ones that still match, plus matching orphans (adopted)."""
        meta = d["metadata"]
        namespace, uid = meta.get("namespace") or "", meta["uid"]
        selector = _selector(d)
        candidates = {rs["metadata"]["name"]: rs for rs in self.store.dependents(uid) if rs["kind"] == "ReplicaSet"}
        for rs in self.api.select("ReplicaSet", namespace, selector):
            candidates.setdefault(rs["metadata"]["name"], rs)
        deleting = bool(meta.get("deletionTimestamp"))
        claimed = []
        for name in sorted(candidates):
            rs = candidates[name]
            ref = controller_of(rs)
            matches = selector.matches(rs["metadata"].get("labels") or {})
            if ref is not None:
                if ref.get("uid") != uid:
                    continue
                if matches:
                    claimed.append(rs)
                elif not deleting:
                    refs = [r for r in rs["metadata"].get("ownerReferences") or () if r.get("uid") != uid]
                    self._patch_owners(rs, refs)
            elif matches and not deleting and not rs["metadata"].get("deletionTimestamp"):
                adopted = self._patch_owners(
                    rs, list(rs["metadata"].get("ownerReferences") or ()) + [controller_ref(d)]
                )
                if adopted is not None:
                    claimed.append(adopted)
        return claimed

    def _patch_owners(self, rs: dict, refs: list[dict]) -> dict | None:
        try:
            return self.api.patch(
                "ReplicaSet",
                rs["metadata"].get("namespace"),
                rs["metadata"]["name"],
                {"metadata": {"ownerReferences": refs or None}},
                "merge",
                validate=False,
            )
        except APIError:
            return None

    # --- new and old ReplicaSets (sync.go) -------------------------------------------------------

    def _new_and_old(self, d: dict, rss: list[dict], create: bool) -> tuple[dict, dict | None, list[dict]]:
        """getAllReplicaSetsAndSyncRevision: (deployment, new RS or None, all old RSs)."""
        ordered = _by_creation(rss)
        existing = next(
            (rs for rs in ordered if equal_ignore_hash(rs["spec"].get("template"), d["spec"]["template"])), None
        )
        olds = [rs for rs in ordered if rs is not existing]
        new_revision = str(max((revision(rs) or 0 for rs in olds), default=0) + 1)
        if existing is not None:
            d, new = self._sync_new(d, existing, new_revision)
            rss[:] = [new if r["metadata"]["uid"] == new["metadata"]["uid"] else r for r in rss]
            return d, new, olds
        if not create:
            return d, None, olds
        d, new = self._create_new(d, olds, new_revision)
        rss.append(new)
        return d, new, olds

    def _sync_new(self, d: dict, rs: dict, new_revision: str) -> tuple[dict, dict]:
        """The new RS exists: bring its annotations and minReadySeconds up to date, then the Deployment's revision.

        ``d`` and ``rs`` are this reconcile's own copies (read from the store for it), changed in place."""
        changed = _set_new_rs_annotations(d, rs, new_revision, exists=True)
        min_ready = d["spec"].get("minReadySeconds") or 0
        if changed or (rs["spec"].get("minReadySeconds") or 0) != min_ready:
            if min_ready:
                rs["spec"]["minReadySeconds"] = min_ready
            else:
                rs["spec"].pop("minReadySeconds", None)
            return d, self.api.update(rs, validate=False)
        needs_update = _set_revision(d, _annotation(rs, REVISION) or "")
        if _has_deadline(d) and get_condition(d.get("status") or {}, "Progressing") is None:
            message = f'Found new replica set "{rs["metadata"]["name"]}"'
            d["status"] = set_condition(
                d.get("status") or {}, self._condition("Progressing", "True", FOUND_NEW_RS, message)
            )
            needs_update = True
        if needs_update:
            d = self._write(d)
        return d, rs

    def _create_new(self, d: dict, olds: list[dict], new_revision: str) -> tuple[dict, dict]:
        status = d.get("status") or {}
        template_hash = pod_template_hash(d["spec"]["template"], status.get("collisionCount"))
        rs = new_replicaset_for(d, template_hash, 0)
        count = self._new_rs_replicas(d, olds + [rs], rs)
        rs["spec"]["replicas"] = count
        _set_new_rs_annotations(d, rs, new_revision, exists=False)
        name, created, existed = rs["metadata"]["name"], None, False
        try:
            created = self.api.create(rs, validate=False)
        except APIError as exc:
            if exc.reason == "AlreadyExists":
                found = self.store.get("ReplicaSet", rs["metadata"]["namespace"], name)
                ref = controller_of(found or {}) or {}
                if (
                    found is not None
                    and ref.get("uid") == d["metadata"]["uid"]
                    and equal_ignore_hash(d["spec"]["template"], found["spec"].get("template"))
                ):
                    created, existed = found, True
                else:  # a hash collision: count it, so the next sync hashes differently
                    d = copy_json(d)
                    d["status"] = {**status, "collisionCount": int(status.get("collisionCount") or 0) + 1}
                    self._write(d)
                    raise _Requeue() from None
            elif exc.code == "api.namespace_terminating":
                raise
            else:
                message = f'Failed to create new replica set "{name}": {exc.message}'
                if _has_deadline(d):
                    d = copy_json(d)
                    d["status"] = set_condition(
                        status, self._condition("Progressing", "False", RS_CREATE_ERROR, message)
                    )
                    self._write(d)
                self.event(d, "Warning", RS_CREATE_ERROR, message)
                raise
        if not existed and count > 0:
            self.event(d, "Normal", "ScalingReplicaSet", f"Scaled up replica set {name} from 0 to {count}")
        d = copy_json(d)
        needs_update = _set_revision(d, new_revision)
        if not existed and _has_deadline(d):
            message = f'Created new replica set "{name}"'
            d["status"] = set_condition(
                d.get("status") or {}, self._condition("Progressing", "True", NEW_RS_CREATED, message)
            )
            needs_update = True
        if needs_update:
            d = self._write(d)
        return d, created

    def _new_rs_replicas(self, d: dict, all_rs: list[dict], new: dict) -> int:
        """NewRSNewReplicas: how far the new RS may grow in this step."""
        if not _rolling(d):
            return _replicas(d)
        max_total = _replicas(d) + _scaled_value(
            ((d["spec"].get("strategy") or {}).get("rollingUpdate") or {}).get("maxSurge", 0), _replicas(d), True
        )
        current = sum(_replicas(rs) for rs in all_rs if rs is not None)
        if current >= max_total:
            return _replicas(new)
        return _replicas(new) + min(max_total - current, _replicas(d) - _replicas(new))

    # --- scaling (sync.go) ------------------------------------------------------------------------

    def _scale_rs(self, rs: dict, scale: int, d: dict) -> tuple[bool, dict]:
        """scaleReplicaSet: new size and replica annotations; a ScalingReplicaSet event when the size changed."""
        size_changed = _replicas(rs) != scale
        want, most = _replicas(d), _replicas(d) + max_surge(d)
        if not size_changed and not _replicas_annotations_differ(rs, want, most):
            return False, rs
        before = _replicas(rs)
        updated = copy_json(rs)
        updated["spec"]["replicas"] = scale
        _set_replicas_annotations(updated, want, most)
        stored = self.api.update(updated, validate=False)
        if size_changed:
            direction = "up" if before < scale else "down"
            self.event(
                d,
                "Normal",
                "ScalingReplicaSet",
                f"Scaled {direction} replica set {rs['metadata']['name']} from {before} to {scale}",
            )
        return size_changed, stored

    def _scale_if_needed(self, rs: dict, scale: int, d: dict) -> tuple[bool, dict]:
        """scaleReplicaSetAndRecordEvent."""
        if _replicas(rs) == scale:
            return False, rs
        return self._scale_rs(rs, scale, d)

    def _is_scaling_event(self, d: dict, rss: list[dict]) -> tuple[dict, bool]:
        d, new, olds = self._new_and_old(d, rss, create=False)
        for rs in _active(olds + [new]):
            desired = _annotation(rs, DESIRED_REPLICAS)
            if desired is not None and desired.isdigit() and int(desired) != _replicas(d):
                return d, True
        return d, False

    def _sync(self, d: dict, rss: list[dict]) -> None:
        """sync: a scaling event or a paused Deployment: scale proportionally, no new revision."""
        d, new, olds = self._new_and_old(d, rss, create=False)
        self._scale(d, new, olds)
        if d["spec"].get("paused"):
            self._cleanup(d, olds)
        self._sync_status(d, olds + [new], new)

    def _scale(self, d: dict, new: dict | None, olds: list[dict]) -> None:
        want = _replicas(d)
        target = _active_or_latest(new, olds)
        if target is not None:
            if _replicas(target) != want:
                self._scale_if_needed(target, want, d)
            return
        if _saturated(d, new):
            for old in _active(olds):
                self._scale_if_needed(old, 0, d)
            return
        if not _rolling(d):
            return
        all_rs = _active(olds + [new])
        allowed = want + max_surge(d) if want > 0 else 0
        to_add = allowed - sum(_replicas(rs) for rs in all_rs)
        if to_add > 0:  # larger first; among equals the newer grows first, the older shrinks first
            all_rs = sorted(_by_creation(all_rs)[::-1], key=lambda rs: -_replicas(rs))
        elif to_add < 0:
            all_rs = sorted(_by_creation(all_rs), key=lambda rs: -_replicas(rs))
        added, sizes = 0, {}
        for rs in all_rs:
            share = _proportion(rs, d, to_add, added) if to_add else 0
            sizes[rs["metadata"]["name"]] = _replicas(rs) + share
            added += share
        for i, rs in enumerate(all_rs):
            name = rs["metadata"]["name"]
            if i == 0 and to_add:
                sizes[name] = max(sizes[name] + to_add - added, 0)  # leftovers to the largest
            self._scale_rs(rs, sizes[name], d)

    # --- RollingUpdate (rolling.go) -----------------------------------------------------------

    def _rollout_rolling(self, d: dict, rss: list[dict]) -> None:
        d, new, olds = self._new_and_old(d, rss, create=True)
        all_rs = olds + [new]
        if self._reconcile_new(all_rs, new, d) or self._reconcile_old(all_rs, _active(olds), new, d):
            self._sync_rollout_status(d, all_rs, new)
            return
        if deployment_complete(d, d.get("status") or {}):
            self._cleanup(d, olds)
        self._sync_rollout_status(d, all_rs, new)

    def _reconcile_new(self, all_rs: list[dict], new: dict, d: dict) -> bool:
        want = _replicas(d)
        if _replicas(new) == want:
            return False
        if _replicas(new) > want:
            return self._scale_if_needed(new, want, d)[0]
        return self._scale_if_needed(new, self._new_rs_replicas(d, all_rs, new), d)[0]

    def _reconcile_old(self, all_rs: list[dict], olds: list[dict], new: dict, d: dict) -> bool:
        if sum(_replicas(rs) for rs in olds) == 0:
            return False
        min_available = _replicas(d) - max_unavailable(d)
        new_unavailable = _replicas(new) - _st(new, "availableReplicas")
        max_scaled_down = sum(_replicas(rs) for rs in all_rs) - min_available - new_unavailable
        if max_scaled_down <= 0:
            return False
        olds, cleaned = self._cleanup_unhealthy(olds, d, max_scaled_down)
        scaled = self._scale_down_old(olds + [new], olds, d)
        return cleaned + scaled > 0

    def _cleanup_unhealthy(self, olds: list[dict], d: dict, limit: int) -> tuple[list[dict], int]:
        """Scale down old ReplicaSets by their unavailable pods first (oldest first): it costs no availability."""
        olds = _by_creation(olds)
        total = 0
        for i, rs in enumerate(olds):
            if total >= limit:
                break
            if _replicas(rs) == 0 or _replicas(rs) == _st(rs, "availableReplicas"):
                continue
            count = min(limit - total, _replicas(rs) - _st(rs, "availableReplicas"))
            _, olds[i] = self._scale_if_needed(rs, _replicas(rs) - count, d)
            total += count
        return olds, total

    def _scale_down_old(self, all_rs: list[dict], olds: list[dict], d: dict) -> int:
        """Then scale old ReplicaSets down (oldest first) by what is available beyond the minimum."""
        min_available = _replicas(d) - max_unavailable(d)
        available = sum(_st(rs, "availableReplicas") for rs in all_rs if rs is not None)
        if available <= min_available:
            return 0
        total, target = 0, available - min_available
        for rs in _by_creation(olds):
            if total >= target:
                break
            if _replicas(rs) == 0:
                continue
            count = min(_replicas(rs), target - total)
            self._scale_if_needed(rs, _replicas(rs) - count, d)
            total += count
        return total

    # --- Recreate (recreate.go) -------------------------------------------------------------------

    def _rollout_recreate(self, d: dict, rss: list[dict]) -> None:
        d, new, olds = self._new_and_old(d, rss, create=False)
        all_rs = olds + [new]
        scaled = False
        for rs in _active(olds):
            scaled = self._scale_if_needed(rs, 0, d)[0] or scaled
        if scaled or self._old_pods_running(d, new, olds):
            self._sync_rollout_status(d, all_rs, new)
            return
        if new is None:
            d, new, olds = self._new_and_old(d, rss, create=True)
            all_rs = olds + [new]
        self._scale_if_needed(new, _replicas(d), d)
        if deployment_complete(d, d.get("status") or {}):
            self._cleanup(d, olds)
        self._sync_rollout_status(d, all_rs, new)

    def _old_pods_running(self, d: dict, new: dict | None, olds: list[dict]) -> bool:
        if sum(_st(rs, "replicas") for rs in olds) > 0:
            return True
        selector = _selector(d)
        for rs in olds:
            uid = rs["metadata"]["uid"]
            for pod in self.store.dependents(uid):
                if pod["kind"] != "Pod" or (controller_of(pod) or {}).get("uid") != uid:
                    continue
                if selector.matches(pod["metadata"].get("labels") or {}) and (
                    (pod.get("status") or {}).get("phase") not in ("Succeeded", "Failed")
                ):
                    return True
        return False

    # --- history ------------------------------------------------------------------------------

    def _cleanup(self, d: dict, olds: list[dict]) -> None:
        """cleanupDeployment: delete the oldest revisions beyond revisionHistoryLimit (only empty ones)."""
        limit = d["spec"].get("revisionHistoryLimit")
        if limit is None or limit == MAX_INT32:
            return
        alive = [rs for rs in olds if rs is not None and not rs["metadata"].get("deletionTimestamp")]
        excess = len(alive) - int(limit)
        if excess <= 0:
            return
        alive.sort(
            key=lambda rs: (revision(rs) or 0, rs["metadata"].get("creationTimestamp") or "", rs["metadata"]["name"])
        )
        for rs in alive[:excess]:
            if (
                _st(rs, "replicas")
                or _replicas(rs)
                or int(rs["metadata"].get("generation") or 0) > _st(rs, "observedGeneration")
            ):
                continue
            try:
                self.api.delete("ReplicaSet", rs["metadata"].get("namespace"), rs["metadata"]["name"])
            except APIError as exc:
                if exc.reason != "NotFound":
                    raise

    # --- status (sync.go, progress.go) ------------------------------------------------------------

    def _condition(self, type_: str, status: str, reason: str, message: str) -> dict:
        now = self.clock.timestamp()
        return {
            "type": type_,
            "status": status,
            "lastUpdateTime": now,
            "lastTransitionTime": now,
            "reason": reason,
            "message": message,
        }

    def _calculate_status(self, all_rs: list[dict | None], new: dict | None, d: dict) -> dict:
        rss = [rs for rs in all_rs if rs is not None]
        available = sum(_st(rs, "availableReplicas") for rs in rss)
        counts = {
            "observedGeneration": int(d["metadata"].get("generation") or 0),
            "replicas": sum(_st(rs, "replicas") for rs in rss),
            "updatedReplicas": _st(new, "replicas"),
            "readyReplicas": sum(_st(rs, "readyReplicas") for rs in rss),
            "availableReplicas": available,
            "unavailableReplicas": max(sum(_replicas(rs) for rs in rss) - available, 0),
        }
        status = {k: v for k, v in counts.items() if v}
        old = d.get("status") or {}
        if old.get("collisionCount") is not None:
            status["collisionCount"] = old["collisionCount"]
        if old.get("conditions"):
            status["conditions"] = list(old["conditions"])
        if available >= _replicas(d) - max_unavailable(d):
            condition = self._condition(
                "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability."
            )
        else:
            condition = self._condition(
                "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability."
            )
        return set_condition(status, condition)

    def _sync_status(self, d: dict, all_rs: list[dict | None], new: dict | None) -> None:
        """syncDeploymentStatus."""
        status = self._calculate_status(all_rs, new, d)
        if status != (d.get("status") or {}):
            self._write({**d, "status": status})

    def _sync_rollout_status(self, d: dict, all_rs: list[dict | None], new: dict | None) -> None:
        """syncRolloutStatus: the status plus the Progressing condition (progress or deadline)."""
        status = self._calculate_status(all_rs, new, d)
        if not _has_deadline(d):
            status = remove_condition(status, "Progressing")
        current = get_condition(d.get("status") or {}, "Progressing")
        complete = (
            int(status.get("replicas") or 0) == int(status.get("updatedReplicas") or 0)
            and current is not None
            and current.get("reason") == NEW_RS_AVAILABLE
        )
        subject = (
            f'ReplicaSet "{new["metadata"]["name"]}"' if new is not None else f'Deployment "{d["metadata"]["name"]}"'
        )
        if _has_deadline(d) and not complete:
            if deployment_complete(d, status):
                status = set_condition(
                    status,
                    self._condition("Progressing", "True", NEW_RS_AVAILABLE, f"{subject} has successfully progressed."),
                )
            elif deployment_progressing(d, status):
                condition = self._condition("Progressing", "True", RS_UPDATED, f"{subject} is progressing.")
                if current is not None:
                    if current.get("status") == "True":
                        condition["lastTransitionTime"] = current.get("lastTransitionTime")
                    status = remove_condition(status, "Progressing")
                status = set_condition(status, condition)
            elif self._timed_out(d, status):
                status = set_condition(
                    status, self._condition("Progressing", "False", TIMED_OUT, f"{subject} has timed out progressing.")
                )
        failure = self._replica_failure(all_rs, new)
        status = set_condition(status, failure) if failure else remove_condition(status, "ReplicaFailure")
        if status == (d.get("status") or {}):
            self._requeue_stuck(d, status)
            return
        self._write({**d, "status": status})

    def _timed_out(self, d: dict, status: dict) -> bool:
        condition = get_condition(status, "Progressing")
        if condition is None or condition.get("reason") == NEW_RS_AVAILABLE:
            return False
        if condition.get("reason") == TIMED_OUT:
            return True
        since = self.clock.seconds_since(condition["lastUpdateTime"])
        return since > int(d["spec"]["progressDeadlineSeconds"])

    def _replica_failure(self, all_rs: list[dict | None], new: dict | None) -> dict | None:
        """The ReplicaFailure condition of the new RS, else of any RS, as a Deployment condition."""
        for rs in ([new] if new is not None else []) + [rs for rs in all_rs if rs is not None]:
            for c in (rs.get("status") or {}).get("conditions") or ():
                if c.get("type") == "ReplicaFailure":
                    return {
                        "type": "ReplicaFailure",
                        "status": c.get("status"),
                        "lastUpdateTime": c.get("lastTransitionTime"),
                        "lastTransitionTime": c.get("lastTransitionTime"),
                        "reason": c.get("reason"),
                        "message": c.get("message"),
                    }
        return None

    def _requeue_stuck(self, d: dict, status: dict) -> None:
        """Come back when the progress deadline passes (a background check: it does not keep the cluster busy)."""
        current = get_condition(d.get("status") or {}, "Progressing")
        if not _has_deadline(d) or current is None:
            return
        if deployment_complete(d, status) or current.get("reason") == TIMED_OUT:
            return
        remaining = int(d["spec"]["progressDeadlineSeconds"]) - self.clock.seconds_since(current["lastUpdateTime"])
        self._background(
            d["metadata"].get("namespace") or "", d["metadata"]["name"], max(remaining, 0.0) + 1.0, "deadline"
        )

    def _background(self, namespace: str, name: str, delay: float, why: str) -> None:
        """A background sync (a back-off retry, a deadline check) under its own key, so that it never
        swallows a normal enqueue that run(until="stable") has to wait for."""
        self.timers.call_later(
            delay,
            f"{self.name}.reconcile",
            namespace,
            name,
            recurring=True,
            key=f"{self.name}-{why}:{namespace}/{name}",
        )

    def _check_paused_conditions(self, d: dict) -> dict:
        if not _has_deadline(d):
            return d
        current = get_condition(d.get("status") or {}, "Progressing")
        if current is not None and current.get("reason") == TIMED_OUT:
            return d
        paused_recorded = current is not None and current.get("reason") == PAUSED
        if d["spec"].get("paused") and not paused_recorded:
            condition = self._condition("Progressing", "Unknown", PAUSED, "Deployment is paused")
        elif not d["spec"].get("paused") and paused_recorded:
            condition = self._condition("Progressing", "Unknown", RESUMED, "Deployment is resumed")
        else:
            return d
        return self._write({**d, "status": set_condition(d.get("status") or {}, condition)})

    def _write(self, d: dict) -> dict:
        """UpdateStatus: the status and the revision annotation, without a generation bump."""
        return self.api.update_status(d, annotations=True)

    # --- snapshot -----------------------------------------------------------------------------

    def dump(self) -> dict:
        return {"failures": dict(sorted(self._failures.items()))}

    def load(self, data: dict) -> None:
        """After a restore: rebuild the caches from the store."""
        self._failures = dict(data.get("failures", {}))
        for d in self.store.list("Deployment"):
            strategy = (d["spec"].get("strategy") or {}).get("type") or "RollingUpdate"
            self._deployments.setdefault(d["metadata"].get("namespace") or "", {})[d["metadata"]["name"]] = (
                _selector(d),
                strategy,
            )
        for rs in self.store.list("ReplicaSet"):
            ref = controller_of(rs)
            if ref is not None and ref.get("kind") == "Deployment":
                self._owners[rs["metadata"]["uid"]] = (rs["metadata"].get("namespace") or "", ref["name"])


# --- annotations (deployment_util.go) ----------------------------------------------------------------


def _set_revision(d: dict, value: str) -> bool:
    """SetDeploymentRevision (on a copy the caller owns)."""
    annotations = d["metadata"].setdefault("annotations", {})
    if annotations.get(REVISION) == value:
        return False
    annotations[REVISION] = value
    return True


def _set_new_rs_annotations(d: dict, rs: dict, new_revision: str, exists: bool) -> bool:
    """SetNewReplicaSetAnnotations: copy the Deployment's annotations, raise the revision (keeping the
    old number in revision-history, as after `rollout undo`), and set the replica annotations."""
    annotations = rs["metadata"].setdefault("annotations", {})
    changed = False
    for key, value in (d["metadata"].get("annotations") or {}).items():
        if key in SKIPPED_ANNOTATIONS or annotations.get(key) == value:
            continue
        annotations[key] = value
        changed = True
    old = annotations.get(REVISION)
    try:
        old_number = int(old) if old else 0
    except ValueError:
        return changed
    if old_number < int(new_revision):
        annotations[REVISION] = new_revision
        changed = True
        if old:
            history = annotations.get(REVISION_HISTORY) or ""
            if not history:
                annotations[REVISION_HISTORY] = old
            else:
                parts = history.split(",")
                total, start = len(history) + len(old) + 1, 0
                while total > MAX_REVISION_HISTORY_CHARS and start < len(parts):
                    total -= len(parts[start]) + 1
                    start += 1
                if total <= MAX_REVISION_HISTORY_CHARS:
                    annotations[REVISION_HISTORY] = ",".join(parts[start:] + [old])
    if not exists:
        changed = _set_replicas_annotations(rs, _replicas(d), _replicas(d) + max_surge(d)) or changed
    return changed


def _set_replicas_annotations(rs: dict, desired: int, most: int) -> bool:
    annotations = rs["metadata"].setdefault("annotations", {})
    changed = False
    for key, value in ((DESIRED_REPLICAS, str(desired)), (MAX_REPLICAS, str(most))):
        if annotations.get(key) != value:
            annotations[key] = value
            changed = True
    return changed


def _replicas_annotations_differ(rs: dict, desired: int, most: int) -> bool:
    annotations = rs["metadata"].get("annotations") or {}
    return annotations.get(DESIRED_REPLICAS) != str(desired) or annotations.get(MAX_REPLICAS) != str(most)


def _active_or_latest(new: dict | None, olds: list[dict]) -> dict | None:
    """FindActiveOrLatest: the only active RS; with none active, the new (else newest old) one."""
    if new is None and not olds:
        return None
    newest_first = _by_creation(olds)[::-1]
    active = _active(newest_first + [new])
    if not active:
        return new if new is not None else newest_first[0]
    return active[0] if len(active) == 1 else None


def _saturated(d: dict, rs: dict | None) -> bool:
    if rs is None:
        return False
    desired = _annotation(rs, DESIRED_REPLICAS)
    if desired is None or not desired.lstrip("-").isdigit():
        return False
    want = _replicas(d)
    return _replicas(rs) == want and int(desired) == want and _st(rs, "availableReplicas") == want


def _proportion(rs: dict, d: dict, to_add: int, added: int) -> int:
    """GetReplicaSetProportion: this RS's share of a scaling event, within what is left to add."""
    if _replicas(rs) == 0 or to_add == 0 or to_add == added:
        return 0
    fraction = _fraction(rs, d)
    allowed = to_add - added
    return min(fraction, allowed) if to_add > 0 else max(fraction, allowed)


def _fraction(rs: dict, d: dict) -> int:
    if _replicas(d) == 0:
        return -_replicas(rs)
    most = _replicas(d) + max_surge(d)
    try:
        before = int(_annotation(rs, MAX_REPLICAS) or "")
    except ValueError:
        before = 0
    if before == 0:
        before = _st(d, "replicas") or _replicas(d)
    return _go_round(_replicas(rs) * most / before) - _replicas(rs)
