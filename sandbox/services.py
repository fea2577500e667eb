"""The only door between Django and the engine: load a sandbox's cluster, act on it, save it, publish frames.

Every action (``apply_to_sandbox``, ``run_kubectl``, ``inject_fault``, ``step_sandbox``, ``advance``)
runs under a per-sandbox lock, on the cluster cached for the sandbox's stored version, then saves
the snapshot guarded by that version and returns an :class:`Outcome` with the output and the new
frames. Clock ticks (``advance``, ``tick``) save only every few seconds of wall time (clusters.py).

Conflict rule (another process saved first): reload the stored snapshot and run the command again
on top of it, at most ``RETRIES`` times; for a tick, drop the virtual time not saved yet. Either
way the outcome says ``reset`` so the pages redraw from the stored state.

Publishing: :func:`apublish` (consumers) and :func:`publish` (sync code) send the outcome's frames
to the channel group ``sandbox.<id>`` as ``sandbox.frames`` events.
"""

from __future__ import annotations

import functools
import inspect
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.utils import translation
from django.utils.translation import gettext as _

from . import clusters
from .clusters import Entry, cached, forget, fresh_cluster, lock_for, remember
from .engine import Cluster
from .engine.apierrors import APIError
from .engine.frames import summarize
from .models import Sandbox

log = logging.getLogger(__name__)

MANIFEST_FILE = "manifest.yaml"
MAX_YAML_CHARS = 200_000
MAX_LINE_CHARS = 4_096
MAX_TARGET_CHARS = 253  # a DNS subdomain name, the longest object name
MAX_ADVANCE_SECONDS = 120.0  # virtual seconds one tick may cover (20x speed and a stalled loop)
RETRIES = 3
SPEEDS = (0, 1, 5, 20)
MAX_SANDBOXES_PER_LEARNER = 30
HIDDEN_NAMESPACES = ("kube-node-lease",)
# Kinds the live view draws; the rest (Events, Leases, EndpointSlices ...) stays in kubectl's reach.
DRAWN_KINDS = (
    "Node",
    "Namespace",
    "Pod",
    "Deployment",
    "ReplicaSet",
    "StatefulSet",
    "DaemonSet",
    "Service",
    "Ingress",
    "Job",
)

FAULTS: dict[str, str] = {  # protocol name -> Cluster method
    "delete-pod": "delete_pod",
    "kill-container": "kill_container",
    "fail-node": "fail_node",
    "recover-node": "recover_node",
    "cordon": "cordon",
    "uncordon": "uncordon",
    "drain": "drain",
}
POD_FAULTS = ("delete-pod", "kill-container")


class ServiceError(Exception):
    """A refused request, with a code for programs and a message in the learner's language."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Outcome:
    action: str
    exit_code: int = 0
    output: str = ""
    errors: list[dict] = field(default_factory=list)
    frames: list[dict] = field(default_factory=list)
    since: int = 0  # the last frame before this action; the action's frames follow it
    seq: int = 0  # the last frame after it
    reset: bool = False  # the state was reloaded: frames do not continue what clients saw
    saved: bool = False
    save_due: bool = False  # a tick that ran without the database asks for a save
    version: int = 0  # the sandbox's stored version after the action

    def result_message(self, ref: Any = None) -> dict:
        message = {
            "type": "result",
            "action": self.action,
            "exit_code": self.exit_code,
            "output": self.output,
            "errors": self.errors,
            "since": self.since,
            "seq": self.seq,
        }
        if ref is not None:
            message["ref"] = ref
        return message


def load_cluster(sandbox: Sandbox) -> Cluster:
    """The sandbox's cluster: the cached one for its version (kept by (id, version)), else restored from the DB."""
    return _entry(sandbox).cluster


def _entry(sandbox: Sandbox, *, reload: bool = False) -> Entry:
    try:
        return clusters.entry(sandbox, reload=reload)
    except Sandbox.DoesNotExist:
        raise ServiceError("not_found", _("This sandbox no longer exists.")) from None


_save = clusters.save


# --- sandboxes ----------------------------------------------------------------------------------------


