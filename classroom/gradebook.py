"""The gradebook: best score per student and assignment, with late marks, from stored submissions.

A cell counts the student's best attempt at each exercise the assignment covers. When the best
score was reached on time and again late, the on-time attempt counts (no late mark); a late mark
means the best score only came after the due date. A lesson assignment without exercises falls
back to the lesson's quiz score (which has no timestamps of its own, so it is never marked late).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from lessons.exercises import all_exercises
from lessons.models import LessonProgress, Submission

from .models import Assignment, Class


@dataclass
class Cell:
    score: int | None  # None: nothing submitted yet
    max_score: int
    late: bool = False
    submission_id: int | None = None  # the best attempt, for an assignment of one exercise
    attempts: int = 0

    @property
    def done(self) -> bool:
        return self.score is not None

    @property
    def full_marks(self) -> bool:
        return self.score is not None and self.score == self.max_score

    def text(self) -> str:
        if self.score is None:
            return ""
        value = f"{self.score}/{self.max_score}"
        return f"{value} ({_('late')})" if self.late else value


@dataclass
class Row:
    student: object
    cells: list[Cell] = field(default_factory=list)
    sandbox: object = None  # the student's latest sandbox id, for the instructor to watch (live.grid_context)


def _best(submissions: list[Submission], assignment: Assignment) -> Submission | None:
    """Highest score; among equals the earliest (so an on-time attempt beats a late one)."""
    if not submissions:
        return None
    return min(submissions, key=lambda s: (-s.score, s.created, s.id))


def cell_for(assignment: Assignment, mine: dict[str, list[Submission]], quiz: LessonProgress | None) -> Cell:
    exercises = all_exercises()
    keys = assignment.exercise_keys()
    if not keys:  # a lesson without exercises: its quiz
        total = (quiz.quiz_max or 0) if quiz else 0
        if quiz is None or quiz.quiz_score is None:
            return Cell(None, total)
        return Cell(quiz.quiz_score, total)
    score, total, late, attempts, any_done, best_id = 0, 0, False, 0, False, None
    for key in keys:
        found = mine.get(key, [])
        best = _best(found, assignment)
        exercise = exercises.get(key)
        total += exercise.max_score if exercise else (best.max_score if best else 0)
        attempts += len(found)
        if best is not None:
            any_done = True
            score += best.score
            late = late or assignment.is_late(best.created)
            best_id = best.id if len(keys) == 1 else None
    return Cell(score if any_done else None, total, late, best_id, attempts)


def grid(klass: Class, students: list | None = None) -> tuple[list[Assignment], list[Row]]:
    """(assignments, one row per student) for ``klass``; ``students`` narrows it (a student sees their own)."""
    assignments = list(klass.assignments.all())
    if students is None:
        students = [m.student for m in klass.memberships.select_related("student")]
    keys = {key for a in assignments for key in a.exercise_keys()}
    lessons = {a.target for a in assignments if not a.exercise_keys()}
    by_user: dict[int, dict[str, list[Submission]]] = {s.id: {} for s in students}
    if keys and students:
        for sub in Submission.objects.filter(user__in=students, exercise__in=keys).only(
            "id", "user_id", "exercise", "score", "max_score", "created"
        ):
            by_user[sub.user_id].setdefault(sub.exercise, []).append(sub)
    quizzes: dict[tuple[int, str], LessonProgress] = {}
    if lessons and students:
        for p in LessonProgress.objects.filter(user__in=students, lesson__in=lessons):
            quizzes[(p.user_id, p.lesson)] = p
    rows = []
    for student in students:
        mine = by_user.get(student.id, {})
        rows.append(Row(student, [cell_for(a, mine, quizzes.get((student.id, a.target))) for a in assignments]))
    return assignments, rows


def _cell_safe(text: str) -> str:
    """Usernames may start with + - or @; a spreadsheet would run such a cell as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def gradebook_csv(klass: Class) -> str:
    """One row per student, one column per assignment ("7/9", "7/9 (late)" or empty); with a BOM for Excel."""
    assignments, rows = grid(klass)
    out = io.StringIO()
    out.write("\ufeff")  # Excel reads UTF-8 (Hangul) correctly only with the byte-order mark
    writer = csv.writer(out)
    writer.writerow([_("student")] + [f"{a.target} ({_('due')} {a.due:%Y-%m-%d %H:%M} UTC)" for a in assignments])
    for row in rows:
        writer.writerow([_cell_safe(row.student.get_username())] + [cell.text() for cell in row.cells])
    return out.getvalue()
