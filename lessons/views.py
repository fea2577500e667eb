"""Lesson pages: parse the request, call a service, render a page or an htmx partial."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from sandbox.engine.validate import validate_text

from . import progress
from .content import all_lessons, get_lesson
from .quiz import grade
from .rendering import render_markdown

MAX_MANIFEST_CHARS = 200_000


def _language() -> str:
    return "en" if (get_language() or "ko").startswith("en") else "ko"


def lesson_index(request: HttpRequest) -> HttpResponse:
    lessons = all_lessons()
    done = progress.progress_map(request)
    rows = [(lesson, done.get(lesson.slug)) for lesson in lessons]
    overall = round(sum(p.percent for _, p in rows if p) / len(rows)) if rows else 0
    return render(request, "lessons/index.html", {"rows": rows, "overall": overall, "nav": "lessons", "lang": _language()})


def lesson_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # One call to all_lessons() per request: it stats every content file to notice edits, which cost
    # as much as the rest of the view when get_lesson() and neighbours() each did it (benchmarks/pages.py).
    lessons = all_lessons()
    index = next((i for i, lesson in enumerate(lessons) if lesson.slug == slug), None)
    if index is None:
        raise Http404("no such lesson")
    lesson = lessons[index]
    previous = lessons[index - 1] if index > 0 else None
    following = lessons[index + 1] if index + 1 < len(lessons) else None
    language = _language()
    rendered = render_markdown(lesson.body[language], language, context_id=lesson.slug)
    record = progress.mark_read(request, lesson.slug)
    context = {
        "lesson": lesson, "lang": language, "body": rendered.html, "toc": rendered.toc, "progress": record,
        "previous": previous, "next": following, "nav": "lessons", "result": None,
        "answers": record.quiz_answers or {},
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
