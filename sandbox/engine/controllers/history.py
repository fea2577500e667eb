"""ControllerRevision history for DaemonSets and StatefulSets (``pkg/controller/history``).

A revision stores what the owner's pod template was, as the real controllers store it: the
patch ``{"spec": {"template": {..., "$patch": "replace"}}}``, a ``revision`` number, the owner's
controller reference and the template's labels. StatefulSet revisions are named
``<set>-<HashControllerRevision>`` (FNV-32 of the patch, ``rand.SafeEncodeString``) and their
pods carry that *name* in ``controller-revision-hash``; DaemonSet revisions are named
``<ds>-<ComputeHash(template)>`` and their pods carry the *hash* alone, exactly as on a real
cluster. (The bytes hashed are the sandbox's canonical JSON, not Go's encoding, so the hash
values differ from a real cluster's while behaving the same.)
"""

from __future__ import annotations

import json

from ..apierrors import APIError
from ..store import copy_json
from .replicaset import controller_of, controller_ref

REVISION_HASH = "controller-revision-hash"
SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"


def fnv32(data: bytes) -> int:
    """FNV-1 (not 1a), 32 bits: Go's ``fnv.New32``."""
    h = 0x811C9DC5
    for byte in data:
        h = ((h * 0x01000193) & 0xFFFFFFFF) ^ byte
    return h


def safe_encode(number: int) -> str:
    return "".join(SAFE_ALPHABET[ord(ch) % len(SAFE_ALPHABET)] for ch in str(number))


def canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def template_patch(owner: dict) -> dict:
    """getPatch: the owner's pod template as a replacing strategic-merge patch."""
    template = copy_json((owner.get("spec") or {}).get("template") or {})
    template["$patch"] = "replace"
    return {"spec": {"template": template}}


def template_of(revision: dict) -> dict:
    """The pod template a revision stores (without the ``$patch`` directive)."""
    template = copy_json(((revision.get("data") or {}).get("spec") or {}).get("template") or {})
    template.pop("$patch", None)
    return template


def revision_hash(data: dict, collision_count: int | None = None) -> str:
    """history.HashControllerRevision."""
    raw = canonical(data)
    if collision_count is not None:
        raw += str(collision_count).encode()
    return safe_encode(fnv32(raw))


def new_revision(owner: dict, name: str, data: dict, number: int, labels: dict | None = None,
                 annotations: dict | None = None) -> dict:
    """history.NewControllerRevision: a pure builder."""
    meta: dict = {"name": name, "namespace": owner["metadata"].get("namespace"),
                  "ownerReferences": [controller_ref(owner)]}
    if labels:
        meta["labels"] = dict(labels)
    if annotations:
        meta["annotations"] = dict(annotations)
    return {"apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": meta, "data": copy_json(data),
            "revision": number}


def revisions_of(store, owner: dict) -> list[dict]:
    """The owner's ControllerRevisions, oldest revision first (history.SortControllerRevisions)."""
    uid = owner["metadata"]["uid"]
    found = [o for o in store.dependents(uid)
             if o.get("kind") == "ControllerRevision" and (controller_of(o) or {}).get("uid") == uid]
    return sorted(found, key=lambda r: (int(r.get("revision") or 0), r["metadata"].get("creationTimestamp") or "",
                                        r["metadata"]["name"]))


def next_number(revisions: list[dict]) -> int:
    return (int(revisions[-1].get("revision") or 0) + 1) if revisions else 1


def set_number(api, revision: dict, number: int) -> dict:
    """UpdateControllerRevision: move an existing revision to the top (a rollback)."""
    if int(revision.get("revision") or 0) == number:
        return revision
    try:
        return api.patch("ControllerRevision", revision["metadata"].get("namespace"), revision["metadata"]["name"],
                         {"revision": number}, "merge", validate=False)
    except APIError:
        return {**revision, "revision": number}


def create(api, revision: dict) -> dict:
    try:
        return api.create(revision, validate=False)
    except APIError as exc:
        if exc.reason == "AlreadyExists":
            existing = api.store.get("ControllerRevision", revision["metadata"].get("namespace") or "",
                                     revision["metadata"]["name"])
            if existing is not None:
                return existing
        raise


def truncate(api, revisions: list[dict], live: set[str], limit: int) -> None:
    """truncateHistory: delete the oldest revisions that no pod uses, keeping ``limit`` of them."""
    spare = [r for r in revisions if r["metadata"]["name"] not in live]
    for revision in spare[: max(0, len(spare) - max(0, limit))]:
        try:
            api.delete("ControllerRevision", revision["metadata"].get("namespace"), revision["metadata"]["name"])
        except APIError:
            pass
