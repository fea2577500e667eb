"""Progress service: who the learner is (user or anonymous visitor) and what they have done."""

from __future__ import annotations

import uuid

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from .models import LessonProgress
from .quiz import QuizResult

VISITOR_KEY = "k8s_learn_visitor"


def visitor_id(request: HttpRequest) -> str:
    """A random id for this browser's anonymous work, kept in the session (it survives login)."""
    value = request.session.get(VISITOR_KEY)
    if not value:
        value = uuid.uuid4().hex
        request.session[VISITOR_KEY] = value
    return value


def _owner(request: HttpRequest) -> dict:
    if request.user.is_authenticated:
        return {"user": request.user}
    return {"visitor": visitor_id(request), "user": None}


def progress_map(request: HttpRequest) -> dict[str, LessonProgress]:
    if not request.user.is_authenticated and VISITOR_KEY not in request.session:
        return {}
    return {p.lesson: p for p in LessonProgress.objects.filter(**_owner(request))}


def mark_read(request: HttpRequest, lesson: str) -> LessonProgress:
    """The learner's record of the lesson, marked read; a repeat visit reads it and writes nothing.

    The page shows the record (progress, chosen answers) and the record can change elsewhere (the quiz,
    another device of the same account), so it is read on every visit rather than remembered in the session.
    """
    progress, _ = LessonProgress.objects.get_or_create(
        lesson=lesson, **_owner(request), defaults={"read_at": timezone.now()}
    )
    if progress.read_at is None:  # created by a quiz answer before the page was read
        progress.read_at = timezone.now()
        progress.save(update_fields=["read_at", "updated"])
    return progress


def record_quiz(request: HttpRequest, lesson: str, result: QuizResult) -> LessonProgress:
    """Keep the best score; the answers shown are the latest attempt's."""
    progress, _ = LessonProgress.objects.get_or_create(lesson=lesson, **_owner(request))
    if progress.quiz_score is None or result.score >= progress.quiz_score:
        progress.quiz_score = result.score
    progress.quiz_max = result.max_score
    progress.quiz_answers = result.answers()
    progress.save()
    return progress


@transaction.atomic
def merge_visitor_progress(visitor: str, user) -> int:
    """Move an anonymous visitor's progress to the account, keeping the better record per lesson."""
    moved = 0
    for anon in LessonProgress.objects.select_for_update().filter(visitor=visitor, user=None):
        mine = LessonProgress.objects.filter(user=user, lesson=anon.lesson).first()
        if mine is None:
            anon.user, anon.visitor = user, ""
            anon.save()
        else:
            mine.read_at = mine.read_at or anon.read_at
            if anon.quiz_score is not None and (mine.quiz_score is None or anon.quiz_score > mine.quiz_score):
                mine.quiz_score, mine.quiz_max, mine.quiz_answers = anon.quiz_score, anon.quiz_max, anon.quiz_answers
            mine.save()
            anon.delete()
        moved += 1
    return moved


@receiver(user_logged_in)
def _carry_over_progress(sender, request, user, **kwargs) -> None:
    if request is not None and request.session.get(VISITOR_KEY):
        merge_visitor_progress(request.session[VISITOR_KEY], user)
