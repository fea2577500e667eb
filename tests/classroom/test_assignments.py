"""Adding and removing assignments: the class's instructor only."""

from __future__ import annotations

from classroom.models import Assignment

from .conftest import EXERCISE, client_for


def test_it_adds_an_assignment(client, alice, klass):
    response = client_for(client, alice).post(
        f"/ko/classes/{klass.id}/assignments/", {"target": EXERCISE, "due": "2030-03-01T09:00"}
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get(klass=klass)
    assert assignment.target == EXERCISE and assignment.due.isoformat() == "2030-03-01T09:00:00+00:00"


def test_it_accepts_a_whole_lesson(client, alice, klass):
    client_for(client, alice).post(
        f"/ko/classes/{klass.id}/assignments/", {"target": "13-deployments", "due": "2030-03-01"}
    )
    assignment = Assignment.objects.get(klass=klass)
    assert set(assignment.exercise_keys()) >= {"13-deployments/rollback", "13-deployments/scale-and-heal"}


def test_it_rejects_an_unknown_target(client, alice, klass):
    response = client_for(client, alice).post(
        f"/ko/classes/{klass.id}/assignments/", {"target": "99-nothing/at-all", "due": "2030-03-01T09:00"}
    )
    assert response.status_code == 400 and not Assignment.objects.exists()


def test_it_is_404_for_a_student_of_the_class(client, bob, klass):
    response = client_for(client, bob).post(
        f"/ko/classes/{klass.id}/assignments/", {"target": EXERCISE, "due": "2030-03-01"}
    )
    assert response.status_code == 404 and not Assignment.objects.exists()


def test_it_is_404_for_another_instructor(client, charlie, klass):
    from classroom.roles import grant_instructor

    grant_instructor(charlie)
    response = client_for(client, charlie).post(
        f"/ko/classes/{klass.id}/assignments/", {"target": EXERCISE, "due": "2030-03-01"}
    )
    assert response.status_code == 404 and not Assignment.objects.exists()


def test_it_removes_an_assignment_for_the_instructor_only(client, alice, bob, klass, assignment):
    url = f"/ko/classes/{klass.id}/assignments/{assignment.id}/remove/"
    assert client_for(client, bob).post(url).status_code == 404
    assert client_for(client, alice).post(url).status_code == 302
    assert not Assignment.objects.exists()
