"""Labels, selectors and owners as kubectl formats and matches them."""

from __future__ import annotations

from ._values import _meta, _s
from .gosort import _go_sort


def _format_labels(labels) -> str:
    """labels.FormatLabels: sorted k=v joined by commas, `<none>` when empty."""
    if not labels:
        return "<none>"
    return ",".join(f"{k}={_s(labels[k])}" for k in sorted(labels))


def _selector_string(selector) -> str:
    """metav1.LabelSelectorAsSelector(sel).String() (empty for nil or empty selectors)."""
    if not selector:
        return ""
    reqs = []
    for key, value in (selector.get("matchLabels") or {}).items():
        reqs.append((key, f"{key}={_s(value)}"))
    for expr in selector.get("matchExpressions") or []:
        key, op = expr.get("key", ""), expr.get("operator", "")
        values = sorted(_s(v) for v in expr.get("values") or [])
        joined = values[0] if len(values) == 1 else ",".join(values)
        if op == "In":
            reqs.append((key, f"{key} in ({joined})"))
        elif op == "NotIn":
            reqs.append((key, f"{key} notin ({joined})"))
        elif op == "Exists":
            reqs.append((key, key))
        elif op == "DoesNotExist":
            reqs.append((key, "!" + key))
        else:
            return "<error>"
    reqs = _go_sort(sorted(reqs, key=lambda r: r[0]), lambda a, b: a[0] < b[0])
    return ",".join(text for _, text in reqs)


def _format_label_selector(selector) -> str:
    """metav1.FormatLabelSelector: like _selector_string, `<none>` when empty."""
    text = _selector_string(selector)
    return text or "<none>"


def _selector_matches(selector, labels) -> bool:
    """Does a metav1.LabelSelector select these labels? (nil selects nothing, empty everything)."""
    if selector is None:
        return False
    labels = labels or {}
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr.get("key"), expr.get("operator"), expr.get("values") or []
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and key in labels and labels[key] in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


def _controller_of(obj) -> dict | None:
    for ref in _meta(obj).get("ownerReferences") or []:
        if ref.get("controller"):
            return ref
    return None


def _controlled_by(obj, owner) -> bool:
    ref = _controller_of(obj)
    if ref is None:
        return False
    uid = _meta(owner).get("uid")
    if uid:
        return ref.get("uid") == uid
    return ref.get("name") == _meta(owner).get("name") and ref.get("kind") == owner.get("kind")


def _print_controller(obj) -> str:
    ref = _controller_of(obj)
    return f"{ref.get('kind', '')}/{ref.get('name', '')}" if ref else ""
