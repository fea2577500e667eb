"""Grade one submission of an exercise in a fresh, deterministic sandbox.

    result = grade(exercise, text)      # -> GradeResult; result.to_json() is the `manage.py grade` JSON

The order is fixed: boot a cluster with the exercise's nodes and seed, apply the setup objects and
let it settle; apply the student's manifest (or run their kubectl commands, settling after each);
evaluate the checks; play the scenario (faults, updates, requests) and settle; evaluate the
``survives`` checks (and ``traffic`` checks over the scenario's requests). Same exercise + same text
-> the same result, byte for byte.

Bounded: a size limit before anything is parsed, tight sandbox quotas, virtual time capped per
settle, and a wall-clock guard checked between simulation steps (plus SIGALRM when grading runs in
the main thread, so even one long call is cut off). Over a limit, the result says so; it never hangs.

No Django imports: the CLI, the web views and benchmarks/grading.py all call :func:`grade`.
"""

from __future__ import annotations

import json
import marshal
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from sandbox.engine import Cluster, Quotas
from sandbox.engine.apiserver import APIError
from sandbox.engine.validate import ValidationResult, validate_text

from .check_types import (
    Context,
    Unsupported,
    after_scenario,
    evaluate,
    reads_submission,
    say,
    select_live,
    send_requests,
)
from .exercises import Exercise
from .results import CheckResult, GradeResult, result_from_json

__all__ = ["CheckResult", "GradeResult", "grade", "result_from_json"]

WALL_LIMIT = 2.0  # seconds of real time per submission
SETUP_WALL_LIMIT = 10.0  # an exercise's own setup, run once per process
MAX_SUBMISSION_CHARS = 64_000  # exercise answers are a few screens; 64k is plenty and parses in ~ms
MAX_COMMANDS = 40
SETTLE_LIMIT = 1800.0  # virtual seconds one "run: stable" may take
# Probes run on background timers, which "stable" does not wait for: after the setup and after the
# student's work, the grader lets this much virtual time pass (then settles again), as a person
# would wait before looking. Long enough for an image pull and a few probe periods.
GRACE_SECONDS = 30.0
GUARD_EVERY = 32  # simulation steps between wall-clock checks
QUOTAS = Quotas(nodes=10, pods=100, objects=600, frames=200, replicas_per_workload=50)
SUBMISSION_FILE = "submission.yaml"


class GradingTimeout(BaseException):
    """The wall-clock guard fired. A BaseException, so no ``except Exception`` in the engine swallows it."""


# --- the wall-clock guard ------------------------------------------------------------------------


class Guard:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.deadline = time.perf_counter() + seconds

    def check(self) -> None:
        if time.perf_counter() > self.deadline:
            raise GradingTimeout()


@contextmanager
def _alarm(seconds: float):
    """SIGALRM after ``seconds`` when we are the main thread (CLI, benchmarks); a no-op elsewhere."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def fire(signum, frame):
        raise GradingTimeout()

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def settle_and_wait(cluster: Cluster, guard: Guard) -> None:
    settle(cluster, guard)
    run_for(cluster, GRACE_SECONDS, guard)
    settle(cluster, guard)


def settle(cluster: Cluster, guard: Guard, limit: float = SETTLE_LIMIT) -> None:
    """``run(until="stable")``, one step at a time so the guard can stop it."""
    start = cluster.now
    steps = 0
    while not cluster.stable and cluster.now - start < limit:
        if not cluster.step():
            break
        steps += 1
        if steps % GUARD_EVERY == 0:
            guard.check()


def run_for(cluster: Cluster, seconds: float, guard: Guard) -> None:
    """``run(seconds=N)`` in one-second slices, checking the guard between them."""
    end = cluster.now + seconds
    while cluster.now < end:
        cluster.run(seconds=min(1.0, end - cluster.now))
        guard.check()


# --- the scenario ------------------------------------------------------------------------------


def play_step(cluster: Cluster, step: dict[str, Any], guard: Guard, requests: list[dict[str, Any]]) -> None:
    ((name, value),) = step.items()
    if name == "run":
        if value == "stable":
            settle(cluster, guard)
        else:
            run_for(cluster, float(value), guard)
    elif name == "delete_pod":
        ns = str(value.get("namespace") or "default")
        if value.get("name"):
            names = [value["name"]]
        else:
            pods = select_live(cluster, "Pod", str(value["selector"]), ns)
            names = sorted(p["metadata"]["name"] for p in pods)
            count = value.get("count", 1)
            names = names if count == "all" else names[: int(count)]
        delete = getattr(cluster, "delete_pod", None) or (
            lambda name, namespace: cluster.delete("Pod", name, namespace)
        )
        for pod in names:
            try:
                delete(pod, ns)
            except APIError:
                pass  # already gone: the student's pods may not exist at all
    elif name == "fail_node":
        fail = getattr(cluster, "fail_node", None)
        if fail is None:
            raise Unsupported("the sandbox cannot fail a node yet (Cluster.fail_node is missing)")
        fail(value)
    elif name == "set_image":
        ns = value.get("namespace") or "default"
        cluster.kubectl(f"set image deployment/{value['deployment']} {value['container']}={value['image']} -n {ns}")
    elif name == "scale":
        target = value.get("name") or f"deployment/{value['deployment']}"
        ns = value.get("namespace") or "default"
        cluster.kubectl(f"scale {target} --replicas={int(value['replicas'])} -n {ns}")
    elif name == "kubectl":
        cluster.kubectl(value)
    elif name == "request":
        requests.append(send_requests(cluster, value["url"], int(value.get("n", 20))))


# --- grading -----------------------------------------------------------------------------------


def _commands(text: str) -> list[str]:
    """The submission of a kubectl exercise: one command per line; blank lines, comments and `$ ` ignored."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("$"):
            line = line[1:].strip()
        if not line or line.startswith("#"):
            continue
        out.append(line)
    return out


