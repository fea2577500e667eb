"""How fast ``schema.validate`` checks the real-manifest corpus (not a test; prints docs/s).

    .venv/bin/python benchmarks/schema_speed.py [--kube-version 1.32] [--rounds 5] [--peer]

Documents are parsed once (manifests.parse_documents), then every document with a schema is
validated ``--rounds`` times; the best round counts. It also times parsing plus schema together,
the first validation in a fresh process, and with ``--peer`` the kubernetes-validate library on
the same documents (slow: about 10 s).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sandbox.engine import manifests, schema  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "real"

FIRST_CALL = """
import time
t = time.perf_counter()
from sandbox.engine import manifests, schema
doc = manifests.parse_documents(open({path!r}).read(), "x.yaml")[0]
schema.validate(doc, {version!r})
print(time.perf_counter() - t)
"""


def load_texts() -> list[tuple[str, str]]:
    return [(str(p.relative_to(CORPUS)), p.read_text(errors="replace"))
            for p in sorted(CORPUS.rglob("*")) if p.suffix in (".yaml", ".yml")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kube-version", default=schema.DEFAULT_VERSION)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--peer", action="store_true", help="also time kubernetes-validate on the same documents")
    args = parser.parse_args()
    version = schema.normalize_version(args.kube_version)

    texts = load_texts()
    docs = [d for file, text in texts for d in manifests.parse_documents(text, file)]
    checked = [d for d in docs if d.error is None and isinstance(d.data, dict)
               and schema.has_schema(version, d.api_version or "", d.kind or "")]
    for doc in checked:  # compile every kind first: the steady state is what this measures
        schema.validate(doc, version)

    best = min(_time(lambda: [schema.validate(d, version) for d in checked]) for _ in range(args.rounds))
    print(f"schema.validate: {len(checked)} documents in {best * 1000:.1f} ms = {len(checked) / best:,.0f} docs/s")

    def pipeline():
        for file, text in texts:
            for d in manifests.parse_documents(text, file):
                if d.error is None and schema.has_schema(version, d.api_version or "", d.kind or ""):
                    schema.validate(d, version)

    best = min(_time(pipeline) for _ in range(args.rounds))
    print(f"parse + schema:  {len(docs)} documents in {best * 1000:.1f} ms = {len(docs) / best:,.0f} docs/s")

    sample = CORPUS / "ContainerSolutions__kubernetes-examples" / "Deployment__simple-deployment.yaml"
    code = FIRST_CALL.format(path=str(sample), version=version)
    root = Path(__file__).resolve().parent.parent
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True)
    print(f"first validation in a fresh process (imports included): {float(first.stdout) * 1000:.0f} ms")

    if args.peer:
        import kubernetes_validate

        def peer():
            for d in checked:
                try:
                    kubernetes_validate.validate(d.data, version, strict=True)
                except Exception:  # noqa: BLE001 - invalid documents raise; only the time matters
                    pass

        took = _time(peer)
        print(f"kubernetes-validate: {len(checked) / took:,.0f} docs/s")


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
