"""The live class dashboard: who hears about new scores, and the grid the instructor's page shows.

A stored submission tells the channel group ``class.<id>`` of every class that assigns its exercise
(``notify_submission``); the instructor's websocket (consumers.py) renders that student's row again and
pushes it. A student joining, or an assignment added or removed, pushes the whole grid. The groups live
in the configured channel layer (CHANNEL_LAYERS): in memory for one process, Redis across workers.
Notifications go out after the transaction commits, so the consumer reads the new row.
"""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from . import gradebook
from .models import Assignment, Class

log = logging.getLogger(__name__)

TEMPLATE = "classroom/class_instructor.html"


def group_name(class_id: Any) -> str:
    return f"class.{class_id}"


def latest_sandboxes(student_ids: list[int]) -> dict[int, Any]:
    """Each student's most recently used sandbox id (the one an instructor would want to watch)."""
    from sandbox.models import Sandbox

    found: dict[int, Any] = {}
    rows = Sandbox.objects.filter(user_id__in=student_ids).order_by("user_id", "-updated").values_list("user_id", "pk")
    for user_id, pk in rows:
        found.setdefault(user_id, pk)
    return found


def grid_context(klass: Class, students: list | None = None) -> dict:
    """What the grid partial needs: assignments, one row per student, each row with the sandbox to watch."""
    assignments, rows = gradebook.grid(klass, students)
    sandboxes = latest_sandboxes([row.student.id for row in rows])
    for row in rows:
        row.sandbox = sandboxes.get(row.student.id)
    return {"klass": klass, "assignments": assignments, "rows": rows}


def render_grid(klass: Class, language: str) -> str:
    with translation.override(language):
        return render_to_string(TEMPLATE + "#grid", {**grid_context(klass), "lang": language})


def render_row(klass: Class, student_id: int, language: str) -> str | None:
    """One student's row of the grid, or None when they are not (or no longer) in the class."""
    membership = klass.memberships.select_related("student").filter(student_id=student_id).first()
    if membership is None:
        return None
    context = grid_context(klass, students=[membership.student])
    with translation.override(language):
        return render_to_string(TEMPLATE + "#row", {**context, "row": context["rows"][0], "lang": language})


def classes_assigning(user_id: int, exercise_key: str) -> list[int]:
    """The classes of ``user_id`` that assign ``exercise_key`` or its whole lesson."""
    lesson = exercise_key.split("/", 1)[0]
    return sorted(
        set(
            Assignment.objects.filter(
                klass__memberships__student_id=user_id, target__in=[exercise_key, lesson]
            ).values_list("klass_id", flat=True)
        )
    )


def notify_submission(user_id: int, exercise_key: str) -> None:
    """A student's score may have changed: their row on the dashboards of the classes that assign it."""
    for class_id in classes_assigning(user_id, exercise_key):
        _send_on_commit(class_id, {"type": "class.submission", "student": user_id})


def notify_class_changed(class_id: int) -> None:
    """Students or assignments changed: the whole grid."""
    _send_on_commit(class_id, {"type": "class.changed"})


def _send_on_commit(class_id: int, event: dict) -> None:
    transaction.on_commit(lambda: _send(group_name(class_id), event))


def _send(group: str, event: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, event)
    except Exception:  # noqa: BLE001 - a dashboard missing one update must not fail the student's submission
        log.exception("notifying %s failed", group)