def _failed_result(exercise: Exercise, code: str, en: str, ko: str, **extra: Any) -> GradeResult:
    checks = [
        CheckResult(c.id, False, 0, c.points, c.feedback["fail"]["en"], c.feedback["fail"]["ko"], en, ko)
        for c in exercise.checks
    ]
    return GradeResult(exercise.key, checks, error={"code": code, "message_en": en, "message_ko": ko}, **extra)


def grade(exercise: Exercise, text: str, *, wall_limit: float = WALL_LIMIT) -> GradeResult:
    """Grade ``text`` (a manifest, or kubectl commands one per line) against ``exercise``."""
    started = time.perf_counter()
    text = text if isinstance(text, str) else str(text)
    if len(text) > MAX_SUBMISSION_CHARS:
        result = _failed_result(
            exercise,
            "too_large",
            f"The submission is {len(text):,} characters long; the limit is {MAX_SUBMISSION_CHARS:,}.",
            f"제출물이 {len(text):,}자입니다. 한도는 {MAX_SUBMISSION_CHARS:,}자입니다.",
        )
        result.elapsed = time.perf_counter() - started
        return result
    guard = Guard(wall_limit)
    validation: list[ValidationResult] = []
    transcript: list[dict[str, Any]] = []
    try:
        with _alarm(wall_limit + 0.5):  # the cooperative guard should fire first; this catches one long call
            result = _grade(exercise, text, guard, validation, transcript)
    except GradingTimeout:
        result = _failed_result(
            exercise,
            "timeout",
            f"Grading stopped after {wall_limit:g} s: the submission makes the sandbox do too much work.",
            f"채점을 {wall_limit:g}초 만에 멈췄습니다. 제출물이 샌드박스에 너무 많은 일을 시킵니다.",
            validation=validation,
            transcript=transcript,
        )
    result.elapsed = time.perf_counter() - started
    return result


# The boot and the setup are the same for every submission of an exercise, so they run once per process
# and every submission starts from a copy of their snapshot (restoring is deterministic: same state, same
# seeded RNG, same names next; tests/lessons/test_grading_cache.py compares it with a cluster built afresh).
# The snapshot is kept as marshal bytes of its JSON form: the same data json.loads would give, ~5x faster.
_SETUP_CACHE: dict[str, bytes | None] = {}  # exercise content hash -> snapshot (None: the setup failed)
SETUP_CACHE_SIZE = 64


def _setup_snapshot(exercise: Exercise) -> bytes | None:
    """The exercise's booted, set-up and settled cluster as a snapshot; None if the setup fails."""
    key = exercise.content_hash
    found = _SETUP_CACHE.get(key, False)  # False: not built yet (None: built, and the setup failed)
    if found is not False:
        return found
    setup = exercise.setup
    cluster = Cluster(nodes=setup.nodes, seed=setup.seed, quotas=QUOTAS, traces=False)
    ok = True
    if setup.objects.strip():
        ok = cluster.apply(setup.objects, "setup.yaml").ok
        if ok:
            settle_and_wait(cluster, Guard(SETUP_WALL_LIMIT))  # authored and bounded: not the student's budget
    if len(_SETUP_CACHE) >= SETUP_CACHE_SIZE:
        _SETUP_CACHE.clear()
        _UNTOUCHED_CACHE.clear()
    found = _SETUP_CACHE[key] = marshal.dumps(json.loads(json.dumps(cluster.snapshot()))) if ok else None
    return found


def _setup_cluster(exercise: Exercise, guard: Guard) -> Cluster | None:
    """A fresh cluster with the exercise's setup applied and settled; None if the setup fails."""
    snapshot = _setup_snapshot(exercise)
    return None if snapshot is None else Cluster.restore(marshal.loads(snapshot))


# A submission that sends nothing to the sandbox (unreadable YAML, an empty file, no commands) leaves the
# set-up cluster alone, so every such submission of an exercise sees the same cluster: the checks that look
# only at the cluster give the same results each time. They are computed once; only the checks that read
# the submission itself (valid, no_warnings) are evaluated per submission.
_UNTOUCHED_CACHE: dict[str, tuple[dict[str, CheckResult], dict[str, str] | None]] = {}


