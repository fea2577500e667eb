"""HorizontalPodAutoscaler (autoscaling/v1): replica bounds, target reference and CPU target."""

from __future__ import annotations

from ._common import _d, _i
from .context import _Ctx, _spec
from .syntax import _rule, path_segment_name


def _validate_hpa(ctx: _Ctx) -> None:
    spec = _spec(ctx)
    if spec is None:
        return
    minimum = spec.get("minReplicas")
    minimum = 1 if minimum is None else _i(minimum)
    maximum = _i(spec.get("maxReplicas"))
    if minimum is not None and minimum < 1:
        ctx.invalid("value.invalid", ("spec", "minReplicas"), minimum, _rule("rule.min_value", min=1))
    if maximum is not None:
        if maximum < 1:
            ctx.invalid("value.invalid", ("spec", "maxReplicas"), maximum, _rule("rule.greater_than_zero"))
        if minimum is not None and maximum < minimum:
            ctx.invalid("value.invalid", ("spec", "maxReplicas"), maximum, _rule("rule.max_below_min"))
    ref = _d(spec.get("scaleTargetRef")) or {}
    for field in ("kind", "name"):
        value = ref.get(field)
        if value == "":
            ctx.required("value.required", ("spec", "scaleTargetRef", field))
        elif isinstance(value, str):
            ctx.invalid_all("value.invalid", ("spec", "scaleTargetRef", field), value, path_segment_name(value))
    target = _i(spec.get("targetCPUUtilizationPercentage"))
    if target is not None and target < 1:
        ctx.invalid("value.invalid", ("spec", "targetCPUUtilizationPercentage"), target,
                    _rule("rule.greater_than_zero"))
