from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def title_in(assignment, language: str) -> str:
    """``{{ assignment|title_in:lang }}``: what the assignment covers, in the page's language."""
    return assignment.title(language)
