"""Label selectors (apimachinery meta/v1/validation, labels/selector.go) and template matching."""

from __future__ import annotations

from typing import Any

from ._common import _d, _items, _l, _str_map
from .context import _Ctx
from .metadata import _validate_labels
from .syntax import _rule, label_value, qualified_name
from .values import go_map

_SELECTOR_OPS = ("In", "NotIn", "Exists", "DoesNotExist")


def _validate_selector(ctx: _Ctx, path: tuple, selector: Any) -> bool:
    """ValidateLabelSelector; True when the selector also converts (LabelSelectorAsSelector succeeds)."""
    if not isinstance(selector, dict):
        return True
    before = len(ctx.issues)
    _validate_labels(ctx, path + ("matchLabels",), selector.get("matchLabels"))
    for i, expr in _items(selector.get("matchExpressions")):
        _validate_requirement(ctx, path + ("matchExpressions", i), expr, numeric=False, check_values=True)
    return len(ctx.issues) == before


def _validate_requirement(ctx: _Ctx, path: tuple, req: dict, numeric: bool, check_values: bool) -> None:
    """One selector requirement: its operator against its values, its key, and (``check_values``) its values.

    ``numeric`` admits the node selector operators ``Gt`` and ``Lt``, which take exactly one value.
    """
    op, values = req.get("operator"), _l(req.get("values")) or []
    if op in ("In", "NotIn"):
        if not values:
            ctx.required("selector.invalid", path + ("values",), _rule("rule.selector_values_required"))
    elif op in ("Exists", "DoesNotExist"):
        if values:
            ctx.forbidden("selector.invalid", path + ("values",), _rule("rule.selector_values_forbidden"))
    elif numeric and op in ("Gt", "Lt"):
        if len(values) != 1:
            ctx.required("selector.invalid", path + ("values",), _rule("rule.selector_single_value"))
    elif isinstance(op, str):
        ctx.invalid("selector.invalid", path + ("operator",), op, _rule("rule.selector_operator"))
    key = req.get("key")
    if isinstance(key, str):
        ctx.invalid_all("label.invalid", path + ("key",), key, qualified_name(key), part="키")
    if check_values:
        for j, value in enumerate(values):
            if isinstance(value, str):
                ctx.invalid_all("label.invalid", path + ("values", j), value, label_value(value), part="값")


def _selector_is_empty(selector: dict) -> bool:
    return not (_d(selector.get("matchLabels")) or _l(selector.get("matchExpressions")))


def selector_matches(selector: dict, labels: dict[str, str]) -> bool:
    """Whether a metav1.LabelSelector (matchLabels and matchExpressions) selects ``labels``."""
    for key, value in (_str_map(selector.get("matchLabels")) or {}).items():
        if labels.get(key) != value:
            return False
    for _, expr in _items(selector.get("matchExpressions")):
        key, op = expr.get("key"), expr.get("operator")
        values = [v for v in (_l(expr.get("values")) or []) if isinstance(v, str)]
        if not isinstance(key, str):
            continue
        has = key in labels
        if op == "In" and not (has and labels[key] in values):
            return False
        if op == "NotIn" and has and labels[key] in values:
            return False
        if op == "Exists" and not has:
            return False
        if op == "DoesNotExist" and has:
            return False
    return True


def _template_labels(template: Any) -> dict[str, str] | None:
    meta = _d(_d(template).get("metadata")) if _d(template) else None
    labels = meta.get("labels") if meta else None
    return _str_map(labels) if isinstance(labels, dict) else None


def _mismatch(ctx: _Ctx, path: tuple, labels: dict | None) -> None:
    ctx.invalid("selector.mismatch", path, go_map(labels), _rule("rule.selector_mismatch"))
