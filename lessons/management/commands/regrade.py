"""`manage.py regrade [--exercise LESSON/EXERCISE] [--all]`: grade stored submissions again.

By default only submissions graded under an older version of their exercise file (another content
hash) are graded again; --all regrades every one. Submissions of exercises that no longer exist
are left alone and counted.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lessons.exercises import all_exercises
from lessons.models import Submission
from lessons.submissions import do_regrade


class Command(BaseCommand):
    help = "Re-grade stored submissions whose exercise changed since they were graded."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--exercise", help="only this LESSON/EXERCISE")
        parser.add_argument("--all", action="store_true", help="regrade even when the exercise did not change")

    def handle(self, *args: Any, **options: Any) -> None:
        exercises = all_exercises()
        submissions = Submission.objects.order_by("id")
        if options["exercise"]:
            if options["exercise"] not in exercises:
                raise CommandError(f"no exercise {options['exercise']!r}")
            submissions = submissions.filter(exercise=options["exercise"])
        regraded = changed = missing = 0
        for submission in submissions.iterator():
            exercise = exercises.get(submission.exercise)
            if exercise is None:
                missing += 1
                continue
            if not options["all"] and submission.content_hash == exercise.content_hash:
                continue
            regraded += 1
            changed += do_regrade(submission, exercise)
        self.stdout.write(
            f"{regraded} submission(s) regraded, {changed} score(s) or feedback changed"
            + (f", {missing} of exercises that no longer exist" if missing else "")
        )
