"""Who may open a sandbox: the one place that decides, for pages and websockets alike.

A learner is a user or, before signing up, an anonymous visitor of this browser (the visitor id
kept in the session by ``lessons.progress``). The owner drives; the instructor of a class the owner
belongs to watches read-only (``can_watch``): frames and diagram, never a command. Everyone else is
told the sandbox does not exist.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import Http404, HttpRequest

from lessons.progress import VISITOR_KEY, visitor_id

from .models import Sandbox


@dataclass(frozen=True)
class Learner:
    user: Any  # a User, or None for an anonymous visitor
    visitor: str  # "" for a signed-in user

    @property
    def owner_fields(self) -> dict:
        if self.user is not None:
            return {"user": self.user}
        return {"user": None, "visitor": self.visitor}


def learner_for(request: HttpRequest) -> Learner:
    """The learner behind a page request (an anonymous visitor gets an id in the session)."""
    if request.user.is_authenticated:
        return Learner(request.user, "")
    return Learner(None, visitor_id(request))


def learner_for_scope(scope: dict) -> Learner | None:
    """The learner behind a websocket (sync: reads the session); None when it has no identity."""
    user = scope.get("user")
    if user is not None and user.is_authenticated:
        return Learner(user, "")
    session = scope.get("session")
    visitor = session.get(VISITOR_KEY) if session is not None else None
    return Learner(None, visitor) if visitor else None


def is_owner(learner: Learner | None, sandbox: Sandbox) -> bool:
    if learner is None:
        return False
    if learner.user is not None:
        return sandbox.user_id == learner.user.pk
    return sandbox.user_id is None and bool(learner.visitor) and sandbox.visitor == learner.visitor


def can_drive(learner: Learner | None, sandbox: Sandbox) -> bool:
    """Send commands, move the clock, reset: the owner only."""
    return is_owner(learner, sandbox)


def can_watch(user: Any, sandbox: Sandbox, learner: Learner | None = None) -> bool:
    """See the sandbox live without changing it: its owner, and the instructors of the owner's classes."""
    if learner is None and user is not None and getattr(user, "is_authenticated", False):
        learner = Learner(user, "")
    if is_owner(learner, sandbox):
        return True
    if sandbox.user_id is None or user is None or not getattr(user, "is_authenticated", False):
        return False
    from classroom.models import Class

    return Class.objects.filter(instructor_id=user.pk, memberships__student_id=sandbox.user_id).exists()


def find_sandbox(learner: Learner | None, sandbox_id: Any) -> tuple[Sandbox | None, str]:
    """(sandbox, "drive" | "watch") for a learner allowed to see it, else (None, "")."""
    try:
        key = sandbox_id if isinstance(sandbox_id, uuid.UUID) else uuid.UUID(str(sandbox_id))
    except ValueError:
        return None, ""
    sandbox = Sandbox.objects.filter(pk=key).first()
    if sandbox is None:
        return None, ""
    if can_drive(learner, sandbox):
        return sandbox, "drive"
    if can_watch(learner.user if learner else None, sandbox, learner):
        return sandbox, "watch"
    return None, ""


def get_sandbox_for(request: HttpRequest, sandbox_id: Any, *, drive: bool = True) -> Sandbox:
    """The sandbox if this request's learner may use it (drive) or see it; 404 otherwise (ids are not confirmed)."""
    sandbox, mode = get_sandbox_and_mode(request, sandbox_id)
    if drive and mode != "drive":
        raise Http404("no such sandbox")
    return sandbox


def get_sandbox_and_mode(request: HttpRequest, sandbox_id: Any) -> tuple[Sandbox, str]:
    """(sandbox, "drive" | "watch") for this request's learner; 404 when they may not see it."""
    sandbox, mode = find_sandbox(learner_for(request), sandbox_id)
    if sandbox is None:
        raise Http404("no such sandbox")
    return sandbox, mode


@receiver(user_logged_in)
def _carry_over_sandboxes(sender, request, user, **kwargs) -> None:
    """Sandboxes made anonymously in this browser belong to the account from now on."""
    if request is not None and request.session.get(VISITOR_KEY):
        Sandbox.objects.filter(user=None, visitor=request.session[VISITOR_KEY]).update(user=user, visitor="")
