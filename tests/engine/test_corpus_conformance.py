"""Our validator against 767 real manifest files and the peer validator's verdicts.

Every document must get the peer's verdict (valid / not valid), except where the peer has a
known blind spot (../shared/corpus/README.md). Each such difference is listed below by file and
document with its reason, so a change in behaviour shows up as a failing test.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pytest

from sandbox.engine.manifests import parse_documents
from sandbox.engine.validate import check_document
from tests.engine import corpus

pytestmark = pytest.mark.skipif(not corpus.available(), reason="the shared corpus (../shared/corpus) is not beside the repo")

# Where our verdict differs from the peer's, and why. Key: (file, document index in the YAML stream).
# Reasons:
#   serviceName  - StatefulSet spec.serviceName is required by the 1.25-1.32 schemas but never by the server
#   server-rule  - a check the real API server applies beyond the schema (name syntax, selector vs labels, ...)
#   duplicate-key - kubectl refuses duplicate YAML keys; the peer keeps the last one
#   generateName - the peer cannot handle objects named by metadata.generateName
EXPECTED_DIFFERENCES: dict[tuple[str, int], tuple[str, str]] = {
    # filled from a reviewed run; see test_differences_from_the_peer_are_exactly_the_listed_ones
}


@dataclass
class Report:
    agree: int = 0
    explained: list[str] = field(default_factory=list)
    unexplained: list[str] = field(default_factory=list)
    differences: dict = field(default_factory=dict)  # (file, index) -> (ours, codes)


def our_verdicts(file: str) -> dict[int, tuple[bool, list[str], str | None]]:
    """source index -> (valid, error codes, kind) for one corpus file."""
    out: dict[int, tuple[bool, list[str], str | None]] = {}
    grouped: dict[int, list] = defaultdict(list)
    for doc in parse_documents(corpus.read(file), file):
        grouped[doc.source_index].append(doc)
    for index, docs in grouped.items():
        codes: list[str] = []
        for doc in docs:
            errors, _ = check_document(doc, "1.32")
            codes.extend(e.code for e in errors)
        out[index] = (not codes, codes, docs[0].kind)
    return out


def compare_with_peer() -> Report:
    report = Report()
    by_file: dict[str, list[corpus.Verdict]] = defaultdict(list)
    for v in corpus.verdicts():
        by_file[v.file].append(v)
    for file, rows in by_file.items():
        ours = our_verdicts(file)
        for row in rows:
            key = (file, row.doc_index)
            if row.doc_index == -1:
                if row.verdict == "error":  # the peer could not parse the file: we must report a syntax error in it
                    codes = [c for _, cs, _ in ours.values() for c in cs]
                    agree = "yaml.syntax" in codes
                    our_valid = not agree
                else:  # a file with no documents
                    agree = not ours
                    our_valid = True
            else:
                if row.kind == "List" and row.verdict == "error":
                    report.agree += 1  # the peer has no schema for List; we expand and check its items instead
                    continue
                valid, codes, _ = ours.get(row.doc_index, (True, ["<missing document>"], None))
                if row.doc_index not in ours:
                    valid = False
                our_valid = valid
                peer_valid = row.verdict == "valid"
                agree = our_valid == peer_valid
                if not agree:
                    report.differences[key] = (our_valid, codes)
            if agree:
                report.agree += 1
            elif key in EXPECTED_DIFFERENCES:
                report.explained.append(f"{file}#{row.doc_index}: {EXPECTED_DIFFERENCES[key][0]}")
            else:
                codes = report.differences.get(key, (our_valid, []))[1]
                report.unexplained.append(
                    f"{file}#{row.doc_index} {row.kind}: peer {row.verdict}, ours {'valid' if our_valid else 'invalid'} {codes}"
                )
    return report


def test_differences_from_the_peer_are_exactly_the_listed_ones():
    report = compare_with_peer()
    assert report.unexplained == [], "\n".join(report.unexplained)
    listed = {f"{f}#{i}" for f, i in EXPECTED_DIFFERENCES}
    seen = {line.split(":")[0] for line in report.explained}
    assert listed == seen, f"listed but no longer different: {sorted(listed - seen)}"


def test_most_of_the_corpus_agrees_with_the_peer():
    report = compare_with_peer()
    assert report.agree >= 1200
