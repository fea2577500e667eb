"""Submission service: grade on the server, store a logged-in user's attempt, link it to an assignment."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone

from .exercises import Exercise
from .grading import GradeResult, grade
from .models import Submission


def assignment_for(user, exercise: Exercise, when=None):
    """The assignment of one of ``user``'s classes that covers ``exercise``: the next one due, else the
    one due most recently. None when the exercise is not assigned to them."""
    from classroom.models import Assignment

    when = when or timezone.now()
    candidates = list(
        Assignment.objects.filter(
            klass__memberships__student=user, target__in=[exercise.key, exercise.lesson]
        ).order_by("due", "id")
    )
    upcoming = [a for a in candidates if a.due >= when]
    if upcoming:
        return upcoming[0]
    return candidates[-1] if candidates else None


def do_submit(user, exercise: Exercise, text: str) -> tuple[GradeResult, Submission | None]:
    """Grade ``text``; store it when ``user`` is logged in (anonymous attempts are graded, not kept)."""
    result = grade(exercise, text)
    if not user.is_authenticated:
        return result, None
    now = timezone.now()
    assignment = assignment_for(user, exercise, now)
    submission = Submission.objects.create(
        user=user,
        exercise=exercise.key,
        text=text,
        score=result.score,
        max_score=result.max_score,
        results=result.to_json(),
        content_hash=exercise.content_hash,
        created=now,
        late=bool(assignment and assignment.is_late(now)),
        assignment=assignment,
    )
    _tell_dashboards(submission)
    return result, submission


def _tell_dashboards(submission: Submission) -> None:
    """The instructors' live dashboards of the student's classes show the new score (classroom.live)."""
    from classroom.live import notify_submission

    notify_submission(submission.user_id, submission.exercise)


def do_regrade(submission: Submission, exercise: Exercise) -> bool:
    """Grade a stored submission again under the exercise's current rules; False if nothing changed."""
    result = grade(exercise, submission.text)
    changed = (submission.score, submission.max_score, submission.results) != (
        result.score,
        result.max_score,
        result.to_json(),
    )
    submission.score, submission.max_score = result.score, result.max_score
    submission.results = result.to_json()
    submission.content_hash = exercise.content_hash
    submission.save(update_fields=["score", "max_score", "results", "content_hash"])
    if changed:
        _tell_dashboards(submission)
    return changed


@dataclass(frozen=True)
class Best:
    score: int
    max_score: int


def best_scores(user, keys: list[str]) -> dict[str, Best]:
    """Best stored score per exercise key for ``user`` (empty for anonymous visitors)."""
    if not user.is_authenticated or not keys:
        return {}
    rows = (
        Submission.objects.filter(user=user, exercise__in=keys)
        .values("exercise")
        .annotate(best=Max("score"), most=Max("max_score"))
    )
    return {r["exercise"]: Best(r["best"], r["most"]) for r in rows}
