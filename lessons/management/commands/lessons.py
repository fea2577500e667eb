"""`manage.py lessons check`: validate every lesson, manifest, diagram (and exercise)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lessons.checks import check_all
from lessons.content import CONTENT_DIR
from lessons.exercises import exercise_paths


class Command(BaseCommand):
    help = "Check the course: lesson files, manifests in lessons, diagrams, quizzes, exercises and their grading."
    requires_system_checks: list = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("check", help="check every lesson")

    def handle(self, *args: Any, **options: Any) -> None:
        count, problems = check_all()
        exercises = len(exercise_paths(CONTENT_DIR))
        for problem in problems:
            self.stdout.write(str(problem))
        if problems:
            self.stdout.write(self.style.ERROR(f"{len(problems)} problem(s) in {count} lesson(s) and {exercises} exercise(s)"))
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(f"{count} lessons OK, {exercises} exercises OK"))
