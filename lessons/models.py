from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LessonProgress(models.Model):
    """How far one learner (a user, or an anonymous visitor of this browser) got in one lesson."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    visitor = models.CharField(_("anonymous visitor"), max_length=40, blank=True, db_index=True)
    lesson = models.CharField(_("lesson"), max_length=100)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    quiz_score = models.PositiveSmallIntegerField(_("quiz score"), null=True, blank=True)
    quiz_max = models.PositiveSmallIntegerField(_("quiz questions"), null=True, blank=True)
    quiz_answers = models.JSONField(_("quiz answers"), default=dict, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], condition=Q(user__isnull=False), name="progress_user_lesson"),
            models.UniqueConstraint(fields=["visitor", "lesson"], condition=~Q(visitor=""), name="progress_visitor_lesson"),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.visitor}: {self.lesson} ({self.percent}%)"

    @property
    def percent(self) -> int:
        """Reading counts 40%, the quiz the other 60% in proportion to the score."""
        value = 40 if self.read_at else 0
        if self.quiz_max:
            value += round(60 * (self.quiz_score or 0) / self.quiz_max)
        return value


class Submission(models.Model):
    """One graded attempt at an exercise by a logged-in user; the score is always the server's."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions",
                             verbose_name=_("user"))
    exercise = models.CharField(_("exercise"), max_length=200, db_index=True)  # "13-deployments/rollback"
    text = models.TextField(_("submitted text"))
    score = models.PositiveIntegerField(_("score"))
    max_score = models.PositiveIntegerField(_("maximum score"))
    results = models.JSONField(_("check results"), default=dict)  # the grader's JSON (lessons.grading)
    content_hash = models.CharField(_("exercise content hash"), max_length=64)
    created = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    late = models.BooleanField(_("late"), default=False)
    assignment = models.ForeignKey("classroom.Assignment", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="submissions", verbose_name=_("assignment"))

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["user", "exercise"], name="submission_user_exercise")]

    def __str__(self) -> str:
        return f"{self.user}: {self.exercise} {self.score}/{self.max_score}"

    @property
    def lesson(self) -> str:
        return self.exercise.split("/", 1)[0]

    @property
    def stem(self) -> str:
        return self.exercise.split("/", 1)[-1]

    @property
    def full_marks(self) -> bool:
        return self.score == self.max_score
