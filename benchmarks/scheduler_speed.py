"""How fast ``scheduler.schedule`` places pods at scale (not a test; prints pods/s).

    .venv/bin/python benchmarks/scheduler_speed.py [--nodes 5000] [--pods 150000] [--deployments 30]
                                                   [--interleave] [--seed 1] [--reference N]

A kubeadm-like cluster: one tainted control-plane node plus workers (32 cpu, 128Gi, 110 pods), then
``--pods`` pods from ``--deployments`` ReplicaSets with a few request shapes, shaped like the pods the
API server stores (default tolerations, ownerReferences). Each pod is scheduled with the real
cut-off and round-robin start index, then assumed on its node (``index.add_pod``), as the
simulation loop does. Pods come ReplicaSet by ReplicaSet (as controllers create them), or round-robin
over ReplicaSets with ``--interleave``. ``--reference N`` also times N pods on the plain algorithm.
Building the pod dicts is not timed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sandbox.engine import scheduler  # noqa: E402

SHAPES = [("100m", "128Mi"), ("250m", "256Mi"), ("500m", "512Mi"), ("200m", "1Gi"), (None, None), ("1", "2Gi")]
DEFAULT_TOLERATIONS = [
    {"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300},
    {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": 300},
]


def make_node(name: str, control_plane: bool = False) -> dict:
    labels = {"kubernetes.io/hostname": name, "kubernetes.io/os": "linux"}
    spec: dict = {}
    if control_plane:
        labels["node-role.kubernetes.io/control-plane"] = ""
        spec["taints"] = [{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]
    return {"apiVersion": "v1", "kind": "Node", "metadata": {"name": name, "labels": labels}, "spec": spec,
            "status": {"allocatable": {"cpu": "32", "memory": "128Gi", "pods": "110"},
                       "conditions": [{"type": "Ready", "status": "True"}]}}


def make_pod(rs: int, i: int) -> dict:
    cpu, memory = SHAPES[rs % len(SHAPES)]
    resources = {"requests": {"cpu": cpu, "memory": memory}} if cpu else {}
    return {
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": f"app{rs}-7d4b8c9f6-{i:05d}", "namespace": "default", "labels": {"app": f"app{rs}"},
                     "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": f"app{rs}-7d4b8c9f6",
                                          "uid": f"uid-{rs}", "controller": True, "blockOwnerDeletion": True}]},
        "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "resources": resources}],
                 "tolerations": DEFAULT_TOLERATIONS, "priority": 0, "schedulerName": "default-scheduler"},
    }


def run(nodes: int, pods: list[dict], seed: int, fast: bool = True) -> tuple[float, float, scheduler.NodeIndex, Counter]:
    index = scheduler.NodeIndex()
    index.add_node(make_node("controlplane", control_plane=True))
    for i in range(1, nodes):
        index.add_node(make_node(f"node{i:04d}"))
    rng = random.Random(seed)
    start_index = 0
    placed: Counter = Counter()
    t0, c0 = time.perf_counter(), time.process_time()
    for pod in pods:
        result = scheduler.schedule(pod, index, rng, start_index=start_index, fast=fast)
        start_index = result.next_start_index
        if result.node is None:
            raise SystemExit(f"unschedulable: {result.message}")
        index.add_pod(result.pod_info, result.node)
        placed[result.node] += 1
    return time.perf_counter() - t0, time.process_time() - c0, index, placed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--pods", type=int, default=150_000)
    parser.add_argument("--deployments", type=int, default=30)
    parser.add_argument("--interleave", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reference", type=int, default=0, metavar="N")
    args = parser.parse_args()

    per_rs = -(-args.pods // args.deployments)
    if args.interleave:
        order = [(i % args.deployments, i // args.deployments) for i in range(args.pods)]
    else:
        order = [(i // per_rs, i % per_rs) for i in range(args.pods)]
    pods = [make_pod(rs, i) for rs, i in order]

    seconds, cpu, index, placed = run(args.nodes, pods, args.seed)
    stats = index.stats
    per_node = sorted(placed.values())
    print(f"{len(pods):,} pods over {args.nodes:,} nodes ({args.deployments} ReplicaSets"
          f"{', interleaved' if args.interleave else ''}): {seconds:.2f} s wall, {cpu:.2f} s cpu; "
          f"{len(pods) / seconds:,.0f} pods/s ({len(pods) / cpu:,.0f} pods per cpu-second)")
    print(f"  cut-off: {scheduler.num_feasible_nodes_to_find(args.nodes)} feasible nodes per pod; "
          f"filters ran on {stats['evaluated_nodes'] / len(pods):.0f} nodes per pod on average")
    print(f"  fast path {stats['fast']:,}, plain algorithm {stats['reference']:,}, "
          f"shape rebuilds {stats['shape_rebuilds']}")
    print(f"  pods per worker node: min {per_node[0]}, median {per_node[len(per_node) // 2]}, max {per_node[-1]}; "
          f"control plane: {placed.get('controlplane', 0)}")
    if args.reference:
        seconds, cpu, _, _ = run(args.nodes, pods[:args.reference], args.seed, fast=False)
        print(f"  plain algorithm, first {args.reference:,} pods: {args.reference / seconds:,.0f} pods/s "
              f"({args.reference / cpu:,.0f} pods per cpu-second)")


if __name__ == "__main__":
    main()
