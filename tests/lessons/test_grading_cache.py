"""The grader's shortcuts (the cached setup snapshot, the checks of a submission that changes nothing) give
exactly the results of grading every submission from a freshly built cluster with every check evaluated."""

from __future__ import annotations

import pytest

from lessons import grading
from lessons.check_types import Context
from lessons.exercises import get_exercise
from lessons.mutations import variants
from lessons.results import GradeResult
from sandbox.engine import Cluster

from .test_grading import POD, deployment, exercise

LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi")
)
UNREADABLE = ("", "# only a comment\n", "kind: [\n", LAUGHS)

# Setup objects, traffic, a long scenario with survives checks, a kubectl exercise with setup, plain ones.
EXERCISES = (
    "11-services/clusterip",
    "13-deployments/rollback",
    "13-deployments/zero-downtime-update",
    "05-desired-state/keep-three-running",
    "10-pods/first-pod",
    "03-a-cluster-is-one-computer/label-the-workers",
)


def fresh_cluster(exercise, guard):
    """Boot and set up a new cluster, as every submission did before the snapshot cache."""
    cluster = Cluster(nodes=exercise.setup.nodes, seed=exercise.setup.seed, quotas=grading.QUOTAS, traces=False)
    if exercise.setup.objects.strip():
        assert cluster.apply(exercise.setup.objects, "setup.yaml").ok
        grading.settle_and_wait(cluster, grading.Guard(grading.SETUP_WALL_LIMIT))
    return cluster


def every_check_evaluated(exercise, validation, transcript, guard):
    """The full path for a submission that changes nothing: its own cluster, every check evaluated."""
    cluster = grading._setup_cluster(exercise, guard)
    grading.settle_and_wait(cluster, guard)
    results, _ = grading._evaluate_checks(exercise, Context(cluster, exercise, validation, transcript, []), guard)
    return GradeResult(exercise.key, [results[c.id] for c in exercise.checks], validation, transcript)


def reference(monkeypatch, ex, text: str) -> dict:
    with monkeypatch.context() as m:
        m.setattr(grading, "_setup_cluster", fresh_cluster)
        m.setattr(grading, "_grade_untouched", every_check_evaluated)
        return grading.grade(ex, text, wall_limit=30).to_json()


def submissions(ex) -> list[str]:
    wrong = [text for label, text in variants(ex) if label not in ("the starter", "an empty submission")]
    invalid = [ex.solution.replace("metadata:", "metdata:", 1)] if ex.kind == "manifest" else ["frobnicate all\n"]
    return [ex.solution, ex.starter, *wrong[:2], *invalid, *UNREADABLE]


@pytest.mark.parametrize("key", EXERCISES)
def test_cached_grading_gives_the_results_of_a_fresh_cluster_for_right_and_wrong_work(monkeypatch, key):
    ex = get_exercise(key)
    seen_scores = set()
    for text in submissions(ex):
        for _ in range(2):  # the first grading fills the caches, the second reads them
            cached = grading.grade(ex, text, wall_limit=30).to_json()
            assert cached["error"] is None, (key, text[:80])
            assert cached == reference(monkeypatch, ex, text), (key, text[:80])
        seen_scores.add(cached["score"])
    assert ex.max_score in seen_scores and len(seen_scores) > 1  # right and wrong work were both graded


def test_cached_grading_names_the_same_pods_as_a_fresh_cluster(monkeypatch):
    """Pod names come from the seeded RNG: the restored snapshot must continue it exactly."""
    setup = "setup:\n  objects: |\n" + "".join("    " + line + "\n" for line in deployment(2).splitlines())
    ex = exercise(
        "id: setup-pods\ntype: kubectl_output\ncommand: get pods -l app=web -o name\nmatches: 'pod/'\n"
        "- id: new-pods\ntype: kubectl_output\ncommand: get pods -l app=other -o name\nmatches: 'pod/'",
        extra=setup,
    )
    other = deployment(1).replace("web", "other")
    for text in (other, POD, ""):
        cached = grading.grade(ex, text).to_json()
        assert "pod/web-" in cached["checks"][0]["detail_en"]
        assert ("pod/other-" in cached["checks"][1]["detail_en"]) == (text == other)
        assert cached == reference(monkeypatch, ex, text)


def test_a_submission_that_changes_nothing_reports_its_own_validation_against_the_cached_checks(monkeypatch):
    """valid and no_warnings read the submission, so they are evaluated for each one; cluster checks are cached."""
    ex = exercise(
        "id: ok\ntype: valid\n- id: quiet\ntype: no_warnings\n- id: pod\ntype: exists\nkind: Pod\nname: hello",
        extra="setup:\n  objects: |\n" + "".join("    " + line + "\n" for line in POD.splitlines()),
    )
    empty, broken = grading.grade(ex, ""), grading.grade(ex, "kind: [\n")
    assert [(c.passed, c.detail_en) for c in empty.checks] == [
        (False, "There is no manifest."),
        (False, "There is no manifest."),
        (True, "Pod hello exists."),
    ]
    assert [c.passed for c in broken.checks] == [False, True, True]
    assert broken.checks[0].detail_en == "1 validation error(s)."
    assert broken.transcript[0]["exit_code"] == 1 and broken.bad_lines
    assert empty.to_json() == reference(monkeypatch, ex, "")
    assert broken.to_json() == reference(monkeypatch, ex, "kind: [\n")


def test_a_submission_that_changes_nothing_builds_no_cluster_once_the_exercise_is_cached(monkeypatch):
    ex = get_exercise("05-desired-state/keep-three-running")
    first = grading.grade(ex, LAUGHS).to_json()

    def no_cluster(snapshot):
        raise AssertionError("restored a cluster for a submission that changes nothing")

    monkeypatch.setattr(Cluster, "restore", no_cluster)
    assert grading.grade(ex, LAUGHS).to_json() == first
    assert grading.grade(ex, "").score == 0
    with pytest.raises(AssertionError, match="restored a cluster"):
        grading.grade(ex, ex.solution)  # a submission that does change the cluster gets its own


def test_cached_check_results_are_copies(monkeypatch):
    ex = exercise("id: pod\ntype: exists\nkind: Namespace\nname: default")
    first = grading.grade(ex, "")
    first.checks[0].points = 99
    first.checks[0].detail_en = "changed by a caller"
    second = grading.grade(ex, "")
    assert (second.checks[0].points, second.checks[0].detail_en) == (1, "Namespace default exists.")


def test_a_scenario_the_engine_cannot_play_fails_the_later_checks_of_a_submission_that_changes_nothing(monkeypatch):
    monkeypatch.setattr(grading, "_SETUP_CACHE", {})
    monkeypatch.setattr(grading, "_UNTOUCHED_CACHE", {})
    monkeypatch.delattr(Cluster, "fail_node", raising=False)
    ex = exercise(
        "id: ok\ntype: valid\n- id: later-ok\ntype: survives\ncheck: {type: valid}\n"
        "- id: later-ns\ntype: survives\ncheck: {type: exists, kind: Namespace, name: default}",
        solution=deployment(1),
        extra="scenario:\n  - fail_node: node01\n",
    )
    result = grading.grade(ex, "kind: [\n")
    assert [c.passed for c in result.checks] == [False, False, False]
    assert all("fail_node" in c.detail_en for c in result.checks[1:])
    assert result.to_json() == reference(monkeypatch, ex, "kind: [\n")
