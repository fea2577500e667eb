"""Workloads (pkg/apis/apps/validation): Deployment, ReplicaSet, ReplicationController, DaemonSet, StatefulSet."""

from __future__ import annotations

import re
from typing import Any

from ._common import _d, _i, _str_map
from .context import _Ctx, _spec
from .podspec import _no_active_deadline, _pod_template, _template_of, _template_restart_policy
from .selectors import _mismatch, _selector_is_empty, _template_labels, _validate_selector, selector_matches
from .syntax import _rule, is_percent
from .values import GoValue, _go_quote, go_int_or_string, go_selector


def _apps_selector(ctx: _Ctx, spec: dict, empty_for: str) -> tuple[str, dict | None]:
    """Validate spec.selector; returns ("nothing" | "ok" | "invalid" | "skip", selector)."""
    selector = spec.get("selector")
    if selector is None:
        return "nothing", None  # the schema reports it missing; the server also finds no template match
    if not isinstance(selector, dict):
        return "skip", None
    ok = _validate_selector(ctx, ("spec", "selector"), selector)
    if _selector_is_empty(selector):
        ctx.invalid("selector.empty", ("spec", "selector"), go_selector(selector),
                    _rule("rule.selector_empty", kind=empty_for))
    return ("ok" if ok else "invalid"), selector


def _check_template_match(ctx: _Ctx, state: str, selector: dict | None, template: dict,
                          guard_empty: bool = True) -> None:
    labels = _template_labels(template)
    path = ("spec", "template", "metadata", "labels")
    if state == "nothing":
        _mismatch(ctx, path, labels)
    elif state == "ok" and selector is not None:
        if guard_empty and _selector_is_empty(selector):
            return
        if not selector_matches(selector, labels or {}):
            _mismatch(ctx, path, labels)


def _validate_replicaset_like(ctx: _Ctx, spec: dict) -> dict | None:
    """What Deployment and ReplicaSet share: replicas, selector, template (ValidatePodTemplateSpecForReplicaSet)."""
    ctx.nonnegative(("spec", "replicas"), spec.get("replicas"))
    ctx.nonnegative(("spec", "minReadySeconds"), spec.get("minReadySeconds"))
    state, selector = _apps_selector(ctx, spec, "deployment")
    template = _template_of(spec)
    if state == "invalid":
        ctx.invalid("selector.invalid", ("spec", "selector"), go_selector(selector), _rule("rule.selector_unparsable"))
    if template is None:
        return None
    _check_template_match(ctx, state, selector, template)
    _pod_template(ctx, ("spec", "template"), template)
    _template_restart_policy(ctx, ("spec", "template"), template, ["Always"], ctx.kind)
    _no_active_deadline(ctx, ("spec", "template"), template, "ReplicaSet")
    return template


def _validate_deployment(ctx: _Ctx) -> None:
    spec = _spec(ctx)
    if spec is None:
        return
    _validate_replicaset_like(ctx, spec)
    _validate_deployment_strategy(ctx, spec.get("strategy"))
    ctx.nonnegative(("spec", "revisionHistoryLimit"), spec.get("revisionHistoryLimit"))
    deadline = _i(spec.get("progressDeadlineSeconds"))
    if deadline is not None:
        ctx.nonnegative(("spec", "progressDeadlineSeconds"), deadline)
        if deadline <= (_i(spec.get("minReadySeconds")) or 0):
            ctx.invalid("value.invalid", ("spec", "progressDeadlineSeconds"), deadline,
                        _rule("rule.progress_deadline"))


def _int_or_percent(value: Any) -> int:
    """getIntOrPercentValue: a percentage's number, an int, or (Atoi of a bad string) 0."""
    if isinstance(value, str):
        if is_percent(value):
            return int(value[:-1])
        return int(value) if re.fullmatch(r"[+-]?\d+", value) else 0
    return _i(value) or 0


def _positive_int_or_percent(ctx: _Ctx, path: tuple, value: Any) -> None:
    if isinstance(value, str):
        if not is_percent(value):
            ctx.invalid("strategy.invalid", path, go_int_or_string(value), _rule("rule.percent"))
    elif _i(value) is not None and value < 0:
        ctx.invalid("value.negative", path, value, _rule("rule.nonnegative"))


def _not_over_100(ctx: _Ctx, path: tuple, value: Any) -> None:
    if isinstance(value, str) and is_percent(value) and int(value[:-1]) > 100:
        ctx.invalid("strategy.invalid", path, go_int_or_string(value), _rule("rule.max_percent"))


def _strategy_value(struct: str, pointer: str, strategy: dict) -> GoValue:
    rolling = strategy.get("rollingUpdate")
    ref = f"(*apps.{pointer})(nil)" if rolling is None else f"(*apps.{pointer})(0xc000000000)"
    go = f"apps.{struct}{{Type:{_go_quote(str(strategy.get('type')))}, RollingUpdate:{ref}}}"
    return GoValue(go, {"Type": strategy.get("type"), "RollingUpdate": rolling})


