"""Load test of the live sandbox: N websocket clients against one real daphne server on loopback.

Each client is an anonymous visitor with its own sandbox (opened through the playground page, so
it has a session cookie). All clients connect first; then, together, each sets 20x speed, applies a
3-replica Deployment and reads frames until its three pods are Running (or the timeout).

Reported per N: p50/p95 latency from the apply to the first frames message and to "all Running",
frames lost (gaps in the sequence numbers a client saw; must be 0), the server's CPU time and
resident memory from /proc, and memory per connected sandbox (RSS growth / N).

    .venv/bin/python benchmarks/ws_load.py                 # N = 50, 200, 500
    .venv/bin/python benchmarks/ws_load.py --clients 200 --timeout 60

Bounded (every wait has a timeout), loopback only, and the server is always stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.sandbox import servers  # noqa: E402

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


def open_playground(base_url: str) -> tuple[str, str]:
    """(websocket path, Cookie header) of a new anonymous visitor's playground."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base_url}/en/sandbox/", timeout=30) as response:
        html = response.read().decode()
    path = re.search(r'data-ws="([^"]+)"', html).group(1)
    return path, "; ".join(f"{c.name}={c.value}" for c in jar)


class Client:
    def __init__(self, base_url: str, ws_base: str, path: str, cookie: str):
        self.base_url, self.url, self.cookie = base_url, ws_base + path, cookie
        self.first_frame: float | None = None
        self.all_running: float | None = None
        self.lost = 0
        self.frames = 0
        self.error: str | None = None

    async def connect(self):
        from websockets.asyncio.client import connect

        self.ws = await connect(
            self.url,
            origin=self.base_url,
            additional_headers={"Cookie": self.cookie},
            open_timeout=60,
            max_size=2**22,
            ping_interval=None,
        )
        state = json.loads(await asyncio.wait_for(self.ws.recv(), 30))
        self.seq = state["seq"]

    async def run(self, start: asyncio.Event, timeout: float) -> None:
        await start.wait()
        pods: dict[str, str] = {}
        sent = time.perf_counter()
        await self.ws.send(json.dumps({"action": "speed", "value": 20}))
        await self.ws.send(json.dumps({"action": "apply", "yaml": DEPLOYMENT}))
        deadline = sent + timeout
        try:
            while self.all_running is None:
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    self.error = "timeout"
                    return
                message = json.loads(await asyncio.wait_for(self.ws.recv(), remaining))
                if message["type"] == "error":
                    self.error = message["code"]
                    return
                if message["type"] != "frames":
                    continue
                if message.get("reset"):
                    self.seq = message["seq"]
                    continue
                if self.first_frame is None:
                    self.first_frame = time.perf_counter() - sent
                for frame in message["frames"]:
                    if frame["seq"] > self.seq + 1:
                        self.lost += frame["seq"] - self.seq - 1
                    self.seq = max(self.seq, frame["seq"])
                    self.frames += 1
                    if frame["type"] == "object" and frame["kind"] == "Pod":
                        if frame["op"] == "DELETED":
                            pods.pop(frame["name"], None)
                        else:
                            pods[frame["name"]] = frame["summary"].get("status")
                if len(pods) == 3 and all(status == "Running" for status in pods.values()):
                    self.all_running = time.perf_counter() - sent
        except (asyncio.TimeoutError, TimeoutError):
            self.error = "timeout"
        except Exception as error:  # noqa: BLE001 - reported, never raised
            self.error = f"{type(error).__name__}: {error}"

    async def close(self) -> None:
        try:
            await asyncio.wait_for(self.ws.close(), 5)
        except Exception:  # noqa: BLE001
            pass


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


