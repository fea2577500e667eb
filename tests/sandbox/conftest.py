"""A cast for the sandbox tests: alice owns, bob has no access, an anonymous visitor has a browser session.

Consumer tests drive the real ASGI application (origin check, cookies, sessions, auth) through
Channels' WebsocketCommunicator; async test bodies run with asyncio.run (no pytest plugin needed).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest
from channels.testing import WebsocketCommunicator
from django.test import Client

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
"""

BROKEN = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    ports:
    - containerport: 80
"""


@pytest.fixture(scope="session", autouse=True)
def compiled_translations() -> None:
    """Compile the catalogues like ./dev.sh does, when a .mo is missing or older than its .po."""
    import shutil
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for po in sorted((root / "locale").glob("*/LC_MESSAGES/django.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            if shutil.which("msgfmt") is None:
                pytest.fail("msgfmt is missing: apt-get install gettext (./dev.sh test installs it)")
            subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)
    from django.utils.translation import trans_real

    trans_real._translations = {}


def run(coroutine_function: Callable, *args: Any) -> Any:
    """Run an async test body on a loop of its own, in a thread (Playwright's sync API may own this thread's loop)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine_function(*args)).result()


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user("alice", password="alice-secret-42")


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user("bob", password="bob-secret-42")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def cookie_header(client: Client) -> tuple[bytes, bytes]:
    return b"cookie", "; ".join(f"{k}={v.value}" for k, v in client.cookies.items()).encode()


class Socket:
    """A websocket client of the real ASGI app, with helpers to read until a message matches."""

    def __init__(self, path: str, client: Client | None = None, lang: str | None = None, headers: list | None = None):
        from k8s_learn.asgi import application

        query = f"?lang={lang}" if lang else ""
        all_headers = [(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1")] + (headers or [])
        if client is not None:
            all_headers.append(cookie_header(client))
        self.communicator = WebsocketCommunicator(application, path + query, headers=all_headers)
        self.received: list[dict] = []

    async def connect(self) -> tuple[bool, int | None]:
        connected, code = await self.communicator.connect(timeout=10)
        return connected, code

    async def send(self, message: dict | str) -> None:
        await self.communicator.send_to(text_data=message if isinstance(message, str) else json.dumps(message))

    async def receive(self, timeout: float = 10) -> dict:
        output = await self.communicator.receive_output(timeout)
        if output["type"] == "websocket.close":
            message = {"type": "closed", "code": output.get("code")}
        else:
            message = json.loads(output["text"])
        self.received.append(message)
        return message

    async def until(self, predicate: Callable[[dict], bool], timeout: float = 10) -> dict:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            message = await self.receive(max(0.05, deadline - loop.time()))
            if predicate(message):
                return message

    async def close(self) -> None:
        await self.communicator.disconnect()


@pytest.fixture
def content_root(tmp_path):
    from tests.lessons.conftest import write_lesson

    write_lesson(tmp_path)
    return tmp_path
