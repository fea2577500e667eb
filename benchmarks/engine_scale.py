"""Engine throughput at scale (not a test; prints numbers).

    .venv/bin/python benchmarks/engine_scale.py            # 1k pods / 40 nodes, 10k pods / 350 nodes
    .venv/bin/python benchmarks/engine_scale.py --full     # ... and 100k / 3,400, 150k pods / 5,000 nodes
    .venv/bin/python benchmarks/engine_scale.py --services # ... with a ClusterIP Service per Deployment
    .venv/bin/python benchmarks/engine_scale.py --size PODS:NODES [--size ...] [--profile]

Deployments of 100 replicas (nginx:1.27, port 80, no requests) are applied to a fresh cluster
(quotas raised, traces=False) in applies of at most 500 documents (the per-submission limit), and
the simulation runs until stable; every pod must be Running with an IP from its node's podCIDR
(with --services, every Service's EndpointSlice must list its pods). Each size runs in its own
child process so that peak RSS (ru_maxrss) belongs to that size alone. Printed per size: cluster
construction, apply, run-to-stable, total wall and CPU time, peak RSS, pods/s; then how the time
per pod grows between sizes (linear growth keeps us/pod flat). Target (issue "Sandbox engine II"):
150,000 pods on 5,000 nodes all Running in under 60 s wall and under 4 GB. ``--profile`` runs the
single size under cProfile and prints the top functions by tottime. No network.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DEFAULT_SIZES = [(1_000, 40), (10_000, 350)]
FULL_SIZES = [(100_000, 3_400), (150_000, 5_000)]  # Kubernetes' documented limits: 5,000 nodes, 150,000 pods
REPLICAS = 100
DOCS_PER_APPLY = 500  # the per-submission document limit (manifests.MAX_DOCUMENTS)
# Every pod gets service-link variables for each Service of its namespace (enableServiceLinks, as the
# kubelet does): 1,500 Services in one namespace would give each pod 10,500 variables, so the
# workload is spread over namespaces like a cluster shared by teams.
DEPLOYMENTS_PER_NAMESPACE = 10
TARGET_WALL_S = 60.0
TARGET_RSS_MB = 4096

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-{i:04d}
  namespace: {namespace}
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: web-{i:04d}}}
  template:
    metadata:
      labels: {{app: web-{i:04d}}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
"""

SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: web-{i:04d}
  namespace: {namespace}
spec:
  selector: {{app: web-{i:04d}}}
  ports:
  - port: 80
