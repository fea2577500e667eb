"""/ko/classes/<id>/submissions/<sid>/: the instructor reads a student's work; a student only their own."""

from __future__ import annotations

from lessons.exercises import get_exercise
from lessons.grading import grade
from lessons.models import Submission

from .conftest import EXERCISE, client_for


def graded(user, text: str) -> Submission:
    exercise = get_exercise(EXERCISE)
    result = grade(exercise, text)
    return Submission.objects.create(
        user=user,
        exercise=EXERCISE,
        text=text,
        score=result.score,
        max_score=result.max_score,
        results=result.to_json(),
        content_hash=exercise.content_hash,
    )


def test_it_shows_the_instructor_the_text_and_the_feedback(client, alice, bob, klass):
    submission = graded(bob, get_exercise(EXERCISE).starter)
    page = client_for(client, alice).get(f"/en/classes/{klass.id}/submissions/{submission.id}/").content.decode()
    assert "etcdWriter" in page and "Score: 2 of 8" in page
    assert "The other components never touch etcd themselves." in page


def test_it_shows_a_student_their_own_submission(client, bob, klass):
    submission = graded(bob, get_exercise(EXERCISE).solution)
    assert client_for(client, bob).get(f"/en/classes/{klass.id}/submissions/{submission.id}/").status_code == 200


def test_it_is_404_for_a_student_asking_for_anothers_submission(client, alice, bob, charlie, klass):
    from classroom.models import Membership

    Membership.objects.create(klass=klass, student=charlie)
    submission = graded(charlie, "x: 1")
    assert client_for(client, bob).get(f"/en/classes/{klass.id}/submissions/{submission.id}/").status_code == 404


def test_it_is_404_outside_the_class(client, alice, charlie, klass):
    submission = graded(charlie, "x: 1")  # charlie is not in alice's class
    assert client_for(client, alice).get(f"/en/classes/{klass.id}/submissions/{submission.id}/").status_code == 404
