"""Sandbox pages: the playground, a sandbox by id, new/reset, the live diagram, the lesson widget."""

from __future__ import annotations

import hashlib

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lessons.content import get_lesson

from . import services
from .access import get_sandbox_and_mode, get_sandbox_for, learner_for
from .diagrams import DiagramError, cluster_dot, dot_to_svg
from .models import Sandbox


def _language() -> str:
    return services.language_of(get_language())


def narration() -> dict:
    """What live.js writes on the page, in the page's language (templates use {caller}, {verb}, {kind}, {name})."""
    return {
        "narration": {
            "call": _("{caller} asks the API server to {verb} {kind} {name}."),
            "bind": _("The scheduler asks the API server to bind pod {name} to a node."),
            "etcd.read": _("The API server reads {kind} {name} from etcd."),
            "etcd.write": _("The API server writes {kind} {name} to etcd."),
            "etcd.delete": _("The API server deletes {kind} {name} from etcd."),
            "runtime": _("The kubelet on {node} asks the container runtime to {verb} {name}."),
            "other": _("{caller} talks to {callee}: {verb} {kind} {name}."),
        },
        "verbs": {
            "get": _("get"),
            "list": _("list"),
            "watch": _("watch"),
            "create": _("create"),
            "update": _("update"),
            "patch": _("patch"),
            "delete": _("delete"),
            "read": _("read"),
            "write": _("write"),
            "pull": _("pull the image for"),
            "start": _("start"),
            "stop": _("stop"),
            "kill": _("kill"),
        },
        "ui": {
            "connecting": _("Connecting…"),
            "live": _("Live"),
            "readonly": _("Read-only"),
            "offline": _("Disconnected: reconnecting…"),
            "closed": _("Closed"),
            "no_pods": _("No pods"),
            "unscheduled": _("Not scheduled"),
            "not_ready": "NotReady",
            "cordoned": "SchedulingDisabled",
            "restarts": _("restarts"),
            "selected": _("Selected:"),
            "nothing_selected": _("Click a pod or a node to choose what the fault acts on."),
            "no_trace": _("Run a command to see how the control plane handles it."),
            "step_of": _("step {n} of {total}"),
            "applied": _("Applied."),
            "line_col": _("line {line}, column {column}"),
            "hint": _("Hint"),
            "paused": _("Paused"),
        },
    }


def _page(request: HttpRequest, sandbox: Sandbox, mode: str = "drive") -> HttpResponse:
    watching = mode != "drive"
    mine = [] if watching else Sandbox.objects.filter(**learner_for(request).owner_fields).order_by("-updated")[:10]
    context = {
        "sandbox": sandbox,
        "lang": _language(),
        "nav": "sandbox",
        "compact": False,
        "watching": watching,
        "i18n": narration(),
        "mine": mine,
    }
    return render(request, "sandbox/playground.html", context)


def playground(request: HttpRequest) -> HttpResponse:
    return _page(request, services.get_or_create_sandbox(request, Sandbox.Context.PLAYGROUND))


def detail(request: HttpRequest, sandbox_id) -> HttpResponse:
    """The owner's sandbox to drive, or a student's sandbox for their instructor to watch read-only."""
    sandbox, mode = get_sandbox_and_mode(request, sandbox_id)
    return _page(request, sandbox, mode)


@require_POST
def new(request: HttpRequest) -> HttpResponse:
    sandbox = services.new_sandbox(learner_for(request).owner_fields)
    return redirect("sandbox:detail", sandbox_id=sandbox.pk)


@require_POST
def reset(request: HttpRequest, sandbox_id) -> HttpResponse:
    sandbox = get_sandbox_for(request, sandbox_id)
    outcome = services.reset_sandbox(sandbox)
    services.publish(sandbox.pk, outcome)
    if request.htmx:
        return HttpResponse(status=204)  # the page redraws from the websocket's reset
    return redirect("sandbox:detail", sandbox_id=sandbox.pk)


@require_GET
def diagram(request: HttpRequest, sandbox_id) -> HttpResponse:
    """The object graph as sanitised SVG; rendered once per distinct graph (graphviz output is cached by content)."""
    sandbox = get_sandbox_for(request, sandbox_id, drive=False)
    source = cluster_dot(services.cluster_objects(sandbox))
    etag = '"' + hashlib.sha256(source.encode("utf-8")).hexdigest()[:32] + '"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponse(status=304, headers={"ETag": etag})
    try:
        svg = dot_to_svg(source)
    except DiagramError as error:
        svg = f'<p class="diagram-error">{_("The diagram could not be drawn:")} {error}</p>'
    return HttpResponse(
        svg, content_type="image/svg+xml; charset=utf-8", headers={"ETag": etag, "Cache-Control": "private, no-cache"}
    )


@require_POST
def lesson_widget(request: HttpRequest, slug: str) -> HttpResponse:
    """The compact live widget for a lesson page: the learner's one sandbox for this lesson."""
    if get_lesson(slug) is None:
        raise Http404("no such lesson")
    sandbox = services.get_or_create_sandbox(request, Sandbox.Context.LESSON, slug)
    context = {"sandbox": sandbox, "lang": _language(), "compact": True, "i18n": narration()}
    return render(request, "sandbox/_live.html", context)
