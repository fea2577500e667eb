"""Repeat visits to lesson pages, served in front of Django's request handling.

Django costs ~4 ms of CPU for a lesson page under daphne, most of it in the request machinery (asgiref starts
a thread for every request, middleware, signals) rather than in the page; daphne itself costs ~0.2 ms. A
reader who has seen a page before already has everything it needs: a session, a CSRF cookie and a progress
row. For such a GET, `LessonPages` does the same work as the middleware and `lessons.views.lesson_detail`,
without the machinery: it loads the session and the user as `SessionMiddleware` and
`AuthenticationMiddleware` would, reads (never writes) the progress row, fills the reader's parts into the
page shell that the view itself uses (`lessons.views.lesson_page`), and passes the response through the
real middleware's `process_response`, so headers and the renewed CSRF cookie are Django's own.

Anything else goes to Django untouched: other paths and methods, query strings, a first visit (no session,
no CSRF cookie or no progress row yet: Django writes them), pending messages, a session that does not load
or whose login does not verify, any error. With a middleware in settings.MIDDLEWARE that it does not know,
or LESSON_FAST_PATH off (the default with DEBUG on), it does nothing at all.
"""

from __future__ import annotations

import asyncio
import io
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model, load_backend
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import DisallowedHost
from django.contrib.sessions.backends import db
from django.core.handlers.asgi import ASGIRequest
from django.core.signals import setting_changed
from django.db import close_old_connections, connections, router
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import CSRF_SECRET_LENGTH, get_token, invalid_token_chars_re
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

LESSON_PATH = re.compile(r"/(?P<language>[a-z]{2})/lessons/(?P<slug>[\w-]+)/")

# The middleware a lesson page passes through, and what becomes of each here. The request side is done by
# hand (below); the response side is the middleware's own `process_response`.
KNOWN_MIDDLEWARE = {
    "django.middleware.security.SecurityMiddleware": "response",  # request side: the HTTPS redirect (not needed)
    "django.contrib.sessions.middleware.SessionMiddleware": "response",  # request side: the session, loaded here
    "django.middleware.locale.LocaleMiddleware": "response",  # request side: the language of the path
    "django.middleware.common.CommonMiddleware": "response",  # request side: redirects a lesson path never needs
    "django.middleware.csrf.CsrfViewMiddleware": "response",  # request side: the cookie's secret, checked here
    "django.contrib.auth.middleware.AuthenticationMiddleware": "none",  # the user, loaded here
    "django.contrib.messages.middleware.MessageMiddleware": "none",  # pending messages send the page to Django
    "django.middleware.clickjacking.XFrameOptionsMiddleware": "response",
    "django_htmx.middleware.HtmxMiddleware": "none",  # lesson pages look the same to htmx
    "whitenoise.middleware.WhiteNoiseMiddleware": "none",  # static files only
}
MESSAGE_STORAGES = {  # where pending messages can be, and so what sends a page to Django
    "django.contrib.messages.storage.fallback.FallbackStorage",
    "django.contrib.messages.storage.cookie.CookieStorage",
    "django.contrib.messages.storage.session.SessionStorage",
}
MESSAGES_SESSION_KEY = "_messages"  # SessionStorage's key


