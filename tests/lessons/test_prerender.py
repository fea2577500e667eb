"""A server worker renders every lesson page's shared part when it starts (lessons.views.prerender_pages),
and the pages it then serves are built from those shells: the same page a reader would have got anyway."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from lessons import views

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r"\b[A-Za-z0-9]{64}\b")


@pytest.fixture
def fresh_shells(settings):
    settings.DEBUG = False
    views._shells.clear()
    yield views._shells
    views._shells.clear()


def test_prerendering_makes_every_lessons_page_in_both_languages(fresh_shells):
    lessons = views.course()
    assert views.prerender_pages() == 2 * len(lessons)
    slugs = {(key[1], key[2]) for key in fresh_shells}
    assert slugs == {(lesson.slug, language) for lesson in lessons for language in ("ko", "en")}


def test_a_page_served_after_prerendering_is_the_page_rendered_on_demand(fresh_shells):
    slug = views.course()[4].slug
    on_demand = Client().get(f"/en/lessons/{slug}/")
    views._shells.clear()
    views.prerender_pages()
    shells = dict(fresh_shells)
    served = Client().get(f"/en/lessons/{slug}/")
    assert dict(fresh_shells) == shells  # nothing rendered again: the page came from a prerendered shell
    def without_tokens(html: str) -> str:  # each response has its own masked CSRF token
        return TOKEN.sub("TOKEN", html)

    assert on_demand.status_code == served.status_code == 200
    assert without_tokens(on_demand.content.decode()) == without_tokens(served.content.decode())
    assert views.course()[4].title["en"] in served.content.decode()
