"""Lesson page throughput and latency, served by daphne as in production.

    .venv/bin/python benchmarks/pages.py [--clients 20] [--warm-rounds 5] [--port 0]

Starts `daphne k8s_learn.asgi:application` on 127.0.0.1 with production settings (DJANGO_DEBUG=0, a
generated secret, a fresh SQLite database migrated first, static files collected to a temporary
STATIC_ROOT), then N client threads, each one visitor with its own session cookie and one keep-alive
connection, fetch every lesson page in both languages:

- cold: the first pass; every request is that visitor's first view of the page (a progress row is
  written) and the first request for each page in the process renders its Markdown;
- warm: --warm-rounds more passes over the same pages (repeat visits).

Prints requests per second and p50/p95/p99 latency per phase. Target (issue "Web app and a bilingual
course"): warm p95 < 50 ms with 20 clients on a 2-core machine. Requests stay on the loopback
interface; the server is stopped at the end whatever happens.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lessons.content import all_lessons  # noqa: E402  (plain Python: no Django needed)

HOST = "127.0.0.1"
PYTHON = ROOT / ".venv" / "bin" / "python"
DAPHNE = ROOT / ".venv" / "bin" / "daphne"


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) the server has used so far: a figure that other load on the machine hardly moves."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    server_cpu: float | None = None

    def report(self) -> str:
        done = len(self.latencies)
        if not done:
            return f"{self.name:5}: no successful requests; errors: {self.errors[:3]}"
        ordered = sorted(self.latencies)

        def pct(p: float) -> float:
            return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000

        return (
            f"{self.name:5}: {done:6d} requests in {self.seconds:6.2f} s = {done / self.seconds:7.1f} req/s   "
            f"p50 {pct(0.50):6.1f} ms   p95 {pct(0.95):6.1f} ms   p99 {pct(0.99):6.1f} ms   "
            f"max {ordered[-1] * 1000:6.1f} ms   mean {statistics.fmean(ordered) * 1000:6.1f} ms   "
            f"errors {len(self.errors)}"
            + (f"   server CPU {self.server_cpu / done * 1000:5.2f} ms/request" if self.server_cpu else "")
        )


class Visitor:
    """One browser: a keep-alive connection and the cookies the site set."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)

    def get(self, path: str) -> tuple[int, float]:
        headers = {
            "Accept-Language": "ko-KR,ko;q=0.9",
            "Host": HOST,
            # As behind the TLS-terminating proxy of a production deployment (SECURE_PROXY_SSL_HEADER).
            "X-Forwarded-Proto": "https",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        try:
            self.connection.request("GET", path, headers=headers)
            response = self.connection.getresponse()
            response.read()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
            raise
        elapsed = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.will_close:
            self.connection.close()
            self.connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        return response.status, elapsed

    def close(self) -> None:
        self.connection.close()


def run_phase(name: str, visitors: list[Visitor], paths: list[str], rounds: int, server_pid: int = 0) -> Phase:
    """Every visitor walks every path `rounds` times, starting at a different page so the load spreads."""
    phase = Phase(name)
    cpu_before = cpu_seconds(server_pid) if server_pid else None
    lock = threading.Lock()
    start_gate = threading.Barrier(len(visitors) + 1)

    def walk(number: int, visitor: Visitor) -> None:
        offset = number * len(paths) // len(visitors)
        order = paths[offset:] + paths[:offset]
        start_gate.wait()
        for _ in range(rounds):
            for path in order:
                try:
                    status, elapsed = visitor.get(path)
                except (http.client.HTTPException, OSError) as exc:
                    with lock:
                        phase.errors.append(f"{path}: {exc!r}")
                    continue
                with lock:
                    if status == 200:
                        phase.latencies.append(elapsed)
                    else:
                        phase.errors.append(f"{path}: HTTP {status}")

    threads = [threading.Thread(target=walk, args=(i, v), daemon=True) for i, v in enumerate(visitors)]
    for thread in threads:
        thread.start()
    start_gate.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    phase.seconds = time.perf_counter() - started
    cpu_after = cpu_seconds(server_pid) if server_pid else None
    if cpu_before is not None and cpu_after is not None:
        phase.server_cpu = cpu_after - cpu_before
    return phase


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_until_serving(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"daphne exited with code {server.returncode}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz-none", headers={"Host": HOST})
            connection.getresponse().read()
            connection.close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"daphne did not answer on {HOST}:{port} within {seconds:.0f} s")


