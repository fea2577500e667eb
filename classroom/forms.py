from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lessons.content import all_lessons
from lessons.exercises import all_exercises

from .models import Assignment, Class


class ClassForm(forms.ModelForm):
    class Meta:
        model = Class
        fields = ["name", "language"]


def target_choices(language: str) -> list[tuple[str, str]]:
    """Every lesson (all its exercises, or its quiz) followed by each of its exercises."""
    exercises = list(all_exercises().values())
    choices = []
    for lesson in all_lessons():
        mine = [e for e in exercises if e.lesson == lesson.slug]
        what = _("all exercises") if mine else _("quiz")
        choices.append((lesson.slug, f"{lesson.number:02d} · {lesson.title[language]} ({what})"))
        for exercise in mine:
            choices.append((exercise.key, f"{lesson.number:02d} · · {exercise.title[language]}"))
    return choices


class AssignmentForm(forms.ModelForm):
    target = forms.ChoiceField(label=_("Lesson or exercise"))
    due = forms.DateTimeField(
        label=_("Due (UTC)"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    class Meta:
        model = Assignment
        fields = ["target", "due"]

    def __init__(self, *args, language: str = "ko", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = target_choices(language)
