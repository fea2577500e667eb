"""What grading returns: per-check results and the whole result, as objects and as the contract JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sandbox.engine.validate import ValidationResult


@dataclass
class CheckResult:
    id: str
    passed: bool
    points: int
    max_points: int
    feedback_en: str
    feedback_ko: str
    detail_en: str = ""
    detail_ko: str = ""

    def feedback(self, language: str) -> str:
        return self.feedback_ko if language == "ko" else self.feedback_en

    def detail(self, language: str) -> str:
        return self.detail_ko if language == "ko" else self.detail_en

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "passed": self.passed,
            "points": self.points,
            "max_points": self.max_points,
            "feedback_en": self.feedback_en,
            "feedback_ko": self.feedback_ko,
            "detail_en": self.detail_en,
            "detail_ko": self.detail_ko,
        }


@dataclass
class GradeResult:
    exercise: str
    checks: list[CheckResult]
    validation: list[ValidationResult] = field(default_factory=list)
    transcript: list[dict[str, Any]] = field(default_factory=list)  # [{command, exit_code, output}]
    error: dict[str, str] | None = None  # {"code", "message_en", "message_ko"} when grading stopped early
    elapsed: float = 0.0  # wall seconds (not in to_json: the JSON is deterministic)

    @property
    def score(self) -> int:
        return sum(c.points for c in self.checks)

    @property
    def max_score(self) -> int:
        return sum(c.max_points for c in self.checks)

    @property
    def full_marks(self) -> bool:
        return self.score == self.max_score and self.error is None

    @property
    def bad_lines(self) -> list[int]:
        return sorted({e.line for r in self.validation for e in r.errors if e.line})

    def problems(self) -> list[dict[str, Any]]:
        """Validation errors and warnings of the manifest, each with 1-based line and column."""
        out = []
        for r in self.validation:
            for severity, items in (("error", r.errors), ("warning", r.warnings)):
                for item in items:
                    out.append(
                        {"document": r.index, "kind": r.kind, "name": r.name, "severity": severity, **item.to_json()}
                    )
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise,
            "score": self.score,
            "max_score": self.max_score,
            "checks": [c.to_json() for c in self.checks],
            "problems": self.problems(),
            "transcript": self.transcript,
            "error": self.error,
        }


def result_from_json(data: dict[str, Any]) -> GradeResult:
    """A stored result back as a GradeResult (for pages that show an old attempt's feedback)."""
    checks = [
        CheckResult(
            c["id"],
            c["passed"],
            c["points"],
            c["max_points"],
            c["feedback_en"],
            c["feedback_ko"],
            c.get("detail_en", ""),
            c.get("detail_ko", ""),
        )
        for c in data.get("checks", [])
    ]
    return GradeResult(data.get("exercise", ""), checks, [], data.get("transcript", []), data.get("error"))
