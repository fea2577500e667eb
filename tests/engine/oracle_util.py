"""Helpers for comparing our kubectl emulation with the real kubectl v1.32 client.

The real client only needs an API server, so `kubectl-oracle/fakeapi.py` (shared reference material)
serves objects from a JSON file; `kubectl describe` then renders them client-side, exactly as it would
against a cluster. This module:

- builds the reference objects with `gen_objs.py` for a chosen "now" (`gen_objects`);
- runs fakeapi.py in a subprocess on a free 127.0.0.1 port, with a few extra resource kinds added to its
  discovery table (`FakeAPIServer`, a context manager that always stops the process);
- runs `/usr/bin/kubectl describe` against it (`FakeAPIServer.describe`), recording the wall-clock
  interval the client ran in, because the client computes every age from the wall clock;
- describes the same objects with our engine through a tiny in-memory cluster (`FakeCluster`);
- compares, reporting a unified diff with line ends marked.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone

from tests.engine import corpus

from sandbox.engine import resources
from sandbox.engine.clock import Clock, parse_time

ORACLE_DIR = corpus.SHARED / "reference" / "kubectl-oracle"
SAMPLES_DIR = ORACLE_DIR / "samples"
KUBECTL = "/usr/bin/kubectl"

# The static samples were captured from objects gen_objs.py wrote at SAMPLES_NOW (the Deployment is
# "10 minutes old" and its CreationTimestamp reads 02:33:25), and kubectl ran SAMPLES_DELAY seconds later
# (the pod created 10 minutes before SAMPLES_NOW has a 600 s old event shown as "13m"; the crash-looping
# pod's 300 s old Scheduled event reads "8m3s" = 483 s).
SAMPLES_NOW = datetime(2026, 11, 22, 2, 43, 25, tzinfo=timezone.utc)
SAMPLES_DELAY = 183

# Kinds the tests describe that fakeapi.py's discovery table lacks: (plural, Kind, namespaced, short name).
EXTRA_RESOURCES = {
    "v1": [
        ("secrets", "Secret", True, None),
        ("persistentvolumeclaims", "PersistentVolumeClaim", True, "pvc"),
        ("persistentvolumes", "PersistentVolume", False, "pv"),
        ("serviceaccounts", "ServiceAccount", True, "sa"),
    ],
    "apps/v1": [
        ("daemonsets", "DaemonSet", True, "ds"),
        ("statefulsets", "StatefulSet", True, "sts"),
        ("controllerrevisions", "ControllerRevision", True, None),
    ],
    "batch/v1": [("cronjobs", "CronJob", True, "cj")],
    "policy/v1": [("poddisruptionbudgets", "PodDisruptionBudget", True, "pdb")],
    "scheduling.k8s.io/v1": [("priorityclasses", "PriorityClass", False, "pc")],
    "storage.k8s.io/v1": [("storageclasses", "StorageClass", False, "sc")],
    "networking.k8s.io/v1": [
        ("ingressclasses", "IngressClass", False, None),
        ("networkpolicies", "NetworkPolicy", True, "netpol"),
    ],
    "rbac.authorization.k8s.io/v1": [
        ("roles", "Role", True, None),
        ("rolebindings", "RoleBinding", True, None),
        ("clusterrolebindings", "ClusterRoleBinding", False, None),
    ],
}

_BOOT = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import fakeapi
from fakeapi import H, ThreadingHTTPServer
for gv, rows in json.loads(sys.argv[2]).items():
    table = fakeapi.RES.setdefault(gv, [])
    known = {row[0] for row in table}
    table.extend(tuple(row) for row in rows if row[0] not in known)
fakeapi.load(sys.argv[3])
H.log_message = lambda self, *args: None
server = ThreadingHTTPServer(('127.0.0.1', 0), H)
print(server.server_address[1], flush=True)
server.serve_forever()
"""


def kubectl_available() -> bool:
    return os.path.exists(KUBECTL) and os.access(KUBECTL, os.X_OK)


# --------------------------------------------------------------------------------------------
# Objects
# --------------------------------------------------------------------------------------------


def gen_objects(now: datetime) -> list[dict]:
    """Run gen_objs.py with its NOW pinned to ``now`` (whole seconds, UTC) and return its objects."""
    source = (ORACLE_DIR / "gen_objs.py").read_text()
    source, count = re.subn(r"^NOW = .*$", "NOW = __ORACLE_NOW__", source, count=1, flags=re.M)
    assert count == 1, "gen_objs.py no longer defines NOW on one line"
    namespace = {"__name__": "gen_objs", "__file__": str(ORACLE_DIR / "gen_objs.py"), "__ORACLE_NOW__": now}
    old_argv = sys.argv
    sys.argv = ["gen_objs.py", os.devnull]
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(source, str(ORACLE_DIR / "gen_objs.py"), "exec"), namespace)
    finally:
        sys.argv = old_argv
    return json.loads(json.dumps(namespace["objs"]))


def wall_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def ts(now: datetime, **delta) -> str:
    """An API timestamp ``delta`` before ``now`` (like gen_objs.ago)."""
    return (now - timedelta(**delta)).strftime("%Y-%m-%dT%H:%M:%SZ")


def find(objs: list[dict], kind: str, name: str, namespace: str | None = None) -> dict:
    for o in objs:
        m = o["metadata"]
        if o["kind"] == kind and m["name"] == name and (namespace is None or m.get("namespace") == namespace):
            return o
    raise KeyError(f"{kind} {namespace}/{name}")


# --------------------------------------------------------------------------------------------
# Our side: a minimal cluster for describe()
# --------------------------------------------------------------------------------------------


