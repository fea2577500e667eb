"""Submitting an exercise: graded on the server, stored for logged-in users, linked to assignments, late-marked."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from classroom.models import Assignment
from lessons.exercises import get_exercise
from lessons.models import Submission

from .conftest import EXERCISE, EXERCISE_PATH, client_for

URL = f"/en/lessons/{EXERCISE_PATH}/submit/"


def test_it_ignores_a_posted_score(client, bob, klass, assignment):
    response = client_for(client, bob).post(
        URL, {"text": "apiVersion: v1\n", "score": "8", "max_score": "8"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    submission = Submission.objects.get(user=bob)
    assert submission.score == 0 and submission.max_score == 8
    assert "Score: 0 of 8" in response.content.decode()


def test_it_stores_the_attempt_with_its_assignment_on_time(client, bob, klass, assignment):
    client_for(client, bob).post(URL, {"text": get_exercise(EXERCISE).solution})
    submission = Submission.objects.get(user=bob)
    assert (submission.score, submission.assignment, submission.late) == (8, assignment, False)
    assert submission.content_hash == get_exercise(EXERCISE).content_hash
    assert submission.results["checks"][0]["id"] == "valid"


def test_it_marks_a_submission_after_the_due_date_late(client, bob, klass):
    past = Assignment.objects.create(klass=klass, target=EXERCISE, due=timezone.now() - timedelta(hours=1))
    client_for(client, bob).post(URL, {"text": get_exercise(EXERCISE).solution})
    submission = Submission.objects.get(user=bob)
    assert submission.assignment == past and submission.late


def test_a_lesson_assignment_covers_its_exercises(client, bob, klass):
    lesson = Assignment.objects.create(
        klass=klass, target=EXERCISE.split("/")[0], due=timezone.now() + timedelta(days=1)
    )
    client_for(client, bob).post(URL, {"text": "x: 1"})
    assert Submission.objects.get(user=bob).assignment == lesson


def test_it_does_not_store_an_anonymous_attempt_but_grades_it(client, db):
    response = client.post(URL, {"text": get_exercise(EXERCISE).solution}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "Score: 8 of 8" in page and "not saved" in page
    assert not Submission.objects.exists()


def test_it_keeps_someone_elses_attempts_out_of_the_page(client, bob, charlie):
    Submission.objects.create(
        user=charlie, exercise=EXERCISE, text="secret: charlie", score=1, max_score=8, results={}, content_hash="x"
    )
    page = client_for(client, bob).get(f"/en/lessons/{EXERCISE_PATH}/").content.decode()
    assert "secret: charlie" not in page and "No attempts yet." in page
