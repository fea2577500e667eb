"""Small-sandbox engine figures (not a test; prints numbers).

    .venv/bin/python benchmarks/engine_small.py [--iterations 50] [--sandboxes 1000]

1. apply a 3-replica nginx Deployment to a fresh 3-node cluster and run until stable (all pods
   Running): wall time per iteration (median, p95), cluster construction timed separately.
   Target: < 5 ms for apply + run to stable.
2. an idle teaching sandbox (3 nodes, the Deployment, stable): snapshot JSON bytes and
   zlib-compressed bytes (target < 30 KB), snapshot() time, Cluster.restore(snap) time
   (target < 5 ms), and memory of --sandboxes restored copies in one process (target < 500 MB).
No network.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
import tracemalloc
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sandbox.engine.cluster import Cluster  # noqa: E402

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
"""


def rss_bytes() -> int:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def running_pods(cluster: Cluster) -> int:
    return sum(1 for pod in cluster.store.list("Pod") if (pod.get("status") or {}).get("phase") == "Running")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=50)
    parser.add_argument("--sandboxes", type=int, default=1000)
    args = parser.parse_args()

    # warm-up (imports, caches)
    c = Cluster(nodes=3, seed=1)
    c.apply(DEPLOYMENT)
    c.run(until="stable")

    construct, work, cpu_work = [], [], []
    for i in range(args.iterations):
        t0 = time.perf_counter()
        cluster = Cluster(nodes=3, seed=i + 1)
        t1 = time.perf_counter()
        c0 = time.process_time()
        result = cluster.apply(DEPLOYMENT)
        cluster.run(until="stable")
        t2 = time.perf_counter()
        c1 = time.process_time()
        construct.append(t1 - t0)
        work.append(t2 - t1)
        cpu_work.append(c1 - c0)
        if not result.ok or running_pods(cluster) != 3:
            raise SystemExit(f"iteration {i}: apply ok={result.ok}, running pods={running_pods(cluster)}")

    print(f"== apply 3-replica Deployment + run to stable (3 nodes), {args.iterations} iterations ==")
    print(f"cluster construction: median {ms(statistics.median(construct))}, p95 {ms(pct(construct, 95))}")
    print(f"apply + run(stable):  median {ms(statistics.median(work))}, p95 {ms(pct(work, 95))}, "
          f"min {ms(min(work))}  (CPU median {ms(statistics.median(cpu_work))})  target < 5 ms: "
          f"{'MET' if statistics.median(work) < 0.005 else 'NOT MET'} (median)")
    print(f"virtual time to stable: {cluster.now:.1f} s; frames: {cluster.frame_log.seq}")

    # idle teaching sandbox
    sandbox = Cluster(nodes=3, seed=1)
    sandbox.apply(DEPLOYMENT)
    sandbox.run(until="stable")
    snap_times = []
    for _ in range(20):
        t0 = time.perf_counter()
        snap = sandbox.snapshot()
        snap_times.append(time.perf_counter() - t0)
    raw = json.dumps(snap, separators=(",", ":")).encode()
    packed = zlib.compress(raw, 6)
    restore_times = []
    for _ in range(50):
        s = json.loads(raw)  # restore from a fresh, decoded copy (as from storage)
        t0 = time.perf_counter()
        Cluster.restore(s)
        restore_times.append(time.perf_counter() - t0)
    decode_times = []
    for _ in range(20):
        t0 = time.perf_counter()
        json.loads(zlib.decompress(packed))
        decode_times.append(time.perf_counter() - t0)
    print("== idle teaching sandbox (3 nodes, 3-replica Deployment, stable) ==")
    print(f"snapshot JSON: {len(raw):,} bytes; zlib(6): {len(packed):,} bytes "
          f"({len(packed) / 1024:.1f} KiB)  target < 30 KB: {'MET' if len(packed) < 30_000 else 'NOT MET'}")
    print(f"snapshot(): median {ms(statistics.median(snap_times))}, p95 {ms(pct(snap_times, 95))}")
    print(f"Cluster.restore(snap): median {ms(statistics.median(restore_times))}, p95 {ms(pct(restore_times, 95))}"
          f"  target < 5 ms: {'MET' if statistics.median(restore_times) < 0.005 else 'NOT MET'} (median)")
    print(f"zlib decompress + json.loads: median {ms(statistics.median(decode_times))}")

    # memory for N restored sandboxes held at once: RSS first (tracemalloc itself costs memory), then
    # tracemalloc on a second set (Python allocations only).
    gc.collect()
    rss0 = rss_bytes()
    t0 = time.perf_counter()
    held = [Cluster.restore(json.loads(raw)) for _ in range(args.sandboxes)]
    elapsed = time.perf_counter() - t0
    gc.collect()
    rss1 = rss_bytes()
    rss_delta = rss1 - rss0
    del held
    gc.collect()
    tracemalloc.start()
    base, _ = tracemalloc.get_traced_memory()
    held = [Cluster.restore(json.loads(raw)) for _ in range(args.sandboxes)]
    gc.collect()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    traced = current - base
    print(f"== {args.sandboxes} restored sandboxes held in one process ==")
    print(f"restore x{args.sandboxes} (json.loads + restore each): {elapsed:.2f} s")
    print(f"RSS delta (no tracemalloc): {rss_delta / 2**20:.1f} MiB total, "
          f"{rss_delta / args.sandboxes / 1024:.1f} KiB per sandbox")
    print(f"tracemalloc (second set): {traced / 2**20:.1f} MiB total, {traced / len(held) / 1024:.1f} KiB per sandbox"
          f"  target < 500 MB: {'MET' if max(traced, rss_delta) < 500e6 else 'NOT MET'}")
    # the copies still work
    held[-1].run(seconds=30)
    print(f"last copy still runs: {running_pods(held[-1])} pods Running after 30 s more")


if __name__ == "__main__":
    main()
