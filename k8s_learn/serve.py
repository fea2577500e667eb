"""Serve the site with several daphne worker processes on one port.

    .venv/bin/python -m k8s_learn.serve --workers 2 [--bind 127.0.0.1] [--port 8000] [DAPHNE OPTION ...]

One daphne process runs Python code on one core at a time (the GIL), so a machine with more cores
serves more pages with more processes. This supervisor binds one listening socket per worker, all
on the same port with SO_REUSEPORT, and starts one `daphne --fd` on each; the kernel deals new
connections out over the sockets by a hash of their addresses, evenly on average. (One socket shared by all workers spreads badly: a worker
accepts every connection that is waiting, so a burst of visitors lands on whichever worker woke
first.) A worker that crashes is started again; the supervisor keeps the sockets open meanwhile, so
connections wait for it instead of being refused. SIGTERM or SIGINT stops them all. Options the
supervisor does not know (e.g. `--proxy-headers`, `--access-log -`) go to every daphne as they are.

Several workers need state that every worker sees: sessions and progress already live in the
database (SQLite in WAL mode serialises the writes, PostgreSQL with `DATABASE_URL` scales
further), but websocket groups cross processes only through Redis (`REDIS_URL`), so without it
watchers of a live sandbox must be on the driver's worker; the supervisor warns about that.

With SQLite the supervisor also keeps one idle connection to the database open. Django opens and
closes a connection for every request under ASGI; when the last connection to a WAL database
closes, SQLite checkpoints and deletes the -wal and -shm files, and the next one creates them
again, which made each request ~0.2 ms of CPU (and ~0.4 ms of wall time) dearer. The idle
connection holds no lock and no transaction.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

APPLICATION = "k8s_learn.asgi:application"
# A worker that dies this soon after starting is broken (bad settings, missing secret key), not
# unlucky: restarting it would only loop, so the supervisor stops instead.
STARTUP_GRACE_SECONDS = 10.0
STOP_TIMEOUT_SECONDS = 10.0


def parse_args(argv: list[str] | None = None) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog="python -m k8s_learn.serve", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WEB_WORKERS", "1")),
        help="daphne processes (default: $WEB_WORKERS or 1); about one per core",
    )
    parser.add_argument("-b", "--bind", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("-p", "--port", type=int, default=8000, help="port to listen on; 0 picks a free one")
    parser.add_argument("--backlog", type=int, default=1024, help="listen queue length")
    parser.add_argument("--application", default=APPLICATION, help=f"ASGI application (default {APPLICATION})")
    parser.add_argument(
        "--startup-grace",
        type=float,
        default=STARTUP_GRACE_SECONDS,
        metavar="SECONDS",
        help="a worker that exits sooner after starting stops everything instead of being restarted",
    )
    args, daphne_args = parser.parse_known_args(argv)
    if args.workers < 1:
        parser.error("--workers must be 1 or more")
    return args, daphne_args


def listen(host: str, port: int, count: int, backlog: int) -> list[socket.socket]:
    """`count` listening sockets on one port (the first picks it when `port` is 0), inheritable by the workers.

    Without SO_REUSEPORT (not Linux or BSD) they all get the same socket.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    host = host.strip("[]")
    reuse_port = hasattr(socket, "SO_REUSEPORT") and count > 1
    sockets: list[socket.socket] = []
    try:
        for _ in range(count if reuse_port else 1):
            sock = socket.create_server((host, port), family=family, backlog=backlog, reuse_port=reuse_port)
            sock.set_inheritable(True)
            port = sock.getsockname()[1]
            sockets.append(sock)
    except OSError:
        for sock in sockets:
            sock.close()
        raise
    return sockets * count if not reuse_port else sockets


