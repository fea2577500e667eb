"""The websocket protocol (ARCHITECTURE.md) through the real ASGI stack: origin check, cookies, sessions, auth."""

from __future__ import annotations

import asyncio

import pytest
from django.test import Client

from sandbox import consumers, services
from sandbox.models import Sandbox

from .conftest import BROKEN, DEPLOYMENT, Socket, logged_in, run

pytestmark = pytest.mark.django_db(transaction=True)


def is_result(action: str):
    return lambda m: m["type"] == "result" and m["action"] == action


def test_it_sends_the_current_state_on_connect(alice):
    client = logged_in(alice)
    sandbox = services.get_or_create_sandbox(_request(client, alice))

    async def body():
        socket = Socket(f"/ws/sandbox/{sandbox.pk}/", client)
        assert (await socket.connect())[0]
        state = await socket.receive()
        assert state["type"] == "frames" and state["reset"] is True and state["mode"] == "drive"
        assert sorted(o["name"] for o in state["objects"] if o["kind"] == "Node") == [
            "controlplane",
            "node01",
            "node02",
        ]
        await socket.close()

    run(body)


def test_apply_answers_with_a_result_and_frames(alice):
    client = logged_in(alice)
    sandbox = services.get_or_create_sandbox(_request(client, alice))

    async def body():
        socket = Socket(f"/ws/sandbox/{sandbox.pk}/", client)
        await socket.connect()
        state = await socket.receive()
        await socket.send({"action": "apply", "yaml": DEPLOYMENT})
        result = await socket.until(is_result("apply"))
        assert (result["exit_code"], result["output"], result["errors"]) == (0, "deployment.apps/web created", [])
        frames = await socket.until(lambda m: m["type"] == "frames")
        assert frames["frames"][0]["seq"] == state["seq"] + 1
        assert any(f["type"] == "object" and f["kind"] == "Deployment" and f["name"] == "web" for f in frames["frames"])
        await socket.close()

    run(body)
    assert Sandbox.objects.get(pk=sandbox.pk).version >= 1


def test_an_invalid_manifest_gives_errors_with_line_and_column(alice):
    client = logged_in(alice)
    sandbox = services.get_or_create_sandbox(_request(client, alice))

    async def body():
        socket = Socket(f"/ws/sandbox/{sandbox.pk}/", client, lang="en")
        await socket.connect()
        await socket.receive()
        await socket.send({"action": "apply", "yaml": BROKEN})
        result = await socket.until(is_result("apply"))
        assert result["exit_code"] == 1
        error = result["errors"][0]
        assert (error["line"], error["column"], error["path"]) == (10, 7, "spec.containers[0].ports[0].containerport")
        assert error["hint"] == "did you mean `containerPort`?"
        await socket.close()

    run(body)


def test_kubectl_output_looks_like_kubectl(alice):
    client = logged_in(alice)
    sandbox = services.get_or_create_sandbox(_request(client, alice))

    async def body():
        socket = Socket(f"/ws/sandbox/{sandbox.pk}/", client)
        await socket.connect()
        await socket.receive()
        await socket.send({"action": "kubectl", "line": "get nodes", "ref": 7})
        result = await socket.until(is_result("kubectl"))
        assert result["output"].splitlines()[0].split() == ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
        assert result["ref"] == 7 and result["exit_code"] == 0
        await socket.send({"action": "kubectl", "line": "get pod nothing-here"})
        result = await socket.until(is_result("kubectl"))
        assert result["exit_code"] == 1 and 'pods "nothing-here" not found' in result["output"]
        await socket.close()

    run(body)


