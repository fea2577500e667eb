"""/ws/classes/<id>/: the instructor's gradebook follows submissions live; nobody else may listen.

The sockets go through the real ASGI stack (origin check, session cookie, auth) in this process, with the
configured channel layer; submissions go through the real exercise view, so the whole path from a
student's POST to the instructor's socket is covered. The cast: alice teaches, bob is her student,
charlie is a student elsewhere, dave teaches another class.
"""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth.models import User

from classroom import live
from classroom.models import Class, Membership
from lessons.exercises import get_exercise
from tests.sandbox.conftest import Socket, logged_in, run

from .conftest import EXERCISE, EXERCISE_PATH

pytestmark = pytest.mark.django_db(transaction=True)


def is_row(student):
    return lambda m: m["type"] == "row" and m["student"] == student.id


def refused(socket: Socket):
    """Connect, then read the error and the close: (error code, close code)."""

    async def body():
        await socket.connect()
        error = await socket.receive()
        closed = await socket.receive()
        return error.get("code"), closed.get("code")

    return body


def test_the_instructor_gets_the_grid_when_connecting(alice, bob, klass, assignment):
    teacher = logged_in(alice)

    async def body():
        socket = Socket(f"/ws/classes/{klass.id}/", teacher, lang="en")
        connected, _code = await socket.connect()
        assert connected
        grid = await socket.receive()
        await socket.close()
        return grid

    grid = run(body)
    assert grid["type"] == "grid"
    assert grid["html"].lstrip().startswith('<div id="grid"')
    assert f'id="student-{bob.id}"' in grid["html"] and ">bob" in grid["html"]


def test_a_submission_pushes_the_students_new_row_to_the_dashboard(alice, bob, klass, assignment):
    exercise = get_exercise(EXERCISE)
    student, teacher = logged_in(bob), logged_in(alice)

    async def body():
        socket = Socket(f"/ws/classes/{klass.id}/", teacher, lang="en")
        await socket.connect()
        before = await socket.receive()
        response = await database_sync_to_async(student.post)(
            f"/en/lessons/{EXERCISE_PATH}/submit/", {"text": exercise.solution}
        )
        assert response.status_code == 200
        row = await socket.until(is_row(bob))
        await socket.close()
        return before, row

    before, row = run(body)
    full = f"{exercise.max_score}/{exercise.max_score}"
    assert full not in before["html"]
    html = row["html"].strip()
    assert html.startswith(f'<tr id="student-{bob.id}"') and html.endswith("</tr>")
    assert full in html and 'class="cell full"' in html
    assert "/en/classes/" in html, "links in the row are in the page's language"


def test_a_submission_reaches_only_the_classes_that_assign_the_exercise(alice, bob, klass, dave):
    other = Class.objects.get(instructor=dave)
    Membership.objects.create(klass=other, student=bob)
    from datetime import timedelta

    from django.utils import timezone

    other.assignments.create(target=EXERCISE.split("/")[0], due=timezone.now() + timedelta(days=1))  # the lesson
    assert live.classes_assigning(bob.id, EXERCISE) == [other.id]
    assert live.classes_assigning(bob.id, "13-deployments/rollback") == []


def test_a_student_joining_pushes_the_whole_grid(alice, klass, assignment, charlie):
    teacher, newcomer = logged_in(alice), logged_in(charlie)

    async def body():
        socket = Socket(f"/ws/classes/{klass.id}/", teacher, lang="ko")
        await socket.connect()
        first = await socket.receive()
        response = await database_sync_to_async(newcomer.post)(f"/ko/join/{klass.join_code}/")
        assert response.status_code == 302
        grid = await socket.until(lambda m: m["type"] == "grid")
        await socket.close()
        return first, grid

    first, grid = run(body)
    assert f"student-{charlie.id}" not in first["html"]
    assert f'id="student-{charlie.id}"' in grid["html"]


def test_usernames_in_pushed_rows_are_escaped(alice, klass, assignment):
    evil = User.objects.create_user("<img src=x onerror=alert(1)>", password="x")
    Membership.objects.create(klass=klass, student=evil)
    html = live.render_row(klass, evil.id, "en")
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_another_instructor_is_refused_with_4404(klass, dave):
    error, closed = run(refused(Socket(f"/ws/classes/{klass.id}/", logged_in(dave), lang="en")))
    assert (error, closed) == ("not_found", 4404)


def test_a_student_of_the_class_is_refused_with_4404(klass, bob):
    error, closed = run(refused(Socket(f"/ws/classes/{klass.id}/", logged_in(bob), lang="en")))
    assert (error, closed) == ("not_found", 4404)


def test_a_browser_without_a_login_is_refused_with_4403(klass):
    error, closed = run(refused(Socket(f"/ws/classes/{klass.id}/", lang="en")))
    assert (error, closed) == ("forbidden", 4403)


def test_a_refused_socket_hears_nothing_of_the_class(alice, bob, klass, assignment, dave):
    """A refused connection never joined the group: a submission afterwards sends it nothing."""
    exercise = get_exercise(EXERCISE)
    stranger, student = logged_in(dave), logged_in(bob)

    async def body():
        socket = Socket(f"/ws/classes/{klass.id}/", stranger, lang="en")
        await socket.connect()
        await socket.receive()
        await socket.receive()
        await database_sync_to_async(student.post)(f"/en/lessons/{EXERCISE_PATH}/submit/", {"text": exercise.solution})
        assert await socket.communicator.receive_nothing(timeout=1)

    run(body)


def test_messages_from_the_client_are_refused_and_the_connection_stays(alice, klass, assignment):
    teacher = logged_in(alice)

    async def body():
        socket = Socket(f"/ws/classes/{klass.id}/", teacher, lang="ko")
        await socket.connect()
        await socket.receive()
        await socket.send({"action": "apply", "yaml": "kind: Pod"})
        error = await socket.receive()
        await socket.send("not json")
        again = await socket.receive()
        await socket.close()
        return error, again

    error, again = run(body)
    assert error["code"] == again["code"] == "read_only"
    assert "명령" in error["message"], "in the page's language"


def test_a_failing_channel_layer_does_not_fail_the_submission(alice, bob, klass, assignment, monkeypatch):
    class Broken:
        async def group_send(self, group, message):
            raise ConnectionError("redis is down")

    monkeypatch.setattr(live, "get_channel_layer", lambda: Broken())
    exercise = get_exercise(EXERCISE)
    response = logged_in(bob).post(f"/en/lessons/{EXERCISE_PATH}/submit/", {"text": exercise.solution})
    assert response.status_code == 200
    assert bob.submissions.get().score == exercise.max_score
