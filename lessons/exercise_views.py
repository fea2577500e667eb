"""Exercise pages: read the prompt, reveal hints one by one, submit for grading on the server.

Kept apart from views.py (lesson pages) so the two can change independently.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from .content import get_lesson
from .exercises import Exercise, get_exercise
from .grading import MAX_SUBMISSION_CHARS
from .models import Submission
from .rendering import render_markdown
from .submissions import assignment_for, do_submit

HISTORY = 20  # attempts listed on the page


def _language() -> str:
    return "en" if (get_language() or "ko").startswith("en") else "ko"


def _get_exercise(slug: str, stem: str) -> Exercise:
    exercise = get_exercise(f"{slug}/{stem}", max_age=settings.LESSONS_RECHECK_SECONDS)
    if exercise is None:
        raise Http404("no such exercise")
    return exercise


def _hints_shown(request: HttpRequest, exercise: Exercise) -> int:
    try:
        return max(0, min(int(request.GET.get("hints", 0)), len(exercise.hints)))
    except ValueError:
        return 0


def _context(request: HttpRequest, exercise: Exercise, **extra) -> dict:
    language = _language()
    attempts = []
    best = None
    assignment = None
    if request.user.is_authenticated:
        mine = Submission.objects.filter(user=request.user, exercise=exercise.key)
        attempts = list(mine[:HISTORY])
        best = mine.order_by("-score", "created").first()
        assignment = assignment_for(request.user, exercise)
    shown = extra.pop("hints_shown", _hints_shown(request, exercise))
    text = extra.pop("text", None)
    if text is None:
        text = exercise.starter if request.GET.get("starter") or not attempts else attempts[0].text
    return {
        "exercise": exercise,
        "lesson": get_lesson(exercise.lesson),
        "lang": language,
        "nav": "lessons",
        "prompt": render_markdown(exercise.prompt[language], language, context_id=f"ex-{exercise.stem}").html,
        "hints": exercise.hints[:shown],
        "hints_shown": shown,
        "hints_left": len(exercise.hints) - shown,
        "text": text,
        "rows": min(max(text.count("\n") + 2, 8), 30),
        "gutter": range(1, max(text.rstrip("\n").count("\n") + 2, 2)),
        "attempts": attempts,
        "best": best,
        "assignment": assignment,
        "limit": MAX_SUBMISSION_CHARS,
        "result": None,
        "submission": None,
        "bad_lines": [],
        "results": [],
        "oob": False,
        **extra,
    }


def exercise_detail(request: HttpRequest, slug: str, stem: str) -> HttpResponse:
    exercise = _get_exercise(slug, stem)
    template = "lessons/exercise.html"
    if request.htmx and "hints" in request.GET:
        template += "#hints"
    return render(request, template, _context(request, exercise))


@require_POST
def exercise_submit(request: HttpRequest, slug: str, stem: str) -> HttpResponse:
    exercise = _get_exercise(slug, stem)
    text = request.POST.get("text", "")  # anything else posted (a "score", say) is ignored
    result, submission = do_submit(request.user, exercise, text)
    context = _context(
        request, exercise, text=text, result=result, submission=submission, hints_shown=_hints_shown(request, exercise)
    )
    context.update(
        {
            "results": result.validation,
            "block_id": "exercise",
            "bad_lines": result.bad_lines,
            "valid": bool(result.validation) and all(r.valid for r in result.validation),
            "too_long": False,
            "oob": bool(request.htmx),
        }
    )
    template = "lessons/exercise.html#result" if request.htmx else "lessons/exercise.html"
    return render(request, template, context)
