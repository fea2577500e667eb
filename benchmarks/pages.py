"""Lesson page throughput and latency, served by daphne as in production.

    .venv/bin/python benchmarks/pages.py [--clients 20] [--warm-rounds 5] [--workers 1,2] [--port 0]

For each worker count in --workers, starts `python -m k8s_learn.serve --workers N` (N daphne processes
on one port, see README.md) on 127.0.0.1 with production settings (DJANGO_DEBUG=0, a generated secret,
a fresh SQLite database migrated first, static files collected to a temporary STATIC_ROOT), waits
until every worker answers, then --clients visitors (one asyncio loop in this process), each with its
own cookies (session, CSRF) and one keep-alive connection, fetch every lesson page in both languages,
and every page is checked to be in the path's language and to carry that visitor's own CSRF token:

- cold: the first pass; every request is that visitor's first view of the page (a progress row is
  written) and the first request for each page in the process renders its Markdown;
- warm: --warm-rounds more passes over the same pages (repeat visits).

Prints requests per second, p50/p95/p99 latency and the CPU time per request of the server (all workers)
and of the clients per phase, how the clients' connections are spread over the workers, and the load average (the
clients run on the same machine; other load slows the latencies, hardly the CPU per request).
Target (issue "Web app and a bilingual course"): warm p95 < 50 ms with 20 clients on a 2-core
machine. Requests stay on the loopback interface; every server is stopped whatever happens.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import os
import re
import secrets
import signal
import statistics
import string
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from k8s_learn.serve import connections_per_worker, worker_pids  # noqa: E402  (no Django either)
from lessons.content import all_lessons  # noqa: E402  (plain Python: no Django needed)

HOST = "127.0.0.1"
PYTHON = ROOT / ".venv" / "bin" / "python"
TARGET_P95_MS = 50


def cpu_seconds(pids: list[int]) -> float | None:
    """CPU time (user + system) the server processes have used so far: a figure that other load hardly moves."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    server_cpu: float | None = None
    client_cpu: float | None = None

    def percentile(self, p: float) -> float:
        """Milliseconds; infinite when nothing succeeded."""
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else float("inf")

    def report(self) -> str:
        done = len(self.latencies)
        if not done:
            return f"{self.name:5}: no successful requests; errors: {self.errors[:3]}"
        ordered = sorted(self.latencies)
        pct = self.percentile

        return (
            f"{self.name:5}: {done:6d} requests in {self.seconds:6.2f} s = {done / self.seconds:7.1f} req/s   "
            f"p50 {pct(0.50):6.1f} ms   p95 {pct(0.95):6.1f} ms   p99 {pct(0.99):6.1f} ms   "
            f"max {ordered[-1] * 1000:6.1f} ms   mean {statistics.fmean(ordered) * 1000:6.1f} ms   "
            f"errors {len(self.errors)}"
            + (f"   server CPU {self.server_cpu / done * 1000:5.2f} ms/request" if self.server_cpu else "")
            + (f"   client CPU {self.client_cpu / done * 1000:5.2f} ms/request" if self.client_cpu else "")
        )


