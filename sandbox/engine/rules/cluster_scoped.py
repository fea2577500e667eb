"""Namespace and Node: finalizers, taints and pod CIDRs."""

from __future__ import annotations

from ._common import _d, _items, _l
from .context import _Ctx
from .metadata import _finalizer
from .syntax import _is_cidr, _rule, label_value, qualified_name
from .values import GoValue, _go_quote


def _validate_namespace(ctx: _Ctx) -> None:
    spec = _d(ctx.data.get("spec")) or {}
    for i, name in enumerate(_l(spec.get("finalizers")) or []):
        _finalizer(ctx, ("spec", "finalizers"), name, pos=("spec", "finalizers", i))


def _validate_node(ctx: _Ctx) -> None:
    spec = _d(ctx.data.get("spec")) or {}
    seen: set = set()
    for i, taint in _items(spec.get("taints")):
        tp = ("metadata", "taints", i)  # the server names the path under metadata (ValidateNode)
        pos = ("spec", "taints", i)
        key, value, effect = taint.get("key"), taint.get("value"), taint.get("effect")
        if isinstance(key, str):
            ctx.invalid_all("label.invalid", tp + ("key",), key, qualified_name(key), pos=pos + ("key",), part="키")
        if isinstance(value, str):
            errs = label_value(value)
            if errs:
                ctx.invalid("label.invalid", tp + ("value",), value,
                            (";".join(e[0] for e in errs), " ".join(e[1] for e in errs)), pos=pos + ("value",),
                            part="값")
        if effect in (None, ""):
            ctx.required("value.required", tp + ("effect",), pos=pos)
        elif isinstance(effect, str) and effect not in ("NoSchedule", "PreferNoSchedule", "NoExecute"):
            ctx.unsupported(tp + ("effect",), effect, ["NoSchedule", "PreferNoSchedule", "NoExecute"],
                            pos=pos + ("effect",))
        if isinstance(key, str) and isinstance(effect, str):
            if (key, effect) in seen:
                go = (f"core.Taint{{Key:{_go_quote(key)}, Value:{_go_quote(value if isinstance(value, str) else '')}, "
                      f"Effect:{_go_quote(effect)}, TimeAdded:(*v1.Time)(nil)}}")
                ctx.add("value.duplicate", tp, "Duplicate value", GoValue(go, taint),
                        "taints must be unique by key and effect pair", pos=pos)
            seen.add((key, effect))
    for i, cidr in enumerate(_l(spec.get("podCIDRs")) or []):
        if isinstance(cidr, str) and not _is_cidr(cidr):
            ctx.invalid("value.invalid", ("spec", "podCIDRs", i), cidr, _rule("rule.cidr"))
