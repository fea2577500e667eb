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