def new_sandbox(
    owner: dict, context: str = Sandbox.Context.PLAYGROUND, context_key: str = "", block: str = ""
) -> Sandbox:
    """A fresh 3-node cluster for ``owner`` ({"user": u} or {"user": None, "visitor": v})."""
    cluster = fresh_cluster()
    sandbox = Sandbox(context=context, context_key=context_key[:200], block=block[:200], **owner)
    snap = cluster.snapshot()
    sandbox.state = Sandbox.pack(snap)
    sandbox.virtual_time = snap.get("now", 0.0)
    sandbox.save()
    remember(str(sandbox.pk), Entry(sandbox.version, cluster, time.monotonic()))
    # Bounded: a learner keeps their MAX_SANDBOXES_PER_LEARNER most recent sandboxes.
    stale = (
        Sandbox.objects.filter(**owner).order_by("-updated").values_list("pk", flat=True)[MAX_SANDBOXES_PER_LEARNER:]
    )
    Sandbox.objects.filter(pk__in=list(stale)).exclude(pk=sandbox.pk).delete()
    return sandbox


def get_or_create_sandbox(request, context: str = Sandbox.Context.PLAYGROUND, context_key: str = "") -> Sandbox:
    """The learner's latest sandbox for this context (one per lesson per learner), created when missing."""
    from .access import learner_for

    owner = learner_for(request).owner_fields
    found = Sandbox.objects.filter(context=context, context_key=context_key, **owner).order_by("-updated").first()
    return found or new_sandbox(owner, context, context_key)


def reset_sandbox(sandbox: Sandbox) -> Outcome:
    """Start the sandbox again from a fresh cluster; whoever watches it redraws."""
    with lock_for(sandbox.pk):
        cluster = fresh_cluster()
        for _attempt in range(RETRIES + 1):
            if sandbox.save_state(cluster.snapshot()):
                break
            sandbox.version = Sandbox.objects.filter(pk=sandbox.pk).values_list("version", flat=True).first() or 0
        remember(str(sandbox.pk), Entry(sandbox.version, cluster, time.monotonic()))
    return Outcome("reset", reset=True, seq=cluster.frame_log.seq, saved=True, version=sandbox.version)


def set_speed(sandbox: Sandbox, value: Any) -> int:
    if value not in SPEEDS or isinstance(value, bool):
        raise ServiceError("bad_speed", _("Speed must be one of 0, 1, 5 or 20."))
    sandbox.set_speed(value)
    return value


# --- actions --------------------------------------------------------------------------------------------


def _act(sandbox: Sandbox, action: str, work: Callable[[Cluster], Outcome]) -> Outcome:
    """Run ``work`` on the sandbox's cluster and save; on a version conflict reload and run it again."""
    with lock_for(sandbox.pk):
        reset = False
        for attempt in range(RETRIES + 1):
            entry = _entry(sandbox, reload=attempt > 0)
            before = entry.cluster.frame_log.seq
            try:
                outcome = work(entry.cluster)
            except ServiceError:
                raise
            except Exception:  # noqa: BLE001 - the engine must never take the page down with it
                log.exception("sandbox %s: %s failed", sandbox.pk, action)
                forget(sandbox.pk)  # the cluster may be half-changed: restore it from the last save
                raise ServiceError(
                    "engine",
                    _("The simulated cluster failed on this command. It was put back to its last saved state."),
                ) from None
            if _save(sandbox, entry):
                outcome.frames = entry.cluster.frames(since=before)
                outcome.since, outcome.seq = before, entry.cluster.frame_log.seq
                outcome.reset, outcome.saved, outcome.version = reset, True, sandbox.version
                return outcome
            reset = True  # someone else saved: run the command again on their state
        forget(sandbox.pk)
        raise ServiceError("conflict", _("The sandbox is busy (it changed in another window). Try again."))


def _speaks(function: Callable) -> Callable:
    """Run ``function`` with its ``language`` argument active, so refusals come in the learner's language."""
    signature = inspect.signature(function)

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        with translation.override(language_of(bound.arguments.get("language"))):
            return function(*args, **kwargs)

    return wrapper


def _issue_json(item: Any, language: str) -> dict:
    return {
        "code": item.code,
        "path": item.path,
        "line": item.line,
        "column": item.column,
        "message": item.message(language),
        "hint": item.hint_for(language),
        "message_en": item.message_en,
        "message_ko": item.message_ko,
        "hint_en": item.hint,
        "hint_ko": item.hint_ko,
    }