async def round_of(server: servers.Daphne, n: int, timeout: float) -> dict:
    with ThreadPoolExecutor(max_workers=16) as pool:
        loop = asyncio.get_running_loop()
        pages = await asyncio.gather(*(loop.run_in_executor(pool, open_playground, server.url) for _ in range(n)))
    before = servers.process_stats(server.pid)
    clients = [Client(server.url, server.ws_url, path, cookie) for path, cookie in pages]
    for start in range(0, n, 50):  # connect in waves of 50 (a browser-like ramp, not a SYN flood)
        await asyncio.gather(*(c.connect() for c in clients[start : start + 50]))
    await asyncio.sleep(1.0)
    connected = servers.process_stats(server.pid)
    go = asyncio.Event()
    tasks = [asyncio.create_task(c.run(go, timeout)) for c in clients]
    started = time.perf_counter()
    go.set()
    await asyncio.wait_for(asyncio.gather(*tasks), timeout + 30)
    elapsed = time.perf_counter() - started
    after = servers.process_stats(server.pid)
    await asyncio.gather(*(c.close() for c in clients))
    first = [c.first_frame for c in clients if c.first_frame is not None]
    running = [c.all_running for c in clients if c.all_running is not None]
    errors: dict[str, int] = {}
    for c in clients:
        if c.error:
            errors[c.error] = errors.get(c.error, 0) + 1
    return {
        "clients": n,
        "first_frame_ms": {"p50": percentile(first, 0.5) * 1000, "p95": percentile(first, 0.95) * 1000},
        "all_running_ms": {"p50": percentile(running, 0.5) * 1000, "p95": percentile(running, 0.95) * 1000},
        "reached_running": len(running),
        "frames": sum(c.frames for c in clients),
        "frames_lost": sum(c.lost for c in clients),
        "errors": errors,
        "server_cpu_seconds": after["cpu_seconds"] - connected["cpu_seconds"],
        "server_cpu_percent": 100 * (after["cpu_seconds"] - connected["cpu_seconds"]) / elapsed,
        "server_rss_mib": after["rss_mib"],
        "rss_per_connected_sandbox_kib": (connected["rss_mib"] - before["rss_mib"]) * 1024 / n,
        # ... and once every sandbox runs its Deployment (three pods, the frame log of the run)
        "rss_per_running_sandbox_kib": (after["rss_mib"] - before["rss_mib"]) * 1024 / n,
        "wall_seconds": elapsed,
    }


def report(row: dict) -> str:
    return (
        f"N={row['clients']:4d}  first frame p50 {row['first_frame_ms']['p50']:7.1f} ms  p95 {row['first_frame_ms']['p95']:7.1f} ms"
        f"  | all Running p50 {row['all_running_ms']['p50']:7.1f} ms  p95 {row['all_running_ms']['p95']:7.1f} ms"
        f" ({row['reached_running']}/{row['clients']})  | frames {row['frames']} lost {row['frames_lost']}"
        f"  | server CPU {row['server_cpu_seconds']:.1f} s ({row['server_cpu_percent']:.0f}%)  RSS {row['server_rss_mib']:.0f} MiB"
        f"  {row['rss_per_connected_sandbox_kib']:.0f} KiB/sandbox connected,"
        f" {row['rss_per_running_sandbox_kib']:.0f} KiB running"
        + (f"  errors {row['errors']}" if row["errors"] else "")
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[50, 200, 500])
    parser.add_argument("--timeout", type=float, default=60.0, help="per client, seconds (default 60)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="ws-load-") as folder:
        env = servers.sqlite_env(Path(folder) / "db.sqlite3", SANDBOX_CACHE_SIZE=str(max(args.clients) + 100))
        for n in args.clients:
            # A fresh server per round: memory and CPU figures are this round's alone.
            with servers.daphne(env, log_path=Path(folder) / f"daphne-{n}.log") as server:
                row = asyncio.run(round_of(server, n, args.timeout))
            rows.append(row)
            if not args.json:
                print(report(row), flush=True)
    if args.json:
        print(json.dumps(rows, indent=2))
    target = next((r for r in rows if r["clients"] == 200), None)
    if target is not None:
        ok = (
            target["first_frame_ms"]["p95"] < 100
            and target["frames_lost"] == 0
            and target["rss_per_running_sandbox_kib"] < 1024
        )
        print(
            f"target (200 clients: p95 first frame < 100 ms, 0 lost, < 1 MiB per sandbox): {'met' if ok else 'NOT met'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
