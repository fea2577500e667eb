"""ASGI entry point: HTTP through Django (returning readers' lesson pages through k8s_learn.lesson_pages), websockets through Channels."""

import os
import threading

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "k8s_learn.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from classroom.routing import websocket_urlpatterns as classroom_routes  # noqa: E402
from k8s_learn.lesson_pages import LessonPages  # noqa: E402
from sandbox.routing import websocket_urlpatterns as sandbox_routes  # noqa: E402


def _prerender_lesson_pages() -> None:
    import logging

    from django.db import connections

    from lessons.views import prerender_pages

    try:
        prerender_pages()
    except Exception:  # a broken lesson shows up on its own page, with Django's error handling
        logging.getLogger(__name__).exception("pre-rendering the lesson pages failed")
    finally:
        connections.close_all()


if not settings.DEBUG and settings.LESSON_FAST_PATH:  # pages are rendered per process only without DEBUG
    threading.Thread(target=_prerender_lesson_pages, name="prerender-lessons", daemon=True).start()

application = ProtocolTypeRouter(
    {
        "http": LessonPages(django_asgi_app),
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(sandbox_routes + classroom_routes))),
    }
)
