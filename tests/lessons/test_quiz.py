"""Quizzes are graded on the server: only exactly-right answers score."""

from __future__ import annotations

from lessons.content import all_lessons
from lessons.quiz import grade


def test_all_right_answers_score_full_marks(content_root):
    (lesson,) = all_lessons(content_root)
    result = grade(lesson, {"smallest-unit": ["a"], "shared": ["ip", "volumes"], "third": ["a"]})
    assert (result.score, result.max_score) == (3, 3)


def test_multiple_choice_needs_every_correct_choice_and_no_wrong_one(content_root):
    (lesson,) = all_lessons(content_root)
    assert grade(lesson, {"shared": ["ip"]}).score == 0
    assert grade(lesson, {"shared": ["ip", "volumes", "image"]}).score == 0


def test_unknown_choices_and_several_answers_to_a_single_question_score_nothing(content_root):
    (lesson,) = all_lessons(content_root)
    result = grade(lesson, {"smallest-unit": ["a", "b"], "third": ["zzz"]})
    assert result.score == 0
    assert result.answers()["third"] == []
