"""The shared corpus of real manifests and the peer validator's verdicts (../shared/corpus/real)."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

# The team's shared folder sits beside the repository (../shared), on our machines and in CI.
SHARED = Path(os.environ.get("K8S_LEARN_SHARED", Path(__file__).resolve().parents[3] / "shared"))
CORPUS = SHARED / "corpus" / "real"


@dataclass(frozen=True)
class Verdict:
    file: str
    doc_index: int  # position in the YAML stream, empty documents counted; -1 = the whole file
    kind: str
    api_version: str
    verdict: str  # valid | invalid | error
    first_error: str


def available() -> bool:
    return (CORPUS / "VERDICTS.tsv").is_file()


def verdicts() -> list[Verdict]:
    with open(CORPUS / "VERDICTS.tsv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [
        Verdict(r["file"], int(r["doc_index"]), r["kind"], r["apiVersion"], r["verdict"], r["first_error"] or "")
        for r in rows
    ]


def files() -> list[str]:
    return sorted({v.file for v in verdicts()})


def read(file: str) -> bytes:
    return (CORPUS / file).read_bytes()
