"""`manage.py grade LESSON/EXERCISE FILE`: grade a submission exactly as the site does.

Exit codes: 0 full marks, 1 partial or failed, 2 usage error (unknown exercise, unreadable file).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lessons import content
from lessons.exercises import ExerciseFormatError, load_exercise
from lessons.grading import grade


class Command(BaseCommand):
    help = "Grade FILE (a manifest, or kubectl commands one per line; - reads stdin) against LESSON/EXERCISE."
    requires_system_checks: list = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("exercise", help="LESSON/EXERCISE, e.g. 13-deployments/rollback")
        parser.add_argument("file", help="the submission; - for stdin")
        parser.add_argument("--output", choices=["text", "json"], default="text")
        parser.add_argument("--lang", choices=["en", "ko"], default="en", help="language of the text output")

    def handle(self, *args: Any, **options: Any) -> None:
        key, name = options["exercise"], options["file"]
        lesson, _, stem = key.partition("/")
        path = content.CONTENT_DIR / lesson / "exercises" / f"{stem}.yaml"
        if not lesson or not stem or "/" in stem or ".." in key or not path.is_file():
            self._fail(f"no exercise {key!r} (expected LESSON/EXERCISE, e.g. 13-deployments/rollback)")
        try:
            exercise = load_exercise(path)
        except ExerciseFormatError as exc:
            self._fail(f"the exercise file is broken: {exc}")
        try:
            text = sys.stdin.read() if name == "-" else open(name, encoding="utf-8").read()
        except (OSError, UnicodeDecodeError) as exc:
            self._fail(f"cannot read {name}: {exc}")
        result = grade(exercise, text)
        if options["output"] == "json":
            self.stdout.write(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        else:
            self._text(result, options["lang"])
        raise SystemExit(0 if result.full_marks else 1)

    def _text(self, result, language: str) -> None:
        if result.error:
            self.stdout.write(result.error[f"message_{language}"])
        for check in result.checks:
            mark = "PASS" if check.passed else "FAIL"
            self.stdout.write(f"{mark} {check.id} {check.points}/{check.max_points}: {check.feedback(language)}")
            if check.detail(language):
                self.stdout.write(f"     {check.detail(language)}")
        for problem in result.problems():
            where = f"line {problem['line']}, column {problem['column']}" if problem.get("line") else "-"
            self.stdout.write(f"{problem['severity']} {where}: {problem[f'message_{language}']}")
        self.stdout.write(f"score {result.score}/{result.max_score}")

    def _fail(self, message: str) -> None:
        self.stderr.write(f"error: {message}")
        raise SystemExit(2)
