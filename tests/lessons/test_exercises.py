"""Exercise files: the format, the loader, `lessons check` over exercises, and the grade/regrade commands."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.management import call_command

from lessons import content, exercises
from lessons.checks import check_exercise, check_exercises
from lessons.exercises import ExerciseFormatError, all_exercises, parse_exercise

ROOT = Path(__file__).resolve().parents[2]

GOOD = """\
title: {ko: "첫 파드", en: "First pod"}
prompt: {ko: "파드를 만드세요.", en: "Create a pod."}
kind: manifest
starter: |
  apiVersion: v1
  kind: Pod
  metadata:
    name: hello
  spec:
    containers:
    - name: web
      image: nginx
solution: |
  apiVersion: v1
  kind: Pod
  metadata:
    name: hello
  spec:
    containers:
    - name: web
      image: nginx:1.27
checks:
  - id: exists
    type: exists
    kind: Pod
    name: hello
    points: 1
    feedback:
      pass: {ko: "있습니다.", en: "It exists."}
      fail: {ko: "없습니다.", en: "It is missing."}
  - id: pinned
    type: field
    kind: Pod
    name: hello
    path: .spec.containers[0].image
    equals: nginx:1.27
    points: 2
    feedback:
      pass: {ko: "고정했습니다.", en: "Pinned."}
      fail: {ko: "태그를 고정하세요.", en: "Pin the tag."}
hints:
  - {ko: "태그를 쓰세요.", en: "Write a tag."}
