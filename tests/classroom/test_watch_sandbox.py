"""An instructor watches a student's live sandbox read-only; nobody else sees it at all.

alice teaches bob; charlie is bob's classmate; dave teaches another class (bob is not in it).
Pages and sockets go through the real views and the real ASGI stack.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from classroom.models import Membership
from sandbox import services
from sandbox.models import Sandbox
from tests.sandbox.conftest import DEPLOYMENT, Socket, logged_in, run

from .conftest import client_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def classmate(klass, charlie) -> User:
    Membership.objects.create(klass=klass, student=charlie)
    return charlie


@pytest.fixture
def sandbox(bob) -> Sandbox:
    return services.new_sandbox({"user": bob})


# --- the page ---------------------------------------------------------------------------------------


def test_the_instructor_sees_the_students_sandbox_read_only(client, alice, klass, sandbox):
    response = client_for(client, alice).get(f"/en/sandbox/{sandbox.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="watch-banner"' in page and "Watching bob’s sandbox (read-only)" in page
    assert 'class="live read-only"' in page and 'data-mode="watch"' in page
    assert 'class="live-input" hidden' in page, "no editor and no console for a watcher"
    assert 'id="reset-sandbox"' not in page and 'id="new-sandbox"' not in page


def test_the_banner_speaks_korean_on_korean_pages(client, alice, klass, sandbox):
    page = client_for(client, alice).get(f"/ko/sandbox/{sandbox.pk}/").content.decode()
    assert "bob의 샌드박스를 읽기 전용으로 보는 중입니다" in page


def test_the_owner_still_drives_their_sandbox(client, bob, klass, sandbox):
    page = client_for(client, bob).get(f"/en/sandbox/{sandbox.pk}/").content.decode()
    assert 'data-mode="drive"' in page and 'id="reset-sandbox"' in page and "watch-banner" not in page


@pytest.mark.parametrize("who", ["dave", "classmate", "anonymous"])
def test_everyone_else_gets_404_for_the_page_and_the_diagram(client, klass, sandbox, dave, classmate, who):
    if who != "anonymous":
        client.force_login(dave if who == "dave" else classmate)
    assert client.get(f"/en/sandbox/{sandbox.pk}/").status_code == 404
    assert client.get(f"/en/sandbox/{sandbox.pk}/diagram.svg").status_code == 404


def test_the_instructor_of_a_student_who_left_the_class_gets_404(client, alice, bob, klass, sandbox):
    klass.memberships.filter(student=bob).delete()
    assert client_for(client, alice).get(f"/en/sandbox/{sandbox.pk}/").status_code == 404


def test_the_instructor_sees_the_diagram(client, alice, klass, sandbox):
    response = client_for(client, alice).get(f"/en/sandbox/{sandbox.pk}/diagram.svg")
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")


def test_the_instructor_cannot_reset_the_students_sandbox(client, alice, klass, sandbox):
    services.apply_to_sandbox(sandbox, DEPLOYMENT, "en")
    version = Sandbox.objects.get(pk=sandbox.pk).version
    teacher = client_for(client, alice)
    assert teacher.post(f"/en/sandbox/{sandbox.pk}/reset/").status_code == 404
    assert teacher.post(f"/en/sandbox/{sandbox.pk}/reset/", headers={"HX-Request": "true"}).status_code == 404
    assert Sandbox.objects.get(pk=sandbox.pk).version == version


# --- the links ------------------------------------------------------------------------------------------


def test_the_dashboard_links_each_student_to_their_latest_sandbox(client, alice, bob, klass, assignment, sandbox):
    older = services.new_sandbox({"user": bob})
    Sandbox.objects.filter(pk=older.pk).update(updated=sandbox.updated.replace(year=2020))
    page = client_for(client, alice).get(f"/en/classes/{klass.id}/").content.decode()
    assert f'href="/en/sandbox/{sandbox.pk}/" class="watch-link' in page
    assert str(older.pk) not in page


def test_the_submission_page_links_the_instructor_not_the_student_to_the_sandbox(
    client, alice, bob, klass, assignment, sandbox
):
    from lessons.models import Submission

    submission = Submission.objects.create(
        user=bob, exercise=assignment.target, text="x", score=1, max_score=8, results={}, content_hash="x"
    )
    url = f"/en/classes/{klass.id}/submissions/{submission.id}/"
    assert f'href="/en/sandbox/{sandbox.pk}/" id="watch-sandbox"' in client_for(client, alice).get(url).content.decode()
    client.logout()
    assert "watch-sandbox" not in client_for(client, bob).get(url).content.decode()


# --- the websocket ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        {"action": "apply", "yaml": DEPLOYMENT},
        {"action": "kubectl", "line": "delete node node01"},
        {"action": "fault", "fault": "fail-node", "target": "node01"},
        {"action": "speed", "value": 20},
        {"action": "step"},
    ],
    ids=lambda m: m["action"],
)
def test_a_watching_instructor_cannot_change_the_sandbox_over_the_websocket(alice, klass, sandbox, message):
    teacher = logged_in(alice)
    version = Sandbox.objects.get(pk=sandbox.pk).version

    async def body():
        socket = Socket(f"/ws/sandbox/{sandbox.pk}/", teacher, lang="en")
        await socket.connect()
        state = await socket.receive()
        await socket.send(message)
        error = await socket.until(lambda m: m["type"] == "error")
        await socket.close()
        return state, error

    state, error = run(body)
    assert state["mode"] == "watch"
    assert error == {
        "type": "error",
        "code": "read_only",
        "message": "You are watching this sandbox: only its owner can change it.",
    }
    stored = Sandbox.objects.get(pk=sandbox.pk)
    assert stored.version == version and stored.speed == 1


def test_the_refusal_speaks_korean_on_korean_pages(alice, klass, sandbox):
    teacher = logged_in(alice)

    async def body():
        socket = Socket(f"/ws/sandbox/{sandbox.pk}/", teacher, lang="ko")
        await socket.connect()
        await socket.receive()
        await socket.send({"action": "kubectl", "line": "get pods"})
        error = await socket.until(lambda m: m["type"] == "error")
        await socket.close()
        return error

    assert run(body)["message"] == "이 샌드박스를 보고만 있습니다. 바꿀 수 있는 사람은 주인뿐입니다."


def test_the_instructor_sees_the_students_commands_live(alice, bob, klass, sandbox):
    teacher, student = logged_in(alice), logged_in(bob)

    async def body():
        driving = Socket(f"/ws/sandbox/{sandbox.pk}/", student)
        watching = Socket(f"/ws/sandbox/{sandbox.pk}/", teacher)
        await driving.connect()
        await driving.receive()
        await watching.connect()
        assert (await watching.receive())["mode"] == "watch"
        await driving.send({"action": "apply", "yaml": DEPLOYMENT})
        frames = await watching.until(
            lambda m: m["type"] == "frames"
            and any(f["type"] == "object" and f["kind"] == "Deployment" for f in m.get("frames", ()))
        )
        await driving.close()
        await watching.close()
        return frames

    assert run(body)


@pytest.mark.parametrize("who", ["dave", "classmate"])
def test_everyone_else_is_refused_on_the_websocket(klass, sandbox, dave, classmate, who):
    other = logged_in(dave if who == "dave" else classmate)

    async def body():
        socket = Socket(f"/ws/sandbox/{sandbox.pk}/", other, lang="en")
        await socket.connect()
        error = await socket.receive()
        closed = await socket.receive()
        return error["code"], closed["code"]

    assert run(body) == ("not_found", 4404)
