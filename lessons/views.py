"""Lesson pages: parse the request, call a service, render a page or an htmx partial."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.middleware.csrf import get_token
from django.views.decorators.http import require_POST

from k8s_learn.context_processors import links_for
from sandbox.engine.validate import validate_text

from . import progress
from .content import Lesson, all_lessons, get_lesson
from .exercises import exercises_for
from .models import LessonProgress
from .quiz import grade
from .rendering import render_markdown
from .submissions import best_scores

MAX_MANIFEST_CHARS = 200_000
SHELLS_KEPT = 256  # (lesson, language) pairs; a course has a few dozen

# A hole in a page shell: characters from Unicode's private use area, which neither Markdown nor HTML escaping
# produce or change, around the name of what goes there.
_HOLE = "\ue000{}\ue001"
_HOLE_PATTERN = re.compile("\ue000([a-z_]+)\ue001")
PAGE_HOLES = frozenset({"csrf_token", "classes_link", "user_menu", "messages", "questions", "exercises", "percent"})


def _language() -> str:
    return "en" if (get_language() or "ko").startswith("en") else "ko"


def course() -> tuple[Lesson, ...]:
    """The lessons, looked at again for edits at most every LESSONS_RECHECK_SECONDS."""
    return all_lessons(max_age=settings.LESSONS_RECHECK_SECONDS)


@dataclass(frozen=True)
class Reader:
    """Everything of one reader's that their copy of a lesson page shows."""

    user: Any
    csrf_token: str  # masked, as `get_token` returns it
    record: LessonProgress
    path: str  # the page's full path, for the login link's `next`
    messages: tuple = ()


@dataclass(frozen=True)
class PageShell:
    """A lesson page in one language, rendered once, with holes where one reader's parts go."""

    segments: tuple[str, ...]  # text, hole name, text, hole name, ..., text
    lesson: Lesson
    exercises: tuple
    questions: str  # the quiz with nothing chosen
    exercises_unscored: str  # the exercise list without anyone's scores

    def fill(self, values: dict[str, str]) -> str:
        parts = list(self.segments)
        parts[1::2] = [values[name] for name in self.segments[1::2]]
        return "".join(parts)


# (id of the lessons tuple, slug, active language, script prefix) -> (that tuple, the shell). Holding the tuple keeps
# its id from being reused; an edited course is a new tuple, so its pages are rendered afresh.
_shells: dict[tuple, tuple[tuple[Lesson, ...], PageShell]] = {}
_shells_lock = threading.Lock()


def page_shell(lessons: tuple[Lesson, ...], index: int, language: str) -> PageShell:
    """The page of `lessons[index]` in the active language, the same for every reader, rendered once per process.

    It is rendered without a request and with holes instead of anything of a reader's (CSRF token, user menu,
    progress, answers, scores), so nothing of one reader's can end up in another's page. With DEBUG on it is
    rendered every time, so that an edited template shows at once.
    """
    lesson = lessons[index]
    key = (id(lessons), lesson.slug, get_language(), get_script_prefix())
    cached = None if settings.DEBUG else _shells.get(key)
    if cached is not None:
        return cached[1]
    shell = _render_shell(lessons, index, language)
    with _shells_lock:
        if len(_shells) >= SHELLS_KEPT:
            _shells.clear()
        _shells[key] = (lessons, shell)
    return shell


def prerender_pages() -> int:
    """Render every lesson page's shell in both languages now; returns how many.

    A server worker does this once in the background when it starts (k8s_learn/asgi.py), so the first
    visitors after a start or a deploy do not all wait while every lesson is rendered for the first time."""
    from django.utils import translation

    lessons = course()
    for language in ("ko", "en"):
        with translation.override(language):
            for index in range(len(lessons)):
                page_shell(lessons, index, language)
    return 2 * len(lessons)


def _render_shell(lessons: tuple[Lesson, ...], index: int, language: str) -> PageShell:
    lesson = lessons[index]
    rendered = render_markdown(lesson.body[language], language, context_id=lesson.slug)
    exercises = tuple(exercises_for(lesson.slug, max_age=settings.LESSONS_RECHECK_SECONDS))
    context = {
        "lesson": lesson, "lang": language, "body": rendered.html, "toc": rendered.toc, "answers": {},
        "result": None, "previous": lessons[index - 1] if index > 0 else None,
        "next": lessons[index + 1] if index + 1 < len(lessons) else None, "exercises": exercises, "scores": {},
    }
    shared = {
        name: SafeString(render_to_string(f"lessons/detail.html#{partial}", context))
        for name, partial in (("head", "lesson-head"), ("nav", "lesson-nav"), ("toc", "toc"))
    }
    holes = {name: _HOLE.format(name) for name in PAGE_HOLES}
    page = render_to_string("lessons/detail.html", {
        **context, "holes": holes, "csrf_token": holes["csrf_token"], "progress": {"percent": holes["percent"]},
        "shared": {**shared, "questions": holes["questions"], "index_url": reverse("lessons:index")},
        "nav": "lessons", "language_links": links_for(reverse("lessons:detail", args=[lesson.slug])),
    })
    segments = tuple(_HOLE_PATTERN.split(page))
    if set(segments[1::2]) != PAGE_HOLES:  # a hole lost, or one that a lesson's text made up
        raise ValueError(f"{lesson.slug}: the page has holes {sorted(set(segments[1::2]))}, not {sorted(PAGE_HOLES)}")
    return PageShell(
        segments=segments, lesson=lesson, exercises=exercises,
        questions=render_to_string("lessons/detail.html#questions", context),
        exercises_unscored=render_to_string("lessons/detail.html#exercises", context),
    )


