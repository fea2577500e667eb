"""`python -m k8s_learn.serve --workers N`: N daphne processes on one port, sharing one SQLite database."""

from __future__ import annotations

import http.client
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from k8s_learn.serve import connections_per_worker, worker_pids
from lessons.content import all_lessons
from tests.sandbox import servers

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds the workers through /proc")

HOST = "127.0.0.1"


@dataclass
class Served:
    process: subprocess.Popen
    port: int
    log: Path

    def pids(self, count: int, timeout: float = 30) -> list[int]:
        """The workers' pids, once there are `count` of them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pids = worker_pids(self.process.pid)
            if len(pids) == count:
                return pids
            time.sleep(0.1)
        raise AssertionError(f"expected {count} workers, found {worker_pids(self.process.pid)}")


@contextmanager
def serve(env: dict[str, str], tmp_path: Path, *args: str) -> Iterator[Served]:
    """Start the supervisor on a free port; it and its workers are always stopped afterwards."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    log = tmp_path / "serve.log"
    with open(log, "ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "k8s_learn.serve", "--bind", HOST, "--port", "0", *args],
            cwd=servers.ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 30
        while not (match := re.search(r"on http://[^:]+:(\d+)/", log.read_text())):
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        yield Served(process, int(match.group(1)), log)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def visit(served: Served, path: str, pids: list[int]) -> tuple[int, int | None]:
    """GET `path` on a new connection: (status, pid of the worker that answered)."""
    connection = http.client.HTTPConnection(HOST, served.port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": HOST})
        response = connection.getresponse()
        response.read()
        client_port = connection.sock.getsockname()[1]
        held = connections_per_worker(served.port, pids)
        return response.status, next((pid for pid, ports in held.items() if client_port in ports), None)
    finally:
        connection.close()


def first_lesson_path() -> str:
    return f"/en/lessons/{all_lessons()[0].slug}/"


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> tuple[dict[str, str], Path]:
    path = tmp_path_factory.mktemp("serve") / "db.sqlite3"
    return servers.sqlite_env(path), path


def test_both_workers_answer_on_the_one_port(database, tmp_path):
    env, _ = database
    with serve(env, tmp_path, "--workers", "2") as served:
        pids = served.pids(2)
        answered = set()
        for _ in range(60):  # the kernel picks a worker per new connection by a hash: both answer soon
            status, pid = visit(served, "/en/", pids)
            assert status == 200
            answered.add(pid)
            if answered == set(pids):
                break
        assert answered == set(pids)


def test_visitors_on_both_workers_all_have_their_progress_saved(database, tmp_path):
    """Twenty first visits at once, spread over two processes writing one SQLite file: no write is lost."""
    env, path = database
    lesson = first_lesson_path()
    with serve(env, tmp_path, "--workers", "2") as served:
        pids = served.pids(2)
        with ThreadPoolExecutor(max_workers=20) as pool:
            results = list(pool.map(lambda _: visit(served, lesson, pids), range(20)))
    assert [status for status, _ in results] == [200] * 20
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT count(*), count(read_at) FROM lessons_lessonprogress WHERE lesson = ? AND user_id IS NULL",
            (lesson.split("/")[3],),
        ).fetchone()
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert rows == (20, 20)


def test_sigterm_stops_the_supervisor_and_every_worker(database, tmp_path):
    env, _ = database
    with serve(env, tmp_path, "--workers", "2") as served:
        pids = served.pids(2)
        served.process.send_signal(signal.SIGTERM)  # the supervisor alone, not its process group
        assert served.process.wait(timeout=20) == 0
        assert not any(Path(f"/proc/{pid}").exists() for pid in pids)


def test_a_worker_that_dies_is_replaced(database, tmp_path):
    env, _ = database
    with serve(env, tmp_path, "--workers", "2", "--startup-grace", "0") as served:
        pids = served.pids(2)
        os.kill(pids[0], signal.SIGKILL)
        deadline = time.monotonic() + 30
        while (now := worker_pids(served.process.pid)) == pids or len(now) != 2:
            assert time.monotonic() < deadline, served.log.read_text()
            time.sleep(0.1)
        assert pids[1] in now and pids[0] not in now
        answered = {visit(served, "/en/", now)[0] for _ in range(6)}  # the new worker takes its share again
        assert answered == {200}


def test_a_worker_that_cannot_start_stops_the_supervisor(tmp_path):
    env = servers.server_env(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="", SQLITE_PATH=str(tmp_path / "db.sqlite3"))
    with serve(env, tmp_path, "--workers", "2") as served:
        assert served.process.wait(timeout=60) != 0
        assert "while starting" in served.log.read_text()
        assert "DJANGO_SECRET_KEY" in served.log.read_text()


def test_a_returning_visitor_gets_the_same_page_with_and_without_the_lesson_fast_path(database, tmp_path):
    """Two servers on one database, one serving repeat visits of lesson pages in front of Django (lesson_pages.py)."""
    from django.middleware.csrf import _unmask_cipher_token

    env, _ = database
    lesson, cookies, pages = first_lesson_path(), {}, []

    def get(served: Served) -> str:
        connection = http.client.HTTPConnection(HOST, served.port, timeout=30)
        try:
            cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
            connection.request("GET", lesson, headers={"Host": HOST, "Cookie": cookie})
            response = connection.getresponse()
            assert response.status == 200
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                cookies[name] = rest.split(";", 1)[0]
            return response.read().decode()
        finally:
            connection.close()

    with (
        serve({**env, "LESSON_FAST_PATH": "0"}, tmp_path / "django", "--workers", "1") as django,
        serve({**env, "LESSON_FAST_PATH": "1"}, tmp_path / "fast", "--workers", "1") as fast,
    ):
        get(django)  # the first visit writes the session, the CSRF cookie and the progress row
        pages = [get(fast), get(django)]
    tokens = [re.findall(r"\b[A-Za-z0-9]{64}\b", page) for page in pages]
    assert all(tokens) and {_unmask_cipher_token(t) for t in tokens[0] + tokens[1]} == {cookies["csrftoken"]}
    assert [re.sub(r"\b[A-Za-z0-9]{64}\b", "TOKEN", page) for page in pages] == [
        re.sub(r"\b[A-Za-z0-9]{64}\b", "TOKEN", pages[1])
    ] * 2