class Visitor:
    """One browser: a keep-alive connection and the cookies the site set.

    Plain asyncio streams rather than http.client in threads: the clients burn the same two cores as the
    server, and twenty threads of http.client cost more CPU per request than the server's fast path does.
    The requests are what a browser (and the earlier http.client version) sends.
    """

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, float, bytes]:
        cookie = "Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()) + "\r\n" if self.cookies else ""
        # As behind the TLS-terminating proxy of a production deployment (SECURE_PROXY_SSL_HEADER).
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nAccept-Encoding: identity\r\n"
            f"Accept-Language: ko-KR,ko;q=0.9\r\nX-Forwarded-Proto: https\r\n{cookie}\r\n"
        ).encode("latin-1")
        started = time.perf_counter()
        try:
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
            self.writer.write(request)
            status, headers, body = await asyncio.wait_for(read_response(self.reader), 30)
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError):
            self.close()
            raise
        elapsed = time.perf_counter() - started
        for name, value in headers:
            if name == "set-cookie":
                cookie_name, _, rest = value.partition("=")
                self.cookies[cookie_name.strip()] = rest.split(";", 1)[0]
            elif name == "connection" and value.lower() == "close":
                self.close()
        return status, elapsed, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def read_response(reader: asyncio.StreamReader) -> tuple[int, list[tuple[str, str]], bytes]:
    """Status, headers (names in lower case) and body of one HTTP/1.1 response."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    status = int(head[0].split(" ", 2)[1])
    headers = [(name.strip().lower(), value.strip()) for name, _, value in (line.partition(":") for line in head[1:] if line)]
    fields = dict(headers)
    if "content-length" in fields:
        return status, headers, await reader.readexactly(int(fields["content-length"]))
    if fields.get("transfer-encoding", "").lower() == "chunked":
        chunks = []
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)
        await reader.readuntil(b"\r\n")
        return status, headers, b"".join(chunks)
    raise ValueError("a response without a length")


CSRF_CHARS = string.ascii_letters + string.digits
HTML_LANG = re.compile(rb'<html lang="([a-z-]+)">')
CSRF_HEADER = re.compile(rb'hx-headers=\'\{"X-CSRFToken": "([A-Za-z0-9]{64})"\}\'')


def wrong_page(path: str, body: bytes, visitor: Visitor) -> str | None:
    """What is wrong with a lesson page for this visitor, if anything: its language, or a CSRF token not theirs.

    The token is masked differently on every page; unmasked (as django.middleware.csrf does) it must be the secret
    in the visitor's own csrftoken cookie, so a page served to the wrong reader is caught.
    """
    language = HTML_LANG.search(body, 0, 200)
    if not language or language.group(1).decode() != path.split("/")[1]:
        return f"{path}: the page is not in {path.split('/')[1]}"
    token = CSRF_HEADER.search(body)
    if not token:
        return f"{path}: no CSRF token on the page"
    token_text = token.group(1).decode()
    mask, cipher = token_text[:32], token_text[32:]
    secret = "".join(CSRF_CHARS[(CSRF_CHARS.index(c) - CSRF_CHARS.index(m)) % len(CSRF_CHARS)] for m, c in zip(mask, cipher))
    if secret != visitor.cookies.get("csrftoken"):
        return f"{path}: the page's CSRF token is not this visitor's"
    return None


def run_phase(
    name: str, visitors: list[Visitor], paths: list[str], rounds: int, server_pids: list[int], loop: asyncio.AbstractEventLoop
) -> Phase:
    """Every visitor walks every path `rounds` times, starting at a different page so the load spreads.

    The client CPU is this process's: the visitors' event loop and the checks of every page.
    """
    phase = Phase(name)

    async def walk(number: int, visitor: Visitor) -> None:
        offset = number * len(paths) // len(visitors)
        order = paths[offset:] + paths[:offset]
        for _ in range(rounds):
            for path in order:
                try:
                    status, elapsed, body = await visitor.get(path)
                except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ValueError) as exc:
                    phase.errors.append(f"{path}: {exc!r}")
                    continue
                problem = f"{path}: HTTP {status}" if status != 200 else wrong_page(path, body, visitor)
                if problem:
                    phase.errors.append(problem)
                else:
                    phase.latencies.append(elapsed)

    async def walk_all() -> None:
        await asyncio.gather(*(walk(i, v) for i, v in enumerate(visitors)))

    cpu_before, client_before = cpu_seconds(server_pids), time.process_time()
    started = time.perf_counter()
    loop.run_until_complete(walk_all())
    phase.seconds = time.perf_counter() - started
    phase.client_cpu = time.process_time() - client_before
    cpu_after = cpu_seconds(server_pids)
    if cpu_before is not None and cpu_after is not None:
        phase.server_cpu = cpu_after - cpu_before
    return phase


def listening_port(server: subprocess.Popen, log: Path, seconds: float = 30) -> int:
    """The port the server picked, from the line `python -m k8s_learn.serve` prints when it has bound it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        match = re.search(r"worker\(s\) on http://[^:]+:(\d+)/", log.read_text())
        if match:
            return int(match.group(1))
        if server.poll() is not None:
            raise SystemExit(f"the server exited with code {server.returncode}")
        time.sleep(0.1)
    raise SystemExit(f"the server did not say its port within {seconds:.0f} s")


def wait_until_serving(port: int, server: subprocess.Popen, workers: int, seconds: float = 60) -> list[int]:
    """Wait until each worker has answered a request (new connections land on random workers); their pids."""
    deadline = time.monotonic() + seconds
    answered: set[int] = set()
    pids: list[int] = []
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with code {server.returncode}")
        pids = worker_pids(server.pid)
        connection = http.client.HTTPConnection(HOST, port, timeout=2)
        try:
            connection.request("GET", "/healthz-none", headers={"Host": HOST})
            connection.getresponse().read()
            client_port = connection.sock.getsockname()[1] if connection.sock else -1
            answered.update(pid for pid, ports in connections_per_worker(port, pids).items() if client_port in ports)
            if len(pids) == workers and answered >= set(pids):
                return pids
        except OSError:
            time.sleep(0.2)
        finally:
            connection.close()
    raise SystemExit(
        f"{workers - len(answered)} of {workers} workers did not answer on {HOST}:{port} within {seconds:.0f} s"
    )