def test_speed_and_step_drive_the_virtual_clock(alice, monkeypatch):
    monkeypatch.setattr(consumers, "TICK_SECONDS", 0.05)
    client = logged_in(alice)
    sandbox = services.get_or_create_sandbox(_request(client, alice))

    async def body():
        socket = Socket(f"/ws/sandbox/{sandbox.pk}/", client)
        await socket.connect()
        await socket.receive()
        await socket.send({"action": "speed", "value": 0})
        assert (await socket.until(is_result("speed")))["value"] == 0
        await socket.send({"action": "apply", "yaml": DEPLOYMENT})
        await socket.until(is_result("apply"))
        paused_at = services.load_cluster(sandbox).now
        await asyncio.sleep(0.4)
        assert services.load_cluster(sandbox).now == paused_at  # paused: time stands still
        seqs = []
        for _ in range(5):  # each step runs one timer: the controllers' work appears step by step
            await socket.send({"action": "step"})
            step = await socket.until(is_result("step"))
            assert step["exit_code"] == 0
            seqs.append(step["seq"])
        assert seqs[-1] > seqs[0]
        await socket.send({"action": "speed", "value": 20})
        await socket.until(is_result("speed"))
        await asyncio.sleep(0.5)
        assert services.load_cluster(sandbox).now >= paused_at + 3  # about 20 x 0.5 s
        await socket.send({"action": "speed", "value": 3})
        error = await socket.until(lambda m: m["type"] == "error")
        assert error["code"] == "bad_speed"
        await socket.close()

    run(body)
    assert Sandbox.objects.get(pk=sandbox.pk).speed == 20
    row = Sandbox.objects.get(pk=sandbox.pk)
    assert row.lease_holder == ""  # released on disconnect, after the last save
    assert row.virtual_time >= 3


def test_resume_returns_the_frames_a_client_missed(alice):
    client = logged_in(alice)
    sandbox = services.get_or_create_sandbox(_request(client, alice))

    async def body():
        socket = Socket(f"/ws/sandbox/{sandbox.pk}/", client)
        await socket.connect()
        state = await socket.receive()
        await socket.send({"action": "apply", "yaml": DEPLOYMENT})
        result = await socket.until(is_result("apply"))
        await socket.send({"action": "resume", "since": state["seq"]})
        answer = await socket.until(lambda m: m["type"] == "frames" and "seq" in m)
        seqs = [f["seq"] for f in answer["frames"]]
        assert seqs[0] == state["seq"] + 1 and seqs == sorted(seqs) and seqs[-1] >= result["seq"]
        # Too old (the log no longer has it): the full state instead.
        services.load_cluster(sandbox).frame_log._frames.popleft()
        await socket.send({"action": "resume", "since": 0})
        reset = await socket.until(lambda m: m["type"] == "frames" and m.get("reset"))
        assert any(o["kind"] == "Deployment" for o in reset["objects"])
        await socket.send({"action": "resume", "since": "x"})
        assert (await socket.until(lambda m: m["type"] == "error"))["code"] == "bad_request"
        await socket.close()

    run(body)


def test_an_anonymous_visitor_reaches_their_sandbox_through_the_session():
    client = Client()
    page = client.get("/en/sandbox/")
    sandbox_id = page.context["sandbox"].pk

    async def body():
        socket = Socket(f"/ws/sandbox/{sandbox_id}/", client)
        connected, _ = await socket.connect()
        assert connected
        assert (await socket.receive())["reset"] is True
        await socket.send({"action": "kubectl", "line": "get ns"})
        assert (await socket.until(is_result("kubectl")))["exit_code"] == 0
        await socket.close()

    run(body)


def test_another_user_is_refused_with_an_error_then_4404(alice, bob):
    sandbox = services.new_sandbox({"user": alice})
    client = logged_in(bob)

    async def body():
        socket = Socket(f"/ws/sandbox/{sandbox.pk}/", client, lang="en")
        await socket.connect()
        error = await socket.receive()
        assert error == {
            "type": "error",
            "code": "not_found",
            "message": "There is no such sandbox, or it is not yours.",
        }
        assert (await socket.receive())["code"] == 4404

    run(body)


def test_a_browser_without_identity_is_refused_with_4403(alice):
    sandbox = services.new_sandbox({"user": alice})

    async def body():
        socket = Socket(f"/ws/sandbox/{sandbox.pk}/", lang="ko")
        await socket.connect()
        error = await socket.receive()
        assert error["code"] == "forbidden" and "샌드박스" in error["message"]
        assert (await socket.receive())["code"] == 4403

    run(body)


def test_another_visitor_cannot_open_a_visitors_sandbox():
    owner = Client()
    sandbox_id = owner.get("/ko/sandbox/").context["sandbox"].pk
    stranger = Client()
    stranger.get("/ko/sandbox/")  # has a visitor id of its own

    async def body():
        socket = Socket(f"/ws/sandbox/{sandbox_id}/", stranger)
        await socket.connect()
        assert (await socket.receive())["code"] == "not_found"
        assert (await socket.receive())["code"] == 4404

    run(body)


