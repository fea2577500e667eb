"""/ko/classes/<id>/: the instructor's dashboard, a student's own view, 404 for everyone else."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from classroom.models import Assignment
from lessons.models import Submission

from .conftest import EXERCISE, EXERCISE_PATH, client_for


def submit(user, score: int = 8, late: bool = False, when=None, assignment=None) -> Submission:
    return Submission.objects.create(
        user=user,
        exercise=EXERCISE,
        text="data: {}",
        score=score,
        max_score=8,
        results={"checks": []},
        content_hash="x",
        late=late,
        created=when or timezone.now(),
        assignment=assignment,
    )


def test_it_shows_the_instructor_the_join_link_roster_and_grid(client, alice, bob, klass, assignment):
    submit(bob, 6)
    page = client_for(client, alice).get(f"/ko/classes/{klass.id}/").content.decode()
    assert f"/ko/join/{klass.join_code}/" in page
    assert 'id="roster"' in page and ">bob<" in page
    assert 'id="grid"' in page and "6/8" in page
    # The grid follows the class's websocket (static/js/classroom.js); it polls only while the socket is down.
    assert f'data-ws="/ws/classes/{klass.id}/?lang=ko"' in page and "js/classroom.js" in page
    assert "hx-trigger" not in page


def test_it_returns_only_the_grid_partial_to_htmx(client, alice, bob, klass, assignment):
    submit(bob, 8)
    response = client_for(client, alice).get(f"/ko/classes/{klass.id}/", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="grid"') and "8/8" in page and "<html" not in page


def test_it_shows_a_student_their_assignments_and_only_their_scores(client, alice, bob, charlie, klass, assignment):
    from classroom.models import Membership

    Membership.objects.create(klass=klass, student=charlie)
    submit(bob, 3)
    submit(charlie, 7)
    page = client_for(client, bob).get(f"/ko/classes/{klass.id}/").content.decode()
    assert "3/8" in page and "7/8" not in page and "charlie" not in page
    assert klass.join_code not in page, "students do not see (or share) the join link"
    assert f"/ko/lessons/{EXERCISE_PATH}/" in page


def test_it_is_404_for_someone_outside_the_class(client, charlie, klass):
    assert client_for(client, charlie).get(f"/ko/classes/{klass.id}/").status_code == 404


def test_it_is_404_for_a_class_that_does_not_exist(client, alice):
    assert client_for(client, alice).get("/ko/classes/999/").status_code == 404


def test_it_marks_a_best_score_reached_only_after_the_due_date_as_late(client, alice, bob, klass):
    due = timezone.now() - timedelta(days=1)
    Assignment.objects.create(klass=klass, target=EXERCISE, due=due)
    submit(bob, 4, when=due - timedelta(hours=1))
    submit(bob, 8, late=True, when=due + timedelta(hours=1))
    page = client_for(client, alice).get(f"/ko/classes/{klass.id}/", HTTP_HX_REQUEST="true").content.decode()
    assert "8/8" in page and 'class="badge"' in page


def test_it_prefers_the_on_time_attempt_when_the_late_one_is_no_better(client, alice, bob, klass):
    due = timezone.now() - timedelta(days=1)
    Assignment.objects.create(klass=klass, target=EXERCISE, due=due)
    submit(bob, 8, when=due - timedelta(hours=1))
    submit(bob, 8, late=True, when=due + timedelta(hours=1))
    page = client_for(client, alice).get(f"/ko/classes/{klass.id}/", HTTP_HX_REQUEST="true").content.decode()
    assert "8/8" in page and 'class="badge"' not in page
