"""Real servers, real sockets: daphne on loopback and a websocket client, then two workers behind Redis + PostgreSQL."""

from __future__ import annotations

import json
import re
import time
import urllib.request
import uuid
from http.cookiejar import CookieJar

import pytest
from websockets.sync.client import connect

from . import servers
from .servers import read_until
from .conftest import DEPLOYMENT

pytestmark = pytest.mark.slow


class Browser:
    """Just enough of a browser: a cookie jar for the session, the page's websocket address."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def open_playground(self, language: str = "en") -> str:
        with self.opener.open(f"{self.base_url}/{language}/sandbox/", timeout=20) as response:
            html = response.read().decode()
        return re.search(r'data-ws="([^"]+)"', html).group(1)

    def cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def websocket(self, ws_base: str, path: str, origin: str | None = None):
        return connect(
            ws_base + path,
            origin=origin or self.base_url,
            additional_headers={"Cookie": self.cookie()},
            open_timeout=10,
            max_size=2**22,
        )



def has_deployment(message: dict) -> bool:
    return message["type"] == "frames" and any(
        f["type"] == "object" and f["kind"] == "Deployment" and f["name"] == "web" for f in message.get("frames", ())
    )


def test_apply_over_a_real_daphne_server_returns_result_and_frames(tmp_path):
    env = servers.sqlite_env(tmp_path / "db.sqlite3")
    with servers.daphne(env) as server:
        browser = Browser(server.url)
        path = browser.open_playground()
        with browser.websocket(server.ws_url, path) as ws:
            state = json.loads(ws.recv(timeout=10))
            assert state["type"] == "frames" and state["reset"] and state["mode"] == "drive"
            started = time.monotonic()
            ws.send(json.dumps({"action": "apply", "yaml": DEPLOYMENT}))
            seen: list[dict] = []
            read_until(
                ws,
                lambda m: seen.append(m)
                or (any(has_deployment(x) for x in seen) and any(x["type"] == "result" for x in seen)),
            )
            assert time.monotonic() - started < 5
            frames = next(m for m in seen if has_deployment(m))
            result = next(m for m in seen if m["type"] == "result")
            assert frames["frames"][0]["seq"] == state["seq"] + 1
            assert (result["action"], result["exit_code"], result["output"]) == (
                "apply",
                0,
                "deployment.apps/web created",
            )
        # A stranger is refused: error frame first, then close code 4403 (no identity) or 4404.
        with connect(server.ws_url + path, origin=server.url, open_timeout=10) as ws:
            assert json.loads(ws.recv(timeout=10))["code"] == "forbidden"
            with pytest.raises(Exception):
                ws.recv(timeout=10)
            assert ws.close_code == 4403


def test_a_watcher_on_another_worker_receives_the_drivers_frames(tmp_path):
    """Scale-out: two daphne workers share PostgreSQL and a Redis channel layer; frames fan out across them."""
    problem = servers.redis_problem() or servers.postgres_problem()
    if problem:
        pytest.skip(f"scale-out needs Redis and PostgreSQL on loopback: {problem}")
    name = f"k8slearn_test_{uuid.uuid4().hex[:10]}"
    with servers.postgres_database(name) as database_url:
        env = servers.server_env(DATABASE_URL=database_url, REDIS_URL=f"{servers.REDIS}/7")
        servers.manage(env, "migrate", "--noinput")
        with servers.daphne(env) as worker_a, servers.daphne(env) as worker_b:
            browser = Browser(worker_a.url)
            path = browser.open_playground()  # the session lives in PostgreSQL: both workers know it
            with (
                browser.websocket(worker_a.ws_url, path) as driver,
                browser.websocket(worker_b.ws_url, path, origin=worker_b.url) as watcher,
            ):
                driver_state = json.loads(driver.recv(timeout=10))
                watcher_state = json.loads(watcher.recv(timeout=10))
                assert driver_state["reset"] and watcher_state["reset"]
                time.sleep(0.5)  # both have joined the group
                driver.send(json.dumps({"action": "apply", "yaml": DEPLOYMENT}))
                frames = read_until(watcher, has_deployment)
                assert frames["frames"][0]["seq"] > watcher_state["seq"]
                # ... and the other way round: a command on worker B reaches the tab on worker A.
                watcher.send(json.dumps({"action": "kubectl", "line": "scale deployment web --replicas=2"}))
                result = read_until(watcher, lambda m: m["type"] == "result" and m["action"] == "kubectl")
                assert result["exit_code"] == 0, result["output"]
                read_until(
                    driver,
                    lambda m: m["type"] in ("frames",)
                    and any(
                        f["type"] == "object" and f["kind"] == "Deployment" and f["summary"].get("replicas") == 2
                        for f in m.get("frames", ())
                    )
                    or (
                        m.get("reset")
                        and any(
                            o["kind"] == "Deployment" and o["summary"].get("replicas") == 2
                            for o in m.get("objects", ())
                        )
                    ),
                )


def test_a_restarted_server_resumes_the_sandbox_where_it_was(tmp_path):
    env = servers.sqlite_env(tmp_path / "db.sqlite3")
    with servers.daphne(env) as server:
        browser = Browser(server.url)
        path = browser.open_playground()
        with browser.websocket(server.ws_url, path) as ws:
            json.loads(ws.recv(timeout=10))
            ws.send(json.dumps({"action": "speed", "value": 20}))
            ws.send(json.dumps({"action": "apply", "yaml": DEPLOYMENT}))
            read_until(ws, lambda m: m["type"] == "result" and m["action"] == "apply")
            # the clock runs on: wait until the ReplicaSet's pods exist (however busy the machine is)
            read_until(ws, lambda m: m["type"] == "frames" and any(
                f["type"] == "object" and f["kind"] == "Pod" for f in m.get("frames", ())))
            # every command is saved before its result is sent: the pods are in the database now
            ws.send(json.dumps({"action": "kubectl", "line": "get pods"}))
            read_until(ws, lambda m: m["type"] == "result" and m["action"] == "kubectl")
    with servers.daphne(env) as server:  # a new process: nothing cached, everything from the database
        browser.base_url = server.url
        with browser.websocket(server.ws_url, path) as ws:
            state = json.loads(ws.recv(timeout=10))
            kinds = {o["kind"] for o in state["objects"]}
            assert {"Deployment", "ReplicaSet", "Pod"} <= kinds
            assert state["t"] > 0
