from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# No 0/o, 1/l/i: a code read aloud in a classroom or copied by hand should survive it.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 12  # 31^12 ~ 2^59 codes: not guessable by trying


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Class(models.Model):
    """A group of students taught by one instructor, joined through a secret link."""

    LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]

    name = models.CharField(_("name"), max_length=100)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES, default="ko")
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="classes_taught", verbose_name=_("instructor")
    )
    join_code = models.CharField(_("join code"), max_length=32, unique=True, default=new_join_code, editable=False)
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("classroom:detail", args=[self.id])

    def join_path(self) -> str:
        return reverse("classroom:join", args=[self.join_code])

    def has_member(self, user) -> bool:
        return self.memberships.filter(student=user).exists()


class Membership(models.Model):
    klass = models.ForeignKey(Class, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("class"))
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("student")
    )
    joined = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["klass", "student"], name="membership_once_per_class")]
        ordering = ["student__username"]

    def __str__(self) -> str:
        return f"{self.student} in {self.klass}"


class Assignment(models.Model):
    """Work set for a class: one exercise (`LESSON/EXERCISE`) or every exercise of a lesson (`LESSON`)."""

    klass = models.ForeignKey(Class, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("class"))
    target = models.CharField(_("lesson or exercise"), max_length=200)
    due = models.DateTimeField(_("due"))
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return f"{self.target} ({self.klass})"

    @property
    def is_exercise(self) -> bool:
        return "/" in self.target

    def exercise_keys(self) -> list[str]:
        """The exercises this assignment covers (a lesson covers each of its exercises)."""
        from lessons.exercises import all_exercises

        if self.is_exercise:
            return [self.target]
        return [key for key, e in all_exercises().items() if e.lesson == self.target]

    def get_target_url(self) -> str:
        if self.is_exercise:
            lesson, stem = self.target.split("/", 1)
            return reverse("lessons:exercise", args=[lesson, stem])
        return reverse("lessons:detail", args=[self.target])

    def title(self, language: str) -> str:
        """The exercise's or lesson's title in ``language`` (the raw target if it no longer exists)."""
        from lessons.content import get_lesson
        from lessons.exercises import get_exercise

        found = get_exercise(self.target) if self.is_exercise else get_lesson(self.target)
        return found.title[language] if found else self.target

    def is_late(self, when) -> bool:
        return when > self.due
