"""How fast simulated traffic and the endpoints controllers are (not a test; prints wall times).

    .venv/bin/python benchmarks/traffic.py [--endpoints 100] [--requests 10000] [--rounds 5]
                                           [--services 0] [--pods-per-service 100] [--seed 1]

Part 1 (traffic): one Service with ``--endpoints`` ready nginx pods, then ``cluster.request`` of
``--requests`` requests, ``--rounds`` times; prints the wall time per call (target < 0.5 s for
10,000 requests over 100 endpoints) and the split.

Part 2 (only with ``--services N``): N Services, each selecting its own ``--pods-per-service`` pods
(a Service per Deployment), started by the scheduler and the kubelets; then one pod per Service is
deleted. Prints the wall time spent inside the endpoints controller, which shows that a pod change
costs what it touches (one Service's endpoints), not the cluster's size.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sandbox.engine.apiserver import Quotas  # noqa: E402
from sandbox.engine.cluster import Cluster  # noqa: E402
from sandbox.engine.controllers.endpoints import EndpointsController  # noqa: E402


def pod(name: str, app: str) -> dict:
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": "default", "labels": {"app": app}},
            "spec": {"containers": [{"name": "web", "image": "nginx:1.27", "ports": [{"containerPort": 80}]}]}}


def service(name: str) -> dict:
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": "default"},
            "spec": {"selector": {"app": name}, "ports": [{"port": 80, "targetPort": 80}]}}


class Stopwatch:
    """Wall time spent inside the endpoints controller (its watch handler and its syncs)."""

    def __init__(self, component) -> None:
        self.seconds = 0.0
        self.syncs = 0
        for attr in ("on_change", "reconcile"):
            setattr(component, attr, self.wrap(getattr(component, attr), attr == "reconcile"))

    def wrap(self, fn, count: bool):
        def timed(*args):
            began = time.perf_counter()
            try:
                return fn(*args)
            finally:
                self.seconds += time.perf_counter() - began
                self.syncs += count
        return timed


def build(services: int, per_service: int, seed: int) -> tuple[Cluster, Stopwatch, float]:
    """A cluster whose scheduler and kubelets start every pod (110 pods per node at most)."""
    pods = services * per_service
    nodes = min(256, pods // 100 + 2)  # kubeadm's 10.244.0.0/16 gives 256 node /24s
    cluster = Cluster(nodes=nodes, seed=seed, traces=False,
                      quotas=Quotas(nodes=nodes, pods=pods + 10, objects=pods * 2 + services * 4 + 1000, frames=1000))
    watch = Stopwatch(next(c for c in cluster.components if isinstance(c, EndpointsController)))
    began = time.perf_counter()
    for s in range(services):
        name = f"svc{s:04d}"
        cluster.api.create(service(name), validate=False)
        for p in range(per_service):
            cluster.api.create(pod(f"{name}-{p:04d}", name), validate=False)
        if s % 20 == 19:
            cluster.run()
    cluster.run()
    cluster.run(seconds=1)
    return cluster, watch, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoints", type=int, default=100)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--services", type=int, default=0)
    parser.add_argument("--pods-per-service", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    cluster, _, _ = build(1, args.endpoints, args.seed)
    slices = cluster.list("EndpointSlice", "default", label_selector="kubernetes.io/service-name=svc0000")
    ready = sum(len(s.get("endpoints") or ()) for s in slices)
    print(f"traffic: 1 Service, {ready} ready endpoints in {len(slices)} slice(s)")
    times = []
    for _ in range(args.rounds):
        began = time.perf_counter()
        report = cluster.request("http://svc0000/", args.requests)
        times.append(time.perf_counter() - began)
        cluster.run(seconds=1)  # a new instant: nothing cached from the last call's answers
    counts = sorted(report.answered.values())
    print(f"  {args.requests} requests: best {min(times):.3f} s, worst {max(times):.3f} s "
          f"({args.requests / min(times):,.0f} requests/s); {len(counts)} pods answered, "
          f"{counts[0]}..{counts[-1]} each, errors {report.errors or 'none'}")

    if args.services:
        cluster, watch, seconds = build(args.services, args.pods_per_service, args.seed)
        pods = args.services * args.pods_per_service
        print(f"endpoints: {args.services} Services x {args.pods_per_service} pods = {pods} pods on "
              f"{len(cluster.list('Node'))} nodes, started in {seconds:.1f} s (whole simulation); the endpoints "
              f"controller took {watch.seconds:.2f} s of it in {watch.syncs} syncs")
        spent, syncs = watch.seconds, watch.syncs
        began = time.perf_counter()
        for s in range(args.services):
            cluster.delete("Pod", f"svc{s:04d}-0000")
        cluster.run()
        print(f"  one pod per Service deleted: {time.perf_counter() - began:.2f} s in all, endpoints controller "
              f"{watch.seconds - spent:.3f} s for {watch.syncs - syncs} syncs "
              f"({(watch.seconds - spent) / max(1, watch.syncs - syncs) * 1000:.2f} ms per sync)")


if __name__ == "__main__":
    main()
