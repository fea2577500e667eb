"""What the API server would say about each document of a submission, without a cluster.

The pipeline per document mirrors the real request path: read the YAML (manifests), find the
kind (served? removed? unknown?), decode strictly against the schema (unknown fields and wrong
types stop here, as the server's decoder does), then the server's own validation rules.
Cluster-dependent checks (namespace exists, NodePort taken, immutable fields) belong to the
API server in ``apiserver.py``, which calls :func:`check_document` first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import rules, schema
from .manifests import DEFAULT_LIMITS, Document, Limits, parse_documents
from .messages import Issue, issue

DEFAULT_KUBE_VERSION = schema.DEFAULT_VERSION


@dataclass
class ValidationResult:
    file: str
    index: int
    api_version: str | None
    kind: str | None
    name: str | None
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "index": self.index,
            "apiVersion": self.api_version,
            "kind": self.kind,
            "name": self.name,
            "valid": self.valid,
            "errors": [e.to_json() for e in self.errors],
            "warnings": [w.to_json() for w in self.warnings],
        }


def check_document(doc: Document, kube_version: str = DEFAULT_KUBE_VERSION) -> tuple[list[Issue], list[Issue]]:
    """(errors, warnings) for one parsed document, as the API server of ``kube_version`` would give them."""
    if doc.error is not None:
        return [doc.error], []
    data = doc.data
    if not isinstance(data, dict):
        snippet = str(data)[:40]
        return [issue("yaml.not_mapping", pos=doc.start, index=doc.index, snippet=snippet)], []
    errors: list[Issue] = []
    if not isinstance(data.get("apiVersion"), str) or not data.get("apiVersion"):
        errors.append(issue("object.missing_api_version", "apiVersion", doc.pos(("apiVersion",))))
    if not isinstance(data.get("kind"), str) or not data.get("kind"):
        errors.append(issue("object.missing_kind", "kind", doc.pos(("kind",))))
    if errors:
        return errors, []
    api_version, kind = data["apiVersion"], data["kind"]

    removed = rules.removed_api(doc, kube_version)
    if removed is not None:
        return [removed], []
    if not schema.has_schema(kube_version, api_version, kind):
        return [rules.unknown_kind(doc, kube_version)], []

    warnings = rules.deprecation_warnings(doc, kube_version)
    decode_errors, validation_errors = schema.validate(doc, kube_version)
    if decode_errors:  # the server's strict decoder rejects the request before validating it
        return decode_errors, warnings
    errors = validation_errors + rules.check(doc, kube_version)
    return _dedupe(errors), warnings


def validate_text(
    text: str | bytes,
    file: str = "-",
    kube_version: str = DEFAULT_KUBE_VERSION,
    limits: Limits = DEFAULT_LIMITS,
) -> list[ValidationResult]:
    """Validate every document of a submission; one result per document (List items expanded)."""
    results = []
    for doc in parse_documents(text, file, limits):
        errors, warnings = check_document(doc, kube_version)
        results.append(ValidationResult(file, doc.index, doc.api_version, doc.kind, doc.name, errors, warnings))
    return results


def _dedupe(items: list[Issue]) -> list[Issue]:
    seen = set()
    out = []
    for item in items:
        key = (item.code, item.path, item.message_en)
        if key not in seen:
            seen.add(key)
            out.append(item)
    out.sort(key=lambda i: (i.line or 0, i.column or 0))
    return out
