from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url


def language_links(request: HttpRequest) -> dict:
    """The current page in every language, for the switcher (keeps the reader on the same page)."""
    path = request.get_full_path()
    names = {"ko": "한국어", "en": "English"}
    links = []
    for code, _ in settings.LANGUAGES:
        url = translate_url(path, code)
        if url == path and not path.startswith(f"/{code}/"):
            url = f"/{code}/"
        links.append((code, names.get(code, code), url))
    return {"language_links": links}
