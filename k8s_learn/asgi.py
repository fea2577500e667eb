"""ASGI entry point: HTTP through Django (returning readers' lesson pages through k8s_learn.lesson_pages), websockets through Channels."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "k8s_learn.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from classroom.routing import websocket_urlpatterns as classroom_routes  # noqa: E402
from k8s_learn.lesson_pages import LessonPages  # noqa: E402
from sandbox.routing import websocket_urlpatterns as sandbox_routes  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": LessonPages(django_asgi_app),
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(sandbox_routes + classroom_routes))),
    }
)
