"""Real ASGI servers for tests and benchmarks: daphne on a free loopback port, with its own database.

pytest-django's live_server is WSGI only, so websockets need this. The server and the test share
the database: a SQLite file (migrated first) or, for scale-out tests, a PostgreSQL database made
and dropped here. Every server is stopped (and its process group killed) when the block ends.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "SQLITE_PATH")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "k8s_learn.settings",
            "DJANGO_DEBUG": "1",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
            "DJANGO_ALLOW_ASYNC_UNSAFE": "",
        }
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 120) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"daphne exited with {process.returncode}: {process.stderr.read() if process.stderr else ''}"
            )
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"daphne did not listen on port {port} within {timeout} s")


class Daphne:
    def __init__(self, process: subprocess.Popen, port: int, env: dict[str, str]):
        self.process, self.port, self.env = process, port, env
        self.url = f"http://127.0.0.1:{port}"
        self.ws_url = f"ws://127.0.0.1:{port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def manage(self, *args: str) -> str:
        return manage(self.env, *args)


@contextmanager
def daphne(env: dict[str, str], port: int | None = None, log_path: Path | None = None) -> Iterator[Daphne]:
    """Serve k8s_learn.asgi on 127.0.0.1 with ``env``; always stopped afterwards."""
    port = port or free_port()
    log = open(log_path, "w") if log_path else subprocess.DEVNULL  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [PYTHON, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "--proxy-headers", "k8s_learn.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log if log_path else subprocess.PIPE,
        start_new_session=True,
    )
    try:
        wait_for_port(port, process)
        yield Daphne(process, port, env)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        if log_path:
            log.close()


def sqlite_env(path: Path, **extra: str) -> dict[str, str]:
    """An environment whose database is a fresh, migrated SQLite file at ``path``."""
    env = server_env(SQLITE_PATH=str(path), **extra)
    manage(env, "migrate", "--noinput")
    return env


# --- the scale-out pieces: PostgreSQL and Redis -----------------------------------------------------

POSTGRES_ADMIN = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def postgres_problem() -> str | None:
    """Why PostgreSQL cannot be used (None when it can)."""
    if not reachable("127.0.0.1", 5432):
        return "PostgreSQL is not listening on 127.0.0.1:5432"
    try:
        import psycopg

        with psycopg.connect(POSTGRES_ADMIN, connect_timeout=3, autocommit=True) as conn:
            conn.execute("select 1")
    except Exception as error:  # noqa: BLE001
        return f"cannot connect to PostgreSQL as {POSTGRES_ADMIN}: {error}"
    return None


def redis_problem() -> str | None:
    if not reachable("127.0.0.1", 6379):
        return "Redis is not listening on 127.0.0.1:6379"
    return None


@contextmanager
def postgres_database(name: str) -> Iterator[str]:
    """A database created for the test and dropped afterwards; yields its DATABASE_URL."""
    import psycopg

    admin = psycopg.connect(POSTGRES_ADMIN, autocommit=True)
    try:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        yield POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def process_stats(pid: int) -> dict[str, float]:
    """CPU seconds (user + system) and resident memory (MiB) of a process, from /proc."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    with open(f"/proc/{pid}/status") as handle:
        rss = next(int(line.split()[1]) for line in handle if line.startswith("VmRSS:")) / 1024
    return {"cpu_seconds": cpu, "rss_mib": rss}


def read_until(ws, predicate, timeout: float = 15) -> dict:
    """The first JSON message on websocket ``ws`` for which ``predicate`` holds (TimeoutError after ``timeout`` s)."""
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("no matching message")
        message = json.loads(ws.recv(timeout=remaining))
        if predicate(message):
            return message


CLASS_PASSWORD = "kube-rocks-42!"


def live_class(env: dict[str, str], exercise: str, name: str) -> tuple[int, int]:
    """In the server's database: instructor alice, her class ``name`` with student bob and ``exercise``
    assigned (both log in with CLASS_PASSWORD); returns (class id, bob's id)."""
    script = f"""
from datetime import timedelta
from django.contrib.auth.models import User
from django.utils import timezone
from classroom.models import Class, Membership
from classroom.roles import grant_instructor
alice = User.objects.create_user("alice", password={CLASS_PASSWORD!r})
grant_instructor(alice)
bob = User.objects.create_user("bob", password={CLASS_PASSWORD!r})
klass = Class.objects.create(name={name!r}, instructor=alice)
Membership.objects.create(klass=klass, student=bob)
klass.assignments.create(target={exercise!r}, due=timezone.now() + timedelta(days=7))
print(klass.id, bob.id)
"""
    class_id, bob_id = map(int, manage(env, "shell", "-c", script).strip().splitlines()[-1].split())
    return class_id, bob_id