def _untouched_results(exercise: Exercise, guard: Guard) -> tuple[dict[str, CheckResult], dict[str, str] | None]:
    """The checks' results on the set-up cluster after the grace period and the scenario, once per exercise."""
    found = _UNTOUCHED_CACHE.get(exercise.content_hash)
    if found is None:
        cluster = _setup_cluster(exercise, guard)
        settle_and_wait(cluster, guard)
        ctx = Context(cluster, exercise, [], [], [])
        found = _UNTOUCHED_CACHE[exercise.content_hash] = _evaluate_checks(exercise, ctx, guard)
    return found


def _grade_untouched(exercise: Exercise, validation: list, transcript: list, guard: Guard) -> GradeResult:
    """Grade a submission that sent nothing to the sandbox, from the cached results of the cluster checks."""
    cached, scenario_error = _untouched_results(exercise, guard)
    ctx = Context(None, exercise, validation, transcript, [])
    checks = []
    for check in exercise.checks:
        if reads_submission(check) and not (scenario_error and after_scenario(check)):
            checks.append(evaluate(check, ctx))
        else:
            checks.append(replace(cached[check.id]))  # a copy: callers may change their result
    return GradeResult(exercise.key, checks, validation, transcript)


def _grade(exercise: Exercise, text: str, guard: Guard, validation: list, transcript: list) -> GradeResult:
    if _setup_snapshot(exercise) is None:  # an authoring mistake; `lessons check` reports it too
        return _failed_result(
            exercise,
            "setup",
            "The exercise's setup objects could not be applied.",
            "연습 문제의 준비 오브젝트를 적용할 수 없습니다.",
        )
    warnings: list[str] = []
    if exercise.kind == "manifest":
        validation.extend(validate_text(text, SUBMISSION_FILE))
        guard.check()
        unreadable = all(any(e.code.startswith("yaml.") for e in r.errors) for r in validation)
        if validation and unreadable:  # kubectl would stop before sending anything; don't parse it twice
            transcript.append(
                {
                    "command": f"kubectl apply -f {SUBMISSION_FILE}",
                    "exit_code": 1,
                    "output": "\n".join(f"error: {r.errors[0].message_en}" for r in validation),
                }
            )
        if not validation or unreadable:
            return _grade_untouched(exercise, validation, transcript, guard)
        cluster = _setup_cluster(exercise, guard)
        applied = cluster.apply(text, SUBMISSION_FILE)
        transcript.append(
            {
                "command": f"kubectl apply -f {SUBMISSION_FILE}",
                "exit_code": applied.exit_code,
                "output": applied.output,
            }
        )
        warnings = [line[len("Warning: ") :] for line in applied.output.splitlines() if line.startswith("Warning: ")]
    else:
        commands = _commands(text)
        if len(commands) > MAX_COMMANDS:
            return _failed_result(
                exercise,
                "too_many_commands",
                f"{len(commands)} commands; the limit is {MAX_COMMANDS}.",
                f"명령이 {len(commands)}개입니다. 한도는 {MAX_COMMANDS}개입니다.",
            )
        if not commands:
            return _grade_untouched(exercise, validation, transcript, guard)
        cluster = _setup_cluster(exercise, guard)
        for line in commands:
            code, output = cluster.kubectl(line)
            transcript.append(
                {
                    "command": line if line.startswith("kubectl") else f"kubectl {line}",
                    "exit_code": code,
                    "output": output,
                }
            )
            warnings += [o[len("Warning: ") :] for o in output.splitlines() if o.startswith("Warning: ")]
            settle(cluster, guard)
    settle_and_wait(cluster, guard)
    ctx = Context(cluster, exercise, validation, transcript, warnings)
    results, _ = _evaluate_checks(exercise, ctx, guard)
    return GradeResult(exercise.key, [results[c.id] for c in exercise.checks], validation, transcript)


def _evaluate_checks(
    exercise: Exercise, ctx: Context, guard: Guard
) -> tuple[dict[str, CheckResult], dict[str, str] | None]:
    """Every check by id (the ``survives`` ones after the scenario), and why the scenario could not run."""
    cluster = ctx.cluster
    results: dict[str, CheckResult] = {}
    scenario_error = None
    for check in exercise.checks:
        if not after_scenario(check):
            results[check.id] = evaluate(check, ctx)
            guard.check()
    if any(after_scenario(c) for c in exercise.checks):
        try:
            for step in exercise.scenario:
                play_step(cluster, step, guard, ctx.scenario_requests)
                guard.check()
            settle(cluster, guard)
        except Unsupported as exc:
            scenario_error = say(f"The scenario could not run: {exc}.", f"시나리오를 실행할 수 없습니다: {exc}.")
        for check in exercise.checks:
            if after_scenario(check):
                if scenario_error:
                    fail = check.feedback["fail"]
                    results[check.id] = CheckResult(
                        check.id,
                        False,
                        0,
                        check.points,
                        fail["en"],
                        fail["ko"],
                        scenario_error["en"],
                        scenario_error["ko"],
                    )
                else:
                    results[check.id] = evaluate(check, ctx)
                guard.check()
    return results, scenario_error
