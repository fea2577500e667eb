from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, translate_url

LANGUAGE_NAMES = {"ko": "한국어", "en": "English"}


def language_links(request: HttpRequest) -> dict:
    """The current page in every language, for the switcher (keeps the reader on the same page), and its path."""
    path = request.get_full_path()
    return {"language_links": links_for(path), "current_path": path}


def links_for(path: str) -> tuple[tuple[str, str, str], ...]:
    """(code, name, url) of the page at `path` in every language."""
    languages = tuple(code for code, _ in settings.LANGUAGES)
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _links(path, languages, urlconf, get_script_prefix())


# translate_url resolves the path and reverses it once per language, on every page; the answer depends only on
# the path, the languages and the URLconf (the arguments after the path key the cache on them). Bounded: paths
# come from visitors.
@lru_cache(maxsize=1024)
def _links(path: str, languages: tuple[str, ...], urlconf: str, script_prefix: str) -> tuple[tuple[str, str, str], ...]:
    links = []
    for code in languages:
        url = translate_url(path, code)
        if url == path and not path.startswith(f"/{code}/"):
            url = f"/{code}/"
        links.append((code, LANGUAGE_NAMES.get(code, code), url))
    return tuple(links)