class LessonPages:
    """ASGI middleware: serves a returning reader's lesson page itself, everything else through `app`."""

    def __init__(self, app):
        self.app = app
        # One thread does the database work of every page this process serves: it keeps its connection, and
        # the pages do not wait for a thread to start.
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lesson-pages")

    async def __call__(self, scope, receive, send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and not scope.get("query_string")
            and not scope.get("root_path")
            and LESSON_PATH.fullmatch(scope["path"])
            and enabled()
        ):
            response = await asyncio.get_running_loop().run_in_executor(self.executor, serve, scope)
            if response is not None:
                headers, body = response
                await send({"type": "http.response.start", "status": 200, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


def enabled() -> bool:
    return settings.LESSON_FAST_PATH and _middleware_known(tuple(settings.MIDDLEWARE))


@lru_cache(maxsize=4)
def _middleware_known(middleware: tuple[str, ...]) -> bool:
    unknown = [path for path in middleware if path not in KNOWN_MIDDLEWARE]
    if unknown:
        logger.warning("lesson pages go through Django only: the fast path does not know middleware %s", unknown)
    return not unknown


def serve(scope: dict) -> tuple[list[tuple[bytes, bytes]], bytes] | None:
    """The response headers and body, or None when Django must serve the request."""
    close_old_connections()  # what Django does around each request
    try:
        return _serve(scope)
    except Exception:
        logger.exception("the lesson page fast path failed on %s; Django serves it", scope["path"])
        return None


def _serve(scope: dict) -> tuple[list[tuple[bytes, bytes]], bytes] | None:
    from lessons.models import LessonProgress
    from lessons.progress import VISITOR_KEY
    from lessons.views import Reader, course, find_lesson, lesson_page

    request = _plain_request(scope)
    if request is None:
        return None
    session = _session(request.COOKIES.get(settings.SESSION_COOKIE_NAME))
    if session is None or MESSAGES_SESSION_KEY in session:
        return None
    user = _user(session)
    if user is None:
        return None
    if not user.is_authenticated and not session.get(VISITOR_KEY):
        return None  # the view gives the visitor an id first
    lessons = course()
    index = find_lesson(lessons, LESSON_PATH.fullmatch(scope["path"])["slug"])
    if index is None:
        return None
    # The record lessons.progress.mark_read keeps for this reader.
    if user.is_authenticated:
        record = first(LessonProgress, lesson=lessons[index].slug, user_id=user.pk)
    else:
        record = first(LessonProgress, lesson=lessons[index].slug, visitor=session[VISITOR_KEY], user_id=None)
    if record is None or record.read_at is None:
        return None  # a first visit: the view marks the lesson read

    request.session, request.user = session, user
    language = request.LANGUAGE_CODE
    with translation.override(language):
        reader = Reader(user=user, csrf_token=get_token(request), record=record, path=request.get_full_path())
        response = HttpResponse(lesson_page(lessons, index, language, reader))
        for middleware in _response_middleware():
            response = middleware.process_response(request, response)
    if session.modified:  # nothing above writes to it; if something did, Django must save it
        return None
    headers = [(name.encode("ascii"), value.encode("latin1")) for name, value in response.items()]
    headers += [(b"Set-Cookie", cookie.output(header="").encode("ascii").strip()) for cookie in response.cookies.values()]
    return headers, response.content


def _plain_request(scope: dict) -> ASGIRequest | None:
    """The request, if nothing in it or in the settings needs Django: the checks the middleware would make."""
    language = LESSON_PATH.fullmatch(scope["path"])["language"]
    if language not in {code for code, _ in settings.LANGUAGES} or settings.MESSAGE_STORAGE not in MESSAGE_STORAGES:
        return None
    if settings.CSRF_USE_SESSIONS or settings.SESSION_SAVE_EVERY_REQUEST or settings.DISALLOWED_USER_AGENTS:
        return None
    request = ASGIRequest(scope, io.BytesIO())
    if request.META.get("CONTENT_LENGTH") or request.META.get("HTTP_TRANSFER_ENCODING"):
        return None
    try:
        request.get_host()  # CommonMiddleware's check of ALLOWED_HOSTS
    except DisallowedHost:
        return None
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return None
    csrf_secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    if len(csrf_secret) != CSRF_SECRET_LENGTH or invalid_token_chars_re.search(csrf_secret):
        return None  # no cookie yet, or an old or broken one that CsrfViewMiddleware replaces
    if request.COOKIES.get(CookieStorage.cookie_name):  # pending messages (an emptied cookie holds none)
        return None
    request.LANGUAGE_CODE = language  # what LocaleMiddleware sets
    request.META["CSRF_COOKIE"] = csrf_secret  # what CsrfViewMiddleware sets
    return request


@lru_cache(maxsize=1)
def _response_middleware() -> list:
    """Instances of the middleware whose process_response a lesson page goes through, innermost first."""
    return [import_string(path)(_no_view) for path in reversed(settings.MIDDLEWARE) if KNOWN_MIDDLEWARE[path] == "response"]


def _no_view(request):  # the middleware are only asked for process_response
    raise AssertionError("not called")


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    _middleware_known.cache_clear()
    _response_middleware.cache_clear()
    _select.cache_clear()


def first(model, **equal):
    """`model.objects.filter(**equal).first()` for a filter that matches at most one row, without the ORM's query
    building (~0.3 ms of CPU, most of a lesson page's here); `None` values match NULL. The row comes through
    `raw()`, so its fields are converted from the database as usual."""
    names = tuple(sorted(equal))
    connection = connections[router.db_for_read(model)]
    fields = [model._meta.get_field(name) for name in names]
    params = [field.get_db_prep_value(equal[name], connection) for name, field in zip(names, fields) if equal[name] is not None]
    sql = _select(model, tuple((field.column, equal[name] is None) for name, field in zip(names, fields)), connection.alias)
    return next(iter(model.objects.using(connection.alias).raw(sql, params)), None)


@lru_cache(maxsize=32)
def _select(model, columns: tuple[tuple[str, bool], ...], alias: str) -> str:
    quote = connections[alias].ops.quote_name
    where = " AND ".join(f"{quote(column)} IS NULL" if is_null else f"{quote(column)} = %s" for column, is_null in columns)
    selected = ", ".join(quote(field.column) for field in model._meta.concrete_fields)
    return f"SELECT {selected} FROM {quote(model._meta.db_table)} WHERE {where}"


class _DatabaseSessionStore(db.SessionStore):
    """The database session engine's store, reading its row through `first`."""

    # Session data is signed with a salt made of the store's class name: read what db.SessionStore writes.
    key_salt = "django.contrib.sessions." + db.SessionStore.__qualname__

    def _get_session_from_db(self):
        session = first(self.model, session_key=self.session_key)
        if session is None or session.expire_date <= timezone.now():  # what the engine's own query asks
            self._session_key = None
            return None
        return session


def _session(key: str | None):
    """The stored session with this key, as SessionMiddleware loads it; None if there is none (or it expired)."""
    if not key:
        return None
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        session = _DatabaseSessionStore(key)
    else:
        session = import_module(settings.SESSION_ENGINE).SessionStore(key)
    loaded = dict(session.items())  # loads (and caches) it; a missing or expired session clears the key
    if session.session_key is None or session.modified or not loaded:
        return None
    return session


def _user(session) -> object | None:
    """The session's user as `django.contrib.auth.get_user` finds it, or None when that would change the session.

    get_user flushes a session whose password hash no longer verifies, and re-keys one that verifies only with a
    SECRET_KEY_FALLBACKS key; such requests go to Django, which does that.
    """
    if SESSION_KEY not in session:
        return AnonymousUser()
    backend_path = session.get(BACKEND_SESSION_KEY)
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return None
    user = load_backend(backend_path).get_user(get_user_model()._meta.pk.to_python(session[SESSION_KEY]))
    if user is None:
        return None
    if hasattr(user, "get_session_auth_hash"):
        stored = session.get(HASH_SESSION_KEY)
        if not stored or not constant_time_compare(stored, user.get_session_auth_hash()):
            return None
    return user
