"""Jobs and CronJobs (pkg/apis/batch/validation), with the cron schedule parser the controller uses."""

from __future__ import annotations

import copy
import re

from ._common import _d, _s, _str_map
from .context import _Ctx, _spec
from .podspec import _pod_template, _template_of, _template_restart_policy
from .selectors import _mismatch, _template_labels, _validate_selector, selector_matches
from .syntax import _rule
from .values import _go_quote, go_map, go_selector


def _job_generated_labels(ctx: _Ctx, name: str, uid: str) -> tuple[dict, dict]:
    """The selector and template labels a Job's generated selector adds (batch strategy generateSelector)."""
    if ctx.at_least((1, 27)):
        selector = {"batch.kubernetes.io/controller-uid": uid}
        template = {"controller-uid": uid, "batch.kubernetes.io/controller-uid": uid,
                    "job-name": name, "batch.kubernetes.io/job-name": name}
    else:
        selector = {"controller-uid": uid}
        template = {"controller-uid": uid, "job-name": name}
    return selector, template


def _validate_job_spec(ctx: _Ctx, path: tuple, spec: dict) -> dict | None:
    """validateJobSpec: counts, the pod template and its restart policy."""
    for field in ("parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished"):
        ctx.nonnegative(path + (field,), spec.get(field))
    template = _template_of(spec)
    if template is None:
        return None
    _pod_template(ctx, path + ("template",), template)
    _template_restart_policy(ctx, path + ("template",), template, ["OnFailure", "Never"], "Job")
    return template


def _validate_job(ctx: _Ctx) -> None:
    spec = _spec(ctx)
    if spec is None:
        return
    template = _validate_job_spec(ctx, ("spec",), spec)
    selector = spec.get("selector")
    if selector is not None and not isinstance(selector, dict) or template is None:
        return
    labels = dict(_template_labels(template) or {})
    meta = _d(ctx.data.get("metadata")) or {}
    if spec.get("manualSelector") is True:
        if selector is None:
            ctx.required("selector.required", ("spec", "selector"))
            _mismatch(ctx, ("spec", "template", "metadata", "labels"), _template_labels(template))
        elif _validate_selector(ctx, ("spec", "selector"), selector) and not selector_matches(selector, labels):
            _mismatch(ctx, ("spec", "template", "metadata", "labels"), _template_labels(template))
        return
    if selector is None:
        return  # generated from the Job's uid: always matches
    uid = _s(meta.get("uid")) or "<uid>"
    added_selector, added_template = _job_generated_labels(ctx, ctx.name, uid)
    effective = copy.deepcopy(selector)
    effective["matchLabels"] = {**(_str_map(selector.get("matchLabels")) or {}), **added_selector}
    for key, value in added_template.items():
        labels.setdefault(key, value)
    if not _validate_selector(ctx, ("spec", "selector"), selector):
        return
    if not selector_matches(effective, added_template):
        ctx.invalid("selector.not_generated", ("spec", "selector"), go_selector(effective),
                    _rule("rule.selector_not_generated"))
    if not selector_matches(effective, labels):
        ctx.invalid("selector.mismatch", ("spec", "template", "metadata", "labels"), go_map(labels),
                    _rule("rule.selector_mismatch"))


# --- CronJob and its schedule --------------------------------------------------------------------

_CRON_BOUNDS = (  # robfig/cron v3 (what the CronJob controller parses with)
    (0, 59, None), (0, 23, None), (1, 31, None),
    (1, 12, {m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())}),
    (0, 6, {d: i for i, d in enumerate("sun mon tue wed thu fri sat".split())}),
)
_CRON_DESCRIPTORS = {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}


def cron_error(schedule: str) -> str | None:
    """Why ``cron.ParseStandard`` refuses a schedule, in its words; None when it parses."""
    spec = schedule
    if not spec:
        return "empty spec string"
    if spec.startswith(("TZ=", "CRON_TZ=")):
        if " " not in spec:
            return "missing spec after timezone"
        spec = spec[spec.index(" "):].strip()
    if spec.startswith("@"):
        if spec in _CRON_DESCRIPTORS:
            return None
        if spec.startswith("@every "):
            duration = spec[len("@every "):]
            if re.fullmatch(r"([0-9]*(\.[0-9]*)?(ns|us|µs|μs|ms|s|m|h))+|0", duration.strip()):
                return None
            return f'failed to parse duration {spec}: time: invalid duration "{duration}"'
        return f"unrecognized descriptor: {spec}"
    fields = spec.split()
    if len(fields) != 5:
        return f"expected exactly 5 fields, found {len(fields)}: [{' '.join(fields)}]"
    for text, (low, high, names) in zip(fields, _CRON_BOUNDS):
        for expr in text.split(","):
            problem = _cron_range(expr, low, high, names)
            if problem:
                return problem
    return None


def _cron_int(expr: str) -> tuple[int | None, str | None]:
    if not re.fullmatch(r"[+-]?\d+", expr):
        return None, f'failed to parse int from {expr}: strconv.Atoi: parsing {_go_quote(expr)}: invalid syntax'
    num = int(expr)
    if num < 0:
        return None, f"negative number ({num}) not allowed: {expr}"
    return num, None


def _cron_range(expr: str, low: int, high: int, names: dict | None) -> str | None:
    range_step = expr.split("/")
    bounds = range_step[0].split("-")
    if bounds[0] in ("*", "?"):
        start, end = low, high
    else:
        values = []
        if len(bounds) > 2:
            return f"too many hyphens: {expr}"
        for part in bounds:
            if names and part.lower() in names:
                values.append(names[part.lower()])
                continue
            num, problem = _cron_int(part)
            if problem:
                return problem
            values.append(num)
        start, end = values[0], values[-1]
    if len(range_step) == 2:
        step, problem = _cron_int(range_step[1])
        if problem:
            return problem
        if len(bounds) == 1:
            end = high
    elif len(range_step) > 2:
        return f"too many slashes: {expr}"
    else:
        step = 1
    if start < low:
        return f"beginning of range ({start}) below minimum ({low}): {expr}"
    if end > high:
        return f"end of range ({end}) above maximum ({high}): {expr}"
    if start > end:
        return f"beginning of range ({start}) beyond end of range ({end}): {expr}"
    if step == 0:
        return f"step of range should be a positive number: {expr}"
    return None


def _validate_cronjob(ctx: _Ctx) -> None:
    spec = _spec(ctx)
    if spec is None:
        return
    schedule = spec.get("schedule")
    if schedule == "":
        ctx.required("value.required", ("spec", "schedule"))
    elif isinstance(schedule, str):
        problem = cron_error(schedule)
        if problem:
            ctx.invalid("cronjob.schedule_invalid", ("spec", "schedule"), schedule, problem)
    for field in ("startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"):
        ctx.nonnegative(("spec", field), spec.get(field))
    policy = spec.get("concurrencyPolicy")
    if isinstance(policy, str) and policy and policy not in ("Allow", "Forbid", "Replace"):
        ctx.unsupported(("spec", "concurrencyPolicy"), policy, ["Allow", "Forbid", "Replace"])
    job_spec = _spec(ctx, ("spec", "jobTemplate", "spec"))
    if job_spec is None:
        return
    path = ("spec", "jobTemplate", "spec")
    _validate_job_spec(ctx, path, job_spec)
    selector = job_spec.get("selector")
    if isinstance(selector, dict):
        ctx.invalid("selector.generated", path + ("selector",), go_selector(selector),
                    _rule("rule.selector_will_be_generated"))
    if job_spec.get("manualSelector") is True:
        ctx.unsupported(path + ("manualSelector",), True, ["nil", "false"])