def _error_json(error: APIError, doc: Any, language: str) -> list[dict]:
    where = {"document": getattr(doc, "index", 0)}
    if error.causes:
        return [{**_issue_json(cause, language), **where} for cause in error.causes]
    message = error.message_ko if language == "ko" else error.message
    hint = error.hint_ko if language == "ko" and error.hint_ko else error.hint
    return [
        {
            "code": error.code or error.reason,
            "path": "",
            "line": None,
            "column": None,
            "message": message,
            "hint": hint,
            "message_en": error.message,
            "message_ko": error.message_ko,
            "hint_en": error.hint,
            "hint_ko": error.hint_ko,
            **where,
        }
    ]


@_speaks
def apply_to_sandbox(sandbox: Sandbox, yaml: Any, language: str = "ko") -> Outcome:
    """``kubectl apply -f manifest.yaml`` with the editor's text; errors carry line and column."""
    if not isinstance(yaml, str):
        raise ServiceError("bad_request", _("The manifest must be text."))
    if len(yaml) > MAX_YAML_CHARS:
        raise ServiceError(
            "too_large", _("The manifest is longer than %(limit)s characters.") % {"limit": MAX_YAML_CHARS}
        )

    def work(cluster: Cluster) -> Outcome:
        result = cluster.apply(yaml, MANIFEST_FILE)
        errors = [
            e for doc, _action, error in result.results if error is not None for e in _error_json(error, doc, language)
        ]
        for doc, _action, _error in result.results:
            for item in getattr(doc, "warnings", None) or ():
                errors.append({**_issue_json(item, language), "document": doc.index, "severity": "warning"})
        return Outcome("apply", result.exit_code, result.output, errors)

    return _act(sandbox, "apply", work)


@_speaks
def run_kubectl(sandbox: Sandbox, line: Any, language: str = "ko") -> Outcome:
    """One kubectl command line, with or without the word ``kubectl``; the output is what kubectl prints."""
    if not isinstance(line, str):
        raise ServiceError("bad_request", _("The command must be text."))
    if len(line) > MAX_LINE_CHARS:
        raise ServiceError(
            "too_large", _("The command is longer than %(limit)s characters.") % {"limit": MAX_LINE_CHARS}
        )
    line = line.strip()
    if line.startswith("$ "):
        line = line[2:].strip()

    def work(cluster: Cluster) -> Outcome:
        code, output = cluster.kubectl(line, language=language)
        return Outcome("kubectl", code, output)

    return _act(sandbox, "kubectl", work)


@_speaks
def inject_fault(sandbox: Sandbox, fault: Any, target: Any, language: str = "ko") -> Outcome:
    """A fault from the fault buttons: ``delete-pod``, ``fail-node``, ``cordon`` ... on a pod or node name."""
    if fault not in FAULTS:
        raise ServiceError("bad_fault", _("Unknown fault. Choose one of: %(faults)s.") % {"faults": ", ".join(FAULTS)})
    if not isinstance(target, str) or not target.strip() or len(target) > MAX_TARGET_CHARS * 2 + 1:
        raise ServiceError("bad_target", _("Choose a pod or a node first."))
    namespace, _slash, name = target.strip().rpartition("/")
    namespace = namespace or "default"
    method = getattr(Cluster, FAULTS[fault], None)
    if method is None and fault != "delete-pod":
        raise ServiceError(
            "not_available", _("This fault is not available yet: the simulation does not model it so far.")
        )

    def work(cluster: Cluster) -> Outcome:
        try:
            if method is None:  # delete-pod before the kubelet's fault methods: the API's graceful delete
                result = cluster.delete("Pod", name, namespace)
            else:
                call = getattr(cluster, FAULTS[fault])
                params = inspect.signature(call).parameters
                if fault in POD_FAULTS and "namespace" in params:
                    result = call(name, namespace=namespace)
                else:
                    result = call(name)
        except APIError as error:
            return Outcome("fault", 1, error.kubectl_message(verb="deleting") if language != "ko" else error.message_ko)
        except (KeyError, ValueError, LookupError) as error:
            return Outcome("fault", 1, str(error).strip("'\""))
        return Outcome("fault", 0, _fault_output(fault, name, result))

    return _act(sandbox, "fault", work)