def _validate_deployment_strategy(ctx: _Ctx, strategy: Any) -> None:
    strategy = {} if strategy is None else strategy
    if not isinstance(strategy, dict):
        return
    path = ("spec", "strategy")
    kind = strategy.get("type") or "RollingUpdate"
    rolling = strategy.get("rollingUpdate")
    if kind == "Recreate":
        if rolling is not None:
            ctx.forbidden("strategy.invalid", path + ("rollingUpdate",), _rule("rule.recreate_rolling"))
    elif kind == "RollingUpdate":
        rolling = {} if rolling is None else rolling
        if not isinstance(rolling, dict):
            return
        unavailable = rolling.get("maxUnavailable")
        surge = rolling.get("maxSurge")
        unavailable = "25%" if unavailable is None else unavailable  # apps/v1 defaults
        surge = "25%" if surge is None else surge
        rp = path + ("rollingUpdate",)
        _positive_int_or_percent(ctx, rp + ("maxUnavailable",), unavailable)
        _positive_int_or_percent(ctx, rp + ("maxSurge",), surge)
        if _int_or_percent(unavailable) == 0 and _int_or_percent(surge) == 0 and _intstr(unavailable):
            ctx.invalid("strategy.invalid", rp + ("maxUnavailable",), go_int_or_string(unavailable),
                        _rule("rule.both_zero"))
        _not_over_100(ctx, rp + ("maxUnavailable",), unavailable)
    elif isinstance(kind, str):
        ctx.unsupported(path, _strategy_value("DeploymentStrategy", "RollingUpdateDeployment", strategy),
                        ["Recreate", "RollingUpdate"])


def _intstr(value: Any) -> bool:
    return isinstance(value, str) or _i(value) is not None


def _validate_replicaset(ctx: _Ctx) -> None:
    spec = _spec(ctx)
    if spec is not None:
        _validate_replicaset_like(ctx, spec)


def _validate_replication_controller(ctx: _Ctx) -> None:
    spec = _spec(ctx)
    if spec is None:
        return
    ctx.nonnegative(("spec", "minReadySeconds"), spec.get("minReadySeconds"))
    ctx.nonnegative(("spec", "replicas"), spec.get("replicas"))
    template = spec.get("template")
    selector = spec.get("selector")
    if (selector is not None and not isinstance(selector, dict)) or \
            (template is not None and not isinstance(template, dict)):
        return
    labels = _template_labels(template)
    selector = _str_map(selector) or {}
    if not selector and labels:  # v1 defaulting: the selector comes from the template's labels
        selector = dict(labels)
    if not selector:
        ctx.required("selector.required", ("spec", "selector"))
    if template is None:
        ctx.required("value.required", ("spec", "template"))
        return
    if selector and not all((labels or {}).get(k) == v for k, v in selector.items()):
        _mismatch(ctx, ("spec", "template", "metadata", "labels"), labels)
    _pod_template(ctx, ("spec", "template"), template)
    _template_restart_policy(ctx, ("spec", "template"), template, ["Always"], ctx.kind)
    _no_active_deadline(ctx, ("spec", "template"), template, "ReplicationController")


def _validate_daemonset(ctx: _Ctx) -> None:
    spec = _spec(ctx)
    if spec is None:
        return
    selector = spec.get("selector")
    template = _template_of(spec)
    ok = True
    if isinstance(selector, dict):
        ok = _validate_selector(ctx, ("spec", "selector"), selector)
        if _selector_is_empty(selector):
            ctx.invalid("selector.empty", ("spec", "selector"), go_selector(selector),
                        _rule("rule.selector_empty", kind="daemonset"))
    if template is None:
        return
    if selector is None:
        _mismatch(ctx, ("spec", "template", "metadata", "labels"), _template_labels(template))
    elif isinstance(selector, dict) and ok:
        _check_template_match(ctx, "ok", selector, template, guard_empty=False)
    _pod_template(ctx, ("spec", "template"), template)
    _template_restart_policy(ctx, ("spec", "template"), template, ["Always"], ctx.kind)
    _no_active_deadline(ctx, ("spec", "template"), template, "DaemonSet")
    for field in ("minReadySeconds", "templateGeneration", "revisionHistoryLimit"):
        ctx.nonnegative(("spec", field), spec.get(field))
    _validate_daemonset_strategy(ctx, spec.get("updateStrategy"))


