"""Persisted sandbox sessions: one simulated cluster's snapshot, its owner and who drives its clock.

Snapshots are stored zlib-compressed (``state``). Measured with the engine of this issue: an idle
3-node cluster snapshots to ~26 KB of JSON, a 3-replica Deployment with its pods Running to ~87 KB,
which zlib level 1 packs into ~17 KB in ~0.5 ms (level 6: 14 KB in 1 ms). A 5x smaller row is
written every few seconds while a student watches, so compression pays for itself.

Concurrency: ``version`` is bumped by every save, and a save only lands when the version it read is
still current (``save_state``). The loser of a race never merges: it reloads the stored snapshot
and re-runs its command on top of it (commands are deterministic functions of the state), or, for
a clock tick, drops the virtual time it had not saved yet. See services.py.
"""

from __future__ import annotations

import json
import threading
import uuid
import zlib
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import connection, models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


_SQLITE_WRITES = threading.Lock()


@contextmanager
def one_writer():
    """SQLite: queue this process's sandbox writes in Python. Threads that meet on SQLite's lock instead
    back off in its busy handler (sleeps of up to 100 ms), which made saves wait while the CPU idled."""
    if connection.vendor != "sqlite":
        yield
        return
    with _SQLITE_WRITES:
        yield


class Sandbox(models.Model):
    """One learner's simulated cluster in one context (the playground, a lesson, an exercise)."""

    class Context(models.TextChoices):
        PLAYGROUND = "playground", _("playground")
        LESSON = "lesson", _("lesson")
        EXERCISE = "exercise", _("exercise")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)  # unguessable: the URL is the key
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="sandboxes"
    )
    visitor = models.CharField(_("anonymous visitor"), max_length=40, blank=True, db_index=True)
    context = models.CharField(_("context"), max_length=16, choices=Context.choices, default=Context.PLAYGROUND)
    # The lesson slug or the exercise key ("13-deployments/three-replicas"); empty for the playground.
    context_key = models.CharField(_("lesson or exercise"), max_length=200, blank=True)
    block = models.CharField(_("lesson block"), max_length=200, blank=True)
    state = models.BinaryField(_("snapshot (zlib-compressed JSON)"), default=b"")
    version = models.PositiveIntegerField(_("version"), default=0)
    last_seq = models.PositiveIntegerField(_("last frame"), default=0)
    virtual_time = models.FloatField(_("virtual seconds"), default=0.0)
    speed = models.PositiveSmallIntegerField(_("speed"), default=1)
    lease_holder = models.CharField(_("driving connection"), max_length=200, blank=True)
    lease_expires = models.DateTimeField(_("lease expires"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("sandbox")
        verbose_name_plural = _("sandboxes")
        indexes = [models.Index(fields=["user", "context", "context_key", "-updated"], name="sandbox_owner_context")]

    def __str__(self) -> str:
        where = f"{self.context}:{self.context_key}" if self.context_key else self.context
        return f"{self.user or self.visitor or '?'} · {where} · {self.id}"

    @property
    def snapshot(self) -> dict | None:
        """The engine snapshot (None for a sandbox not booted yet)."""
        if not self.state:
            return None
        return json.loads(zlib.decompress(bytes(self.state)))

    @staticmethod
    def pack(snapshot: dict) -> bytes:
        return zlib.compress(json.dumps(snapshot, separators=(",", ":")).encode("utf-8"), 1)

    def save_state(self, snapshot: dict, **fields) -> bool:
        """Store ``snapshot`` if nobody saved since this instance's version; bump the version. False on a conflict."""
        packed = self.pack(snapshot)
        frames = snapshot.get("frames") or {}
        values = {
            "state": packed,
            "version": F("version") + 1,
            "last_seq": frames.get("seq", 0),
            "virtual_time": snapshot.get("now", 0.0),
            "updated": timezone.now(),
            **fields,
        }
        with one_writer():
            done = Sandbox.objects.filter(pk=self.pk, version=self.version).update(**values)
        if done:
            self.state, self.version = packed, self.version + 1
            self.last_seq, self.virtual_time = values["last_seq"], values["virtual_time"]
            for name, value in fields.items():
                setattr(self, name, value)
        return bool(done)

    def take_lease(self, holder: str, seconds: float) -> bool:
        """Become the connection that drives the clock, unless another one holds an unexpired lease."""
        now = timezone.now()
        expires = now + timedelta(seconds=seconds)
        free = Q(lease_holder="") | Q(lease_holder=holder) | Q(lease_expires__lt=now) | Q(lease_expires=None)
        with one_writer():
            done = Sandbox.objects.filter(free, pk=self.pk).update(lease_holder=holder, lease_expires=expires)
        if done:
            self.lease_holder, self.lease_expires = holder, expires
        return bool(done)

    def release_lease(self, holder: str) -> None:
        with one_writer():
            Sandbox.objects.filter(pk=self.pk, lease_holder=holder).update(lease_holder="", lease_expires=None)

    def set_speed(self, value: int) -> None:
        with one_writer():
            Sandbox.objects.filter(pk=self.pk).update(speed=value)
        self.speed = value