def _fault_output(fault: str, name: str, result: Any) -> str:
    """What the console prints: kubectl's own words where kubectl has the command, ours for the rest."""
    if fault == "delete-pod":
        return f'pod "{name}" deleted'
    if fault in ("cordon", "uncordon"):
        return f"node/{name} {'' if result is not False else 'already '}{fault}ed"
    if fault == "drain":
        return result.rstrip("\n") if isinstance(result, str) and result.strip() else f"node/{name} drained"
    if fault == "kill-container":
        return _('Killed container "%(container)s" of pod %(pod)s (exit code 137).') % {
            "container": result if isinstance(result, str) else "?",
            "pod": name,
        }
    if fault == "fail-node":
        if result is False:
            return _("Node %(node)s has already failed.") % {"node": name}
        return _("Node %(node)s failed: its kubelet stopped posting status.") % {"node": name}
    if result is False:
        return _("Node %(node)s had not failed.") % {"node": name}
    return _("Node %(node)s is back: its kubelet posts status again.") % {"node": name}


def step_sandbox(sandbox: Sandbox) -> Outcome:
    """Run the next timer of the simulation (the step button while paused)."""

    def work(cluster: Cluster) -> Outcome:
        ran = cluster.step()
        return Outcome("step", 0 if ran else 1, "" if ran else "nothing scheduled")

    return _act(sandbox, "step", work)


def advance(sandbox: Sandbox, seconds: float, *, save: bool | None = None) -> Outcome:
    """Move the virtual clock ``seconds`` forward (a driver's tick); saves every few seconds of wall time.

    ``save`` forces (True) or skips (False) the save. A conflicting save drops the unsaved time and
    reloads the stored state (``reset``)."""
    with lock_for(sandbox.pk):
        entry = _entry(sandbox)
        outcome = _run_clock(sandbox, entry, seconds)
        due = save if save is not None else clusters.save_due(entry)
        if due and (entry.dirty or entry.clock_moved):
            _save_or_reload(sandbox, entry, outcome)
        return outcome


is_loaded = clusters.is_loaded


def tick(sandbox: Sandbox, seconds: float) -> Outcome | None:
    """``advance`` without the database, for the caller's own thread (the event loop): runs the cached
    cluster's clock if nobody else is using it. None when it cannot (not cached, busy, behind the
    database): then call ``advance`` from a database thread. ``outcome.save_due`` asks for ``save_if_due``."""
    lock = lock_for(sandbox.pk)
    if not lock.acquire(blocking=False):
        return None
    try:
        entry = cached(str(sandbox.pk))
        if entry is None or entry.version < sandbox.version:
            return None  # (is_loaded said yes, but it was evicted meanwhile: the next tick loads it)
        sandbox.version = entry.version
        outcome = _run_clock(sandbox, entry, seconds)
        outcome.save_due = clusters.save_due(entry)
        return outcome
    finally:
        lock.release()


def save_if_due(sandbox: Sandbox) -> Outcome:
    """The save half of a tick; a conflict reloads the stored state (``reset``)."""
    with lock_for(sandbox.pk):
        entry = _entry(sandbox)
        outcome = Outcome("advance", since=entry.cluster.frame_log.seq, seq=entry.cluster.frame_log.seq)
        if clusters.save_due(entry):
            _save_or_reload(sandbox, entry, outcome)
        return outcome


def _run_clock(sandbox: Sandbox, entry: Entry, seconds: float) -> Outcome:
    seconds = max(0.0, min(float(seconds), MAX_ADVANCE_SECONDS))
    cluster = entry.cluster
    before = cluster.frame_log.seq
    if seconds:
        try:
            cluster.run(seconds=seconds)
        except Exception:  # noqa: BLE001
            log.exception("sandbox %s: advancing the clock failed", sandbox.pk)
            forget(sandbox.pk)
            raise ServiceError(
                "engine", _("The simulated cluster failed. It was put back to its last saved state.")
            ) from None
        if cluster.frame_log.seq != before:
            entry.dirty = True
        else:
            entry.clock_moved = True
    return Outcome("advance", frames=cluster.frames(since=before), since=before, seq=cluster.frame_log.seq)


def _save_or_reload(sandbox: Sandbox, entry: Entry, outcome: Outcome) -> None:
    if _save(sandbox, entry):
        outcome.saved = True
        return
    entry = _entry(sandbox, reload=True)
    outcome.frames, outcome.reset, outcome.version = [], True, sandbox.version
    outcome.since = outcome.seq = entry.cluster.frame_log.seq