def test_a_foreign_origin_is_refused(alice):
    client = logged_in(alice)
    sandbox = services.new_sandbox({"user": alice})

    async def body():
        socket = Socket(f"/ws/sandbox/{sandbox.pk}/", client)
        socket.communicator.scope["headers"] = [
            (k, b"http://evil.example" if k == b"origin" else v) for k, v in socket.communicator.scope["headers"]
        ]
        connected, _ = await socket.connect()
        assert not connected

    run(body)


def test_an_oversized_message_is_refused_and_the_connection_stays(alice):
    client = logged_in(alice)
    sandbox = services.new_sandbox({"user": alice})

    async def body():
        socket = Socket(f"/ws/sandbox/{sandbox.pk}/", client, lang="en")
        await socket.connect()
        await socket.receive()
        await socket.send({"action": "apply", "yaml": "x" * (consumers.MAX_MESSAGE_BYTES + 10)})
        error = await socket.until(lambda m: m["type"] == "error")
        assert error["code"] == "too_large" and "256 KiB" in error["message"]
        await socket.send({"action": "kubectl", "line": "get nodes"})
        assert (await socket.until(is_result("kubectl")))["exit_code"] == 0
        await socket.close()

    run(body)


def test_too_many_commands_per_second_are_refused_and_the_connection_stays(alice):
    client = logged_in(alice)
    sandbox = services.new_sandbox({"user": alice})

    async def body():
        socket = Socket(f"/ws/sandbox/{sandbox.pk}/", client, lang="en")
        await socket.connect()
        await socket.receive()
        for _ in range(int(consumers.RATE_BURST) + 5):
            await socket.send({"action": "kubectl", "line": "get ns"})
        results = errors = 0
        while results + errors < int(consumers.RATE_BURST) + 5:
            message = await socket.until(lambda m: m["type"] in ("result", "error"))
            if message["type"] == "error":
                assert message["code"] == "rate_limited"
                errors += 1
            else:
                results += 1
        assert errors >= 4 and results >= int(consumers.RATE_BURST)
        await asyncio.sleep(1 / consumers.RATE_PER_SECOND + 0.1)
        await socket.send({"action": "kubectl", "line": "get ns"})
        assert (await socket.until(is_result("kubectl")))["exit_code"] == 0
        await socket.close()

    run(body)


def test_malformed_messages_get_an_error_in_the_page_language(alice):
    client = logged_in(alice)
    sandbox = services.new_sandbox({"user": alice})

    async def body():
        socket = Socket(f"/ws/sandbox/{sandbox.pk}/", client, lang="ko")
        await socket.connect()
        await socket.receive()
        await socket.send("{not json")
        assert (await socket.receive())["code"] == "bad_request"
        await socket.send({"action": "dance"})
        error = await socket.receive()
        assert error["code"] == "bad_action" and "apply" in error["message"]
        await socket.send({"action": "fault", "fault": "delete-pod", "target": ""})
        error = await socket.receive()
        assert error["code"] == "bad_target" and any("\uac00" <= ch <= "\ud7a3" for ch in error["message"])
        await socket.close()

    run(body)


def test_a_second_tab_watches_the_frames_of_the_first(alice):
    client = logged_in(alice)
    sandbox = services.new_sandbox({"user": alice})

    async def body():
        first = Socket(f"/ws/sandbox/{sandbox.pk}/", client)
        second = Socket(f"/ws/sandbox/{sandbox.pk}/", client)
        await first.connect()
        await first.receive()
        await second.connect()
        await second.receive()
        await first.send({"action": "apply", "yaml": DEPLOYMENT})
        frames = await second.until(
            lambda m: m["type"] == "frames"
            and any(f["type"] == "object" and f["kind"] == "Deployment" for f in m["frames"])
        )
        assert frames["frames"][0]["seq"] >= 1
        await first.close()
        await second.close()

    run(body)


