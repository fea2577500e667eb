"""Lesson pages: parse the request, call a service, render a page or an htmx partial."""

from __future__ import annotations

import threading

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from sandbox.engine.validate import validate_text

from . import progress
from .content import Lesson, all_lessons, get_lesson
from .quiz import grade
from .rendering import render_markdown

MAX_MANIFEST_CHARS = 200_000
SHARED_PARTS_KEPT = 256  # (lesson, language) pairs; a course has a few dozen


def _language() -> str:
    return "en" if (get_language() or "ko").startswith("en") else "ko"


def _lessons() -> tuple[Lesson, ...]:
    return all_lessons(max_age=settings.LESSONS_RECHECK_SECONDS)


# (id of the lessons tuple, slug, active language, script prefix) -> (that tuple, the parts). Holding the tuple keeps
# its id from being reused; an edited course is a new tuple, so its pages are rendered afresh.
_shared_parts: dict[tuple, tuple[tuple[Lesson, ...], dict[str, str]]] = {}
_shared_parts_lock = threading.Lock()


def _lesson_parts(lessons: tuple[Lesson, ...], index: int, language: str) -> dict[str, str]:
    """The parts of a lesson page that are the same for every reader, rendered once per process.

    They are rendered without the request, so nothing of one reader's (CSRF token, progress, answers) can
    end up in another's page. This is most of the page's template work (benchmarks/pages.py). With DEBUG on
    they are rendered every time, so that an edited template shows at once.
    """
    lesson = lessons[index]
    key = (id(lessons), lesson.slug, get_language(), get_script_prefix())
    cached = None if settings.DEBUG else _shared_parts.get(key)
    if cached is not None:
        return cached[1]
    rendered = render_markdown(lesson.body[language], language, context_id=lesson.slug)
    context = {
        "lesson": lesson, "lang": language, "body": rendered.html, "toc": rendered.toc, "answers": {},
        "result": None, "previous": lessons[index - 1] if index > 0 else None,
        "next": lessons[index + 1] if index + 1 < len(lessons) else None,
    }
    parts: dict[str, str] = {
        name: SafeString(render_to_string(f"lessons/detail.html#{partial}", context))
        for name, partial in (("head", "lesson-head"), ("questions", "questions"), ("nav", "lesson-nav"), ("toc", "toc"))
    }
    parts["index_url"] = reverse("lessons:index")
    with _shared_parts_lock:
        if len(_shared_parts) >= SHARED_PARTS_KEPT:
            _shared_parts.clear()
        _shared_parts[key] = (lessons, parts)
    return parts


def lesson_index(request: HttpRequest) -> HttpResponse:
    lessons = _lessons()
    done = progress.progress_map(request)
    rows = [(lesson, done.get(lesson.slug)) for lesson in lessons]
    overall = round(sum(p.percent for _, p in rows if p) / len(rows)) if rows else 0
    return render(request, "lessons/index.html", {"rows": rows, "overall": overall, "nav": "lessons", "lang": _language()})


def lesson_detail(request: HttpRequest, slug: str) -> HttpResponse:
    lessons = _lessons()
    index = next((i for i, lesson in enumerate(lessons) if lesson.slug == slug), None)
    if index is None:
        raise Http404("no such lesson")
    lesson = lessons[index]
    language = _language()
    record = progress.mark_read(request, lesson.slug)
    context = {
        "lesson": lesson, "lang": language, "shared": _lesson_parts(lessons, index, language), "progress": record,
        "nav": "lessons", "result": None, "answers": record.quiz_answers or {},
    }
    return render(request, "lessons/detail.html", context)


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