"""


def manifests(deployments: int, services: bool) -> list[str]:
    """The workload as texts of at most DOCS_PER_APPLY documents each (what one `kubectl apply` may send):
    a namespace per DEPLOYMENTS_PER_NAMESPACE Deployments, as teams share a big cluster."""
    docs = []
    for i in range(deployments):
        namespace = f"team-{i // DEPLOYMENTS_PER_NAMESPACE:03d}"
        if i % DEPLOYMENTS_PER_NAMESPACE == 0:
            docs.append(f"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {namespace}\n")
        docs.append(DEPLOYMENT.format(i=i, replicas=REPLICAS, namespace=namespace))
        if services:
            docs.append(SERVICE.format(i=i, namespace=namespace))
    return ["---\n".join(docs[k:k + DOCS_PER_APPLY]) for k in range(0, len(docs), DOCS_PER_APPLY)]


def one(pods: int, nodes: int, profile: bool, services: bool = False) -> dict:
    import ipaddress

    from sandbox.engine.apiserver import Quotas
    from sandbox.engine.cluster import Cluster

    deployments = max(1, pods // REPLICAS)
    quotas = Quotas(nodes=nodes, pods=pods + 10, objects=pods * 3 + nodes * 3 + 1000, frames=10_000,
                    replicas_per_workload=REPLICAS)
    texts = manifests(deployments, services)
    profiler = None
    if profile:
        import cProfile
        profiler = cProfile.Profile()
    w0, c0 = time.perf_counter(), time.process_time()
    cluster = Cluster(nodes=nodes, seed=1, quotas=quotas, traces=False)
    w1, c1 = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    results = [cluster.apply(text) for text in texts]
    w2 = time.perf_counter()
    virtual = cluster.run(until="stable")
    if profiler:
        profiler.disable()
    w3, c3 = time.perf_counter(), time.process_time()
    rss_run = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the checks below decode anything
    cidrs = {n["metadata"]["name"]: ipaddress.ip_network(n["spec"]["podCIDR"]) for n in cluster.store.iter("Node")}
    running = ip_ok = 0
    phases: dict = {}
    for p in cluster.store.iter("Pod"):  # one at a time: a list of 150,000 copies would be the peak
        status = p.get("status") or {}
        phases[status.get("phase")] = phases.get(status.get("phase"), 0) + 1
        running += status.get("phase") == "Running"
        ip_ok += bool(status.get("podIP")) and ipaddress.ip_address(status["podIP"]) in cidrs[p["spec"]["nodeName"]]
    endpoints = sum(len(s.get("endpoints") or ()) for s in cluster.store.iter("EndpointSlice")
                    if (s["metadata"].get("labels") or {}).get("kubernetes.io/service-name", "").startswith("web-"))
    out = {
        "pods": pods, "nodes": nodes, "deployments": deployments, "services": services,
        "apply_ok": all(r.ok for r in results), "applies": len(results),
        "errors": [str(e) for r in results for e in r.errors][:3], "ip_ok": ip_ok, "endpoints": endpoints,
        "construct_s": w1 - w0, "apply_s": w2 - w1, "run_s": w3 - w2, "work_wall_s": w3 - w1,
        "work_cpu_s": c3 - c1, "construct_cpu_s": c1 - c0,
        "virtual_s": virtual, "running": running, "phases": phases, "stable": cluster.stable,
        "max_rss_mb": rss_run, "max_rss_checks_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "frames_seq": cluster.frame_log.seq,
    }
    if profiler:
        import io
        import pstats
        buf = io.StringIO()
        pstats.Stats(profiler, stream=buf).sort_stats("tottime").print_stats(15)
        out["profile"] = buf.getvalue()
    return out


def report(r: dict) -> None:
    pods_s = r["running"] / r["work_wall_s"] if r["work_wall_s"] else 0
    pods_cpu = r["running"] / r["work_cpu_s"] if r["work_cpu_s"] else 0
    ok = r["apply_ok"] and r["running"] == r["pods"]
    services = f" + {r['deployments']} Services" if r["services"] else ""
    print(f"{r['pods']:>7,} pods / {r['nodes']:>5,} nodes ({r['deployments']} Deployments x {REPLICAS}{services}, "
          f"{r['applies']} applies): {'ALL RUNNING' if ok else 'NOT ALL RUNNING'} ({r['running']:,} Running, "
          f"phases {r['phases']}, stable={r['stable']}); pod IPs inside their node's podCIDR: {r['ip_ok']:,}"
          + (f"; endpoints in the Services' slices: {r['endpoints']:,}" if r["services"] else ""))
    if r["errors"]:
        print(f"    errors: {r['errors']}")
    print(f"    construct {r['construct_s']:.2f} s (CPU {r['construct_cpu_s']:.2f} s) | apply {r['apply_s']:.2f} s | "
          f"run to stable {r['run_s']:.2f} s (virtual {r['virtual_s']:.0f} s)")
    print(f"    apply+run: wall {r['work_wall_s']:.2f} s, CPU {r['work_cpu_s']:.2f} s | "
          f"{pods_s:,.0f} pods/s wall, {pods_cpu:,.0f} pods/s CPU | "
          f"{r['work_cpu_s'] / max(1, r['pods']) * 1e6:,.0f} us CPU/pod | peak RSS {r['max_rss_mb']:,.0f} MB "
          f"(after the checks {r['max_rss_checks_mb']:,.0f} MB)")
    if r["pods"] >= 150_000:
        wall_ok = r["work_wall_s"] < TARGET_WALL_S
        rss_ok = r["max_rss_mb"] < TARGET_RSS_MB
        print(f"    target: all Running in < {TARGET_WALL_S:.0f} s wall: {'MET' if ok and wall_ok else 'NOT MET'}; "
              f"< 4 GB: {'MET' if rss_ok else 'NOT MET'}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--full", action="store_true", help="also run 100k pods / 3,400 nodes and 150k / 5,000")
    parser.add_argument("--services", action="store_true", help="a ClusterIP Service per Deployment (engine III)")
    parser.add_argument("--size", action="append", default=[], help="PODS:NODES (repeatable)")
    parser.add_argument("--profile", action="store_true", help="cProfile (first --size only, in-process)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        pods, nodes = map(int, args.child.split(":"))
        print(json.dumps(one(pods, nodes, profile=False, services=args.services)))
        return
    sizes = [tuple(map(int, s.split(":"))) for s in args.size] or list(DEFAULT_SIZES)
    if args.full and not args.size:
        sizes += FULL_SIZES
    if args.profile:
        r = one(*sizes[0], profile=True, services=args.services)
        report(r)
        print(r["profile"])
        return

    print("The control-plane node is tainted: workers = nodes - 1. Each size runs in a fresh process.")
    results = []
    for pods, nodes in sizes:
        proc = subprocess.run([sys.executable, __file__, "--child", f"{pods}:{nodes}"]
                              + (["--services"] if args.services else []), capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"{pods:,} pods / {nodes:,} nodes: FAILED (exit {proc.returncode})\n{proc.stderr[-2000:]}")
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        report(r)
        results.append(r)
    if len(results) >= 2:
        print("== growth ==")
        for a, b in zip(results, results[1:]):
            size_ratio = b["pods"] / a["pods"]
            cpu_ratio = b["work_cpu_s"] / a["work_cpu_s"]
            wall_ratio = b["work_wall_s"] / a["work_wall_s"]
            per_pod = cpu_ratio / size_ratio
            verdict = ("close to linear" if per_pod <= 1.5 else
                       "super-linear" if per_pod > 2 else "mildly super-linear")
            print(f"{a['pods']:,} -> {b['pods']:,} pods (x{size_ratio:.0f}): CPU x{cpu_ratio:.1f}, wall x{wall_ratio:.1f}; "
                  f"CPU per pod x{per_pod:.2f} -> {verdict}")


if __name__ == "__main__":
    main()
