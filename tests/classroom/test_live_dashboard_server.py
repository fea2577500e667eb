"""Real servers, real sockets: a student's submission over HTTP reaches the instructor's dashboard socket.

Once with one daphne worker and the in-memory channel layer (the default), once with two workers behind
Redis (the instructor on one, the student on the other), both sharing one SQLite file.
"""

from __future__ import annotations

import json
import re
import time
import urllib.parse
import urllib.request
from contextlib import ExitStack
from http.cookiejar import CookieJar

import pytest
from websockets.sync.client import connect

from tests.sandbox import servers
from tests.sandbox.servers import CLASS_PASSWORD, live_class, read_until

from .conftest import EXERCISE, EXERCISE_PATH

pytestmark = pytest.mark.slow



class Browser:
    """A cookie jar that logs in through the login form and posts forms with the CSRF token."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def cookie(self, name: str | None = None) -> str:
        if name:
            return next(c.value for c in self.jar if c.name == name)
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def get(self, path: str) -> str:
        with self.opener.open(self.base_url + path, timeout=20) as response:
            return response.read().decode()

    def post(self, path: str, fields: dict) -> str:
        request = urllib.request.Request(
            self.base_url + path,
            data=urllib.parse.urlencode(fields).encode(),
            headers={"X-CSRFToken": self.cookie("csrftoken"), "Referer": self.base_url + path},
        )
        with self.opener.open(request, timeout=30) as response:
            return response.read().decode()

    def log_in(self, username: str) -> None:
        self.get("/en/accounts/login/")
        self.post("/en/accounts/login/", {"username": username, "password": CLASS_PASSWORD})
        assert "sessionid" in self.cookie(), f"{username} could not log in"
        self.get("/en/")  # the CSRF token changes at login: pick up the new one

    def websocket(self, ws_base: str, path: str):
        return connect(
            ws_base + path, origin=self.base_url, additional_headers={"Cookie": self.cookie()}, open_timeout=10
        )



def solution() -> str:
    from lessons.exercises import get_exercise

    exercise = get_exercise(EXERCISE)
    return exercise.solution, exercise.max_score


@pytest.mark.parametrize("layer", ["memory", "redis"])
def test_a_students_submission_reaches_the_instructors_socket(tmp_path, layer):
    extra = {}
    if layer == "redis":
        problem = servers.redis_problem()
        if problem:
            pytest.skip(f"needs Redis on loopback: {problem}")
        extra["REDIS_URL"] = f"{servers.REDIS}/11"
    env = servers.sqlite_env(tmp_path / "db.sqlite3", **extra)
    class_id, bob_id = live_class(env, EXERCISE, "쿠버네티스 실시간반")
    text, max_score = solution()
    with ExitStack() as stack:
        teacher_server = stack.enter_context(servers.daphne(env, log_path=tmp_path / "teacher.log"))
        student_server = (stack.enter_context(servers.daphne(env, log_path=tmp_path / "student.log"))
                          if layer == "redis" else teacher_server)
        teacher, student = Browser(teacher_server.url), Browser(student_server.url)
        teacher.log_in("alice")
        student.log_in("bob")
        page = teacher.get(f"/en/classes/{class_id}/")
        path = re.search(r'data-ws="([^"]+)"', page).group(1)
        assert path == f"/ws/classes/{class_id}/?lang=en"
        with teacher.websocket(teacher_server.ws_url, path) as ws:
            grid = json.loads(ws.recv(timeout=10))
            assert grid["type"] == "grid" and f'id="student-{bob_id}"' in grid["html"]
            assert f"{max_score}/{max_score}" not in grid["html"]
            started = time.monotonic()
            answer = student.post(f"/en/lessons/{EXERCISE_PATH}/submit/", {"text": text})
            assert "Full marks!" in answer
            row = read_until(ws, lambda m: m["type"] == "row" and m["student"] == bob_id, timeout=20)
            assert time.monotonic() - started < 10
            assert f"{max_score}/{max_score}" in row["html"]
        # The student cannot listen to the class: an error, then 4404.
        with student.websocket(student_server.ws_url, path) as ws:
            assert json.loads(ws.recv(timeout=10))["code"] == "not_found"
            with pytest.raises(Exception):
                ws.recv(timeout=10)
            assert ws.close_code == 4404
