"""`kubectl describe` for a namespace and what limits it: Namespace, ResourceQuota, LimitRange."""

from __future__ import annotations

from fractions import Fraction

from ._context import _Ctx
from ._multiline import _print_annotations_multiline, _print_labels_multiline, _sorted_names
from ._values import _g, _meta, _rfc1123z, _s
from .gosort import _go_sort
from .quantity import _q, _qstr, _Quantity


def _describe_namespace(ctx: _Ctx, w, ns: dict) -> None:
    meta, status = _meta(ns), ns.get("status") or {}
    name = meta.get("name") or ""
    w.write(0, f"Name:\t{name}\n")
    _print_labels_multiline(w, "Labels", meta.get("labels"))
    _print_annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Status:\t{_s(status.get('phase'))}\n")
    if status.get("conditions"):
        w.write(0, "Conditions:\n")
        w.write(1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n")
        w.write(1, "----\t------\t------------------\t------\t-------\n")
        for c in status["conditions"]:
            w.write(
                1,
                f"{_s(c.get('type'))}\t{_s(c.get('status'))}\t{_rfc1123z(c.get('lastTransitionTime'))}\t{_s(c.get('reason'))}\t{_s(c.get('message'))}\n",
            )
    w.write(0, "\n")
    quotas = ctx.list("ResourceQuota", name)
    if not quotas:
        w.write(0, "No resource quota.\n")
    else:
        w.write(0, "Resource Quotas\n")
        for q in _go_sort(quotas, lambda a, b: (_meta(a).get("name") or "") < (_meta(b).get("name") or "")):
            w.write(1, f"Name:\t{_s(_meta(q).get('name'))}\n")
            scopes = sorted(_g(q, "spec", "scopes") or [])
            if scopes:
                w.write(1, f"Scopes:\t{', '.join(scopes)}\n")
                for scope in scopes:
                    help_text = _QUOTA_SCOPE_HELP.get(scope, "")
                    if help_text:
                        w.write(1, f"* {help_text}\n")
            w.write(1, "Resource\tUsed\tHard\n")
            w.write(1, "--------\t---\t---\n")
            hard = _g(q, "status", "hard") or {}
            used = _g(q, "status", "used") or {}
            for res in _sorted_names(hard):
                w.write(1, f"{res}\t{_qstr(used.get(res))}\t{_qstr(hard[res])}\n")
    w.write(0, "\n")
    limit_ranges = ctx.list("LimitRange", name)
    if not limit_ranges:
        w.write(0, "No LimitRange resource.\n")
    else:
        w.write(
            0, "Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n"
        )
        w.write(0, " ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n")
        for lr in limit_ranges:
            _describe_limit_range_spec(w, lr.get("spec") or {}, " ")


_QUOTA_SCOPE_HELP = {
    "Terminating": "Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.",
    "NotTerminating": "Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.",
    "BestEffort": "Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.",
    "NotBestEffort": "Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.",
}


def _describe_limit_range_spec(w, spec: dict, prefix: str) -> None:
    for item in spec.get("limits") or []:
        parts = {
            key: item.get(key) or {} for key in ("max", "min", "default", "defaultRequest", "maxLimitRequestRatio")
        }
        names = sorted(set().union(*[set(v) for v in parts.values()]))
        for res in names:

            def value(key):
                return _qstr(parts[key][res]) if res in parts[key] else "-"

            w.write(
                0,
                f"{prefix}{_s(item.get('type'))}\t{res}\t{value('min')}\t{value('max')}\t{value('defaultRequest')}\t"
                f"{value('default')}\t{value('maxLimitRequestRatio')}\n",
            )


def _describe_resource_quota(ctx: _Ctx, w, quota: dict) -> None:
    meta = _meta(quota)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    scopes = sorted(_g(quota, "spec", "scopes") or [])
    if scopes:
        w.write(0, f"Scopes:\t{', '.join(scopes)}\n")
        for scope in scopes:
            if _QUOTA_SCOPE_HELP.get(scope):
                w.write(0, f" * {_QUOTA_SCOPE_HELP[scope]}\n")
    w.write(0, "Resource\tUsed\tHard\n")
    w.write(0, "--------\t----\t----\n")
    hard = _g(quota, "status", "hard") or {}
    used = _g(quota, "status", "used") or {}
    for res in _sorted_names(hard):
        hq = _q(hard[res])
        uq = _q(used[res]) if res in used else None
        if uq is None or uq.format != hq.format:  # resource.NewQuantity(used.Value(), hard.Format)
            uq = _Quantity(Fraction(uq.int_value() if uq is not None else 0), hq.format)
        w.write(0, f"{res}\t{uq}\t{hq}\n")


def _describe_limit_range(ctx: _Ctx, w, lr: dict) -> None:
    meta = _meta(lr)
    w.write(0, f"Name:\t{_s(meta.get('name'))}\n")
    w.write(0, f"Namespace:\t{_s(meta.get('namespace'))}\n")
    w.write(0, "Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n")
    w.write(0, "----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n")
    _describe_limit_range_spec(w, lr.get("spec") or {}, "")
