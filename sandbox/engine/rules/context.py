"""One document's validation run: the document, its version and the issues found so far."""

from __future__ import annotations

from typing import Any

from ..manifests import Document
from ..messages import Issue, issue
from ._common import _d, _i, _s, _version, format_field_path
from .syntax import Rule, _rule
from .values import _OMIT, _go_quote, _human_value, field_error_text


class _Ctx:
    """The document under validation and the issues found so far."""

    def __init__(self, doc: Document, kube_version: str):
        self.doc = doc
        self.data: dict = doc.data if isinstance(doc.data, dict) else {}
        self.v = _version(kube_version)
        self.json = self.v >= (1, 34)
        self.kind = _s(self.data.get("kind")) or ""
        self.api_version = _s(self.data.get("apiVersion")) or ""
        meta = _d(self.data.get("metadata")) or {}
        self.name = _s(meta.get("name")) or _s(meta.get("generateName")) or ""
        self.issues: list[Issue] = []

    def add(self, code: str, path: tuple, etype: str, value: Any = _OMIT, rule: Rule | str = "", *,
            pos: tuple | None = None, severity: str = "error", **params: Any) -> Issue:
        path_text = format_field_path(path)
        en, ko = rule if isinstance(rule, tuple) else (rule, rule)
        text = field_error_text(path_text, etype, value, en, self.json)
        item = issue(
            code, path_text, self.doc.pos(pos if pos is not None else path), severity=severity,
            kind=self.kind, name=_go_quote(self.name)[1:-1], field_error=text,
            value=_human_value(value) if value is not _OMIT else "", reason=ko, **params,
        )
        self.issues.append(item)
        return item

    def required(self, code: str, path: tuple, rule: Rule | str = "", **kw: Any) -> None:
        self.add(code, path, "Required value", rule=rule, **kw)

    def invalid(self, code: str, path: tuple, value: Any, rule: Rule | str, **kw: Any) -> None:
        self.add(code, path, "Invalid value", value, rule, **kw)

    def invalid_all(self, code: str, path: tuple, value: Any, rules: list[Rule], **kw: Any) -> None:
        for rule in rules:
            self.invalid(code, path, value, rule, **kw)

    def unsupported(self, path: tuple, value: Any, supported: list[str], code: str = "value.unsupported",
                    **kw: Any) -> None:
        listed = ", ".join(_go_quote(s) for s in supported)
        self.add(code, path, "Unsupported value", value, f"supported values: {listed}", supported=listed, **kw)

    def duplicate(self, code: str, path: tuple, value: Any, **kw: Any) -> None:
        self.add(code, path, "Duplicate value", value, **kw)

    def forbidden(self, code: str, path: tuple, rule: Rule | str, **kw: Any) -> None:
        self.add(code, path, "Forbidden", rule=rule, **kw)

    def nonnegative(self, path: tuple, value: Any) -> None:
        if _i(value) is not None and value < 0:
            self.invalid("value.negative", path, value, _rule("rule.nonnegative"))

    def at_least(self, version: tuple[int, int]) -> bool:
        return self.v >= version


def _empty(value: Any) -> bool:
    """Present but empty: what the server reports as Required when the schema had nothing to say."""
    return value == "" or value == [] or value == {}


def _spec(ctx: _Ctx, path: tuple = ("spec",)) -> dict | None:
    """The object's spec: {} when absent (the server sees a zero-valued struct), None when not a mapping."""
    value: Any = ctx.data
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    if value is None:
        return {}
    return value if isinstance(value, dict) else None
