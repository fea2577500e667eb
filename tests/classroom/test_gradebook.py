"""/ko/classes/<id>/gradebook.csv: the instructor's spreadsheet, UTF-8 with a BOM for Excel."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.utils import timezone

from classroom.models import Assignment, Membership
from lessons.models import LessonProgress, Submission

from .conftest import EXERCISE, client_for


def rows(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_it_has_one_row_per_student_and_one_column_per_assignment(client, alice, bob, charlie, klass):
    Membership.objects.create(klass=klass, student=charlie)
    due = timezone.now() - timedelta(days=1)
    Assignment.objects.create(klass=klass, target=EXERCISE, due=due)
    Assignment.objects.create(klass=klass, target="02-what-kubernetes-does", due=due + timedelta(days=30))
    Submission.objects.create(
        user=bob,
        exercise=EXERCISE,
        text="",
        score=5,
        max_score=8,
        results={},
        content_hash="x",
        created=due - timedelta(hours=2),
    )
    Submission.objects.create(
        user=bob,
        exercise=EXERCISE,
        text="",
        score=8,
        max_score=8,
        results={},
        content_hash="x",
        created=due + timedelta(hours=2),
        late=True,
    )
    LessonProgress.objects.create(user=charlie, lesson="02-what-kubernetes-does", quiz_score=3, quiz_max=4)
    response = client_for(client, alice).get(f"/en/classes/{klass.id}/gradebook.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    table = rows(response)
    assert table[0][0] == "student" and table[0][1].startswith(EXERCISE) and "due" in table[0][1]
    assert table[1:] == [["bob", "8/8 (late)", ""], ["charlie", "", "3/4"]]


def test_it_speaks_korean_under_ko(client, alice, bob, klass, assignment):
    Submission.objects.create(user=bob, exercise=EXERCISE, text="", score=8, max_score=8, results={}, content_hash="x")
    table = rows(client_for(client, alice).get(f"/ko/classes/{klass.id}/gradebook.csv"))
    assert table[0][0] == "학생" and table[1] == ["bob", "8/8"]


def test_it_is_404_for_a_student_and_for_someone_else(client, bob, charlie, klass):
    assert client_for(client, bob).get(f"/ko/classes/{klass.id}/gradebook.csv").status_code == 404
    assert client_for(client, charlie).get(f"/ko/classes/{klass.id}/gradebook.csv").status_code == 404


def test_it_defuses_usernames_a_spreadsheet_would_run(client, alice, klass):
    from django.contrib.auth.models import User

    Membership.objects.create(klass=klass, student=User.objects.create_user("+sum"))
    table = rows(client_for(client, alice).get(f"/ko/classes/{klass.id}/gradebook.csv"))
    assert ["'+sum"] == table[2][:1] or ["'+sum"] == table[1][:1]
