"""Validation speed: our validator vs kubernetes-validate on the shared corpus, in one run.

    .venv/bin/python benchmarks/validate.py [--rounds 5]

Prints documents per second for both (same documents, same process, one core), the ratio,
the first validation in a fresh process, verdict agreement outside the peer's known blind
spots, and how fast each hostile input of the bad-input tests is refused.
Targets (issue "Sandbox engine I"): >= 20x the peer, >= 2,000 docs/s, first call < 0.5 s,
each hostile input answered in well under a second.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from sandbox.engine.validate import validate_text  # noqa: E402
from tests.engine import corpus  # noqa: E402

FIRST_CALL = """
import time
t0 = time.perf_counter()
from sandbox.engine.validate import validate_text
r = validate_text(open({path!r}).read(), "web.yaml")
assert r and r[0].kind == "Deployment"
print(time.perf_counter() - t0)
"""

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports: [{containerPort: 80}]
"""


def hostile_inputs() -> dict[str, str]:
    laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        laughs.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return {
        "billion laughs (9 levels of 9 aliases)": "\n".join(laughs),
        "100,000 nested flow sequences": "[" * 100_000 + "]" * 100_000,
        "5,000 nested block sequences": "- " * 5000 + "x",
        "3 MiB + 1 byte document": "a: " + "x" * (3 * 1024 * 1024 - 3) + "\n",
        "10,000 empty documents": "---\n" * 10_000,
        "2,000 small documents (over the 500 limit)": "".join(
            f"---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c{i}}}\n" for i in range(2000)
        ),
        "one 2 MiB string value": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata: {k: " + "y" * (2 * 1024 * 1024) + "}\n",
        "50,000 keys in one map": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: many}\ndata:\n"
        + "".join(f"  k{i}: v\n" for i in range(50_000)),
        "duplicate keys": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n",
        "binary garbage": (bytes(range(256)) * 4000).decode("latin-1"),
    }


def load_corpus() -> list[tuple[str, bytes]]:
    return [(f, corpus.read(f)) for f in corpus.files()]


def peer_documents(texts: list[tuple[str, bytes]]) -> list[dict]:
    docs = []
    for _, data in texts:
        try:
            for item in yaml.load_all(data, Loader=yaml.CSafeLoader):
                if isinstance(item, dict) and item.get("apiVersion") and item.get("kind"):
                    docs.append(item)
        except yaml.YAMLError:
            continue
    return docs


def time_ours(texts: list[tuple[str, bytes]], rounds: int) -> tuple[int, list[float]]:
    count = 0
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        count = 0
        for name, data in texts:
            count += len(validate_text(data, name))
        times.append(time.perf_counter() - t0)
    return count, times


def time_peer(docs: list[dict]) -> float:
    import kubernetes_validate

    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for doc in docs:
            try:
                kubernetes_validate.validate(doc, "1.32", strict=True)
            except Exception:  # invalid documents and missing schemas raise; we only time the work
                pass
    return time.perf_counter() - t0


def first_call_seconds(runs: int = 3) -> float:
    path = "/tmp/k8s_learn_bench_web.yaml"
    Path(path).write_text(DEPLOYMENT)
    figures = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", FIRST_CALL.format(path=path)], capture_output=True, text=True, cwd=ROOT)
        figures.append(float(out.stdout.strip()))
    return statistics.median(figures)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    texts = load_corpus()
    ours_docs, ours_times = time_ours(texts, args.rounds)
    ours_best = min(ours_times)
    ours_rate = ours_docs / ours_best
    peer_docs = peer_documents(texts)
    peer_time = time_peer(peer_docs)
    peer_rate = len(peer_docs) / peer_time

    print(f"corpus: {len(texts)} files")
    print(f"ours:   {ours_docs} documents in {ours_best:.3f} s (best of {args.rounds}; median "
          f"{statistics.median(ours_times):.3f} s) = {ours_rate:,.0f} docs/s")
    print(f"peer:   kubernetes-validate validate(), {len(peer_docs)} documents in {peer_time:.2f} s = {peer_rate:,.0f} docs/s")
    print(f"ratio:  {ours_rate / peer_rate:.1f}x the peer's documents per second")
    print(f"first validation in a fresh process (import included): {first_call_seconds():.3f} s (median of 3)")

    from tests.engine.test_corpus_conformance import compare_with_peer

    report = compare_with_peer()
    print(f"verdicts: {report.agree} agree with the peer, {len(report.explained)} differ for a listed reason, "
          f"{len(report.unexplained)} differ without one")
    for line in report.unexplained[:20]:
        print("   unexplained:", line)

    print("hostile inputs (each must be refused in well under a second):")
    for label, text in hostile_inputs().items():
        t0 = time.perf_counter()
        results = validate_text(text, "hostile.yaml")
        elapsed = time.perf_counter() - t0
        codes = sorted({e.code for r in results for e in r.errors}) or ["no error"]
        print(f"  {elapsed * 1000:8.1f} ms  {label}: {', '.join(codes)}")


if __name__ == "__main__":
    main()