def flush(sandbox: Sandbox) -> bool:
    """Save what the clock did since the last save (when the driver leaves)."""
    with lock_for(sandbox.pk):
        entry = cached(str(sandbox.pk))
        if entry is None or not (entry.dirty or entry.clock_moved):
            return True
        if entry.version < sandbox.version:
            return False
        sandbox.version = entry.version
        if _save(sandbox, entry):
            return True
        forget(sandbox.pk)
        return False


# --- what pages and clients are shown -----------------------------------------------------------------


def refresh(sandbox: Sandbox, version: int) -> None:
    """After a reset elsewhere (another worker, a conflict): drop this process's cluster if it is older."""
    with lock_for(sandbox.pk):
        entry = cached(str(sandbox.pk))
        if entry is None or entry.version < version:
            _entry(sandbox, reload=True)


def frames_since(sandbox: Sandbox, since: int) -> tuple[list[dict] | None, int]:
    """(frames after ``since``, current seq); None when some of them are no longer kept."""
    with lock_for(sandbox.pk):
        cluster = load_cluster(sandbox)
        log_ = cluster.frame_log
        if since > log_.seq:
            return None, log_.seq
        if since + 1 < log_.oldest_seq:
            return None, log_.seq
        return cluster.frames(since=since), log_.seq


def visible_objects(cluster: Cluster) -> list[dict]:
    objects = []
    for kind in DRAWN_KINDS:
        for obj in cluster.list(kind):
            if (obj.get("metadata") or {}).get("namespace") in HIDDEN_NAMESPACES:
                continue
            objects.append(obj)
    return objects


def state_message(sandbox: Sandbox, tail: int = 300) -> dict:
    """The full-state frame message: every drawn object's summary, plus the recent frames for the panels."""
    with lock_for(sandbox.pk):
        cluster = load_cluster(sandbox)
        objects = []
        for obj in visible_objects(cluster):
            meta = obj.get("metadata") or {}
            objects.append(
                {
                    "kind": obj.get("kind"),
                    "namespace": meta.get("namespace"),
                    "name": meta.get("name"),
                    "rv": meta.get("resourceVersion"),
                    "summary": summarize(obj),
                }
            )
        log_ = cluster.frame_log
        recent = [f for f in cluster.frames(since=max(0, log_.seq - tail)) if f.get("type") != "object"]
        return {
            "type": "frames",
            "reset": True,
            "seq": log_.seq,
            "t": cluster.now,
            "speed": sandbox.speed,
            "objects": objects,
            "frames": recent,
        }


def cluster_objects(sandbox: Sandbox) -> list[dict]:
    with lock_for(sandbox.pk):
        return visible_objects(load_cluster(sandbox))


# --- publishing ---------------------------------------------------------------------------------------------

MAX_FRAMES_PER_MESSAGE = 500


def group_name(sandbox_id: Any) -> str:
    return f"sandbox.{sandbox_id}"


async def apublish(sandbox_id: Any, outcome: Outcome) -> None:
    """Fan the outcome's frames out to every connection of the sandbox (any worker, through the layer)."""
    layer = get_channel_layer()
    if layer is None:
        return
    group = group_name(sandbox_id)
    if outcome.reset:
        await layer.group_send(group, {"type": "sandbox.reset", "seq": outcome.seq, "version": outcome.version})
        return
    frames = outcome.frames
    for start in range(0, len(frames), MAX_FRAMES_PER_MESSAGE):
        chunk = frames[start : start + MAX_FRAMES_PER_MESSAGE]
        # Encoded once here, not once per receiving connection; a string also crosses the channel layer
        # without being deep-copied (in memory) or re-packed field by field (Redis).
        await layer.group_send(
            group,
            {
                "type": "sandbox.frames",
                "first": chunk[0]["seq"],
                "last": chunk[-1]["seq"],
                "json": encode_frames(chunk),
            },
        )


def encode_frames(frames: list[dict]) -> str:
    return json.dumps(frames, separators=(",", ":"), ensure_ascii=False)


def publish(sandbox_id: Any, outcome: Outcome) -> None:
    async_to_sync(apublish)(sandbox_id, outcome)


def language_of(code: str | None) -> str:
    return "en" if (code or "").lower().startswith("en") else "ko"