def check_static_files(port: int) -> None:
    """The stylesheet a page links to is served (by WhiteNoise, with its hashed name) before measuring."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", "/ko/", headers={"Host": HOST, "X-Forwarded-Proto": "https"})
        page = connection.getresponse().read().decode()
        match = re.search(r'<link rel="stylesheet" href="([^"]+)"', page)
        if not match:
            raise SystemExit("the home page links no stylesheet")
        connection.request("GET", match.group(1), headers={"Host": HOST, "X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        response.read()
        if response.status != 200 or "text/css" not in (response.getheader("Content-Type") or ""):
            raise SystemExit(f"{match.group(1)}: HTTP {response.status} {response.getheader('Content-Type')}")
    finally:
        connection.close()


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
    """SIGTERM to the supervisor and its workers (one process group), SIGKILL if they linger."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


@dataclass
class Result:
    workers: int
    cold: Phase
    warm: Phase


def measure(workers: int, args: argparse.Namespace, paths: list[str]) -> Result:
    """One configuration: a fresh database and server, cold pass, warm passes, server stopped."""
    print(f"\n-- {workers} worker{'s' if workers > 1 else ''}: python -m k8s_learn.serve --workers {workers}")
    with tempfile.TemporaryDirectory(prefix="k8s-learn-bench-") as workdir:
        env = production_env(Path(workdir))
        prepare(env)
        log = Path(workdir) / "server.log"
        with open(log, "ab") as output:  # append mode: the server's processes write, this one reads
            server = subprocess.Popen(
                [
                    str(PYTHON),
                    "-m",
                    "k8s_learn.serve",
                    "--workers",
                    str(workers),
                    "--bind",
                    HOST,
                    "--port",
                    str(args.port),
                ],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        visitors: list[Visitor] = []
        loop = asyncio.new_event_loop()
        try:
            port = listening_port(server, log)
            pids = wait_until_serving(port, server, workers)
            check_static_files(port)
            server_pids = [server.pid, *pids]
            visitors = [Visitor(port) for _ in range(args.clients)]
            cold = run_phase("cold", visitors, paths, rounds=1, server_pids=server_pids, loop=loop)
            print(cold.report())
            warm = run_phase("warm", visitors, paths, rounds=args.warm_rounds, server_pids=server_pids, loop=loop)
            print(warm.report())
            spread = connections_per_worker(port, pids)
            print(
                "       clients' connections per worker: "
                + ", ".join(f"pid {pid}: {len(ports)}" for pid, ports in spread.items())
            )
            failures = cold.errors + warm.errors
            if failures:
                print("first errors:", *failures[:5], sep="\n  ")
            if hasattr(os, "getloadavg"):
                print(
                    "       load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f} on {} CPUs".format(
                        *os.getloadavg(), os.cpu_count()
                    )
                )
            return Result(workers, cold, warm)
        finally:
            for visitor in visitors:
                visitor.close()
            loop.run_until_complete(asyncio.sleep(0))  # lets the transports close
            loop.close()
            stop(server)
            tail = log.read_text(errors="replace")[-2000:]
            if server.returncode not in (0, -signal.SIGTERM) and tail:
                print("server log (tail):\n" + tail)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--warm-rounds", type=int, default=5, help="passes over every page after the cold one")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts to measure in turn")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args()
    worker_counts = [int(n) for n in args.workers.split(",") if n.strip()]

    slugs = [lesson.slug for lesson in all_lessons()]
    if not slugs:
        raise SystemExit("no lessons in lessons/content/")
    paths = [f"/{language}/lessons/{slug}/" for slug in slugs for language in ("ko", "en")]
    print(f"{len(slugs)} lessons, {len(paths)} pages; {args.clients} clients; {os.cpu_count()} CPUs")

    results = [measure(workers, args, paths) for workers in worker_counts]
    print(f"\ntarget: warm p95 < {TARGET_P95_MS} ms with {args.clients} clients")
    for result in results:
        p95 = result.warm.percentile(0.95)
        ok = p95 < TARGET_P95_MS and not (result.cold.errors or result.warm.errors)
        print(
            f"  {result.workers} worker{'s' if result.workers > 1 else ' '}: warm p95 {p95:6.1f} ms, "
            f"{len(result.warm.latencies) / result.warm.seconds:6.1f} req/s -> {'meets' if ok else 'MISSES'} the target"
        )


if __name__ == "__main__":
    main()
