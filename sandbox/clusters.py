"""This process's live clusters: one restored Cluster per sandbox, kept by (id, version), and a lock each.

A command restores the snapshot once; the next commands and the clock's ticks reuse the cached
cluster while its version is the stored one (``entry``). Entries are evicted least recently used
first, ``SANDBOX_CACHE_SIZE`` at most; an evicted or outdated one is restored again from the database.
The locks are striped: a sandbox's actions never overlap, wherever they run (event loop, database
thread, request thread).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from .engine import Cluster
from .models import Sandbox

log = logging.getLogger(__name__)

NODES = 3
SEED = 1
CACHE_SIZE = int(os.environ.get("SANDBOX_CACHE_SIZE", "512"))
SAVE_EVERY_SECONDS = float(os.environ.get("SANDBOX_SAVE_EVERY", "3"))
SAVE_CLOCK_EVERY_SECONDS = 30.0  # when only the clock moved (nothing happened), save less often


@dataclass
class Entry:
    version: int
    cluster: Cluster
    saved_at: float  # wall time (monotonic) of the last save or load
    dirty: bool = False  # frames happened since the last save
    clock_moved: bool = False  # only the clock moved since the last save


_cache: OrderedDict[str, Entry] = OrderedDict()
_cache_lock = threading.Lock()
_locks = [threading.RLock() for _ in range(256)]


def lock_for(sandbox_id: Any) -> threading.RLock:
    return _locks[hash(str(sandbox_id)) % len(_locks)]


def cached(sandbox_id: str) -> Entry | None:
    with _cache_lock:
        found = _cache.get(sandbox_id)
        if found is not None:
            _cache.move_to_end(sandbox_id)
        return found


def remember(sandbox_id: str, new: Entry) -> None:
    with _cache_lock:
        _cache[sandbox_id] = new
        _cache.move_to_end(sandbox_id)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)


def forget(sandbox_id: Any) -> None:
    with _cache_lock:
        _cache.pop(str(sandbox_id), None)


def size() -> int:
    return len(_cache)


def fresh_cluster() -> Cluster:
    return Cluster(nodes=NODES, seed=SEED, kube_version=settings.KUBE_VERSION)


def is_loaded(sandbox: Sandbox) -> bool:
    """Whether this process holds the sandbox's cluster for its version (``tick`` can run it)."""
    found = cached(str(sandbox.pk))
    return found is not None and found.version >= sandbox.version


def entry(sandbox: Sandbox, *, reload: bool = False) -> Entry:
    """The cached entry when it is as new as ``sandbox`` says (or newer: this process saved it last),
    else the stored snapshot restored. Sandbox.DoesNotExist when the row is gone. Call under lock_for."""
    key = str(sandbox.pk)
    found = None if reload else cached(key)
    if found is not None and found.version >= sandbox.version:
        sandbox.version = found.version
        return found
    row = Sandbox.objects.filter(pk=sandbox.pk).values("state", "version", "speed").first()
    if row is None:
        raise Sandbox.DoesNotExist(key)
    sandbox.state, sandbox.version, sandbox.speed = row["state"], row["version"], row["speed"]
    snap = sandbox.snapshot
    if snap is None:
        cluster = fresh_cluster()
    else:
        try:
            cluster = Cluster.restore(snap)
        except Exception:  # noqa: BLE001 - an unreadable snapshot (older engine): start again rather than fail forever
            log.exception("sandbox %s: snapshot could not be restored; starting a fresh cluster", key)
            cluster = fresh_cluster()
    new = Entry(sandbox.version, cluster, time.monotonic())
    remember(key, new)
    return new


def save(sandbox: Sandbox, found: Entry) -> bool:
    """Store the entry's snapshot, guarded by the version (False: someone else saved first)."""
    if not sandbox.save_state(found.cluster.snapshot()):
        return False
    found.version, found.saved_at, found.dirty, found.clock_moved = sandbox.version, time.monotonic(), False, False
    return True


def save_due(found: Entry) -> bool:
    age = time.monotonic() - found.saved_at
    return (found.dirty and age >= SAVE_EVERY_SECONDS) or (found.clock_moved and age >= SAVE_CLOCK_EVERY_SECONDS)
