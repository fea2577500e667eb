"""The check types of an exercise: each looks at the graded cluster and says passed or not, and why.

A check function takes the :class:`Context` and the check's parameters and returns (passed, detail),
the detail in English and Korean. docs/authoring.md describes each type for authors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from sandbox.engine import Cluster
from sandbox.engine.apiserver import APIError
from sandbox.engine.kubectl import jsonpath
from sandbox.engine.labels import SelectorError, parse_label_selector
from sandbox.engine.validate import ValidationResult

from .exercises import Check, Exercise
from .results import CheckResult


class Unsupported(Exception):
    """The engine cannot do what a check or step needs (yet)."""


def say(en: str, ko: str) -> dict[str, str]:
    return {"en": en, "ko": ko}


@dataclass
class Context:
    """What the checks can see: the cluster, and what the submission and scenario produced."""

    cluster: Cluster  # None for the checks that read only the submission (see reads_submission)
    exercise: Exercise
    validation: list[ValidationResult]
    transcript: list[dict[str, Any]]
    apply_warnings: list[str]
    scenario_requests: list[dict[str, Any]] = field(default_factory=list)


Outcome = tuple[bool, dict[str, str]]  # (passed, detail {en, ko})


def _ns(params: dict) -> str:
    return str(params.get("namespace") or "default")


def _get(cluster: Cluster, kind: str, name: str, namespace: str) -> dict | None:
    resource = cluster.resource(kind)
    if resource is None:
        raise Unsupported(f"unknown kind {kind}")
    try:
        return cluster.get(resource.kind, name, namespace)
    except APIError:
        return None


def _live(obj: dict) -> bool:
    """Not being deleted, and (for pods) not finished or evicted."""
    if (obj.get("metadata") or {}).get("deletionTimestamp"):
        return False
    return (obj.get("status") or {}).get("phase") not in ("Succeeded", "Failed")


def _pod_ready(pod: dict) -> bool:
    return any(
        c.get("type") == "Ready" and c.get("status") == "True"
        for c in (pod.get("status") or {}).get("conditions") or []
    )


def select_live(cluster: Cluster, kind: str, selector: str, namespace: str) -> list[dict]:
    resource = cluster.resource(kind)
    if resource is None:
        raise Unsupported(f"unknown kind {kind}")
    parse_label_selector(selector)  # raises SelectorError for a malformed selector in the exercise
    ns = None if namespace == "*" else namespace
    return [o for o in cluster.list(resource.kind, ns, label_selector=selector or None) if _live(o)]


def check_valid(ctx: Context, params: dict) -> Outcome:
    if ctx.exercise.kind == "kubectl":
        failed = [t for t in ctx.transcript if t["exit_code"] != 0]
        if not ctx.transcript:
            return False, say("No commands were run.", "실행된 명령이 없습니다.")
        if failed:
            cmd = failed[0]["command"]
            return False, say(f"`{cmd}` failed.", f"`{cmd}` 명령이 실패했습니다.")
        return True, say("Every command succeeded.", "모든 명령이 성공했습니다.")
    if not ctx.validation:
        return False, say("There is no manifest.", "매니페스트가 없습니다.")
    errors = sum(len(r.errors) for r in ctx.validation)
    if errors:
        return False, say(f"{errors} validation error(s).", f"검증 오류 {errors}개.")
    if params.get("no_warnings"):
        warnings = sum(len(r.warnings) for r in ctx.validation)
        if warnings:
            return False, say(f"{warnings} warning(s).", f"경고 {warnings}개.")
    return True, say("The API server accepts every document.", "API 서버가 모든 문서를 받아들입니다.")


def check_no_warnings(ctx: Context, params: dict) -> Outcome:
    if ctx.exercise.kind == "manifest" and not ctx.validation:
        return False, say("There is no manifest.", "매니페스트가 없습니다.")
    warnings = [w.message_en for r in ctx.validation for w in r.warnings] + ctx.apply_warnings
    if warnings:
        return False, say(f"Warning: {warnings[0]}", f"경고: {warnings[0]}")
    return True, say("No warnings.", "경고가 없습니다.")


def check_exists(ctx: Context, params: dict) -> Outcome:
    kind, name, ns = params["kind"], params["name"], _ns(params)
    if _get(ctx.cluster, kind, name, ns) is None:
        return False, say(
            f"There is no {kind} {name} in namespace {ns}.", f"네임스페이스 {ns}에 {kind} {name}이(가) 없습니다."
        )
    return True, say(f"{kind} {name} exists.", f"{kind} {name}이(가) 있습니다.")


def _same(found: Any, wanted: Any) -> bool:
    """Equal as YAML means it: 3 == 3.0, "80" == 80 (authors write values unquoted), true == "true"."""
    if isinstance(found, (dict, list)) or isinstance(wanted, (dict, list)):
        return found == wanted
    return jsonpath.text_of(found) == jsonpath.text_of(wanted) or found == wanted


def _matches(found: list, params: dict) -> bool:
    if "equals" in params:
        wanted = params["equals"]
        if isinstance(wanted, list):
            if len(found) == 1 and isinstance(found[0], list):  # `.spec.accessModes` is one value, a list
                found = found[0]
            return len(found) == len(wanted) and all(_same(a, b) for a, b in zip(found, wanted))
        return len(found) == 1 and _same(found[0], wanted)
    pattern = re.compile(str(params["matches"]))
    return bool(found) and all(pattern.fullmatch(jsonpath.text_of(v)) for v in found)


def check_field(ctx: Context, params: dict) -> Outcome:
    kind, name, ns, path = params["kind"], params["name"], _ns(params), params["path"]
    obj = _get(ctx.cluster, kind, name, ns)
    if obj is None:
        return False, say(
            f"There is no {kind} {name} in namespace {ns}.", f"네임스페이스 {ns}에 {kind} {name}이(가) 없습니다."
        )
    try:
        found = jsonpath.values(path, obj)
    except jsonpath.JSONPathError as exc:
        raise Unsupported(f"bad path {path}: {exc}") from None
    shown = " ".join(jsonpath.text_of(v) for v in found) if found else "(none)"
    shown_ko = shown if found else "(없음)"
    if _matches(found, params):
        return True, say(f"{path} is {shown}.", f"{path} 값은 {shown}입니다.")
    return False, say(f"{path} is {shown}.", f"{path} 값은 {shown_ko}입니다.")


def _within(value: int, params: dict) -> bool:
    if "equals" in params and value != params["equals"]:
        return False
    if "min" in params and value < params["min"]:
        return False
    return not ("max" in params and value > params["max"])


def check_count(ctx: Context, params: dict) -> Outcome:
    kind = params.get("kind", "Pod")
    objects = select_live(ctx.cluster, kind, str(params.get("selector", "")), _ns(params))
    if params.get("ready"):
        objects = [o for o in objects if _pod_ready(o)]
    n = len(objects)
    what = f"{n} {'ready ' if params.get('ready') else ''}{kind}(s)"
    what_ko = f"{'준비된 ' if params.get('ready') else ''}{kind} {n}개"
    sel = params.get("selector")
    where_en = f" match {sel}" if sel else ""
    where_ko = f"{sel}에 맞는 " if sel else ""
    return _within(n, params), say(f"{what}{where_en}.", f"{where_ko}{what_ko}.")


def check_ready_replicas(ctx: Context, params: dict) -> Outcome:
    kind, name, ns = params.get("kind", "Deployment"), params["name"], _ns(params)
    obj = _get(ctx.cluster, kind, name, ns)
    if obj is None:
        return False, say(
            f"There is no {kind} {name} in namespace {ns}.", f"네임스페이스 {ns}에 {kind} {name}이(가) 없습니다."
        )
    status = obj.get("status") or {}
    ready = int(status.get("readyReplicas") or 0)
    ok = _within(ready, params)
    detail = say(f"{kind} {name} has {ready} ready replica(s).", f"{kind} {name}의 준비된 레플리카는 {ready}개입니다.")
    if ok and params.get("up_to_date"):
        updated = int(status.get("updatedReplicas") or 0)
        wanted = int((obj.get("spec") or {}).get("replicas", 1))
        if updated < wanted or ready < wanted:
            return False, say(
                f"{kind} {name}: {updated} of {wanted} replica(s) up to date, {ready} ready.",
                f"{kind} {name}: 최신 레플리카 {updated}/{wanted}개, 준비된 레플리카 {ready}개.",
            )
    return ok, detail


def check_spread(ctx: Context, params: dict) -> Outcome:
    pods = select_live(ctx.cluster, "Pod", params["selector"], _ns(params))
    nodes = sorted({(p.get("spec") or {}).get("nodeName") for p in pods} - {None, ""})
    shown = ", ".join(nodes) or "-"
    detail = say(
        f"Pods of {params['selector']} run on {len(nodes)} node(s): {shown}.",
        f"{params['selector']} 파드가 노드 {len(nodes)}개에서 실행됩니다: {shown}.",
    )
    return len(nodes) >= params["min_nodes"], detail


def send_requests(cluster: Cluster, url: str, n: int) -> dict[str, Any]:
    """``Cluster.request`` as plain data: {"answered": {pod: n}, "errors": {reason: n}}."""
    request = getattr(cluster, "request", None)
    if request is None:
        raise Unsupported("the sandbox cannot send requests yet (Cluster.request is missing)")
    try:
        report = request(url, n=n)
    except ValueError as exc:  # a URL the sandbox cannot parse or route
        return {"sent": n, "answered": {}, "errors": {str(exc): n}}
    if isinstance(report, dict):
        answered, errors = dict(report.get("answered") or {}), dict(report.get("errors") or {})
    else:
        answered, errors = dict(report.answered), dict(report.errors)
    # The answering pods' labels as they are now: a rollout may delete them before the checks look.
    labels = {
        p["metadata"]["name"]: p["metadata"].get("labels") or {}
        for p in cluster.list("Pod")
        if p["metadata"]["name"] in answered
    }
    return {"sent": n, "answered": answered, "errors": errors, "labels": labels}


def check_traffic(ctx: Context, params: dict) -> Outcome:
    if params.get("scenario"):
        results = ctx.scenario_requests
        if not results:
            return False, say("The scenario sent no requests.", "시나리오가 요청을 보내지 않았습니다.")
    else:
        results = [send_requests(ctx.cluster, params["url"], int(params.get("n", 20)))]
    answered: dict[str, int] = {}
    errors: dict[str, int] = {}
    labels: dict[str, dict] = {}
    for result in results:
        labels.update(result.get("labels") or {})
        for pod, count in (result.get("answered") or {}).items():
            answered[pod] = answered.get(pod, 0) + int(count)
        for reason, count in (result.get("errors") or {}).items():
            if count:
                errors[reason] = errors.get(reason, 0) + int(count)
    failed = sum(errors.values())
    label = params.get("url")
    label_en = label or "during the scenario"
    label_ko = f"{label}(으)로 보낸" if label else "시나리오 동안 보낸"
    if failed > int(params.get("max_errors", 0)):
        reasons = ", ".join(f"{k} x{v}" for k, v in sorted(errors.items()))
        return False, say(
            f"{failed} request(s) {'to ' + label if label else label_en} failed: {reasons}.",
            f"{label_ko} 요청 {failed}개가 실패했습니다: {reasons}.",
        )
    if not answered:
        return False, say(
            f"No pod answered the requests {'to ' + label if label else label_en}.",
            f"{label_ko} 요청에 응답한 파드가 없습니다.",
        )
    if params.get("to"):
        selector = parse_label_selector(str(params["to"]))
        strangers = sorted(pod for pod in answered if not selector.matches(labels.get(pod, {})))
        if strangers:
            return False, say(
                f"{strangers[0]} answered but does not match {params['to']}.",
                f"{strangers[0]} 파드가 응답했지만 {params['to']}에 맞지 않습니다.",
            )
    pods = len(answered)
    if pods < int(params.get("min_pods", 1)):
        return False, say(
            f"Only {pods} pod(s) answered; {params['min_pods']} expected.",
            f"응답한 파드가 {pods}개뿐입니다. {params['min_pods']}개가 필요합니다.",
        )
    total = sum(answered.values())
    return True, say(
        f"{total} request(s) answered by {pods} pod(s).", f"요청 {total}개를 파드 {pods}개가 처리했습니다."
    )


def check_kubectl_output(ctx: Context, params: dict) -> Outcome:
    code, output = ctx.cluster.kubectl(params["command"])
    if "exit_code" in params and code != params["exit_code"]:
        return False, say(
            f"`kubectl {params['command']}` exited with {code}.",
            f"`kubectl {params['command']}` 종료 코드가 {code}입니다.",
        )
    first = (output.strip().splitlines() or [""])[0][:120]
    if "contains" in params:
        ok = str(params["contains"]) in output
    else:
        ok = re.search(str(params["matches"]), output, re.M) is not None
    return ok, say(f"`kubectl {params['command']}` printed: {first}", f"`kubectl {params['command']}` 출력: {first}")


CHECKS: dict[str, Callable[[Context, dict], Outcome]] = {
    "valid": check_valid,
    "exists": check_exists,
    "field": check_field,
    "count": check_count,
    "ready_replicas": check_ready_replicas,
    "spread": check_spread,
    "traffic": check_traffic,
    "kubectl_output": check_kubectl_output,
    "no_warnings": check_no_warnings,
    # "survives" is an inner check evaluated after the scenario (see after_scenario)
}


def evaluate(check: Check, ctx: Context) -> CheckResult:
    ctype, params = check.type, check.params
    if ctype == "survives":
        inner = dict(params["check"])
        ctype = inner.pop("type")
        params = inner
    try:
        passed, detail = CHECKS[ctype](ctx, params)
    except Unsupported as exc:
        passed, detail = False, say(f"Could not check: {exc}.", f"확인할 수 없습니다: {exc}.")
    except SelectorError as exc:
        passed, detail = (
            False,
            say(f"Bad selector in the exercise: {exc}.", f"연습 문제의 셀렉터가 잘못되었습니다: {exc}."),
        )
    feedback = check.feedback["pass" if passed else "fail"]
    return CheckResult(
        check.id,
        passed,
        check.points if passed else 0,
        check.points,
        feedback["en"],
        feedback["ko"],
        detail["en"],
        detail["ko"],
    )


# The check types that look at the submission (validation, transcript, warnings) and not at the cluster.
# The grader evaluates every other check of a submission that changed nothing once per exercise, so a new
# check type that reads ctx.validation, ctx.transcript or ctx.apply_warnings must be listed here.
SUBMISSION_CHECKS = frozenset({"valid", "no_warnings"})


def reads_submission(check: Check) -> bool:
    ctype = check.params["check"]["type"] if check.type == "survives" else check.type
    return ctype in SUBMISSION_CHECKS


def after_scenario(check: Check) -> bool:
    return check.type == "survives" or (check.type == "traffic" and bool(check.params.get("scenario")))
