"""Returning readers' lesson pages, served in front of Django (k8s_learn/lesson_pages.py): the page Django would give.

The fast path is compared with Django's own response for the same reader and request, and every page's CSRF
token must unmask to that reader's cookie. The tests are transactional: the fast path checks its database
connection as Django does between requests, which a test wrapped in a transaction would not survive.
"""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.models import Session
from django.middleware.csrf import _unmask_cipher_token
from django.http import HttpRequest
from django.test import Client
from django.utils import timezone

from k8s_learn import lesson_pages
from k8s_learn.lesson_pages import LessonPages
from lessons.content import get_lesson
from lessons.models import LessonProgress, Submission

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "13-deployments"
PATH = f"/en/lessons/{SLUG}/"
TOKEN = re.compile(r"\b[A-Za-z0-9]{64}\b")


@dataclass
class Served:
    headers: dict[str, str]
    cookies: list[str]
    body: str


def scope_for(client: Client, path: str = PATH, query: bytes = b"", method: str = "GET") -> dict:
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    return {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
        "path": path, "raw_path": path.encode(), "query_string": query, "root_path": "",
        "headers": [(b"host", b"testserver"), (b"cookie", cookie.encode())], "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }


def fast(client: Client, path: str = PATH) -> Served | None:
    """The fast path's answer to this client's GET of `path`; None when it leaves the request to Django."""
    response = lesson_pages.serve(scope_for(client, path))
    if response is None:
        return None
    headers, body = response
    return Served(
        headers={name.decode().lower(): value.decode() for name, value in headers},
        cookies=[value.decode() for name, value in headers if name.lower() == b"set-cookie"],
        body=body.decode(),
    )


def without_tokens(page: str, client: Client) -> str:
    """The page with its CSRF tokens blanked, once each is shown to unmask to this client's own secret."""
    tokens = TOKEN.findall(page)
    assert tokens, "the page carries a CSRF token"
    assert {_unmask_cipher_token(token) for token in tokens} == {client.cookies["csrftoken"].value}
    return TOKEN.sub("TOKEN", page)


def without_expiry(cookie: str) -> str:
    return re.sub(r"expires=[^;]+; ", "", cookie)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_returning_reader_gets_the_page_django_would_give_them(client, language):
    path = f"/{language}/lessons/{SLUG}/"
    client.get(path)  # the first visit: Django writes the session, the CSRF cookie and the progress row
    served = fast(client, path)
    django = client.get(path)
    assert served is not None
    assert f'<html lang="{language}">' in served.body
    assert without_tokens(served.body, client) == without_tokens(django.content.decode(), client)
    expected = {name.lower(): value for name, value in django.headers.items() if name.lower() != "set-cookie"}
    assert {name: value for name, value in served.headers.items() if name != "set-cookie"} == expected
    assert [without_expiry(c) for c in served.cookies] == [
        without_expiry(morsel.output(header="").strip()) for morsel in django.cookies.values()
    ]


def test_each_reader_sees_their_own_progress_and_answers(client):
    other = Client()
    for reader in (client, other):
        reader.get(PATH)
    question = get_lesson(SLUG).quiz[0]
    choice = question.choices[0]
    client.post(f"/en/lessons/{SLUG}/quiz/", {question.id: choice.id})
    mine, theirs = fast(client), fast(other)
    percent = LessonProgress.objects.get(visitor=client.session["k8s_learn_visitor"]).percent
    assert percent != 40
    assert f'name="{question.id}" value="{choice.id}" checked' in mine.body
    assert f"Progress: {percent}%" in mine.body
    assert " checked" not in theirs.body and "Progress: 40%" in theirs.body
    without_tokens(mine.body, client), without_tokens(theirs.body, other)


def test_logged_in_and_logged_out_readers_never_see_each_others_menu(client):
    alice = User.objects.create_user("alice", password="a-long-password-1")
    Submission.objects.create(
        user=alice, exercise=f"{SLUG}/rollback", text="", score=4, max_score=6, results={}, content_hash="x"
    )
    client.force_login(alice)
    anonymous = Client()
    for reader in (anonymous, client):
        reader.get(PATH)
    before, hers, after = fast(anonymous), fast(client), fast(anonymous)
    assert '<span class="user">alice</span>' in hers.body and 'action="/en/accounts/logout/"' in hers.body
    assert 'href="/en/classes/"' in hers.body and "your best: 4/6" in hers.body and "Log in" not in hers.body
    for page in (before, after):
        assert "alice" not in page.body and "Log out" not in page.body and 'href="/en/classes/"' not in page.body
        assert "your best" not in page.body
        assert f'href="/en/accounts/login/?next={PATH}"' in page.body
    without_tokens(hers.body, client), without_tokens(after.body, anonymous)


def expire_session(client: Client) -> None:
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))