def test_one_connection_drives_and_another_takes_over_when_its_lease_expires(alice, monkeypatch):
    monkeypatch.setattr(consumers, "TICK_SECONDS", 0.05)
    monkeypatch.setattr(consumers, "LEASE_RENEW_SECONDS", 0.1)
    client = logged_in(alice)
    sandbox = services.new_sandbox({"user": alice})

    async def body():
        first = Socket(f"/ws/sandbox/{sandbox.pk}/", client)
        second = Socket(f"/ws/sandbox/{sandbox.pk}/", client)
        await first.connect()
        await first.receive()
        await asyncio.sleep(0.3)
        await second.connect()
        await second.receive()
        await asyncio.sleep(0.3)
        holder = await _lease_holder(sandbox.pk)
        assert holder  # exactly one of them holds it
        await first.close()
        await asyncio.sleep(0.5)
        assert await _lease_holder(sandbox.pk) not in ("", holder)  # the first released it; the second took it
        await second.close()

    run(body)


async def _lease_holder(pk) -> str:
    from channels.db import database_sync_to_async

    return await database_sync_to_async(lambda: Sandbox.objects.get(pk=pk).lease_holder)()


def _request(client: Client, user):
    """A request object carrying the client's user (what views hand to services)."""
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    request.session = client.session
    return request


def test_token_bucket_refills_with_time():
    now = [0.0]
    bucket = consumers.TokenBucket(rate=2, burst=2, clock=lambda: now[0])
    assert [bucket.take() for _ in range(3)] == [True, True, False]
    now[0] = 0.5
    assert bucket.take() and not bucket.take()


@pytest.mark.parametrize(
    ("query", "headers", "expected"),
    [
        (b"lang=en", [], "en"),
        (b"", [(b"accept-language", b"en-US,en;q=0.9")], "en"),
        (b"", [(b"accept-language", b"ko-KR")], "ko"),
        (b"", [], "ko"),
        (b"lang=fr", [], "ko"),
    ],
)
def test_the_language_comes_from_the_query_then_the_cookie_then_accept_language(query, headers, expected):
    assert consumers.scope_language({"query_string": query, "headers": headers, "cookies": {}}) == expected


def test_a_reset_from_the_page_redraws_every_tab(alice):
    client = logged_in(alice)
    sandbox = services.new_sandbox({"user": alice})
    services.apply_to_sandbox(sandbox, DEPLOYMENT, "en")

    async def body():
        from channels.db import database_sync_to_async

        socket = Socket(f"/ws/sandbox/{sandbox.pk}/", client)
        await socket.connect()
        state = await socket.receive()
        assert any(o["kind"] == "Deployment" for o in state["objects"])
        response = await database_sync_to_async(client.post)(
            f"/en/sandbox/{sandbox.pk}/reset/", headers={"HX-Request": "true"}
        )
        assert response.status_code == 204
        fresh = await socket.until(lambda m: m["type"] == "frames" and m.get("reset"))
        assert not any(o["kind"] == "Deployment" for o in fresh["objects"])
        await socket.close()

    run(body)


def test_a_watcher_sees_frames_but_cannot_change_the_sandbox(alice, bob, monkeypatch):
    """Whoever can_watch() allows connects read-only (the classroom's instructors: tests/classroom/test_watch_sandbox.py)."""
    from sandbox import access

    monkeypatch.setattr(access, "can_watch", lambda user, sandbox, learner=None: True)
    sandbox = services.new_sandbox({"user": alice})
    owner, watcher = logged_in(alice), logged_in(bob)

    async def body():
        driving = Socket(f"/ws/sandbox/{sandbox.pk}/", owner)
        watching = Socket(f"/ws/sandbox/{sandbox.pk}/", watcher, lang="en")
        await driving.connect()
        await driving.receive()
        await watching.connect()
        assert (await watching.receive())["mode"] == "watch"
        await watching.send({"action": "kubectl", "line": "delete deployment web"})
        error = await watching.until(lambda m: m["type"] == "error")
        assert error["code"] == "read_only"
        await driving.send({"action": "apply", "yaml": DEPLOYMENT})
        await watching.until(
            lambda m: m["type"] == "frames" and any(f["type"] == "object" and f["kind"] == "Deployment" for f in m["frames"])
        )
        await driving.close()
        await watching.close()

    run(body)