def _validate_daemonset_strategy(ctx: _Ctx, strategy: Any) -> None:
    strategy = {} if strategy is None else strategy
    if not isinstance(strategy, dict):
        return
    kind = strategy.get("type") or "RollingUpdate"
    path = ("spec", "updateStrategy")
    if kind == "RollingUpdate":
        rolling = strategy.get("rollingUpdate")
        rolling = {} if rolling is None else rolling
        if not isinstance(rolling, dict):
            return
        unavailable = rolling.get("maxUnavailable")
        surge = rolling.get("maxSurge")
        unavailable = 1 if unavailable is None else unavailable
        surge = 0 if surge is None else surge
        rp = path + ("rollingUpdate",)
        for field, value in (("maxUnavailable", unavailable), ("maxSurge", surge)):
            _positive_int_or_percent(ctx, rp + (field,), value)
        for field, value in (("maxUnavailable", unavailable), ("maxSurge", surge)):
            _not_over_100(ctx, rp + (field,), value)
        has_unavailable, has_surge = _int_or_percent(unavailable) != 0, _int_or_percent(surge) != 0
        if has_unavailable and has_surge and _intstr(surge):
            ctx.invalid("strategy.invalid", rp + ("maxSurge",), go_int_or_string(surge), _rule("rule.ds_both_set"))
        elif not has_unavailable and not has_surge:
            ctx.required("strategy.invalid", rp + ("maxUnavailable",), _rule("rule.ds_both_zero"))
    elif kind != "OnDelete" and isinstance(kind, str):
        ctx.unsupported(path, _strategy_value("DaemonSetUpdateStrategy", "RollingUpdateDaemonSet", strategy),
                        ["RollingUpdate", "OnDelete"])


def _validate_statefulset(ctx: _Ctx) -> None:
    spec = _spec(ctx)
    if spec is None:
        return
    policy = spec.get("podManagementPolicy")
    if isinstance(policy, str) and policy and policy not in ("OrderedReady", "Parallel"):
        ctx.invalid("value.invalid", ("spec", "podManagementPolicy"), policy, _rule("rule.pod_management"))
    strategy = spec.get("updateStrategy")
    if isinstance(strategy, dict):
        kind = strategy.get("type") or "RollingUpdate"
        rolling = strategy.get("rollingUpdate")
        if kind == "OnDelete" and rolling is not None:
            partition = _i((_d(rolling) or {}).get("partition")) or 0
            value = GoValue(
                f"apps.RollingUpdateStatefulSetStrategy{{Partition:{partition}, "
                f"MaxUnavailable:(*intstr.IntOrString)(nil)}}", rolling)
            ctx.invalid("strategy.invalid", ("spec", "updateStrategy", "rollingUpdate"), value,
                        _rule("rule.sts_on_delete_rolling"))
        elif kind == "RollingUpdate" and isinstance(rolling, dict):
            ctx.nonnegative(("spec", "updateStrategy", "rollingUpdate", "partition"), rolling.get("partition"))
        elif kind not in ("OnDelete", "RollingUpdate") and isinstance(kind, str):
            value = _strategy_value("StatefulSetUpdateStrategy", "RollingUpdateStatefulSetStrategy", strategy)
            ctx.invalid("strategy.invalid", ("spec", "updateStrategy"), value, _rule("rule.sts_strategy"))
    retention = spec.get("persistentVolumeClaimRetentionPolicy")
    if isinstance(retention, dict) and ctx.at_least((1, 27)):
        for field in ("whenDeleted", "whenScaled"):
            value = retention.get(field)
            if isinstance(value, str) and value not in ("Retain", "Delete"):
                ctx.unsupported(("spec", "persistentVolumeClaimRetentionPolicy", field), value, ["Retain", "Delete"])
    ctx.nonnegative(("spec", "replicas"), spec.get("replicas"))
    ctx.nonnegative(("spec", "minReadySeconds"), spec.get("minReadySeconds"))
    ordinals = _d(spec.get("ordinals")) or {}
    start = _i(ordinals.get("start"))
    if start is not None and start < 0 and ctx.at_least((1, 27)):
        ctx.invalid("value.negative", ("spec", "ordinals.start"), start, _rule("rule.nonnegative"),
                    pos=("spec", "ordinals", "start"))
    state, selector = _apps_selector(ctx, spec, "statefulset")
    if state == "invalid":
        ctx.invalid("selector.invalid", ("spec", "selector"), go_selector(selector), "")
    template = _template_of(spec)
    if template is None:
        return
    if state != "invalid":
        _check_template_match(ctx, state, selector, template)
    # The server checks only the labels and annotations of a StatefulSet's pod template (the PodSpec is
    # validated when the controller creates the pods): ValidatePodTemplateSpecForStatefulSet.
    _pod_template(ctx, ("spec", "template"), template, validate_spec=False)
    _template_restart_policy(ctx, ("spec", "template"), template, ["Always"], ctx.kind)
    _no_active_deadline(ctx, ("spec", "template"), template, "StatefulSet")
