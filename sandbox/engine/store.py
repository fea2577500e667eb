"""The versioned object store behind the API server, like etcd.

Objects are plain JSON data keyed by ``(kind, namespace, name)``; cluster-scoped objects use
namespace ``""``. Every write bumps the global ``resource_version``, stamps it on the object as
``metadata.resourceVersion`` and appends a watch event. Stored objects are never handed out or
mutated in place: reads return copies, writes store a fresh copy. Indexes (by kind and namespace,
label, owner uid and node) keep reads proportional to what they return, not to cluster size.
"""

from __future__ import annotations

import bisect
import marshal
from sys import intern
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from .labels import Selector

Key = tuple  # tuple[str, str, str]: (kind, namespace, name)
PEEK_CACHE_SIZE = 256  # decoded read-only objects kept by Store.peek (namespaces, nodes, config ...)


def copy_json(value: Any) -> Any:
    """A deep copy of JSON data (dicts, lists, scalars); several times faster than copy.deepcopy."""
    return marshal.loads(_freeze(value))


def _freeze(value: Any) -> bytes:
    """JSON data as an immutable blob (what the store keeps; ``marshal.loads`` makes a fresh copy)."""
    try:
        return marshal.dumps(value)
    except ValueError:  # a type marshal does not know (a dict subclass ...): plain JSON types first
        return marshal.dumps(_plain(value))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"the store keeps JSON data only, not {type(value).__name__}")


@dataclass(frozen=True)
class WatchEvent:
    rv: int
    type: str  # "ADDED" | "MODIFIED" | "DELETED"
    obj: dict


def key_of(obj: dict) -> Key:
    meta = obj["metadata"]
    return (obj["kind"], meta.get("namespace") or "", meta["name"])


class _Facts(NamedTuple):
    """What the indexes need to know about a stored object, kept next to its blob."""

    labels: dict
    uid: str
    owners: tuple[str, ...]
    node: str


# Events are most of a busy cluster's objects, and nothing finds an Event by uid: a plain one (no labels,
# no owners) shares these facts and stays out of the uid index.
_PLAIN_EVENT = _Facts({}, "", (), "")


def _facts(obj: dict, label_sets: dict) -> _Facts:
    meta = obj["metadata"]
    if obj.get("kind") == "Event" and not meta.get("labels") and not meta.get("ownerReferences"):
        return _PLAIN_EVENT
    owners = tuple(r["uid"] for r in meta.get("ownerReferences") or () if isinstance(r, dict) and r.get("uid"))
    node = (obj.get("spec") or {}).get("nodeName") or "" if obj.get("kind") == "Pod" else ""
    labels = meta.get("labels") or _NO_LABELS
    if labels:  # the hundred pods of a ReplicaSet share one label set: keep it once (never changed in place)
        try:
            found = label_sets.get(key := tuple(labels.items()))
        except TypeError:  # not plain strings: its own copy
            labels = dict(labels)
        else:
            if found is None:
                if len(label_sets) >= 100_000:
                    label_sets.clear()  # only sharing is lost: the facts keep theirs
                found = label_sets[key] = dict(labels)
            labels = found
    return _Facts(labels, meta.get("uid") or "", owners, node)


_NO_LABELS: dict = {}


def _intern_identity(obj: dict) -> None:
    """Intern the strings that name an object and its relations (name, namespace, uid, labels, owners, node).

    ``marshal`` keeps interned strings interned, so every copy decoded later, and every cache a
    controller builds from one, shares these strings instead of holding its own (with the shared label
    sets below, ~160 MB less at 150,000 pods). The values are equal, so replacing them in place
    changes nothing anyone can observe."""
    meta = obj["metadata"]
    for field in ("name", "namespace", "uid", "generateName"):
        value = meta.get(field)
        if type(value) is str:
            meta[field] = intern(value)
    labels = meta.get("labels")
    if type(labels) is dict and labels:
        if all(type(k) is str and type(v) is str for k, v in labels.items()):
            meta["labels"] = {intern(k): intern(v) for k, v in labels.items()}
    for ref in meta.get("ownerReferences") or ():
        if type(ref) is dict:
            for field in ("apiVersion", "kind", "name", "uid"):
                value = ref.get(field)
                if type(value) is str:
                    ref[field] = intern(value)
    spec = obj.get("spec")
    if type(spec) is dict and type(spec.get("nodeName")) is str:
        spec["nodeName"] = intern(spec["nodeName"])


