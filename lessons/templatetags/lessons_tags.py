from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def tr(value: Any, language: str) -> Any:
    """Pick one language from a {"ko": ..., "en": ...} mapping: ``{{ lesson.title|tr:lang }}``."""
    if isinstance(value, dict):
        return value.get(language) or value.get("ko") or ""
    return value


@register.filter
def get(mapping: Any, key: str) -> Any:
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def message_in(item: Any, language: str) -> str:
    return item.message(language)


@register.filter
def hint_in(item: Any, language: str) -> str | None:
    return item.hint_for(language)


@register.filter
def feedback_in(check: Any, language: str) -> str:
    return check.feedback(language)


@register.filter
def detail_in(check: Any, language: str) -> str:
    return check.detail(language)


@register.filter
def message_of(error: Any, language: str) -> str:
    """``{"message_en": ..., "message_ko": ...}`` -> the text in ``language``."""
    if not isinstance(error, dict):
        return ""
    return error.get(f"message_{language}") or error.get("message_en") or ""


@register.simple_tag
def lesson_exercises(slug: str) -> list:
    """``{% lesson_exercises lesson.slug as exercises %}``: the lesson's exercises, in file order."""
    from django.conf import settings

    from lessons.exercises import exercises_for

    return exercises_for(slug, max_age=settings.LESSONS_RECHECK_SECONDS)