class FakeAPI:
    def __init__(self, objs: list[dict]):
        self.objs = objs

    def list(self, kind, namespace=None, label_selector=None, field_selector=None):
        items = [
            o
            for o in self.objs
            if o.get("kind") == kind and (namespace is None or o["metadata"].get("namespace") == namespace)
        ]
        return sorted(items, key=lambda o: (o["metadata"].get("namespace") or "", o["metadata"]["name"]))

    def get(self, kind, ns, name):
        for o in self.list(kind, ns):
            if o["metadata"]["name"] == name:
                return o
        raise KeyError(name)


class FakeCluster:
    """``clock`` is a real sandbox Clock whose epoch is the generation time; ``api`` lists the objects."""

    def __init__(self, objs: list[dict], epoch: datetime, seconds_after: float):
        self.clock = Clock(epoch=epoch, now=seconds_after)
        self.api = FakeAPI(objs)


def resolve(type_name: str) -> resources.Resource:
    res = resources.lookup(type_name)
    assert res is not None, type_name
    return res


def our_describe(
    objs: list[dict], type_name: str, name: str, namespace: str | None, epoch: datetime, seconds_after: float
) -> str:
    from sandbox.engine.kubectl.describe import describe

    res = resolve(type_name)
    ns = (namespace or "default") if res.namespaced else None
    obj = find(objs, res.kind, name, ns)
    return describe(FakeCluster(objs, epoch, seconds_after), res, obj)


# --------------------------------------------------------------------------------------------
# The real client against fakeapi.py
# --------------------------------------------------------------------------------------------


class FakeAPIServer:
    """fakeapi.py serving ``objs`` on a free 127.0.0.1 port; stop() (or leaving the with block) ends it."""

    def __init__(self, objs: list[dict]):
        self.objs = objs
        self.proc: subprocess.Popen | None = None
        self.port: int | None = None
        self.tmp = tempfile.mkdtemp(prefix="kubectl-oracle-")
        self.kubeconfig = os.path.join(self.tmp, "kubeconfig")

    def __enter__(self) -> "FakeAPIServer":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        objs_path = os.path.join(self.tmp, "objs.json")
        with open(objs_path, "w") as fh:
            json.dump(self.objs, fh)
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _BOOT, str(ORACLE_DIR), json.dumps(EXTRA_RESOURCES), objs_path],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            line = self.proc.stdout.readline()
            self.port = int(line.strip())
        except Exception:
            self.stop()
            raise RuntimeError("fakeapi.py did not start")
        config = (ORACLE_DIR / "kubeconfig").read_text().replace("127.0.0.1:18080", f"127.0.0.1:{self.port}")
        assert f"127.0.0.1:{self.port}" in config
        with open(self.kubeconfig, "w") as fh:
            fh.write(config)

    def stop(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(timeout=5)
            if self.proc.stdout is not None:
                self.proc.stdout.close()
            self.proc = None
        shutil.rmtree(self.tmp, ignore_errors=True)

    def kubectl(self, *args: str) -> tuple[str, float, float]:
        """Run the real kubectl; return (stdout, wall time before, wall time after)."""
        env = dict(os.environ, TZ="UTC", HOME=self.tmp)
        env.pop("KUBECONFIG", None)
        cmd = [KUBECTL, "--kubeconfig", self.kubeconfig, "--cache-dir", os.path.join(self.tmp, "cache"), *args]
        before = time.time()
        result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)
        after = time.time()
        assert result.returncode == 0, f"{' '.join(args)} failed: {result.stderr}"
        return result.stdout, before, after

    def describe(self, type_name: str, name: str, namespace: str | None = None) -> tuple[str, float, float]:
        args = ["describe", type_name, name]
        if namespace:
            args += ["-n", namespace]
        return self.kubectl(*args)


# --------------------------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------------------------


def show_diff(expected: str, actual: str, expected_name: str = "kubectl", actual_name: str = "ours") -> str:
    """A unified diff with `$` marking every line end, so trailing spaces show."""
    a = [line + "$\n" for line in expected.split("\n")]
    b = [line + "$\n" for line in actual.split("\n")]
    return "".join(difflib.unified_diff(a, b, expected_name, actual_name, n=2))


def compare_with_kubectl(
    server: FakeAPIServer, objs: list[dict], epoch: datetime, type_name: str, name: str, namespace: str | None = None
) -> tuple[bool, str]:
    """Describe with the real kubectl and with ours. kubectl reads the wall clock once, somewhere in
    [before, after]; ours passes if it matches kubectl for some clock reading in that window."""
    real, before, after = server.describe(type_name, name, namespace)
    ours = ""
    for seconds in clock_readings(objs, before - epoch.timestamp(), after - epoch.timestamp()):
        ours = our_describe(objs, type_name, name, namespace, epoch, seconds)
        if ours == real:
            return True, ""
    return False, show_diff(real, ours)


_FRACTION = re.compile(r"T\d\d:\d\d:\d\d(\.\d+)Z")


def clock_readings(objs: list[dict], lo: float, hi: float) -> list[float]:
    """One clock reading (seconds after the epoch) in every stretch of [lo, hi] over which no age cell
    can change. Ages are whole seconds elapsed since a timestamp, so they only change where the
    clock's fractional part equals a timestamp's (.0 for plain timestamps, .123456 for MicroTimes)."""
    fractions = {0.0} | {float("0" + m) for m in _FRACTION.findall(json.dumps(objs))}
    cuts = {lo, hi}
    for whole in range(math.floor(lo) - 1, math.ceil(hi) + 2):
        for frac in fractions:
            if lo < whole + frac < hi:
                cuts.add(whole + frac)
    cuts = sorted(cuts)
    points = [(a + b) / 2 for a, b in zip(cuts, cuts[1:])] or [lo]
    return points + [lo, hi]


def parse_ts(value: str) -> datetime:
    return parse_time(value)