class Store:
    """In-memory objects with a resourceVersion counter, secondary indexes and a bounded watch log.

    Each object is kept as an immutable marshalled blob: a read is one ``marshal.loads`` (a fresh
    copy nobody else holds), and a sandbox's objects add almost nothing for Python's cyclic
    garbage collector to walk, which matters with thousands of sandboxes in one process.
    """

    def __init__(self, max_events: int = 10_000) -> None:
        self.resource_version = 0
        self.max_events = max_events
        # Events at or below this rv have been dropped from the log: a watcher that last saw an
        # older rv must list again (the real API server answers "410 Gone: too old resource version").
        self.compacted_rv = 0
        self._tree: dict[str, dict[str, dict[str, bytes]]] = {}  # kind -> namespace -> name -> blob
        self._facts: dict[Key, _Facts] = {}
        self._label_sets: dict[tuple, dict] = {}  # each distinct label set once (see _facts)
        self._count = 0
        # Secondary indexes map to insertion-ordered dicts used as sets, so iteration is deterministic.
        self._by_label: dict[tuple[str, str, str], dict[Key, None]] = {}  # (kind, label, value)
        self._by_uid: dict[str, Key] = {}
        self._by_owner: dict[str, dict[Key, None]] = {}  # owner uid -> dependents
        self._by_node: dict[str, dict[Key, None]] = {}  # spec.nodeName -> pods
        self._peeked: dict[Key, dict] = {}  # read-only decoded objects (see peek), dropped on write
        self._events: list[tuple[int, str, bytes]] = []
        self._event_rvs: list[int] = []
        # Called synchronously after every write with ("ADDED"|"MODIFIED"|"DELETED", object). The object
        # is the store's own fresh dict for that write: listeners read it at once and never keep or change it.
        self.listeners: list = []
        self.last_blob = b""  # the blob of the write the listeners are being told about (immutable)

    # --- reads ------------------------------------------------------------------------------

    def __len__(self) -> int:
        return self._count

    def _blob(self, kind: str, namespace: str, name: str) -> bytes | None:
        return self._tree.get(kind, {}).get(namespace or "", {}).get(name)

    def get(self, kind: str, namespace: str, name: str) -> dict | None:
        blob = self._blob(kind, namespace, name)
        return marshal.loads(blob) if blob is not None else None

    def peek(self, kind: str, namespace: str, name: str) -> dict | None:
        """A *shared, read-only* view of an object, for checks that only look (admission, lookups).

        Decoded once and kept until the object is written again; the caller must not change it or
        any part of it, nor keep it past its own call. Everyone else uses :meth:`get` (a private copy).
        """
        key = (kind, namespace or "", name)
        found = self._peeked.get(key)
        if found is None:
            blob = self._blob(*key)
            if blob is None:
                return None
            if len(self._peeked) >= PEEK_CACHE_SIZE:
                self._peeked.clear()
            found = self._peeked[key] = marshal.loads(blob)
        return found

    def exists(self, kind: str, namespace: str, name: str) -> bool:
        return self._blob(kind, namespace, name) is not None

    def labels(self, kind: str, namespace: str, name: str) -> dict | None:
        """The labels of an object without copying the rest of it (None when it does not exist)."""
        facts = self._facts.get((kind, namespace or "", name))
        return dict(facts.labels) if facts is not None else None

    def list(self, kind: str, namespace: str | None = None) -> list[dict]:
        """Copies sorted by (namespace, name); ``namespace=None`` means every namespace."""
        return [marshal.loads(self._blob(*key)) for key in self._keys(kind, namespace)]

    def _keys(self, kind: str, namespace: str | None) -> Iterator[Key]:
        by_ns = self._tree.get(kind, {})
        spaces = sorted(by_ns) if namespace is None else [namespace or ""]
        for ns in spaces:
            for name in sorted(by_ns.get(ns, {})):
                yield (kind, ns, name)

    def select(self, kind: str, namespace: str | None, selector: Selector) -> list[dict]:
        """Copies of the objects whose labels match ``selector``, through the label index when it can help."""
        if selector.match_nothing:
            return []
        terms = selector.index_terms()
        if terms:
            candidates: dict[Key, None] | None = None
            for label, values in terms:  # the smallest candidate set wins
                found: dict[Key, None] = {}
                for value in values:
                    found.update(self._by_label.get((kind, label, value), {}))
                if candidates is None or len(found) < len(candidates):
                    candidates = found
            keys = sorted(k for k in candidates or () if namespace is None or k[1] == (namespace or ""))
        else:
            keys = list(self._keys(kind, namespace))
        facts = self._facts
        return [marshal.loads(self._blob(*k)) for k in keys if selector.matches(facts[k].labels)]

    def count(self, kind: str, namespace: str | None = None) -> int:
        by_ns = self._tree.get(kind, {})
        if namespace is None:
            return sum(len(v) for v in by_ns.values())
        return len(by_ns.get(namespace or "", {}))

    def kinds(self) -> list[str]:
        return sorted(kind for kind, by_ns in self._tree.items() if any(by_ns.values()))

    def namespace_contents(self, namespace: str) -> list[Key]:
        """Keys of every object in ``namespace``, by kind then name."""
        out = []
        for kind in sorted(self._tree):
            out.extend((kind, namespace, name) for name in sorted(self._tree[kind].get(namespace, {})))
        return out

    def key_for_uid(self, uid: str) -> Key | None:
        return self._by_uid.get(uid)

    def get_by_uid(self, uid: str) -> dict | None:
        key = self._by_uid.get(uid)
        return self.get(*key) if key else None

    def iter(self, kind: str, namespace: str | None = None) -> Iterator[dict]:
        """Like :meth:`list`, one copy at a time (for walking many objects without holding them all)."""
        for key in list(self._keys(kind, namespace)):
            blob = self._blob(*key)
            if blob is not None:
                yield marshal.loads(blob)

    def dependents(self, owner_uid: str) -> list[dict]:
        """Copies of the objects whose ownerReferences name ``owner_uid``, sorted by key."""
        return [marshal.loads(self._blob(*k)) for k in sorted(self._by_owner.get(owner_uid, {}))]

    def pods_on_node(self, node: str) -> list[dict]:
        return [marshal.loads(self._blob(*k)) for k in sorted(self._by_node.get(node, {}))]

    # --- writes -----------------------------------------------------------------------------

    def put(self, obj: dict, *, copy: bool = True) -> dict:
        """Insert or replace ``obj``; returns a copy of what was stored (with its new resourceVersion).

        ``copy=False`` hands the stored dict itself back, for a caller that gave up ``obj`` (nobody
        else holds it) and will not change the result: one decode less per write."""
        key = key_of(obj)
        self.resource_version += 1
        stamped = {**obj, "metadata": {**obj["metadata"], "resourceVersion": str(self.resource_version)}}
        if key[1] == "" and "namespace" in stamped["metadata"]:
            del stamped["metadata"]["namespace"]
        by_name = self._tree.setdefault(key[0], {}).setdefault(key[1], {})
        existed = key[2] in by_name
        # Interned once, when the object is created: later versions are made from decoded copies of it, whose
        # strings marshal gives back interned. (Nothing caches Events: their strings are interned for nobody.)
        if not existed and key[0] != "Event":
            _intern_identity(stamped)
        blob = _freeze(stamped)
        if existed:
            self._unindex(key)
        else:
            self._count += 1
        by_name[key[2]] = blob
        self._peeked.pop(key, None)
        self._index(key, _facts(stamped, self._label_sets))
        self._log(self.resource_version, "MODIFIED" if existed else "ADDED", blob)
        self.last_blob = blob
        for listener in self.listeners:
            listener("MODIFIED" if existed else "ADDED", stamped)
        return marshal.loads(blob) if copy else stamped

    def remove(self, kind: str, namespace: str, name: str) -> dict | None:
        """Delete an object; returns its last state (stamped with the deletion's resourceVersion)."""
        by_name = self._tree.get(kind, {}).get(namespace or "", {})
        blob = by_name.pop(name, None)
        if blob is None:
            return None
        self._count -= 1
        self._peeked.pop((kind, namespace or "", name), None)
        self._unindex((kind, namespace or "", name))
        self.resource_version += 1
        last = marshal.loads(blob)
        last["metadata"]["resourceVersion"] = str(self.resource_version)
        blob = _freeze(last)
        self._log(self.resource_version, "DELETED", blob)
        self.last_blob = blob
        for listener in self.listeners:
            listener("DELETED", last)
        return marshal.loads(blob)

    def events_since(self, rv: int) -> list[WatchEvent]:
        """Watch events after ``rv`` still in the log, oldest first (objects are copies).

        If ``rv < compacted_rv`` some events are gone; the caller should list again.
        """
        start = bisect.bisect_right(self._event_rvs, rv)
        return [WatchEvent(e_rv, e_type, marshal.loads(blob)) for e_rv, e_type, blob in self._events[start:]]

    def _log(self, rv: int, type_: str, blob: bytes) -> None:
        self._events.append((rv, type_, blob))
        self._event_rvs.append(rv)
        # Trim in chunks so appends stay O(1) amortised; at least max_events are always kept.
        if len(self._events) > self.max_events + max(16, self.max_events // 4):
            drop = len(self._events) - self.max_events
            self.compacted_rv = self._event_rvs[drop - 1]
            del self._events[:drop]
            del self._event_rvs[:drop]

    def _index(self, key: Key, facts: _Facts) -> None:
        self._facts[key] = facts
        kind = key[0]
        for label, value in facts.labels.items():
            self._by_label.setdefault((kind, label, value), {})[key] = None
        if facts.uid:
            self._by_uid[facts.uid] = key
        for owner in facts.owners:
            self._by_owner.setdefault(owner, {})[key] = None
        if facts.node:
            self._by_node.setdefault(facts.node, {})[key] = None

    def _unindex(self, key: Key) -> None:
        facts = self._facts.pop(key)
        kind = key[0]
        for label, value in facts.labels.items():
            _discard(self._by_label, (kind, label, value), key)
        if facts.uid and self._by_uid.get(facts.uid) == key:
            del self._by_uid[facts.uid]
        for owner in facts.owners:
            _discard(self._by_owner, owner, key)
        if facts.node:
            _discard(self._by_node, facts.node, key)

    # --- snapshot ---------------------------------------------------------------------------

    def dump(self) -> dict:
        """JSON-safe state: the counter and every object (the watch log is not kept)."""
        objects = [marshal.loads(self._blob(*key)) for kind in sorted(self._tree) for key in self._keys(kind, None)]
        return {"resource_version": self.resource_version, "max_events": self.max_events, "objects": objects}

    @classmethod
    def load(cls, data: dict) -> Store:
        store = cls(max_events=data.get("max_events", 10_000))
        for obj in data.get("objects", ()):
            key = key_of(obj)
            store._tree.setdefault(key[0], {}).setdefault(key[1], {})[key[2]] = _freeze(obj)
            store._index(key, _facts(obj, store._label_sets))
            store._count += 1
        store.resource_version = int(data.get("resource_version", 0))
        store.compacted_rv = store.resource_version
        return store


def _discard(index: dict, bucket: Any, key: Key) -> None:
    members = index.get(bucket)
    if members is not None:
        members.pop(key, None)
        if not members:
            del index[bucket]
