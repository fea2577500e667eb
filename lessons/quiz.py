"""Quiz grading, on the server only: a question scores when exactly the correct choices are picked."""

from __future__ import annotations

from dataclasses import dataclass

from .content import Lesson, Question


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    chosen: frozenset[str]

    @property
    def correct(self) -> bool:
        return self.chosen == self.question.correct_ids

    @property
    def answered(self) -> bool:
        return bool(self.chosen)


@dataclass(frozen=True)
class QuizResult:
    results: tuple[QuestionResult, ...]

    @property
    def score(self) -> int:
        return sum(r.correct for r in self.results)

    @property
    def max_score(self) -> int:
        return len(self.results)

    def answers(self) -> dict[str, list[str]]:
        return {r.question.id: sorted(r.chosen) for r in self.results}


def grade(lesson: Lesson, answers: dict[str, list[str]]) -> QuizResult:
    """``answers`` maps question id -> chosen choice ids; unknown ids are ignored, not trusted."""
    results = []
    for question in lesson.quiz:
        valid = {c.id for c in question.choices}
        chosen = frozenset(a for a in answers.get(question.id, []) if a in valid)
        if question.type == "single" and len(chosen) > 1:
            chosen = frozenset()  # a single-choice question answered with several choices scores nothing
        results.append(QuestionResult(question, chosen))
    return QuizResult(tuple(results))