def check_static_files(port: int) -> None:
    """The stylesheet a page links to is served (by WhiteNoise, with its hashed name) before measuring."""
    visitor = Visitor(port)
    try:
        visitor.connection.request("GET", "/ko/", headers={"Host": HOST, "X-Forwarded-Proto": "https"})
        page = visitor.connection.getresponse().read().decode()
        match = re.search(r'<link rel="stylesheet" href="([^"]+)"', page)
        if not match:
            raise SystemExit("the home page links no stylesheet")
        visitor.connection.request("GET", match.group(1), headers={"Host": HOST, "X-Forwarded-Proto": "https"})
        response = visitor.connection.getresponse()
        response.read()
        if response.status != 200 or "text/css" not in (response.getheader("Content-Type") or ""):
            raise SystemExit(f"{match.group(1)}: HTTP {response.status} {response.getheader('Content-Type')}")
    finally:
        visitor.close()


def production_env(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="k8s_learn.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS=HOST,
        SQLITE_PATH=str(workdir / "db.sqlite3"),
        DJANGO_STATIC_ROOT=str(workdir / "static"),
        LOG_LEVEL="WARNING",
    )
    return env


def prepare(env: dict[str, str]) -> None:
    for po in sorted((ROOT / "locale").glob("*/LC_MESSAGES/django.po")):  # what ./dev.sh does
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)
    for command in (["migrate", "--noinput", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"]):
        subprocess.run([str(PYTHON), "manage.py", *command], cwd=ROOT, env=env, check=True)


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--warm-rounds", type=int, default=5, help="passes over every page after the cold one")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args()

    slugs = [lesson.slug for lesson in all_lessons()]
    if not slugs:
        raise SystemExit("no lessons in lessons/content/")
    paths = [f"/{language}/lessons/{slug}/" for slug in slugs for language in ("ko", "en")]
    port = args.port or free_port()
    print(
        f"{len(slugs)} lessons, {len(paths)} pages; {args.clients} clients; daphne on {HOST}:{port}; "
        f"{os.cpu_count()} CPUs"
    )

    with tempfile.TemporaryDirectory(prefix="k8s-learn-bench-") as workdir:
        env = production_env(Path(workdir))
        prepare(env)
        log = open(Path(workdir) / "daphne.log", "w+")
        server = subprocess.Popen(
            [str(DAPHNE), "-b", HOST, "-p", str(port), "k8s_learn.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        visitors: list[Visitor] = []
        try:
            wait_until_serving(port, server)
            check_static_files(port)
            visitors = [Visitor(port) for _ in range(args.clients)]
            cold = run_phase("cold", visitors, paths, rounds=1, server_pid=server.pid)
            print(cold.report())
            warm = run_phase("warm", visitors, paths, rounds=args.warm_rounds, server_pid=server.pid)
            print(warm.report())
            failures = cold.errors + warm.errors
            if failures:
                print("first errors:", *failures[:5], sep="\n  ")
            p95 = sorted(warm.latencies)[int(0.95 * len(warm.latencies))] * 1000 if warm.latencies else float("inf")
            verdict = "meets" if p95 < 50 and not failures else "MISSES"
            print(f"target: warm p95 < 50 ms -> {p95:.1f} ms, {verdict} the target")
            if hasattr(os, "getloadavg"):
                print(
                    "load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f} on {} CPUs; other load slows the "
                    "figures above, not the server CPU per request".format(*os.getloadavg(), os.cpu_count())
                )
        finally:
            for visitor in visitors:
                visitor.close()
            stop(server)
            log.seek(0)
            tail = log.read()[-2000:]
            log.close()
            if server.returncode not in (0, -signal.SIGTERM) and tail:
                print("daphne log (tail):\n" + tail)


if __name__ == "__main__":
    main()