"""


def parse(text: str = GOOD):
    return parse_exercise(text, "10-pods", "first-pod")


def test_a_good_exercise_loads():
    ex = parse()
    assert (ex.key, ex.kind, ex.max_score, len(ex.checks), len(ex.hints)) == ("10-pods/first-pod", "manifest", 3, 2, 1)
    assert ex.setup.nodes == 3 and ex.setup.seed == 1 and ex.scenario == ()
    assert len(ex.content_hash) == 64 and parse().content_hash == ex.content_hash
    assert parse(GOOD.replace("points: 2", "points: 3")).content_hash != ex.content_hash


@pytest.mark.parametrize(
    "change, message",
    [
        (("kind: manifest", "kind: helm"), "kind must be manifest or kubectl"),
        (("type: exists", "type: exist"), "unknown check type 'exist'"),
        (("    name: hello\n    points: 1", "    points: 1"), "a exists check needs name"),
        (("    equals: nginx:1.27\n", "    matches: '('\n"), "not a regular expression"),
        (("    equals: nginx:1.27\n", ""), "a field check needs one of equals, matches"),
        (("    points: 2", "    points: 0"), "points: a whole number from 1 to 20"),
        (('en: "Create a pod."', 'fr: "Créez un pod."'), "prompt: needs exactly the keys ko and en"),
        (("  - id: pinned", "  - id: exists"), "check ids must be unique"),
        (("    equals: nginx:1.27\n", "    equals: nginx:1.27\n    colour: blue\n"), "does not take colour"),
        (("hints:", "scenario:\n  - explode: node01\nhints:"), "unknown step 'explode'"),
        (("hints:", "scenario:\n  - run: forever\nhints:"), "`stable` or a number of seconds"),
        (("hints:", "setup: {nodes: 40}\nhints:"), "setup.nodes: a whole number from 1 to 10"),
        (("title:", "colour: blue\ntitle:"), "unknown keys colour"),
    ],
)
def test_format_errors_name_the_file_and_the_problem(change, message):
    with pytest.raises(ExerciseFormatError) as info:
        parse(GOOD.replace(*change, 1))
    assert message in str(info.value) and "10-pods/exercises/first-pod.yaml" in str(info.value)


def test_a_survives_check_holds_one_check_and_not_another_survives():
    nested = GOOD.replace(
        "    type: exists\n    kind: Pod\n    name: hello\n",
        "    type: survives\n    check: {type: survives, check: {type: valid}}\n",
        1,
    )
    with pytest.raises(ExerciseFormatError, match="cannot hold another survives"):
        parse(nested)
    ok = GOOD.replace(
        "    type: exists\n    kind: Pod\n    name: hello\n",
        "    type: survives\n    check: {type: exists, kind: Pod, name: hello}\n",
        1,
    )
    assert parse(ok).checks[0].params == {"check": {"type": "exists", "kind": "Pod", "name": "hello"}}


def test_a_kubectl_exercise_takes_lists_of_commands():
    text = GOOD.replace("kind: manifest", "kind: kubectl").split("starter:")[0] + textwrap.dedent("""\
        starter:
          - kubectl get pods
        solution:
          - kubectl run hello --image=nginx:1.27
        checks:
          - id: exists
            type: exists
            kind: Pod
            name: hello
            points: 1
            feedback:
              pass: {ko: "있습니다.", en: "It exists."}
              fail: {ko: "없습니다.", en: "It is missing."}
        """)
    ex = parse(text)
    assert ex.starter == "kubectl get pods\n" and ex.solution == "kubectl run hello --image=nginx:1.27\n"
    with pytest.raises(ExerciseFormatError, match="list of one-line commands"):
        parse(text.replace("  - kubectl get pods", "  kubectl get pods"))


def write(root: Path, text: str = GOOD, stem: str = "first-pod") -> Path:
    from tests.lessons.conftest import write_lesson

    if not (root / "10-pods").exists():
        write_lesson(root)
    folder = root / "10-pods" / "exercises"
    folder.mkdir(exist_ok=True)
    path = folder / f"{stem}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_all_exercises_reloads_an_edited_file(tmp_path):
    path = write(tmp_path)
    assert all_exercises(tmp_path)["10-pods/first-pod"].max_score == 3
    path.write_text(GOOD.replace("points: 2", "points: 5"), encoding="utf-8")
    import os

    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10_000_000))
    assert all_exercises(tmp_path)["10-pods/first-pod"].max_score == 6


def test_a_broken_file_is_left_out_of_the_site_and_reported_by_the_check(tmp_path):
    write(tmp_path, GOOD.replace("kind: manifest", "kind: helm"))
    assert all_exercises(tmp_path) == {}
    count, problems = check_exercises(tmp_path)
    assert count == 0 and [p.where for p in problems] == ["10-pods/exercises/first-pod.yaml"]
    assert problems[0].message == "kind must be manifest or kubectl"


def test_check_accepts_a_good_exercise(tmp_path):
    write(tmp_path)
    assert check_exercises(tmp_path) == (1, [])


def test_check_reports_a_solution_without_full_marks():
    problems = [
        str(p) for p in check_exercise(parse(GOOD.replace("      image: nginx:1.27", "      image: nginx:1.26")))
    ]
    assert any("the solution fails check pinned" in p for p in problems)


def test_check_reports_a_starter_with_full_marks():
    ex = parse(GOOD.replace("      image: nginx\n", "      image: nginx:1.27\n", 1))
    assert any("the starter already earns full marks" in str(p) for p in check_exercise(ex))


def test_check_reports_a_check_that_cannot_fail():
    always = GOOD.replace(
        "    type: exists\n    kind: Pod\n    name: hello\n",
        "    type: count\n    kind: Namespace\n    selector: ''\n    min: 1\n",
        1,
    )
    problems = [str(p) for p in check_exercise(parse(always))]
    assert problems == [
        "10-pods/exercises/first-pod.yaml: check exists passes for the starter, an empty submission "
        "and every mutation of the solution: it cannot fail, so it tests nothing"
    ]


def test_every_real_exercise_passes_lessons_check():
    """Reference solutions score full marks, starters do not, and every check can fail."""
    count, problems = check_exercises()
    assert count >= 20
    assert not problems, "\n".join(map(str, problems))


def test_the_course_has_exercises_where_the_plan_marks_them():
    lessons = {e.lesson for e in all_exercises().values()}
    assert {
        "03-a-cluster-is-one-computer",
        "04-control-plane",
        "05-desired-state",
        "06-how-a-pod-is-born",
        "08-worker-node",
        "09-objects-and-manifests",
        "10-pods",
        "11-services",
        "12-ingress",
        "13-deployments",
        "14-volumes-and-storage",
    } <= lessons
    kinds = {e.kind for e in all_exercises().values()}
    assert kinds == {"manifest", "kubectl"}


# --- manage.py grade -----------------------------------------------------------------------------


def run_grade(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "grade", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_grade_command_exits_zero_for_full_marks_with_the_contract_json(tmp_path):
    from lessons.exercises import get_exercise

    ex = get_exercise("04-control-plane/what-happens-next")
    answer = tmp_path / "answer.yaml"
    answer.write_text(ex.solution, encoding="utf-8")
    result = run_grade("04-control-plane/what-happens-next", str(answer), "--output", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["score"] == data["max_score"] == ex.max_score
    assert data["checks"][0] == {**data["checks"][0], "id": "valid", "passed": True, "points": 1, "max_points": 1}
    assert {"feedback_en", "feedback_ko"} <= set(data["checks"][0])


def test_grade_command_exits_one_for_partial_marks_and_reads_stdin():
    from lessons.exercises import get_exercise

    ex = get_exercise("04-control-plane/what-happens-next")
    result = run_grade("04-control-plane/what-happens-next", "-", stdin=ex.starter)
    assert result.returncode == 1
    assert "FAIL etcd-writer" in result.stdout and result.stdout.strip().endswith(f"score 2/{ex.max_score}")


@pytest.mark.parametrize(
    "args", [("10-pods/no-such-exercise", "-"), ("10-pods/first-pod", "/no/such/file"), ("10-pods",)]
)
def test_grade_command_exits_two_on_usage_errors(args):
    assert run_grade(*args, stdin="").returncode == 2


# --- manage.py regrade ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_regrade_grades_again_only_submissions_of_changed_exercises(tmp_path, monkeypatch):
    from django.contrib.auth.models import User

    from lessons.models import Submission

    path = write(tmp_path)
    monkeypatch.setattr(content, "CONTENT_DIR", tmp_path)
    ex = exercises.load_exercise(path)
    alice = User.objects.create_user("alice")
    answer = ex.solution.replace("nginx:1.27", "nginx:1.26")
    old = Submission.objects.create(
        user=alice, exercise=ex.key, text=answer, score=1, max_score=3, results={}, content_hash=ex.content_hash
    )
    call_command("regrade")
    old.refresh_from_db()
    assert (old.score, old.results) == (1, {}), "unchanged exercise: left alone"
    path.write_text(GOOD.replace("equals: nginx:1.27", "equals: nginx:1.26"), encoding="utf-8")
    import os

    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10_000_000))
    call_command("regrade", exercise="10-pods/first-pod")
    old.refresh_from_db()
    assert (old.score, old.max_score) == (3, 3) and old.results["score"] == 3
    assert old.content_hash == exercises.load_exercise(path).content_hash


def test_the_worked_example_in_the_authoring_guide_is_a_good_exercise():
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    example = guide.split("### 7. 예제", 1)[1].split("```yaml\n", 1)[1].split("```\n", 1)[0]
    exercise = parse_exercise(example, "05-desired-state", "keep-three-running")
    assert check_exercise(exercise) == []


def test_the_guide_names_every_check_type_and_scenario_step():
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    for name in list(exercises.CHECK_PARAMS) + list(exercises.SCENARIO_STEPS):
        assert guide.count(f"| `{name}` |") == 2, f"{name} should be in both the Korean and the English table"