def lesson_page(lessons: tuple[Lesson, ...], index: int, language: str, reader: Reader) -> str:
    """The page of `lessons[index]` as `reader` sees it: the shared shell with their parts filled in."""
    shell = page_shell(lessons, index, language)
    lesson, answers, user = shell.lesson, reader.record.quiz_answers or {}, reader.user
    scores = best_scores(user, [e.key for e in shell.exercises]) if shell.exercises else {}
    return shell.fill({
        "csrf_token": reader.csrf_token,
        "classes_link": _classes_link(get_language()) if user.is_authenticated else "",
        "user_menu": render_to_string("base.html#user-menu", {"user": user, "csrf_token": reader.csrf_token})
        if user.is_authenticated else _login_links(get_language(), reader.path, get_script_prefix()),
        "messages": render_to_string("base.html#messages", {"messages": reader.messages}) if reader.messages else "",
        "questions": render_to_string("lessons/detail.html#questions", {"lesson": lesson, "lang": language, "answers": answers})
        if answers else shell.questions,
        "exercises": render_to_string("lessons/detail.html#exercises", {"lang": language, "exercises": shell.exercises, "scores": scores})
        if scores else shell.exercises_unscored,
        "percent": str(reader.record.percent),
    })


@lru_cache(maxsize=16)
def _classes_link(language: str) -> str:
    """The "Classes" link a logged-in reader sees (the argument keys the cache on the active language)."""
    return render_to_string("base.html#classes-link", {"user": _LoggedIn(), "nav": "lessons"})


class _LoggedIn:
    is_authenticated = True


# Bounded: paths come from visitors.
@lru_cache(maxsize=1024)
def _login_links(language: str, path: str, script_prefix: str) -> str:
    """What a logged-out reader sees instead of the user menu (the arguments key the cache on all it depends on)."""
    return render_to_string("base.html#user-menu", {"user": AnonymousUser(), "current_path": path})


def lesson_index(request: HttpRequest) -> HttpResponse:
    lessons = course()
    done = progress.progress_map(request)
    rows = [(lesson, done.get(lesson.slug)) for lesson in lessons]
    overall = round(sum(p.percent for _, p in rows if p) / len(rows)) if rows else 0
    return render(request, "lessons/index.html", {"rows": rows, "overall": overall, "nav": "lessons", "lang": _language()})


def find_lesson(lessons: tuple[Lesson, ...], slug: str) -> int | None:
    return next((i for i, lesson in enumerate(lessons) if lesson.slug == slug), None)


def lesson_detail(request: HttpRequest, slug: str) -> HttpResponse:
    lessons = course()
    index = find_lesson(lessons, slug)
    if index is None:
        raise Http404("no such lesson")
    record = progress.mark_read(request, lessons[index].slug)
    stored = get_messages(request)
    reader = Reader(
        user=request.user, csrf_token=get_token(request), record=record, path=request.get_full_path(),
        messages=tuple(stored) if stored else (),  # as `{% if messages %}` did: read (and so used up) only if any
    )
    return HttpResponse(lesson_page(lessons, index, _language(), reader))


@require_POST
def quiz_submit(request: HttpRequest, slug: str) -> HttpResponse:
    lesson = get_lesson(slug)
    if lesson is None:
        raise Http404("no such lesson")
    answers = {q.id: request.POST.getlist(q.id) for q in lesson.quiz}
    result = grade(lesson, answers)
    record = progress.record_quiz(request, lesson.slug, result)
    if not request.htmx:
        return redirect("lessons:detail", slug=slug)
    context = {"lesson": lesson, "lang": _language(), "result": result, "progress": record, "answers": result.answers()}
    return render(request, "lessons/detail.html#quiz", context)


@require_POST
def validate_manifest(request: HttpRequest) -> HttpResponse:
    text = request.POST.get("yaml", "")
    block_id = request.POST.get("block_id", "block")
    language = _language()
    if len(text) > MAX_MANIFEST_CHARS:
        results, too_long = [], True
    else:
        results, too_long = validate_text(text, "manifest.yaml"), False
    bad_lines = sorted({e.line for r in results for e in r.errors if e.line})
    context = {
        "results": results, "lang": language, "too_long": too_long, "limit": MAX_MANIFEST_CHARS,
        "valid": bool(results) and all(r.valid for r in results) and not too_long,
        "block_id": block_id if block_id.replace("-", "").isalnum() else "block",
        "bad_lines": bad_lines, "gutter": range(1, text.rstrip("\n").count("\n") + 2),
    }
    return render(request, "lessons/_validation.html", context)
