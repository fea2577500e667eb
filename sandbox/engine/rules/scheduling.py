"""Where a pod may run: tolerations and node, pod and anti-affinity terms."""

from __future__ import annotations

from typing import Any

from ._common import _d, _i, _items, _l
from .context import _Ctx
from .selectors import _validate_requirement, _validate_selector
from .syntax import _rule, dns1123_label, label_value, qualified_name


def _validate_tolerations(ctx: _Ctx, path: tuple, tolerations: Any) -> None:
    for i, tol in _items(tolerations):
        tp = path + (i,)
        key, op, value, effect = tol.get("key"), tol.get("operator"), tol.get("value"), tol.get("effect")
        key = key if isinstance(key, str) else ""
        op = op if isinstance(op, str) else ""
        value = value if isinstance(value, str) else ""
        if key:
            ctx.invalid_all("label.invalid", tp + ("key",), key, qualified_name(key), part="키")
        if not key and op != "Exists":
            ctx.invalid("value.invalid", tp + ("operator",), op, _rule("rule.toleration_empty_key"))
        if tol.get("tolerationSeconds") is not None and effect != "NoExecute":
            ctx.invalid("value.invalid", tp + ("effect",), effect if isinstance(effect, str) else "",
                        _rule("rule.toleration_seconds"))
        if op in ("Equal", ""):
            errs = label_value(value)
            if errs:
                ctx.invalid("label.invalid", tp + ("operator",), value,
                            (";".join(e[0] for e in errs), " ".join(e[1] for e in errs)), part="값")
        elif op == "Exists":
            if value:
                ctx.invalid("value.invalid", tp + ("operator",), value, _rule("rule.toleration_exists_value"))
        else:
            ctx.unsupported(tp + ("operator",), op, ["Equal", "Exists"])
        if isinstance(effect, str) and effect and effect not in ("NoSchedule", "PreferNoSchedule", "NoExecute"):
            ctx.unsupported(tp + ("effect",), effect, ["NoSchedule", "PreferNoSchedule", "NoExecute"])


def _validate_affinity(ctx: _Ctx, path: tuple, affinity: Any) -> None:
    if not isinstance(affinity, dict):
        return
    node = _d(affinity.get("nodeAffinity")) or {}
    required = _d(node.get("requiredDuringSchedulingIgnoredDuringExecution"))
    rp = path + ("nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")
    if required is not None:
        if not _l(required.get("nodeSelectorTerms")):
            ctx.required("value.required", rp, "must have at least one node selector term")
        for i, term in _items(required.get("nodeSelectorTerms")):
            _node_selector_term(ctx, rp + (i,), term, strict=True)
    pp = path + ("nodeAffinity", "preferredDuringSchedulingIgnoredDuringExecution")
    for i, pref in _items(node.get("preferredDuringSchedulingIgnoredDuringExecution")):
        _weight(ctx, pp + (i, "weight"), pref.get("weight"))
        if isinstance(pref.get("preference"), dict):
            _node_selector_term(ctx, pp + (i, "preference"), pref["preference"], strict=False)
    for kind in ("podAffinity", "podAntiAffinity"):
        pod = _d(affinity.get(kind)) or {}
        kp = path + (kind, "requiredDuringSchedulingIgnoredDuringExecution")
        for i, term in _items(pod.get("requiredDuringSchedulingIgnoredDuringExecution")):
            _pod_affinity_term(ctx, kp + (i,), term)
        kp = path + (kind, "preferredDuringSchedulingIgnoredDuringExecution")
        for i, weighted in _items(pod.get("preferredDuringSchedulingIgnoredDuringExecution")):
            _weight(ctx, kp + (i, "weight"), weighted.get("weight"))
            if isinstance(weighted.get("podAffinityTerm"), dict):
                _pod_affinity_term(ctx, kp + (i, "podAffinityTerm"), weighted["podAffinityTerm"])


def _weight(ctx: _Ctx, path: tuple, weight: Any) -> None:
    if _i(weight) is not None and not 1 <= weight <= 100:
        ctx.invalid("value.out_of_range", path, weight, _rule("rule.weight"), lo=1, hi=100)


def _node_selector_term(ctx: _Ctx, path: tuple, term: dict, strict: bool) -> None:
    for j, req in _items(term.get("matchExpressions")):
        _validate_requirement(ctx, path + ("matchExpressions", j), req, numeric=True, check_values=strict)


def _pod_affinity_term(ctx: _Ctx, path: tuple, term: dict) -> None:
    for field in ("labelSelector", "namespaceSelector"):
        _validate_selector(ctx, path + (field,), term.get(field))
    for namespace in _l(term.get("namespaces")) or []:
        if isinstance(namespace, str):
            ctx.invalid_all("value.invalid", path + ("namespace",), namespace, dns1123_label(namespace))
    topology = term.get("topologyKey")
    if topology == "":
        ctx.required("value.required", path + ("topologyKey",), "can not be empty")
    if isinstance(topology, str):
        ctx.invalid_all("label.invalid", path + ("topologyKey",), topology, qualified_name(topology), part="키")
