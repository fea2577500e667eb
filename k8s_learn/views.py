from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation


def root_redirect(request: HttpRequest) -> HttpResponse:
    """Send `/` to `/ko/` or `/en/` by Accept-Language, Korean when unsure."""
    language = translation.get_language_from_request(request, check_path=False)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    return redirect(f"/{language}/")


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")
