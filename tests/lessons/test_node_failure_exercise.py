"""13-deployments/survive-a-node-failure: the grader fails node01 and counts what is Running afterwards."""

from __future__ import annotations

import pytest

from lessons.checks import check_exercise
from lessons.exercises import get_exercise
from lessons.grading import grade

KEY = "13-deployments/survive-a-node-failure"


@pytest.fixture(scope="module")
def exercise():
    found = get_exercise(KEY)
    assert found is not None, f"{KEY} is missing"
    return found


def checks_of(result) -> dict:
    return {c.id: c for c in result.checks}


def test_the_scenario_fails_a_node_and_settles(exercise):
    assert exercise.setup.nodes == 4, "three workers, so that two survive the failure"
    assert {"fail_node": "node01"} in exercise.scenario
    assert exercise.scenario[-1] == {"run": "stable"}


def test_the_reference_solution_earns_full_marks_with_pods_off_the_failed_node(exercise):
    result = grade(exercise, exercise.solution)
    assert result.error is None
    assert (result.score, result.full_marks) == (exercise.max_score, True)
    checks = checks_of(result)
    # Before the failure node01 had a pod; after it, the pods run on the two surviving workers only.
    assert "node01" in checks["spread-before"].detail_en
    assert checks["spread-after-failure"].detail_en.endswith("run on 2 node(s): node02, node03.")
    assert checks["ready-after-failure"].detail_en == "Deployment shop has 3 ready replica(s)."


def test_a_one_replica_solution_loses_the_after_failure_checks(exercise):
    one = exercise.solution.replace("replicas: 3", "replicas: 1")
    assert one != exercise.solution
    result = grade(exercise, one)
    checks = checks_of(result)
    assert not checks["ready-after-failure"].passed and not checks["spread-after-failure"].passed
    assert checks["ready-after-failure"].points == 0
    assert result.score < exercise.max_score
    assert checks["ready-after-failure"].detail_en == "Deployment shop has 1 ready replica(s)."


def test_two_replicas_heal_but_are_not_enough(exercise):
    """Two replicas are replaced on the survivors (spread holds) but never reach the three asked for."""
    result = grade(exercise, exercise.solution.replace("replicas: 3", "replicas: 2"))
    checks = checks_of(result)
    assert checks["spread-after-failure"].passed
    assert not checks["ready-after-failure"].passed and not checks["three-ready"].passed


def test_the_feedback_is_bilingual(exercise):
    for check in exercise.checks:
        for verdict in ("pass", "fail"):
            assert check.feedback[verdict]["ko"] and check.feedback[verdict]["en"]
    assert exercise.prompt["ko"] and exercise.prompt["en"] and len(exercise.hints) >= 2


def test_lessons_check_accepts_it(exercise):
    """Full marks for the reference, less for the starter, and every check can fail."""
    assert check_exercise(exercise) == []