def change_password(client: Client) -> None:
    alice = User.objects.get(username="alice")
    alice.set_password("another-password-2")
    alice.save()


def add_message(client: Client) -> None:
    session = client.session
    session["_messages"] = "[]"
    session.save()


def break_csrf_cookie(client: Client) -> None:
    client.cookies["csrftoken"] = "not-a-token"


def forget_progress(client: Client) -> None:
    LessonProgress.objects.all().delete()


@pytest.mark.parametrize(
    "change", [expire_session, change_password, add_message, break_csrf_cookie, forget_progress], ids=lambda f: f.__name__
)
def test_django_serves_the_page_when_something_needs_it(client, change):
    client.force_login(User.objects.create_user("alice", password="a-long-password-1"))
    client.get(PATH)
    assert fast(client) is not None
    change(client)
    assert fast(client) is None


def test_django_serves_a_first_visit(client):
    assert fast(client) is None
    client.get(f"/en/lessons/{SLUG}/exercises/rollback/")  # a session and a CSRF cookie, but this lesson not read
    assert fast(client) is None
    client.get(PATH)
    assert fast(client) is not None


def test_a_reader_whose_password_changed_is_logged_out_by_django(client):
    client.force_login(User.objects.create_user("alice", password="a-long-password-1"))
    client.get(PATH)
    change_password(client)
    page = client.get(PATH).content.decode()
    assert "alice" not in page and "Log in" in page


def test_it_turns_itself_off_for_middleware_it_does_not_know(settings):
    settings.LESSON_FAST_PATH = True
    assert lesson_pages.enabled()
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.lessons.some.UnknownMiddleware"]
    assert not lesson_pages.enabled()


def call(app, scope: dict) -> list[dict]:
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    with ThreadPoolExecutor(1) as thread:  # its own event loop: the browser tests leave one running in this thread
        thread.submit(asyncio.run, app(scope, receive, send)).result()
    return sent


def test_only_returning_readers_lesson_pages_skip_django(client, settings):
    settings.LESSON_FAST_PATH = True
    reached: list[str] = []

    async def django(scope, receive, send):
        reached.append(f"{scope['method']} {scope['path']}?{scope['query_string'].decode()}")
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    app = LessonPages(django)
    assert call(app, scope_for(client))[0]["status"] == 204  # a first visit
    client.get(PATH)
    sent = call(app, scope_for(client))
    assert sent[0]["status"] == 200 and b"Deployment" in sent[1]["body"]
    call(app, scope_for(client, query=b"x=1"))
    call(app, scope_for(client, method="POST"))
    call(app, scope_for(client, path="/en/lessons/"))
    settings.LESSON_FAST_PATH = False
    call(app, scope_for(client))
    assert reached == [f"GET {PATH}?", f"GET {PATH}?x=1", f"POST {PATH}?", "GET /en/lessons/?", f"GET {PATH}?"]


def test_a_pending_message_is_shown_once_by_django(client):
    client.get(PATH)
    client.cookies["messages"] = CookieStorage(HttpRequest())._encode([Message(constants.SUCCESS, "You joined a class.")])
    assert fast(client) is None
    assert '<li class="success">You joined a class.</li>' in client.get(PATH).content.decode()
    assert fast(client) is not None and "You joined" not in fast(client).body
