"""PodSpec (pkg/apis/core/validation ValidatePodSpec), pod templates, and the Pod and PodTemplate kinds."""

from __future__ import annotations

from ._common import _MAX_INT32, _d, _i, _items, _l
from .containers import _validate_containers, _validate_init_containers
from .context import _Ctx, _spec
from .metadata import _validate_annotations, _validate_labels
from .scheduling import _validate_affinity, _validate_tolerations
from .syntax import _rule, dns1123_label, dns1123_subdomain
from .volumes import _validate_volumes


def _validate_pod_spec(ctx: _Ctx, path: tuple, spec: dict, is_pod: bool, absent: bool = False) -> None:
    """ValidatePodSpec; ``absent`` when the manifest has no spec here at all (the schema then says nothing)."""
    volumes = _validate_volumes(ctx, path + ("volumes",), spec.get("volumes"))
    containers = spec.get("containers")
    if absent and containers is None:
        containers = []
    names = _validate_containers(ctx, path + ("containers",), containers, volumes, is_pod)
    _validate_init_containers(ctx, path + ("initContainers",), spec.get("initContainers"), names, volumes, is_pod)
    policy = spec.get("restartPolicy")
    if isinstance(policy, str) and policy and policy not in ("Always", "OnFailure", "Never"):
        ctx.unsupported(path + ("restartPolicy",), policy, ["Always", "OnFailure", "Never"])
    dns = spec.get("dnsPolicy")
    if isinstance(dns, str) and dns and dns not in ("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"):
        ctx.unsupported(path + ("dnsPolicy",), dns, ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"])
    if dns == "None":
        config = spec.get("dnsConfig")
        if not isinstance(config, dict):
            ctx.required("value.required", path + ("dnsConfig",), "must provide `dnsConfig` when `dnsPolicy` is None")
        elif not _l(config.get("nameservers")):
            ctx.required("value.required", path + ("dnsConfig", "nameservers"),
                         "must provide at least one DNS nameserver when `dnsPolicy` is None")
    _validate_labels(ctx, path + ("nodeSelector",), spec.get("nodeSelector"))
    for field, rules in (("serviceAccountName", dns1123_subdomain), ("nodeName", dns1123_subdomain),
                         ("hostname", dns1123_label), ("subdomain", dns1123_label),
                         ("priorityClassName", dns1123_subdomain)):
        value = spec.get(field)
        if isinstance(value, str) and value:
            ctx.invalid_all("value.invalid", path + (field,), value, rules(value))
    deadline = _i(spec.get("activeDeadlineSeconds"))
    if deadline is not None and not 1 <= deadline <= _MAX_INT32:
        ctx.invalid("value.out_of_range", path + ("activeDeadlineSeconds",), deadline,
                    _rule("rule.range", lo=1, hi=_MAX_INT32), lo=1, hi=_MAX_INT32)
    preemption = spec.get("preemptionPolicy")
    if isinstance(preemption, str) and preemption not in ("PreemptLowerPriority", "Never"):
        ctx.unsupported(path + ("preemptionPolicy",), preemption, ["PreemptLowerPriority", "Never"])
    _validate_tolerations(ctx, path + ("tolerations",), spec.get("tolerations"))
    _validate_affinity(ctx, path + ("affinity",), spec.get("affinity"))
    if spec.get("hostNetwork") is True:
        for i, c in _items(spec.get("containers")):
            for j, port in _items(c.get("ports")):
                host, cport = _i(port.get("hostPort")), _i(port.get("containerPort"))
                if host and cport is not None and host != cport:
                    ctx.invalid("value.invalid", path + ("containers", i, "ports", j, "hostPort"), host,
                                _rule("rule.host_network_port"))


# --- pod templates, as the workload controllers embed them ----------------------------------------


def _template_of(spec: dict, key: str = "template") -> dict | None:
    template = spec.get(key)
    if template is None:
        return {}
    return template if isinstance(template, dict) else None
def _pod_template(ctx: _Ctx, path: tuple, template: dict, validate_spec: bool = True) -> None:
    """ValidatePodTemplateSpec: labels and annotations (reported under ``template.labels``) and the PodSpec."""
    meta = _d(template.get("metadata")) or {}
    _validate_labels(ctx, path + ("labels",), meta.get("labels"), pos=path + ("metadata", "labels"))
    _validate_annotations(ctx, path + ("annotations",), meta.get("annotations"), pos=path + ("metadata", "annotations"))
    spec = template.get("spec")
    absent = spec is None
    spec = {} if spec is None else spec
    if validate_spec and isinstance(spec, dict):
        _validate_pod_spec(ctx, path + ("spec",), spec, is_pod=False, absent=absent)
        if _l(spec.get("ephemeralContainers")):
            ctx.forbidden("value.forbidden", path + ("spec", "ephemeralContainers"), _rule("rule.no_ephemeral"))


def _template_restart_policy(ctx: _Ctx, path: tuple, template: dict, allowed: list[str], controller: str) -> None:
    """The restart policies a controller accepts, read after defaulting (a template without one is Always)."""
    spec = _d(template.get("spec")) or {}
    policy = spec.get("restartPolicy")
    policy = "Always" if policy in (None, "") else policy
    if isinstance(policy, str) and policy not in allowed:
        ctx.unsupported(path + ("spec", "restartPolicy"), policy, allowed, code="restart_policy.unsupported",
                        controller=controller, allowed=" 또는 ".join(allowed))


def _no_active_deadline(ctx: _Ctx, path: tuple, template: dict, owner: str) -> None:
    if (_d(template.get("spec")) or {}).get("activeDeadlineSeconds") is not None:
        ctx.forbidden("value.forbidden", path + ("spec", "activeDeadlineSeconds"),
                      _rule("rule.no_active_deadline", owner=owner))


# --- the Pod and PodTemplate kinds ---------------------------------------------------------------


def _validate_pod(ctx: _Ctx) -> None:
    spec = _spec(ctx)
    if spec is not None:
        _validate_pod_spec(ctx, ("spec",), spec, is_pod=True, absent=ctx.data.get("spec") is None)


def _validate_pod_template_kind(ctx: _Ctx) -> None:
    template = _template_of(ctx.data)
    if template is not None:
        _pod_template(ctx, ("template",), template)
