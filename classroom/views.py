"""Classes, join links, assignments and the gradebook.

Every view loads through one access helper per model, so who may see what lives in one place:
an instructor manages only their own classes, a student sees only their own work, and everyone
else gets a 404 (never a 403 that would confirm the class exists).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lessons.exercises import get_exercise
from lessons.grading import result_from_json
from lessons.models import Submission

from . import gradebook, live
from .forms import AssignmentForm, ClassForm
from .models import Class, Membership
from .roles import is_instructor


def _language() -> str:
    return "en" if (get_language() or "ko").startswith("en") else "ko"


def _get_class_for_instructor(request: HttpRequest, class_id: int) -> Class:
    return get_object_or_404(Class, id=class_id, instructor=request.user)


def _get_class_for_member(request: HttpRequest, class_id: int) -> Class:
    """The class, for its instructor or one of its students; 404 for anyone else."""
    klass = get_object_or_404(Class.objects.select_related("instructor"), id=class_id)
    if klass.instructor_id != request.user.id and not klass.has_member(request.user):
        raise Http404("no such class")
    return klass


def _get_submission_for_viewer(request: HttpRequest, klass: Class, submission_id: int) -> Submission:
    """A class member's submission, for the class's instructor or for the student who made it."""
    submission = get_object_or_404(Submission.objects.select_related("user"), id=submission_id)
    if not klass.memberships.filter(student_id=submission.user_id).exists():
        raise Http404("no such submission")
    if klass.instructor_id != request.user.id and submission.user_id != request.user.id:
        raise Http404("no such submission")
    return submission


@login_required
def classes(request: HttpRequest) -> HttpResponse:
    instructor = is_instructor(request.user)
    form = ClassForm(request.POST or None) if instructor else None
    if request.method == "POST":
        if form is None:
            raise Http404("only instructors create classes")
        if form.is_valid():
            klass = form.save(commit=False)
            klass.instructor = request.user
            klass.save()
            messages.success(request, _("Class created. Share its join link with your students."))
            return redirect(klass)
    context = {
        "instructor": instructor,
        "form": form,
        "nav": "classes",
        "taught": Class.objects.filter(instructor=request.user) if instructor else [],
        "joined": Class.objects.filter(memberships__student=request.user).select_related("instructor"),
    }
    return render(request, "classroom/classes.html", context)


@login_required
def class_detail(request: HttpRequest, class_id: int) -> HttpResponse:
    klass = _get_class_for_member(request, class_id)
    if klass.instructor_id == request.user.id:
        return _instructor_page(request, klass, AssignmentForm(language=_language()))
    assignments, rows = gradebook.grid(klass, students=[request.user])
    context = {"klass": klass, "rows": list(zip(assignments, rows[0].cells)), "lang": _language(), "nav": "classes"}
    return render(request, "classroom/class_student.html", context)


def _instructor_page(request: HttpRequest, klass: Class, form: AssignmentForm, status: int = 200) -> HttpResponse:
    context = {
        **live.grid_context(klass),
        "form": form,
        "lang": _language(),
        "join_url": request.build_absolute_uri(klass.join_path()),
        "nav": "classes",
    }
    template = "classroom/class_instructor.html"
    if request.htmx and request.method == "GET":
        template += "#grid"  # the fallback refresh while the websocket is down (live.py renders the same partial)
    return render(request, template, context, status=status)


@login_required
@require_POST
def add_assignment(request: HttpRequest, class_id: int) -> HttpResponse:
    klass = _get_class_for_instructor(request, class_id)
    form = AssignmentForm(request.POST, language=_language())
    if not form.is_valid():
        return _instructor_page(request, klass, form, status=400)
    assignment = form.save(commit=False)
    assignment.klass = klass
    assignment.save()
    live.notify_class_changed(klass.id)
    messages.success(request, _("Assignment added."))
    return redirect(klass)


@login_required
@require_POST
def remove_assignment(request: HttpRequest, class_id: int, assignment_id: int) -> HttpResponse:
    klass = _get_class_for_instructor(request, class_id)
    get_object_or_404(klass.assignments, id=assignment_id).delete()
    live.notify_class_changed(klass.id)
    messages.success(request, _("Assignment removed."))
    return redirect(klass)


def join(request: HttpRequest, code: str) -> HttpResponse:
    klass = Class.objects.filter(join_code=code).select_related("instructor").first()
    if klass is None:
        return render(request, "classroom/join_invalid.html", {"nav": "classes"}, status=404)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if klass.instructor_id == request.user.id or klass.has_member(request.user):
        return redirect(klass)
    if request.method == "POST":
        _membership, created = Membership.objects.get_or_create(klass=klass, student=request.user)
        if created:
            live.notify_class_changed(klass.id)
        messages.success(request, _("You joined %(name)s.") % {"name": klass.name})
        return redirect(klass)
    return render(request, "classroom/join.html", {"klass": klass, "nav": "classes"})


@login_required
def gradebook_csv(request: HttpRequest, class_id: int) -> HttpResponse:
    klass = _get_class_for_instructor(request, class_id)
    response = HttpResponse(gradebook.gradebook_csv(klass), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="gradebook-{klass.id}.csv"'
    return response


@login_required
def submission_detail(request: HttpRequest, class_id: int, submission_id: int) -> HttpResponse:
    klass = _get_class_for_member(request, class_id)
    submission = _get_submission_for_viewer(request, klass, submission_id)
    exercise = get_exercise(submission.exercise)
    others = Submission.objects.filter(user=submission.user, exercise=submission.exercise).only(
        "id", "score", "max_score", "created", "late"
    )
    context = {
        "klass": klass,
        "submission": submission,
        "exercise": exercise,
        "lang": _language(),
        "nav": "classes",
        "result": result_from_json(submission.results),
        "others": others,
        "stale": exercise is not None and exercise.content_hash != submission.content_hash,
        "watch_sandbox": (
            live.latest_sandboxes([submission.user_id]).get(submission.user_id)
            if klass.instructor_id == request.user.id
            else None
        ),
    }
    return render(request, "classroom/submission.html", context)