def keep_sqlite_open() -> sqlite3.Connection | None:
    """An idle connection to the project's SQLite database, if that is what the settings use (see above)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "k8s_learn.settings")
    try:
        from django.conf import settings

        database = settings.DATABASES["default"]
    except Exception:  # noqa: BLE001  (bad settings: the workers will say what is wrong, more clearly)
        return None
    name = str(database.get("NAME", ""))
    if database.get("ENGINE") != "django.db.backends.sqlite3" or not Path(name).is_file():
        return None
    connection = sqlite3.connect(name, isolation_level=None, check_same_thread=False)
    connection.executescript(database.get("OPTIONS", {}).get("init_command", ""))  # journal mode as the workers set it
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the -wal and -shm files
    return connection


def _die_with_parent() -> None:
    """In the child before exec: Linux sends it SIGTERM if the supervisor dies, even by SIGKILL."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Supervisor:
    """Starts the workers, restarts one that crashes, and stops them all on request."""

    def __init__(
        self,
        sockets: list[socket.socket],
        application: str,
        daphne_args: list[str],
        startup_grace: float = STARTUP_GRACE_SECONDS,
    ):
        self.sockets = sockets  # one per worker slot
        self.application = application
        self.daphne_args = daphne_args
        self.startup_grace = startup_grace
        self.workers: list[tuple[subprocess.Popen, float] | None] = [None] * len(sockets)
        self.stopping = threading.Event()
        self.exit_code = 0

    def start_worker(self, slot: int) -> None:
        fd = self.sockets[slot].fileno()
        process = subprocess.Popen(
            [sys.executable, "-m", "daphne", "--fd", str(fd), *self.daphne_args, self.application],
            pass_fds=(fd,),
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
        self.workers[slot] = (process, time.monotonic())

    def pids(self) -> list[int]:
        return [entry[0].pid for entry in self.workers if entry]

    def run(self) -> int:
        for slot in range(len(self.workers)):
            self.start_worker(slot)
        host, port = self.sockets[0].getsockname()[:2]
        print(
            f"k8s-learn: {len(self.workers)} daphne worker(s) on http://{host}:{port}/ (pids "
            f"{', '.join(map(str, self.pids()))})",
            file=sys.stderr,
            flush=True,
        )
        while not self.stopping.wait(0.5):
            for slot, entry in enumerate(self.workers):
                process, started = entry
                code = process.poll()
                if code is None or self.stopping.is_set():
                    continue
                if time.monotonic() - started < self.startup_grace:
                    print(
                        f"k8s-learn: worker {process.pid} exited with code {code} while starting; stopping",
                        file=sys.stderr,
                        flush=True,
                    )
                    self.exit_code = code or 1
                    self.stopping.set()
                    break
                print(
                    f"k8s-learn: worker {process.pid} exited with code {code}; starting another",
                    file=sys.stderr,
                    flush=True,
                )
                self.start_worker(slot)
        self.stop()
        return self.exit_code

    def request_stop(self, signum: int, _frame) -> None:
        self.stopping.set()

    def stop(self) -> None:
        running = [entry[0] for entry in self.workers if entry and entry[0].poll() is None]
        for process in running:
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        for process in running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for sock in self.sockets:
            sock.close()


# Diagnostics for benchmarks/pages.py and the tests: which worker holds which connection (Linux /proc).


def worker_pids(supervisor_pid: int) -> list[int]:
    """The worker processes a running supervisor started."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == supervisor_pid:
            pids.append(int(stat.parent.name))
    return sorted(pids)


def connections_per_worker(port: int, pids: list[int]) -> dict[int, list[int]]:
    """Worker pid -> the client ports of the established connections it serves on `port`."""
    owner = {}
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").glob("*"):
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                owner[target[8:-1]] = pid
    held: dict[int, list[int]] = {pid: [] for pid in pids}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, remote, state, inode = fields[1], fields[2], fields[3], fields[9]
            if state == "01" and int(local.rsplit(":", 1)[1], 16) == port and inode in owner:
                held[owner[inode]].append(int(remote.rsplit(":", 1)[1], 16))
    return held


def main(argv: list[str] | None = None) -> int:
    args, daphne_args = parse_args(argv)
    if args.workers > 1 and not os.environ.get("REDIS_URL"):
        print(
            "k8s-learn: warning: several workers without REDIS_URL: websocket groups (live sandbox watchers) "
            "do not reach across workers; set REDIS_URL for channels-redis",
            file=sys.stderr,
            flush=True,
        )
    sockets = listen(args.bind, args.port, args.workers, args.backlog)
    supervisor = Supervisor(sockets, args.application, daphne_args, args.startup_grace)
    signal.signal(signal.SIGTERM, supervisor.request_stop)
    signal.signal(signal.SIGINT, supervisor.request_stop)
    database = keep_sqlite_open()
    try:
        return supervisor.run()
    finally:
        supervisor.stop()
        if database is not None:
            database.close()


if __name__ == "__main__":
    sys.exit(main())
