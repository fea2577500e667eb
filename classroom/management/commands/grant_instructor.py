"""`manage.py grant_instructor USER`: make a user an instructor (member of the `instructors` group)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from classroom.roles import grant_instructor


class Command(BaseCommand):
    help = "Add USER to the instructors group."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f'no user named "{username}"') from None
        if grant_instructor(user):
            self.stdout.write(f"{username} is now an instructor")
        else:
            self.stdout.write(f"{username} was already an instructor")
